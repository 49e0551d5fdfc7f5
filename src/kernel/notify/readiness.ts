/**
 * What select and WSAPoll report for a socket, from its state alone (rules SEL-*).
 *
 * select and WSAPoll read the same conditions, so they agree by construction: a socket is in
 * readfds exactly when WSAPoll reports POLLRDNORM or POLLHUP or POLLERR, in writefds exactly when
 * it reports POLLWRNORM, in exceptfds exactly when POLLRDBAND (urgent data) or a failed connect.
 */
import { POLL_FLAGS, SOCKET_TYPES } from "../../constants/values.js";
import { optionValue } from "../options/index.js";
import type { SocketRecord } from "../state.js";
import { writable } from "./record.js";

export interface Readiness {
  /** recv or accept would not block (data, a queued connection, a FIN, a reset, a datagram). */
  readonly read: boolean;
  /** send would not block, or a non-blocking connect completed. */
  readonly write: boolean;
  /** Urgent data waits (SO_OOBINLINE off), or a connect failed. */
  readonly except: boolean;
  /** The peer sent its FIN or the connection was reset. */
  readonly hangup: boolean;
  /** The connection was reset or the connect failed. */
  readonly error: boolean;
  readonly urgent: boolean;
  readonly data: boolean;
}

/** Data (or a connection, or a datagram's error) waits to be read: POLLRDNORM. */
function hasData(socket: SocketRecord): boolean {
  const net = socket.net;
  return (
    net.receiveQueue.bytes > 0 ||
    (net.listener?.queue.length ?? 0) > 0 ||
    (socket.type !== SOCKET_TYPES.SOCK_STREAM && net.unreachable)
  );
}

/**
 * `readiness(socket).read` alone, for select's readfds, the set programs fill most: it needs
 * none of the option lookups the other conditions make.
 */
export function readable(socket: SocketRecord): boolean {
  const connection = socket.net.connection;
  return (
    hasData(socket) || (connection !== null && (connection.finReceived || connection.error !== 0))
  );
}

export function readiness(socket: SocketRecord): Readiness {
  const net = socket.net;
  const connection = net.connection;
  const stream = socket.type === SOCKET_TYPES.SOCK_STREAM;
  const reset = connection !== null && connection.error !== 0;
  const fin = connection?.finReceived === true;
  const inline = optionValue(socket, "SO_OOBINLINE") !== 0;
  const urgent = net.urgent.bytes > 0 && !inline;
  const data = hasData(socket);
  const failed = stream && net.connectFailure !== 0;
  return {
    read: readable(socket),
    // After a reset a send fails at once, so it does not block: writable (observed fact 85).
    write: stream ? writable(socket) || reset : !net.sendShutdown,
    except: urgent || failed,
    hangup: fin || reset || (failed && net.phase !== "connecting"),
    error: reset || (failed && net.phase !== "connecting"),
    urgent,
    data,
  };
}

/** WSAPoll's revents for `events` (rule SEL-POLL): POLLERR and POLLHUP are reported unasked. */
export function pollEvents(socket: SocketRecord, events: number): number {
  const r = readiness(socket);
  let revents = 0;
  if (r.data && (events & POLL_FLAGS.POLLRDNORM) !== 0) revents |= POLL_FLAGS.POLLRDNORM;
  if (r.urgent && (events & POLL_FLAGS.POLLRDBAND) !== 0) revents |= POLL_FLAGS.POLLRDBAND;
  if ((r.write || r.error) && (events & POLL_FLAGS.POLLWRNORM) !== 0)
    revents |= POLL_FLAGS.POLLWRNORM;
  if (r.hangup) revents |= POLL_FLAGS.POLLHUP;
  if (r.error) revents |= POLL_FLAGS.POLLERR;
  return revents;
}
