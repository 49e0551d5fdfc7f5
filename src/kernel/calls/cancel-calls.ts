/**
 * CancelIo and CancelIoEx on a socket handle (kernel32; rule IO-CANCEL). A cancelled operation
 * completes like any other, with STATUS_CANCELLED: its OVERLAPPED is written, its event set, and
 * its packet queued on the socket's port.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { lookupHandle } from "../handles.js";
import { cancelMatchingIo } from "../io.js";
import { type CallContext, requireProcess } from "../processes.js";
import type { KernelState, SocketId } from "../state.js";
import { fail, type Outcome, transactWith } from "../transaction.js";

function socketOf(state: KernelState, ctx: CallContext, h: number): SocketId {
  const entry = lookupHandle(requireProcess(state, ctx.pid), h);
  if (entry?.kind !== "socket") fail(WSA_ERRORS.WSA_INVALID_HANDLE, "IO-CANCEL");
  return entry.socket;
}

/** CancelIo: the calling thread's operations on the socket; TRUE even when there are none. */
export function cancelIo(state: KernelState, ctx: CallContext, h: number): Outcome<number> {
  return transactWith(state, (w, why) => {
    const socket = socketOf(state, ctx, h);
    why.cite("IO-CANCEL");
    return cancelMatchingIo(w, socket, (r) => r.pid === ctx.pid && r.tid === ctx.tid);
  });
}

/**
 * CancelIoEx: this process's operations on the socket, whichever thread issued them, or only the
 * one issued with the OVERLAPPED at `overlapped` (0 for all); FALSE with ERROR_NOT_FOUND when
 * nothing matched.
 */
export function cancelIoEx(
  state: KernelState,
  ctx: CallContext,
  h: number,
  overlapped: number,
): Outcome<number> {
  return transactWith(state, (w, why) => {
    const socket = socketOf(state, ctx, h);
    why.cite("IO-CANCEL");
    const count = cancelMatchingIo(
      w,
      socket,
      (r) => r.pid === ctx.pid && (overlapped === 0 || r.overlapped === overlapped),
    );
    if (count === 0) fail(WSA_ERRORS.ERROR_NOT_FOUND, "IO-CANCEL");
    return count;
  });
}
