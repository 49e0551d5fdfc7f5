/**
 * Row builders shared by the IPPROTO_IP and IPPROTO_IPV6 tables, which follow one pattern
 * (test_sockopt_validity: "IPv6 follows the same pattern", observed fact 141).
 *
 * Options of either level apply to sockets of either family: Windows answers IPV6_V6ONLY on an
 * AF_INET socket (test_ipv6only, research 4k), so no row refuses a family (setting IPV6_V6ONLY
 * once an AF_INET socket is bound fails in its store, ipv6.ts).
 */
import { SOCKET_TYPES } from "../../constants/values.js";
import type { SocketRecord } from "../state.js";
import { connectedOnly, datagramOnly, datagramOnlyWrite } from "./refusals.js";
import type { OptionSpec } from "./spec.js";

export type IpRow = Omit<OptionSpec, "level">;

type Stored = Pick<IpRow, "shape" | "lengths" | "rule" | "defaultValue" | "maximum">;

/**
 * A get-set option whose value the socket only stores; datagram-only options refuse stream
 * sockets (WSAEINVAL on TCP, test_sockopt_validity).
 */
function stored(name: string, optname: number, kind: Stored, datagram?: boolean): IpRow {
  const row: IpRow = { name, optname, access: "get-set", effect: "stored", ...kind };
  return datagram === true ? { ...row, refuse: datagramOnly } : row;
}

/** A DWORD BOOL of the protocol driver: 4-byte values only, failing short reads set optlen 0. */
export function driverBool(
  name: string,
  optname: number,
  options: { datagramOnly?: boolean; defaultValue?: number } = {},
): IpRow {
  const kind: Stored = {
    shape: "bool",
    lengths: "len-zero",
    rule: "OPT-BOOL",
    defaultValue: options.defaultValue ?? 0,
  };
  return stored(name, optname, kind, options.datagramOnly);
}

/** A DWORD of the protocol driver. */
export function driverInt(
  name: string,
  optname: number,
  defaultValue: number,
  options: { datagramOnly?: boolean } = {},
): IpRow {
  return stored(
    name,
    optname,
    { shape: "int", lengths: "len-zero", rule: "OPT-INT", defaultValue },
    options.datagramOnly,
  );
}

/** A value that fits one byte (TTL, TOS, hop limits): 1..3-byte writes work, above 255 fails. */
export function byteInt(
  name: string,
  optname: number,
  defaultValue: number,
  options: { datagramOnly?: boolean } = {},
): IpRow {
  const kind: Stored = {
    shape: "int",
    lengths: "byte-int",
    rule: "OPT-BYTE-RANGE",
    defaultValue,
    maximum: 255,
  };
  return stored(name, optname, kind, options.datagramOnly);
}

/** A BOOL with the byte-int length behaviour (IP_MULTICAST_LOOP, IPV6_DONTFRAG). */
export function byteBool(
  name: string,
  optname: number,
  defaultValue: number | ((socket: SocketRecord) => number),
  options: { datagramOnly?: boolean } = {},
): IpRow {
  return stored(
    name,
    optname,
    { shape: "bool", lengths: "byte-int", rule: "OPT-BOOL", defaultValue },
    options.datagramOnly,
  );
}

/** Variable-length header data (IP_OPTIONS, routing headers): reported empty, writes dropped. */
export function headerData(name: string, optname: number): IpRow {
  return {
    name,
    optname,
    access: "get-set",
    shape: "empty",
    lengths: "len-zero",
    effect: "ignored",
    rule: "OPT-EMPTY-VALUE",
  };
}

/** IP_ADD_MEMBERSHIP and its kin: set-only structures; getsockopt gives WSAENOPROTOOPT. */
export function membership(name: string, optname: number, structSize: number): IpRow {
  return {
    name,
    optname,
    access: "set",
    shape: "struct",
    lengths: "len-zero",
    effect: "ignored",
    rule: "OPT-MEMBERSHIP",
    structSize,
    refuse: datagramOnlyWrite,
  };
}

/** IP_MTU / IPV6_MTU: read-only, and only on a connected socket. */
export function pathMtu(name: string, optname: number): IpRow {
  return {
    name,
    optname,
    access: "get",
    shape: "int",
    lengths: "len-zero",
    effect: "state",
    rule: "OPT-NOT-CONNECTED",
    load: () => 0,
    refuse: connectedOnly,
  };
}

/**
 * IP_MTU_DISCOVER / IPV6_MTU_DISCOVER: reads IP_PMTUDISC_NOT_SET (0) by default, and setting the
 * value just read back fails with WSAEINVAL (research 4j), so only DO (1), DONT (2) and PROBE (3)
 * are accepted.
 */
export function mtuDiscover(name: string, optname: number): IpRow {
  return {
    name,
    optname,
    access: "get-set",
    shape: "int",
    lengths: "len-zero",
    effect: "stored",
    rule: "OPT-MTU-DISCOVER",
    defaultValue: 0,
    accepts: (value) => value >= 1 && value <= 3,
  };
}

/** IP_DONTFRAGMENT / IPV6_DONTFRAG default: 1 on TCP, 0 on UDP and raw (research 4e, fact 120). */
export const dontFragmentDefault = (socket: SocketRecord): number =>
  socket.type === SOCKET_TYPES.SOCK_STREAM ? 1 : 0;

/** IP_USER_MTU default: IP_UNSPECIFIED_USER_MTU, which ws2ipdef.h defines as MAXULONG. */
export const UNSPECIFIED_USER_MTU = 0xffffffff;
