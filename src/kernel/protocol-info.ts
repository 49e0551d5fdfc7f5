/**
 * WSAPROTOCOL_INFOA (372 bytes) and WSAPROTOCOL_INFOW (628 bytes), byte for byte.
 *
 * Layout from rule H1 of the documented-rules reference (offsets checked against the headers):
 * the two structures are identical up to szProtocol at offset 116, which is CHAR[256] in the A
 * form and WCHAR[256] (UTF-16LE) in the W form. All integers are little-endian.
 */
import { STRUCT_SIZES } from "../constants/values.js";
import { catalogEntry } from "./catalog.js";

export interface ProtocolChain {
  readonly ChainLen: number;
  readonly ChainEntries: readonly number[];
}

export interface ProtocolInfo {
  readonly dwServiceFlags1: number;
  readonly dwServiceFlags2: number;
  readonly dwServiceFlags3: number;
  readonly dwServiceFlags4: number;
  readonly dwProviderFlags: number;
  /** "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", upper case. */
  readonly ProviderId: string;
  readonly dwCatalogEntryId: number;
  readonly ProtocolChain: ProtocolChain;
  readonly iVersion: number;
  readonly iAddressFamily: number;
  readonly iMaxSockAddr: number;
  readonly iMinSockAddr: number;
  readonly iSocketType: number;
  readonly iProtocol: number;
  readonly iProtocolMaxOffset: number;
  readonly iNetworkByteOrder: number;
  readonly iSecurityScheme: number;
  readonly dwMessageSize: number;
  readonly dwProviderReserved: number;
  readonly szProtocol: string;
}

export type CharSet = "A" | "W";

export const MAX_PROTOCOL_CHAIN = 7;
const SZ_PROTOCOL_OFFSET = 116;
const SZ_PROTOCOL_CHARS = 256;

export function protocolInfoSize(charSet: CharSet): number {
  return charSet === "A" ? STRUCT_SIZES.WSAPROTOCOL_INFOA : STRUCT_SIZES.WSAPROTOCOL_INFOW;
}

/** A GUID's 16 bytes as stored (Data1, Data2, Data3 little-endian), by its text. */
const GUID_BYTES = new Map<string, Uint8Array>();

function guidBytes(guid: string): Uint8Array {
  const known = GUID_BYTES.get(guid);
  if (known !== undefined) return known;
  const hex = guid.replace(/[{}-]/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a GUID: ${guid}`);
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Number.parseInt(hex.slice(0, 8), 16), true);
  view.setUint16(4, Number.parseInt(hex.slice(8, 12), 16), true);
  view.setUint16(6, Number.parseInt(hex.slice(12, 16), 16), true);
  for (let i = 0; i < 8; i++) bytes[8 + i] = Number.parseInt(hex.slice(16 + 2 * i, 18 + 2 * i), 16);
  // Only the catalog's few provider GUIDs are ever written, so the table stays small.
  GUID_BYTES.set(guid, bytes);
  return bytes;
}

function writeGuid(view: DataView, offset: number, guid: string): void {
  const bytes = guidBytes(guid);
  for (let i = 0; i < 16; i++) view.setUint8(offset + i, bytes[i] as number);
}

/** Two upper-case hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, n) => n.toString(16).toUpperCase().padStart(2, "0"));

function readGuid(view: DataView, offset: number): string {
  // Data1, Data2 and Data3 are little-endian: their bytes are printed last to first.
  const byte = (i: number) => HEX[view.getUint8(offset + i)] as string;
  return (
    `{${byte(3)}${byte(2)}${byte(1)}${byte(0)}-${byte(5)}${byte(4)}-${byte(7)}${byte(6)}-` +
    `${byte(8)}${byte(9)}-${byte(10)}${byte(11)}${byte(12)}${byte(13)}${byte(14)}${byte(15)}}`
  );
}

export function encodeProtocolInfo(info: ProtocolInfo, charSet: CharSet): Uint8Array {
  const bytes = new Uint8Array(protocolInfoSize(charSet));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, info.dwServiceFlags1 >>> 0, true);
  view.setUint32(4, info.dwServiceFlags2 >>> 0, true);
  view.setUint32(8, info.dwServiceFlags3 >>> 0, true);
  view.setUint32(12, info.dwServiceFlags4 >>> 0, true);
  view.setUint32(16, info.dwProviderFlags >>> 0, true);
  writeGuid(view, 20, info.ProviderId);
  view.setUint32(36, info.dwCatalogEntryId >>> 0, true);
  view.setInt32(40, info.ProtocolChain.ChainLen, true);
  for (let i = 0; i < MAX_PROTOCOL_CHAIN; i++) {
    view.setUint32(44 + 4 * i, (info.ProtocolChain.ChainEntries[i] ?? 0) >>> 0, true);
  }
  view.setInt32(72, info.iVersion, true);
  view.setInt32(76, info.iAddressFamily, true);
  view.setInt32(80, info.iMaxSockAddr, true);
  view.setInt32(84, info.iMinSockAddr, true);
  view.setInt32(88, info.iSocketType, true);
  view.setInt32(92, info.iProtocol, true);
  view.setInt32(96, info.iProtocolMaxOffset, true);
  view.setInt32(100, info.iNetworkByteOrder, true);
  view.setInt32(104, info.iSecurityScheme, true);
  view.setUint32(108, info.dwMessageSize >>> 0, true);
  view.setUint32(112, info.dwProviderReserved >>> 0, true);
  const text = info.szProtocol.slice(0, SZ_PROTOCOL_CHARS - 1);
  for (let i = 0; i < text.length; i++) {
    if (charSet === "A") view.setUint8(SZ_PROTOCOL_OFFSET + i, text.charCodeAt(i) & 0xff);
    else view.setUint16(SZ_PROTOCOL_OFFSET + 2 * i, text.charCodeAt(i), true);
  }
  return bytes;
}

/** Decodes a structure; undefined when the buffer is shorter than the structure. */
export function decodeProtocolInfo(bytes: Uint8Array, charSet: CharSet): ProtocolInfo | undefined {
  if (bytes.length < protocolInfoSize(charSet)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let szProtocol = "";
  for (let i = 0; i < SZ_PROTOCOL_CHARS; i++) {
    const code =
      charSet === "A"
        ? view.getUint8(SZ_PROTOCOL_OFFSET + i)
        : view.getUint16(SZ_PROTOCOL_OFFSET + 2 * i, true);
    if (code === 0) break;
    szProtocol += String.fromCharCode(code);
  }
  return {
    dwServiceFlags1: view.getUint32(0, true),
    dwServiceFlags2: view.getUint32(4, true),
    dwServiceFlags3: view.getUint32(8, true),
    dwServiceFlags4: view.getUint32(12, true),
    dwProviderFlags: view.getUint32(16, true),
    ProviderId: readGuid(view, 20),
    dwCatalogEntryId: view.getUint32(36, true),
    ProtocolChain: {
      ChainLen: view.getInt32(40, true),
      ChainEntries: Array.from({ length: MAX_PROTOCOL_CHAIN }, (_, i) =>
        view.getUint32(44 + 4 * i, true),
      ),
    },
    iVersion: view.getInt32(72, true),
    iAddressFamily: view.getInt32(76, true),
    iMaxSockAddr: view.getInt32(80, true),
    iMinSockAddr: view.getInt32(84, true),
    iSocketType: view.getInt32(88, true),
    iProtocol: view.getInt32(92, true),
    iProtocolMaxOffset: view.getInt32(96, true),
    iNetworkByteOrder: view.getInt32(100, true),
    iSecurityScheme: view.getInt32(104, true),
    dwMessageSize: view.getUint32(108, true),
    dwProviderReserved: view.getUint32(112, true),
    szProtocol,
  };
}

/**
 * The WSAPROTOCOL_INFO that describes a socket: its catalog entry, with the socket's own protocol
 * (rule DUP-INFO). `providerReserved` is 0 for SO_PROTOCOL_INFO and the duplication record's id
 * for WSADuplicateSocket: dwProviderReserved is the field the SPI reserves for a provider's
 * context, and it is how the target's WSASocket finds the socket (rule DUP-PENDING-REF).
 */
export function describeSocket(
  socket: { readonly catalogEntryId: number; readonly protocol: number },
  providerReserved: number,
): ProtocolInfo {
  const entry = catalogEntry(socket.catalogEntryId);
  return {
    dwServiceFlags1: entry.serviceFlags1,
    dwServiceFlags2: 0,
    dwServiceFlags3: 0,
    dwServiceFlags4: 0,
    dwProviderFlags: entry.providerFlags,
    ProviderId: entry.providerId,
    dwCatalogEntryId: entry.catalogEntryId,
    ProtocolChain: { ChainLen: 1, ChainEntries: [0, 0, 0, 0, 0, 0, 0] },
    iVersion: 2,
    iAddressFamily: entry.af,
    iMaxSockAddr: entry.sockaddrSize,
    iMinSockAddr: entry.sockaddrSize,
    iSocketType: entry.type,
    iProtocol: socket.protocol,
    iProtocolMaxOffset: entry.protocolMaxOffset,
    iNetworkByteOrder: 0,
    iSecurityScheme: 0,
    dwMessageSize: entry.messageSize,
    dwProviderReserved: providerReserved,
    szProtocol: entry.name,
  };
}
