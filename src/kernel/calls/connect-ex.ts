/**
 * ConnectEx and DisconnectEx, mswsock's overlapped connect and disconnect (rules CONNECTEX-*,
 * DISCONNECTEX-*; the operations' records are io.ts's).
 *
 * ConnectEx never completes inside the call on Windows: with a listener on the loopback it still
 * returns FALSE with ERROR_IO_PENDING, and the OVERLAPPED, the event and the port learn the
 * outcome (Wine's test_connect and test_connect_completion_port, run on Windows). Here the
 * operation completes during the call when the listener takes the connection at once, so the
 * program finds it done the first time it looks, and otherwise when the refusal's timer fires.
 *
 * DisconnectEx is shutdown(SD_SEND) as an operation: with an OVERLAPPED it too returns
 * ERROR_IO_PENDING and completes once the FIN has left (test_DisconnectEx); without one it waits.
 * TF_REUSE_SOCKET also waits for the peer's FIN, then takes the connection off the socket, which
 * keeps its local address for the next ConnectEx (DisconnectEx page).
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, DISCONNECT_FLAGS, SOCKET_TYPES } from "../../constants/values.js";
import {
  type Blocked,
  blockOn,
  Rewait,
  registerAttempt,
  WOULD_BLOCK,
  waitedSocket,
} from "../blocking.js";
import { resolveSocket } from "../descriptors.js";
import { finishIo, resultOf, startIo, waitIo } from "../io.js";
import type { BufferPointer } from "../memory.js";
import { isWildcard } from "../net/address.js";
import { getSocket, pump } from "../net/stream.js";
import { FRESH_NET } from "../net/types.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketId, SocketRecord } from "../state.js";
import { type Citations, fail, KeptFailure, type Outcome, transact } from "../transaction.js";
import { DraftWriter, type Writer } from "../writer.js";
import { readSockaddr } from "./bind.js";
import { startConnect } from "./connect.js";
import { eventOf, type OverlappedArg, type Pending } from "./overlapped.js";
import { type StreamSend, streamSend } from "./transfer.js";

const { TF_REUSE_SOCKET } = DISCONNECT_FLAGS;

/** lpSendBuffer with its dwSendDataLength bytes: NULL, unreadable, or the bytes. */
export type SendBufferArg =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  | { readonly kind: "buffer"; readonly data: Uint8Array };

export interface ConnectExArgs {
  readonly s: number;
  readonly name: BufferPointer;
  readonly namelen: number;
  readonly send: SendBufferArg;
  readonly overlapped: OverlappedArg;
}

/**
 * What a ConnectEx refused for the socket's state leaves behind: Windows has already written
 * STATUS_PENDING into Internal (and nothing into InternalHigh) when it fails the call.
 */
export interface ConnectExRefusal {
  readonly internalPending: true;
}

/** A pending ConnectEx: the bytes to send once connected, and how far their send has got. */
interface ConnectExWait extends StreamSend {}

/**
 * One look at a ConnectEx: still connecting, refused or timed out (the failure becomes the
 * OVERLAPPED's status), or connected, when the send buffer goes out and its length is the count.
 */
function connectExAttempt(
  w: Writer,
  id: SocketId,
  wait: ConnectExWait,
  why: Citations,
): number | Rewait | typeof WOULD_BLOCK {
  const socket = getSocket(w.draft(), id) as Draft<SocketRecord>;
  if (socket.net.phase === "connecting") return WOULD_BLOCK;
  if (socket.net.phase !== "connected")
    fail(socket.net.connectFailure || WSA_ERRORS.WSAETIMEDOUT, "CONNECTEX-PENDING");
  why.cite("CONNECTEX-PENDING", "CONNECTEX-CONTEXT");
  // Winsock's record of the socket is not told of the connection (rule CONNECTEX-CONTEXT).
  socket.net.staleConnectContext = true;
  if (wait.data.length === 0) return 0;
  const sent = streamSend(w, id, wait, true, why);
  return sent instanceof Rewait ? new Rewait(sent.args) : sent;
}

registerAttempt<ConnectExWait>("io:ConnectEx", (draft, _ctx, id, wait, why) => {
  waitedSocket(draft, id);
  return connectExAttempt(new DraftWriter(draft), id, wait, why);
});

/** The checks a ConnectEx makes on the socket's state; a refusal leaves Internal pending. */
function checkConnectable(socket: SocketRecord): void {
  const refusal: ConnectExRefusal = { internalPending: true };
  const phase = socket.net.phase;
  // A listener, a socket still connecting (observed fact 100) and an unbound socket are WSAEINVAL.
  if (phase === "listening" || phase === "connecting" || socket.net.local === null)
    fail(WSA_ERRORS.WSAEINVAL, "CONNECTEX-STATE", refusal);
  if (phase === "connected") fail(WSA_ERRORS.WSAEISCONN, "CONNECTEX-STATE", refusal);
}

/**
 * ConnectEx: FALSE with ERROR_IO_PENDING when the connect starts (rule CONNECTEX-PENDING);
 * FALSE with the error and no operation otherwise (CONNECTEX-ARGS, CONNECTEX-STATE).
 */
export function connectEx(
  state: KernelState,
  ctx: CallContext,
  args: ConnectExArgs,
): Outcome<Pending> {
  return transact<Pending>(state, (draft, why) => {
    // Checked before the socket, as Wine's WS2_ConnectEx does; Windows' order is not observed.
    if (args.overlapped.kind === "null") fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "CONNECTEX-ARGS");
    if (args.overlapped.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "CONNECTEX-ARGS");
    const overlapped = args.overlapped;
    const socket = resolveSocket(draft, ctx, args.s);
    // Only connection-oriented sockets (ConnectEx page); a UDP socket is WSAEINVAL. AF_UNIX is
    // not modelled for ConnectEx and answers the same.
    if (socket.type !== SOCKET_TYPES.SOCK_STREAM || socket.af === ADDRESS_FAMILIES.AF_UNIX)
      fail(WSA_ERRORS.WSAEINVAL, "CONNECTEX-ARGS");
    const target = readSockaddr(socket.af, args.name, args.namelen, "CONNECTEX-ARGS");
    if (args.send.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "CONNECTEX-ARGS");
    checkConnectable(socket as SocketRecord);
    if (isWildcard(target) || target.port === 0) fail(WSA_ERRORS.WSAEADDRNOTAVAIL, "NET-CONNECT");
    const event = eventOf(draft as KernelState, ctx, overlapped);
    const w = new DraftWriter(draft);
    const wait: ConnectExWait = {
      data: args.send.kind === "buffer" ? args.send.data.slice() : new Uint8Array(0),
      oob: false,
    };
    const seq = startIo(w, ctx, {
      call: "ConnectEx",
      socket: socket.id,
      overlapped: overlapped.address,
      event,
      // hEvent with its low bit set asks for no completion packet (PORT-NO-PACKET).
      noPacket: (overlapped.hEvent & 1) !== 0,
      args: wait,
    });
    why.cite("CONNECTEX-PENDING");
    const connected = startConnect(draft, socket, target, why);
    const first = connected ? connectExAttempt(w, socket.id, wait, why) : WOULD_BLOCK;
    if (first === WOULD_BLOCK || first instanceof Rewait) {
      if (first instanceof Rewait) {
        const io = w.editIn<{ args: unknown }>(w.root(), "io", seq);
        if (io !== undefined) io.args = first.args;
      }
      waitIo(w, ctx, seq);
    } else {
      finishIo(w, seq, resultOf(first, why.rules));
    }
    return new KeptFailure(WSA_ERRORS.WSA_IO_PENDING, "CONNECTEX-PENDING", { pending: seq });
  });
}

export interface DisconnectExArgs {
  readonly s: number;
  readonly overlapped: OverlappedArg;
  readonly flags: number;
  readonly reserved: number;
}

/**
 * Whether the disconnect is over: the FIN has left, and with TF_REUSE_SOCKET the peer's FIN has
 * arrived too (or the peer is gone). A connection broken meanwhile ends it with its error. Once
 * over, a reused socket loses its connection and keeps its address (rule DISCONNECTEX-REUSE).
 */
function disconnectAttempt(
  draft: Draft<KernelState>,
  id: SocketId,
  reuse: boolean,
  why: Citations,
): 0 | typeof WOULD_BLOCK {
  const socket = getSocket(draft, id) as Draft<SocketRecord>;
  const connection = socket.net.connection;
  if (connection === null) return 0;
  if (connection.error !== 0) fail(connection.error, "DISCONNECTEX-SHUTDOWN");
  // A peer already gone takes no FIN; its stack has closed its end (NET-PEER-GONE).
  if (!connection.finSent && connection.peer !== null) return WOULD_BLOCK;
  if (!reuse) return 0;
  if (!connection.finReceived && connection.peer !== null) return WOULD_BLOCK;
  why.cite("DISCONNECTEX-REUSE");
  const peer = connection.peer === null ? undefined : getSocket(draft, connection.peer);
  // The peer's end has seen both FINs; this socket's end of the connection is gone.
  if (peer?.net.connection != null) peer.net.connection.peer = null;
  socket.net = { ...FRESH_NET, local: socket.net.local } as Draft<SocketRecord["net"]>;
  return 0;
}

interface DisconnectWait {
  readonly reuse: boolean;
}

registerAttempt<DisconnectWait>("io:DisconnectEx", (draft, _ctx, id, wait, why) => {
  waitedSocket(draft, id);
  return disconnectAttempt(draft, id, wait.reuse, why);
});

registerAttempt<DisconnectWait>("DisconnectEx", (draft, _ctx, id, wait, why) => {
  waitedSocket(draft, id);
  return disconnectAttempt(draft, id, wait.reuse, why);
});

/**
 * DisconnectEx: with an OVERLAPPED, FALSE with ERROR_IO_PENDING and an operation that completes
 * with 0 bytes; without one, TRUE once the disconnect is over, BLOCKED until then (rules
 * DISCONNECTEX-SHUTDOWN, DISCONNECTEX-REUSE).
 */
export function disconnectEx(
  state: KernelState,
  ctx: CallContext,
  args: DisconnectExArgs,
): Outcome<0 | Blocked | Pending> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, args.s);
    if (args.overlapped.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "DISCONNECTEX-SHUTDOWN");
    if (args.reserved !== 0 || (args.flags & ~TF_REUSE_SOCKET) !== 0)
      fail(WSA_ERRORS.WSAEINVAL, "DISCONNECTEX-SHUTDOWN");
    // The page says datagram sockets are not supported; the code is the simulator's choice.
    if (socket.type !== SOCKET_TYPES.SOCK_STREAM)
      fail(WSA_ERRORS.WSAEOPNOTSUPP, "DISCONNECTEX-SHUTDOWN");
    if (socket.net.phase !== "connected" || socket.net.connection === null)
      fail(WSA_ERRORS.WSAENOTCONN, "DISCONNECTEX-SHUTDOWN");
    const event = eventOf(draft as KernelState, ctx, args.overlapped);
    why.cite("DISCONNECTEX-SHUTDOWN");
    // The send side shuts as shutdown(SD_SEND) shuts it: a FIN behind the data already sent.
    socket.net.sendShutdown = true;
    socket.net.connection.finQueued = true;
    const w = new DraftWriter(draft);
    pump(w, socket.id, why);
    const reuse = (args.flags & TF_REUSE_SOCKET) !== 0;
    const wait: DisconnectWait = { reuse };
    if (args.overlapped.kind === "null") {
      const now = disconnectAttempt(draft, socket.id, reuse, why);
      if (now === 0) return 0;
      return blockOn(draft, ctx, "DisconnectEx", socket.id, wait, 0);
    }
    const overlapped = args.overlapped;
    const seq = startIo(w, ctx, {
      call: "DisconnectEx",
      socket: socket.id,
      overlapped: overlapped.address,
      event,
      noPacket: (overlapped.hEvent & 1) !== 0,
      args: wait,
    });
    if (disconnectAttempt(draft, socket.id, reuse, why) === 0)
      finishIo(w, seq, resultOf(0, why.rules));
    else waitIo(w, ctx, seq);
    return new KeptFailure(WSA_ERRORS.WSA_IO_PENDING, "DISCONNECTEX-SHUTDOWN", { pending: seq });
  });
}
