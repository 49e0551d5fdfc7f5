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
  type Buffer,
  bufferPointer,
  bufferWithin,
  fieldWritable,
  INVALID_POINTER,
  type IntArg,
  type InvalidPointer,
  intPointer,
  isIntRef,
  outPointer,
} from "../memory.js";
import { type Issued, type OverlappedMemory, scatter, writeFrom } from "../overlapped-memory.js";
import { type CompletionRoutine, routineAddress } from "../routines.js";
import { WSABUF, WSAOVERLAPPED } from "../structs.js";
import { asPassed } from "./arguments.js";
import { ThreadHandles } from "./handles.js";

export type WsabufArg = readonly WSABUF[] | null | InvalidPointer;
export type OverlappedPtr = WSAOVERLAPPED | null | InvalidPointer;

/** The parameters WSARecv and WSARecvFrom share. */
interface ReceiveCall {
  readonly s: number;
  readonly lpBuffers: WsabufArg;
  readonly dwBufferCount: number;
  readonly lpNumberOfBytesRecvd: IntArg;
  readonly lpFlags: IntArg;
  readonly lpOverlapped: OverlappedPtr;
}

/** The parameters WSASend and WSASendTo share. */
interface SendCall {
  readonly s: number;
  readonly lpBuffers: WsabufArg;
  readonly dwBufferCount: number;
  readonly lpNumberOfBytesSent: IntArg;
  readonly dwFlags: number;
  readonly lpOverlapped: OverlappedPtr;
}

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
    const args = [
      s,
      lpBuffers,
      dwBufferCount,
      asPassed(lpNumberOfBytesRecvd),
      asPassed(lpFlags),
      lpOverlapped,
      lpCompletionRoutine ?? null,
    ];
    const call: ReceiveCall = {
      s,
      lpBuffers,
      dwBufferCount,
      lpNumberOfBytesRecvd,
      lpFlags,
      lpOverlapped,
    };
    return this.#receive("WSARecv", args, call, undefined, lpCompletionRoutine ?? null);
  }

  /**
   * WSARecvFrom: WSARecv that writes the sender's address to lpFrom and its length to
   * *lpFromlen, on a datagram socket, when the datagram is taken: at once, or for an overlapped
   * operation when it completes (so both must stay valid until then). lpCompletionRoutine as for WSARecv. Returns 0, SOCKET_ERROR or BLOCKED.
   */
  WSARecvFrom(
    s: number,
    lpBuffers: WsabufArg,
    dwBufferCount: number,
    lpNumberOfBytesRecvd: IntArg,
    lpFlags: IntArg,
    lpFrom: Buffer,
    lpFromlen: IntArg,
    lpOverlapped: OverlappedPtr = null,
    lpCompletionRoutine: CompletionRoutine | null = null,
  ): number | Blocked {
    const args = [
      s,
      lpBuffers,
      dwBufferCount,
      asPassed(lpNumberOfBytesRecvd),
      asPassed(lpFlags),
      lpFrom,
      asPassed(lpFromlen),
      lpOverlapped,
      lpCompletionRoutine,
    ];
    const call: ReceiveCall = {
      s,
      lpBuffers,
      dwBufferCount,
      lpNumberOfBytesRecvd,
      lpFlags,
      lpOverlapped,
    };
    return this.#receive("WSARecvFrom", args, call, { lpFrom, lpFromlen }, lpCompletionRoutine);
  }

  /** WSARecv and WSARecvFrom: one path, the address only for the latter. */
  #receive(
    name: "WSARecv" | "WSARecvFrom",
    args: readonly unknown[],
    call: ReceiveCall,
    source: { lpFrom: Buffer; lpFromlen: IntArg } | undefined,
    lpCompletionRoutine: CompletionRoutine | null,
  ): number | Blocked {
    this.ready(name);
    const { s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, lpOverlapped } = call;
    const buffers = buffersArg(lpBuffers, cDword(dwBufferCount), false);
    const overlapped = this.#overlappedArg(lpOverlapped);
    const request = {
      s: cHandle(s),
      buffers,
      bytes: outPointer(lpNumberOfBytesRecvd),
      flags: intPointer(lpFlags),
      overlapped,
      routine: routineAddress(this.sim, lpCompletionRoutine),
    };
    const outcome =
      source === undefined
        ? kernel.wsaRecv(this.sim.state, this.ctx, request)
        : kernel.wsaRecvFrom(this.sim.state, this.ctx, {
            ...request,
            from: { name: bufferPointer(source.lpFrom), namelen: intPointer(source.lpFromlen) },
          });
    const used = usedBuffers(lpBuffers, cDword(dwBufferCount));
    const from =
      source?.lpFrom instanceof Uint8Array
        ? { name: source.lpFrom, namelen: isIntRef(source.lpFromlen) ? source.lpFromlen : null }
        : null;
    this.#remember(outcome, lpOverlapped, used, isIntRef(lpFlags) ? lpFlags : null, from);
    return this.blocking(name, args, outcome, (ok, value, output) => {
      const done = (ok ? value : output) as (Transferred & { count?: number }) | undefined;
      // An overlapped completion reaches the buffers through the simulation's memory. A
      // datagram cut short (WSAEMSGSIZE) fills them all the same (recv's rule, NET-DATAGRAM).
      if (done !== undefined && done.io === undefined) {
        if (done.data !== undefined) scatter(done.data, used);
        if (done.from !== undefined && from !== null) writeFrom(done.from, from.name, from.namelen);
        if (ok && isIntRef(lpFlags)) lpFlags.value = done.flags;
      }
      if (!ok) return SOCKET_ERROR;
      if (isIntRef(lpNumberOfBytesRecvd)) lpNumberOfBytesRecvd.value = (done as Transferred).bytes;
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
    const args = [
      s,
      lpBuffers,
      dwBufferCount,
      asPassed(lpNumberOfBytesSent),
      dwFlags,
      lpOverlapped,
      lpCompletionRoutine ?? null,
    ];
    const call: SendCall = {
      s,
      lpBuffers,
      dwBufferCount,
      lpNumberOfBytesSent,
      dwFlags,
      lpOverlapped,
    };
    return this.#send("WSASend", args, call, undefined, lpCompletionRoutine ?? null);
  }

  /**
   * WSASendTo: WSASend to lpTo (iTolen bytes) on a datagram socket, read as sendto reads it;
   * ignored on a stream socket. lpCompletionRoutine as for WSASend.
   * Returns 0, SOCKET_ERROR or BLOCKED.
   */
  WSASendTo(
    s: number,
    lpBuffers: WsabufArg,
    dwBufferCount: number,
    lpNumberOfBytesSent: IntArg,
    dwFlags: number,
    lpTo: Buffer,
    iTolen: number,
    lpOverlapped: OverlappedPtr = null,
    lpCompletionRoutine: CompletionRoutine | null = null,
  ): number | Blocked {
    const args = [
      s,
      lpBuffers,
      dwBufferCount,
      asPassed(lpNumberOfBytesSent),
      dwFlags,
      lpTo,
      iTolen,
      lpOverlapped,
      lpCompletionRoutine,
    ];
    const call: SendCall = {
      s,
      lpBuffers,
      dwBufferCount,
      lpNumberOfBytesSent,
      dwFlags,
      lpOverlapped,
    };
    return this.#send("WSASendTo", args, call, { lpTo, iTolen }, lpCompletionRoutine);
  }

  /** WSASend and WSASendTo: one path, the address only for the latter. */
  #send(
    name: "WSASend" | "WSASendTo",
    args: readonly unknown[],
    call: SendCall,
    target: { lpTo: Buffer; iTolen: number } | undefined,
    lpCompletionRoutine: CompletionRoutine | null,
  ): number | Blocked {
    this.ready(name);
    const { s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpOverlapped } = call;
    const request = {
      s: cHandle(s),
      buffers: buffersArg(lpBuffers, cDword(dwBufferCount), true),
      bytes: outPointer(lpNumberOfBytesSent),
      flags: cInt(dwFlags),
      overlapped: this.#overlappedArg(lpOverlapped),
      routine: routineAddress(this.sim, lpCompletionRoutine),
    };
    const outcome =
      target === undefined
        ? kernel.wsaSend(this.sim.state, this.ctx, request)
        : kernel.wsaSendTo(this.sim.state, this.ctx, {
            ...request,
            to: {
              name: bufferWithin(target.lpTo, cInt(target.iTolen)),
              namelen: cInt(target.iTolen),
            },
          });
    this.#remember(outcome, lpOverlapped, null, null, null);
    return this.blocking(name, args, outcome, (ok, value) => {
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
    return overlappedArg(this.sim.memory, lpOverlapped);
  }

  /** An operation the call started: its memory is written now or when it completes. */
  #remember(
    outcome: kernel.Outcome<Transferred | Pending | Blocked>,
    lpOverlapped: OverlappedPtr,
    buffers: readonly WSABUF[] | null,
    flags: { value: number } | null,
    from: Issued["from"],
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
    this.sim.memory.issued({ pid: this.pid, overlapped: lpOverlapped, seq, buffers, flags, from });
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

/** lpOverlapped as the kernel sees it: NULL, unwritable, or an address with its hEvent. */
export function overlappedArg(
  memory: OverlappedMemory,
  lpOverlapped: OverlappedPtr,
): OverlappedArg {
  if (lpOverlapped === null || lpOverlapped === undefined) return { kind: "null" };
  if (!(lpOverlapped instanceof WSAOVERLAPPED) || !writableOverlapped(lpOverlapped))
    return { kind: "invalid" };
  return {
    kind: "overlapped",
    address: memory.addressOf(lpOverlapped),
    hEvent: cHandle(lpOverlapped.hEvent),
  };
}
