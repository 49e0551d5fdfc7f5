/**
 * The socket options as the sources describe them: an oracle for spec/options.property.test.ts
 * written independently of the engine's OPTION_TABLE (src/kernel/options/*.ts).
 *
 * Names and numbers are those of the headers (winsock2.h, ws2def.h, ws2ipdef.h, mswsock.h) as
 * listed on the option pages of Microsoft Learn:
 * - SOL_SOCKET: https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options
 * - IPPROTO_TCP: https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-tcp-socket-options
 * - IPPROTO_IP: https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-ip-socket-options
 * - IPPROTO_IPV6: https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-ipv6-socket-options
 * Access (the pages' Get/Set columns), value shapes, optlen classes, ranges, refusals and defaults
 * are those stated by the rules of spec/rules/options.json, cited row by row below. Error codes are
 * the winerror.h values. The model describes fresh sockets (not bound, connected or listening),
 * which are the only sockets the option properties create.
 *
 * The properties take their expected answers from here; spec/options.property.test.ts also
 * compares this table with the engine's, row by row, and fails where they disagree.
 */

export const SOL_SOCKET = 0xffff;
export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_IPV6 = 41;

const AF_INET6 = 23;
const SOCK_STREAM = 1;
const SOCK_RAW = 3;

/** winerror.h */
export const MODEL_ERRORS = {
  WSAEFAULT: 10014,
  WSAEINVAL: 10022,
  WSAENOPROTOOPT: 10042,
  WSAENOTCONN: 10057,
  WSAENOBUFS: 10055,
} as const;
const { WSAEINVAL, WSAENOPROTOOPT, WSAENOTCONN } = MODEL_ERRORS;

/** What the model needs to know of a socket. */
export interface ModelSocket {
  readonly af: number;
  readonly type: number;
}

export type ModelOperation = "get" | "set";

export interface ModelRefusal {
  readonly code: number;
  readonly rule: string;
}

type Refuse = (socket: ModelSocket, operation: ModelOperation) => ModelRefusal | undefined;

export interface ModelOption {
  readonly name: string;
  readonly level: number;
  readonly optname: number;
  /** The Get/Set columns of the option pages (OPT-READ-ONLY, OPT-WRITE-ONLY). */
  readonly access: "get-set" | "get" | "set";
  /** OPT-BOOL, OPT-BYTE, OPT-INT, OPT-PROTOCOL-INFO, OPT-BSP-STATE, OPT-EMPTY-VALUE, structures. */
  readonly shape:
    | "bool"
    | "byte"
    | "int"
    | "protocol-info-a"
    | "protocol-info-w"
    | "bsp-state"
    | "empty"
    | "struct";
  /** The optlen class of OPT-SET-LENGTH-* and OPT-GET-LENGTH-*. */
  readonly lengths: "sol-bool" | "byte" | "byte-int" | "zero-fault" | "strict" | "len-zero";
  /** The value a fresh socket reads (OPT-DEFAULTS, OPT-STATE); absent where none is observable. */
  readonly initial?: number | ((socket: ModelSocket) => number);
  /** OPT-BYTE-RANGE: larger values fail with WSAEINVAL. */
  readonly maximum?: number;
  /** OPT-MTU-DISCOVER: the only values accepted. */
  readonly accepted?: readonly number[];
  /** The error the option gives on a fresh socket of this kind, if any. */
  readonly refuse?: Refuse;
  /** Size of a set-only structure (OPT-MEMBERSHIP, SO_UPDATE_ACCEPT_CONTEXT). */
  readonly structSize?: number;
  /**
   * The rule that states what the option's value is, which a successful getsockopt or setsockopt
   * of it cites (see valueRule). Absent for the options every socket refuses in both directions
   * (OPT-UNSUPPORTED-EINVAL, OPT-NOT-SUPPORTED): no call of theirs gets that far.
   */
  readonly rule?: string;
  /** What the option does in the simulator (see optionEffect); absent where `rule` is. */
  readonly effect?: "simulated" | "stored" | "state" | "ignored";
}

const isStream = (s: ModelSocket) => s.type === SOCK_STREAM;

// Refusals, each with the rule that states it.
const streamOnly: Refuse = (s) =>
  isStream(s) ? undefined : { code: WSAENOPROTOOPT, rule: "OPT-STREAM-ONLY" };
const tcpOnly: Refuse = (s) =>
  isStream(s) ? undefined : { code: WSAENOPROTOOPT, rule: "OPT-TCP-ONLY" };
const datagramOnly: Refuse = (s) =>
  isStream(s) ? { code: WSAEINVAL, rule: "OPT-DATAGRAM-ONLY" } : undefined;
/** "IP_HDRINCL and IPV6_HDRINCL fail with WSAEINVAL on any non-raw socket". */
const rawOnly: Refuse = (s) =>
  s.type === SOCK_RAW ? undefined : { code: WSAEINVAL, rule: "OPT-DATAGRAM-ONLY" };
/** Membership options are set-only (OPT-WRITE-ONLY decides reads); setting them on TCP fails. */
const datagramOnlySet: Refuse = (s, op) => (op === "set" ? datagramOnly(s, op) : undefined);
const unsupportedEinval: Refuse = () => ({ code: WSAEINVAL, rule: "OPT-UNSUPPORTED-EINVAL" });
const notSupported: Refuse = () => ({ code: WSAENOPROTOOPT, rule: "OPT-NOT-SUPPORTED" });
const dontRouteIpv6: Refuse = (s, op) =>
  op === "set" && s.af === AF_INET6
    ? { code: WSAENOPROTOOPT, rule: "OPT-DONTROUTE-IPV6" }
    : undefined;
/** A fresh socket is never connected: reads fail, writes are accepted (OPT-NOT-CONNECTED). */
const notConnectedRead: Refuse = (_s, op) =>
  op === "get" ? { code: WSAENOTCONN, rule: "OPT-NOT-CONNECTED" } : undefined;
const typeSetOnDatagram: Refuse = (s, op) =>
  op === "set" && !isStream(s) ? { code: WSAEINVAL, rule: "OPT-READ-ONLY" } : undefined;
const acceptContext: Refuse = (_s, op) =>
  op === "set" ? { code: WSAEINVAL, rule: "OPT-CONTEXT-UPDATE" } : undefined;
const connectContext: Refuse = (_s, op) =>
  op === "set" ? { code: WSAENOTCONN, rule: "OPT-CONTEXT-UPDATE" } : undefined;
const both =
  (first: Refuse, second: Refuse): Refuse =>
  (s, op) =>
    first(s, op) ?? second(s, op);

/** The optlen classes named by OPT-SET-LENGTH-SHORT, OPT-GET-LENGTH-SHORT/LONG. */
const SOL_BOOLS = new Set([
  "SO_BROADCAST",
  "SO_DONTLINGER",
  "SO_OOBINLINE",
  "SO_REUSEADDR",
  "SO_EXCLUSIVEADDRUSE",
  "SO_DEBUG",
]);
const ONE_BYTE = new Set(["SO_KEEPALIVE", "SO_DONTROUTE", "TCP_NODELAY", "IPV6_V6ONLY"]);
const BYTE_SIZED_IP = new Set([
  "IP_TOS",
  "IP_TTL",
  "IP_MULTICAST_TTL",
  "IP_MULTICAST_LOOP",
  "IP_DONTFRAGMENT",
  "IPV6_DONTFRAG",
  "IPV6_UNICAST_HOPS",
  "IPV6_MULTICAST_HOPS",
  "IPV6_MULTICAST_LOOP",
]);
const ZERO_FAULT = new Set(["SO_LINGER", "SO_RCVBUF", "SO_SNDBUF"]);

function lengthClass(name: string, level: number): ModelOption["lengths"] {
  if (SOL_BOOLS.has(name)) return "sol-bool";
  if (ONE_BYTE.has(name)) return "byte";
  if (BYTE_SIZED_IP.has(name)) return "byte-int";
  if (ZERO_FAULT.has(name)) return "zero-fault";
  // "the other SOL_SOCKET ints" write nothing; "TCP and IP driver options" set optlen to 0.
  return level === SOL_SOCKET ? "strict" : "len-zero";
}

/**
 * The rule that states what a value means, by the statements of spec/rules/options.json: the
 * options those rules name, then by value shape (OPT-BOOL, OPT-BYTE, OPT-PROTOCOL-INFO,
 * OPT-BSP-STATE, OPT-EMPTY-VALUE, OPT-MEMBERSHIP), then the ints: those with a range
 * (OPT-BYTE-RANGE), the read-only ones (OPT-STATE), the rest (OPT-INT).
 */
const RULE_BY_NAME: Readonly<Record<string, string>> = {
  SO_LINGER: "OPT-LINGER",
  SO_DONTLINGER: "OPT-DONTLINGER",
  SO_ERROR: "OPT-SO-ERROR",
  SO_OPENTYPE: "OPT-OPENTYPE",
  IP_MTU_DISCOVER: "OPT-MTU-DISCOVER",
  IPV6_MTU_DISCOVER: "OPT-MTU-DISCOVER",
  IP_MTU: "OPT-NOT-CONNECTED",
  IPV6_MTU: "OPT-NOT-CONNECTED",
  TCP_MAXSEG: "OPT-NOT-CONNECTED",
  SO_UPDATE_ACCEPT_CONTEXT: "OPT-CONTEXT-UPDATE",
  SO_UPDATE_CONNECT_CONTEXT: "OPT-CONTEXT-UPDATE",
};
const RULE_BY_SHAPE: Readonly<Partial<Record<ModelOption["shape"], string>>> = {
  bool: "OPT-BOOL",
  byte: "OPT-BYTE",
  "protocol-info-a": "OPT-PROTOCOL-INFO",
  "protocol-info-w": "OPT-PROTOCOL-INFO",
  "bsp-state": "OPT-BSP-STATE",
  empty: "OPT-EMPTY-VALUE",
  struct: "OPT-MEMBERSHIP",
};

function valueRule(name: string, shape: ModelOption["shape"], extra: Extra): string {
  const named = RULE_BY_NAME[name] ?? RULE_BY_SHAPE[shape];
  if (named !== undefined) return named;
  if (extra.maximum !== undefined) return "OPT-BYTE-RANGE";
  return extra.access === "get" ? "OPT-STATE" : "OPT-INT";
}

/**
 * Options whose value changes what later calls do, with the rule outside the option rules that
 * consults each (or the page, for IPV6_V6ONLY). SO_KEEPALIVE and TCP_NODELAY are among the
 * options NET-ACCEPT-INHERITS names (Wine's test_accept_inheritance reads them back on the
 * accepted socket); SO_DONTLINGER is a view of SO_LINGER (OPT-DONTLINGER).
 */
const SIMULATED = new Set([
  "SO_REUSEADDR", // NET-BIND-CONFLICT
  "SO_EXCLUSIVEADDRUSE", // NET-BIND-CONFLICT
  "SO_KEEPALIVE", // NET-ACCEPT-INHERITS
  "TCP_NODELAY", // NET-ACCEPT-INHERITS
  "SO_LINGER", // NET-LINGER
  "SO_DONTLINGER", // OPT-DONTLINGER
  "SO_OOBINLINE", // NET-OOB
  "SO_SNDBUF", // NET-BUFFERS
  "SO_RCVBUF", // NET-BUFFERS
  "SO_SNDTIMEO", // NET-TIMEOUT
  "SO_RCVTIMEO", // NET-TIMEOUT
  "SO_ERROR", // NET-CONNECT-REFUSED
  "SO_BROADCAST", // NET-DATAGRAM
  "SO_OPENTYPE", // SOCK-OVERLAPPED
  // "Dual-Stack Sockets for IPv6 Winsock Applications" (Microsoft Learn): it decides whether an
  // AF_INET6 socket takes IPv4-mapped addresses.
  "IPV6_V6ONLY",
]);
/** Accepted and dropped: OPT-DONTROUTE-IPV6 ("has no effect"), OPT-NOT-CONNECTED ("ignored"). */
const IGNORED = new Set(["SO_DONTROUTE", "TCP_MAXSEG"]);

/**
 * The row's effect: read-only options report state; header data and structures change nothing
 * (OPT-EMPTY-VALUE, OPT-MEMBERSHIP, OPT-CONTEXT-UPDATE); the SIMULATED options change later
 * calls; every other option is kept and read back.
 */
function optionEffect(name: string, shape: ModelOption["shape"], extra: Extra) {
  if (extra.access === "get") return "state";
  if (shape === "empty" || shape === "struct" || IGNORED.has(name)) return "ignored";
  return SIMULATED.has(name) ? "simulated" : "stored";
}

type Extra = Omit<
  ModelOption,
  "name" | "level" | "optname" | "lengths" | "access" | "shape" | "rule" | "effect"
> & {
  readonly access?: ModelOption["access"];
};

function option(
  level: number,
  name: string,
  optname: number,
  shape: ModelOption["shape"],
  extra: Extra = {},
): ModelOption {
  const refusedEverywhere = extra.refuse === unsupportedEinval || extra.refuse === notSupported;
  return {
    name,
    level,
    optname,
    access: "get-set",
    shape,
    lengths: lengthClass(name, level),
    ...(refusedEverywhere
      ? {}
      : { rule: valueRule(name, shape, extra), effect: optionEffect(name, shape, extra) }),
    ...extra,
  };
}

const sol = (name: string, optname: number, shape: ModelOption["shape"], extra?: Extra) =>
  option(SOL_SOCKET, name, optname, shape, extra);
const tcp = (name: string, optname: number, shape: ModelOption["shape"], extra?: Extra) =>
  option(IPPROTO_TCP, name, optname, shape, { refuse: tcpOnly, ...extra });
const ip = (name: string, optname: number, shape: ModelOption["shape"], extra?: Extra) =>
  option(IPPROTO_IP, name, optname, shape, extra);
const ip6 = (name: string, optname: number, shape: ModelOption["shape"], extra?: Extra) =>
  option(IPPROTO_IPV6, name, optname, shape, extra);

/** dwMessageSize of the TCP/IP providers: 0 for stream, 65527 for UDP (OPT-STATE). */
const messageSize = (s: ModelSocket) => (isStream(s) ? 0 : 65527);
/** IP_DONTFRAGMENT and IPV6_DONTFRAG: 1 on TCP, 0 otherwise (OPT-DEFAULTS). */
const dontFragment = (s: ModelSocket) => (isStream(s) ? 1 : 0);
const state = { access: "get" as const };
const off = { initial: 0 };
const unsetByte = { initial: 0, maximum: 255 };
const datagram = { refuse: datagramOnly, initial: 0 };
const PMTUDISC = [1, 2, 3]; // IP_PMTUDISC_DO, _DONT, _PROBE (OPT-MTU-DISCOVER)

export const OPTION_MODEL: readonly ModelOption[] = [
  // SOL_SOCKET (winsock2.h, ws2def.h, mswsock.h).
  sol("SO_DEBUG", 0x0001, "bool", off),
  sol("SO_ACCEPTCONN", 0x0002, "int", { ...state, initial: 0 }),
  sol("SO_REUSEADDR", 0x0004, "bool", off),
  sol("SO_KEEPALIVE", 0x0008, "byte", off),
  sol("SO_DONTROUTE", 0x0010, "byte", { initial: 0, refuse: dontRouteIpv6 }),
  sol("SO_BROADCAST", 0x0020, "bool", off),
  sol("SO_USELOOPBACK", 0x0040, "int", { refuse: unsupportedEinval }),
  // struct linger: two u_short kept as given (OPT-LINGER); {0, 0} by default.
  sol("SO_LINGER", 0x0080, "int", { initial: 0, refuse: streamOnly }),
  sol("SO_OOBINLINE", 0x0100, "bool", off),
  // ~SO_LINGER and ~SO_REUSEADDR as ints.
  sol("SO_DONTLINGER", ~0x0080, "bool", { initial: 1, refuse: streamOnly }),
  sol("SO_EXCLUSIVEADDRUSE", ~0x0004, "bool", off),
  sol("SO_SNDBUF", 0x1001, "int", { initial: 65536 }),
  sol("SO_RCVBUF", 0x1002, "int", { initial: 65536 }),
  sol("SO_SNDLOWAT", 0x1003, "int", { refuse: unsupportedEinval }),
  sol("SO_RCVLOWAT", 0x1004, "int", { refuse: unsupportedEinval }),
  sol("SO_SNDTIMEO", 0x1005, "int", off),
  sol("SO_RCVTIMEO", 0x1006, "int", off),
  // Documented get-only, accepted by Windows (OPT-SO-ERROR).
  sol("SO_ERROR", 0x1007, "int", off),
  sol("SO_TYPE", 0x1008, "int", { ...state, initial: (s) => s.type, refuse: typeSetOnDatagram }),
  sol("SO_BSP_STATE", 0x1009, "bsp-state", state),
  sol("SO_GROUP_ID", 0x2001, "int", { ...state, initial: 0 }),
  sol("SO_GROUP_PRIORITY", 0x2002, "int", { refuse: notSupported }),
  sol("SO_MAX_MSG_SIZE", 0x2003, "int", { ...state, initial: messageSize }),
  sol("SO_PROTOCOL_INFOA", 0x2004, "protocol-info-a", state),
  sol("SO_PROTOCOL_INFOW", 0x2005, "protocol-info-w", state),
  sol("PVD_CONFIG", 0x3001, "int", { refuse: notSupported }),
  // DWORD BOOLs outside the optlen matrix (OPT-BOOL's choice); FALSE until set.
  sol("SO_CONDITIONAL_ACCEPT", 0x3002, "bool", off),
  sol("SO_PAUSE_ACCEPT", 0x3003, "bool", off),
  sol("SO_RANDOMIZE_PORT", 0x3005, "bool", off),
  sol("SO_PORT_SCALABILITY", 0x3006, "bool", off),
  sol("SO_REUSE_UNICASTPORT", 0x3007, "bool", off),
  sol("SO_REUSE_MULTICASTPORT", 0x3008, "bool", off),
  sol("SO_CONNDATA", 0x7000, "int", { refuse: notSupported }),
  sol("SO_CONNOPT", 0x7001, "int", { refuse: notSupported }),
  sol("SO_DISCDATA", 0x7002, "int", { refuse: notSupported }),
  sol("SO_DISCOPT", 0x7003, "int", { refuse: notSupported }),
  sol("SO_CONNDATALEN", 0x7004, "int", { refuse: notSupported }),
  sol("SO_CONNOPTLEN", 0x7005, "int", { refuse: notSupported }),
  sol("SO_DISCDATALEN", 0x7006, "int", { refuse: notSupported }),
  sol("SO_DISCOPTLEN", 0x7007, "int", { refuse: notSupported }),
  // Per thread (OPT-OPENTYPE); the socket's options never hold it.
  sol("SO_OPENTYPE", 0x7008, "int"),
  sol("SO_MAXDG", 0x7009, "int", { ...state, initial: messageSize }),
  sol("SO_MAXPATHDG", 0x700a, "int", { ...state, initial: messageSize }),
  // Takes the listening SOCKET (8 bytes on x64).
  sol("SO_UPDATE_ACCEPT_CONTEXT", 0x700b, "struct", {
    access: "set",
    refuse: acceptContext,
    structSize: 8,
  }),
  sol("SO_CONNECT_TIME", 0x700c, "int", { ...state, initial: 0xffffffff }),
  sol("SO_UPDATE_CONNECT_CONTEXT", 0x7010, "struct", {
    access: "set",
    refuse: connectContext,
    structSize: 0,
  }),

  // IPPROTO_TCP (ws2ipdef.h, mstcpip.h): every one is refused on non-TCP sockets.
  tcp("TCP_NODELAY", 1, "byte", off),
  tcp("TCP_EXPEDITED_1122", 2, "bool", off),
  tcp("TCP_KEEPALIVE", 3, "int", { initial: 7200 }),
  tcp("TCP_MAXSEG", 4, "int", { refuse: both(tcpOnly, notConnectedRead) }),
  tcp("TCP_MAXRT", 5, "int", off),
  tcp("TCP_TIMESTAMPS", 10, "bool", off),
  tcp("TCP_MAXRTMS", 14, "int", off),
  tcp("TCP_FASTOPEN", 15, "bool", off),
  tcp("TCP_KEEPCNT", 16, "int", { initial: 10, maximum: 255 }),
  tcp("TCP_KEEPINTVL", 17, "int", { initial: 1 }),
  tcp("TCP_FAIL_CONNECT_ON_ICMP_ERROR", 18, "bool", off),
  tcp("TCP_ICMP_ERROR_INFO", 19, "empty", state),
  tcp("TCP_BSDURGENT", 0x7000, "bool", { initial: 1 }),

  // IPPROTO_IP (ws2ipdef.h).
  ip("IP_OPTIONS", 1, "empty"),
  ip("IP_HDRINCL", 2, "bool", { initial: 0, refuse: rawOnly }),
  ip("IP_TOS", 3, "int", unsetByte),
  ip("IP_TTL", 4, "int", { initial: 128, maximum: 255 }),
  ip("IP_MULTICAST_IF", 9, "int", datagram),
  ip("IP_MULTICAST_TTL", 10, "int", { ...datagram, initial: 1, maximum: 255 }),
  ip("IP_MULTICAST_LOOP", 11, "bool", { ...datagram, initial: 1 }),
  ip("IP_ADD_MEMBERSHIP", 12, "struct", { access: "set", refuse: datagramOnlySet, structSize: 8 }),
  ip("IP_DROP_MEMBERSHIP", 13, "struct", { access: "set", refuse: datagramOnlySet, structSize: 8 }),
  ip("IP_DONTFRAGMENT", 14, "bool", { initial: dontFragment }),
  ip("IP_PKTINFO", 19, "bool", datagram),
  ip("IP_RECVTTL", 21, "bool", datagram),
  ip("IP_RECEIVE_BROADCAST", 22, "bool", { ...datagram, initial: 1 }),
  ip("IP_RECVIF", 24, "bool", datagram),
  ip("IP_RECVDSTADDR", 25, "bool", datagram),
  ip("IP_IFLIST", 28, "bool", off),
  ip("IP_UNICAST_IF", 31, "int", off),
  ip("IP_RTHDR", 32, "empty"),
  ip("IP_GET_IFLIST", 33, "int", { refuse: unsupportedEinval }),
  ip("IP_RECVRTHDR", 38, "bool", datagram),
  ip("IP_RECVTOS", 40, "bool", datagram),
  ip("IP_ORIGINAL_ARRIVAL_IF", 47, "bool", datagram),
  ip("IP_ECN", 50, "bool", datagram),
  ip("IP_PKTINFO_EX", 51, "bool", datagram),
  ip("IP_WFP_REDIRECT_RECORDS", 60, "bool", datagram),
  ip("IP_WFP_REDIRECT_CONTEXT", 70, "bool", datagram),
  ip("IP_MTU_DISCOVER", 71, "int", { initial: 0, accepted: PMTUDISC }),
  ip("IP_MTU", 73, "int", { ...state, refuse: notConnectedRead }),
  ip("IP_RECVERR", 75, "bool", datagram),
  ip("IP_USER_MTU", 76, "int", { initial: 0xffffffff }),

  // IPPROTO_IPV6 (ws2ipdef.h).
  ip6("IPV6_HOPOPTS", 1, "empty"),
  ip6("IPV6_HDRINCL", 2, "bool", { initial: 0, refuse: rawOnly }),
  ip6("IPV6_UNICAST_HOPS", 4, "int", { initial: 128, maximum: 255 }),
  ip6("IPV6_MULTICAST_IF", 9, "int", datagram),
  ip6("IPV6_MULTICAST_HOPS", 10, "int", { ...datagram, initial: 1, maximum: 255 }),
  ip6("IPV6_MULTICAST_LOOP", 11, "bool", { ...datagram, initial: 1 }),
  ip6("IPV6_ADD_MEMBERSHIP", 12, "struct", {
    access: "set",
    refuse: datagramOnlySet,
    structSize: 20,
  }),
  ip6("IPV6_DROP_MEMBERSHIP", 13, "struct", {
    access: "set",
    refuse: datagramOnlySet,
    structSize: 20,
  }),
  ip6("IPV6_DONTFRAG", 14, "bool", { initial: dontFragment }),
  ip6("IPV6_PKTINFO", 19, "bool", datagram),
  ip6("IPV6_HOPLIMIT", 21, "bool", datagram),
  ip6("IPV6_PROTECTION_LEVEL", 23, "int", { initial: 0xffffffff }),
  ip6("IPV6_RECVIF", 24, "bool", datagram),
  ip6("IPV6_RECVDSTADDR", 25, "bool", datagram),
  ip6("IPV6_V6ONLY", 27, "byte", { initial: 1 }),
  ip6("IPV6_IFLIST", 28, "bool", off),
  ip6("IPV6_UNICAST_IF", 31, "int", off),
  ip6("IPV6_RTHDR", 32, "empty"),
  ip6("IPV6_GET_IFLIST", 33, "int", { refuse: unsupportedEinval }),
  ip6("IPV6_RECVRTHDR", 38, "bool", datagram),
  ip6("IPV6_RECVTCLASS", 40, "bool", datagram),
  // IP_ORIGINAL_ARRIVAL_IF (47) is also an IPPROTO_IPV6 option; named apart from the IP one.
  ip6("IPV6:IP_ORIGINAL_ARRIVAL_IF", 47, "bool", datagram),
  ip6("IPV6_ECN", 50, "bool", datagram),
  ip6("IPV6_PKTINFO_EX", 51, "bool", datagram),
  ip6("IPV6_WFP_REDIRECT_RECORDS", 60, "bool", datagram),
  ip6("IPV6_WFP_REDIRECT_CONTEXT", 70, "bool", datagram),
  ip6("IPV6_MTU_DISCOVER", 71, "int", { initial: 0, accepted: PMTUDISC }),
  ip6("IPV6_MTU", 72, "int", { ...state, refuse: notConnectedRead }),
  ip6("IPV6_RECVERR", 75, "bool", datagram),
  ip6("IPV6_USER_MTU", 76, "int", { initial: 0xffffffff }),
];

/** The error the option gives on a fresh socket for `operation`, if any. */
export function refusal(
  row: ModelOption,
  socket: ModelSocket,
  operation: ModelOperation,
): ModelRefusal | undefined {
  return row.refuse?.(socket, operation);
}

/** The value a fresh socket reads, if the model knows one. */
export function initialValue(row: ModelOption, socket: ModelSocket): number | undefined {
  return typeof row.initial === "function" ? row.initial(socket) : row.initial;
}

/** Whether setsockopt accepts `value` (a 32-bit pattern) by range and value list. */
export function acceptsValue(row: ModelOption, value: number): boolean {
  const v = value >>> 0;
  if (row.maximum !== undefined && v > row.maximum) return false;
  return row.accepted === undefined || row.accepted.includes(v);
}

export function modelOption(name: string): ModelOption {
  const row = OPTION_MODEL.find((r) => r.name === name);
  if (row === undefined) throw new Error(`option model: no option ${name}`);
  return row;
}
