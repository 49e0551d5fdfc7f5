/**
 * The IPPROTO_IPV6 rows of the option table (research 4b, 4e, 4j, 4k; observed facts 130, 141).
 * Options of the header without a row (IPV6_CHECKSUM among them) answer WSAENOPROTOOPT.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import {
  ADDRESS_FAMILIES,
  IP_LEVEL_OPTIONS as IP,
  IPV6_LEVEL_OPTIONS as IPV6,
  LEVELS,
} from "../../constants/values.js";
import type { SocketRecord } from "../state.js";
import { fail } from "../transaction.js";
import {
  byteBool,
  byteInt,
  dontFragmentDefault,
  driverBool,
  driverInt,
  headerData,
  type IpRow,
  membership,
  mtuDiscover,
  pathMtu,
  UNSPECIFIED_USER_MTU,
} from "./ip-rows.js";
import { alwaysInvalid, rawOnly } from "./refusals.js";
import type { OptionSpec } from "./spec.js";

const datagramOnly = { datagramOnly: true };

/**
 * IPV6_V6ONLY on an AF_INET socket can be set only while the socket is unbound: once bound
 * (bind, or the implicit bind of connect or sendto; listen needs a bound socket) Windows refuses
 * it, whether to 0 or 1 (test_ipv6only, run on Windows), while getsockopt keeps working. Windows'
 * error code is not checked there; WSAEINVAL is Wine's. It fails here, after the length checks,
 * as in Wine, and before anything is stored (rule OPT-V6ONLY-BOUND-IPV4).
 */
function storeV6Only(socket: Draft<SocketRecord>, value: number): void {
  if (socket.af === ADDRESS_FAMILIES.AF_INET && socket.net.local !== null) {
    fail(WSA_ERRORS.WSAEINVAL, "OPT-V6ONLY-BOUND-IPV4");
  }
  socket.options.IPV6_V6ONLY = value;
}

/** PROTECTION_LEVEL_DEFAULT = (UINT)-1 (ws2ipdef.h); what a fresh socket reads is a choice. */
const PROTECTION_LEVEL_DEFAULT = 0xffffffff;

const rows: IpRow[] = [
  headerData("IPV6_HOPOPTS", IPV6.IPV6_HOPOPTS),
  { ...driverBool("IPV6_HDRINCL", IPV6.IPV6_HDRINCL), refuse: rawOnly },
  byteInt("IPV6_UNICAST_HOPS", IPV6.IPV6_UNICAST_HOPS, 128),
  driverInt("IPV6_MULTICAST_IF", IPV6.IPV6_MULTICAST_IF, 0, datagramOnly),
  byteInt("IPV6_MULTICAST_HOPS", IPV6.IPV6_MULTICAST_HOPS, 1, datagramOnly),
  byteBool("IPV6_MULTICAST_LOOP", IPV6.IPV6_MULTICAST_LOOP, 1, datagramOnly),
  // ipv6_mreq: a 16-byte address and a 4-byte interface index.
  membership("IPV6_ADD_MEMBERSHIP", IPV6.IPV6_ADD_MEMBERSHIP, 20),
  membership("IPV6_DROP_MEMBERSHIP", IPV6.IPV6_DROP_MEMBERSHIP, 20),
  byteBool("IPV6_DONTFRAG", IPV6.IPV6_DONTFRAG, dontFragmentDefault),
  driverBool("IPV6_PKTINFO", IPV6.IPV6_PKTINFO, datagramOnly),
  driverBool("IPV6_HOPLIMIT", IPV6.IPV6_HOPLIMIT, datagramOnly),
  driverInt("IPV6_PROTECTION_LEVEL", IPV6.IPV6_PROTECTION_LEVEL, PROTECTION_LEVEL_DEFAULT),
  driverBool("IPV6_RECVIF", IPV6.IPV6_RECVIF, datagramOnly),
  driverBool("IPV6_RECVDSTADDR", IPV6.IPV6_RECVDSTADDR, datagramOnly),
  // One byte like SO_KEEPALIVE (fact 130a); 1 by default, also on AF_INET sockets (research 4k).
  {
    name: "IPV6_V6ONLY",
    optname: IPV6.IPV6_V6ONLY,
    access: "get-set",
    shape: "byte",
    lengths: "byte",
    effect: "simulated",
    rule: "OPT-BYTE",
    defaultValue: 1,
    store: storeV6Only,
  },
  driverBool("IPV6_IFLIST", IPV6.IPV6_IFLIST),
  driverInt("IPV6_UNICAST_IF", IPV6.IPV6_UNICAST_IF, 0),
  headerData("IPV6_RTHDR", IPV6.IPV6_RTHDR),
  { ...driverInt("IPV6_GET_IFLIST", IPV6.IPV6_GET_IFLIST, 0), refuse: alwaysInvalid },
  driverBool("IPV6_RECVRTHDR", IPV6.IPV6_RECVRTHDR, datagramOnly),
  driverBool("IPV6_RECVTCLASS", IPV6.IPV6_RECVTCLASS, datagramOnly),
  // Wine's table lists IP_ORIGINAL_ARRIVAL_IF (47) at this level too; the key names the level.
  driverBool("IPV6:IP_ORIGINAL_ARRIVAL_IF", IP.IP_ORIGINAL_ARRIVAL_IF, datagramOnly),
  driverBool("IPV6_ECN", IPV6.IPV6_ECN, datagramOnly),
  driverBool("IPV6_PKTINFO_EX", IPV6.IPV6_PKTINFO_EX, datagramOnly),
  driverBool("IPV6_WFP_REDIRECT_RECORDS", IPV6.IPV6_WFP_REDIRECT_RECORDS, datagramOnly),
  driverBool("IPV6_WFP_REDIRECT_CONTEXT", IPV6.IPV6_WFP_REDIRECT_CONTEXT, datagramOnly),
  mtuDiscover("IPV6_MTU_DISCOVER", IPV6.IPV6_MTU_DISCOVER),
  pathMtu("IPV6_MTU", IPV6.IPV6_MTU),
  driverBool("IPV6_RECVERR", IPV6.IPV6_RECVERR, datagramOnly),
  driverInt("IPV6_USER_MTU", IPV6.IPV6_USER_MTU, UNSPECIFIED_USER_MTU),
];

export const IPV6_ROWS: readonly OptionSpec[] = rows.map((row) => ({
  ...row,
  level: LEVELS.IPPROTO_IPV6,
}));
