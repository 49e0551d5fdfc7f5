/**
 * The errors an option gives on sockets it does not apply to. They are checked after the option
 * is known and its direction allowed, and before optlen is looked at.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, SOCKET_TYPES } from "../../constants/values.js";
import type { SocketRecord } from "../state.js";
import type { Operation, Refusal } from "./spec.js";

type Refuse = (socket: SocketRecord, operation: Operation) => Refusal | undefined;

const isStream = (socket: SocketRecord) => socket.type === SOCKET_TYPES.SOCK_STREAM;

/** SO_LINGER and SO_DONTLINGER exist only for connection-oriented sockets (research 4g). */
export const streamOnly: Refuse = (socket) =>
  isStream(socket) ? undefined : { code: WSA_ERRORS.WSAENOPROTOOPT, rule: "OPT-STREAM-ONLY" };

/**
 * Datagram-only IP and IPv6 options (multicast, packet information, ancillary receive data) fail
 * with WSAEINVAL on a TCP socket, not WSAENOPROTOOPT (test_sockopt_validity, observed fact 141).
 */
export const datagramOnly: Refuse = (socket) =>
  isStream(socket) ? { code: WSA_ERRORS.WSAEINVAL, rule: "OPT-DATAGRAM-ONLY" } : undefined;

/** IP_HDRINCL / IPV6_HDRINCL work on raw sockets only; elsewhere WSAEINVAL (research 4c, 4j). */
export const rawOnly: Refuse = (socket) =>
  socket.type === SOCKET_TYPES.SOCK_RAW
    ? undefined
    : { code: WSA_ERRORS.WSAEINVAL, rule: "OPT-DATAGRAM-ONLY" };

/** Options that fail with WSAEINVAL on every socket (C7 for the BSD options, 4j for *_GET_IFLIST). */
export const alwaysInvalid: Refuse = () => ({
  code: WSA_ERRORS.WSAEINVAL,
  rule: "OPT-UNSUPPORTED-EINVAL",
});

/** Options that no socket of the TCP/IP provider supports (C7, C8 legacy rows). */
export const neverSupported: Refuse = () => ({
  code: WSA_ERRORS.WSAENOPROTOOPT,
  rule: "OPT-NOT-SUPPORTED",
});

/** IPPROTO_TCP options on a socket that is not TCP (C9: they apply to TCP sockets). */
export const tcpOnly: Refuse = (socket) =>
  isStream(socket) ? undefined : { code: WSA_ERRORS.WSAENOPROTOOPT, rule: "OPT-TCP-ONLY" };

/** SO_DONTROUTE: setting it on AF_INET6 fails with WSAENOPROTOOPT (C7). */
export const dontRouteOnIpv6: Refuse = (socket, operation) =>
  operation === "set" && socket.af === ADDRESS_FAMILIES.AF_INET6
    ? { code: WSA_ERRORS.WSAENOPROTOOPT, rule: "OPT-DONTROUTE-IPV6" }
    : undefined;

/**
 * Options whose value exists only on a connected socket (IP_MTU, IPV6_MTU, TCP_MAXSEG): reading
 * one fails with WSAENOTCONN until the socket's connection is established (isConnected below),
 * and works from then on.
 */
export const connectedOnly: Refuse = (socket, operation) =>
  operation === "get" && !isConnected(socket)
    ? { code: WSA_ERRORS.WSAENOTCONN, rule: "OPT-NOT-CONNECTED" }
    : undefined;

/**
 * IP_ADD_MEMBERSHIP and its kin are set-only: reading them is WSAENOPROTOOPT on every socket
 * (the direction rule), while writing them on TCP is refused like the other datagram options.
 */
export const datagramOnlyWrite: Refuse = (socket, operation) =>
  operation === "set" ? datagramOnly(socket, operation) : undefined;

/**
 * setsockopt(SO_TYPE) is WSAENOPROTOOPT on TCP but WSAEINVAL on UDP (test_WSASocket, observed
 * fact 21); the other read-only options have no such observation and keep WSAENOPROTOOPT.
 */
export const typeWriteOnDatagram: Refuse = (socket, operation) =>
  operation === "set" && !isStream(socket)
    ? { code: WSA_ERRORS.WSAEINVAL, rule: "OPT-READ-ONLY" }
    : undefined;

/** SO_UPDATE_ACCEPT_CONTEXT needs a socket AcceptEx accepted a connection into. */
export const needsAcceptEx: Refuse = (socket, operation) =>
  operation === "set" && socket.acceptContext === undefined
    ? { code: WSA_ERRORS.WSAEINVAL, rule: "OPT-CONTEXT-UPDATE" }
    : undefined;

/** SO_UPDATE_CONNECT_CONTEXT needs a socket connected by ConnectEx. */
export const needsConnectEx: Refuse = (socket, operation) =>
  operation === "set" && !isConnected(socket)
    ? { code: WSA_ERRORS.WSAENOTCONN, rule: "OPT-CONTEXT-UPDATE" }
    : undefined;

/** A stream socket with an established connection (a datagram socket never counts). */
export function isConnected(socket: SocketRecord): boolean {
  return socket.net.phase === "connected" && socket.net.connection !== null;
}

export function isListening(socket: SocketRecord): boolean {
  return socket.net.phase === "listening";
}
