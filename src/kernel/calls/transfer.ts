/**
 * send, sendto, recv and recvfrom.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, FD_EVENTS, MSG_FLAGS, SOCKET_TYPES } from "../../constants/values.js";
import {
  type Blocked,
  block,
  Rewait,
  registerAttempt,
  WOULD_BLOCK,
  waitedSocket,
} from "../blocking.js";
import { resolveSocket, socketById } from "../descriptors.js";
import type { BufferPointer, IntPointer } from "../memory.js";
import {
  encodeSockaddr,
  isLocal,
  isWildcard,
  loopbackOf,
  sockaddrSize,
  unmapped,
} from "../net/address.js";
import { findDatagramReceiver } from "../net/ports.js";
import { push, takeBytes, takeDatagram } from "../net/queues.js";
import { editConnection, editNet, getSocket, pump, reapOrphan, window } from "../net/stream.js";
import { type ByteQueue, EMPTY_QUEUE, type Endpoint } from "../net/types.js";
import { markWriteBlocked, occur } from "../notify/record.js";
import { optionValue } from "../options/index.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketId, SocketRecord } from "../state.js";
import { type Citations, fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import { trieGet } from "../trie.js";
import { DraftWriter, type Writer } from "../writer.js";
import { bindImplicitly, readSockaddr } from "./bind.js";

const { MSG_OOB, MSG_PEEK, MSG_DONTROUTE, MSG_WAITALL } = MSG_FLAGS;
const SEND_FLAGS = MSG_OOB | MSG_DONTROUTE;
const RECV_FLAGS = MSG_OOB | MSG_PEEK | MSG_WAITALL;

/** The largest datagram a UDP socket can send: 65535 less the IP and UDP headers. */
export function maxDatagram(af: number): number {
  return af === ADDRESS_FAMILIES.AF_INET6 ? 65527 : 65507;
}

function asQueue(queue: ByteQueue): Draft<ByteQueue> {
  return queue as Draft<ByteQueue>;
}

// ---- Sending ------------------------------------------------------------------------------------

export interface SendArgs {
  readonly s: number;
  readonly buf: BufferPointer;
  readonly len: number;
  readonly flags: number;
  /** sendto's destination; undefined for send. */
  readonly to?: { readonly name: BufferPointer; readonly namelen: number };
}

export interface StreamSend {
  readonly data: Uint8Array;
  readonly oob: boolean;
  /** The data is already in the send queue; the call waits until the queue has drained. */
  readonly handedOver?: boolean;
}

/**
 * Queues `data` on a connected stream socket, or WOULD_BLOCK. A send is taken whole or not at
 * all: when less than SO_SNDBUF is waiting, or the peer's window takes it all at once
 * (Wine test_write_events: "Windows will never send less than buffer_size bytes"; rule
 * NET-BUFFERS).
 */
export function streamSend(
  w: Writer,
  id: SocketId,
  send: StreamSend,
  blocking: boolean,
  why: Citations,
): number | Rewait | typeof WOULD_BLOCK {
  const socket = socketById(w.state, id);
  const connection = socket.net.connection;
  if (socket.net.phase !== "connected" || connection === null)
    fail(WSA_ERRORS.WSAENOTCONN, "NET-SEND");
  if (send.handedOver === true) {
    // The call's bytes are queued already (see below): it ends when they have all left, or
    // with the connection's error if it breaks first.
    if (connection.error !== 0) fail(connection.error, "NET-RESET");
    return connection.sendQueue.bytes === 0 ? send.data.length : WOULD_BLOCK;
  }
  if (socket.net.sendShutdown) fail(WSA_ERRORS.WSAESHUTDOWN, "NET-SHUTDOWN");
  if (connection.error !== 0) fail(connection.error, "NET-RESET");
  const peer = connection.peer === null ? undefined : trieGet(w.state.sockets, connection.peer);
  if (peer === undefined) {
    // The peer is gone: its stack answers the data with a reset, which aborts this end (fact 93).
    why.cite("NET-PEER-GONE");
    editConnection(w, id).error = WSA_ERRORS.WSAECONNABORTED;
    return send.data.length;
  }
  const data = send.data;
  if (data.length === 0) return 0;
  const queued = connection.sendQueue.bytes;
  const room = queued === 0 ? window(peer) : 0;
  const fits = queued < optionValue(socket, "SO_SNDBUF") || room >= data.length;
  // A blocking send that neither rule admits, with nothing else waiting to leave, is handed
  // over whole and returns once all of it has left. Without this a send larger than the peer's
  // whole window with SO_SNDBUF 0 could never start, while Windows completes a blocking send of
  // 1 MiB with SO_SNDBUF 0 as the peer drains it (Wine test_send, research-network N15, fact 122).
  const handOver = !fits && blocking && queued === 0;
  if (!fits && !handOver) return WOULD_BLOCK;
  why.cite("NET-BUFFERS");
  const writable = editConnection(w, id);
  if (send.oob) {
    // The last byte is urgent (rule NET-OOB); the bytes before it travel as normal data. The
    // urgent byte travels in the send queue too, so that it never overtakes bytes sent before
    // it that are still waiting for the peer's window (rule NET-STREAM-ORDER).
    why.cite("NET-OOB");
    let queue = writable.sendQueue;
    if (data.length > 1) queue = push(queue, { data: data.slice(0, -1) });
    writable.sendQueue = push(queue, { data: data.slice(-1), urgent: true });
  } else {
    writable.sendQueue = push(writable.sendQueue, { data: data.slice() });
  }
  pump(w, id, why);
  const left = socketById(w.state, id).net.connection?.sendQueue.bytes ?? 0;
  if (!handOver || left === 0) return data.length;
  return new Rewait({ ...send, handedOver: true });
}

registerAttempt<StreamSend>("send", (draft, _ctx, id, send, why) => {
  waitedSocket(draft, id);
  return streamSend(new DraftWriter(draft), id, send, true, why);
});

/** Sends one datagram; datagrams never wait (a full receiver drops them, rule NET-DATAGRAM). */
export function datagramSend(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  data: Uint8Array,
  to: Endpoint | undefined,
  why: Citations,
): number {
  const target = to ?? socket.net.remote;
  if (target === null || target === undefined) fail(WSA_ERRORS.WSAENOTCONN, "NET-DATAGRAM");
  if (data.length > maxDatagram(socket.af)) fail(WSA_ERRORS.WSAEMSGSIZE, "NET-DATAGRAM");
  const plain = unmapped(target as Endpoint);
  // Only sendto's own address is checked: after connect to 255.255.255.255 (allowed without
  // SO_BROADCAST) send() works, while sendto there still fails (Wine test_broadcast, N37).
  if (
    to !== undefined &&
    plain.address === "255.255.255.255" &&
    optionValue(socket as SocketRecord, "SO_BROADCAST") === 0
  ) {
    fail(WSA_ERRORS.WSAEACCES, "NET-DATAGRAM");
  }
  const local = bindImplicitly(draft, socket, why);
  why.cite("NET-DATAGRAM");
  if (!isLocal(target as Endpoint) || (target as Endpoint).port === 0) return data.length;
  const receiver = findDatagramReceiver(draft as KernelState, target as Endpoint);
  if (receiver === undefined) {
    // Nobody is bound there: the port-unreachable reply fails this socket's next receive.
    why.cite("NET-DATAGRAM-UNREACHABLE");
    socket.net.unreachable = true;
    return data.length;
  }
  // A socket bound to a wildcard sends from the loopback address of its family.
  const from: Endpoint = isWildcard(local)
    ? { ...local, address: loopbackOf(local.family) }
    : local;
  const remote = receiver.net.remote;
  if (
    remote !== null &&
    (remote.port !== from.port || unmapped(remote).address !== unmapped(from).address)
  ) {
    return data.length; // a connected datagram socket hears only its peer
  }
  // SO_RCVBUF as set: the 64 KiB floor of a stream window (NET-BUFFERS) is not applied here.
  const capacity = Math.max(optionValue(receiver, "SO_RCVBUF"), 0);
  if (
    receiver.net.receiveQueue.bytes + data.length > capacity &&
    receiver.net.receiveQueue.bytes > 0
  ) {
    why.cite("NET-DATAGRAM-DROP");
    return data.length;
  }
  const arrival = getSocket(draft, receiver.id) as Draft<SocketRecord>;
  arrival.net.receiveQueue = asQueue(
    push(arrival.net.receiveQueue as ByteQueue, { data: data.slice(), from }),
  );
  occur(new DraftWriter(draft), arrival.id, FD_EVENTS.FD_READ, why);
  return data.length;
}

function sendData(args: SendArgs): Uint8Array {
  if (args.len === 0) return new Uint8Array(0);
  if (args.buf.kind !== "buffer" || args.len < 0 || args.buf.bytes.length < args.len) {
    fail(WSA_ERRORS.WSAEFAULT, "NET-SEND");
  }
  return args.buf.bytes.subarray(0, args.len);
}

/** send and sendto: socket, flags, buffer, then the socket's state (rule NET-SEND). */
export function send(
  state: KernelState,
  ctx: CallContext,
  args: SendArgs,
): Outcome<number | Blocked> {
  return transactWith(state, (w, why) => {
    const socket = resolveSocket(state, ctx, args.s);
    const stream = socket.type === SOCKET_TYPES.SOCK_STREAM;
    if ((args.flags & ~SEND_FLAGS) !== 0 || (!stream && (args.flags & MSG_OOB) !== 0)) {
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-SEND");
    }
    // AF_UNIX has no urgent data (its provider lacks XP1_EXPEDITED_DATA): NET-UNIX-NO-OOB.
    if (socket.af === ADDRESS_FAMILIES.AF_UNIX && (args.flags & MSG_OOB) !== 0) {
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-UNIX-NO-OOB");
    }
    const data = sendData(args);
    if (!stream) {
      if (socket.net.sendShutdown) fail(WSA_ERRORS.WSAESHUTDOWN, "NET-SHUTDOWN");
      const to =
        args.to === undefined || args.to.name.kind === "null"
          ? undefined
          : readSockaddr(socket.af, args.to.name, args.to.namelen, "NET-SOCKADDR");
      // Datagrams bind implicitly and look up receivers: that part runs on a draft.
      const draft = w.draft();
      return datagramSend(draft, socketById(draft, socket.id), data, to, why);
    }
    const request: StreamSend = { data: data.slice(), oob: (args.flags & MSG_OOB) !== 0 };
    const sent = streamSend(w, socket.id, request, !socket.nonBlocking, why);
    if (sent !== WOULD_BLOCK && !(sent instanceof Rewait)) return sent;
    if (socket.nonBlocking && sent === WOULD_BLOCK) {
      // The refusal is remembered: FD_WRITE is recorded once space frees (rule EVT-WRITE).
      markWriteBlocked(w, socket.id);
      return new KeptFailure(WSA_ERRORS.WSAEWOULDBLOCK, "NET-BLOCKING");
    }
    const timeout = optionValue(socket, "SO_SNDTIMEO");
    const waited = sent === WOULD_BLOCK ? request : sent.args;
    return block(w.draft(), ctx, "send", socket, waited, timeout, why);
  });
}

// ---- Receiving ----------------------------------------------------------------------------------

export interface RecvArgs {
  readonly s: number;
  readonly buf: BufferPointer;
  readonly len: number;
  readonly flags: number;
  /** recvfrom's from / fromlen; undefined for recv. */
  readonly from?: { readonly name: BufferPointer; readonly namelen: IntPointer };
}

/** What recv and recvfrom return and write. */
export interface Received {
  readonly count: number;
  readonly data: Uint8Array;
  readonly from?: Uint8Array;
}

export interface StreamReceive {
  readonly len: number;
  readonly flags: number;
  /** MSG_WAITALL: bytes gathered so far. */
  readonly gathered?: Uint8Array;
}

/** Up to `len` normal bytes, not crossing an urgent mark (observed fact N21). */
function takeUntilMark(queue: ByteQueue, len: number): { data: Uint8Array; rest: ByteQueue } {
  let limit = 0;
  for (const segment of queue.segments) {
    limit += segment.data.length;
    if (segment.markAfter === true || limit >= len) break;
  }
  return takeBytes(queue, Math.min(len, limit));
}

export function streamReceive(
  w: Writer,
  id: SocketId,
  request: StreamReceive,
  why: Citations,
): Received | Rewait | typeof WOULD_BLOCK {
  const socket = socketById(w.state, id);
  const connection = socket.net.connection;
  if (socket.net.phase !== "connected" || connection === null)
    fail(WSA_ERRORS.WSAENOTCONN, "NET-RECV");
  // shutdown(SD_RECEIVE) is checked by recv() for new calls only: a call already waiting is
  // retried here and must not be woken by it (fact 94; EPICS on WIN32, D5; rule NET-SHUTDOWN).
  if ((request.flags & MSG_OOB) !== 0) {
    if (optionValue(socket, "SO_OOBINLINE") !== 0) fail(WSA_ERRORS.WSAEINVAL, "NET-OOB");
    if (socket.net.urgent.bytes === 0) {
      if (connection.error !== 0) fail(connection.error, "NET-RESET");
      return WOULD_BLOCK;
    }
    // Each urgent byte is read on its own (N21); a zero-length buffer takes nothing.
    const { data, rest } = takeBytes(socket.net.urgent, Math.min(request.len, 1));
    if ((request.flags & MSG_PEEK) === 0) editNet(w, id).urgent = rest;
    why.cite("NET-OOB");
    return { count: data.length, data };
  }
  const queue = socket.net.receiveQueue;
  if (queue.bytes === 0) {
    if (connection.error !== 0) fail(connection.error, "NET-RESET");
    if (connection.finReceived) {
      why.cite("NET-FIN");
      const gathered = request.gathered ?? new Uint8Array(0);
      return { count: gathered.length, data: gathered };
    }
    return WOULD_BLOCK;
  }
  if (request.len === 0) return { count: 0, data: new Uint8Array(0) };
  const before = request.gathered ?? new Uint8Array(0);
  const { data, rest } = takeUntilMark(queue, request.len - before.length);
  const all = before.length === 0 ? data : concat(before, data);
  if ((request.flags & MSG_PEEK) === 0) {
    editNet(w, id).receiveQueue = rest.bytes === 0 ? EMPTY_QUEUE : rest;
    reopenWindow(w, connection.peer, why);
  }
  why.cite("NET-STREAM-ORDER");
  if (
    (request.flags & MSG_WAITALL) !== 0 &&
    all.length < request.len &&
    (request.flags & MSG_PEEK) === 0
  ) {
    // MSG_WAITALL keeps what it has and waits for the rest (or the end of the stream).
    return new Rewait({ ...request, gathered: all });
  }
  return { count: all.length, data: all };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reading opened the window: the sender's queued bytes move on, and a drained orphan ends. */
function reopenWindow(w: Writer, peerId: SocketId | null, why: Citations): void {
  if (peerId === null || trieGet(w.state.sockets, peerId) === undefined) return;
  pump(w, peerId, why);
  reapOrphan(w, peerId, why);
}

registerAttempt<StreamReceive>("recv", (draft, _ctx, id, request, why) => {
  waitedSocket(draft, id);
  return streamReceive(new DraftWriter(draft), id, request, why);
});

export function datagramReceive(
  socket: Draft<SocketRecord>,
  request: StreamReceive,
  wantFrom: boolean,
  why: Citations,
): Received | KeptFailure | typeof WOULD_BLOCK {
  if (socket.net.local === null) fail(WSA_ERRORS.WSAEINVAL, "NET-DATAGRAM");
  if (socket.net.receiveShutdown) fail(WSA_ERRORS.WSAESHUTDOWN, "NET-SHUTDOWN");
  if (socket.net.unreachable) {
    // The ICMP port unreachable of an earlier sendto is reported once (SIO_UDP_CONNRESET).
    socket.net.unreachable = false;
    return new KeptFailure(WSA_ERRORS.WSAECONNRESET, "NET-DATAGRAM-UNREACHABLE");
  }
  const taken = takeDatagram(socket.net.receiveQueue as ByteQueue);
  if (taken === undefined) return WOULD_BLOCK;
  const { datagram, rest } = taken;
  why.cite("NET-DATAGRAM");
  const count = Math.min(request.len, datagram.data.length);
  const data = datagram.data.slice(0, count);
  const from = wantFrom && datagram.from !== undefined ? encodeSockaddr(datagram.from) : undefined;
  if ((request.flags & MSG_PEEK) === 0) socket.net.receiveQueue = asQueue(rest);
  const received: Received = from === undefined ? { count, data } : { count, data, from };
  // A datagram larger than the buffer fills it, loses the rest, and reports WSAEMSGSIZE.
  if (count < datagram.data.length)
    return new KeptFailure(WSA_ERRORS.WSAEMSGSIZE, "NET-DATAGRAM", received);
  return received;
}

interface DatagramWait extends StreamReceive {
  readonly wantFrom: boolean;
}

registerAttempt<DatagramWait>("recvfrom", (draft, _ctx, id, request, why) =>
  datagramReceive(waitedSocket(draft, id), request, request.wantFrom, why),
);

/** recv and recvfrom: socket, flags, buffer, then the socket's state (rule NET-RECV). */
export function recv(
  state: KernelState,
  ctx: CallContext,
  args: RecvArgs,
): Outcome<Received | Blocked> {
  return transactWith(state, (w, why) => {
    const socket = resolveSocket(state, ctx, args.s);
    const stream = socket.type === SOCKET_TYPES.SOCK_STREAM;
    // An unknown flag is WSAEINVAL (recv page, research-network D8), unlike send's WSAEOPNOTSUPP.
    if ((args.flags & ~RECV_FLAGS) !== 0) fail(WSA_ERRORS.WSAEINVAL, "NET-RECV");
    if (!stream && (args.flags & (MSG_OOB | MSG_WAITALL)) !== 0)
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-RECV");
    if (socket.af === ADDRESS_FAMILIES.AF_UNIX && (args.flags & MSG_OOB) !== 0)
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-UNIX-NO-OOB");
    // MSG_WAITALL cannot combine with MSG_PEEK or MSG_OOB, nor work on a non-blocking socket (D8).
    if (
      (args.flags & MSG_WAITALL) !== 0 &&
      (socket.nonBlocking || (args.flags & (MSG_PEEK | MSG_OOB)) !== 0)
    )
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-RECV");
    if (
      args.len < 0 ||
      (args.len > 0 && (args.buf.kind !== "buffer" || args.buf.bytes.length < args.len))
    ) {
      fail(WSA_ERRORS.WSAEFAULT, "NET-RECV");
    }
    // On a stream socket recvfrom leaves from and fromlen alone, whatever they hold (N36, N44).
    const wantFrom = !stream && args.from !== undefined && args.from.name.kind !== "null";
    if (
      wantFrom &&
      (args.from?.namelen.kind !== "int" || args.from.namelen.value < sockaddrSize(socket.af))
    ) {
      fail(WSA_ERRORS.WSAEFAULT, "NET-RECV");
    }
    const timeout = optionValue(socket, "SO_RCVTIMEO");
    if (!stream) {
      const draft = w.draft();
      const target = socketById(draft, socket.id);
      const request: DatagramWait = { len: args.len, flags: args.flags, wantFrom };
      const result = datagramReceive(target, request, wantFrom, why);
      if (result !== WOULD_BLOCK) return result;
      return block(draft, ctx, "recvfrom", target, request, timeout, why);
    }
    // Only calls made after shutdown(SD_RECEIVE) fail; one already waiting goes on (fact 94).
    if (socket.net.receiveShutdown && socket.net.phase === "connected")
      fail(WSA_ERRORS.WSAESHUTDOWN, "NET-SHUTDOWN");
    const request: StreamReceive = { len: args.len, flags: args.flags };
    const result = streamReceive(w, socket.id, request, why);
    if (result === WOULD_BLOCK || result instanceof Rewait) {
      const waited = result === WOULD_BLOCK ? request : result.args;
      return block(w.draft(), ctx, "recv", socket, waited, timeout, why);
    }
    return result;
  });
}
