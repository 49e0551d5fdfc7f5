/**
 * Stream connections on the loopback network: establishing, moving bytes, FIN and RST, and the
 * end of a socket.
 *
 * Bytes flow in two stages, as in a real stack: send() puts them in the sender's send queue
 * (bounded by SO_SNDBUF), and `pump` moves them into the receiver's receive queue as far as the
 * receiver's window (max(SO_RCVBUF, 64 KiB) less what is unread) allows. Reading opens the
 * window, which pumps the sender again. A FIN travels behind the last queued byte. No byte is
 * ever dropped, duplicated or reordered on the way (rule NET-STREAM-ORDER).
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { FD_EVENTS } from "../../constants/values.js";
import { occur, writable } from "../notify/record.js";
import { optionValue } from "../options/index.js";
import type { KernelState, SocketId, SocketRecord } from "../state.js";
import type { Citations } from "../transaction.js";
import { trieDelete, trieEntries, trieGet } from "../trie.js";
import { DraftWriter, editSocket, type Mutable, type Writer } from "../writer.js";
import { releasePort } from "./ports.js";
import { push, takeBytes } from "./queues.js";
import {
  type ByteQueue,
  type Connection,
  EMPTY_QUEUE,
  type NetState,
  type Segment,
} from "./types.js";

/** The empty queue, typed for assignment into a draft. */
export const EMPTY_DRAFT = EMPTY_QUEUE as Draft<ByteQueue>;

export function getSocket(
  draft: Draft<KernelState>,
  id: SocketId | null,
): Draft<SocketRecord> | undefined {
  if (id === null) return undefined;
  return trieGet(draft.sockets as KernelState["sockets"], id) as Draft<SocketRecord> | undefined;
}

export function newConnection(peer: SocketId, since: number): Connection {
  return {
    peer,
    sendQueue: EMPTY_QUEUE,
    finQueued: false,
    finSent: false,
    finReceived: false,
    error: 0,
    since,
  };
}

/**
 * The smallest receive window of a stream socket: 65536 bytes, the default SO_RCVBUF of current
 * Windows (DEFAULT_BUFFER_SIZE in options/sol-socket.ts). A smaller SO_RCVBUF is read back as set
 * but does not hold data back (rule NET-BUFFERS). Why: Wine 10.0 dlls/ws2_32/tests/sock.c
 * test_set_getsockopt sets SO_SNDBUF 0 on the sender and SO_RCVBUF 1024 on the receiver, then
 * three non-blocking 4096-byte sends all succeed and each recv returns 4096 bytes; the checks
 * carry no todo_wine, so that is what Windows does. Wine matches it with MIN_RCVBUF 65536 in
 * server/sock.c: its host socket gets max(SO_RCVBUF, 65536) while getsockopt returns the value as
 * set. Datagram sockets keep SO_RCVBUF as set (rule NET-DATAGRAM-DROP): no evidence there.
 */
export const MIN_RECEIVE_WINDOW = 65536;

/**
 * What a stream receiver can still take: max(SO_RCVBUF, MIN_RECEIVE_WINDOW) less its unread
 * bytes (rule NET-BUFFERS).
 */
export function window(receiver: SocketRecord): number {
  const capacity = Math.max(optionValue(receiver, "SO_RCVBUF"), MIN_RECEIVE_WINDOW);
  return Math.max(capacity - receiver.net.receiveQueue.bytes, 0);
}

/** A socket's network state, writable (writer.ts): the record and its `net` are copied. */
export function editNet(w: Writer, id: SocketId): Mutable<NetState> {
  return w.own(editSocket(w, id), "net", copyNet);
}

/** A connected socket's connection, writable. */
export function editConnection(w: Writer, id: SocketId): Mutable<Connection> {
  const net = editNet(w, id);
  if (net.connection === null) throw new Error(`kernel invariant: socket ${id} is not connected`);
  return w.own(net, "connection", copyConnection);
}

// Field by field, for the reason given in writer.ts: spreads of these were most of a send.
function copyNet(n: NetState): NetState {
  const copy: Mutable<NetState> = {
    phase: n.phase,
    local: n.local,
    remote: n.remote,
    receiveQueue: n.receiveQueue,
    urgent: n.urgent,
    listener: n.listener,
    connection: n.connection,
    connectDeadline: n.connectDeadline,
    connectFailure: n.connectFailure,
    orphan: n.orphan,
    embryonic: n.embryonic,
    unreachable: n.unreachable,
    sendShutdown: n.sendShutdown,
    receiveShutdown: n.receiveShutdown,
  };
  // Optional, so absent on every socket ConnectEx did not connect (CONNECTEX-CONTEXT).
  if (n.staleConnectContext !== undefined) copy.staleConnectContext = n.staleConnectContext;
  return copy;
}

function copyConnection(c: Connection): Connection {
  return {
    peer: c.peer,
    sendQueue: c.sendQueue,
    finQueued: c.finQueued,
    finSent: c.finSent,
    finReceived: c.finReceived,
    error: c.error,
    since: c.since,
  };
}

/** The current record of a socket that must exist. */
function current(w: Writer, id: SocketId): SocketRecord {
  const socket = trieGet(w.state.sockets, id);
  if (socket === undefined) throw new Error(`kernel invariant: no socket ${id}`);
  return socket;
}

/**
 * Moves bytes from the sender's send queue into its peer's receive queue as far as the window
 * allows, then the FIN if one is queued and nothing is left before it. An urgent byte is
 * delivered when every byte sent before it has been (rule NET-OOB), so it never overtakes them.
 */
export function pump(w: Writer, senderId: SocketId, why: Citations): void {
  const start = current(w, senderId).net.connection;
  if (start === null || start.peer === null) return;
  const receiverId = start.peer;
  const receiver = trieGet(w.state.sockets, receiverId);
  if (receiver === undefined || receiver.net.connection === null) return;
  let room = window(receiver);
  for (;;) {
    const queue = (current(w, senderId).net.connection as Connection).sendQueue;
    const head = queue.segments[0];
    if (head === undefined) break;
    if (head.urgent === true) {
      const inline = optionValue(receiver, "SO_OOBINLINE") !== 0;
      // Inline, the urgent byte is normal data and needs the window like any other.
      if (inline && room === 0) break;
      if (inline) room -= 1;
      editConnection(w, senderId).sendQueue = takeBytes(queue, 1).rest;
      deliverUrgent(w, receiverId, head.data, why);
      continue;
    }
    let normal = 0;
    for (const segment of queue.segments) {
      if (segment.urgent === true) break;
      normal += segment.data.length;
    }
    const count = Math.min(room, normal);
    if (count === 0) break;
    const { data, rest } = takeBytes(queue, count);
    editConnection(w, senderId).sendQueue = rest;
    const net = editNet(w, receiverId);
    net.receiveQueue = push(net.receiveQueue, { data });
    room -= count;
    why.cite("NET-STREAM-ORDER");
    occur(w, receiverId, FD_EVENTS.FD_READ, why);
  }
  const connection = current(w, senderId).net.connection as Connection;
  if (connection.finQueued && !connection.finSent && connection.sendQueue.bytes === 0) {
    editConnection(w, senderId).finSent = true;
    editConnection(w, receiverId).finReceived = true;
    why.cite("NET-FIN");
    occur(w, receiverId, FD_EVENTS.FD_CLOSE, why);
  }
  spaceFreed(w, senderId, why);
}

/** A send failed with WSAEWOULDBLOCK earlier and now there is room: FD_WRITE (rule EVT-WRITE). */
export function spaceFreed(w: Writer, senderId: SocketId, why: Citations): void {
  const sender = current(w, senderId);
  if (sender.notify?.writeBlocked !== true || !writable(sender)) return;
  w.own(editSocket(w, senderId), "notify").writeBlocked = false;
  occur(w, senderId, FD_EVENTS.FD_WRITE, why);
}

/**
 * An urgent byte arrives: with SO_OOBINLINE off it waits apart for recv(MSG_OOB), and normal
 * reads stop at the mark; with it on it is normal data (rule NET-OOB).
 */
function deliverUrgent(w: Writer, receiverId: SocketId, byte: Uint8Array, why: Citations): void {
  why.cite("NET-OOB");
  if (optionValue(current(w, receiverId), "SO_OOBINLINE") !== 0) {
    const net = editNet(w, receiverId);
    net.receiveQueue = push(net.receiveQueue, { data: byte });
    // Inline urgent data is normal data, and it is FD_READ that reports it (EVSEL).
    occur(w, receiverId, FD_EVENTS.FD_READ, why);
  } else {
    occur(w, receiverId, FD_EVENTS.FD_OOB, why);
    const net = editNet(w, receiverId);
    net.urgent = push(net.urgent, { data: byte });
    net.receiveQueue = markQueue(net.receiveQueue);
  }
}

/** Marks the end of the queued normal data: a read does not cross an urgent byte's mark. */
function markQueue(queue: ByteQueue): ByteQueue {
  if (queue.segments.length === 0) return queue;
  const segments = queue.segments.slice();
  const last = segments[segments.length - 1] as Segment;
  segments[segments.length - 1] = { ...last, markAfter: true };
  return { segments, bytes: queue.bytes };
}

/**
 * Resets the connection from `socket`'s side: the peer gets `error` (WSAECONNRESET), and what
 * it had not read yet is discarded with the connection (rule NET-RESET).
 */
export function resetPeer(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  why: Citations,
): void {
  const connection = socket.net.connection;
  if (connection === null) return;
  const peer = getSocket(draft, connection.peer);
  connection.peer = null;
  if (peer?.net.connection == null) return;
  why.cite("NET-RESET");
  peer.net.connection.peer = null;
  peer.net.connection.error = WSA_ERRORS.WSAECONNRESET;
  peer.net.connection.sendQueue = EMPTY_DRAFT;
  peer.net.receiveQueue = EMPTY_DRAFT;
  peer.net.urgent = EMPTY_DRAFT;
  // FD_CLOSE reports a reset as WSAECONNABORTED, not WSAECONNRESET (observed fact N16).
  occur(new DraftWriter(draft), peer.id, FD_EVENTS.FD_CLOSE, why, WSA_ERRORS.WSAECONNABORTED);
  // An orphan (closed gracefully, still delivering) has nothing left to deliver and no
  // descriptor to report to: it ends here, or it would stay in the kernel for ever.
  if (peer.net.orphan) destroySocket(new DraftWriter(draft), peer.id, why);
}

/**
 * Removes a socket from the kernel: its binding, its link to a peer, and, for a listener, the
 * connections nobody accepted (their clients are reset). The caller has dropped every handle.
 */
export function destroySocket(w: Writer, id: SocketId, why: Citations): void {
  const socket = trieGet(w.state.sockets, id);
  if (socket === undefined) throw new Error(`kernel invariant: no socket ${id} to destroy`);
  if (linked(socket)) unlink(w.draft(), id, why);
  releasePort(w, socket);
  w.deleteIn(w.root(), "sockets", id);
}

/**
 * Whether ending this socket touches others (unaccepted connections, a peer, a connect timer):
 * that part runs on a draft (writer.ts), so a call can ask for one before it copies anything.
 */
export function linked(socket: SocketRecord): boolean {
  const net = socket.net;
  return net.listener !== null || net.connection !== null || net.connectDeadline !== null;
}

/** What a socket leaves behind in others: unaccepted connections, its peer, its timers. */
function unlink(draft: Draft<KernelState>, id: SocketId, why: Citations): void {
  const socket = getSocket(draft, id) as Draft<SocketRecord>;
  const listener = socket.net.listener;
  if (listener !== null) {
    for (const embryoId of listener.queue) {
      const embryo = getSocket(draft, embryoId);
      if (embryo === undefined) continue;
      resetPeer(draft, embryo, why);
      releasePort(new DraftWriter(draft), embryo as SocketRecord);
      trieDelete(draft.sockets, embryoId);
    }
  }
  const connection = socket.net.connection;
  if (connection !== null) {
    const peer = getSocket(draft, connection.peer);
    if (peer?.net.connection != null) peer.net.connection.peer = null;
  }
  if (socket.net.connectDeadline !== null) {
    // A connect in progress dies with its socket: its timer must not fire later and move the
    // clock for nothing (rule NET-CLOCK).
    const stale = [...trieEntries(draft.timers as KernelState["timers"])].filter(
      ([, timer]) => timer.kind === "connect" && timer.socket === socket.id,
    );
    for (const [seq] of stale) trieDelete(draft.timers, seq);
  }
}

/**
 * The close that happens when the last descriptor goes (rule NET-LAST-CLOSE):
 * - SO_LINGER {1, 0}, or unread data in the receive queue: abortive, the peer is reset;
 * - otherwise graceful: a FIN follows everything queued. If bytes are still waiting for the
 *   peer's window the socket lives on without descriptors until they are delivered.
 */
export function closeConnection(w: Writer, id: SocketId, why: Citations): void {
  const current = trieGet(w.state.sockets, id) as SocketRecord;
  if (current.net.connection === null || current.net.phase !== "connected") {
    destroySocket(w, id, why);
    return;
  }
  const draft = w.draft();
  const socket = getSocket(draft, id) as Draft<SocketRecord>;
  const connection = socket.net.connection as Draft<Connection>;
  const abortive =
    (optionValue(socket as SocketRecord, "SO_LINGER.l_onoff") !== 0 &&
      optionValue(socket as SocketRecord, "SO_LINGER.l_linger") === 0) ||
    socket.net.receiveQueue.bytes > 0;
  if (abortive || connection.peer === null) {
    if (abortive) why.cite("NET-ABORTIVE-CLOSE");
    resetPeer(draft, socket, why);
    destroySocket(w, id, why);
    return;
  }
  why.cite("NET-GRACEFUL");
  connection.finQueued = true;
  pump(w, id, why);
  if (connection.sendQueue.bytes === 0) destroySocket(w, id, why);
  else socket.net.orphan = true;
}

/** An orphan whose queue has drained has nothing left to do (after a pump). */
export function reapOrphan(w: Writer, id: SocketId, why: Citations): void {
  const socket = current(w, id);
  if (socket.net.orphan && (socket.net.connection?.sendQueue.bytes ?? 0) === 0) {
    pump(w, id, why);
    destroySocket(w, id, why);
  }
}
