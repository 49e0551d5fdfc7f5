/**
 * WSAPROTOCOL_INFOA (372 bytes) and WSAPROTOCOL_INFOW (628 bytes) byte for byte
 * (src/kernel/protocol-info.ts): every field at its documented offset and width, little-endian;
 * the provider GUID as Windows stores a GUID (Data1, Data2, Data3 little-endian, Data4 in order);
 * the seven ChainEntries of ProtocolChain; szProtocol at offset 116, CHAR[256] or WCHAR[256],
 * at most WSAPROTOCOL_LEN (255) characters and NUL-terminated; the structures SO_PROTOCOL_INFOA/W
 * give for the catalog's entries; and the decoder's contracts (a structure shorter than its size
 * is refused, nothing past szProtocol is read, decode(encode(x)) is x). Written to kill the
 * mutants that survived the mutation run of src/kernel (docs/mutation/top-protocol-info.md).
 *
 * The expected bytes are written out by hand from the layout of the WSAPROTOCOL_INFOW page (the
 * same field order in both forms: five DWORDs, the GUID, a DWORD, WSAPROTOCOL_CHAIN of an int and
 * DWORD[7], ten ints, two DWORDs, then szProtocol), never computed by the encoder.
 */
import { describe, expect, it } from "vitest";
import { SOL_SOCKET_OPTIONS as SO, SOCKET_TYPES, SOL_SOCKET } from "../../src/constants/values.js";
import { CATALOG } from "../../src/kernel/catalog.js";
import {
  decodeProtocolInfo,
  describeSocket,
  encodeProtocolInfo,
  type ProtocolInfo,
} from "../../src/kernel/protocol-info.js";
import { get, intBuffer, makeSocket, udp4 } from "./options/harness.js";

/**
 * A structure whose every integer field has four different bytes, 0x010203NN with NN naming the
 * field, so a field written big-endian or at another offset shows; the GUID is not one of the
 * catalog's (its bytes are all different, so a byte put elsewhere shows too).
 */
const INFO: ProtocolInfo = {
  dwServiceFlags1: 0x01020310,
  dwServiceFlags2: 0x01020311,
  dwServiceFlags3: 0x01020312,
  dwServiceFlags4: 0x01020313,
  dwProviderFlags: 0x01020314,
  ProviderId: "{01234567-89AB-CDEF-FEDC-BA9876543210}",
  dwCatalogEntryId: 0x01020315,
  ProtocolChain: {
    ChainLen: 0x01020316,
    ChainEntries: [
      0x01020320, 0x01020321, 0x01020322, 0x01020323, 0x01020324, 0x01020325, 0x01020326,
    ],
  },
  iVersion: 0x01020330,
  iAddressFamily: 0x01020331,
  iMaxSockAddr: 0x01020332,
  iMinSockAddr: 0x01020333,
  iSocketType: 0x01020334,
  iProtocol: 0x01020335,
  iProtocolMaxOffset: 0x01020336,
  iNetworkByteOrder: 0x01020337,
  iSecurityScheme: 0x01020338,
  dwMessageSize: 0x01020339,
  dwProviderReserved: 0x0102033a,
  szProtocol: "Test provider",
};

/** INFO's bytes before szProtocol, offset by offset (identical in the A and W forms). */
const INFO_HEAD: readonly (readonly [number, readonly number[]])[] = [
  [0, [0x10, 0x03, 0x02, 0x01]], // dwServiceFlags1
  [4, [0x11, 0x03, 0x02, 0x01]], // dwServiceFlags2
  [8, [0x12, 0x03, 0x02, 0x01]], // dwServiceFlags3
  [12, [0x13, 0x03, 0x02, 0x01]], // dwServiceFlags4
  [16, [0x14, 0x03, 0x02, 0x01]], // dwProviderFlags
  // ProviderId: Data1 0x01234567, Data2 0x89AB, Data3 0xCDEF (little-endian), Data4 as written.
  [20, [0x67, 0x45, 0x23, 0x01, 0xab, 0x89, 0xef, 0xcd]],
  [28, [0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10]],
  [36, [0x15, 0x03, 0x02, 0x01]], // dwCatalogEntryId
  [40, [0x16, 0x03, 0x02, 0x01]], // ProtocolChain.ChainLen
  [44, [0x20, 0x03, 0x02, 0x01]], // ChainEntries[0]
  [48, [0x21, 0x03, 0x02, 0x01]],
  [52, [0x22, 0x03, 0x02, 0x01]],
  [56, [0x23, 0x03, 0x02, 0x01]],
  [60, [0x24, 0x03, 0x02, 0x01]],
  [64, [0x25, 0x03, 0x02, 0x01]],
  [68, [0x26, 0x03, 0x02, 0x01]], // ChainEntries[6]
  [72, [0x30, 0x03, 0x02, 0x01]], // iVersion
  [76, [0x31, 0x03, 0x02, 0x01]], // iAddressFamily
  [80, [0x32, 0x03, 0x02, 0x01]], // iMaxSockAddr
  [84, [0x33, 0x03, 0x02, 0x01]], // iMinSockAddr
  [88, [0x34, 0x03, 0x02, 0x01]], // iSocketType
  [92, [0x35, 0x03, 0x02, 0x01]], // iProtocol
  [96, [0x36, 0x03, 0x02, 0x01]], // iProtocolMaxOffset
  [100, [0x37, 0x03, 0x02, 0x01]], // iNetworkByteOrder
  [104, [0x38, 0x03, 0x02, 0x01]], // iSecurityScheme
  [108, [0x39, 0x03, 0x02, 0x01]], // dwMessageSize
  [112, [0x3a, 0x03, 0x02, 0x01]], // dwProviderReserved
];

/** "Test provider" as CHAR and as WCHAR (UTF-16LE) units. */
const TEST_PROVIDER_A = [
  0x54, 0x65, 0x73, 0x74, 0x20, 0x70, 0x72, 0x6f, 0x76, 0x69, 0x64, 0x65, 0x72,
];
const TEST_PROVIDER_W = TEST_PROVIDER_A.flatMap((c) => [c, 0x00]);

/** `size` zero bytes with `parts` laid over them. */
function layout(
  size: number,
  parts: readonly (readonly [number, readonly number[]])[],
): Uint8Array {
  const bytes = new Uint8Array(size);
  for (const [offset, values] of parts) bytes.set(values, offset);
  return bytes;
}

const INFO_A = () => layout(372, [...INFO_HEAD, [116, TEST_PROVIDER_A]]);
const INFO_W = () => layout(628, [...INFO_HEAD, [116, TEST_PROVIDER_W]]);

describe("encodeProtocolInfo: each field at its offset, little-endian", () => {
  it("WSAPROTOCOL_INFOA: 372 bytes, szProtocol as CHAR from offset 116, the rest zero", () => {
    expect(Array.from(encodeProtocolInfo(INFO, "A"))).toEqual(Array.from(INFO_A()));
  });

  it("WSAPROTOCOL_INFOW: 628 bytes, szProtocol as UTF-16LE from offset 116, the rest zero", () => {
    expect(Array.from(encodeProtocolInfo(INFO, "W"))).toEqual(Array.from(INFO_W()));
  });

  it("W keeps a character above U+00FF as its UTF-16 unit", () => {
    const bytes = encodeProtocolInfo({ ...INFO, szProtocol: "\u03a9x" }, "W");
    expect(Array.from(bytes.subarray(116, 122))).toEqual([0xa9, 0x03, 0x78, 0x00, 0x00, 0x00]);
  });

  it("a ProtocolChain shorter than seven entries is padded with zero entries", () => {
    const info = { ...INFO, ProtocolChain: { ChainLen: 2, ChainEntries: [1001, 0x01020304] } };
    const bytes = encodeProtocolInfo(info, "A");
    expect(Array.from(bytes.subarray(40, 72))).toEqual([
      ...[0x02, 0x00, 0x00, 0x00], // ChainLen
      ...[0xe9, 0x03, 0x00, 0x00], // 1001
      ...[0x04, 0x03, 0x02, 0x01],
      ...new Array<number>(20).fill(0),
    ]);
  });

  it("szProtocol longer than WSAPROTOCOL_LEN keeps 255 characters and its NUL", () => {
    const long = { ...INFO, szProtocol: "x".repeat(300) };
    const a = encodeProtocolInfo(long, "A");
    expect(a.length).toBe(372);
    expect(Array.from(a.subarray(116, 371))).toEqual(new Array<number>(255).fill(0x78));
    expect(a[371]).toBe(0);
    const w = encodeProtocolInfo(long, "W");
    expect(w.length).toBe(628);
    expect(Array.from(w.subarray(116, 626))).toEqual(
      Array.from({ length: 510 }, (_, i) => (i % 2 === 0 ? 0x78 : 0)),
    );
    expect(Array.from(w.subarray(626, 628))).toEqual([0, 0]);
    expect(decodeProtocolInfo(a, "A")?.szProtocol).toBe("x".repeat(255));
    expect(decodeProtocolInfo(w, "W")?.szProtocol).toBe("x".repeat(255));
  });

  it("a ProviderId that is not a GUID's text is refused, not written as zeros", () => {
    // 33 hex digits: the first 32 or the last 32 alone would pass for a GUID.
    for (const bad of [
      "{G01234567-89AB-CDEF-FEDC-BA9876543210}",
      "{01234567-89AB-CDEF-FEDC-BA9876543210G}",
      "{01234567-89AB-CDEF-FEDC-BA98765432}",
    ]) {
      expect(() => encodeProtocolInfo({ ...INFO, ProviderId: bad }, "A"), bad).toThrow(
        /not a GUID/,
      );
    }
  });
});

describe("decodeProtocolInfo: each field from its offset, little-endian", () => {
  it("reads the A and W structures written by hand", () => {
    expect(decodeProtocolInfo(INFO_A(), "A")).toEqual(INFO);
    expect(decodeProtocolInfo(INFO_W(), "W")).toEqual(INFO);
  });

  it("a buffer shorter than the structure is refused", () => {
    expect(decodeProtocolInfo(INFO_A().subarray(0, 371), "A")).toBeUndefined();
    expect(decodeProtocolInfo(INFO_W().subarray(0, 627), "W")).toBeUndefined();
    expect(decodeProtocolInfo(INFO_W().subarray(0, 372), "W")).toBeUndefined();
  });

  it("an szProtocol without its NUL stops at 256 characters and reads nothing past it", () => {
    const a = layout(380, [
      [116, new Array<number>(256).fill(0x61)],
      [372, [0x62, 0x62, 0x62, 0x62]],
    ]);
    expect(decodeProtocolInfo(a, "A")?.szProtocol).toBe("a".repeat(256));
    expect(decodeProtocolInfo(a.subarray(0, 372), "A")?.szProtocol).toBe("a".repeat(256));
    const w = layout(632, [
      [116, Array.from({ length: 512 }, (_, i) => (i % 2 === 0 ? 0x61 : 0))],
      [628, [0x62, 0x00, 0x62, 0x00]],
    ]);
    expect(decodeProtocolInfo(w, "W")?.szProtocol).toBe("a".repeat(256));
    expect(decodeProtocolInfo(w.subarray(0, 628), "W")?.szProtocol).toBe("a".repeat(256));
  });

  it("reads a structure that starts inside a larger buffer", () => {
    const outer = new Uint8Array(8 + 372);
    outer.set(INFO_A(), 8);
    expect(decodeProtocolInfo(outer.subarray(8), "A")).toEqual(INFO);
  });
});

describe("the structures of the catalog's entries", () => {
  it("decode(encode(x)) is x for every catalog entry, A and W", () => {
    for (const entry of CATALOG) {
      const info = describeSocket({ catalogEntryId: entry.catalogEntryId, protocol: 6 }, 7);
      for (const charSet of ["A", "W"] as const) {
        expect(decodeProtocolInfo(encodeProtocolInfo(info, charSet), charSet)).toEqual(info);
      }
    }
  });

  it("SO_PROTOCOL_INFOA of an IPv4 UDP socket (MSAFD Tcpip [UDP/IP])", () => {
    const result = get(udp4(), SOL_SOCKET, SO.SO_PROTOCOL_INFOA, 372, {
      buffer: intBuffer(0, 372),
    });
    if (!result.ok) throw new Error(`getsockopt failed: ${result.code}`);
    const bytes = result.output.optval ?? new Uint8Array();
    // dwMessageSize is the catalog's (not settled against Windows here), read little-endian.
    const messageSize = CATALOG.find((e) => e.catalogEntryId === 1002)?.messageSize;
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(108, true)).toBe(messageSize);
    const name = Array.from("MSAFD Tcpip [UDP/IP]", (c) => c.charCodeAt(0));
    const expected = layout(372, [
      // XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED | XP1_SUPPORT_BROADCAST |
      // XP1_SUPPORT_MULTIPOINT | XP1_IFS_HANDLES = 0x00020609
      [0, [0x09, 0x06, 0x02, 0x00]],
      [16, [0x08, 0x00, 0x00, 0x00]], // PFL_MATCHES_PROTOCOL_ZERO
      // {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}
      [20, [0xa0, 0x1a, 0x0f, 0xe7, 0x8b, 0xab, 0xcf, 0x11]],
      [28, [0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92]],
      [36, [0xea, 0x03, 0x00, 0x00]], // dwCatalogEntryId 1002
      [40, [0x01, 0x00, 0x00, 0x00]], // ChainLen 1 (BASE_PROTOCOL), ChainEntries all zero
      [72, [0x02, 0x00, 0x00, 0x00]], // iVersion 2
      [76, [0x02, 0x00, 0x00, 0x00]], // AF_INET
      [80, [0x10, 0x00, 0x00, 0x00]], // iMaxSockAddr: sizeof(SOCKADDR_IN)
      [84, [0x10, 0x00, 0x00, 0x00]], // iMinSockAddr
      [88, [0x02, 0x00, 0x00, 0x00]], // SOCK_DGRAM
      [92, [0x11, 0x00, 0x00, 0x00]], // IPPROTO_UDP
      // iProtocolMaxOffset 0, iNetworkByteOrder 0 (BIGENDIAN), iSecurityScheme 0
      [108, Array.from(bytes.subarray(108, 112))],
      [116, name],
    ]);
    expect(Array.from(bytes)).toEqual(Array.from(expected));
  });

  it("SO_PROTOCOL_INFOW of an IPv6 raw socket (MSAFD Tcpip [RAW/IPv6])", () => {
    const raw6 = makeSocket(23, SOCKET_TYPES.SOCK_RAW);
    const result = get(raw6, SOL_SOCKET, SO.SO_PROTOCOL_INFOW, 628, { buffer: intBuffer(0, 628) });
    if (!result.ok) throw new Error(`getsockopt failed: ${result.code}`);
    const bytes = result.output.optval ?? new Uint8Array();
    const messageSize = CATALOG.find((e) => e.catalogEntryId === 1006)?.messageSize;
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(108, true)).toBe(messageSize);
    const name = Array.from("MSAFD Tcpip [RAW/IPv6]", (c) => [c.charCodeAt(0), 0]).flat();
    const expected = layout(628, [
      [0, [0x09, 0x06, 0x02, 0x00]],
      [16, [0x0c, 0x00, 0x00, 0x00]], // PFL_MATCHES_PROTOCOL_ZERO | PFL_HIDDEN
      // {F9EAB0C0-26D4-11D0-BBBF-00AA006C34E4}
      [20, [0xc0, 0xb0, 0xea, 0xf9, 0xd4, 0x26, 0xd0, 0x11]],
      [28, [0xbb, 0xbf, 0x00, 0xaa, 0x00, 0x6c, 0x34, 0xe4]],
      [36, [0xee, 0x03, 0x00, 0x00]], // dwCatalogEntryId 1006
      [40, [0x01, 0x00, 0x00, 0x00]],
      [72, [0x02, 0x00, 0x00, 0x00]],
      [76, [0x17, 0x00, 0x00, 0x00]], // AF_INET6
      [80, [0x1c, 0x00, 0x00, 0x00]], // sizeof(SOCKADDR_IN6)
      [84, [0x1c, 0x00, 0x00, 0x00]],
      [88, [0x03, 0x00, 0x00, 0x00]], // SOCK_RAW; iProtocol 0 (the socket's)
      [96, [0xff, 0x00, 0x00, 0x00]], // iProtocolMaxOffset 255
      [108, Array.from(bytes.subarray(108, 112))],
      [116, name],
    ]);
    expect(Array.from(bytes)).toEqual(Array.from(expected));
  });
});
