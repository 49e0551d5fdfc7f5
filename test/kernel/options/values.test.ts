/**
 * What options hold: defaults, round trips, the linger views, the address-reuse conflict,
 * SO_ERROR, SO_OPENTYPE, the structures, and optionValue.
 */
import { describe, expect, it } from "vitest";
import { WSA_ERRORS } from "../../../src/constants/errors.js";
import {
  IP_LEVEL_OPTIONS as IP,
  IPV6_LEVEL_OPTIONS as IPV6,
  LEVELS,
  SOL_SOCKET_OPTIONS as SO,
  SOCKET_TYPES,
  SOL_SOCKET,
  TCP_OPTIONS as TCP,
} from "../../../src/constants/values.js";
import { isThreadOption, optionValue } from "../../../src/kernel/options/index.js";
import { decodeProtocolInfo } from "../../../src/kernel/protocol-info.js";
import {
  get,
  intBuffer,
  makeThread,
  readBack,
  set,
  tcp4,
  tcp6,
  udp4,
  udp6,
  value,
} from "./harness.js";

function lingerBuffer(onoff: number, seconds: number) {
  return intBuffer((onoff & 0xffff) | (seconds << 16), 4);
}

describe("defaults (OPT-DEFAULTS)", () => {
  it("SOL_SOCKET defaults on TCP", () => {
    const s = tcp4();
    expect(value(s, SOL_SOCKET, SO.SO_RCVBUF)).toBe(65536);
    expect(value(s, SOL_SOCKET, SO.SO_SNDBUF)).toBe(65536);
    for (const name of [
      "SO_RCVTIMEO",
      "SO_SNDTIMEO",
      "SO_DEBUG",
      "SO_REUSEADDR",
      "SO_EXCLUSIVEADDRUSE",
      "SO_OOBINLINE",
      "SO_BROADCAST",
      "SO_ERROR",
      "SO_LINGER",
      "SO_KEEPALIVE",
    ] as const) {
      expect(
        value(s, SOL_SOCKET, SO[name]) & (name === "SO_KEEPALIVE" ? 0xff : 0xffffffff),
        name,
      ).toBe(0);
    }
    expect(value(s, SOL_SOCKET, SO.SO_DONTLINGER)).toBe(1);
    expect(
      readBack(get(s, LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, 4, { buffer: intBuffer(0, 4) })),
    ).toBe(0);
  });

  it("IP_DONTFRAGMENT / IPV6_DONTFRAG: 1 on TCP, 0 on UDP (research 4e)", () => {
    expect(value(tcp4(), LEVELS.IPPROTO_IP, IP.IP_DONTFRAGMENT)).toBe(1);
    expect(value(udp4(), LEVELS.IPPROTO_IP, IP.IP_DONTFRAGMENT)).toBe(0);
    expect(value(tcp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_DONTFRAG)).toBe(1);
    expect(value(udp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_DONTFRAG)).toBe(0);
  });

  it("IP_DONTFRAGMENT: set 1 then 0xdead reads 1; TCP set 0 reads 0", () => {
    const u = udp4();
    set(u, LEVELS.IPPROTO_IP, IP.IP_DONTFRAGMENT, 0xdead);
    expect(value(u, LEVELS.IPPROTO_IP, IP.IP_DONTFRAGMENT)).toBe(1);
    const t = tcp4();
    set(t, LEVELS.IPPROTO_IP, IP.IP_DONTFRAGMENT, 0);
    expect(value(t, LEVELS.IPPROTO_IP, IP.IP_DONTFRAGMENT)).toBe(0);
  });

  it("IPV6_V6ONLY reads 1 on AF_INET6 and on AF_INET (research 4k)", () => {
    const v6 = get(tcp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_V6ONLY, 4, { buffer: intBuffer(0, 4) });
    expect(v6).toMatchObject({ ok: true, output: { optlen: 1 } });
    expect(readBack(v6)).toBe(1);
    const v4 = tcp4();
    expect(
      readBack(get(v4, LEVELS.IPPROTO_IPV6, IPV6.IPV6_V6ONLY, 4, { buffer: intBuffer(0, 4) })),
    ).toBe(1);
    expect(set(v4, LEVELS.IPPROTO_IPV6, IPV6.IPV6_V6ONLY, 0).ok).toBe(true);
    expect(optionValue(v4, "IPV6_V6ONLY")).toBe(0);
  });

  it("multicast and TTL defaults", () => {
    expect(value(udp4(), LEVELS.IPPROTO_IP, IP.IP_MULTICAST_TTL)).toBe(1);
    expect(value(udp4(), LEVELS.IPPROTO_IP, IP.IP_MULTICAST_LOOP)).toBe(1);
    expect(value(udp4(), LEVELS.IPPROTO_IP, IP.IP_TTL)).toBe(128);
    expect(value(udp4(), LEVELS.IPPROTO_IP, IP.IP_PKTINFO)).toBe(0);
    expect(value(udp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_UNICAST_HOPS)).toBe(128);
  });
});

describe("state options (OPT-STATE)", () => {
  it("SO_TYPE, SO_ACCEPTCONN, SO_CONNECT_TIME, SO_MAX_MSG_SIZE, SO_GROUP_ID", () => {
    expect(value(tcp4(), SOL_SOCKET, SO.SO_TYPE)).toBe(SOCKET_TYPES.SOCK_STREAM);
    expect(value(udp6(), SOL_SOCKET, SO.SO_TYPE)).toBe(SOCKET_TYPES.SOCK_DGRAM);
    expect(value(tcp4(), SOL_SOCKET, SO.SO_ACCEPTCONN)).toBe(0);
    expect(
      value(
        { ...tcp4(), net: { ...tcp4().net, phase: "listening" } } as ReturnType<typeof tcp4>,
        SOL_SOCKET,
        SO.SO_ACCEPTCONN,
      ),
    ).toBe(1);
    expect(value(tcp4(), SOL_SOCKET, SO.SO_CONNECT_TIME)).toBe(0xffffffff);
    expect(value(udp4(), SOL_SOCKET, SO.SO_CONNECT_TIME)).toBe(0xffffffff);
    expect(value(udp4(), SOL_SOCKET, SO.SO_MAX_MSG_SIZE)).toBe(65527);
    expect(value(tcp4(), SOL_SOCKET, SO.SO_MAX_MSG_SIZE)).toBe(0);
    expect(value(udp4(), SOL_SOCKET, SO.SO_MAXDG)).toBe(65527);
    expect(value(tcp4(), SOL_SOCKET, SO.SO_GROUP_ID)).toBe(0);
  });
});

describe("values (OPT-BOOL, OPT-BYTE, OPT-INT)", () => {
  it("SO_DEBUG set 2 reads back 1 (fact 129)", () => {
    const s = tcp4();
    expect(set(s, SOL_SOCKET, SO.SO_DEBUG, 2).ok).toBe(true);
    expect(get(s, SOL_SOCKET, SO.SO_DEBUG)).toMatchObject({ ok: true, output: { optlen: 4 } });
    expect(value(s, SOL_SOCKET, SO.SO_DEBUG)).toBe(1);
  });

  it("round trips of int options (facts 121, 122, 124)", () => {
    const s = tcp4();
    for (const [name, v] of [
      ["SO_RCVTIMEO", 63000],
      ["SO_SNDTIMEO", 997000],
      ["SO_RCVBUF", 0],
      ["SO_SNDBUF", 4096],
    ] as const) {
      expect(set(s, SOL_SOCKET, SO[name], v).ok).toBe(true);
      expect(value(s, SOL_SOCKET, SO[name])).toBe(v);
    }
    set(s, LEVELS.IPPROTO_TCP, TCP.TCP_KEEPALIVE, 3600);
    expect(value(s, LEVELS.IPPROTO_TCP, TCP.TCP_KEEPALIVE)).toBe(3600);
    set(s, LEVELS.IPPROTO_TCP, TCP.TCP_KEEPCNT, 5);
    expect(value(s, LEVELS.IPPROTO_TCP, TCP.TCP_KEEPCNT)).toBe(5);
  });

  it("TCP_NODELAY: optlen 1, 4 and 42 work; 0 and -1 fail and leave the value (fact 123)", () => {
    const s = tcp4();
    for (const optlen of [1, 4, 42]) {
      expect(set(s, LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, intBuffer(1, 42), optlen).ok).toBe(true);
      expect(optionValue(s, "TCP_NODELAY")).toBe(1);
      set(s, LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, 0);
    }
    expect(set(s, LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, 1, 0)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
    });
    expect(set(s, LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, 1, -1)).toMatchObject({
      code: WSA_ERRORS.WSAENOBUFS,
    });
    expect(optionValue(s, "TCP_NODELAY")).toBe(0);
  });

  it("IP_MULTICAST_TTL takes 1, 2 or 3 bytes, truncated to optlen (research 4a)", () => {
    const s = udp4();
    const cases: [number, number, number][] = [
      [0xffffff0a, 1, 0x0a],
      [0xffff000b, 2, 0x0b],
      [0xff00000c, 3, 0x0c],
      [0x0d, 4, 0x0d],
    ];
    for (const [raw, optlen, expected] of cases) {
      expect(set(s, LEVELS.IPPROTO_IP, IP.IP_MULTICAST_TTL, intBuffer(raw, 4), optlen).ok).toBe(
        true,
      );
      expect(value(s, LEVELS.IPPROTO_IP, IP.IP_MULTICAST_TTL)).toBe(expected);
    }
  });
});

describe("SO_LINGER and SO_DONTLINGER (OPT-LINGER, OPT-DONTLINGER)", () => {
  it("round-trips {0,0}, {0,73}, {1,0}, {5,189} (fact 97)", () => {
    const s = tcp4();
    for (const [onoff, seconds] of [
      [0, 0],
      [0, 73],
      [1, 0],
      [5, 189],
    ] as const) {
      expect(set(s, SOL_SOCKET, SO.SO_LINGER, lingerBuffer(onoff, seconds), 4).ok).toBe(true);
      const packed = value(s, SOL_SOCKET, SO.SO_LINGER);
      expect(packed & 0xffff).toBe(onoff);
      expect(packed >>> 16).toBe(seconds);
      expect(value(s, SOL_SOCKET, SO.SO_DONTLINGER)).toBe(onoff === 0 ? 1 : 0);
    }
  });

  it("SO_DONTLINGER FALSE turns lingering on and keeps the earlier timeout", () => {
    const s = tcp4();
    set(s, SOL_SOCKET, SO.SO_LINGER, lingerBuffer(1, 555), 4);
    set(s, SOL_SOCKET, SO.SO_DONTLINGER, 1);
    expect(value(s, SOL_SOCKET, SO.SO_LINGER)).toBe(555 << 16);
    set(s, SOL_SOCKET, SO.SO_DONTLINGER, 0);
    expect(value(s, SOL_SOCKET, SO.SO_LINGER)).toBe(1 | (555 << 16));
    expect(optionValue(s, "SO_LINGER.l_onoff")).toBe(1);
    expect(optionValue(s, "SO_LINGER.l_linger")).toBe(555);
  });

  it("a failing short get of SO_LINGER zeroes the bytes it was given", () => {
    const result = get(tcp4(), SOL_SOCKET, SO.SO_LINGER, 2);
    expect(result).toMatchObject({
      ok: false,
      code: WSA_ERRORS.WSAEFAULT,
      output: { optval: new Uint8Array(2) },
    });
  });
});

describe("SO_REUSEADDR and SO_EXCLUSIVEADDRUSE (OPT-REUSE-EXCLUSIVE)", () => {
  it("exclude each other in either order (research 4f)", () => {
    const a = tcp4();
    expect(set(a, SOL_SOCKET, SO.SO_REUSEADDR, 1).ok).toBe(true);
    expect(set(a, SOL_SOCKET, SO.SO_EXCLUSIVEADDRUSE, 1)).toMatchObject({
      code: WSA_ERRORS.WSAEINVAL,
      rule: "OPT-REUSE-EXCLUSIVE",
    });
    expect(optionValue(a, "SO_EXCLUSIVEADDRUSE")).toBe(0);
    const b = tcp4();
    expect(set(b, SOL_SOCKET, SO.SO_REUSEADDR, 0).ok).toBe(true);
    expect(set(b, SOL_SOCKET, SO.SO_EXCLUSIVEADDRUSE, 1).ok).toBe(true);
    expect(set(b, SOL_SOCKET, SO.SO_REUSEADDR, 1)).toMatchObject({ code: WSA_ERRORS.WSAEINVAL });
    expect(set(b, SOL_SOCKET, SO.SO_REUSEADDR, 0).ok).toBe(true);
    expect(set(b, SOL_SOCKET, SO.SO_EXCLUSIVEADDRUSE, 0).ok).toBe(true);
    expect(set(b, SOL_SOCKET, SO.SO_REUSEADDR, 1).ok).toBe(true);
  });
});

describe("SO_ERROR (OPT-SO-ERROR)", () => {
  it("set 1234 reads back 1234, and reading does not clear it (fact 127)", () => {
    const s = tcp4();
    expect(set(s, SOL_SOCKET, SO.SO_ERROR, 1234)).toMatchObject({
      ok: true,
      rules: ["OPT-SET-LENGTH-LONG", "OPT-SO-ERROR"],
    });
    expect(value(s, SOL_SOCKET, SO.SO_ERROR)).toBe(1234);
    expect(value(s, SOL_SOCKET, SO.SO_ERROR)).toBe(1234);
  });
});

describe("SO_OPENTYPE (OPT-OPENTYPE)", () => {
  it("is a thread option that needs no socket", () => {
    expect(isThreadOption(SOL_SOCKET, SO.SO_OPENTYPE)).toBe(true);
    expect(isThreadOption(SOL_SOCKET, SO.SO_TYPE)).toBe(false);
    expect(isThreadOption(LEVELS.IPPROTO_TCP, SO.SO_OPENTYPE)).toBe(false);
    const thread = makeThread();
    expect(set(null, SOL_SOCKET, SO.SO_OPENTYPE, 0x20, 4, thread).ok).toBe(true);
    expect(thread.openType).toBe(0x20);
    expect(readBack(get(null, SOL_SOCKET, SO.SO_OPENTYPE, 4, { thread }))).toBe(0x20);
    expect(readBack(get(null, SOL_SOCKET, SO.SO_OPENTYPE, 4, { thread: makeThread() }))).toBe(0);
  });

  it("getsockopt with optlen -1 succeeds with optlen 4; 0 fails", () => {
    const thread = makeThread();
    set(null, SOL_SOCKET, SO.SO_OPENTYPE, 0x100, 4, thread);
    const result = get(null, SOL_SOCKET, SO.SO_OPENTYPE, -1, { thread });
    expect(result).toMatchObject({ ok: true, output: { optlen: 4 } });
    expect(readBack(result)).toBe(0x100);
    expect(get(null, SOL_SOCKET, SO.SO_OPENTYPE, 0, { thread })).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
    });
  });
});

describe("SO_PROTOCOL_INFOA/W (OPT-PROTOCOL-INFO)", () => {
  it("writes the structure and leaves a larger optlen alone (fact 17)", () => {
    const big = get(tcp4(), SOL_SOCKET, SO.SO_PROTOCOL_INFOA, 744, { buffer: intBuffer(0, 372) });
    expect(big.ok).toBe(true);
    if (!big.ok) return;
    expect(big.output.optlen).toBeUndefined();
    expect(big.output.optval?.length).toBe(372);
    const info = decodeProtocolInfo(big.output.optval ?? new Uint8Array(), "A");
    expect(info).toMatchObject({ iAddressFamily: 2, iSocketType: 1, iProtocol: 6 });
    const wide = get(udp6(), SOL_SOCKET, SO.SO_PROTOCOL_INFOW, 628, { buffer: intBuffer(0, 628) });
    expect(
      wide.ok && decodeProtocolInfo(wide.output.optval ?? new Uint8Array(), "W"),
    ).toMatchObject({ iAddressFamily: 23, iSocketType: 2, iProtocol: 17 });
  });

  it("a short optlen fails with WSAEFAULT and sets optlen to the size", () => {
    expect(get(tcp4(), SOL_SOCKET, SO.SO_PROTOCOL_INFOA, 186)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
      output: { optlen: 372 },
    });
    expect(get(tcp4(), SOL_SOCKET, SO.SO_PROTOCOL_INFOW, 4)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
      output: { optlen: 628 },
    });
    expect(get(tcp4(), SOL_SOCKET, SO.SO_PROTOCOL_INFOW, -1)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
      output: undefined,
    });
  });
});

describe("SO_BSP_STATE (OPT-BSP-STATE)", () => {
  it("needs CSADDR_INFO plus two sockaddrs and reports empty addresses", () => {
    expect(get(tcp4(), SOL_SOCKET, SO.SO_BSP_STATE, 40)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
      output: undefined,
    });
    expect(get(tcp4(), SOL_SOCKET, SO.SO_BSP_STATE, 71)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
    });
    const result = get(tcp4(), SOL_SOCKET, SO.SO_BSP_STATE, 128, { buffer: intBuffer(0xff, 128) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.output.optlen).toBeUndefined();
    const view = new DataView((result.output.optval ?? new Uint8Array(40)).buffer);
    expect(view.getBigUint64(0, true)).toBe(0n);
    expect(view.getInt32(8, true)).toBe(0);
    expect(view.getInt32(24, true)).toBe(0);
    expect(view.getInt32(32, true)).toBe(1);
    expect(view.getInt32(36, true)).toBe(6);
    expect(get(tcp6(), SOL_SOCKET, SO.SO_BSP_STATE, 95)).toMatchObject({
      code: WSA_ERRORS.WSAEFAULT,
    });
    expect(get(tcp6(), SOL_SOCKET, SO.SO_BSP_STATE, 96).ok).toBe(true);
  });
});

describe("empty values (OPT-EMPTY-VALUE)", () => {
  it("IP_OPTIONS and TCP_ICMP_ERROR_INFO read with optlen 0; IP_OPTIONS accepts the empty value back", () => {
    expect(
      get(udp4(), LEVELS.IPPROTO_IP, IP.IP_OPTIONS, 256, { buffer: intBuffer(0, 256) }),
    ).toMatchObject({ ok: true, output: { optlen: 0 } });
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_OPTIONS, intBuffer(0, 4), 0).ok).toBe(true);
    expect(
      get(tcp4(), LEVELS.IPPROTO_TCP, TCP.TCP_ICMP_ERROR_INFO, 64, { buffer: intBuffer(0, 64) }),
    ).toMatchObject({ ok: true, output: { optlen: 0 } });
  });
});

describe("optionValue", () => {
  it("applies defaults and reads stored values by key", () => {
    const s = tcp4();
    expect(optionValue(s, "SO_RCVBUF")).toBe(65536);
    set(s, SOL_SOCKET, SO.SO_RCVBUF, 1024);
    expect(optionValue(s, "SO_RCVBUF")).toBe(1024);
    expect(optionValue(s, "SO_DONTLINGER")).toBe(1);
    expect(optionValue(s, "IP_DONTFRAGMENT")).toBe(1);
    expect(optionValue(s, "SO_TYPE")).toBe(1);
    expect(() => optionValue(s, "SO_NOT_AN_OPTION")).toThrow();
    expect(() => optionValue(s, "SO_OPENTYPE")).toThrow();
    expect(() => optionValue(s, "SO_PROTOCOL_INFOA")).toThrow();
  });
});
