/**
 * Event objects: WSACreateEvent, WSACloseEvent, WSASetEvent, WSAResetEvent.
 *
 * They live in the process's handle table beside sockets, which is what makes a handle of the
 * wrong kind an error (rule HANDLE-KIND). Waiting on them, and the notification machinery that
 * signals them, come with WSAEventSelect.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { INVALID_SOCKET } from "../../constants/values.js";
import { releaseDescriptor, requireStarted } from "../descriptors.js";
import { newEvent, setSignalled } from "../event-objects.js";
import { allocateHandle, lookupHandle } from "../handles.js";
import type { CallContext } from "../processes.js";
import type { HandleValue, KernelState, ProcessRecord } from "../state.js";
import { fail, type Outcome, transactWith } from "../transaction.js";
import { refuseProtected } from "./handle-calls.js";

/** WSACreateEvent: a manual-reset event, not signalled, usable only in this process (EVENT-OBJECT). */
export function createEvent(state: KernelState, ctx: CallContext): Outcome<HandleValue> {
  return transactWith(state, (w, why) => {
    requireStarted(state, ctx);
    why.cite("EVENT-OBJECT");
    // Never inheritable (WSACreateEvent page; rule HANDLE-INHERIT-DEFAULT).
    return allocateHandle(w, ctx.pid, {
      kind: "event",
      event: newEvent(w, true),
      inheritable: false,
      origin: "created",
    });
  });
}

/**
 * WSACloseEvent is CloseHandle. On an event it closes the event; on a socket descriptor it
 * closes the handle behind Winsock's back, which Windows allows (rule EVENT-CLOSE-HANDLE).
 */
export function closeEvent(state: KernelState, ctx: CallContext, h: number): Outcome<void> {
  return transactWith(state, (w, why) => {
    const process = requireStarted(state, ctx);
    // CloseHandle of the current-process or current-thread pseudo handle ((HANDLE)-1, which is
    // INVALID_SOCKET's value, and (HANDLE)-2) "has no effect" and succeeds (GetCurrentProcess
    // and GetCurrentThread pages): TRUE, nothing closed, the last error left as it was.
    if (isPseudoHandle(h)) {
      why.cite("EVENT-OBJECT");
      return;
    }
    const entry = lookupHandle(process as ProcessRecord, h);
    if (entry === undefined) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "EVENT-OBJECT");
    refuseProtected(entry);
    why.cite("EVENT-CLOSE-HANDLE");
    releaseDescriptor(w, ctx.pid, h, why);
  });
}

/**
 * GetCurrentProcess() and GetCurrentThread(): (HANDLE)-1 and (HANDLE)-2. INVALID_SOCKET
 * (2^64 - 1) is the first as a 64-bit value; a caller may also pass the signed numbers.
 */
function isPseudoHandle(h: number): boolean {
  return h === -1 || h === -2 || h === INVALID_SOCKET;
}

/** WSASetEvent and WSAResetEvent: only event handles qualify (rule EVENT-OBJECT). */
export function signalEvent(
  state: KernelState,
  ctx: CallContext,
  h: number,
  signalled: boolean,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    const process = requireStarted(state, ctx);
    const entry = lookupHandle(process as ProcessRecord, h);
    if (entry?.kind !== "event") fail(WSA_ERRORS.WSA_INVALID_HANDLE, "EVENT-OBJECT");
    why.cite("EVENT-OBJECT");
    setSignalled(w, entry.event, signalled);
  });
}
