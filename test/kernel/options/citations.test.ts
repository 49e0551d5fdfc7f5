/**
 * Which rule each getsockopt/setsockopt answer cites: the rule of a failure, and the rules a
 * success names. Every answer names rules of the catalogue only (expectKnownRules), so a
 * citation of anything else is caught wherever these tests reach.
 */
import { describe, expect, it } from "vitest";
import { WSA_ERRORS } from "../../../src/constants/errors.js";
import {
  IP_LEVEL_OPTIONS as IP,
  LEVELS,
  SOL_SOCKET_OPTIONS as SO,
  SOL_SOCKET,
  TCP_OPTIONS as TCP,
} from "../../../src/constants/values.js";
import type { BufferPointer } from "../../../src/kernel/memory.js";
import {
  get,
  NULL_BUFFER,
  NULL_INT,
  type Result,
  readBack,
  set,
  tcp4,
  tcp6,
  udp4,
} from "./harness.js";
import { expectKnownRules } from "./rule-ids.js";

const { WSAEFAULT, WSAEINVAL, WSAENOBUFS } = WSA_ERRORS;

/** A readable buffer of exactly `size` bytes. */
const bytes = (size: number): BufferPointer => ({ kind: "buffer", bytes: new Uint8Array(size) });

function failed(result: Result, code: number, rule: string): void {
  expect(result).toMatchObject({ ok: false, code, rule });
  expectKnownRules(result);
}

function succeeded(result: Result, ...rules: string[]): void {
  expect(result.ok).toBe(true);
  for (const id of rules) expect(result.rules).toContain(id);
  expectKnownRules(result);
}

describe("setsockopt optlen (OPT-SET-LENGTH-*)", () => {
  it("a negative optlen: a 4-byte SOL_SOCKET option reads 4 bytes, others fail", () => {
    succeeded(set(tcp4(), SOL_SOCKET, SO.SO_ERROR, 7, -1), "OPT-SET-LENGTH-NEGATIVE");
    failed(
      set(tcp4(), LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, 1, -1),
      WSAENOBUFS,
      "OPT-SET-LENGTH-NEGATIVE",
    );
    failed(set(tcp4(), SOL_SOCKET, SO.SO_KEEPALIVE, 1, -1), WSAENOBUFS, "OPT-SET-LENGTH-NEGATIVE");
  });

  it("optlen 0: the SOL_SOCKET BOOLs read one byte, others fail", () => {
    succeeded(set(udp4(), SOL_SOCKET, SO.SO_BROADCAST, 1, 0), "OPT-SET-LENGTH-ZERO");
    failed(set(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 1, 0), WSAEFAULT, "OPT-SET-LENGTH-ZERO");
  });

  it("0 < optlen < 4: the BOOLs and byte-sized IP options read it, others fail", () => {
    succeeded(set(udp4(), SOL_SOCKET, SO.SO_BROADCAST, 1, 2), "OPT-SET-LENGTH-SHORT");
    succeeded(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_TTL, 64, 1), "OPT-SET-LENGTH-SHORT");
    failed(set(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 1, 2), WSAEFAULT, "OPT-SET-LENGTH-SHORT");
  });

  it("optlen at least the size reads the size", () => {
    succeeded(set(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 4096, 8), "OPT-SET-LENGTH-LONG", "OPT-INT");
  });

  it("the bytes a negative or zero optlen makes setsockopt read must be there (OPT-POINTER)", () => {
    // optlen -1 reads 4 bytes (OPT-SET-LENGTH-NEGATIVE); a 2-byte buffer cannot give them.
    failed(set(tcp4(), SOL_SOCKET, SO.SO_ERROR, bytes(2), -1), WSAEFAULT, "OPT-POINTER");
    succeeded(set(tcp4(), SOL_SOCKET, SO.SO_ERROR, bytes(4), -1));
    // optlen 0 reads one byte of a SOL_SOCKET BOOL (OPT-SET-LENGTH-ZERO).
    failed(set(udp4(), SOL_SOCKET, SO.SO_BROADCAST, bytes(0), 0), WSAEFAULT, "OPT-POINTER");
    succeeded(set(udp4(), SOL_SOCKET, SO.SO_BROADCAST, bytes(1), 0));
  });
});

describe("getsockopt optlen (OPT-GET-LENGTH-*)", () => {
  it("NULL optval or optlen is OPT-POINTER", () => {
    failed(
      get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 4, { buffer: NULL_BUFFER }),
      WSAEFAULT,
      "OPT-POINTER",
    );
    failed(
      get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 4, { optlenPointer: NULL_INT }),
      WSAEFAULT,
      "OPT-POINTER",
    );
  });

  it("a buffer smaller than what is written is OPT-POINTER", () => {
    failed(
      get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 8, { buffer: bytes(2) }),
      WSAEFAULT,
      "OPT-POINTER",
    );
  });

  it("optlen 0 or negative fails", () => {
    failed(get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 0), WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
    failed(get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, -1), WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  });

  it("optlen at least the size writes the size", () => {
    succeeded(get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 4), "OPT-GET-LENGTH-LONG", "OPT-INT");
  });

  it("short reads of the BOOLs and byte-sized IP options succeed", () => {
    succeeded(get(udp4(), SOL_SOCKET, SO.SO_BROADCAST, 2), "OPT-GET-LENGTH-SHORT", "OPT-BOOL");
    succeeded(get(udp4(), LEVELS.IPPROTO_IP, IP.IP_TTL, 2), "OPT-GET-LENGTH-SHORT");
  });

  it("short reads of the other options fail, whatever their class", () => {
    // zero-fault
    failed(get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 2), WSAEFAULT, "OPT-GET-LENGTH-SHORT");
    // len-zero
    failed(
      get(tcp4(), LEVELS.IPPROTO_TCP, TCP.TCP_KEEPALIVE, 2),
      WSAEFAULT,
      "OPT-GET-LENGTH-SHORT",
    );
    // strict
    failed(get(tcp4(), SOL_SOCKET, SO.SO_RCVTIMEO, 2), WSAEFAULT, "OPT-GET-LENGTH-SHORT");
  });
});

describe("structures", () => {
  it("SO_PROTOCOL_INFOA: negative optlen, short optlen, full size (OPT-PROTOCOL-INFO)", () => {
    const info = SO.SO_PROTOCOL_INFOA;
    failed(get(tcp4(), SOL_SOCKET, info, -1), WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
    const short = get(tcp4(), SOL_SOCKET, info, 100);
    failed(short, WSAEFAULT, "OPT-PROTOCOL-INFO");
    expect(short.output).toEqual({ optlen: 372 });
    succeeded(get(tcp4(), SOL_SOCKET, info, 372), "OPT-PROTOCOL-INFO");
    succeeded(get(tcp4(), SOL_SOCKET, SO.SO_PROTOCOL_INFOW, 628), "OPT-PROTOCOL-INFO");
  });

  it("SO_BSP_STATE needs a CSADDR_INFO (40 bytes on x64) and two sockaddrs (OPT-BSP-STATE)", () => {
    const bsp = SO.SO_BSP_STATE;
    failed(get(tcp4(), SOL_SOCKET, bsp, 0), WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
    // sockaddr_in is 16 bytes: 40 + 2 * 16 = 72.
    failed(get(tcp4(), SOL_SOCKET, bsp, 71), WSAEFAULT, "OPT-BSP-STATE");
    succeeded(get(tcp4(), SOL_SOCKET, bsp, 72), "OPT-BSP-STATE");
    // sockaddr_in6 is 28 bytes: 40 + 2 * 28 = 96.
    failed(get(tcp6(), SOL_SOCKET, bsp, 95), WSAEFAULT, "OPT-BSP-STATE");
    succeeded(get(tcp6(), SOL_SOCKET, bsp, 96), "OPT-BSP-STATE");
  });

  it("IP_OPTIONS reads as empty for a positive optlen, and takes any non-negative one", () => {
    const socket = udp4();
    failed(
      get(socket, LEVELS.IPPROTO_IP, IP.IP_OPTIONS, 0),
      WSAEFAULT,
      "OPT-GET-LENGTH-NONPOSITIVE",
    );
    const read = get(socket, LEVELS.IPPROTO_IP, IP.IP_OPTIONS, 4);
    succeeded(read, "OPT-EMPTY-VALUE");
    expect(read.output).toEqual({ optlen: 0 });
    succeeded(set(socket, LEVELS.IPPROTO_IP, IP.IP_OPTIONS, bytes(0), 0), "OPT-EMPTY-VALUE");
    failed(
      set(socket, LEVELS.IPPROTO_IP, IP.IP_OPTIONS, bytes(4), -1),
      WSAENOBUFS,
      "OPT-SET-LENGTH-NEGATIVE",
    );
  });

  it("IP_ADD_MEMBERSHIP on UDP needs the whole 8-byte ip_mreq (OPT-MEMBERSHIP)", () => {
    const join = (optlen: number) =>
      set(udp4(), LEVELS.IPPROTO_IP, IP.IP_ADD_MEMBERSHIP, bytes(8), optlen);
    failed(join(-1), WSAENOBUFS, "OPT-SET-LENGTH-NEGATIVE");
    expect(join(0)).toMatchObject({ ok: false, code: WSAEFAULT });
    failed(join(7), WSAEFAULT, "OPT-SET-LENGTH-SHORT");
    succeeded(join(8), "OPT-MEMBERSHIP");
  });
});

describe("SO_OPENTYPE (OPT-OPENTYPE)", () => {
  it("every answer that succeeds cites OPT-OPENTYPE", () => {
    succeeded(set(null, SOL_SOCKET, SO.SO_OPENTYPE, 0x100), "OPT-OPENTYPE");
    succeeded(get(null, SOL_SOCKET, SO.SO_OPENTYPE, 4), "OPT-OPENTYPE");
    const negative = get(null, SOL_SOCKET, SO.SO_OPENTYPE, -1);
    succeeded(negative, "OPT-OPENTYPE");
    expect(negative.ok && negative.output.optlen).toBe(4);
  });

  it("optlen 0 fails like every other option's", () => {
    failed(get(null, SOL_SOCKET, SO.SO_OPENTYPE, 0), WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  });
});

describe("OPT-BYTE-RANGE", () => {
  it.each([
    ["IP_TTL", udp4, LEVELS.IPPROTO_IP, IP.IP_TTL],
    ["IP_TOS", udp4, LEVELS.IPPROTO_IP, IP.IP_TOS],
    ["TCP_KEEPCNT", tcp4, LEVELS.IPPROTO_TCP, TCP.TCP_KEEPCNT],
  ] as const)("%s takes 255 and refuses 256", (_name, make, level, optname) => {
    const socket = make();
    succeeded(set(socket, level, optname, 255), "OPT-BYTE-RANGE");
    expect(readBack(get(socket, level, optname, 4))).toBe(255);
    failed(set(socket, level, optname, 256), WSAEINVAL, "OPT-BYTE-RANGE");
    expect(readBack(get(socket, level, optname, 4))).toBe(255);
  });
});
