/**
 * Address text and SOCKADDR bytes (src/kernel/net/address.ts) through the facade's `sockaddr` and
 * `formatSockaddr`, written to kill the mutants that survived the mutation run of src/kernel/net
 * (docs/mutation/net-address.md). It lives under test/kernel/ so that phase 2 of the mutation
 * run (the static mutants: test files call `sockaddr` while they load) runs it too.
 *
 * Expected values come from the standards, not from the code: IPv4 text is four dotted decimal
 * parts of at most three digits, each 0-255 (inet_pton's "ddd.ddd.ddd.ddd"); IPv6 text follows
 * RFC 4291 section 2.2 ("::" stands for one or more zero groups and appears once; the last 32 bits
 * may be written in dotted decimal) and is written back in RFC 5952's canonical form (section 4:
 * lower case, no leading zeros, the longest run of two or more zero groups as "::", the first of
 * equal runs, a single zero group never shortened; section 5: an IPv4-mapped address as
 * ::ffff:a.b.c.d). SOCKADDR_IN is 16 bytes and SOCKADDR_IN6 28 (ws2def.h, ws2ipdef.h): family
 * (little-endian), port (network order), then the IPv4 address at 4, or flow info and the IPv6
 * address at 8.
 */
import { describe, expect, it } from "vitest";
import { AF_INET, AF_INET6, formatSockaddr, sockaddr } from "../../../src/index.js";

/** `text` through sockaddr and back: the canonical text of the address. */
const roundTrip = (text: string) => formatSockaddr(sockaddr(text));

/** A SOCKADDR_IN6 built by hand: family, port, the 16 address bytes given, flow info and scope 0. */
function sockaddrIn6(port: number, address: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(28);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, AF_INET6, true);
  view.setUint16(2, port, false);
  bytes.set(address, 8);
  return bytes;
}

/** Expects `sockaddr(text)` to refuse the text as malformed (a SyntaxError naming it). */
function refused(text: string): void {
  expect(() => sockaddr(text), text).toThrow(SyntaxError);
  expect(() => sockaddr(text), text).toThrow(`not an address: "${text}"`);
}

describe("IPv4 text", () => {
  it("writes family, port in network order and the four bytes; 65535 is a port", () => {
    expect(Array.from(sockaddr("127.0.0.1:65535"))).toEqual([
      AF_INET,
      0,
      0xff,
      0xff,
      127,
      0,
      0,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(roundTrip("10.200.0.255:0")).toBe("10.200.0.255:0");
  });

  it("refuses anything but four parts of one to three digits, each at most 255", () => {
    for (const text of [
      "1.2.3:80", // three parts
      "1.2.3.4.5:80", // five parts
      "256.0.0.1:80",
      "127.0.0.256:80", // only the last part is out of range
      "1..2.3:80", // an empty part
      "0001.0.0.1:80", // four digits, although the value is 1
    ])
      refused(text);
  });

  it("refuses a port above 65535, text around the address, and no address at all", () => {
    for (const text of [
      "127.0.0.1:65536",
      "127.0.0.1:123456",
      "x127.0.0.1:80",
      "127.0.0.1:80x",
      "garbage",
      "127.0.0.1",
    ])
      refused(text);
  });
});

describe("IPv6 text (RFC 4291 forms in, RFC 5952 canonical form out)", () => {
  it("reads the full form and writes it without '::' when no two zero groups follow each other", () => {
    expect(roundTrip("[1:2:3:4:5:6:7:8]:80")).toBe("[1:2:3:4:5:6:7:8]:80");
    expect(Array.from(sockaddr("[1:2:3:4:5:6:7:8]:80").subarray(8, 24))).toEqual([
      0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8,
    ]);
  });

  it("never shortens a single zero group, though '::' may stand for one in the input", () => {
    expect(roundTrip("[1:0:3:4:5:6:7:8]:80")).toBe("[1:0:3:4:5:6:7:8]:80");
    expect(roundTrip("[1::3:4:5:6:7:8]:80")).toBe("[1:0:3:4:5:6:7:8]:80");
  });

  it("shortens the longest run of zero groups, the first of equal runs", () => {
    expect(roundTrip("[1:0:0:2:3:0:0:4]:80")).toBe("[1::2:3:0:0:4]:80");
    expect(roundTrip("[1:0:0:2:0:0:0:3]:80")).toBe("[1:0:0:2::3]:80");
    expect(roundTrip("[1:0:0:0:0:0:0:2]:80")).toBe("[1::2]:80");
    expect(roundTrip("[0:0:0:0:0:0:0:1]:80")).toBe("[::1]:80");
    expect(roundTrip("[1:2::3:4]:80")).toBe("[1:2::3:4]:80");
  });

  it("places every group's high and low byte, and writes hex in lower case", () => {
    expect(Array.from(sockaddr("[1234:5678:9abc:def0::]:80").subarray(8, 24))).toEqual([
      0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(roundTrip("[1234:5678:9abc:def0::]:80")).toBe("[1234:5678:9abc:def0::]:80");
    expect(roundTrip("[ABCD::EF]:80")).toBe("[abcd::ef]:80");
    expect(roundTrip("[::1234]:80")).toBe("[::1234]:80");
  });

  it("writes an IPv4-mapped address as ::ffff:a.b.c.d, and no other", () => {
    expect(
      formatSockaddr(sockaddrIn6(80, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1])),
    ).toBe("[::ffff:127.0.0.1]:80");
    expect(roundTrip("[0:0:0:0:0:ffff:7f00:1]:80")).toBe("[::ffff:127.0.0.1]:80");
    // ffff in the sixth group, but the groups before it are not all zero.
    expect(roundTrip("[1:2:3:4:5:ffff:7f00:1]:80")).toBe("[1:2:3:4:5:ffff:7f00:1]:80");
    expect(roundTrip("[1::ffff:7f00:1]:80")).toBe("[1::ffff:7f00:1]:80");
  });

  it("reads the last 32 bits in dotted decimal, after '::' or after six groups", () => {
    expect(Array.from(sockaddr("[::ffff:127.0.0.1]:80").subarray(8, 24))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1,
    ]);
    expect(roundTrip("[::ffff:127.0.0.1]:80")).toBe("[::ffff:127.0.0.1]:80");
    // Not IPv4-mapped: RFC 5952 keeps dotted decimal for mapped addresses only.
    expect(roundTrip("[::127.0.0.1]:80")).toBe("[::7f00:1]:80");
    expect(roundTrip("[1:2:3:4:5:6:1.2.3.4]:80")).toBe("[1:2:3:4:5:6:102:304]:80");
  });

  it("refuses wrong group counts, a second '::', bad groups and a bad dotted tail", () => {
    for (const text of [
      "[1:2:3]:80", // too few groups and no '::'
      "[1:2:3:4:5:6:7]:80",
      "[1::2::3]:80", // '::' twice
      "[1::2:3:4:5:6:7:8]:80", // '::' must stand for at least one group
      "[::g]:80", // not hex
      "[::12345]:80", // five digits
      "[::ffff:1.2.3]:80", // the dotted tail has three parts
      "[::ffff:1.2.3.256]:80",
      "[1:2:3:4:5:6:7:1.2.3.4]:80", // nine groups' worth
    ])
      refused(text);
  });

  it("refuses text around the brackets and a port above 65535", () => {
    for (const text of ["x[::1]:80", "[::1]:80x", "[::1]:123456", "[::1]:65536", "[::1]"])
      refused(text);
    expect(roundTrip("[::1]:65535")).toBe("[::1]:65535");
  });
});

describe("formatSockaddr: bytes that are not a whole SOCKADDR are no address", () => {
  it("answers undefined for fewer than 2 bytes, whatever length is claimed", () => {
    expect(formatSockaddr(new Uint8Array(0))).toBeUndefined();
    expect(formatSockaddr(Uint8Array.of(AF_INET))).toBeUndefined();
    expect(formatSockaddr(Uint8Array.of(AF_INET), 16)).toBeUndefined();
    expect(formatSockaddr(Uint8Array.of(AF_INET6), 28)).toBeUndefined();
  });

  it("needs 16 bytes, present and counted, for AF_INET", () => {
    const v4 = sockaddr("127.0.0.1:80");
    expect(formatSockaddr(v4, 16)).toBe("127.0.0.1:80");
    expect(formatSockaddr(v4, 15)).toBeUndefined();
    expect(formatSockaddr(v4.subarray(0, 15), 16)).toBeUndefined();
  });

  it("needs 28 bytes, present and counted, for AF_INET6", () => {
    const v6 = sockaddr("[::1]:80");
    expect(formatSockaddr(v6, 28)).toBe("[::1]:80");
    expect(formatSockaddr(v6, 27)).toBeUndefined();
    expect(formatSockaddr(v6.subarray(0, 27), 28)).toBeUndefined();
    // An AF_INET family in a 28-byte buffer whose length is short of even a SOCKADDR_IN.
    const v4in28 = new Uint8Array(28);
    v4in28.set(sockaddr("127.0.0.1:80"));
    expect(formatSockaddr(v4in28, 10)).toBeUndefined();
  });

  it("answers undefined for another family, at either size", () => {
    for (const size of [16, 28]) {
      const bytes = new Uint8Array(size);
      bytes[0] = 0xad;
      bytes[1] = 0xde;
      expect(formatSockaddr(bytes), String(size)).toBeUndefined();
    }
  });
});
