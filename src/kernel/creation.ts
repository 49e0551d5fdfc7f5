/**
 * socket() and WSASocket(): choosing a provider for (af, type, protocol) and creating the
 * underlying socket with its first descriptor.
 *
 * The order of checks reproduces the table of Wine's test_WSASocket, which runs on Windows
 * (rule SOCK-ARGS): AF_UNSPEC with protocol 0 is WSAEINVAL before anything else; then an unknown
 * type (WSAESOCKTNOSUPPORT) wins over an unknown family (WSAEAFNOSUPPORT), which wins over a
 * protocol that no entry of the family and type accepts (WSAEPROTONOSUPPORT).
 */
import { WSA_ERRORS } from "../constants/errors.js";
import { ADDRESS_FAMILIES, SOCKET_TYPES, WSA_FLAGS } from "../constants/values.js";
import { CATALOG, type CatalogEntry, entryAcceptsProtocol } from "./catalog.js";
import { allocateHandle } from "./handles.js";
import type { CallContext } from "./processes.js";
import { FRESH_NET, type HandleValue, type ProcessId, type SocketRecord } from "./state.js";
import { type Citations, fail } from "./transaction.js";
import type { Writer } from "./writer.js";

export interface SocketRequest {
  readonly af: number;
  readonly type: number;
  readonly protocol: number;
  readonly flags: number;
}

export interface Resolved {
  readonly entry: CatalogEntry;
  readonly af: number;
  readonly type: number;
  readonly protocol: number;
}

const KNOWN_TYPES = new Set<number>(Object.values(SOCKET_TYPES));

/**
 * Finds the catalog entry for a request, or fails with Windows' error for it.
 * `familyWildcard` is false when the triple came through a WSAPROTOCOL_INFO: there an address
 * family of 0 is not a wildcard but an unsupported family (observed fact 20).
 */
export function resolveProvider(
  af: number,
  type: number,
  protocol: number,
  familyWildcard: boolean,
): Resolved {
  // The answer depends on the arguments alone: remember the few triples programs really use.
  const key = `${af}/${type}/${protocol}/${familyWildcard}`;
  const known = RESOLVED.get(key);
  if (known !== undefined) return known;
  const resolved = searchCatalog(af, type, protocol, familyWildcard);
  if (RESOLVED.size < RESOLVED_LIMIT) RESOLVED.set(key, resolved);
  return resolved;
}

/** Successful resolutions; failures are not kept, so hostile arguments cannot fill it. */
const RESOLVED = new Map<string, Resolved>();
/** Raw sockets accept any protocol number, so distinct successes are bounded only here. */
const RESOLVED_LIMIT = 256;

function searchCatalog(
  af: number,
  type: number,
  protocol: number,
  familyWildcard: boolean,
): Resolved {
  if (familyWildcard && af === ADDRESS_FAMILIES.AF_UNSPEC && protocol === 0) {
    fail(WSA_ERRORS.WSAEINVAL, "SOCK-ARGS");
  }
  const anyFamily = familyWildcard && af === ADDRESS_FAMILIES.AF_UNSPEC;
  const family = CATALOG.filter((entry) => anyFamily || entry.af === af);
  // Without a structure Windows rejects an unknown type before an unknown family (Wine's row
  // 0xdead/0xdead/TCP); with one, the family comes first (fact 20: -1/-1/-1 is WSAEAFNOSUPPORT).
  if (!familyWildcard && family.length === 0) fail(WSA_ERRORS.WSAEAFNOSUPPORT, "SOCK-FROM-INFO");
  if (type !== 0 && !KNOWN_TYPES.has(type)) fail(WSA_ERRORS.WSAESOCKTNOSUPPORT, "SOCK-ARGS");
  if (family.length === 0) fail(WSA_ERRORS.WSAEAFNOSUPPORT, "SOCK-ARGS");
  const typed = family.filter((e) => type === 0 || e.type === type);
  // A valid type that the family has no provider for (SOCK_SEQPACKET on AF_INET). Wine's table
  // does not test this case; WSAESOCKTNOSUPPORT is the error the WSASocket page gives for it.
  // AF_UNIX has SOCK_STREAM only (NET-UNIX-SOCKET): SOCK_DGRAM there takes this branch.
  if (typed.length === 0) {
    fail(
      WSA_ERRORS.WSAESOCKTNOSUPPORT,
      af === ADDRESS_FAMILIES.AF_UNIX ? "NET-UNIX-SOCKET" : "SOCK-ARGS",
    );
  }
  // Catalog order decides among several matches: WSASocket takes the first matching entry.
  const entry = typed.find((e) => entryAcceptsProtocol(e, protocol));
  if (entry === undefined) fail(WSA_ERRORS.WSAEPROTONOSUPPORT, "SOCK-ARGS");
  return {
    entry,
    af: entry.af,
    type: entry.type,
    protocol: protocol === 0 ? entry.protocol : protocol,
  };
}

/** Raw sockets need administrative rights; the simulated user has none (rule SOCK-RAW). */
function refuseRaw(resolved: Resolved): void {
  if (resolved.type === SOCKET_TYPES.SOCK_RAW) fail(WSA_ERRORS.WSAEACCES, "SOCK-RAW");
}

/** Creates an underlying socket with one descriptor in `process`; returns the descriptor. */
export function createSocket(
  w: Writer,
  pid: ProcessId,
  resolved: Resolved,
  flags: number,
  why: Citations,
): HandleValue {
  refuseRaw(resolved);
  const root = w.root();
  const id = root.nextSocketId;
  root.nextSocketId += 1;
  const socket: SocketRecord = {
    id,
    af: resolved.af,
    type: resolved.type,
    protocol: resolved.protocol,
    catalogEntryId: resolved.entry.catalogEntryId,
    creationFlags: flags,
    nonBlocking: false,
    options: {},
    refCount: 1,
    net: FRESH_NET,
  };
  w.setIn(root, "sockets", id, socket);
  why.cite("SOCK-ARGS", "LIFE-REFCOUNT");
  if (resolved.af === ADDRESS_FAMILIES.AF_UNIX) why.cite("NET-UNIX-SOCKET");
  return allocateHandle(w, pid, {
    kind: "socket",
    socket: id,
    inheritable: (flags & WSA_FLAGS.WSA_FLAG_NO_HANDLE_INHERIT) === 0,
    origin: "created",
    pendingDuplication: null,
  });
}

/** The group parameter g: no group support exists on current Windows (WSASocket page). */
export function checkGroup(g: number): void {
  if (g !== 0) fail(WSA_ERRORS.WSAEINVAL, "SOCK-GROUP");
}

export type { CallContext };
