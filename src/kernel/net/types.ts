/**
 * Network state of a socket: addresses, queues and connection state of the loopback network.
 *
 * Only the loopback network exists: every address a socket can reach lives in the same kernel,
 * so "sending" moves bytes from one socket record to another. What is kept is what Windows lets
 * a program observe: which bytes are queued where, which end has sent FIN or RST, and the
 * per-socket error.
 */
import type { SocketId } from "../state.js";

export interface Endpoint {
  /** AF_INET, AF_INET6 or AF_UNIX. */
  readonly family: number;
  /**
   * Canonical text: "127.0.0.1", "::1", "0.0.0.0", "::", "::ffff:127.0.0.1"; for AF_UNIX the
   * path as given, "" for an unnamed socket (net/sockaddr-un.ts).
   */
  readonly address: string;
  /** The port; always 0 for AF_UNIX, which has none. */
  readonly port: number;
}

/**
 * AF_UNIX paths that a bind has claimed: the socket bound there, or null once it is gone and
 * only its file is left (net/paths.ts).
 */
export type UnixPaths = Readonly<Record<string, SocketId | null>>;

/** A run of bytes in a queue; a datagram keeps its sender. */
export interface Segment {
  readonly data: Uint8Array;
  readonly from?: Endpoint;
  /** An urgent byte was sent after this segment: a normal read stops here (rule NET-OOB). */
  readonly markAfter?: boolean;
  /** In a send queue: this one byte was sent with MSG_OOB and is delivered as urgent data. */
  readonly urgent?: boolean;
}

/** An immutable byte queue: segments in order, and their total length. */
export interface ByteQueue {
  readonly segments: readonly Segment[];
  readonly bytes: number;
}

export const EMPTY_QUEUE: ByteQueue = Object.freeze({ segments: Object.freeze([]), bytes: 0 });

/**
 * Where a socket is in its life. A datagram socket is "open" or "connected" (a default peer);
 * a stream socket moves open -> connecting -> connected, or open -> listening.
 */
export type Phase = "open" | "listening" | "connecting" | "connected";

export interface Listener {
  readonly backlog: number;
  /** Connections completed by the network and not yet accepted, oldest first. */
  readonly queue: readonly SocketId[];
}

/** Stream connection state, present from connect (or accept) on. */
export interface Connection {
  /** The other end; null once that socket is gone. */
  readonly peer: SocketId | null;
  /** Bytes send() accepted that the peer's receive window has not taken yet. */
  readonly sendQueue: ByteQueue;
  /** A FIN follows the send queue (shutdown SD_SEND or a graceful close). */
  readonly finQueued: boolean;
  /** The FIN has left (the send queue drained after finQueued). */
  readonly finSent: boolean;
  /** The peer's FIN arrived: once the receive queue is empty, recv returns 0. */
  readonly finReceived: boolean;
  /** The connection failed or was reset: WSAECONNRESET, WSAECONNABORTED, ...; 0 while healthy. */
  readonly error: number;
  /** Virtual time the connection was established (SO_CONNECT_TIME). */
  readonly since: number;
}

export interface NetState {
  readonly phase: Phase;
  readonly local: Endpoint | null;
  /** Stream: the peer's address once connected; datagram: the default destination. */
  readonly remote: Endpoint | null;
  /** Data received and not yet read (stream bytes, or datagrams). */
  readonly receiveQueue: ByteQueue;
  /** Out-of-band bytes waiting for recv(MSG_OOB) while SO_OOBINLINE is off. */
  readonly urgent: ByteQueue;
  readonly listener: Listener | null;
  readonly connection: Connection | null;
  /** Virtual time at which a pending connect gives up (unreachable address), or null. */
  readonly connectDeadline: number | null;
  /**
   * Why the last connect failed (WSAECONNREFUSED, WSAETIMEDOUT), 0 if it did not. It marks the
   * socket for select's exceptfds and is what a blocked connect returns; a successful connect
   * clears it.
   */
  readonly connectFailure: number;
  /**
   * True once the last descriptor is closed while a graceful close still has data to deliver:
   * the socket lives on without descriptors until its send queue drains (rule NET-GRACEFUL).
   */
  readonly orphan: boolean;
  /** A socket created by a listener and not yet accepted. */
  readonly embryonic: boolean;
  /** A datagram sent from here met a closed port: the next receive fails once with WSAECONNRESET. */
  readonly unreachable: boolean;
  /** shutdown(SD_SEND) or SD_BOTH was called: sends fail with WSAESHUTDOWN. */
  readonly sendShutdown: boolean;
  /** shutdown(SD_RECEIVE) or SD_BOTH was called: receives fail with WSAESHUTDOWN. */
  readonly receiveShutdown: boolean;
  /**
   * Connected by ConnectEx, with no SO_UPDATE_CONNECT_CONTEXT since: Winsock's own record of the
   * socket still says "bound", so connect fails with WSAEINVAL and getpeername and shutdown with
   * WSAENOTCONN until the option is set (rule CONNECTEX-CONTEXT). Absent means false.
   */
  readonly staleConnectContext?: boolean;
}

export const FRESH_NET: NetState = Object.freeze({
  phase: "open",
  local: null,
  remote: null,
  receiveQueue: EMPTY_QUEUE,
  urgent: EMPTY_QUEUE,
  listener: null,
  connection: null,
  connectDeadline: null,
  connectFailure: 0,
  orphan: false,
  embryonic: false,
  unreachable: false,
  sendShutdown: false,
  receiveShutdown: false,
});
