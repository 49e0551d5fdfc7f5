/**
 * Overlapped operations: the records behind an OVERLAPPED (state.io), from issue to completion.
 *
 * An operation belongs to the underlying socket, not to the descriptor it was issued through nor
 * to the thread that issued it: closing a descriptor that is not the socket's last leaves it
 * pending, and the last close cancels it (observed facts 11-13, rule IO-LAST-CLOSE). The thread
 * that issued it matters once: its exit cancels it, as Windows cancels a thread's I/O that no
 * completion port takes over (Wine's afd.c test_async_thread_termination, rule IO-THREAD-EXIT;
 * fact 73, where a port does take it over, waits for completion ports). Its result is what Windows keeps
 * in the OVERLAPPED: an NTSTATUS (Internal), a byte count (InternalHigh) and the flags (Offset),
 * which WSAGetOverlappedResult translates when asked (rule IO-RESULT).
 *
 * A pending operation waits in `blocked` beside the blocked threads, under its own seq, so the
 * kernel's waking (blocking.ts) serves threads and operations on one socket in the order they
 * started waiting. Completing one sets its event (the object hEvent named at issue, which the
 * operation holds a reference to, as the I/O manager does), unless the completion is a
 * WSACleanup's, which Windows documents as cancelling without completion actions (rule IO-CLEANUP).
 */
import { NT_STATUS, NT_STATUS_TO_WSA, WSA_ERRORS, WSA_TO_NT_STATUS } from "../constants/errors.js";
import { queueApc } from "./apc.js";
import { packetFor, portTakesOver, queuePacket } from "./completion-ports.js";
import { addEventReference, setSignalled } from "./event-objects.js";
import type { CallContext } from "./processes.js";
import type { EventId, IoRecord, KernelState, ProcessId, SocketId } from "./state.js";
import { type Citations, KeptFailure } from "./transaction.js";
import { trieEntries, trieGet } from "./trie.js";
import type { Writer } from "./writer.js";

export const { STATUS_PENDING, STATUS_SUCCESS, STATUS_CANCELLED } = NT_STATUS;

/** How an operation ended: the contents Windows leaves in the OVERLAPPED. */
export interface IoResult {
  readonly status: number;
  readonly bytes: number;
  readonly flags: number;
  readonly data: Uint8Array | null;
  /** The sender's address a WSARecvFrom writes to lpFrom when it completes. */
  readonly from?: Uint8Array;
  readonly rules: readonly string[];
}

/** An attempt's answer that is an NTSTATUS for the OVERLAPPED and nothing else. */
export class IoStatus {
  constructor(readonly status: number) {}
}

/**
 * What an operation's attempt gave (bytes sent, data received, or a failure that keeps its data,
 * as a truncated datagram), as the OVERLAPPED's contents.
 */
export function resultOf(value: unknown, rules: readonly string[]): IoResult {
  if (value instanceof KeptFailure) {
    const received = value.output as
      | { count?: number; data?: Uint8Array; from?: Uint8Array }
      | undefined;
    return {
      status: statusOf(value.code),
      bytes: received?.count ?? 0,
      flags: 0,
      data: received?.data ?? null,
      ...(received?.from === undefined ? {} : { from: received.from }),
      rules: [...rules, value.rule],
    };
  }
  if (value instanceof IoStatus) {
    return { status: value.status, bytes: 0, flags: 0, data: null, rules: [...rules] };
  }
  if (typeof value === "number") {
    return { status: STATUS_SUCCESS, bytes: value, flags: 0, data: null, rules: [...rules] };
  }
  const received = value as {
    count: number;
    data: Uint8Array;
    flags?: number;
    from?: Uint8Array;
  };
  return {
    status: STATUS_SUCCESS,
    bytes: received.count,
    flags: received.flags ?? 0,
    data: received.data,
    ...(received.from === undefined ? {} : { from: received.from }),
    rules: [...rules],
  };
}

/** The NTSTATUS an operation that failed with a Winsock error leaves in Internal. */
export function statusOf(error: number): number {
  const status = WSA_TO_NT_STATUS.get(error);
  if (status === undefined) throw new Error(`kernel invariant: no NTSTATUS for error ${error}`);
  return status;
}

export interface IoRequest {
  readonly call: string;
  readonly socket: SocketId;
  readonly overlapped: number;
  readonly event: EventId | null;
  readonly noPacket: boolean;
  /** lpCompletionRoutine's address, or 0 for none (APC-ROUTINE). */
  readonly routine?: number;
  readonly args: unknown;
}

/**
 * The latest operation `pid` issued with the OVERLAPPED at `overlapped`, pending or completed;
 * undefined when none did (the program's own bytes are then all there is).
 */
export function findIo(
  state: KernelState,
  pid: ProcessId,
  overlapped: number,
): IoRecord | undefined {
  let found: IoRecord | undefined;
  for (const [, record] of trieEntries(state.io)) {
    if (record.pid === pid && record.overlapped === overlapped) found = record;
  }
  return found;
}

/** Whether an overlapped receive is waiting on the socket (it takes data before FD_READ). */
export function hasPendingReceive(state: KernelState, socket: SocketId): boolean {
  if (state.io.size === 0) return false;
  for (const [, record] of trieEntries(state.io)) {
    if (record.socket === socket && record.status === STATUS_PENDING && isReceive(record.call))
      return true;
  }
  return false;
}

/** The socket a pending AcceptEx accepts into, or undefined for any other operation. */
export function acceptTargetOf(record: IoRecord): SocketId | undefined {
  if (record.call !== "AcceptEx") return undefined;
  return (record.args as { acceptSocket: SocketId }).acceptSocket;
}

/** Whether a pending AcceptEx accepts into `socket` (a second one is WSAEINVAL). */
export function isAcceptTarget(state: KernelState, socket: SocketId): boolean {
  if (state.io.size === 0) return false;
  for (const [, record] of trieEntries(state.io)) {
    if (record.status === STATUS_PENDING && acceptTargetOf(record) === socket) return true;
  }
  return false;
}

/**
 * How many AcceptEx operations on the listener wait for a connection: each takes one before
 * FD_ACCEPT is recorded for it (facts 44 and 60, rule ACCEPTEX-FD-ACCEPT).
 */
export function pendingAccepts(state: KernelState, listener: SocketId): number {
  if (state.io.size === 0) return 0;
  let count = 0;
  for (const [, record] of trieEntries(state.io)) {
    if (
      record.socket === listener &&
      record.status === STATUS_PENDING &&
      record.call === "AcceptEx" &&
      !(record.args as { taken: boolean }).taken
    )
      count += 1;
  }
  return count;
}

/** The sockets whose change may let a pending operation progress (blocking.ts's wake). */
export function watchedBy(record: IoRecord): readonly SocketId[] {
  const target = acceptTargetOf(record);
  return target === undefined ? [record.socket] : [record.socket, target];
}

export function isReceive(call: string): boolean {
  return call === "WSARecv" || call === "WSARecvFrom";
}

export function isSend(call: string): boolean {
  return call === "WSASend" || call === "WSASendTo";
}

/**
 * Starts an operation: the OVERLAPPED's earlier record goes (the program reuses its memory),
 * Internal becomes STATUS_PENDING, the event is reset (the I/O manager resets hEvent when an
 * operation starts: Wine's test_nonblocking_async_recv sees it unsignalled while the second
 * WSARecv is pending) and referenced. Returns the operation's seq.
 */
export function startIo(w: Writer, ctx: CallContext, request: IoRequest): number {
  // Collected first: deleting edits the trie being walked.
  const earlier = Array.from(trieEntries(w.state.io))
    .filter(([, record]) => record.pid === ctx.pid && record.overlapped === request.overlapped)
    .map(([seq]) => seq);
  for (const seq of earlier) w.deleteIn(w.root(), "io", seq);
  const root = w.root();
  const seq = root.nextSeq;
  root.nextSeq += 1;
  const record: IoRecord = {
    seq,
    call: request.call,
    socket: request.socket,
    pid: ctx.pid,
    tid: ctx.tid,
    overlapped: request.overlapped,
    event: request.event,
    noPacket: request.noPacket,
    ...(request.routine ? { routine: request.routine } : {}),
    args: request.args,
    status: STATUS_PENDING,
    bytes: 0,
    flags: 0,
    data: null,
    rules: [],
  };
  w.setIn(w.root(), "io", seq, record);
  if (request.event !== null) {
    setSignalled(w, request.event, false);
    addEventReference(w, request.event);
  }
  return seq;
}

/** Puts a started operation in the waiting order, to be retried when its socket changes. */
export function waitIo(w: Writer, ctx: CallContext, seq: number): void {
  w.setIn(w.root(), "blocked", seq, { pid: ctx.pid, tid: ctx.tid, io: true });
}

/**
 * Completes an operation: its result goes into the record, it leaves the waiting order, and its
 * event is set (unless `signal` is false) and released.
 */
export function finishIo(w: Writer, seq: number, result: IoResult, signal = true): void {
  const record = trieGet(w.state.io, seq);
  if (record === undefined || record.status !== STATUS_PENDING)
    throw new Error(`kernel invariant: completing operation ${seq}, which is not pending`);
  const done = w.editIn<IoRecord>(w.root(), "io", seq);
  if (done === undefined) throw new Error(`kernel invariant: no operation ${seq}`);
  done.status = result.status;
  done.bytes = result.bytes;
  done.flags = result.flags;
  done.data = result.data;
  if (result.from !== undefined) done.from = result.from;
  done.rules = result.rules;
  w.deleteIn(w.root(), "blocked", seq);
  if (record.event !== null) releaseEvent(w, record.event, signal);
  if (!signal) return;
  // A completion routine replaces the other completion actions: it is queued to the issuing
  // thread, and no packet is queued (APC-ROUTINE; the call refused a socket with a port).
  if (record.routine !== undefined) {
    queueApc(w, record.pid, record.tid, {
      kind: "io",
      routine: record.routine,
      error: routineError(result.status),
      bytes: result.bytes,
      overlapped: record.overlapped,
      flags: result.flags,
    });
    return;
  }
  // A completion with its actions also queues a packet on the socket's port (PORT-PACKET).
  const queued = packetFor(w.state, trieGet(w.state.io, seq) as IoRecord);
  if (queued !== undefined) queuePacket(w, queued.port, queued.packet);
}

/**
 * The dwError a completion routine receives: the Winsock error of the operation's status, as
 * WSAGetOverlappedResult would report it (0 for a success), which is what Windows' Winsock
 * passes (its APC wrapper translates the IO_STATUS_BLOCK's status).
 */
function routineError(status: number): number {
  if (status < 0x80000000) return 0;
  return NT_STATUS_TO_WSA.get(status) ?? WSA_ERRORS.WSAEINVAL;
}

function releaseEvent(w: Writer, id: EventId, signal: boolean): void {
  if (trieGet(w.state.events, id) === undefined) return;
  if (signal) setSignalled(w, id, true);
  const event = w.editIn<{ refCount: number }>(w.root(), "events", id);
  if (event === undefined) return;
  event.refCount -= 1;
  if (event.refCount === 0) w.deleteIn(w.root(), "events", id);
}

/** The pending operations that `keep` selects, in the order they were issued. */
function pendingWhere(state: KernelState, keep: (record: IoRecord) => boolean): number[] {
  const seqs: number[] = [];
  for (const [seq, record] of trieEntries(state.io)) {
    if (record.status === STATUS_PENDING && keep(record)) seqs.push(seq);
  }
  return seqs;
}

const CANCELLED = (rule: string): IoResult => ({
  status: STATUS_CANCELLED,
  bytes: 0,
  flags: 0,
  data: null,
  rules: [rule],
});

/**
 * The socket's last descriptor closed: every operation pending on it completes, once, with
 * STATUS_CANCELLED (WSA_OPERATION_ABORTED), its event set (facts 11-13 and 84; rule
 * IO-LAST-CLOSE).
 */
export function cancelSocketIo(w: Writer, socket: SocketId, why: Citations): void {
  if (w.state.io.size === 0) return;
  // An AcceptEx also ends when the socket it accepts into closes (Wine's test_AcceptEx, "Test
  // closing with pending requests", run on Windows: ERROR_OPERATION_ABORTED).
  const seqs = pendingWhere(
    w.state,
    (record) => record.socket === socket || acceptTargetOf(record) === socket,
  );
  if (seqs.length === 0) return;
  why.cite("IO-LAST-CLOSE");
  // A transfer on a connection ends with the connection: STATUS_CONNECTION_ABORTED (Wine's
  // iocp_async_read_closesocket, run on Windows); anything else is cancelled (AcceptEx, facts
  // 11-13 and 84).
  const connected = trieGet(w.state.sockets, socket)?.net.phase === "connected";
  for (const seq of seqs) {
    const call = (trieGet(w.state.io, seq) as IoRecord).call;
    const aborted = connected && (isReceive(call) || isSend(call));
    finishIo(w, seq, aborted ? ABORTED : CANCELLED("IO-LAST-CLOSE"));
  }
}

const ABORTED: IoResult = {
  status: NT_STATUS.STATUS_CONNECTION_ABORTED,
  bytes: 0,
  flags: 0,
  data: null,
  rules: ["IO-LAST-CLOSE"],
};

/**
 * CancelIo and CancelIoEx: the pending operations on `socket` that `keep` selects complete with
 * STATUS_CANCELLED, their completion actions run (event, packet). Returns how many (IO-CANCEL).
 */
export function cancelMatchingIo(
  w: Writer,
  socket: SocketId,
  keep: (record: IoRecord) => boolean,
): number {
  const seqs = pendingWhere(w.state, (r) => r.socket === socket && keep(r));
  for (const seq of seqs) finishIo(w, seq, CANCELLED("IO-CANCEL"));
  return seqs.length;
}

/**
 * The process's last WSACleanup: its pending operations are cancelled without their events
 * being set (WSACleanup page; rule IO-CLEANUP).
 */
export function cancelProcessIoSilently(w: Writer, pid: ProcessId, why: Citations): void {
  if (w.state.io.size === 0) return;
  const seqs = pendingWhere(w.state, (record) => record.pid === pid);
  if (seqs.length === 0) return;
  why.cite("IO-CLEANUP");
  for (const seq of seqs) finishIo(w, seq, CANCELLED("IO-CLEANUP"), false);
}

/**
 * A thread exited: the operations it issued are cancelled, their events set (rule
 * IO-THREAD-EXIT). Wine's afd.c test_async_thread_termination sees STATUS_CANCELLED and the event
 * signalled for every combination of event and APC when no completion port is involved.
 */
export function cancelThreadIo(w: Writer, ctx: CallContext, why: Citations): void {
  if (w.state.io.size === 0) return;
  // An operation a completion port takes over outlives its thread (observed fact 73).
  const seqs = pendingWhere(
    w.state,
    (r) => r.pid === ctx.pid && r.tid === ctx.tid && !portTakesOver(w.state, r),
  );
  if (seqs.length === 0) return;
  why.cite("IO-THREAD-EXIT");
  for (const seq of seqs) finishIo(w, seq, CANCELLED("IO-THREAD-EXIT"));
}

/** The process ended: its threads' operations were cancelled; its records go with its memory. */
export function forgetProcessIo(w: Writer, pid: ProcessId): void {
  if (w.state.io.size === 0) return;
  const seqs = Array.from(trieEntries(w.state.io))
    .filter(([, record]) => record.pid === pid)
    .map(([seq]) => seq);
  for (const seq of seqs) w.deleteIn(w.root(), "io", seq);
}
