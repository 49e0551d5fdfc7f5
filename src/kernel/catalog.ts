/**
 * The protocol catalog: the base providers of Microsoft's TCP/IP stack as WSAEnumProtocols lists
 * them on Windows 10 and 11 ("MSAFD Tcpip"). WSASocket picks its provider here, and
 * WSAPROTOCOL_INFO structures are filled from here.
 *
 * Values: dwServiceFlags1 and dwProviderFlags from Wine's protocol.c and sock.c checks on Windows
 * (observed facts 22, 23); address sizes from sizeof(SOCKADDR_IN) = 16 and sizeof(SOCKADDR_IN6) =
 * 28; catalog ids 1001..1006 and the provider GUIDs are those of a default Windows catalog (they
 * vary between machines, and no program may depend on them).
 */
import {
  ADDRESS_FAMILIES,
  PFL_FLAGS,
  PROTOCOLS,
  SOCKET_TYPES,
  XP1_FLAGS,
} from "../constants/values.js";

export interface CatalogEntry {
  readonly catalogEntryId: number;
  readonly providerId: string;
  readonly af: number;
  readonly type: number;
  /** The protocol a socket of this entry reports; 0 for raw entries. */
  readonly protocol: number;
  /** Protocols protocol..protocol+maxOffset are accepted (raw entries: 255). */
  readonly protocolMaxOffset: number;
  readonly serviceFlags1: number;
  readonly providerFlags: number;
  readonly sockaddrSize: number;
  readonly messageSize: number;
  readonly name: string;
}

const IPV4_PROVIDER = "{E70F1AA0-AB8B-11CF-8CA3-00805F48A192}";
const IPV6_PROVIDER = "{F9EAB0C0-26D4-11D0-BBBF-00AA006C34E4}";

const TCP_FLAGS =
  XP1_FLAGS.XP1_GUARANTEED_DELIVERY |
  XP1_FLAGS.XP1_GUARANTEED_ORDER |
  XP1_FLAGS.XP1_GRACEFUL_CLOSE |
  XP1_FLAGS.XP1_EXPEDITED_DATA |
  XP1_FLAGS.XP1_IFS_HANDLES;

const DATAGRAM_FLAGS =
  XP1_FLAGS.XP1_CONNECTIONLESS |
  XP1_FLAGS.XP1_MESSAGE_ORIENTED |
  XP1_FLAGS.XP1_SUPPORT_BROADCAST |
  XP1_FLAGS.XP1_SUPPORT_MULTIPOINT |
  XP1_FLAGS.XP1_IFS_HANDLES;

/** Largest UDP payload over IPv4 that the provider reports (dwMessageSize). */
const UDP_MESSAGE_SIZE = 65527;

function family(
  firstId: number,
  af: number,
  providerId: string,
  sockaddrSize: number,
  suffix: string,
): CatalogEntry[] {
  const common = { af, providerId, sockaddrSize };
  return [
    {
      ...common,
      catalogEntryId: firstId,
      type: SOCKET_TYPES.SOCK_STREAM,
      protocol: PROTOCOLS.IPPROTO_TCP,
      protocolMaxOffset: 0,
      serviceFlags1: TCP_FLAGS,
      providerFlags: PFL_FLAGS.PFL_MATCHES_PROTOCOL_ZERO,
      messageSize: 0,
      name: `MSAFD Tcpip [TCP/${suffix}]`,
    },
    {
      ...common,
      catalogEntryId: firstId + 1,
      type: SOCKET_TYPES.SOCK_DGRAM,
      protocol: PROTOCOLS.IPPROTO_UDP,
      protocolMaxOffset: 0,
      serviceFlags1: DATAGRAM_FLAGS,
      providerFlags: PFL_FLAGS.PFL_MATCHES_PROTOCOL_ZERO,
      messageSize: UDP_MESSAGE_SIZE,
      name: `MSAFD Tcpip [UDP/${suffix}]`,
    },
    {
      ...common,
      catalogEntryId: firstId + 2,
      type: SOCKET_TYPES.SOCK_RAW,
      protocol: 0,
      protocolMaxOffset: 255,
      serviceFlags1: DATAGRAM_FLAGS,
      providerFlags: PFL_FLAGS.PFL_MATCHES_PROTOCOL_ZERO | PFL_FLAGS.PFL_HIDDEN,
      messageSize: UDP_MESSAGE_SIZE,
      name: `MSAFD Tcpip [RAW/${suffix}]`,
    },
  ];
}

/**
 * The AF_UNIX entry of Windows 10 1803 and later: "AF_UNIX" in `netsh winsock show catalog`,
 * provider {A00943D9-9C2E-4633-9B59-0057A3160994} (its helper is wshunix.dll, "UNIX socket
 * address family"). Stream only, protocol 0, SOCKADDR_UN of 110 bytes. Its catalog id, service
 * flags and message size are the simulator's choice (no source lists them): 1007, after the
 * TCP/IP entries, so that no (family, type, protocol) search of the IP families changes; the
 * flags of a reliable byte stream without urgent data (no XP1_EXPEDITED_DATA, rule
 * NET-UNIX-NO-OOB) whose sockets are kernel handles (XP1_IFS_HANDLES, so WSADuplicateSocket,
 * inheritance and DuplicateHandle work as for TCP). Rule NET-UNIX-SOCKET.
 */
const UNIX_ENTRY: CatalogEntry = {
  catalogEntryId: 1007,
  providerId: "{A00943D9-9C2E-4633-9B59-0057A3160994}",
  af: ADDRESS_FAMILIES.AF_UNIX,
  type: SOCKET_TYPES.SOCK_STREAM,
  protocol: 0,
  protocolMaxOffset: 0,
  serviceFlags1:
    XP1_FLAGS.XP1_GUARANTEED_DELIVERY |
    XP1_FLAGS.XP1_GUARANTEED_ORDER |
    XP1_FLAGS.XP1_GRACEFUL_CLOSE |
    XP1_FLAGS.XP1_IFS_HANDLES,
  providerFlags: PFL_FLAGS.PFL_MATCHES_PROTOCOL_ZERO,
  sockaddrSize: 110,
  messageSize: 0,
  name: "AF_UNIX",
};

export const CATALOG: readonly CatalogEntry[] = Object.freeze([
  ...family(1001, ADDRESS_FAMILIES.AF_INET, IPV4_PROVIDER, 16, "IP"),
  ...family(1004, ADDRESS_FAMILIES.AF_INET6, IPV6_PROVIDER, 28, "IPv6"),
  UNIX_ENTRY,
]);

export function catalogEntry(catalogEntryId: number): CatalogEntry {
  const entry = CATALOG.find((e) => e.catalogEntryId === catalogEntryId);
  if (entry === undefined) throw new Error(`kernel invariant: no catalog entry ${catalogEntryId}`);
  return entry;
}

/** Whether a WSAPROTOCOL_INFO's dwCatalogEntryId names an entry of this catalog. */
export function isCatalogEntry(catalogEntryId: number): boolean {
  return CATALOG.some((e) => e.catalogEntryId === catalogEntryId);
}

/** Whether `protocol` selects this entry (0 matches entries flagged PFL_MATCHES_PROTOCOL_ZERO). */
export function entryAcceptsProtocol(entry: CatalogEntry, protocol: number): boolean {
  if (protocol === 0) return (entry.providerFlags & PFL_FLAGS.PFL_MATCHES_PROTOCOL_ZERO) !== 0;
  return protocol >= entry.protocol && protocol <= entry.protocol + entry.protocolMaxOffset;
}
