import { describe, expect, it } from "vitest";
import {
  AF_INET,
  BLOCKED,
  INVALID_POINTER,
  intRef,
  SOCK_DGRAM,
  SOMAXCONN,
  sockaddr,
  WSAEACCES,
  WSAEADDRINUSE,
  WSAEADDRNOTAVAIL,
  WSAEAFNOSUPPORT,
  WSAECONNREFUSED,
  WSAEFAULT,
  WSAEINVAL,
  WSAEISCONN,
  WSAENOTCONN,
  WSAENOTSOCK,
  WSAEOPNOTSUPP,
} from "../../src/index.js";
import {
  expectError,
  listener,
  nameOf,
  pair,
  peerOf,
  SO_EXCLUSIVEADDRUSE,
  SO_REUSEADDR,
  setInt,
  tcp,
  udp,
  world,
} from "./helpers.js";

describe("bind (NET-SOCKADDR, NET-BIND)", () => {
  it("checks the SOCKADDR in Wine test_bind's order, then 'already bound'", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const good = sockaddr("127.0.0.1:0");
    expectError(a, a.bind(s, null, 0), WSAEFAULT);
    expectError(a, a.bind(s, null, 16), WSAEFAULT);
    expectError(a, a.bind(s, good, 0), WSAEFAULT);
    const dead = sockaddr("127.0.0.1:0");
    dead[0] = 0xad;
    dead[1] = 0xde;
    expectError(a, a.bind(s, dead, 16), WSAEAFNOSUPPORT);
    expectError(a, a.bind(s, good, 15), WSAEFAULT);
    expectError(a, a.bind(s, INVALID_POINTER, 16), WSAEFAULT);
    expectError(a, a.bind(s, sockaddr("192.0.2.0:0"), 16), WSAEADDRNOTAVAIL);
    a.WSASetLastError(1234);
    expect(a.bind(s, good, 16)).toBe(0);
    expect(a.WSAGetLastError()).toBe(0);
    expectError(a, a.bind(s, good, 16), WSAEINVAL);
    // A non-local address on an already bound socket: 'already bound' comes first.
    expectError(a, a.bind(s, sockaddr("192.0.2.0:0"), 16), WSAEINVAL);
    expectError(a, a.bind(0x7ff0, good, 16), WSAENOTSOCK);
  });

  it("gives port 0 the next dynamic port (49152 up), for UDP too", () => {
    const { t } = world("A");
    const a = t.A!;
    const s1 = tcp(a);
    const s2 = tcp(a);
    const u = udp(a);
    a.bind(s1, sockaddr("127.0.0.1:0"), 16);
    a.bind(s2, sockaddr("0.0.0.0:0"), 16);
    a.bind(u, sockaddr("127.0.0.1:0"), 16);
    expect(nameOf(a, s1)).toBe("127.0.0.1:49152");
    expect(nameOf(a, s2)).toBe("0.0.0.0:49153");
    expect(nameOf(a, u)).toBe("127.0.0.1:49152");
  });

  it("refuses a second bind of the same address with WSAEADDRINUSE", () => {
    const { t } = world("A");
    const a = t.A!;
    const s1 = tcp(a);
    const s2 = tcp(a);
    expect(a.bind(s1, sockaddr("127.0.0.1:5000"), 16)).toBe(0);
    expectError(a, a.bind(s2, sockaddr("127.0.0.1:5000"), 16), WSAEADDRINUSE);
    // Another loopback address on the same port is another address.
    expect(a.bind(s2, sockaddr("127.0.0.2:5000"), 16)).toBe(0);
    // TCP and UDP ports are separate.
    expect(a.bind(udp(a), sockaddr("127.0.0.1:5000"), 16)).toBe(0);
  });

  it("follows the SO_REUSEADDR / SO_EXCLUSIVEADDRUSE matrix (NET-BIND-CONFLICT)", () => {
    const { t } = world("A");
    const a = t.A!;
    const at = (addr: string, opt?: number) => {
      const s = tcp(a);
      if (opt !== undefined) setInt(a, s, opt, 1);
      return { s, ret: a.bind(s, sockaddr(addr), 16) };
    };
    // Both reuse: allowed.
    expect(at("127.0.0.1:6000", SO_REUSEADDR).ret).toBe(0);
    expect(at("127.0.0.1:6000", SO_REUSEADDR).ret).toBe(0);
    // A reusing newcomer against a plain socket: WSAEACCES.
    expect(at("127.0.0.1:6001").ret).toBe(0);
    expectError(a, at("127.0.0.1:6001", SO_REUSEADDR).ret, WSAEACCES);
    // A plain newcomer against a reusing socket: WSAEADDRINUSE.
    expect(at("127.0.0.1:6002", SO_REUSEADDR).ret).toBe(0);
    expectError(a, at("127.0.0.1:6002").ret, WSAEADDRINUSE);
    // An exclusive wildcard denies covered addresses with WSAEACCES.
    expect(at("0.0.0.0:6003", SO_EXCLUSIVEADDRUSE).ret).toBe(0);
    expectError(a, at("127.0.0.1:6003").ret, WSAEACCES);
    // A plain wildcard lets a specific address join it.
    expect(at("0.0.0.0:6004").ret).toBe(0);
    expect(at("127.0.0.1:6004").ret).toBe(0);
    // A specific address denies a later exclusive wildcard, and allows a plain one.
    expect(at("127.0.0.1:6005").ret).toBe(0);
    expectError(a, at("0.0.0.0:6005", SO_EXCLUSIVEADDRUSE).ret, WSAEADDRINUSE);
    expect(at("0.0.0.0:6005").ret).toBe(0);
    // A failed bind leaves the socket unbound.
    const loser = at("127.0.0.1:6001");
    expectError(a, a.getsockname(loser.s, new Uint8Array(16), intRef(16)), WSAEINVAL);
  });

  it("frees the port when the socket goes", () => {
    const { t } = world("A");
    const a = t.A!;
    const s1 = tcp(a);
    a.bind(s1, sockaddr("127.0.0.1:7000"), 16);
    a.closesocket(s1);
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:7000"), 16)).toBe(0);
  });
});

describe("getsockname and getpeername (NET-NAMES)", () => {
  it("answers WSAEINVAL / WSAENOTCONN on a fresh socket, pointers checked after state", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.getsockname(s, new Uint8Array(16), intRef(16)), WSAEINVAL);
    expectError(a, a.getpeername(s, null, null), WSAENOTCONN);
    a.bind(s, sockaddr("127.0.0.1:0"), 16);
    const len = intRef(15);
    expectError(a, a.getsockname(s, new Uint8Array(16), len), WSAEFAULT);
    expect(len.value).toBe(15);
    expectError(a, a.getsockname(s, null, intRef(16)), WSAEFAULT);
    const big = intRef(100);
    expect(a.getsockname(s, new Uint8Array(100), big)).toBe(0);
    expect(big.value).toBe(16);
  });

  it("names both ends of a connection; the client's wildcard becomes 127.0.0.1", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(peerOf(a, client)).toBe(nameOf(a, server));
    expect(peerOf(a, server)).toBe(nameOf(a, client));
    expect(nameOf(a, client)).toMatch(/^127\.0\.0\.1:/);
    const zero = intRef(0);
    expectError(a, a.getpeername(client, new Uint8Array(16), zero), WSAEFAULT);
    expect(zero.value).toBe(0);
  });

  it("unconnected UDP: getpeername WSAENOTCONN even with NULL pointers (N23)", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = a.socket(AF_INET, SOCK_DGRAM, 0);
    expectError(a, a.getpeername(u, null, null), WSAENOTCONN);
  });
});

describe("listen (NET-LISTEN)", () => {
  it("needs a bound stream socket, and listening again keeps the backlog", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    a.bind(u, sockaddr("127.0.0.1:0"), 16);
    expectError(a, a.listen(u, 5), WSAEOPNOTSUPP);
    const s = tcp(a);
    expectError(a, a.listen(s, SOMAXCONN), WSAEINVAL);
    expectError(a, a.listen(s, -2), WSAEINVAL);
    a.bind(s, sockaddr("127.0.0.1:0"), 16);
    expect(a.listen(s, 1)).toBe(0);
    expect(a.listen(s, SOMAXCONN)).toBe(0);
    // The backlog stayed 1: a second waiting connection is refused.
    // The backlog stayed 1: a second waiting connection is refused after the SYN retries.
    const addr = sockaddr(nameOf(a, s));
    expect(a.connect(tcp(a), addr, 16)).toBe(0);
    const late = tcp(a);
    expect(a.connect(late, addr, 16)).toBe(BLOCKED);
    expectError(a, a.await(), WSAECONNREFUSED);
    expect(a.sim.state.clock).toBe(2000);
  });

  it("connected socket: WSAEISCONN", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expectError(a, a.listen(client, 5), WSAEISCONN);
    expectError(a, a.listen(server, 5), WSAEISCONN);
  });

  it("a new bind to a listener's address is WSAEADDRINUSE (N5)", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expectError(a, a.bind(tcp(a), l.addr, 16), WSAEADDRINUSE);
  });
});
