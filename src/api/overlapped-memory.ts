/**
 * The caller's memory behind overlapped operations: the OVERLAPPED structures, the buffers and
 * the flags an operation writes when it completes, which may be long after the call returned
 * and during another thread's step (the data "arrives" in the buffers as it does on Windows).
 *
 * Each OVERLAPPED gets an address the first time a call sees it, from a counter of this
 * simulation, so the kernel's records name it the same way on every run. After every step the
 * simulation asks `deliver` to copy the results of operations that completed since into the
 * memory they were issued with.
 */
import type { KernelState } from "../kernel/index.js";
import * as kernel from "../kernel/index.js";
import type { IntRef } from "./memory.js";
import type { WSABUF, WSAOVERLAPPED } from "./structs.js";

export interface Issued {
  readonly pid: number;
  readonly overlapped: WSAOVERLAPPED;
  /** The operation's seq: its record in the kernel's state. */
  readonly seq: number;
  /** Where received bytes go, in order (WSARecv), or null (WSASend). */
  readonly buffers: readonly WSABUF[] | null;
  readonly flags: IntRef | null;
  /** Writes a completed operation's result where its call keeps it (AcceptEx's output buffer). */
  readonly write?: (record: kernel.IoRecord) => void;
  /**
   * WSARecvFrom's lpFrom and lpFromlen, written when the operation completes (the program must
   * keep them valid until then, as on Windows), or null.
   */
  readonly from?: { readonly name: Uint8Array; readonly namelen: IntRef | null } | null;
}

/** Addresses of OVERLAPPEDs start here and go up by the structure's size (32 bytes on x64). */
const FIRST_ADDRESS = 0x10000;
const OVERLAPPED_SIZE = 32;

export class OverlappedMemory {
  readonly #addresses = new WeakMap<WSAOVERLAPPED, number>();
  /** The way back, for GetQueuedCompletionStatus, which hands out an OVERLAPPED's pointer. */
  readonly #objects = new Map<number, WSAOVERLAPPED>();
  #next = FIRST_ADDRESS;
  /** Operations whose results have not been copied yet, by seq. */
  readonly #issued = new Map<number, Issued>();

  /** How many issued operations have results not yet copied into the caller's memory. */
  get outstanding(): number {
    return this.#issued.size;
  }

  addressOf(overlapped: WSAOVERLAPPED): number {
    let address = this.#addresses.get(overlapped);
    if (address === undefined) {
      address = this.#next;
      this.#next += OVERLAPPED_SIZE;
      this.#addresses.set(overlapped, address);
      this.#objects.set(address, overlapped);
    }
    return address;
  }

  /** The OVERLAPPED at `address`, or null for 0 or an address no call has seen. */
  objectAt(address: number): WSAOVERLAPPED | null {
    return this.#objects.get(address) ?? null;
  }

  /** An operation started: its OVERLAPPED says STATUS_PENDING until `deliver` sees it done. */
  issued(operation: Issued): void {
    operation.overlapped.Internal = kernel.STATUS_PENDING;
    this.#issued.set(operation.seq, operation);
  }

  /** Copies every completed operation's results into the memory it was issued with. */
  deliver(state: KernelState): void {
    if (this.#issued.size === 0) return;
    for (const [seq, operation] of this.#issued) {
      const record = kernel.trieGet(state.io, seq);
      // A record that went (its process exited) leaves the memory as it was: it went too.
      if (record === undefined) {
        this.#issued.delete(seq);
        continue;
      }
      if (record.status === kernel.STATUS_PENDING) continue;
      this.#issued.delete(seq);
      const o = operation.overlapped;
      o.Internal = record.status;
      o.InternalHigh = record.bytes;
      o.Offset = record.flags;
      if (operation.flags !== null) operation.flags.value = record.flags;
      if (record.data !== null && operation.buffers !== null)
        scatter(record.data, operation.buffers);
      operation.write?.(record);
      if (record.from !== undefined && operation.from)
        writeFrom(record.from, operation.from.name, operation.from.namelen);
    }
  }
}

/** A sender's address into lpFrom, and its length into *lpFromlen. */
export function writeFrom(from: Uint8Array, name: Uint8Array, namelen: IntRef | null): void {
  name.set(from.subarray(0, Math.min(from.length, name.length)));
  if (namelen !== null) namelen.value = from.length;
}

/** Received bytes into the WSABUFs, each filled before the next. */
export function scatter(data: Uint8Array, buffers: readonly WSABUF[]): void {
  let offset = 0;
  for (const wsabuf of buffers) {
    if (offset >= data.length) return;
    const take = Math.min(wsabuf.len, data.length - offset);
    wsabuf.buf?.set(data.subarray(offset, offset + take));
    offset += take;
  }
}
