/**
 * Recording, delivering and re-enabling network events (rules EVT-*).
 *
 * The network calls `occur` where an event happens (data arrives, a connection is queued, a FIN or
 * a reset arrives, a connect ends, a datagram socket is bound, send space frees after
 * WSAEWOULDBLOCK). Re-enabling functions call `reenable`. Registrations call `registerEvents` /
 * `registerMessages`. Everything else follows from the state in types.ts.
 */
import { FD_BITS, FD_EVENTS, SOCKET_TYPES } from "../../constants/values.js";
import { socketById } from "../descriptors.js";
import { setSignalled } from "../event-objects.js";
import { lookupHandle } from "../handles.js";
import { hasPendingReceive, pendingAccepts } from "../io.js";
import { optionValue } from "../options/index.js";
import { findProcess } from "../processes.js";
import type { KernelState, SocketId, SocketRecord } from "../state.js";
import type { Citations } from "../transaction.js";
import { editSocket, type Mutable, type Writer } from "../writer.js";
import {
  type DescriptorOf,
  FRESH_NOTIFY,
  type NotifyState,
  type Registration,
  type WindowRecord,
} from "./types.js";

const { FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT, FD_CONNECT, FD_CLOSE } = FD_EVENTS;

/** The bit index of a single FD_ event: FD_x = 1 << FD_x_BIT. */
export function bitIndex(event: number): number {
  return 31 - Math.clz32(event);
}

export function notifyOf(socket: SocketRecord): NotifyState {
  return socket.notify ?? FRESH_NOTIFY;
}

/** The socket's notification state, writable; its `errors` array too when `errors` is set. */
function mutable(w: Writer, id: SocketId, errors = false): Mutable<NotifyState> {
  const socket = editSocket(w, id);
  if (socket.notify === undefined) {
    socket.notify = { ...FRESH_NOTIFY, errors: [...FRESH_NOTIFY.errors] };
    w.own(socket, "notify");
  }
  const state = w.own(socket, "notify");
  if (errors) w.own(state, "errors");
  return state;
}

/** Writes iErrorCode of `event` (the array is writable after mutable(w, id, true)). */
function setError(state: Mutable<NotifyState>, event: number, error: number): void {
  (state.errors as number[])[bitIndex(event)] = error;
}

/** Whether the condition behind a level-triggered event (or FD_WRITE, FD_CLOSE) holds now. */
export function holds(socket: SocketRecord, event: number): boolean {
  const net = socket.net;
  switch (event) {
    case FD_READ:
      return net.receiveQueue.bytes > 0;
    case FD_OOB:
      return net.urgent.bytes > 0;
    case FD_ACCEPT:
      return (net.listener?.queue.length ?? 0) > 0;
    case FD_CLOSE:
      return net.connection !== null && (net.connection.finReceived || net.connection.error !== 0);
    case FD_WRITE:
      return writable(socket);
    default:
      return false;
  }
}

/** A send would be taken now: a connected stream socket below SO_SNDBUF, or any datagram socket. */
export function writable(socket: SocketRecord): boolean {
  if (socket.type !== SOCKET_TYPES.SOCK_STREAM) return !socket.net.sendShutdown;
  const connection = socket.net.connection;
  if (socket.net.phase !== "connected" || connection === null || connection.error !== 0)
    return false;
  return (
    connection.sendQueue.bytes < optionValue(socket, "SO_SNDBUF") ||
    connection.sendQueue.bytes === 0
  );
}

const LEVEL_EVENTS = FD_READ | FD_OOB | FD_ACCEPT;

/** Sets an event object of `pid` (if `handle` is still an event there). */
function signal(w: Writer, pid: number, handle: number): void {
  const process = findProcess(w.state, pid);
  if (process === undefined) return;
  const entry = lookupHandle(process, handle);
  if (entry?.kind === "event") setSignalled(w, entry.event, true);
}

/** WSAMAKESELECTREPLY(event, error): the lParam of a WSAAsyncSelect message. */
export function selectReply(event: number, error: number): number {
  return ((error & 0xffff) << 16) | (event & 0xffff);
}

function post(
  w: Writer,
  registration: Registration & { kind: "window" },
  event: number,
  error: number,
): void {
  const window = w.editIn<WindowRecord>(w.root(), "windows", registration.hwnd / 4);
  if (window === undefined) return;
  // Stamped so that PeekMessage(NULL) can take the oldest message of all the caller's windows.
  const root = w.root();
  const seq = root.nextSeq;
  root.nextSeq = seq + 1;
  window.queue = [
    ...window.queue,
    {
      seq,
      hwnd: registration.hwnd,
      message: registration.message,
      wParam: registration.wParam,
      lParam: selectReply(event, error),
    },
  ];
}

/**
 * Delivers `events` (already recorded) to the registration, each at most once until re-enabled:
 * event mode sets the event object; message mode posts one message per event.
 */
function deliver(w: Writer, id: SocketId, events: number, why: Citations): void {
  const current = notifyOf(socketById(w.state, id));
  const registration = current.registration;
  if (registration === null) return;
  const ready = events & registration.mask & ~current.reported;
  if (ready === 0) return;
  const state = mutable(w, id);
  state.reported |= ready;
  why.cite("EVT-ONCE");
  if (registration.kind === "event") {
    signal(w, registration.pid, registration.event);
    return;
  }
  for (let bit = 0; bit < FD_BITS.FD_MAX_EVENTS; bit++) {
    const event = 1 << bit;
    if ((ready & event) !== 0) post(w, registration, event, state.errors[bit] ?? 0);
  }
}

/** An event happened on `socket`: it is recorded, then delivered if selected (EVT-RECORD). */
export function occur(w: Writer, id: SocketId, event: number, why: Citations, error = 0): void {
  // Data that a pending overlapped receive will take is not reported (fact 60, rule IO-FD-READ).
  if (event === FD_READ && hasPendingReceive(w.state, id)) {
    why.cite("IO-FD-READ");
    return;
  }
  // A connection that a pending AcceptEx will take is not reported (facts 44, 60).
  if (event === FD_ACCEPT && takenByAcceptEx(w.state, id)) {
    why.cite("ACCEPTEX-FD-ACCEPT");
    return;
  }
  const notify = socketById(w.state, id).notify;
  // An event already recorded with the same error changes nothing: nothing is copied then, so
  // the fast path gives the very state the reference path gives (writer.ts), not an equal copy.
  if (
    notify === undefined ||
    (notify.pending & event) === 0 ||
    notify.errors[bitIndex(event)] !== error
  ) {
    const state = mutable(w, id, true);
    state.pending |= event;
    setError(state, event, error);
  }
  why.cite("EVT-RECORD");
  deliver(w, id, event, why);
}

/** Whether every queued connection, the newest included, has a pending AcceptEx to take it. */
function takenByAcceptEx(state: KernelState, id: SocketId): boolean {
  const queued = socketById(state, id).net.listener?.queue.length ?? 0;
  return queued > 0 && pendingAccepts(state, id) >= queued;
}

/**
 * A datagram socket was connected: FD_CONNECT and FD_WRITE are recorded, and in event mode
 * delivered like any event. In message mode Windows posts FD_WRITE only, never FD_CONNECT, and
 * posts it even when FD_WRITE was posted before and not re-enabled since (observed fact 49, Wine
 * test_connect_events on UDP; rule EVT-MESSAGE-MODE).
 */
export function datagramConnected(w: Writer, id: SocketId, why: Citations): void {
  const registration = notifyOf(socketById(w.state, id)).registration;
  if (registration?.kind !== "window") {
    occur(w, id, FD_CONNECT, why);
    occur(w, id, FD_WRITE, why);
    return;
  }
  const state = mutable(w, id, true);
  state.pending |= FD_CONNECT | FD_WRITE;
  setError(state, FD_CONNECT, 0);
  setError(state, FD_WRITE, 0);
  why.cite("EVT-RECORD", "EVT-MESSAGE-MODE");
  if ((registration.mask & FD_WRITE) === 0) return;
  state.reported |= FD_WRITE;
  post(w, registration, FD_WRITE, 0);
}

/** A send was refused with WSAEWOULDBLOCK: the next free space is an FD_WRITE (rule EVT-WRITE). */
export function markWriteBlocked(w: Writer, id: SocketId): void {
  mutable(w, id).writeBlocked = true;
}

/** Level-triggered events whose condition ended leave the record (observed facts 38, 58). */
export function settleRecord(w: Writer, id: SocketId): void {
  const socket = socketById(w.state, id);
  if (socket.notify === undefined) return;
  let pending = socket.notify.pending;
  for (const event of [FD_READ, FD_OOB, FD_ACCEPT]) {
    if ((pending & event) !== 0 && !holds(socket, event)) pending &= ~event;
  }
  if (pending !== socket.notify.pending) mutable(w, id).pending = pending;
}

/**
 * A re-enabling function ran (recv for FD_READ and FD_OOB, send for FD_WRITE, accept for
 * FD_ACCEPT), even one that failed: the events may be delivered again, and a level-triggered one
 * whose condition still holds happens again at once (rules EVT-REENABLE, EVT-LEVEL).
 */
export function reenable(w: Writer, id: SocketId, events: number, why: Citations): void {
  const notify = socketById(w.state, id).notify;
  if (notify === undefined) return;
  if ((notify.reported & events) !== 0) mutable(w, id).reported &= ~events;
  settleRecord(w, id);
  why.cite("EVT-REENABLE");
  for (const event of [FD_READ, FD_OOB, FD_ACCEPT]) {
    if ((events & event) !== 0 && holds(socketById(w.state, id), event)) {
      why.cite("EVT-LEVEL");
      occur(w, id, event, why);
    }
  }
}

/**
 * WSAEventSelect: the new registration replaces any other on the socket; what is recorded and
 * selected is signalled at once. The record itself is kept (observed fact 48, against the
 * WSAEventSelect page, which says it is cleared).
 */
export function registerEvents(
  w: Writer,
  id: SocketId,
  registration: Registration | null,
  why: Citations,
): void {
  const state = mutable(w, id);
  state.registration = registration;
  state.reported = 0;
  why.cite("EVT-ONE-REGISTRATION");
  if (registration !== null) deliver(w, id, state.pending, why);
}

/**
 * WSAAsyncSelect: the new registration replaces any other; messages are posted at once for the
 * conditions that hold now: FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT and FD_CLOSE, never FD_CONNECT
 * (observed facts 31, 46-48, 54, 62; rule EVT-MESSAGE-MODE).
 */
export function registerMessages(
  w: Writer,
  id: SocketId,
  registration: Registration & { kind: "window" },
  why: Citations,
): void {
  const socket = socketById(w.state, id);
  const state = mutable(w, id, true);
  state.registration = registration;
  state.reported = 0;
  why.cite("EVT-ONE-REGISTRATION", "EVT-MESSAGE-MODE");
  for (const event of [FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT, FD_CLOSE]) {
    if ((registration.mask & event) === 0 || !holds(socket, event)) continue;
    const error = event === FD_CLOSE ? closeError(socket) : 0;
    setError(state, event, error);
    state.reported |= event;
    post(w, registration, event, error);
  }
}

/**
 * accept gives the new socket the listener's registration (EVSEL, ASEL; observed fact N13): the
 * same event and mask, or the same window, message and mask with the new descriptor as wParam.
 */
export function inheritRegistration(
  w: Writer,
  listener: SocketRecord,
  accepted: SocketId,
  through: DescriptorOf,
  why: Citations,
): void {
  const registration = notifyOf(listener).registration;
  if (registration === null) return;
  why.cite("EVT-ACCEPT-INHERITS");
  editSocket(w, accepted).nonBlocking = true;
  const inherited: Registration =
    registration.kind === "window"
      ? { ...registration, wParam: through.handle, through }
      : { ...registration, through };
  registerEvents(w, accepted, inherited, why);
}

/** The error FD_CLOSE carries: 0 after a FIN, WSAECONNABORTED after a reset (fact N16). */
export function closeError(socket: SocketRecord): number {
  const error = socket.net.connection?.error ?? 0;
  return error === 0 ? 0 : 10053;
}

export { FD_CONNECT, LEVEL_EVENTS };
