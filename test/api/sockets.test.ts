import { describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  FROM_PROTOCOL_INFO,
  INVALID_POINTER,
  INVALID_SOCKET,
  IPPROTO_TCP,
  IPPROTO_UDP,
  intRef,
  kernel,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  SOL_SOCKET_OPTIONS,
  WSA_ERRORS,
  WSA_FLAGS,
} from "../../src/index.js";
import { started } from "./helpers.js";

const { WSAEAFNOSUPPORT, WSAESOCKTNOSUPPORT, WSAEPROTONOSUPPORT, WSAEINVAL } = WSA_ERRORS;
const BAD = 0xdead;
const STREAM_TCP = [AF_INET, SOCK_STREAM, IPPROTO_TCP];
const DGRAM_UDP = [AF_INET, SOCK_DGRAM, IPPROTO_UDP];

/** Wine's test_WSASocket table, run on Windows (research notes 2). */
const table: [number, number, number, number | number[]][] = [
  [BAD, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT],
  [-1, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT],
  [AF_INET, BAD, IPPROTO_TCP, WSAESOCKTNOSUPPORT],
  [AF_INET, -1, IPPROTO_TCP, WSAESOCKTNOSUPPORT],
  [AF_INET, SOCK_STREAM, BAD, WSAEPROTONOSUPPORT],
  [AF_INET, SOCK_STREAM, -1, WSAEPROTONOSUPPORT],
  [BAD, BAD, IPPROTO_TCP, WSAESOCKTNOSUPPORT],
  [BAD, SOCK_STREAM, BAD, WSAEAFNOSUPPORT],
  [AF_INET, BAD, BAD, WSAESOCKTNOSUPPORT],
  [BAD, SOCK_STREAM, IPPROTO_UDP, WSAEAFNOSUPPORT],
  [AF_INET, SOCK_STREAM, 0, STREAM_TCP],
  [AF_INET, SOCK_DGRAM, 0, DGRAM_UDP],
  [AF_INET, BAD, 0, WSAESOCKTNOSUPPORT],
  [AF_INET, 0, IPPROTO_TCP, STREAM_TCP],
  [AF_INET, 0, IPPROTO_UDP, DGRAM_UDP],
  [AF_INET, 0, BAD, WSAEPROTONOSUPPORT],
  [AF_INET, 0, 0, STREAM_TCP],
  [AF_INET, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT],
  [AF_INET, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT],
  [AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, STREAM_TCP],
  [AF_UNSPEC, SOCK_STREAM, BAD, WSAEPROTONOSUPPORT],
  [AF_UNSPEC, BAD, IPPROTO_UDP, WSAESOCKTNOSUPPORT],
  [AF_UNSPEC, SOCK_STREAM, 0, WSAEINVAL],
  [AF_UNSPEC, SOCK_DGRAM, 0, WSAEINVAL],
  [AF_UNSPEC, BAD, 0, WSAEINVAL],
  [AF_UNSPEC, 0, IPPROTO_TCP, STREAM_TCP],
  [AF_UNSPEC, 0, IPPROTO_UDP, DGRAM_UDP],
  [AF_UNSPEC, 0, BAD, WSAEPROTONOSUPPORT],
  [AF_UNSPEC, 0, 0, WSAEINVAL],
];

/** af, type and protocol of a socket as SO_PROTOCOL_INFOW reports them. */
function triple(t: ReturnType<typeof started>["threads"][number], s: number): number[] {
  const info = new Uint8Array(628);
  expect(t.getsockopt(s, SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW, info, intRef(628))).toBe(
    0,
  );
  const view = new DataView(info.buffer);
  return [view.getInt32(76, true), view.getInt32(88, true), view.getInt32(92, true)];
}

describe("WSASetLastError", () => {
  it("takes a C int: a value above INT_MAX reads back negative, as WSAGetLastError returns int", () => {
    const t = started("A").threads[0]!;
    t.WSASetLastError(0xdeadbeef);
    expect(t.WSAGetLastError()).toBe(-559038737);
    t.WSASetLastError(0xbeef);
    expect(t.WSAGetLastError()).toBe(0xbeef);
  });
});

describe("socket and WSASocket argument validation", () => {
  it.each(table)("(%i, %i, %i) -> %s", (af, type, protocol, expected) => {
    const t = started("A").threads[0]!;
    for (const create of [
      () => t.socket(af, type, protocol),
      () => t.WSASocketW(af, type, protocol, null, 0, 0),
    ]) {
      t.WSASetLastError(0xbeef);
      const s = create();
      if (typeof expected === "number") {
        expect(s).toBe(INVALID_SOCKET);
        expect(t.WSAGetLastError()).toBe(expected);
      } else {
        expect(s).not.toBe(INVALID_SOCKET);
        expect(t.WSAGetLastError()).toBe(0);
        expect(triple(t, s)).toEqual(expected);
      }
    }
  });

  it("creates IPv6 sockets", () => {
    const t = started("A").threads[0]!;
    const s = t.socket(AF_INET6, SOCK_DGRAM, 0);
    expect(triple(t, s)).toEqual([AF_INET6, SOCK_DGRAM, IPPROTO_UDP]);
  });

  it("refuses raw sockets with WSAEACCES (not an administrator)", () => {
    const t = started("A").threads[0]!;
    for (const [af, type, protocol] of [
      [AF_INET, SOCK_RAW, 1],
      [0, 0, 255],
      [AF_INET, SOCK_RAW, IPPROTO_TCP],
    ] as const) {
      expect(t.socket(af, type, protocol)).toBe(INVALID_SOCKET);
      expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEACCES);
    }
  });

  it("answers WSAESOCKTNOSUPPORT for a valid type the family has no provider for", () => {
    const t = started("A").threads[0]!;
    expect(t.socket(AF_INET, SOCK_SEQPACKET, 0)).toBe(INVALID_SOCKET);
    expect(t.WSAGetLastError()).toBe(WSAESOCKTNOSUPPORT);
  });

  it("refuses a group with WSAEINVAL", () => {
    const t = started("A").threads[0]!;
    expect(t.WSASocketW(AF_INET, SOCK_STREAM, 0, null, 1, 0)).toBe(INVALID_SOCKET);
    expect(t.WSAGetLastError()).toBe(WSAEINVAL);
  });

  it("fails with WSANOTINITIALISED before WSAStartup", () => {
    const { sim } = started();
    const t = sim.createProcess("X").main;
    expect(t.WSASocketA(0, 0, 0, null, 0, 0)).toBe(INVALID_SOCKET);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSANOTINITIALISED);
  });

  it("takes 0 and FROM_PROTOCOL_INFO from a catalog structure, and lets other values override it", () => {
    const t = started("A").threads[0]!;
    const udp = t.socket(AF_INET, SOCK_DGRAM, 0);
    const info = new Uint8Array(628);
    t.getsockopt(udp, SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW, info, intRef(628));
    expect(triple(t, t.WSASocketW(0, 0, 0, info, 0, 0))).toEqual(DGRAM_UDP);
    const fpi = FROM_PROTOCOL_INFO;
    expect(triple(t, t.WSASocketW(fpi, fpi, fpi, info, 0, 0))).toEqual(DGRAM_UDP);
    expect(triple(t, t.WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, info, 0, 0))).toEqual(
      STREAM_TCP,
    );
  });

  it("answers WSAEAFNOSUPPORT for a catalog structure whose family is 0 or -1", () => {
    const t = started("A").threads[0]!;
    const udp = t.socket(AF_INET, SOCK_DGRAM, 0);
    // Wine's test_WSASocket takes a WSAEnumProtocols entry: a real catalog entry id.
    const catalog = new Uint8Array(628);
    t.getsockopt(udp, SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW, catalog, intRef(628));
    for (const family of [0, -1]) {
      const info = catalog.slice();
      const view = new DataView(info.buffer);
      view.setInt32(76, family, true);
      view.setInt32(88, family, true);
      view.setInt32(92, family, true);
      expect(t.WSASocketW(0, 0, IPPROTO_UDP, info, 0, 0)).toBe(INVALID_SOCKET);
      expect(t.WSAGetLastError()).toBe(WSAEAFNOSUPPORT);
    }
  });

  it("answers WSAEINVAL for a structure that names no catalog entry (all zeros), whatever the arguments", () => {
    const { sim, threads } = started("A");
    const t = threads[0]!;
    const fpi = FROM_PROTOCOL_INFO;
    const zeros = (size: number) => new Uint8Array(size);
    const calls: [string, () => number][] = [
      ["W, FROM_PROTOCOL_INFO", () => t.WSASocketW(fpi, fpi, fpi, zeros(628), 0, 0)],
      ["A, FROM_PROTOCOL_INFO", () => t.WSASocketA(fpi, fpi, fpi, zeros(372), 0, 0)],
      ["W, 0 0 0", () => t.WSASocketW(0, 0, 0, zeros(628), 0, 0)],
      ["W, 0 0 UDP", () => t.WSASocketW(0, 0, IPPROTO_UDP, zeros(628), 0, 0)],
      ["W, explicit", () => t.WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, zeros(628), 0, 0)],
    ];
    for (const [name, call] of calls) {
      const before = sim.state;
      expect(call(), name).toBe(INVALID_SOCKET);
      expect(t.WSAGetLastError(), name).toBe(WSAEINVAL);
      expect(sim.state.sockets, name).toBe(before.sockets);
    }
    // Only the catalog entry id is missing: with 1002 (UDP/IP) the same bytes make a socket.
    const info = zeros(628);
    new DataView(info.buffer).setUint32(36, 1002, true);
    expect(triple(t, t.WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, info, 0, 0))).toEqual(
      DGRAM_UDP,
    );
  });

  it("answers WSAEFAULT for an invalid lpProtocolInfo", () => {
    const t = started("A").threads[0]!;
    expect(t.WSASocketW(0, 0, 0, INVALID_POINTER, 0, 0)).toBe(INVALID_SOCKET);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEFAULT);
  });

  it("marks descriptors inheritable unless WSA_FLAG_NO_HANDLE_INHERIT is given", () => {
    const { sim, threads } = started("A");
    const t = threads[0]!;
    const inherit = t.WSASocketW(AF_INET, SOCK_STREAM, 0, null, 0, 0);
    const noInherit = t.WSASocketW(
      AF_INET,
      SOCK_STREAM,
      0,
      null,
      0,
      WSA_FLAGS.WSA_FLAG_NO_HANDLE_INHERIT,
    );
    const entry = (s: number) =>
      kernel.trieGet(kernel.findProcess(sim.state, t.pid)!.handles, s / 4);
    expect(entry(inherit)).toMatchObject({ kind: "socket", inheritable: true });
    expect(entry(noInherit)).toMatchObject({ kind: "socket", inheritable: false });
  });
});

describe("closesocket", () => {
  it("fails with WSAENOTSOCK for values that are not descriptors, changing nothing", () => {
    const { sim, threads } = started("A");
    const t = threads[0]!;
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    for (const value of [INVALID_SOCKET, 0, s + 1, s + 4, -4, 2 ** 40]) {
      const before = sim.state;
      expect(t.closesocket(value)).toBe(SOCKET_ERROR);
      expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAENOTSOCK);
      expect(sim.state.sockets).toBe(before.sockets);
    }
  });

  it("fails the second time on the same value", () => {
    const t = started("A").threads[0]!;
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.closesocket(s)).toBe(0);
    expect(t.closesocket(s)).toBe(SOCKET_ERROR);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAENOTSOCK);
  });

  it("hands out non-zero multiples of 4 and reuses the most recently freed value first", () => {
    const t = started("A").threads[0]!;
    const [a, b, c] = [0, 1, 2].map(() => t.socket(AF_INET, SOCK_STREAM, 0)) as [
      number,
      number,
      number,
    ];
    for (const s of [a, b, c]) {
      expect(s % 4).toBe(0);
      expect(s).toBeGreaterThan(0);
    }
    t.closesocket(a);
    t.closesocket(c);
    expect(t.socket(AF_INET, SOCK_STREAM, 0)).toBe(c);
    expect(t.socket(AF_INET, SOCK_STREAM, 0)).toBe(a);
  });

  it("is not valid in another process's table", () => {
    const { threads } = started("A", "B");
    const s = threads[0]!.socket(AF_INET, SOCK_STREAM, 0);
    expect(threads[1]!.closesocket(s)).toBe(SOCKET_ERROR);
    expect(threads[1]!.WSAGetLastError()).toBe(WSA_ERRORS.WSAENOTSOCK);
  });
});
