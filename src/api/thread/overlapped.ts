/**
 * The facade's scatter/gather and overlapped calls: WSARecv, WSASend, WSAGetOverlappedResult
 * (kernel: src/kernel/calls/overlapped.ts; rules IO-*).
 *
 * An operation left pending writes the caller's memory when it completes, possibly during
 * another thread's step: the simulation's OverlappedMemory copies the result into the
 * WSAOVERLAPPED, the WSABUFs and lpFlags then, as Windows writes them.
 */
import { SOCKET_ERROR } from "../../constants/values.js";
import type {
  Blocked,
  BuffersArg,
  OverlappedArg,
  OverlappedResult,
  Pending,
  Transferred,
} from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import {
  fieldWritable,
  INVALID_POINTER,
  type IntArg,
  type InvalidPointer,
  intPointer,
  isIntRef,
  outPointer,
} from "../memory.js";
import { scatter } from "../overlapped-memory.js";
import { type CompletionRoutine, routineAddress } from "../routines.js";
import { WSABUF, WSAOVERLAPPED } from "../structs.js";
import { asPassed } from "./arguments.js";
import { ThreadHandles } from "./handles.js";

export type WsabufArg = readonly WSABUF[] | null | InvalidPointer;
export type OverlappedPtr = WSAOVERLAPPED | null | InvalidPointer;

export abstract class ThreadOverlapped extends ThreadHandles {
  // ---- Scatter/gather and overlapped I/O ----------------------------------------------------

  /**
   * WSARecv. Returns 0, SOCKET_ERROR (WSA_IO_PENDING for an operation left pending), or BLOCKED.
   * With lpOverlapped and lpCompletionRoutine, the routine is queued to this thread when the
   * operation completes, even at once, and runs in its next alertable wait (rule APC-ROUTINE).
   */
  WSARecv(
    s: number,
    lpBuffers: WsabufArg,
    dwBufferCount: number,
    lpNumberOfBytesRecvd: IntArg,
    lpFlags: IntArg,
    lpOverlapped: OverlappedPtr = null,
    lpCompletionRoutine: CompletionRoutine | null = null,
  ): number | Blocked {
    this.ready("WSARecv");
    const args = [
      s,
      lpBuffers,
      dwBufferCount,
      asPassed(lpNumberOfBytesRecvd),
      asPassed(lpFlags),
      lpOverlapped,
      lpCompletionRoutine ?? null,
    ];
    const buffers = buffersArg(lpBuffers, cDword(dwBufferCount), false);
    const overlapped = this.#overlappedArg(lpOverlapped);
    const outcome = kernel.wsaRecv(this.sim.state, this.ctx, {
      s: cHandle(s),
      buffers,
      bytes: outPointer(lpNumberOfBytesRecvd),
      flags: intPointer(lpFlags),
      overlapped,
      routine: routineAddress(this.sim, lpCompletionRoutine),
    });
    const used = usedBuffers(lpBuffers, cDword(dwBufferCount));
    this.#remember(outcome, lpOverlapped, used, isIntRef(lpFlags) ? lpFlags : null);
    return this.blocking("WSARecv", args, outcome, (ok, value) => {
      if (!ok) return SOCKET_ERROR;
      const done = value as Transferred;
      // An overlapped completion reaches the buffers through the simulation's memory.
      if (done.io === undefined) {
        if (done.data !== undefined) scatter(done.data, used);
        if (isIntRef(lpFlags)) lpFlags.value = done.flags;
      }
      if (isIntRef(lpNumberOfBytesRecvd)) lpNumberOfBytesRecvd.value = done.bytes;
      return 0;
    });
  }

  /**
   * WSASend. Returns 0, SOCKET_ERROR or BLOCKED; lpCompletionRoutine as for WSARecv
   * (rule APC-ROUTINE).
   */
  WSASend(
    s: number,
    lpBuffers: WsabufArg,
    dwBufferCount: number,
    lpNumberOfBytesSent: IntArg,
    dwFlags: number,
    lpOverlapped: OverlappedPtr = null,
    lpCompletionRoutine: CompletionRoutine | null = null,
  ): number | Blocked {
    this.ready("WSASend");
    const args = [
      s,
      lpBuffers,
      dwBufferCount,
      asPassed(lpNumberOfBytesSent),
      dwFlags,
      lpOverlapped,
      lpCompletionRoutine ?? null,
    ];
    const outcome = kernel.wsaSend(this.sim.state, this.ctx, {
      s: cHandle(s),
      buffers: buffersArg(lpBuffers, cDword(dwBufferCount), true),
      bytes: outPointer(lpNumberOfBytesSent),
      flags: cInt(dwFlags),
      overlapped: this.#overlappedArg(lpOverlapped),
      routine: routineAddress(this.sim, lpCompletionRoutine),
    });
    this.#remember(outcome, lpOverlapped, null, null);
    return this.blocking("WSASend", args, outcome, (ok, value) => {
      if (!ok) return SOCKET_ERROR;
      if (isIntRef(lpNumberOfBytesSent)) lpNumberOfBytesSent.value = (value as Transferred).bytes;
      return 0;
    });
  }

  /**
   * WSAGetOverlappedResult: TRUE (1) or FALSE (0); with fWait it may block until the operation
   * completes (BLOCKED, finished by `await`). The last error is the status's (rule IO-RESULT).
   */
  WSAGetOverlappedResult(
    s: number,
    lpOverlapped: OverlappedPtr,
    lpcbTransfer: IntArg,
    fWait: number | boolean,
    lpdwFlags: IntArg,
  ): number | Blocked {
    this.ready("WSAGetOverlappedResult");
    const wait = typeof fWait === "boolean" ? fWait : cInt(fWait) !== 0;
    const args = [s, lpOverlapped, asPassed(lpcbTransfer), wait, asPassed(lpdwFlags)];
    let overlapped: kernel.OverlappedResultArgs["overlapped"];
    if (lpOverlapped === null || lpOverlapped === undefined) overlapped = { kind: "null" };
    else if (!(lpOverlapped instanceof WSAOVERLAPPED)) overlapped = { kind: "invalid" };
    else
      overlapped = {
        kind: "overlapped",
        address: this.sim.memory.addressOf(lpOverlapped),
        internal: cDword(lpOverlapped.Internal),
        internalHigh: cDword(lpOverlapped.InternalHigh),
        offset: cDword(lpOverlapped.Offset),
      };
    const outcome = kernel.wsaGetOverlappedResult(this.sim.state, this.ctx, {
      s: cHandle(s),
      overlapped,
      wait,
    });
    return this.blocking("WSAGetOverlappedResult", args, outcome, (ok, value, output) => {
      // FALSE for a failed operation writes its count and flags too; WSA_IO_INCOMPLETE does not.
      const result = (ok ? value : output) as OverlappedResult | undefined;
      if (result !== undefined) {
        if (isIntRef(lpcbTransfer)) lpcbTransfer.value = result.bytes;
        if (isIntRef(lpdwFlags)) lpdwFlags.value = result.flags;
      }
      return ok ? 1 : 0;
    });
  }

  #overlappedArg(lpOverlapped: OverlappedPtr): OverlappedArg {
    if (lpOverlapped === null || lpOverlapped === undefined) return { kind: "null" };
    if (!(lpOverlapped instanceof WSAOVERLAPPED) || !writableOverlapped(lpOverlapped))
      return { kind: "invalid" };
    return {
      kind: "overlapped",
      address: this.sim.memory.addressOf(lpOverlapped),
      hEvent: cHandle(lpOverlapped.hEvent),
    };
  }

  /** An operation the call started: its memory is written now or when it completes. */
  #remember(
    outcome: kernel.Outcome<Transferred | Pending | Blocked>,
    lpOverlapped: OverlappedPtr,
    buffers: readonly WSABUF[] | null,
    flags: { value: number } | null,
  ): void {
    if (!(lpOverlapped instanceof WSAOVERLAPPED)) return;
    const value = outcome.ok ? outcome.value : outcome.output;
    let seq: number | undefined;
    if (value === kernel.BLOCKED) {
      // A socket made without WSA_FLAG_OVERLAPPED: the thread waits for the operation it
      // started, the latest one with this OVERLAPPED (IO-NOT-OVERLAPPED).
      seq = kernel.findIo(outcome.state, this.pid, this.sim.memory.addressOf(lpOverlapped))?.seq;
    } else if (typeof value === "object" && value !== null && "pending" in value) {
      seq = (value as Pending).pending;
    } else {
      seq = (value as Transferred | undefined)?.io;
    }
    if (seq === undefined) return;
    this.sim.memory.issued({ pid: this.pid, overlapped: lpOverlapped, seq, buffers, flags });
  }
}

/** The first `count` WSABUFs, when they are all readable; otherwise none. */
function usedBuffers(lpBuffers: WsabufArg, count: number): readonly WSABUF[] {
  if (!Array.isArray(lpBuffers) || count > lpBuffers.length) return [];
  return (lpBuffers as readonly WSABUF[]).slice(0, count);
}

/**
 * The WSABUF array as the kernel sees it: invalid when the array or one of the first `count`
 * entries points outside the caller's memory (a buf shorter than its len, or not a buffer).
 */
function buffersArg(lpBuffers: WsabufArg, count: number, gather: boolean): BuffersArg {
  if (lpBuffers === null || lpBuffers === undefined) return { kind: "null" };
  if (lpBuffers === INVALID_POINTER || !Array.isArray(lpBuffers) || count > lpBuffers.length)
    return { kind: "invalid" };
  const lengths: number[] = [];
  const parts: Uint8Array[] = [];
  for (const wsabuf of (lpBuffers as readonly unknown[]).slice(0, count)) {
    if (!(wsabuf instanceof WSABUF)) return { kind: "invalid" };
    const len = cDword(wsabuf.len);
    if (len > 0 && (!(wsabuf.buf instanceof Uint8Array) || wsabuf.buf.length < len))
      return { kind: "invalid" };
    lengths.push(len);
    if (gather && len > 0) parts.push((wsabuf.buf as Uint8Array).subarray(0, len));
  }
  const data = new Uint8Array(lengths.reduce((sum, n) => sum + n, 0));
  if (gather) {
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
  }
  return { kind: "buffers", lengths, data: gather ? data : new Uint8Array(0) };
}

/** Windows writes Internal when the operation starts: a read-only OVERLAPPED is WSAEFAULT. */
function writableOverlapped(o: WSAOVERLAPPED): boolean {
  return fieldWritable(o, "Internal") && fieldWritable(o, "InternalHigh");
}
