/**
 * shutdown and ioctlsocket.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { IOCTL_COMMANDS, SHUTDOWN_HOW, SOCKET_TYPES } from "../../constants/values.js";
import { resolveSocket } from "../descriptors.js";
import { pump } from "../net/stream.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketRecord } from "../state.js";
import { type Citations, fail, type Outcome, transact } from "../transaction.js";
import { DraftWriter } from "../writer.js";

/**
 * shutdown: an unknown `how` is WSAEINVAL; a stream socket must be connected (WSAENOTCONN, also
 * for a listener: fact 89). SD_SEND queues a FIN behind the data already sent; SD_RECEIVE makes
 * later receives fail with WSAESHUTDOWN. Neither can be undone, and either may be repeated
 * (facts 90-95; rule NET-SHUTDOWN).
 */
export function shutdown(
  state: KernelState,
  ctx: CallContext,
  s: number,
  how: number,
): Outcome<void> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, s);
    if (
      how !== SHUTDOWN_HOW.SD_RECEIVE &&
      how !== SHUTDOWN_HOW.SD_SEND &&
      how !== SHUTDOWN_HOW.SD_BOTH
    ) {
      fail(WSA_ERRORS.WSAEINVAL, "NET-SHUTDOWN");
    }
    const stream = socket.type === SOCKET_TYPES.SOCK_STREAM;
    if (stream && (socket.net.phase !== "connected" || socket.net.connection === null)) {
      fail(WSA_ERRORS.WSAENOTCONN, "NET-SHUTDOWN");
    }
    // Connected by ConnectEx and not updated: Winsock refuses as if unconnected (CONNECTEX-CONTEXT).
    if (socket.net.staleConnectContext === true) fail(WSA_ERRORS.WSAENOTCONN, "CONNECTEX-CONTEXT");
    why.cite("NET-SHUTDOWN");
    if (how !== SHUTDOWN_HOW.SD_SEND) socket.net.receiveShutdown = true;
    if (how !== SHUTDOWN_HOW.SD_RECEIVE) {
      socket.net.sendShutdown = true;
      if (socket.net.connection !== null) {
        socket.net.connection.finQueued = true;
        pump(new DraftWriter(draft), socket.id, why);
      }
    }
  });
}

/** What ioctlsocket writes through argp. */
export interface IoctlResult {
  readonly argp?: number;
}

/**
 * FIONBIO on a socket: the blocking mode every descriptor sees, or the error that refuses it.
 * Back to blocking is refused while WSAEventSelect or WSAAsyncSelect is in force (rule
 * EVT-NONBLOCKING; observed fact N19). ioctlsocket and WSAIoctl share it.
 */
export function setNonBlocking(
  socket: Draft<SocketRecord>,
  value: number,
  why: Citations,
): number | undefined {
  why.cite("DESC-SHARED-STATE");
  if (value === 0 && (socket.notify?.registration ?? null) !== null) return WSA_ERRORS.WSAEINVAL;
  socket.nonBlocking = value !== 0;
  return undefined;
}

/**
 * FIONREAD (the normal bytes waiting; a datagram socket: the first datagram's size) or
 * SIOCATMARK (TRUE unless an urgent byte waits). ioctlsocket and WSAIoctl share it.
 */
export function readIoctl(socket: SocketRecord, command: number): number {
  if (command === IOCTL_COMMANDS.FIONREAD) {
    const queue = socket.net.receiveQueue;
    const datagram = socket.type !== SOCKET_TYPES.SOCK_STREAM;
    return datagram ? (queue.segments[0]?.data.length ?? 0) : queue.bytes;
  }
  return socket.net.urgent.bytes === 0 ? 1 : 0;
}

/**
 * ioctlsocket: FIONBIO sets the blocking mode of the socket (every descriptor sees it),
 * FIONREAD reports the normal bytes waiting (a datagram socket: the first datagram's size),
 * SIOCATMARK is TRUE unless an urgent byte waits. Any other command is WSAEOPNOTSUPP
 * (rule NET-IOCTL).
 */
export function ioctlsocket(
  state: KernelState,
  ctx: CallContext,
  s: number,
  cmd: number,
  argp: { readonly kind: "null" | "invalid" } | { readonly kind: "int"; readonly value: number },
): Outcome<IoctlResult> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, s);
    const command = cmd >>> 0;
    const known = Object.values(IOCTL_COMMANDS).includes(command as never);
    if (!known) fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-IOCTL");
    if (argp.kind !== "int") fail(WSA_ERRORS.WSAEFAULT, "NET-IOCTL");
    why.cite("NET-IOCTL");
    if (command === IOCTL_COMMANDS.FIONBIO) {
      const refused = setNonBlocking(socket, argp.value, why);
      if (refused !== undefined) fail(refused, "EVT-NONBLOCKING");
      return {};
    }
    return { argp: readIoctl(socket, command) };
  });
}
