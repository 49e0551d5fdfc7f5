/**
 * getsockopt for the options whose value is a structure: SO_PROTOCOL_INFOA/W, SO_BSP_STATE, and
 * the variable-length values the simulator reports as empty.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { catalogEntry } from "../catalog.js";
import type { BufferPointer, OptionOutput } from "../memory.js";
import {
  type CharSet,
  describeSocket,
  encodeProtocolInfo,
  protocolInfoSize,
} from "../protocol-info.js";
import type { SocketRecord } from "../state.js";
import { type Citations, fail } from "../transaction.js";
import { checkFits } from "./lengths.js";

/**
 * SO_PROTOCOL_INFOA / SO_PROTOCOL_INFOW write the structure and leave optlen as passed, even when
 * it is larger; a smaller optlen fails with WSAEFAULT and sets optlen to the structure size
 * (test_set_getsockopt, observed fact 17). A negative optlen fails like every other option's and
 * leaves optlen alone (fact 130c).
 */
export function getProtocolInfo(
  socket: SocketRecord,
  charSet: CharSet,
  optval: BufferPointer,
  optlen: number,
  why: Citations,
): OptionOutput {
  const size = protocolInfoSize(charSet);
  if (optlen < 0) fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  if (optlen < size) {
    fail(WSA_ERRORS.WSAEFAULT, "OPT-PROTOCOL-INFO", { optlen: size } satisfies OptionOutput);
  }
  checkFits(optval, size);
  why.cite("OPT-PROTOCOL-INFO");
  return { optval: encodeProtocolInfo(describeSocket(socket, 0), charSet) };
}

/** sizeof(CSADDR_INFO) on x64: two SOCKET_ADDRESS of 16 bytes, then iSocketType and iProtocol. */
export const CSADDR_INFO_SIZE = 40;

/**
 * SO_BSP_STATE writes a CSADDR_INFO followed by room for the local and remote sockaddr; optlen
 * must cover all three (for IPv4 on x86 exactly 24 + 2 * 16 = 56 works and 55 fails), and is left
 * as passed (test_set_getsockopt, research 4d, observed fact 142). The kernel has no bound or
 * connected sockets yet, so both addresses are empty: NULL pointer, length 0.
 */
export function getBspState(
  socket: SocketRecord,
  optval: BufferPointer,
  optlen: number,
  why: Citations,
): OptionOutput {
  if (optlen <= 0) fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  const required = CSADDR_INFO_SIZE + 2 * catalogEntry(socket.catalogEntryId).sockaddrSize;
  if (optlen < required) fail(WSA_ERRORS.WSAEFAULT, "OPT-BSP-STATE");
  checkFits(optval, CSADDR_INFO_SIZE);
  const bytes = new Uint8Array(CSADDR_INFO_SIZE);
  const view = new DataView(bytes.buffer);
  view.setInt32(32, socket.type, true);
  view.setInt32(36, socket.protocol, true);
  why.cite("OPT-BSP-STATE");
  return { optval: bytes };
}

/**
 * Variable-length values the simulator does not keep (IP_OPTIONS, routing headers,
 * TCP_ICMP_ERROR_INFO): getsockopt succeeds with optlen 0, which for TCP_ICMP_ERROR_INFO is the
 * documented "no ICMP error" answer (C9).
 */
export function getEmpty(optlen: number, why: Citations): OptionOutput {
  if (optlen <= 0) fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  why.cite("OPT-EMPTY-VALUE");
  return { optlen: 0 };
}
