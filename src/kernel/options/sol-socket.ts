/**
 * The SOL_SOCKET rows of the option table (C8, with the optlen classes of observed fact 130).
 */
import { SOL_SOCKET_OPTIONS as SO, SOCKET_TYPES, SOL_SOCKET } from "../../constants/values.js";
import { catalogEntry } from "../catalog.js";
import type { SocketRecord } from "../state.js";
import { storeExclusiveAddrUse, storeReuseAddr } from "./address-reuse.js";
import { loadDontLinger, loadLinger, storeDontLinger, storeLinger } from "./linger.js";
import {
  alwaysInvalid,
  dontRouteOnIpv6,
  isConnected,
  isListening,
  needsAcceptEx,
  needsConnectEx,
  neverSupported,
  streamOnly,
  typeWriteOnDatagram,
} from "./refusals.js";
import type { OptionSpec } from "./spec.js";

/**
 * SO_SNDBUF and SO_RCVBUF on Windows 10 and 11 start at 64 KiB for TCP and UDP. The Wine tests do
 * not assert a default; 65536 is what current Windows reports (dotnet/dotnet-api-docs#9493: the
 * documented 8192 was wrong and was removed by PR #9497; ela-compil/BACnet#195 measured the UDP
 * default as 64 KB). 8192 was the default of older Windows versions.
 */
export const DEFAULT_BUFFER_SIZE = 65536;

/** SO_CONNECT_TIME while not connected: ~0u (test_connect_time, observed fact 120). */
export const NOT_CONNECTED_TIME = 0xffffffff;

type Row = Omit<OptionSpec, "name" | "level" | "optname">;

function sol(name: keyof typeof SO, row: Row): OptionSpec {
  return { name, level: SOL_SOCKET, optname: SO[name], ...row };
}

/** A SOL_SOCKET BOOL of the matrix: 0..3-byte values accepted, normalised to 0 or 1. */
function solBool(name: keyof typeof SO, effect: OptionSpec["effect"], extra: Partial<Row> = {}) {
  return sol(name, {
    access: "get-set",
    shape: "bool",
    lengths: "sol-bool",
    effect,
    rule: "OPT-BOOL",
    defaultValue: 0,
    ...extra,
  });
}

/** A DWORD BOOL outside the matrix: normalised like the others, but only 4-byte values. */
function dwordBool(name: keyof typeof SO, effect: OptionSpec["effect"]) {
  return sol(name, {
    access: "get-set",
    shape: "bool",
    lengths: "strict",
    effect,
    rule: "OPT-BOOL",
    defaultValue: 0,
  });
}

/** A read-only DWORD computed from the socket. */
function state(
  name: keyof typeof SO,
  load: (socket: SocketRecord) => number,
  refuse?: OptionSpec["refuse"],
) {
  const row: Row = {
    access: "get",
    shape: "int",
    lengths: "strict",
    effect: "state",
    rule: "OPT-STATE",
    load,
  };
  return sol(name, refuse === undefined ? row : { ...row, refuse });
}

function unsupported(name: keyof typeof SO, refuse: OptionSpec["refuse"], rule: string) {
  return sol(name, {
    access: "get-set",
    shape: "int",
    lengths: "strict",
    effect: "ignored",
    rule,
    refuse,
  });
}

const messageSize = (socket: SocketRecord) => catalogEntry(socket.catalogEntryId).messageSize;

export const SOL_SOCKET_ROWS: readonly OptionSpec[] = [
  // SO_DEBUG is not in the optlen matrix; it is a BOOL kept by the same user-mode layer as
  // SO_BROADCAST and it normalises like them (test_so_debug, observed fact 129), so it shares
  // their optlen class.
  solBool("SO_DEBUG", "stored"),
  state("SO_ACCEPTCONN", (socket) => (isListening(socket) ? 1 : 0)),
  solBool("SO_REUSEADDR", "simulated", { store: storeReuseAddr }),
  sol("SO_KEEPALIVE", {
    access: "get-set",
    shape: "byte",
    lengths: "byte",
    effect: "simulated",
    rule: "OPT-BYTE",
    defaultValue: 0,
  }),
  sol("SO_DONTROUTE", {
    access: "get-set",
    shape: "byte",
    lengths: "byte",
    effect: "ignored",
    rule: "OPT-BYTE",
    defaultValue: 0,
    refuse: dontRouteOnIpv6,
  }),
  solBool("SO_BROADCAST", "simulated"),
  unsupported("SO_USELOOPBACK", alwaysInvalid, "OPT-UNSUPPORTED-EINVAL"),
  sol("SO_LINGER", {
    access: "get-set",
    shape: "int",
    lengths: "zero-fault",
    effect: "simulated",
    rule: "OPT-LINGER",
    load: loadLinger,
    store: storeLinger,
    refuse: streamOnly,
  }),
  solBool("SO_OOBINLINE", "simulated"),
  solBool("SO_DONTLINGER", "simulated", {
    rule: "OPT-DONTLINGER",
    load: loadDontLinger,
    store: storeDontLinger,
    refuse: streamOnly,
  }),
  solBool("SO_EXCLUSIVEADDRUSE", "simulated", { store: storeExclusiveAddrUse }),
  sol("SO_SNDBUF", {
    access: "get-set",
    shape: "int",
    lengths: "zero-fault",
    effect: "simulated",
    rule: "OPT-INT",
    defaultValue: DEFAULT_BUFFER_SIZE,
  }),
  sol("SO_RCVBUF", {
    access: "get-set",
    shape: "int",
    lengths: "zero-fault",
    effect: "simulated",
    rule: "OPT-INT",
    defaultValue: DEFAULT_BUFFER_SIZE,
  }),
  unsupported("SO_SNDLOWAT", alwaysInvalid, "OPT-UNSUPPORTED-EINVAL"),
  unsupported("SO_RCVLOWAT", alwaysInvalid, "OPT-UNSUPPORTED-EINVAL"),
  sol("SO_SNDTIMEO", {
    access: "get-set",
    shape: "int",
    lengths: "strict",
    effect: "simulated",
    rule: "OPT-INT",
    defaultValue: 0,
  }),
  sol("SO_RCVTIMEO", {
    access: "get-set",
    shape: "int",
    lengths: "strict",
    effect: "simulated",
    rule: "OPT-INT",
    defaultValue: 0,
  }),
  // Documented get-only, yet Windows accepts setsockopt and reads the value back (fact 127).
  sol("SO_ERROR", {
    access: "get-set",
    shape: "int",
    lengths: "strict",
    effect: "simulated",
    rule: "OPT-SO-ERROR",
    defaultValue: 0,
  }),
  state("SO_TYPE", (socket) => socket.type, typeWriteOnDatagram),
  sol("SO_BSP_STATE", {
    access: "get",
    shape: "bsp-state",
    lengths: "strict",
    effect: "state",
    rule: "OPT-BSP-STATE",
  }),
  state("SO_GROUP_ID", () => 0),
  unsupported("SO_GROUP_PRIORITY", neverSupported, "OPT-NOT-SUPPORTED"),
  state("SO_MAX_MSG_SIZE", messageSize),
  sol("SO_PROTOCOL_INFOA", {
    access: "get",
    shape: "protocol-info-a",
    lengths: "strict",
    effect: "state",
    rule: "OPT-PROTOCOL-INFO",
  }),
  sol("SO_PROTOCOL_INFOW", {
    access: "get",
    shape: "protocol-info-w",
    lengths: "strict",
    effect: "state",
    rule: "OPT-PROTOCOL-INFO",
  }),
  unsupported("PVD_CONFIG", neverSupported, "OPT-NOT-SUPPORTED"),
  dwordBool("SO_CONDITIONAL_ACCEPT", "stored"),
  dwordBool("SO_PAUSE_ACCEPT", "stored"),
  dwordBool("SO_RANDOMIZE_PORT", "stored"),
  dwordBool("SO_PORT_SCALABILITY", "stored"),
  dwordBool("SO_REUSE_UNICASTPORT", "stored"),
  // SOLSOCK marks it get-only but describes setting it (X18); the description wins.
  dwordBool("SO_REUSE_MULTICASTPORT", "stored"),
  unsupported("SO_CONNDATA", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_CONNOPT", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_DISCDATA", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_DISCOPT", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_CONNDATALEN", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_CONNOPTLEN", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_DISCDATALEN", neverSupported, "OPT-NOT-SUPPORTED"),
  unsupported("SO_DISCOPTLEN", neverSupported, "OPT-NOT-SUPPORTED"),
  // SO_OPENTYPE is per thread and handled by thread.ts; its row gives it a place in the table.
  sol("SO_OPENTYPE", {
    access: "get-set",
    shape: "int",
    lengths: "strict",
    effect: "simulated",
    rule: "OPT-OPENTYPE",
    defaultValue: 0,
  }),
  state("SO_MAXDG", messageSize),
  state("SO_MAXPATHDG", messageSize),
  sol("SO_UPDATE_ACCEPT_CONTEXT", {
    access: "set",
    shape: "struct",
    lengths: "strict",
    effect: "ignored",
    rule: "OPT-CONTEXT-UPDATE",
    structSize: 8,
    refuse: needsAcceptEx,
  }),
  state("SO_CONNECT_TIME", (socket) =>
    isConnected(socket) && socket.type === SOCKET_TYPES.SOCK_STREAM ? 0 : NOT_CONNECTED_TIME,
  ),
  sol("SO_UPDATE_CONNECT_CONTEXT", {
    access: "set",
    shape: "struct",
    lengths: "strict",
    effect: "ignored",
    rule: "OPT-CONTEXT-UPDATE",
    structSize: 0,
    refuse: needsConnectEx,
    // Winsock learns of the connection ConnectEx made (rule CONNECTEX-CONTEXT).
    store: (socket) => {
      socket.net = { ...socket.net, staleConnectContext: false };
    },
  }),
];
