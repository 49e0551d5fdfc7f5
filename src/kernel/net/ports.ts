/**
 * Port bindings: who may bind where, ephemeral ports, and which listener takes a connection.
 *
 * The conflict rules reproduce the SO_REUSEADDR / SO_EXCLUSIVEADDRUSE results that Wine's
 * test_reuseaddr asserts on Windows (research notes 4f, observed facts 133-136):
 * - the same address twice: WSAEADDRINUSE, unless both sockets set SO_REUSEADDR; a second
 *   socket that sets SO_REUSEADDR against one that did not gets WSAEACCES;
 * - a wildcard bound first with SO_EXCLUSIVEADDRUSE denies any covered address (WSAEACCES);
 *   without it, a specific address may join it;
 * - a specific address bound first denies a later exclusive wildcard (WSAEADDRINUSE), and
 *   allows a plain one.
 * A dual-stack IPv6 wildcard (IPV6_V6ONLY = 0) covers IPv4 addresses; an IPv4-mapped IPv6
 * address is the IPv4 address.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, SOCKET_TYPES } from "../../constants/values.js";
import { optionValue } from "../options/index.js";
import {
  FIRST_EPHEMERAL_PORT,
  type KernelState,
  LAST_EPHEMERAL_PORT,
  type SocketId,
  type SocketRecord,
} from "../state.js";
import { fail } from "../transaction.js";
import { type Trie, trieGet, trieSet } from "../trie.js";
import type { Writer } from "../writer.js";
import { isWildcard, unmapped } from "./address.js";
import { releasePath } from "./paths.js";
import type { Endpoint } from "./types.js";

type Protocol = "tcp" | "udp";

export function protocolOf(socket: SocketRecord): Protocol {
  return socket.type === SOCKET_TYPES.SOCK_STREAM ? "tcp" : "udp";
}

function dualStack(socket: SocketRecord): boolean {
  return socket.af === ADDRESS_FAMILIES.AF_INET6 && optionValue(socket, "IPV6_V6ONLY") === 0;
}

/** Whether a socket bound at `bound` receives traffic for `target` (ports aside). */
export function covers(socket: SocketRecord, bound: Endpoint, target: Endpoint): boolean {
  const a = unmapped(bound);
  const b = unmapped(target);
  if (a.family === b.family && a.address === b.address) return true;
  if (!isWildcard(bound)) return false;
  if (a.family === b.family) return true;
  return (
    a.family === ADDRESS_FAMILIES.AF_INET6 &&
    b.family === ADDRESS_FAMILIES.AF_INET &&
    dualStack(socket)
  );
}

/** The error binding `socket` at `local` gets against `other`, bound earlier; 0 if none. */
function conflict(other: SocketRecord, socket: SocketRecord, local: Endpoint): number {
  const otherLocal = other.net.local as Endpoint;
  const reuse = (s: SocketRecord) => optionValue(s, "SO_REUSEADDR") !== 0;
  const exclusive = (s: SocketRecord) => optionValue(s, "SO_EXCLUSIVEADDRUSE") !== 0;
  const a = unmapped(otherLocal);
  const b = unmapped(local);
  if (a.family === b.family && a.address === b.address) {
    if (reuse(other) && reuse(socket)) return 0;
    if (reuse(socket) && !exclusive(other)) return WSA_ERRORS.WSAEACCES;
    return WSA_ERRORS.WSAEADDRINUSE;
  }
  if (covers(other, otherLocal, local)) return exclusive(other) ? WSA_ERRORS.WSAEACCES : 0;
  if (covers(socket, local, otherLocal)) return exclusive(socket) ? WSA_ERRORS.WSAEADDRINUSE : 0;
  return 0;
}

function portTable(draft: Draft<KernelState>, protocol: Protocol): Trie<readonly SocketId[]> {
  return draft.ports[protocol] as Trie<readonly SocketId[]>;
}

export function boundOn(state: KernelState, protocol: Protocol, port: number): readonly SocketId[] {
  return trieGet(state.ports[protocol], port) ?? [];
}

/** Checks that `socket` may bind at `local` (port already chosen) and records the binding. */
export function claimPort(
  draft: Draft<KernelState>,
  socket: Draft<SocketRecord>,
  local: Endpoint,
): void {
  const protocol = protocolOf(socket);
  const state = draft as KernelState;
  for (const id of boundOn(state, protocol, local.port)) {
    const other = trieGet(state.sockets, id);
    if (other === undefined || other.id === socket.id) continue;
    const error = conflict(other, socket as SocketRecord, local);
    if (error !== 0) fail(error, "NET-BIND-CONFLICT");
  }
  trieSet(portTable(draft, protocol), local.port, [
    ...boundOn(state, protocol, local.port),
    socket.id,
  ]);
  socket.net.local = local as Draft<Endpoint>;
}

/** Removes a socket's binding (the socket is going away). */
export function releasePort(w: Writer, socket: SocketRecord): void {
  const local = socket.net.local;
  if (local === null) return;
  if (socket.af === ADDRESS_FAMILIES.AF_UNIX) {
    releasePath(w, socket);
    return;
  }
  const protocol = protocolOf(socket);
  const remaining = boundOn(w.state, protocol, local.port).filter((id) => id !== socket.id);
  const ports = w.own(w.root(), "ports");
  if (remaining.length === 0) w.deleteIn(ports, protocol, local.port);
  else w.setIn(ports, protocol, local.port, remaining);
}

/**
 * The next free ephemeral port, in order from where the last search stopped (Windows' dynamic
 * range is 49152-65535). All taken: WSAENOBUFS (rule NET-EPHEMERAL).
 */
export function ephemeralPort(draft: Draft<KernelState>, protocol: Protocol): number {
  const span = LAST_EPHEMERAL_PORT - FIRST_EPHEMERAL_PORT + 1;
  let port = draft.ports.nextEphemeral[protocol];
  for (let tried = 0; tried < span; tried++) {
    const candidate = port;
    port = port === LAST_EPHEMERAL_PORT ? FIRST_EPHEMERAL_PORT : port + 1;
    if (boundOn(draft as KernelState, protocol, candidate).length === 0) {
      draft.ports.nextEphemeral[protocol] = port;
      return candidate;
    }
  }
  return fail(WSA_ERRORS.WSAENOBUFS, "NET-EPHEMERAL");
}

/**
 * The listener a connection to `target` reaches: among listening sockets on the port, one bound
 * to exactly that address first, else one whose wildcard covers it; among equals, the earliest
 * bound (observed facts 133-135).
 */
export function findListener(state: KernelState, target: Endpoint): SocketRecord | undefined {
  let wildcard: SocketRecord | undefined;
  for (const id of boundOn(state, "tcp", target.port)) {
    const socket = trieGet(state.sockets, id);
    if (socket === undefined || socket.net.phase !== "listening") continue;
    const local = socket.net.local as Endpoint;
    if (!covers(socket, local, target)) continue;
    if (!isWildcard(local)) return socket;
    wildcard ??= socket;
  }
  return wildcard;
}

/** The datagram socket that receives what is sent to `target`, if any. */
export function findDatagramReceiver(
  state: KernelState,
  target: Endpoint,
): SocketRecord | undefined {
  let wildcard: SocketRecord | undefined;
  for (const id of boundOn(state, "udp", target.port)) {
    const socket = trieGet(state.sockets, id);
    if (socket === undefined) continue;
    const local = socket.net.local as Endpoint;
    if (!covers(socket, local, target)) continue;
    if (!isWildcard(local)) return socket;
    wildcard ??= socket;
  }
  return wildcard;
}
