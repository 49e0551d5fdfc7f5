/**
 * Which Winsock functions re-enable which events, applied after each call (rule EVT-REENABLE).
 *
 * The re-enabling table is the WSAEventSelect page's: recv, recvfrom, WSARecv and WSARecvFrom
 * re-enable FD_READ and FD_OOB, send, sendto, WSASend and WSASendTo FD_WRITE, accept FD_ACCEPT. An overlapped WSARecv that is
 * left pending re-enables too: AFD clears the socket's reported read event when a receive is
 * queued (Wine's server/sock.c recv_socket does the same). A call re-enables even when it fails (D7).
 * In event mode the re-enabling happens in the provider, so a call that fails its argument checks
 * before reaching it re-enables nothing there; message mode re-enables on every call (observed
 * fact 57: recv with len -1 posts FD_READ again in message mode only).
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { FD_EVENTS } from "../../constants/values.js";
import { lookupHandle } from "../handles.js";
import { type CallContext, findProcess } from "../processes.js";
import type { KernelState } from "../state.js";
import { transactWith } from "../transaction.js";
import { trieGet } from "../trie.js";
import { reenable } from "./record.js";

const REENABLES: Readonly<Record<string, number>> = {
  recv: FD_EVENTS.FD_READ | FD_EVENTS.FD_OOB,
  recvfrom: FD_EVENTS.FD_READ | FD_EVENTS.FD_OOB,
  send: FD_EVENTS.FD_WRITE,
  sendto: FD_EVENTS.FD_WRITE,
  WSARecv: FD_EVENTS.FD_READ | FD_EVENTS.FD_OOB,
  WSARecvFrom: FD_EVENTS.FD_READ | FD_EVENTS.FD_OOB,
  WSASend: FD_EVENTS.FD_WRITE,
  WSASendTo: FD_EVENTS.FD_WRITE,
  accept: FD_EVENTS.FD_ACCEPT,
  // The WSAEventSelect page's table lists AcceptEx with accept (X14).
  AcceptEx: FD_EVENTS.FD_ACCEPT,
};

/** Errors Windows returns before a call reaches the provider: argument checks. */
const ARGUMENT_ERRORS = new Set<number>([
  WSA_ERRORS.WSAEFAULT,
  WSA_ERRORS.WSAEINVAL,
  WSA_ERRORS.WSAEOPNOTSUPP,
]);

/**
 * The state after `call` on descriptor `s` re-enabled its events; `error` is the call's error
 * (0 for success). Returns `state` itself when nothing changes.
 */
export function reenableAfterCall(
  state: KernelState,
  ctx: CallContext,
  call: string,
  s: number,
  error: number,
): { state: KernelState; rules: string[] } {
  const events = REENABLES[call];
  if (events === undefined) return { state, rules: [] };
  const process = findProcess(state, ctx.pid);
  if (process === undefined || process.startupCount === 0) return { state, rules: [] };
  const entry =
    typeof s === "number" && s > 0 && s % 4 === 0 ? lookupHandle(process, s) : undefined;
  if (entry?.kind !== "socket" || entry.pendingDuplication !== null) return { state, rules: [] };
  const socket = trieGet(state.sockets, entry.socket);
  const registration = socket?.notify?.registration ?? null;
  if (socket === undefined || socket.notify === undefined) return { state, rules: [] };
  if (registration?.kind === "event" && ARGUMENT_ERRORS.has(error)) return { state, rules: [] };
  const outcome = transactWith(state, (w, why) => reenable(w, socket.id, events, why));
  return { state: outcome.state, rules: outcome.rules };
}
