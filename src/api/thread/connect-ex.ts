/**
 * The facade's ConnectEx and DisconnectEx (mswsock extension functions; kernel:
 * src/kernel/calls/connect-ex.ts; rules CONNECTEX-*, DISCONNECTEX-*).
 *
 * A C program reaches them through pointers that WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)
 * hands out; here they are methods of the thread, shaped like the pointers' types
 * (LPFN_CONNECTEX, LPFN_DISCONNECTEX). Both return TRUE (1) or FALSE (0), with the error in the
 * thread's last error; an operation left pending is ERROR_IO_PENDING (997), and its result
 * reaches the WSAOVERLAPPED when it completes, as for WSARecv.
 */
import type { Blocked, OverlappedArg, Pending } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import {
  type Buffer,
  bufferWithin,
  fieldWritable,
  INVALID_POINTER,
  type IntArg,
} from "../memory.js";
import { WSAOVERLAPPED } from "../structs.js";
import { ThreadAcceptEx } from "./accept-ex.js";
import { asPassed } from "./arguments.js";
import type { OverlappedPtr } from "./overlapped.js";

export abstract class ThreadConnectEx extends ThreadAcceptEx {
  // ---- ConnectEx and DisconnectEx -------------------------------------------------------------

  /**
   * ConnectEx: FALSE (0) with ERROR_IO_PENDING when the connect starts; the operation completes
   * once the connection is established and lpSendBuffer's dwSendDataLength bytes have gone out
   * (their count is the operation's), or with the refusal. lpdwBytesSent is only written by a
   * call that returns TRUE, which Windows does not do on a loopback connect (rule CONNECTEX-PENDING).
   */
  ConnectEx(
    s: number,
    name: Buffer,
    namelen: number,
    lpSendBuffer: Buffer,
    dwSendDataLength: number,
    lpdwBytesSent: IntArg,
    lpOverlapped: OverlappedPtr,
  ): number {
    this.ready("ConnectEx");
    const args = [
      s,
      name,
      namelen,
      lpSendBuffer,
      dwSendDataLength,
      asPassed(lpdwBytesSent),
      lpOverlapped,
    ];
    const length = cInt(namelen);
    const sendLength = cDword(dwSendDataLength);
    const sendBuffer = bufferWithin(lpSendBuffer, sendLength);
    const outcome = kernel.connectEx(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferWithin(name, length),
      namelen: length,
      // dwSendDataLength is ignored when lpSendBuffer is NULL (ConnectEx page).
      send:
        sendBuffer.kind === "buffer"
          ? { kind: "buffer", data: sendBuffer.bytes.subarray(0, sendLength) }
          : sendBuffer,
      overlapped: this.#overlappedArgument(lpOverlapped),
    });
    this.#started(outcome, lpOverlapped);
    // Refused for the socket's state, the call has already written STATUS_PENDING (CONNECTEX-STATE).
    if (!outcome.ok && lpOverlapped instanceof WSAOVERLAPPED) {
      const refusal = outcome.output as kernel.ConnectExRefusal | undefined;
      if (refusal?.internalPending === true) lpOverlapped.Internal = kernel.STATUS_PENDING;
    }
    this.commit("ConnectEx", args, outcome, 0);
    return 0;
  }

  /**
   * DisconnectEx: with an OVERLAPPED, FALSE (0) with ERROR_IO_PENDING and an operation that
   * completes with 0 bytes once the FIN has left (and with TF_REUSE_SOCKET the peer's FIN has
   * arrived); without one, TRUE (1) then, and BLOCKED until then (rules DISCONNECTEX*).
   */
  DisconnectEx(
    s: number,
    lpOverlapped: OverlappedPtr,
    dwFlags: number,
    dwReserved: number,
  ): number | Blocked {
    this.ready("DisconnectEx");
    const args = [s, lpOverlapped, dwFlags, dwReserved];
    const outcome = kernel.disconnectEx(this.sim.state, this.ctx, {
      s: cHandle(s),
      overlapped: this.#overlappedArgument(lpOverlapped),
      flags: cDword(dwFlags),
      reserved: cDword(dwReserved),
    });
    this.#started(outcome, lpOverlapped);
    return this.blocking("DisconnectEx", args, outcome, (ok) => (ok ? 1 : 0));
  }

  /** lpOverlapped as the kernel sees it; Windows writes Internal, so a read-only one is invalid. */
  #overlappedArgument(lpOverlapped: OverlappedPtr): OverlappedArg {
    if (lpOverlapped === null || lpOverlapped === undefined) return { kind: "null" };
    if (
      lpOverlapped === INVALID_POINTER ||
      !(lpOverlapped instanceof WSAOVERLAPPED) ||
      !fieldWritable(lpOverlapped, "Internal") ||
      !fieldWritable(lpOverlapped, "InternalHigh")
    )
      return { kind: "invalid" };
    return {
      kind: "overlapped",
      address: this.sim.memory.addressOf(lpOverlapped),
      hEvent: cHandle(lpOverlapped.hEvent),
    };
  }

  /** An operation the call started: its OVERLAPPED is written now or when it completes. */
  #started(outcome: kernel.Outcome<unknown>, lpOverlapped: OverlappedPtr): void {
    if (!(lpOverlapped instanceof WSAOVERLAPPED) || outcome.ok) return;
    const pending = outcome.output as Pending | undefined;
    if (typeof pending?.pending !== "number") return;
    this.sim.memory.issued({
      pid: this.pid,
      overlapped: lpOverlapped,
      seq: pending.pending,
      buffers: null,
      flags: null,
    });
  }
}
