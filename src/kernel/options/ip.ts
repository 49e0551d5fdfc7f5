/**
 * The IPPROTO_IP rows of the option table, as far as test_sockopt_validity and the optlen matrix
 * show Windows' answers (research 4b, 4e, 4j; observed facts 130, 141). Options of the header
 * without a row answer WSAENOPROTOOPT.
 */
import { IP_LEVEL_OPTIONS as IP, LEVELS } from "../../constants/values.js";
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

const rows: IpRow[] = [
  headerData("IP_OPTIONS", IP.IP_OPTIONS),
  { ...driverBool("IP_HDRINCL", IP.IP_HDRINCL), refuse: rawOnly },
  byteInt("IP_TOS", IP.IP_TOS, 0),
  // Windows' DefaultTTL is 128 (not in the references; see OPT-DEFAULTS).
  byteInt("IP_TTL", IP.IP_TTL, 128),
  driverInt("IP_MULTICAST_IF", IP.IP_MULTICAST_IF, 0, datagramOnly),
  // IP_DEFAULT_MULTICAST_TTL = 1 and IP_DEFAULT_MULTICAST_LOOP = 1 (ws2ipdef.h).
  byteInt("IP_MULTICAST_TTL", IP.IP_MULTICAST_TTL, 1, datagramOnly),
  byteBool("IP_MULTICAST_LOOP", IP.IP_MULTICAST_LOOP, 1, datagramOnly),
  membership("IP_ADD_MEMBERSHIP", IP.IP_ADD_MEMBERSHIP, 8),
  membership("IP_DROP_MEMBERSHIP", IP.IP_DROP_MEMBERSHIP, 8),
  byteBool("IP_DONTFRAGMENT", IP.IP_DONTFRAGMENT, dontFragmentDefault),
  driverBool("IP_PKTINFO", IP.IP_PKTINFO, datagramOnly),
  driverBool("IP_RECVTTL", IP.IP_RECVTTL, datagramOnly),
  // Broadcast reception is on unless a socket turns it off (choice, see OPT-DEFAULTS).
  driverBool("IP_RECEIVE_BROADCAST", IP.IP_RECEIVE_BROADCAST, {
    datagramOnly: true,
    defaultValue: 1,
  }),
  driverBool("IP_RECVIF", IP.IP_RECVIF, datagramOnly),
  driverBool("IP_RECVDSTADDR", IP.IP_RECVDSTADDR, datagramOnly),
  driverBool("IP_IFLIST", IP.IP_IFLIST),
  driverInt("IP_UNICAST_IF", IP.IP_UNICAST_IF, 0),
  headerData("IP_RTHDR", IP.IP_RTHDR),
  { ...driverInt("IP_GET_IFLIST", IP.IP_GET_IFLIST, 0), refuse: alwaysInvalid },
  driverBool("IP_RECVRTHDR", IP.IP_RECVRTHDR, datagramOnly),
  driverBool("IP_RECVTOS", IP.IP_RECVTOS, datagramOnly),
  driverBool("IP_ORIGINAL_ARRIVAL_IF", IP.IP_ORIGINAL_ARRIVAL_IF, datagramOnly),
  driverBool("IP_ECN", IP.IP_ECN, datagramOnly),
  driverBool("IP_PKTINFO_EX", IP.IP_PKTINFO_EX, datagramOnly),
  driverBool("IP_WFP_REDIRECT_RECORDS", IP.IP_WFP_REDIRECT_RECORDS, datagramOnly),
  driverBool("IP_WFP_REDIRECT_CONTEXT", IP.IP_WFP_REDIRECT_CONTEXT, datagramOnly),
  mtuDiscover("IP_MTU_DISCOVER", IP.IP_MTU_DISCOVER),
  pathMtu("IP_MTU", IP.IP_MTU),
  driverBool("IP_RECVERR", IP.IP_RECVERR, datagramOnly),
  driverInt("IP_USER_MTU", IP.IP_USER_MTU, UNSPECIFIED_USER_MTU),
];

export const IP_ROWS: readonly OptionSpec[] = rows.map((row) => ({
  ...row,
  level: LEVELS.IPPROTO_IP,
}));
