/**
 * The facade's AcceptEx family (mswsock): AcceptEx, GetAcceptExSockaddrs (kernel:
 * src/kernel/calls/accept-ex.ts; rules ACCEPTEX-*).
 *
 * AcceptEx writes lpOutputBuffer when its operation completes, possibly during another thread's
 * step: the simulation's OverlappedMemory copies the data and the two address slots then.
 * GetAcceptExSockaddrs only reads that buffer back, so it needs no kernel.
 */
import type { IoRecord, Pending } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle } from "../args.js";
import {
  INVALID_POINTER,
  type IntArg,
  type InvalidPointer,
  isIntRef,
  outPointer,
} from "../memory.js";
import { WSAOVERLAPPED } from "../structs.js";
import { asPassed } from "./arguments.js";
import { type OverlappedPtr, overlappedArg } from "./overlapped.js";
import { ThreadPorts } from "./ports.js";

/** A `sockaddr**` output: GetAcceptExSockaddrs points it into the AcceptEx buffer. */
export interface SockaddrRef {
  value: Uint8Array | null;
}

export function sockaddrRef(): SockaddrRef {
  return { value: null };
}

/** STATUS_PENDING, which Windows writes into Internal before AcceptEx checks anything. */
const STATUS_PENDING = 0x103;

export abstract class ThreadAcceptEx extends ThreadPorts {
  // ---- AcceptEx ------------------------------------------------------------------------------

  /**
   * AcceptEx: TRUE (1) when a queued connection completed it at once, otherwise FALSE (0) with
   * ERROR_IO_PENDING (997) for an operation left pending, or the error (rules ACCEPTEX-*).
   */
  AcceptEx(
    sListenSocket: number,
    sAcceptSocket: number,
    lpOutputBuffer: Uint8Array | null | InvalidPointer,
    dwReceiveDataLength: number,
    dwLocalAddressLength: number,
    dwRemoteAddressLength: number,
    lpdwBytesReceived: IntArg,
    lpOverlapped: OverlappedPtr,
  ): number {
    this.ready("AcceptEx");
    const args = [
      sListenSocket,
      sAcceptSocket,
      lpOutputBuffer,
      dwReceiveDataLength,
      dwLocalAddressLength,
      dwRemoteAddressLength,
      asPassed(lpdwBytesReceived),
      lpOverlapped,
    ];
    const receive = cDword(dwReceiveDataLength);
    const local = cDword(dwLocalAddressLength);
    const remote = cDword(dwRemoteAddressLength);
    const overlapped = overlappedArg(this.sim.memory, lpOverlapped);
    // Windows marks the OVERLAPPED pending before any check: every failure in Wine's
    // test_AcceptEx, run on Windows, leaves Internal at STATUS_PENDING.
    if (overlapped.kind === "overlapped") {
      const o = lpOverlapped as WSAOVERLAPPED;
      o.Internal = STATUS_PENDING;
      o.InternalHigh = 0;
    }
    let buffer: kernel.AcceptExArgs["buffer"];
    if (lpOutputBuffer === null || lpOutputBuffer === undefined) buffer = { kind: "null" };
    else if (lpOutputBuffer === INVALID_POINTER || !(lpOutputBuffer instanceof Uint8Array))
      buffer = { kind: "invalid" };
    else buffer = { kind: "buffer", length: lpOutputBuffer.length };
    const outcome = kernel.acceptEx(this.sim.state, this.ctx, {
      listen: cHandle(sListenSocket),
      accept: cHandle(sAcceptSocket),
      buffer,
      receiveLength: receive,
      localLength: local,
      remoteLength: remote,
      bytes: outPointer(lpdwBytesReceived),
      overlapped,
    });
    // The operation the call started, pending or completed at once, if it started one.
    const value = (outcome.ok ? outcome.value : outcome.output) as
      | Pending
      | { io: number }
      | undefined;
    const io = value === undefined ? undefined : "pending" in value ? value.pending : value.io;
    if (io !== undefined && lpOverlapped instanceof WSAOVERLAPPED) {
      const out = lpOutputBuffer as Uint8Array;
      this.sim.memory.issued({
        pid: this.pid,
        overlapped: lpOverlapped,
        seq: io,
        buffers: null,
        flags: null,
        write: (record) => writeOutput(out, receive, local, record),
      });
    }
    if (outcome.ok && isIntRef(lpdwBytesReceived)) lpdwBytesReceived.value = outcome.value.bytes;
    const ret = outcome.ok ? 1 : 0;
    this.commit("AcceptEx", args, outcome, ret);
    return ret;
  }

  /**
   * GetAcceptExSockaddrs: points LocalSockaddr and RemoteSockaddr at the addresses in an
   * AcceptEx buffer and writes their lengths. With dwLocalAddressLength 0 the local outputs are
   * left alone (Wine's test_AcceptEx, run on Windows; todo_wine there). A pure function of the
   * buffer: it returns nothing and sets no error.
   */
  GetAcceptExSockaddrs(
    lpOutputBuffer: Uint8Array,
    dwReceiveDataLength: number,
    dwLocalAddressLength: number,
    dwRemoteAddressLength: number,
    LocalSockaddr: SockaddrRef | null,
    LocalSockaddrLength: IntArg,
    RemoteSockaddr: SockaddrRef | null,
    RemoteSockaddrLength: IntArg,
  ): void {
    this.ready("GetAcceptExSockaddrs");
    // The C function reads whatever the pointer names; a facade caller without a buffer gets
    // nothing written rather than a crash.
    if (!(lpOutputBuffer instanceof Uint8Array)) return;
    const receive = cDword(dwReceiveDataLength);
    const local = cDword(dwLocalAddressLength);
    void dwRemoteAddressLength;
    if (local !== 0) readSlot(lpOutputBuffer, receive, LocalSockaddr, LocalSockaddrLength);
    readSlot(lpOutputBuffer, receive + local, RemoteSockaddr, RemoteSockaddrLength);
  }
}

/** One address slot: a 4-byte little-endian length, then the SOCKADDR (accept-ex.ts). */
function readSlot(
  buffer: Uint8Array,
  offset: number,
  address: SockaddrRef | null,
  length: IntArg,
): void {
  if (offset + 4 > buffer.length) return;
  const view = new DataView(buffer.buffer, buffer.byteOffset + offset, 4);
  const size = view.getInt32(0, true);
  if (isIntRef(length)) length.value = size;
  if (address !== null && typeof address === "object")
    address.value = buffer.subarray(offset + 4, Math.min(buffer.length, offset + 4 + size));
}

/** A completed AcceptEx: the data at the start, the address slots after dwReceiveDataLength. */
function writeOutput(out: Uint8Array, receive: number, local: number, record: IoRecord): void {
  if (record.data === null) return;
  const data = record.data;
  out.set(data.subarray(0, record.bytes), 0);
  out.set(data.subarray(record.bytes, record.bytes + local), receive);
  out.set(data.subarray(record.bytes + local), receive + local);
}
