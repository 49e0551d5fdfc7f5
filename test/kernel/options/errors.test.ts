/**
 * The errors of getsockopt/setsockopt: levels, unknown options, directions, per-socket refusals,
 * pointers, and their order.
 */
import { describe, expect, it } from "vitest";
import { WSA_ERRORS } from "../../../src/constants/errors.js";
import {
  IP_LEVEL_OPTIONS as IP,
  IPV6_LEVEL_OPTIONS as IPV6,
  LEVELS,
  SOL_SOCKET_OPTIONS as SO,
  SOL_SOCKET,
  TCP_OPTIONS as TCP,
} from "../../../src/constants/values.js";
import {
  get,
  INVALID_BUFFER,
  intBuffer,
  NULL_BUFFER,
  NULL_INT,
  set,
  tcp4,
  tcp6,
  udp4,
  udp6,
} from "./harness.js";

const { WSAEINVAL, WSAENOPROTOOPT, WSAEFAULT, WSAENOTCONN, WSAENOBUFS } = WSA_ERRORS;

describe("levels and option names", () => {
  it.each([0xffffffff, -1, 0x1234ffff, 0x8000ffff, 0x8000, 0x800, 1, 58])(
    "unknown level %d is WSAEINVAL for get and set",
    (level) => {
      expect(get(udp4(), level, SO.SO_MAX_MSG_SIZE)).toMatchObject({
        code: WSAEINVAL,
        rule: "OPT-LEVEL-UNKNOWN",
      });
      expect(set(tcp4(), level, SO.SO_RCVTIMEO, 1000)).toMatchObject({
        code: WSAEINVAL,
        rule: "OPT-LEVEL-UNKNOWN",
      });
    },
  );

  it.each([
    [SOL_SOCKET, -1],
    [LEVELS.IPPROTO_IP, -1],
    [LEVELS.IPPROTO_IPV6, -1],
    [LEVELS.IPPROTO_TCP, TCP.TCP_ATMARK],
    [LEVELS.IPPROTO_UDP, 1],
    [SOL_SOCKET, 0x4000],
  ])("unknown option (%d, %d) is WSAENOPROTOOPT", (level, optname) => {
    expect(get(tcp4(), level, optname)).toMatchObject({
      code: WSAENOPROTOOPT,
      rule: "OPT-NAME-UNKNOWN",
    });
    expect(set(tcp4(), level, optname, 1)).toMatchObject({
      code: WSAENOPROTOOPT,
      rule: "OPT-NAME-UNKNOWN",
    });
  });

  it("accepts SO_DONTLINGER as a signed or an unsigned int", () => {
    expect(set(tcp4(), SOL_SOCKET, 0xffffff7f, 1).ok).toBe(true);
    expect(set(tcp4(), SOL_SOCKET, SO.SO_DONTLINGER, 1).ok).toBe(true);
  });
});

describe("directions", () => {
  it.each([
    "SO_ACCEPTCONN",
    "SO_MAX_MSG_SIZE",
    "SO_PROTOCOL_INFOA",
    "SO_PROTOCOL_INFOW",
    "SO_CONNECT_TIME",
    "SO_GROUP_ID",
    "SO_BSP_STATE",
  ] as const)("setsockopt(%s) is WSAENOPROTOOPT", (name) => {
    expect(set(tcp4(), SOL_SOCKET, SO[name], 1)).toMatchObject({
      code: WSAENOPROTOOPT,
      rule: "OPT-READ-ONLY",
    });
  });

  it("setsockopt(SO_TYPE) is WSAENOPROTOOPT on TCP and WSAEINVAL on UDP (fact 21)", () => {
    expect(set(tcp4(), SOL_SOCKET, SO.SO_TYPE, 2)).toMatchObject({ code: WSAENOPROTOOPT });
    expect(set(udp4(), SOL_SOCKET, SO.SO_TYPE, 1)).toMatchObject({
      code: WSAEINVAL,
      rule: "OPT-READ-ONLY",
    });
  });

  it("getsockopt of set-only options is WSAENOPROTOOPT on every socket", () => {
    for (const socket of [tcp4(), udp4()]) {
      expect(get(socket, LEVELS.IPPROTO_IP, IP.IP_ADD_MEMBERSHIP, 8)).toMatchObject({
        code: WSAENOPROTOOPT,
        rule: "OPT-WRITE-ONLY",
      });
      expect(get(socket, LEVELS.IPPROTO_IP, IP.IP_DROP_MEMBERSHIP, 8)).toMatchObject({
        code: WSAENOPROTOOPT,
      });
      expect(get(socket, SOL_SOCKET, SO.SO_UPDATE_ACCEPT_CONTEXT, 8)).toMatchObject({
        code: WSAENOPROTOOPT,
      });
      expect(get(socket, SOL_SOCKET, SO.SO_UPDATE_CONNECT_CONTEXT)).toMatchObject({
        code: WSAENOPROTOOPT,
      });
    }
    expect(get(udp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_ADD_MEMBERSHIP, 20)).toMatchObject({
      code: WSAENOPROTOOPT,
    });
  });
});

describe("options a socket does not support", () => {
  it.each(["SO_RCVLOWAT", "SO_SNDLOWAT", "SO_USELOOPBACK"] as const)(
    "%s is WSAEINVAL (C7)",
    (name) => {
      expect(get(tcp4(), SOL_SOCKET, SO[name])).toMatchObject({
        code: WSAEINVAL,
        rule: "OPT-UNSUPPORTED-EINVAL",
      });
      expect(set(tcp4(), SOL_SOCKET, SO[name], 1)).toMatchObject({ code: WSAEINVAL });
    },
  );

  it("IP_GET_IFLIST and IPV6_GET_IFLIST are WSAEINVAL everywhere", () => {
    expect(get(udp4(), LEVELS.IPPROTO_IP, IP.IP_GET_IFLIST)).toMatchObject({ code: WSAEINVAL });
    expect(get(tcp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_GET_IFLIST)).toMatchObject({
      code: WSAEINVAL,
    });
  });

  it.each(["SO_GROUP_PRIORITY", "PVD_CONFIG", "SO_CONNDATA", "SO_DISCOPTLEN"] as const)(
    "%s is WSAENOPROTOOPT",
    (name) => {
      expect(get(tcp4(), SOL_SOCKET, SO[name])).toMatchObject({
        code: WSAENOPROTOOPT,
        rule: "OPT-NOT-SUPPORTED",
      });
      expect(set(tcp4(), SOL_SOCKET, SO[name], 0)).toMatchObject({ code: WSAENOPROTOOPT });
    },
  );

  it("SO_LINGER and SO_DONTLINGER on UDP are WSAENOPROTOOPT", () => {
    expect(get(udp4(), SOL_SOCKET, SO.SO_LINGER)).toMatchObject({
      code: WSAENOPROTOOPT,
      rule: "OPT-STREAM-ONLY",
    });
    expect(set(udp4(), SOL_SOCKET, SO.SO_LINGER, 1)).toMatchObject({ code: WSAENOPROTOOPT });
    expect(get(udp4(), SOL_SOCKET, SO.SO_DONTLINGER)).toMatchObject({ code: WSAENOPROTOOPT });
  });

  const tcpInvalid: [number, number][] = [
    [LEVELS.IPPROTO_IP, IP.IP_MULTICAST_IF],
    [LEVELS.IPPROTO_IP, IP.IP_MULTICAST_TTL],
    [LEVELS.IPPROTO_IP, IP.IP_MULTICAST_LOOP],
    [LEVELS.IPPROTO_IP, IP.IP_PKTINFO],
    [LEVELS.IPPROTO_IP, IP.IP_RECVTTL],
    [LEVELS.IPPROTO_IP, IP.IP_RECVTOS],
    [LEVELS.IPPROTO_IP, IP.IP_HDRINCL],
    [LEVELS.IPPROTO_IPV6, IPV6.IPV6_MULTICAST_HOPS],
    [LEVELS.IPPROTO_IPV6, IPV6.IPV6_PKTINFO],
    [LEVELS.IPPROTO_IPV6, IPV6.IPV6_HOPLIMIT],
    [LEVELS.IPPROTO_IPV6, IPV6.IPV6_RECVTCLASS],
  ];
  it.each(tcpInvalid)(
    "datagram-only option (%d, %d) is WSAEINVAL on TCP (fact 141)",
    (level, optname) => {
      expect(get(tcp4(), level, optname)).toMatchObject({
        code: WSAEINVAL,
        rule: "OPT-DATAGRAM-ONLY",
      });
      expect(set(tcp4(), level, optname, 1)).toMatchObject({ code: WSAEINVAL });
    },
  );

  it("IP_HDRINCL is WSAEINVAL on UDP too, in both directions and for 0", () => {
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_HDRINCL, 1)).toMatchObject({ code: WSAEINVAL });
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_HDRINCL, 0)).toMatchObject({ code: WSAEINVAL });
    const result = get(udp4(), LEVELS.IPPROTO_IP, IP.IP_HDRINCL);
    expect(result).toMatchObject({ code: WSAEINVAL, output: undefined });
  });

  it("IP_ADD_MEMBERSHIP: set on TCP is WSAEINVAL, on UDP needs an 8-byte ip_mreq", () => {
    expect(set(tcp4(), LEVELS.IPPROTO_IP, IP.IP_ADD_MEMBERSHIP, intBuffer(0, 8), 8)).toMatchObject({
      code: WSAEINVAL,
    });
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_ADD_MEMBERSHIP, intBuffer(0, 8), 4)).toMatchObject({
      code: WSAEFAULT,
    });
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_ADD_MEMBERSHIP, intBuffer(0, 8), 8).ok).toBe(true);
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_ADD_MEMBERSHIP, intBuffer(0, 8), -1)).toMatchObject(
      { code: WSAENOBUFS },
    );
  });

  it("IPPROTO_TCP options on UDP are WSAENOPROTOOPT", () => {
    expect(get(udp4(), LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY)).toMatchObject({
      code: WSAENOPROTOOPT,
      rule: "OPT-TCP-ONLY",
    });
    expect(set(udp4(), LEVELS.IPPROTO_TCP, TCP.TCP_KEEPALIVE, 10)).toMatchObject({
      code: WSAENOPROTOOPT,
    });
  });

  it("SO_DONTROUTE: set on AF_INET6 is WSAENOPROTOOPT, on AF_INET accepted", () => {
    expect(set(tcp6(), SOL_SOCKET, SO.SO_DONTROUTE, 1)).toMatchObject({
      code: WSAENOPROTOOPT,
      rule: "OPT-DONTROUTE-IPV6",
    });
    expect(set(tcp4(), SOL_SOCKET, SO.SO_DONTROUTE, 1).ok).toBe(true);
    expect(get(tcp6(), SOL_SOCKET, SO.SO_DONTROUTE).ok).toBe(true);
  });

  it("IP_MTU, IPV6_MTU and TCP_MAXSEG are WSAENOTCONN on an unconnected socket", () => {
    expect(get(udp4(), LEVELS.IPPROTO_IP, IP.IP_MTU)).toMatchObject({
      code: WSAENOTCONN,
      rule: "OPT-NOT-CONNECTED",
    });
    expect(get(tcp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_MTU)).toMatchObject({ code: WSAENOTCONN });
    expect(get(tcp4(), LEVELS.IPPROTO_TCP, TCP.TCP_MAXSEG)).toMatchObject({ code: WSAENOTCONN });
    expect(set(tcp4(), LEVELS.IPPROTO_TCP, TCP.TCP_MAXSEG, 1400).ok).toBe(true);
    expect(set(udp4(), LEVELS.IPPROTO_IP, IP.IP_MTU, 1400)).toMatchObject({ code: WSAENOPROTOOPT });
  });

  it("SO_UPDATE_ACCEPT_CONTEXT / SO_UPDATE_CONNECT_CONTEXT fail without AcceptEx/ConnectEx", () => {
    expect(set(tcp4(), SOL_SOCKET, SO.SO_UPDATE_ACCEPT_CONTEXT, intBuffer(4, 8), 8)).toMatchObject({
      code: WSAEINVAL,
      rule: "OPT-CONTEXT-UPDATE",
    });
    expect(set(tcp4(), SOL_SOCKET, SO.SO_UPDATE_CONNECT_CONTEXT, intBuffer(0, 4), 0)).toMatchObject(
      { code: WSAENOTCONN },
    );
  });

  it("IP_MTU_DISCOVER reads 0 and refuses to take it back; 1..3 work", () => {
    const socket = udp4();
    expect(get(socket, LEVELS.IPPROTO_IP, IP.IP_MTU_DISCOVER)).toMatchObject({
      ok: true,
      output: { optlen: 4 },
    });
    expect(set(socket, LEVELS.IPPROTO_IP, IP.IP_MTU_DISCOVER, 0)).toMatchObject({
      code: WSAEINVAL,
      rule: "OPT-MTU-DISCOVER",
    });
    expect(set(socket, LEVELS.IPPROTO_IP, IP.IP_MTU_DISCOVER, 4)).toMatchObject({
      code: WSAEINVAL,
    });
    expect(set(socket, LEVELS.IPPROTO_IP, IP.IP_MTU_DISCOVER, 2).ok).toBe(true);
    expect(set(tcp6(), LEVELS.IPPROTO_IPV6, IPV6.IPV6_MTU_DISCOVER, 0)).toMatchObject({
      code: WSAEINVAL,
    });
  });
});

describe("pointers", () => {
  it("setsockopt(SO_LINGER / SO_DONTLINGER, NULL, 4 or 0) is WSAEFAULT (fact 99)", () => {
    for (const optname of [SO.SO_LINGER, SO.SO_DONTLINGER]) {
      for (const optlen of [0, 4]) {
        expect(set(tcp4(), SOL_SOCKET, optname, NULL_BUFFER, optlen)).toMatchObject({
          code: WSAEFAULT,
          rule: "OPT-POINTER",
        });
      }
    }
  });

  it("an invalid optval is WSAEFAULT (fact 125)", () => {
    expect(set(tcp4(), SOL_SOCKET, SO.SO_DONTROUTE, INVALID_BUFFER, 1)).toMatchObject({
      code: WSAEFAULT,
    });
    expect(get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 4, { buffer: INVALID_BUFFER })).toMatchObject({
      code: WSAEFAULT,
    });
  });

  it("getsockopt with a NULL optval or optlen is WSAEFAULT", () => {
    const info = SO.SO_PROTOCOL_INFOA;
    expect(
      get(tcp4(), SOL_SOCKET, info, 372, { buffer: NULL_BUFFER, optlenPointer: NULL_INT }),
    ).toMatchObject({ code: WSAEFAULT, output: undefined });
    expect(get(tcp4(), SOL_SOCKET, info, 372, { optlenPointer: NULL_INT })).toMatchObject({
      code: WSAEFAULT,
    });
    expect(get(tcp4(), SOL_SOCKET, info, 372, { buffer: NULL_BUFFER })).toMatchObject({
      code: WSAEFAULT,
    });
  });

  it("a set buffer shorter than optlen is WSAEFAULT; a get writes only what fits", () => {
    expect(set(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, intBuffer(5, 4), 8)).toMatchObject({
      code: WSAEFAULT,
      rule: "OPT-POINTER",
    });
    expect(get(tcp4(), SOL_SOCKET, SO.SO_RCVBUF, 8, { buffer: intBuffer(0, 2) })).toMatchObject({
      code: WSAEFAULT,
    });
  });

  it("pointers are checked before the level and the option", () => {
    expect(set(tcp4(), 0x8000, -1, NULL_BUFFER, 4)).toMatchObject({ code: WSAEFAULT });
    expect(get(tcp4(), 0x8000, -1, 4, { optlenPointer: NULL_INT })).toMatchObject({
      code: WSAEFAULT,
    });
  });

  it("the short-read output of SO_ERROR: WSAEFAULT with optlen 1 (fact 127)", () => {
    const socket = tcp4();
    expect(set(socket, SOL_SOCKET, SO.SO_ERROR, 1234).ok).toBe(true);
    expect(get(socket, SOL_SOCKET, SO.SO_ERROR, 1)).toMatchObject({
      code: WSAEFAULT,
      output: undefined,
    });
  });

  it("a negative optlen on a non-SOL_SOCKET set is WSAENOBUFS, and on a one-byte option too", () => {
    expect(set(tcp4(), LEVELS.IPPROTO_TCP, TCP.TCP_NODELAY, 1, -1)).toMatchObject({
      code: WSAENOBUFS,
    });
    expect(set(tcp4(), SOL_SOCKET, SO.SO_KEEPALIVE, 1, -1)).toMatchObject({ code: WSAENOBUFS });
    expect(set(tcp4(), SOL_SOCKET, SO.SO_ERROR, 7, -1).ok).toBe(true);
  });
});
