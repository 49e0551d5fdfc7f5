/**
 * shutdown and ioctlsocket.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { IOCTL_COMMANDS, SHUTDOWN_HOW, SOCKET_TYPES } from "../../constants/values.js";
import { resolveSocket } from "../descriptors.js";
import { pump } from "../net/stream.js";
import type { CallContext } from "../processes.js";
import type { KernelState } from "../state.js";
import { fail, type Outcome, transact } from "../transaction.js";
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
    switch (command) {
      case IOCTL_COMMANDS.FIONBIO:
        why.cite("DESC-SHARED-STATE");
        // Back to blocking is refused while WSAEventSelect or WSAAsyncSelect is in force
        // (rule EVT-NONBLOCKING; observed fact N19).
        if (argp.value === 0 && (socket.notify?.registration ?? null) !== null) {
          fail(WSA_ERRORS.WSAEINVAL, "EVT-NONBLOCKING");
        }
        socket.nonBlocking = argp.value !== 0;
        return {};
      case IOCTL_COMMANDS.FIONREAD: {
        const queue = socket.net.receiveQueue;
        const datagram = socket.type !== SOCKET_TYPES.SOCK_STREAM;
        return { argp: datagram ? (queue.segments[0]?.data.length ?? 0) : queue.bytes };
      }
      default:
        return { argp: socket.net.urgent.bytes === 0 ? 1 : 0 };
    }
  });
}
