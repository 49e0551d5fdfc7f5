/**
 * Immutable byte queues. Every operation returns a new queue; segments are shared, never
 * changed, so a kept snapshot still shows the bytes it had.
 */
import { type ByteQueue, EMPTY_QUEUE, type Segment } from "./types.js";

export function push(queue: ByteQueue, segment: Segment): ByteQueue {
  return { segments: [...queue.segments, segment], bytes: queue.bytes + segment.data.length };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Up to `n` bytes from the front of a stream queue, and the queue without them. */
export function takeBytes(queue: ByteQueue, n: number): { data: Uint8Array; rest: ByteQueue } {
  const count = Math.max(0, Math.min(n, queue.bytes));
  const parts: Uint8Array[] = [];
  let needed = count;
  let index = 0;
  let split: Segment | undefined;
  while (needed > 0) {
    const segment = queue.segments[index] as Segment;
    if (segment.data.length <= needed) {
      parts.push(segment.data);
      needed -= segment.data.length;
      index++;
    } else {
      parts.push(segment.data.subarray(0, needed));
      split = { ...segment, data: segment.data.slice(needed) };
      needed = 0;
      index++;
    }
  }
  const remaining = queue.segments.slice(index);
  const rest: ByteQueue =
    count === queue.bytes && split === undefined
      ? EMPTY_QUEUE
      : {
          segments: split === undefined ? remaining : [split, ...remaining],
          bytes: queue.bytes - count,
        };
  return { data: concat(parts, count), rest };
}

/** The first datagram and the queue without it. */
export function takeDatagram(queue: ByteQueue): { datagram: Segment; rest: ByteQueue } | undefined {
  const datagram = queue.segments[0];
  if (datagram === undefined) return undefined;
  const segments = queue.segments.slice(1);
  return {
    datagram,
    rest:
      segments.length === 0 ? EMPTY_QUEUE : { segments, bytes: queue.bytes - datagram.data.length },
  };
}
