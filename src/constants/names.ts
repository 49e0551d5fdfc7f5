/**
 * Every constant under its own name (AF_INET, SO_LINGER, FD_READ, ...), as C code spells them,
 * and the way back: the name of a value within a group (constantName, flagNames).
 * The values come from the grouped tables in values.ts and errors.ts; nothing is restated here.
 */
import { WSA_ERRORS } from "./errors.js";
import {
  ADDRESS_FAMILIES,
  DUPLICATE_OPTIONS,
  FD_BITS,
  FD_EVENTS,
  HANDLE_FLAGS,
  IOCTL_COMMANDS,
  IP_LEVEL_OPTIONS,
  IPV6_LEVEL_OPTIONS,
  MISC_VALUES,
  MSG_FLAGS,
  PFL_FLAGS,
  POLL_FLAGS,
  PROTOCOLS,
  SHUTDOWN_HOW,
  SOCKET_TYPES,
  SOL_SOCKET_OPTIONS,
  TCP_OPTIONS,
  WAIT_VALUES,
  WSA_FLAGS,
  XP1_FLAGS,
} from "./values.js";

export const {
  WSA_INVALID_HANDLE,
  WSA_NOT_ENOUGH_MEMORY,
  WSA_INVALID_PARAMETER,
  WSA_OPERATION_ABORTED,
  WSA_IO_INCOMPLETE,
  WSA_IO_PENDING,
  ERROR_INVALID_WINDOW_HANDLE,
  ERROR_NOACCESS,
  WSAEINTR,
  WSAEBADF,
  WSAEACCES,
  WSAEFAULT,
  WSAEINVAL,
  WSAEMFILE,
  WSAEWOULDBLOCK,
  WSAEINPROGRESS,
  WSAEALREADY,
  WSAENOTSOCK,
  WSAEDESTADDRREQ,
  WSAEMSGSIZE,
  WSAEPROTOTYPE,
  WSAENOPROTOOPT,
  WSAEPROTONOSUPPORT,
  WSAESOCKTNOSUPPORT,
  WSAEOPNOTSUPP,
  WSAEPFNOSUPPORT,
  WSAEAFNOSUPPORT,
  WSAEADDRINUSE,
  WSAEADDRNOTAVAIL,
  WSAENETDOWN,
  WSAENETUNREACH,
  WSAENETRESET,
  WSAECONNABORTED,
  WSAECONNRESET,
  WSAENOBUFS,
  WSAEISCONN,
  WSAENOTCONN,
  WSAESHUTDOWN,
  WSAETOOMANYREFS,
  WSAETIMEDOUT,
  WSAECONNREFUSED,
  WSAELOOP,
  WSAENAMETOOLONG,
  WSAEHOSTDOWN,
  WSAEHOSTUNREACH,
  WSAENOTEMPTY,
  WSAEPROCLIM,
  WSAEUSERS,
  WSAEDQUOT,
  WSAESTALE,
  WSAEREMOTE,
  WSASYSNOTREADY,
  WSAVERNOTSUPPORTED,
  WSANOTINITIALISED,
  WSAEDISCON,
  WSAENOMORE,
  WSAECANCELLED,
  WSAEINVALIDPROCTABLE,
  WSAEINVALIDPROVIDER,
  WSAEPROVIDERFAILEDINIT,
  WSASYSCALLFAILURE,
  WSASERVICE_NOT_FOUND,
  WSATYPE_NOT_FOUND,
  WSA_E_NO_MORE,
  WSA_E_CANCELLED,
  WSAEREFUSED,
  WSAHOST_NOT_FOUND,
  WSATRY_AGAIN,
  WSANO_RECOVERY,
  WSANO_DATA,
} = WSA_ERRORS;
export const {
  AF_UNSPEC,
  AF_UNIX,
  AF_INET,
  AF_IPX,
  AF_APPLETALK,
  AF_NETBIOS,
  AF_INET6,
  AF_IRDA,
  AF_BTH,
} = ADDRESS_FAMILIES;
export const { SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET } = SOCKET_TYPES;
export const {
  IPPROTO_IP,
  IPPROTO_HOPOPTS,
  IPPROTO_ICMP,
  IPPROTO_IGMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPPROTO_IPV6,
  IPPROTO_ICMPV6,
  IPPROTO_RAW,
} = PROTOCOLS;
export const {
  SO_DEBUG,
  SO_ACCEPTCONN,
  SO_REUSEADDR,
  SO_KEEPALIVE,
  SO_DONTROUTE,
  SO_BROADCAST,
  SO_USELOOPBACK,
  SO_LINGER,
  SO_OOBINLINE,
  SO_DONTLINGER,
  SO_EXCLUSIVEADDRUSE,
  SO_SNDBUF,
  SO_RCVBUF,
  SO_SNDLOWAT,
  SO_RCVLOWAT,
  SO_SNDTIMEO,
  SO_RCVTIMEO,
  SO_ERROR,
  SO_TYPE,
  SO_BSP_STATE,
  SO_GROUP_ID,
  SO_GROUP_PRIORITY,
  SO_MAX_MSG_SIZE,
  SO_PROTOCOL_INFOA,
  SO_PROTOCOL_INFOW,
  SO_PROTOCOL_INFO,
  PVD_CONFIG,
  SO_CONDITIONAL_ACCEPT,
  SO_PAUSE_ACCEPT,
  SO_RANDOMIZE_PORT,
  SO_PORT_SCALABILITY,
  SO_REUSE_UNICASTPORT,
  SO_REUSE_MULTICASTPORT,
  SO_CONNDATA,
  SO_CONNOPT,
  SO_DISCDATA,
  SO_DISCOPT,
  SO_CONNDATALEN,
  SO_CONNOPTLEN,
  SO_DISCDATALEN,
  SO_DISCOPTLEN,
  SO_OPENTYPE,
  SO_MAXDG,
  SO_MAXPATHDG,
  SO_UPDATE_ACCEPT_CONTEXT,
  SO_CONNECT_TIME,
  SO_UPDATE_CONNECT_CONTEXT,
} = SOL_SOCKET_OPTIONS;
export const {
  TCP_NODELAY,
  TCP_EXPEDITED_1122,
  TCP_KEEPALIVE,
  TCP_KEEPIDLE,
  TCP_MAXSEG,
  TCP_MAXRT,
  TCP_STDURG,
  TCP_NOURG,
  TCP_ATMARK,
  TCP_NOSYNRETRIES,
  TCP_TIMESTAMPS,
  TCP_OFFLOAD_PREFERENCE,
  TCP_CONGESTION_ALGORITHM,
  TCP_DELAY_FIN_ACK,
  TCP_MAXRTMS,
  TCP_FASTOPEN,
  TCP_KEEPCNT,
  TCP_KEEPINTVL,
  TCP_FAIL_CONNECT_ON_ICMP_ERROR,
  TCP_ICMP_ERROR_INFO,
  TCP_BSDURGENT,
} = TCP_OPTIONS;
export const {
  IP_OPTIONS,
  IP_HDRINCL,
  IP_TOS,
  IP_TTL,
  IP_MULTICAST_IF,
  IP_MULTICAST_TTL,
  IP_MULTICAST_LOOP,
  IP_ADD_MEMBERSHIP,
  IP_DROP_MEMBERSHIP,
  IP_DONTFRAGMENT,
  IP_ADD_SOURCE_MEMBERSHIP,
  IP_DROP_SOURCE_MEMBERSHIP,
  IP_BLOCK_SOURCE,
  IP_UNBLOCK_SOURCE,
  IP_PKTINFO,
  IP_HOPLIMIT,
  IP_RECVTTL,
  IP_RECEIVE_BROADCAST,
  IP_RECVIF,
  IP_RECVDSTADDR,
  IP_IFLIST,
  IP_UNICAST_IF,
  IP_RTHDR,
  IP_GET_IFLIST,
  IP_RECVRTHDR,
  IP_RECVTOS,
  IP_ORIGINAL_ARRIVAL_IF,
  IP_ECN,
  IP_PKTINFO_EX,
  IP_WFP_REDIRECT_RECORDS,
  IP_WFP_REDIRECT_CONTEXT,
  IP_MTU_DISCOVER,
  IP_MTU,
  IP_RECVERR,
  IP_USER_MTU,
} = IP_LEVEL_OPTIONS;
export const {
  IPV6_HOPOPTS,
  IPV6_HDRINCL,
  IPV6_UNICAST_HOPS,
  IPV6_MULTICAST_IF,
  IPV6_MULTICAST_HOPS,
  IPV6_MULTICAST_LOOP,
  IPV6_ADD_MEMBERSHIP,
  IPV6_JOIN_GROUP,
  IPV6_DROP_MEMBERSHIP,
  IPV6_LEAVE_GROUP,
  IPV6_DONTFRAG,
  IPV6_PKTINFO,
  IPV6_HOPLIMIT,
  IPV6_PROTECTION_LEVEL,
  IPV6_RECVIF,
  IPV6_RECVDSTADDR,
  IPV6_CHECKSUM,
  IPV6_V6ONLY,
  IPV6_IFLIST,
  IPV6_UNICAST_IF,
  IPV6_RTHDR,
  IPV6_GET_IFLIST,
  IPV6_RECVRTHDR,
  IPV6_RECVTCLASS,
  IPV6_ECN,
  IPV6_PKTINFO_EX,
  IPV6_WFP_REDIRECT_RECORDS,
  IPV6_WFP_REDIRECT_CONTEXT,
  IPV6_MTU_DISCOVER,
  IPV6_MTU,
  IPV6_RECVERR,
  IPV6_USER_MTU,
} = IPV6_LEVEL_OPTIONS;
export const {
  FD_READ_BIT,
  FD_WRITE_BIT,
  FD_OOB_BIT,
  FD_ACCEPT_BIT,
  FD_CONNECT_BIT,
  FD_CLOSE_BIT,
  FD_QOS_BIT,
  FD_GROUP_QOS_BIT,
  FD_ROUTING_INTERFACE_CHANGE_BIT,
  FD_ADDRESS_LIST_CHANGE_BIT,
  FD_MAX_EVENTS,
} = FD_BITS;
export const {
  FD_READ,
  FD_WRITE,
  FD_OOB,
  FD_ACCEPT,
  FD_CONNECT,
  FD_CLOSE,
  FD_QOS,
  FD_GROUP_QOS,
  FD_ROUTING_INTERFACE_CHANGE,
  FD_ADDRESS_LIST_CHANGE,
  FD_ALL_EVENTS,
} = FD_EVENTS;
export const {
  WSA_FLAG_OVERLAPPED,
  WSA_FLAG_MULTIPOINT_C_ROOT,
  WSA_FLAG_MULTIPOINT_C_LEAF,
  WSA_FLAG_MULTIPOINT_D_ROOT,
  WSA_FLAG_MULTIPOINT_D_LEAF,
  WSA_FLAG_ACCESS_SYSTEM_SECURITY,
  WSA_FLAG_NO_HANDLE_INHERIT,
  WSA_FLAG_REGISTERED_IO,
} = WSA_FLAGS;
export const { SD_RECEIVE, SD_SEND, SD_BOTH } = SHUTDOWN_HOW;
export const { HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE } = HANDLE_FLAGS;
export const { DUPLICATE_CLOSE_SOURCE, DUPLICATE_SAME_ACCESS } = DUPLICATE_OPTIONS;
export const { FIONBIO, FIONREAD, SIOCATMARK } = IOCTL_COMMANDS;
export const { MSG_OOB, MSG_PEEK, MSG_DONTROUTE, MSG_WAITALL, MSG_PUSH_IMMEDIATE, MSG_PARTIAL } =
  MSG_FLAGS;
export const {
  POLLERR,
  POLLHUP,
  POLLNVAL,
  POLLWRNORM,
  POLLOUT,
  POLLWRBAND,
  POLLRDNORM,
  POLLRDBAND,
  POLLIN,
  POLLPRI,
} = POLL_FLAGS;
export const {
  WSA_WAIT_EVENT_0,
  WSA_WAIT_IO_COMPLETION,
  WSA_WAIT_TIMEOUT,
  WSA_WAIT_FAILED,
  WSA_INFINITE,
  WSA_MAXIMUM_WAIT_EVENTS,
  WSA_INVALID_EVENT,
} = WAIT_VALUES;
export const {
  XP1_CONNECTIONLESS,
  XP1_GUARANTEED_DELIVERY,
  XP1_GUARANTEED_ORDER,
  XP1_MESSAGE_ORIENTED,
  XP1_PSEUDO_STREAM,
  XP1_GRACEFUL_CLOSE,
  XP1_EXPEDITED_DATA,
  XP1_CONNECT_DATA,
  XP1_DISCONNECT_DATA,
  XP1_SUPPORT_BROADCAST,
  XP1_SUPPORT_MULTIPOINT,
  XP1_MULTIPOINT_CONTROL_PLANE,
  XP1_MULTIPOINT_DATA_PLANE,
  XP1_QOS_SUPPORTED,
  XP1_INTERRUPT,
  XP1_UNI_SEND,
  XP1_UNI_RECV,
  XP1_IFS_HANDLES,
  XP1_PARTIAL_MESSAGE,
  XP1_SAN_SUPPORT_SDP,
} = XP1_FLAGS;
export const {
  PFL_MULTIPLE_PROTO_ENTRIES,
  PFL_RECOMMENDED_PROTO_ENTRY,
  PFL_HIDDEN,
  PFL_MATCHES_PROTOCOL_ZERO,
  PFL_NETWORKDIRECT_PROVIDER,
} = PFL_FLAGS;
export const {
  FD_SETSIZE,
  SOMAXCONN,
  WSAPROTOCOL_LEN,
  MAX_PROTOCOL_CHAIN,
  BASE_PROTOCOL,
  LAYERED_PROTOCOL,
  BIGENDIAN,
  LITTLEENDIAN,
  SECURITY_PROTOCOL_NONE,
  SO_SYNCHRONOUS_ALERT,
  SO_SYNCHRONOUS_NONALERT,
  SG_UNCONSTRAINED_GROUP,
  SG_CONSTRAINED_GROUP,
  WM_USER,
  NULL,
  FALSE,
  TRUE,
} = MISC_VALUES;

/** A group of named constants as values.ts declares them: name to value, in header order. */
export type ConstantGroup = Readonly<Record<string, number>>;

/**
 * The 32 bits a C int or DWORD argument carries, unsigned, or undefined for a number no such
 * parameter can hold. Comparing bits rather than numbers lets a value match its constant whether
 * a caller spelled it signed or unsigned: SO_DONTLINGER is ~0x80 (-129) in the header, and
 * FIONBIO (0x8004667e) arrives negative from a caller that stored it in an int.
 */
function bits32(value: number): number | undefined {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 32 - 1) return undefined;
  return value >>> 0;
}

/**
 * The name of `value` in `group`, or undefined when none has it. Where the header gives one value
 * two names (IPPROTO_IP and IPPROTO_HOPOPTS, TCP_KEEPALIVE and TCP_KEEPIDLE), the first in the
 * group wins, so the answer never depends on anything but the group.
 */
export function constantName(group: ConstantGroup, value: number): string | undefined {
  const bits = bits32(value);
  if (bits === undefined) return undefined;
  for (const [name, member] of Object.entries(group)) if (member >>> 0 === bits) return name;
  return undefined;
}

function bitCount(value: number): number {
  let count = 0;
  for (let rest = value >>> 0; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

/**
 * A flags value as its names joined by "|" in group order ("FD_READ|FD_CLOSE"), bits no name
 * covers as one hex term ("MSG_PEEK|0x100"), 0 as "0", and a number no flags parameter can hold
 * as that number. Names that cover several bits (FD_ALL_EVENTS, POLLIN) are tried before single
 * bits, so a value that is exactly such a name reads as that name.
 */
export function flagNames(group: ConstantGroup, value: number): string {
  const bits = bits32(value);
  if (bits === undefined) return String(value);
  if (bits === 0) return "0";
  const members = Object.entries(group)
    .map(([name, member], order) => ({ name, bits: member >>> 0, order }))
    .filter((m) => m.bits !== 0)
    .sort((a, b) => bitCount(b.bits) - bitCount(a.bits) || a.order - b.order);
  let rest = bits;
  const chosen: { name: string; order: number }[] = [];
  for (const member of members) {
    if ((rest & member.bits) >>> 0 !== member.bits) continue;
    chosen.push(member);
    rest = (rest & ~member.bits) >>> 0;
  }
  const names = chosen.sort((a, b) => a.order - b.order).map((m) => m.name);
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names.join("|");
}
