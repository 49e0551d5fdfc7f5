/**
 * bind, getsockname and getpeername.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, FD_EVENTS, SOCKET_TYPES } from "../../constants/values.js";

import { resolveSocket } from "../descriptors.js";
import type { BufferPointer, IntPointer } from "../memory.js";
import {
  decodeSockaddr,
  encodeSockaddr,
  isLocal,
  sockaddrFamily,
  sockaddrSize,
  unmapped,
} from "../net/address.js";
import { claimPath, pathTaken } from "../net/paths.js";
import { claimPort, ephemeralPort, protocolOf } from "../net/ports.js";
import { UNNAMED } from "../net/sockaddr-un.js";
import type { Endpoint } from "../net/types.js";
import { occur, writable } from "../notify/record.js";
import { optionValue } from "../options/index.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketRecord } from "../state.js";
import { type Citations, fail, type Outcome, transact } from "../transaction.js";
import { DraftWriter } from "../writer.js";

const { AF_INET6, AF_UNIX } = ADDRESS_FAMILIES;
const { SOCK_DGRAM } = SOCKET_TYPES;

/** What a name query writes: the SOCKADDR bytes and the length stored in *namelen. */
export interface NameOutput {
  readonly name: Uint8Array;
  readonly namelen: number;
}

/**
 * Reads the SOCKADDR a call was given for a socket of family `af`: NULL, unreadable or shorter
 * than the family's SOCKADDR is WSAEFAULT; another family is WSAEAFNOSUPPORT (rule NET-SOCKADDR).
 */
export function readSockaddr(
  af: number,
  name: BufferPointer,
  namelen: number,
  rule: string,
): Endpoint {
  if (name.kind !== "buffer") fail(WSA_ERRORS.WSAEFAULT, rule);
  const family = sockaddrFamily(name.bytes, namelen);
  if (family === undefined) fail(WSA_ERRORS.WSAEFAULT, rule);
  if (family !== af) {
    fail(namelen < sockaddrSize(af) ? WSA_ERRORS.WSAEFAULT : WSA_ERRORS.WSAEAFNOSUPPORT, rule);
  }
  const endpoint = decodeSockaddr(name.bytes, namelen);
  if (endpoint === undefined) fail(WSA_ERRORS.WSAEFAULT, rule);
  return endpoint;
}

/**
 * Reads the SOCKADDR_UN given to an AF_UNIX socket (rule NET-UNIX-ADDRESS): NULL, unreadable,
 * or too short to hold the family is WSAEFAULT; another family is WSAEAFNOSUPPORT; an empty
 * path (sun_path[0] = 0: Linux's abstract names and autobind, which the simulator does not
 * model) is WSAEINVAL.
 */
export function readUnixSockaddr(name: BufferPointer, namelen: number): Endpoint {
  const rule = "NET-UNIX-ADDRESS";
  if (name.kind !== "buffer" || namelen > name.bytes.length) fail(WSA_ERRORS.WSAEFAULT, rule);
  const family = sockaddrFamily(name.bytes, namelen);
  if (family === undefined) fail(WSA_ERRORS.WSAEFAULT, rule);
  if (family !== AF_UNIX) fail(WSA_ERRORS.WSAEAFNOSUPPORT, rule);
  const endpoint = decodeSockaddr(name.bytes, namelen);
  if (endpoint === undefined || endpoint.address === "") fail(WSA_ERRORS.WSAEINVAL, rule);
  return endpoint;
}

/**
 * bind on an AF_UNIX socket: the address, then "already bound" (WSAEINVAL), then the path: one
 * that any bind has claimed, even one whose socket is closed, is WSAEADDRINUSE, because the file
 * that bind created is still there (rules NET-UNIX-BIND, NET-UNIX-PATH-STAYS).
 */
function bindUnix(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  args: BindArgs,
  why: Citations,
): void {
  const local = readUnixSockaddr(args.name, args.namelen);
  if (socket.net.local !== null) fail(WSA_ERRORS.WSAEINVAL, "NET-UNIX-BIND");
  if (pathTaken(draft as KernelState, local.address)) {
    fail(WSA_ERRORS.WSAEADDRINUSE, "NET-UNIX-PATH-STAYS");
  }
  claimPath(new DraftWriter(draft), socket.id, local);
  socket.net.local = local as Draft<Endpoint>;
  why.cite("NET-UNIX-BIND");
}

/** Binds `socket` to `local`, choosing an ephemeral port for port 0. */
export function bindTo(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  local: Endpoint,
  why: Citations,
): Endpoint {
  const port =
    local.port === 0 ? ephemeralPort(draft, protocolOf(socket as SocketRecord)) : local.port;
  const bound = { ...local, port };
  claimPort(draft, socket, bound);
  why.cite(local.port === 0 ? "NET-EPHEMERAL" : "NET-BIND");
  // A datagram socket can send as soon as it has an address, so becoming bound (here, or
  // implicitly by sendto or connect) is its FD_WRITE, recorded once; an unbound one records
  // none (rule EVT-WRITE: Wine's test_WSAEnumNetworkEvents and test_connect_events, run on
  // Windows). In message mode a registration has posted FD_WRITE already and it is not posted
  // again until a send re-enables it (EVT-ONCE).
  if (socket.type === SOCK_DGRAM && writable(socket as SocketRecord)) {
    why.cite("EVT-WRITE");
    occur(new DraftWriter(draft), socket.id, FD_EVENTS.FD_WRITE, why);
  }
  return bound;
}

/**
 * The implicit bind of connect and sendto on an unbound socket: the wildcard address of the
 * socket's family and an ephemeral port (rule NET-EPHEMERAL).
 */
export function bindImplicitly(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  why: Citations,
): Endpoint {
  if (socket.net.local !== null) return socket.net.local as Endpoint;
  if (socket.af === AF_UNIX) {
    // An AF_UNIX socket that connects unbound is unnamed: it claims no path (NET-UNIX-NAMES).
    why.cite("NET-UNIX-NAMES");
    socket.net.local = UNNAMED as Draft<Endpoint>;
    return UNNAMED;
  }
  const wildcard = socket.af === AF_INET6 ? "::" : "0.0.0.0";
  return bindTo(draft, socket, { family: socket.af, address: wildcard, port: 0 }, why);
}

export interface BindArgs {
  readonly s: number;
  readonly name: BufferPointer;
  readonly namelen: number;
}

/** bind: checks in order socket, address, already bound, local address, conflicts (NET-BIND). */
export function bind(state: KernelState, ctx: CallContext, args: BindArgs): Outcome<void> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, args.s);
    if (socket.af === AF_UNIX) return bindUnix(draft, socket, args, why);
    const local = readSockaddr(socket.af, args.name, args.namelen, "NET-SOCKADDR");
    if (socket.net.local !== null) fail(WSA_ERRORS.WSAEINVAL, "NET-BIND");
    if (!isLocal(local)) fail(WSA_ERRORS.WSAEADDRNOTAVAIL, "NET-BIND");
    if (unmapped(local).family !== local.family && socket.af === AF_INET6) {
      // An IPv4-mapped address on an IPv6-only socket names nothing it can receive.
      if (optionValue(socket as SocketRecord, "IPV6_V6ONLY") !== 0)
        fail(WSA_ERRORS.WSAEADDRNOTAVAIL, "NET-BIND");
    }
    bindTo(draft, socket, local, why);
  });
}

/** Writes a SOCKADDR through name/namelen: *namelen below its size is WSAEFAULT (NET-NAMES). */
function writeName(endpoint: Endpoint, name: BufferPointer, namelen: IntPointer): NameOutput {
  if (name.kind !== "buffer" || namelen.kind !== "int") fail(WSA_ERRORS.WSAEFAULT, "NET-NAMES");
  const bytes = encodeSockaddr(endpoint);
  if (namelen.value < bytes.length || name.bytes.length < bytes.length)
    fail(WSA_ERRORS.WSAEFAULT, "NET-NAMES");
  return { name: bytes, namelen: bytes.length };
}

export interface NameArgs {
  readonly s: number;
  readonly name: BufferPointer;
  readonly namelen: IntPointer;
}

/** getsockname: an unbound socket is WSAEINVAL (research notes 4g). */
export function getsockname(
  state: KernelState,
  ctx: CallContext,
  args: NameArgs,
): Outcome<NameOutput> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, args.s);
    const local = socket.net.local;
    if (local === null) fail(WSA_ERRORS.WSAEINVAL, "NET-NAMES");
    if (socket.acceptContext === "pending") fail(WSA_ERRORS.WSAENOTCONN, "ACCEPTEX-CONTEXT");
    why.cite(local.family === AF_UNIX ? "NET-UNIX-NAMES" : "NET-NAMES");
    return writeName(local as Endpoint, args.name, args.namelen);
  });
}

/** getpeername: a socket without a peer is WSAENOTCONN. */
export function getpeername(
  state: KernelState,
  ctx: CallContext,
  args: NameArgs,
): Outcome<NameOutput> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, args.s);
    const remote = socket.net.remote;
    // A connect still in progress already has a peer name (observed fact N31).
    if (remote === null || socket.net.phase === "open" || socket.net.phase === "listening") {
      fail(WSA_ERRORS.WSAENOTCONN, "NET-NAMES");
    }
    // Connected by ConnectEx and not updated: Winsock has no peer yet (rule CONNECTEX-CONTEXT).
    if (socket.net.staleConnectContext === true) fail(WSA_ERRORS.WSAENOTCONN, "CONNECTEX-CONTEXT");
    if (socket.acceptContext === "pending") fail(WSA_ERRORS.WSAENOTCONN, "ACCEPTEX-CONTEXT");
    why.cite((remote as Endpoint).family === AF_UNIX ? "NET-UNIX-NAMES" : "NET-NAMES");
    return writeName(remote as Endpoint, args.name, args.namelen);
  });
}
