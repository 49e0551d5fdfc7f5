/**
 * connect: establishing stream connections on the loopback network, and setting the default
 * peer of a datagram socket.
 *
 * A connection to a listening address is made at once: the listener gets a new socket in its
 * accept queue (with the listener's options, rule NET-ACCEPT-INHERITS) and the connecting socket
 * is connected. A blocking connect returns 0; a non-blocking one reports WSAEWOULDBLOCK, as on
 * Windows, and is connected when the program next looks. An address of this machine with no
 * listener (or a full backlog) refuses; an address that is not on this machine is unreachable:
 * the connect stays in progress until the SYN retries give up (rule NET-CONNECT).
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, FD_EVENTS, SOCKET_TYPES } from "../../constants/values.js";
import {
  type Blocked,
  block,
  registerAttempt,
  registerTimer,
  WOULD_BLOCK,
  waitedSocket,
} from "../blocking.js";
import { resolveSocket } from "../descriptors.js";
import { isAcceptTarget } from "../io.js";
import type { BufferPointer } from "../memory.js";
import {
  inFamily,
  isLocal,
  isWildcard,
  loopbackOf,
  sockaddrFamily,
  unmapped,
} from "../net/address.js";
import { findUnixListener } from "../net/paths.js";
import { findListener } from "../net/ports.js";
import { getSocket, newConnection } from "../net/stream.js";
import { EMPTY_QUEUE, type Endpoint, FRESH_NET } from "../net/types.js";
import { datagramConnected, occur } from "../notify/record.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketRecord } from "../state.js";
import { type Citations, fail, KeptFailure, type Outcome, transact } from "../transaction.js";
import { trieGet, trieSet } from "../trie.js";
import { DraftWriter } from "../writer.js";
import { bindImplicitly, readSockaddr, readUnixSockaddr } from "./bind.js";

/** How long an unanswered connect keeps trying: Windows' SYN retries give up after 21 s. */
export const CONNECT_GIVE_UP_MS = 21_000;

export interface ConnectArgs {
  readonly s: number;
  readonly name: BufferPointer;
  readonly namelen: number;
}

/**
 * The source address a socket bound to a wildcard uses towards `target`: the loopback of the
 * family the packets travel in (IPv4 for an IPv4-mapped target), named in the socket's own
 * family, so a dual-stack IPv6 socket reaching an IPv4 address speaks from ::ffff:127.0.0.1
 * (rule NET-DUAL-STACK-NAMES).
 */
function sourceFor(local: Endpoint, target: Endpoint): Endpoint {
  if (!isWildcard(local)) return local;
  const wire = unmapped(target).family;
  const source = inFamily({ family: wire, address: loopbackOf(wire), port: 0 }, local.family);
  return { ...local, address: source.address };
}

/** Creates the accepted end of a new connection in `listener`'s queue. */
function establish(
  draft: Draft<KernelState>,
  client: Draft<SocketRecord>,
  listener: SocketRecord,
  target: Endpoint,
  why: Citations,
): void {
  const id = draft.nextSocketId;
  draft.nextSocketId += 1;
  const clientLocal = sourceFor(client.net.local as Endpoint, target);
  // The accepted socket has the listener's family, and both its names are in that family
  // whatever the client's: an IPv4 client of a dual-stack listener is ::ffff:a.b.c.d, and a
  // dual-stack client reaching an IPv4 listener through ::ffff:127.0.0.1 is plain IPv4 there
  // (rule NET-DUAL-STACK-NAMES). A wildcard listener's accepted socket is named by the address
  // the client connected to.
  const listenerLocal = listener.net.local as Endpoint;
  const serverLocal = isWildcard(listenerLocal)
    ? { ...inFamily(target, listener.af), port: listenerLocal.port }
    : listenerLocal;
  const accepted: SocketRecord = {
    id,
    af: listener.af,
    type: listener.type,
    protocol: listener.protocol,
    catalogEntryId: listener.catalogEntryId,
    creationFlags: listener.creationFlags,
    nonBlocking: listener.nonBlocking,
    options: { ...listener.options },
    refCount: 0,
    net: {
      ...FRESH_NET,
      phase: "connected",
      local: serverLocal,
      remote: inFamily(clientLocal, listener.af),
      connection: newConnection(client.id, draft.clock),
      embryonic: true,
    },
  };
  trieSet(draft.sockets, id, accepted);
  const queue = listener.net.listener?.queue ?? [];
  const listenerDraft = getSocket(draft, listener.id) as Draft<SocketRecord>;
  (listenerDraft.net.listener as { queue: readonly number[] }).queue = [...queue, id];
  client.net.local = clientLocal as Draft<Endpoint>;
  client.net.remote = target as Draft<Endpoint>;
  client.net.phase = "connected";
  client.net.connectDeadline = null;
  client.net.connection = newConnection(id, draft.clock) as Draft<
    SocketRecord["net"]["connection"]
  >;
  why.cite("NET-CONNECT", "NET-ACCEPT-INHERITS");
  if (listener.af !== client.af || unmapped(target).family !== target.family) {
    why.cite("NET-DUAL-STACK-NAMES");
  }
  // The accepted end is writable from the start; its FD_WRITE is recorded now and delivered
  // when accept gives it the listener's registration (observed fact 33, N13).
  const w = new DraftWriter(draft);
  occur(w, id, FD_EVENTS.FD_WRITE, why);
  occur(w, listenerDraft.id, FD_EVENTS.FD_ACCEPT, why);
  // FD_CONNECT, then FD_WRITE, in that order (observed fact 45).
  occur(w, client.id, FD_EVENTS.FD_CONNECT, why);
  occur(w, client.id, FD_EVENTS.FD_WRITE, why);
}

/**
 * How long Windows takes to report a refused connection: it retries the SYN after each RST, so
 * even on loopback the error arrives after about 2 seconds (Wine's test_select and test_WSAPoll
 * comments: "w10pro64 ... takes over 2 seconds for an error to be reported"; rule
 * NET-CONNECT-REFUSED).
 */
export const REFUSAL_DELAY_MS = 2_000;

/**
 * Starts a stream connect: connected at once when a listener with room takes it (true), or
 * in progress until a timer ends it with a refusal or a time-out (false).
 */
export function startConnect(
  draft: Draft<KernelState>,
  client: Draft<SocketRecord>,
  target: Endpoint,
  why: Citations,
): boolean {
  client.net.remote = target as Draft<Endpoint>;
  if (isLocal(target)) {
    const listener = findListener(draft as KernelState, target);
    const listening = listener?.net.listener;
    if (listener !== undefined && listening != null && listening.queue.length < listening.backlog) {
      establish(draft, client, listener, target, why);
      client.net.connectFailure = 0;
      client.options = { ...client.options, SO_ERROR: 0 };
      return true;
    }
    why.cite("NET-CONNECT-REFUSED");
    armConnectTimer(draft, client, REFUSAL_DELAY_MS, WSA_ERRORS.WSAECONNREFUSED);
  } else {
    armConnectTimer(draft, client, CONNECT_GIVE_UP_MS, WSA_ERRORS.WSAETIMEDOUT);
  }
  client.net.phase = "connecting";
  return false;
}

function armConnectTimer(
  draft: Draft<KernelState>,
  client: Draft<SocketRecord>,
  delay: number,
  error: number,
): void {
  const seq = draft.nextSeq;
  draft.nextSeq += 1;
  const deadline = draft.clock + delay;
  client.net.connectDeadline = deadline;
  trieSet(draft.timers, seq, {
    kind: "connect",
    deadline,
    socket: client.id,
    error,
    setsSoError: client.nonBlocking,
  });
}

/** The attempt ends without a connection (rules NET-CONNECT, NET-CONNECT-REFUSED). */
registerTimer("connect", (draft, seq, why) => {
  const timer = trieGet(draft.timers as KernelState["timers"], seq);
  if (timer?.kind !== "connect") return;
  const socket = getSocket(draft, timer.socket);
  if (socket === undefined || socket.net.phase !== "connecting") return;
  why.cite(timer.error === WSA_ERRORS.WSAECONNREFUSED ? "NET-CONNECT-REFUSED" : "NET-CONNECT");
  socket.net.phase = "open";
  socket.net.connectDeadline = null;
  socket.net.connectFailure = timer.error;
  if (timer.setsSoError) socket.options = { ...socket.options, SO_ERROR: timer.error };
  occur(new DraftWriter(draft), socket.id, FD_EVENTS.FD_CONNECT, why, timer.error);
});

interface ConnectWait {
  readonly target: Endpoint;
}

registerAttempt<ConnectWait>("connect", (draft, _ctx, id) => {
  const socket = waitedSocket(draft, id);
  if (socket.net.phase === "connected") return 0;
  if (socket.net.phase === "connecting") return WOULD_BLOCK;
  return fail(socket.net.connectFailure || WSA_ERRORS.WSAETIMEDOUT, "NET-CONNECT");
});

/**
 * connect. Datagram sockets only record their default peer (AF_UNSPEC clears it); stream
 * sockets connect as described above (rules NET-CONNECT, NET-CONNECT-REFUSED).
 */
export function connect(
  state: KernelState,
  ctx: CallContext,
  args: ConnectArgs,
): Outcome<0 | Blocked> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, args.s);
    if (socket.type === SOCKET_TYPES.SOCK_DGRAM) return connectDatagram(draft, socket, args, why);
    const unix = socket.af === ADDRESS_FAMILIES.AF_UNIX;
    const target = unix
      ? readUnixSockaddr(args.name, args.namelen)
      : readSockaddr(socket.af, args.name, args.namelen, "NET-SOCKADDR");
    if (socket.net.phase === "listening") fail(WSA_ERRORS.WSAEINVAL, "NET-CONNECT");
    // After ConnectEx, until SO_UPDATE_CONNECT_CONTEXT, Winsock still thinks the socket merely
    // bound and the transport refuses a second connect: WSAEINVAL (rule CONNECTEX-CONTEXT).
    if (socket.net.phase === "connected" && socket.net.staleConnectContext === true)
      fail(WSA_ERRORS.WSAEINVAL, "CONNECTEX-CONTEXT");
    if (socket.net.phase === "connected") fail(WSA_ERRORS.WSAEISCONN, "NET-CONNECT");
    if (socket.net.phase === "connecting") fail(WSA_ERRORS.WSAEALREADY, "NET-CONNECT");
    // A socket a pending AcceptEx accepts into (Wine's test_AcceptEx, run on Windows).
    if (isAcceptTarget(state, socket.id)) fail(WSA_ERRORS.WSAEINVAL, "ACCEPTEX-ARGS");
    if (unix) return connectUnix(draft, socket, target, why);
    if (isWildcard(target) || target.port === 0) fail(WSA_ERRORS.WSAEADDRNOTAVAIL, "NET-CONNECT");
    // The implicit bind stays whatever the outcome: a refused socket is still bound (fact 116).
    bindImplicitly(draft, socket, why);
    const connected = startConnect(draft, socket, target, why);
    // Non-blocking: the outcome arrives later as far as the program can tell (fact N8).
    if (socket.nonBlocking) return new KeptFailure(WSA_ERRORS.WSAEWOULDBLOCK, "NET-CONNECT");
    if (connected) return 0;
    const wait: ConnectWait = { target };
    return block(draft, ctx, "connect", socket, wait, 0, why);
  });
}

/**
 * connect on an AF_UNIX socket: a path where a socket listens (with room in its backlog)
 * connects at once; any other path, bound or not, is refused at once with WSAECONNREFUSED,
 * since no SYN is retried between two processes of one machine (rule NET-UNIX-CONNECT). A
 * refused connect fails whole, so the socket stays unbound. Success takes the same path as a
 * loopback connection: the listener's queue gets the accepted end, and a non-blocking connect
 * reports WSAEWOULDBLOCK.
 */
function connectUnix(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  target: Endpoint,
  why: Citations,
): 0 | KeptFailure {
  const listener = findUnixListener(draft as KernelState, target.address);
  const listening = listener?.net.listener;
  if (listener === undefined || listening == null || listening.queue.length >= listening.backlog) {
    fail(WSA_ERRORS.WSAECONNREFUSED, "NET-UNIX-CONNECT");
  }
  why.cite("NET-UNIX-CONNECT");
  bindImplicitly(draft, socket, why);
  establish(draft, socket, listener, target, why);
  socket.net.connectFailure = 0;
  if (socket.nonBlocking) return new KeptFailure(WSA_ERRORS.WSAEWOULDBLOCK, "NET-CONNECT");
  return 0;
}

function connectDatagram(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  args: ConnectArgs,
  why: Citations,
): 0 {
  why.cite("NET-DATAGRAM-CONNECT");
  const disconnect = () => {
    socket.net.remote = null;
    socket.net.phase = "open";
    return 0 as const;
  };
  // AF_UNSPEC, or an all-zero address, dissolves the association (connect page).
  if (args.name.kind === "buffer" && sockaddrFamily(args.name.bytes, args.namelen) === 0)
    return disconnect();
  const target = readSockaddr(socket.af, args.name, args.namelen, "NET-SOCKADDR");
  if (isWildcard(target) && target.port === 0) return disconnect();
  // Port 0 is a peer like any other for a datagram socket: Wine's test_connect_events connects
  // a UDP socket to 127.0.0.1:0 and Windows succeeds (observed fact 49, not todo_wine). Only a
  // stream connect to port 0 fails (NET-CONNECT). Sends to that peer are sendto's to port 0.
  if (isWildcard(target)) fail(WSA_ERRORS.WSAEADDRNOTAVAIL, "NET-DATAGRAM-CONNECT");
  bindImplicitly(draft, socket, why);
  const previous = socket.net.remote;
  if (previous !== null && (previous.address !== target.address || previous.port !== target.port)) {
    // Datagrams queued from the old peer are discarded when the peer changes.
    socket.net.receiveQueue = EMPTY_QUEUE as Draft<typeof EMPTY_QUEUE>;
  }
  socket.net.remote = target as Draft<Endpoint>;
  socket.net.phase = "connected";
  // A datagram connect is an FD_CONNECT and an FD_WRITE too (observed fact 49).
  datagramConnected(new DraftWriter(draft), socket.id, why);
  return 0;
}
