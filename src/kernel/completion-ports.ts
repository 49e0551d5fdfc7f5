/**
 * I/O completion ports: kernel objects that queue a packet for each completed operation of the
 * sockets associated with them, for GetQueuedCompletionStatus to hand out (rules PORT-*).
 *
 * A port is shared by every handle that names it, like an event object. A socket's association
 * belongs to the underlying socket, not to the descriptor it was made through (observed fact
 * 10: an AcceptEx on a WSADuplicateSocket copy completes on the port associated through the
 * original, with the original's key). Packets are handed out in the order they were queued.
 */
import type {
  CompletionPacket,
  CompletionPortRecord,
  HandleEntry,
  IoRecord,
  KernelState,
  PortId,
} from "./state.js";
import { trieGet } from "./trie.js";
import type { Writer } from "./writer.js";

type PortHandle = Extract<HandleEntry, { kind: "port" }>;

/** A new port with one reference; the caller places the handle. */
export function newPort(w: Writer): PortId {
  const root = w.root();
  const id = root.nextPortId;
  root.nextPortId += 1;
  const port: CompletionPortRecord = { id, refCount: 1, packets: [] };
  w.setIn(root, "completionPorts", id, port);
  return id;
}

export function portById(state: KernelState, id: PortId): CompletionPortRecord {
  const port = trieGet(state.completionPorts, id);
  if (port === undefined) {
    throw new Error(`kernel invariant: a handle names port ${id}, which does not exist`);
  }
  return port;
}

/** One more handle names the port (inheritance, DuplicateHandle). */
export function addPortReference(w: Writer, id: PortId): void {
  const port = w.editIn<CompletionPortRecord>(w.root(), "completionPorts", id);
  if (port === undefined) throw new Error(`kernel invariant: no port ${id} to reference`);
  port.refCount += 1;
}

/** A handle to the port was closed; the last one destroys it and its packets. */
export function dropPortReference(w: Writer, entry: PortHandle): void {
  const port = w.editIn<CompletionPortRecord>(w.root(), "completionPorts", entry.port);
  if (port === undefined) throw new Error(`kernel invariant: no port ${entry.port} to release`);
  port.refCount -= 1;
  if (port.refCount === 0) w.deleteIn(w.root(), "completionPorts", entry.port);
}

/** Appends a packet to the port's queue (a port whose handles are all closed takes none). */
export function queuePacket(w: Writer, id: PortId, packet: CompletionPacket): void {
  const port = w.editIn<CompletionPortRecord>(w.root(), "completionPorts", id);
  if (port === undefined) return;
  port.packets = [...port.packets, packet];
}

/**
 * The packet a completed operation queues, if any: its socket must be associated with a port
 * (looked up now: an association made after the operation started counts, observed fact 84),
 * and hEvent's low bit must be clear (PORT-NO-PACKET).
 */
export function packetFor(
  state: KernelState,
  record: IoRecord,
): { port: PortId; packet: CompletionPacket } | undefined {
  if (record.noPacket) return undefined;
  const completion = trieGet(state.sockets, record.socket)?.completion;
  if (completion === undefined) return undefined;
  return {
    port: completion.port,
    packet: {
      key: completion.key,
      bytes: record.bytes,
      overlapped: record.overlapped,
      status: record.status,
    },
  };
}

/** Whether a port takes over the operation, so that its thread's exit leaves it (IO-THREAD-EXIT). */
export function portTakesOver(state: KernelState, record: IoRecord): boolean {
  return (
    record.event === null &&
    !record.noPacket &&
    trieGet(state.sockets, record.socket)?.completion !== undefined
  );
}
