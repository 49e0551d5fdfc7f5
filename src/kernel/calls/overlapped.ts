/**
 * WSARecv, WSARecvFrom, WSASend, WSASendTo and WSAGetOverlappedResult: the scatter/gather calls,
 * with or without an OVERLAPPED (rules IO-*, DGIO-*; the operations' records are io.ts's).
 * WSARecvFrom and WSASendTo are WSARecv and WSASend with an address: one code path serves both,
 * the address mattering only on a datagram socket (rule DGIO-STREAM-ADDRESS).
 *
 * Without an OVERLAPPED they are recv and send over several buffers, blocking as the socket's
 * mode says. With one, on a socket created overlapped (socket() always is, WSASocket with
 * WSA_FLAG_OVERLAPPED), they never block whatever the mode: they complete at once when they can
 * (0, the OVERLAPPED written, the event set) and otherwise return WSA_IO_PENDING, leaving an
 * operation that the socket serves when data or room arrives (Wine's
 * test_nonblocking_async_recv, run on Windows, rule IO-PENDING).
 */
import { NT_STATUS, NT_STATUS_TO_WSA, WSA_ERRORS } from "../../constants/errors.js";
import { MSG_FLAGS, SOCKET_TYPES, WSA_FLAGS } from "../../constants/values.js";
import {
  type Blocked,
  block,
  blockOn,
  OWN_IO,
  Rewait,
  registerAttempt,
  WOULD_BLOCK,
  waitedSocket,
} from "../blocking.js";
import { skipsHandleSignal, skipsPortOnSuccess } from "../completion-modes.js";
import { resolveSocket, socketById } from "../descriptors.js";
import { lookupHandle } from "../handles.js";
import { findIo, finishIo, resultOf, STATUS_PENDING, startIo, statusOf, waitIo } from "../io.js";
import type { BufferPointer, IntPointer, OutPointer } from "../memory.js";
import { sockaddrSize } from "../net/address.js";
import { markWriteBlocked } from "../notify/record.js";
import { optionValue } from "../options/index.js";
import { type CallContext, requireProcess } from "../processes.js";
import type { EventId, KernelState, SocketId, SocketRecord } from "../state.js";
import { type Citations, fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import { trieGet } from "../trie.js";
import { DraftWriter, type Writer } from "../writer.js";
import { readSockaddr } from "./bind.js";
import {
  datagramReceive,
  datagramSend,
  type Received,
  type StreamReceive,
  type StreamSend,
  streamReceive,
  streamSend,
} from "./transfer.js";

const { MSG_OOB, MSG_PEEK, MSG_DONTROUTE, MSG_WAITALL, MSG_PUSH_IMMEDIATE } = MSG_FLAGS;
const RECV_FLAGS = MSG_OOB | MSG_PEEK | MSG_WAITALL | MSG_PUSH_IMMEDIATE;
const SEND_FLAGS = MSG_OOB | MSG_DONTROUTE;

/** The caller's WSABUF array, as the kernel needs to see it. */
export type BuffersArg =
  | { readonly kind: "null" }
  /** An array, or a WSABUF in it, that points outside the caller's memory. */
  | { readonly kind: "invalid" }
  /** WSARecv: the lengths of the buffers, in order; WSASend: their bytes, gathered. */
  | { readonly kind: "buffers"; readonly lengths: readonly number[]; readonly data: Uint8Array };

/** lpOverlapped: NULL, unreadable, or an OVERLAPPED at an address with its hEvent. */
export type OverlappedArg =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  | { readonly kind: "overlapped"; readonly address: number; readonly hEvent: number };

export interface WsaRecvArgs {
  readonly s: number;
  readonly buffers: BuffersArg;
  /** lpNumberOfBytesRecvd. */
  readonly bytes: OutPointer;
  /** lpFlags: read for the flags, written with the flags out. */
  readonly flags: IntPointer;
  readonly overlapped: OverlappedArg;
  /** WSARecvFrom's lpFrom and lpFromlen; absent for WSARecv. */
  readonly from?: { readonly name: BufferPointer; readonly namelen: IntPointer };
  /** lpCompletionRoutine's address (the facade numbers routines), 0 or absent for NULL. */
  readonly routine?: number;
}

export interface WsaSendArgs {
  readonly s: number;
  readonly buffers: BuffersArg;
  /** lpNumberOfBytesSent. */
  readonly bytes: OutPointer;
  readonly flags: number;
  readonly overlapped: OverlappedArg;
  /** WSASendTo's lpTo and iTolen; absent for WSASend. */
  readonly to?: { readonly name: BufferPointer; readonly namelen: number };
  /** lpCompletionRoutine's address, 0 or absent for NULL. */
  readonly routine?: number;
}

/** What WSARecv and WSASend return when they complete at once. */
export interface Transferred {
  readonly bytes: number;
  readonly flags: number;
  /** The bytes received, for the facade to scatter into the buffers (WSARecv). */
  readonly data?: Uint8Array;
  /** The sender's address, for the facade to write to lpFrom (WSARecvFrom on a datagram). */
  readonly from?: Uint8Array;
  /** The operation's seq when it was overlapped (its record holds the OVERLAPPED's contents). */
  readonly io?: number;
}

/** An overlapped call that did not complete at once: WSA_IO_PENDING, with the operation. */
export interface Pending {
  readonly pending: number;
}

interface ReceiveRequest extends StreamReceive {
  readonly stream: boolean;
  /** WSARecvFrom on a datagram socket: the sender's address is taken with the datagram. */
  readonly wantFrom?: boolean;
}

/** One try at a receive; the data, WOULD_BLOCK, Rewait (MSG_WAITALL), or a kept failure. */
function receiveOnce(
  w: Writer,
  id: SocketId,
  request: ReceiveRequest,
  why: Citations,
): Received | Rewait | KeptFailure | typeof WOULD_BLOCK {
  if (request.stream) return streamReceive(w, id, request, why);
  const draft = w.draft();
  const result = datagramReceive(socketById(draft, id), request, request.wantFrom === true, why);
  if (result instanceof KeptFailure && result.code === WSA_ERRORS.WSAEMSGSIZE)
    why.cite("DGIO-TRUNCATED");
  return result;
}

/** What a receive that completed returns to the call (WSARecv's and WSARecvFrom's). */
function transferredOf(received: Received): Transferred {
  const done = { bytes: received.count, flags: 0, data: received.data };
  return received.from === undefined ? done : { ...done, from: received.from };
}

// Two attempts per call: a blocked thread's (the call's own return value) and a pending
// operation's ("io:" + call, the raw result io.ts turns into the OVERLAPPED's contents).

// WSARecvFrom and WSASendTo wait and retry exactly as WSARecv and WSASend: the request says
// whether the sender's address is wanted.
for (const call of ["WSARecv", "WSARecvFrom"]) {
  registerAttempt<ReceiveRequest>(`io:${call}`, (draft, _ctx, id, request, why) => {
    waitedSocket(draft, id);
    return receiveOnce(new DraftWriter(draft), id, request, why);
  });

  registerAttempt<ReceiveRequest | { seq: number }>(call, (draft, _ctx, id, request, why) => {
    if ("seq" in request) return awaitOwnIo(draft as KernelState, request.seq);
    waitedSocket(draft, id);
    const result = receiveOnce(new DraftWriter(draft), id, request, why);
    if (result === WOULD_BLOCK || result instanceof Rewait || result instanceof KeptFailure)
      return result;
    return transferredOf(result);
  });
}

for (const call of ["WSASend", "WSASendTo"]) {
  registerAttempt<StreamSend>(`io:${call}`, (draft, _ctx, id, request, why) => {
    waitedSocket(draft, id);
    return streamSend(new DraftWriter(draft), id, request, true, why);
  });

  registerAttempt<StreamSend | { seq: number }>(call, (draft, _ctx, id, request, why) => {
    if ("seq" in request) return awaitOwnIo(draft as KernelState, request.seq);
    waitedSocket(draft, id);
    const result = streamSend(new DraftWriter(draft), id, request, true, why);
    if (typeof result !== "number") return result;
    return { bytes: result, flags: 0 } satisfies Transferred;
  });
}

/** The event object an OVERLAPPED's hEvent names, or null; its two low bits are tag bits. */
export function eventOf(
  state: KernelState,
  ctx: CallContext,
  overlapped: OverlappedArg,
): EventId | null {
  if (overlapped.kind !== "overlapped" || overlapped.hEvent === 0) return null;
  const process = requireProcess(state, ctx.pid);
  const entry = lookupHandle(process, overlapped.hEvent & ~3);
  // The object manager refuses the handle with STATUS_INVALID_HANDLE, which Windows' table
  // reports as WSAENOTSOCK (rule IO-ARGS).
  if (entry?.kind !== "event") fail(WSA_ERRORS.WSAENOTSOCK, "IO-ARGS");
  return entry.event;
}

/** The checks every WSARecv/WSASend makes before it starts; returns the socket. */
function checkTransfer(
  state: KernelState,
  ctx: CallContext,
  s: number,
  buffers: BuffersArg,
  overlapped: OverlappedArg,
  routine: number,
): SocketRecord {
  const socket = resolveSocket(state, ctx, s) as SocketRecord;
  if (buffers.kind !== "buffers") fail(WSA_ERRORS.WSAEFAULT, "IO-ARGS");
  if (overlapped.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "IO-ARGS");
  // A completion routine on a socket associated with a completion port is refused, before
  // anything is taken or sent (Wine's test_WSARecv, run on Windows: WSAEINVAL, the routine never
  // runs). Without an OVERLAPPED the routine is not used, as the call does not overlap.
  if (routine !== 0 && overlapped.kind === "overlapped" && socket.completion !== undefined)
    fail(WSA_ERRORS.WSAEINVAL, "APC-ROUTINE-PORT");
  return socket;
}

function overlappedSocket(socket: SocketRecord): boolean {
  return (socket.creationFlags & WSA_FLAGS.WSA_FLAG_OVERLAPPED) !== 0;
}

/** A thread that waits for the operation it started (IO-NOT-OVERLAPPED): the call's answer. */
function awaitOwnIo(draft: KernelState, seq: number): Transferred | typeof WOULD_BLOCK {
  const io = trieGet(draft.io, seq);
  if (io === undefined) throw new Error(`kernel invariant: no operation ${seq} to wait for`);
  if (io.status === STATUS_PENDING) return WOULD_BLOCK;
  const result = reportStatus(io.status, io.bytes, io.flags);
  if (!result.ok) fail(result.error, "IO-NOT-OVERLAPPED");
  return { bytes: io.bytes, flags: io.flags, io: seq };
}

/**
 * Starts an overlapped operation that completed or failed at once, or leaves it pending.
 * A failure the attempt throws (a reset connection: fact 86) fails the call itself and starts
 * nothing; a kept failure (a truncated datagram) completes the operation with its status.
 */
function runOverlapped(
  w: Writer,
  ctx: CallContext,
  call: string,
  socket: SocketRecord,
  overlapped: OverlappedArg & { kind: "overlapped" },
  args: unknown,
  first: Received | number | Rewait | KeptFailure | typeof WOULD_BLOCK,
  why: Citations,
  routine: number,
): Transferred | Pending | KeptFailure | Blocked {
  // With a completion routine hEvent is the program's own (the WSARecv page: it is ignored and
  // free for context): Windows neither resets nor sets it (Wine's test_WSARecv, run on Windows,
  // finds the event unsignalled after the routine ran).
  const event = routine === 0 ? eventOf(w.state, ctx, overlapped) : null;
  if (routine !== 0) why.cite("APC-ROUTINE");
  const immediate = first === WOULD_BLOCK || first instanceof Rewait ? undefined : first;
  // A failure with an error status (not a warning such as a cut datagram's) fails the call and
  // starts nothing, as a thrown one does (fact 86): no event, no packet. Its state change (a
  // port-unreachable report consumed) is kept.
  if (immediate instanceof KeptFailure && statusOf(immediate.code) >>> 0 >= 0xc0000000)
    return immediate;
  const result = immediate === undefined ? undefined : resultOf(immediate, why.rules);
  // FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: what completes now without an error status queues no
  // packet; its event is still set (DGIO-SKIP-PORT).
  const skip = result !== undefined && skipsPortOnSuccess(w.state, socket.id, result.status);
  if (skip) why.cite("DGIO-SKIP-PORT");
  const seq = startIo(w, ctx, {
    call,
    socket: socket.id,
    overlapped: overlapped.address,
    event,
    // hEvent with its low bit set asks for no completion packet (PORT-NO-PACKET).
    noPacket: (overlapped.hEvent & 1) !== 0 || skip,
    routine,
    args: first instanceof Rewait ? first.args : args,
  });
  if (result === undefined) {
    waitIo(w, ctx, seq);
    why.cite("IO-PENDING");
    // On a socket made without WSA_FLAG_OVERLAPPED the caller waits for its operation, whatever
    // the socket's mode (Wine's test_nonblocking_async_recv, nonblocking_async_recv_thread).
    if (!overlappedSocket(socket)) {
      why.cite("IO-NOT-OVERLAPPED");
      return blockOn(w.draft(), ctx, call, OWN_IO, { seq }, 0);
    }
    return new KeptFailure(WSA_ERRORS.WSA_IO_PENDING, "IO-PENDING", { pending: seq });
  }
  finishIo(w, seq, result);
  why.cite("IO-IMMEDIATE");
  // A kept failure (a truncated datagram) completed the operation too: its OVERLAPPED is
  // written like any other's, so the facade must know the operation.
  if (immediate instanceof KeptFailure) {
    const output = immediate.output as object | undefined;
    return new KeptFailure(immediate.code, immediate.rule, { ...output, io: seq });
  }
  return {
    bytes: result.bytes,
    flags: 0,
    ...(result.data === null ? {} : { data: result.data }),
    ...(result.from === undefined ? {} : { from: result.from }),
    io: seq,
  };
}

/** WSARecv (rule IO-PENDING for the overlapped form, NET-RECV for the rest). */
export function wsaRecv(
  state: KernelState,
  ctx: CallContext,
  args: WsaRecvArgs,
): Outcome<Transferred | Pending | Blocked> {
  return receive(state, ctx, "WSARecv", args);
}

/**
 * WSARecvFrom: WSARecv that also writes the sender's address to lpFrom and its length to
 * *lpFromlen when a datagram is taken, at once or when the operation completes (DGIO-FROM). On
 * a stream socket both are ignored, whatever they hold (DGIO-STREAM-ADDRESS).
 */
export function wsaRecvFrom(
  state: KernelState,
  ctx: CallContext,
  args: WsaRecvArgs,
): Outcome<Transferred | Pending | Blocked> {
  return receive(state, ctx, "WSARecvFrom", { ...args, from: args.from ?? NO_FROM });
}

const NO_FROM = { name: { kind: "null" }, namelen: { kind: "null" } } as const;

/**
 * Whether the sender's address is wanted: lpFrom given on a datagram socket, with *lpFromlen
 * room for it, else WSAEFAULT (WSARecvFrom page; recvfrom's own check, NET-RECV).
 */
function wantsFrom(socket: SocketRecord, from: WsaRecvArgs["from"]): boolean {
  if (from === undefined || socket.type === SOCKET_TYPES.SOCK_STREAM) return false;
  if (from.name.kind === "null") return false;
  const size = sockaddrSize(socket.af);
  if (from.namelen.kind !== "int" || from.namelen.value < size)
    fail(WSA_ERRORS.WSAEFAULT, "DGIO-FROM");
  if (from.name.kind !== "buffer" || from.name.bytes.length < size)
    fail(WSA_ERRORS.WSAEFAULT, "DGIO-FROM");
  return true;
}

function receive(
  state: KernelState,
  ctx: CallContext,
  call: "WSARecv" | "WSARecvFrom",
  args: WsaRecvArgs,
): Outcome<Transferred | Pending | Blocked> {
  return transactWith(state, (w, why) => {
    const socket = checkTransfer(
      state,
      ctx,
      args.s,
      args.buffers,
      args.overlapped,
      args.routine ?? 0,
    );
    if (args.flags.kind !== "int") fail(WSA_ERRORS.WSAEFAULT, "IO-ARGS");
    const flags = args.flags.value;
    const stream = socket.type === SOCKET_TYPES.SOCK_STREAM;
    // With an OVERLAPPED the call starts an operation: it never waits on a socket made for
    // overlapped I/O (IO-PENDING), and waits for its operation on another (IO-NOT-OVERLAPPED).
    const overlapped = args.overlapped.kind === "overlapped";
    if ((flags & ~RECV_FLAGS) !== 0) fail(WSA_ERRORS.WSAEINVAL, "NET-RECV");
    if (!stream && (flags & (MSG_OOB | MSG_WAITALL)) !== 0)
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-RECV");
    if ((flags & MSG_WAITALL) !== 0 && (flags & (MSG_PEEK | MSG_OOB)) !== 0)
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-RECV");
    if ((flags & MSG_WAITALL) !== 0 && socket.nonBlocking && !overlapped)
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-RECV");
    if (stream && socket.net.receiveShutdown && socket.net.phase === "connected")
      fail(WSA_ERRORS.WSAESHUTDOWN, "NET-SHUTDOWN");
    const buffers = args.buffers as BuffersArg & { kind: "buffers" };
    const len = buffers.lengths.reduce((sum, n) => sum + n, 0);
    const wantFrom = wantsFrom(socket, args.from);
    if (call === "WSARecvFrom" && !wantFrom) why.cite("DGIO-STREAM-ADDRESS");
    const request: ReceiveRequest = {
      len,
      flags: flags & ~MSG_PUSH_IMMEDIATE,
      stream,
      ...(wantFrom ? { wantFrom } : {}),
    };
    const first = receiveOnce(w, socket.id, request, why);
    if (wantFrom) why.cite("DGIO-FROM");
    if (overlapped) {
      const o = args.overlapped as OverlappedArg & { kind: "overlapped" };
      return runOverlapped(w, ctx, call, socket, o, request, first, why, args.routine ?? 0);
    }
    if (first instanceof KeptFailure) return first;
    if (first !== WOULD_BLOCK && !(first instanceof Rewait)) return transferredOf(first);
    const waited = first === WOULD_BLOCK ? request : (first.args as ReceiveRequest);
    return block(w.draft(), ctx, call, socket, waited, optionValue(socket, "SO_RCVTIMEO"), why);
  });
}

/** WSASend (rule IO-PENDING for the overlapped form, NET-SEND for the rest). */
export function wsaSend(
  state: KernelState,
  ctx: CallContext,
  args: WsaSendArgs,
): Outcome<Transferred | Pending | Blocked> {
  return sendCall(state, ctx, "WSASend", args);
}

/**
 * WSASendTo: WSASend to lpTo on a datagram socket, read as sendto reads its address (NULL
 * sends to the connected peer); on a stream socket lpTo and iTolen are ignored (DGIO-TO,
 * DGIO-STREAM-ADDRESS).
 */
export function wsaSendTo(
  state: KernelState,
  ctx: CallContext,
  args: WsaSendArgs,
): Outcome<Transferred | Pending | Blocked> {
  return sendCall(state, ctx, "WSASendTo", args);
}

function sendCall(
  state: KernelState,
  ctx: CallContext,
  call: "WSASend" | "WSASendTo",
  args: WsaSendArgs,
): Outcome<Transferred | Pending | Blocked> {
  return transactWith(state, (w, why) => {
    const socket = checkTransfer(
      state,
      ctx,
      args.s,
      args.buffers,
      args.overlapped,
      args.routine ?? 0,
    );
    // With an OVERLAPPED the call starts an operation: it never waits on a socket made for
    // overlapped I/O (IO-PENDING), and waits for its operation on another (IO-NOT-OVERLAPPED).
    const overlapped = args.overlapped.kind === "overlapped";
    // Without an OVERLAPPED the count has nowhere else to go (Wine's WS2_sendto checks it).
    if (!overlapped && args.bytes.kind !== "valid") fail(WSA_ERRORS.WSAEFAULT, "IO-ARGS");
    const stream = socket.type === SOCKET_TYPES.SOCK_STREAM;
    if ((args.flags & ~SEND_FLAGS) !== 0 || (!stream && (args.flags & MSG_OOB) !== 0))
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-SEND");
    const data = (args.buffers as BuffersArg & { kind: "buffers" }).data;
    if (!stream) {
      if (socket.net.sendShutdown) fail(WSA_ERRORS.WSAESHUTDOWN, "NET-SHUTDOWN");
      const to =
        args.to === undefined || args.to.name.kind === "null"
          ? undefined
          : readSockaddr(socket.af, args.to.name, args.to.namelen, "DGIO-TO");
      if (to !== undefined) why.cite("DGIO-TO");
      const draft = w.draft();
      const sent = datagramSend(draft, socketById(draft, socket.id), data, to, why);
      if (!overlapped) return { bytes: sent, flags: 0 };
      const o = args.overlapped as OverlappedArg & { kind: "overlapped" };
      const routine = args.routine ?? 0;
      return runOverlapped(new DraftWriter(draft), ctx, call, socket, o, null, sent, why, routine);
    }
    if (call === "WSASendTo") why.cite("DGIO-STREAM-ADDRESS");
    const request: StreamSend = { data: data.slice(), oob: (args.flags & MSG_OOB) !== 0 };
    // An overlapped send hands its bytes over like a blocking one: it never fails for room.
    const first = streamSend(w, socket.id, request, overlapped || !socket.nonBlocking, why);
    if (overlapped) {
      const o = args.overlapped as OverlappedArg & { kind: "overlapped" };
      return runOverlapped(w, ctx, call, socket, o, request, first, why, args.routine ?? 0);
    }
    if (first !== WOULD_BLOCK && !(first instanceof Rewait)) return { bytes: first, flags: 0 };
    if (socket.nonBlocking && first === WOULD_BLOCK) {
      markWriteBlocked(w, socket.id);
      return new KeptFailure(WSA_ERRORS.WSAEWOULDBLOCK, "NET-BLOCKING");
    }
    const waited = first === WOULD_BLOCK ? request : first.args;
    return block(w.draft(), ctx, call, socket, waited, optionValue(socket, "SO_SNDTIMEO"), why);
  });
}

export interface OverlappedResultArgs {
  readonly s: number;
  /** The OVERLAPPED: its address, and the Internal, InternalHigh and Offset the program sees. */
  readonly overlapped:
    | { readonly kind: "null" }
    | { readonly kind: "invalid" }
    | {
        readonly kind: "overlapped";
        readonly address: number;
        readonly internal: number;
        readonly internalHigh: number;
        readonly offset: number;
      };
  readonly wait: boolean;
}

export interface OverlappedResult {
  readonly ok: boolean;
  readonly bytes: number;
  readonly flags: number;
  /** The error WSAGetOverlappedResult sets (0 for STATUS_SUCCESS). */
  readonly error: number;
}

/** What Windows reports for an OVERLAPPED whose Internal is `status` (rule IO-RESULT). */
export function reportStatus(status: number, bytes: number, flags: number): OverlappedResult {
  const success = status < 0x80000000;
  const mapped = NT_STATUS_TO_WSA.get(status);
  // A success status not in the table is reported with the error 0 here; Windows gives
  // RtlNtStatusToDosError's value, which the simulator does not model (docs/overlapped.md).
  const error = mapped ?? (success ? 0 : WSA_ERRORS.WSAEINVAL);
  return { ok: success && status !== NT_STATUS.STATUS_PENDING, bytes, flags, error };
}

registerAttempt<{ seq: number; handle?: true }>(
  "WSAGetOverlappedResult",
  (draft, _ctx, _key, wait) => {
    // A wait on a handle that I/O never signals (DGIO-SKIP-HANDLE) outlasts the operation.
    if (wait.handle === true) return WOULD_BLOCK;
    const io = trieGet((draft as KernelState).io, wait.seq);
    // The record goes only with its process, whose threads are gone then: an invariant.
    if (io === undefined) throw new Error(`kernel invariant: no operation ${wait.seq} to wait for`);
    if (io.status === STATUS_PENDING) return WOULD_BLOCK;
    return answer(reportStatus(io.status, io.bytes, io.flags));
  },
);

/** TRUE with the result, or FALSE with its error and the result written all the same. */
function answer(result: OverlappedResult): OverlappedResult {
  if (!result.ok) fail(result.error, "IO-RESULT", result);
  return result;
}

/**
 * WSAGetOverlappedResult: reads the OVERLAPPED (rule IO-RESULT). Windows looks at Internal only:
 * STATUS_PENDING is WSA_IO_INCOMPLETE without fWait and a wait with it; any other status is the
 * answer, translated by Windows' table (Wine's test_WSAGetOverlappedResult tries every status of
 * eight ranges on Windows). The socket must be one this process's Winsock made or claimed: a
 * DuplicateHandle copy is WSAENOTSOCK (fact 25).
 */
export function wsaGetOverlappedResult(
  state: KernelState,
  ctx: CallContext,
  args: OverlappedResultArgs,
): Outcome<OverlappedResult | Blocked> {
  return transactWith(state, (w, why) => {
    if (args.overlapped.kind === "null") fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "IO-RESULT");
    const socket = requireWinsockSocket(state, ctx, args.s);
    if (args.overlapped.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "IO-RESULT");
    const o = args.overlapped;
    const record = findIo(state, ctx.pid, o.address);
    why.cite("IO-RESULT");
    const status = record?.status ?? o.internal;
    if (status !== STATUS_PENDING) {
      return answer(
        record === undefined
          ? reportStatus(o.internal, o.internalHigh, o.offset)
          : reportStatus(record.status, record.bytes, record.flags),
      );
    }
    // Without fWait, or with a pending status no operation will ever change (Windows would wait
    // for ever on the event; the simulator answers the non-waiting way): nothing is written.
    if (!args.wait || record === undefined) fail(WSA_ERRORS.WSA_IO_INCOMPLETE, "IO-RESULT");
    // Without an event Windows waits on the socket's handle, which FILE_SKIP_SET_EVENT_ON_HANDLE
    // keeps unsignalled: the operation's completion does not end that wait (DGIO-SKIP-HANDLE).
    if (record.event === null && skipsHandleSignal(state, socket)) {
      why.cite("DGIO-SKIP-HANDLE");
      const wait = { seq: record.seq, handle: true };
      return blockOn(w.draft(), ctx, "WSAGetOverlappedResult", OWN_IO, wait, 0);
    }
    return blockOn(w.draft(), ctx, "WSAGetOverlappedResult", OWN_IO, { seq: record.seq }, 0);
  });
}

/** A socket handle this process's Winsock knows: not a DuplicateHandle copy (fact 25). */
function requireWinsockSocket(state: KernelState, ctx: CallContext, s: number): SocketId {
  const socket = resolveSocket(state, ctx, s) as SocketRecord;
  const process = requireProcess(state, ctx.pid);
  const entry = lookupHandle(process, s);
  if (entry?.kind === "socket" && entry.origin === "DuplicateHandle")
    fail(WSA_ERRORS.WSAENOTSOCK, "HANDLE-DUPLICATE");
  return socket.id;
}
