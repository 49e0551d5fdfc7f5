/**
 * Which addresses are local, wildcards and IPv4-mapped, and how much of a SOCKADDR a call reads
 * (src/kernel/net/address.ts), seen through Winsock calls on IPv6 and IPv4 sockets; and the state
 * a new socket starts in (FRESH_NET, src/kernel/net/types.ts). Written to kill the mutants that
 * survived the mutation run of src/kernel/net (docs/mutation/net-address.md).
 *
 * Facts (spec/rules/network.json, docs/network.md): the machine's addresses are 127.0.0.0/8,
 * 0.0.0.0, ::1 and ::, an IPv4-mapped address standing for its IPv4 address; bind elsewhere is
 * WSAEADDRNOTAVAIL [NET-BIND]; connect to a zero address is WSAEADDRNOTAVAIL [NET-CONNECT]; a
 * SOCKADDR that is unreadable or shorter than the family's (16, 28 bytes) is WSAEFAULT
 * [NET-SOCKADDR]; IPV6_V6ONLY is 1 until set [OPT-DEFAULTS].
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET6,
  formatSockaddr,
  INVALID_SOCKET,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  int32,
  intRef,
  kernel,
  SOCK_DGRAM,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { expectError, tcp, text, udp, world } from "../../net/helpers.js";

const { WSAEADDRNOTAVAIL, WSAEFAULT } = WSA_ERRORS;

function socket6(t: WinsockThread, type: number): number {
  const s = t.socket(AF_INET6, type, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

/** getsockname of any family, as text. */
function nameOf(t: WinsockThread, s: number): string | undefined {
  const buf = new Uint8Array(28);
  const len = intRef(28);
  expect(t.getsockname(s, buf, len)).toBe(0);
  return formatSockaddr(buf, len.value);
}

function peerOf(t: WinsockThread, s: number): string | undefined {
  const buf = new Uint8Array(28);
  const len = intRef(28);
  expect(t.getpeername(s, buf, len)).toBe(0);
  return formatSockaddr(buf, len.value);
}

function dualStack(t: WinsockThread, s: number): void {
  expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, int32(0), 4)).toBe(0);
}

describe("local IPv6 addresses (NET-BIND)", () => {
  it("binds ::1 and ::, and refuses ::2 with WSAEADDRNOTAVAIL", () => {
    const { t } = world("A");
    const a = t.A!;
    const loop = socket6(a, SOCK_STREAM);
    expect(a.bind(loop, sockaddr("[::1]:0"), 28)).toBe(0);
    expect(nameOf(a, loop)).toBe("[::1]:49152");
    const any = socket6(a, SOCK_STREAM);
    expect(a.bind(any, sockaddr("[::]:0"), 28)).toBe(0);
    expect(nameOf(a, any)).toBe("[::]:49153");
    const other = socket6(a, SOCK_STREAM);
    expectError(a, a.bind(other, sockaddr("[::2]:0"), 28), WSAEADDRNOTAVAIL);
    expectError(a, a.bind(other, sockaddr("[::7f00:1]:0"), 28), WSAEADDRNOTAVAIL);
  });

  it("binds an IPv4-mapped loopback address on a dual-stack socket, not a mapped foreign one", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = socket6(a, SOCK_DGRAM);
    dualStack(a, s);
    expectError(a, a.bind(s, sockaddr("[::ffff:192.0.2.1]:0"), 28), WSAEADDRNOTAVAIL);
    expect(a.bind(s, sockaddr("[::ffff:127.0.0.1]:0"), 28)).toBe(0);
    expect(nameOf(a, s)).toBe("[::ffff:127.0.0.1]:49152");
  });

  it("the mapped address is the IPv4 address: a datagram to it reaches the IPv4 socket bound there", () => {
    const { t } = world("A");
    const a = t.A!;
    const receiver = udp(a);
    expect(a.bind(receiver, sockaddr("127.0.0.1:5000"), 16)).toBe(0);
    const sender = socket6(a, SOCK_DGRAM);
    dualStack(a, sender);
    const data = text("hi");
    expect(a.sendto(sender, data, 2, 0, sockaddr("[::ffff:127.0.0.1]:5000"), 28)).toBe(2);
    const buf = new Uint8Array(8);
    expect(a.recv(receiver, buf, 8, 0)).toBe(2);
  });
});

describe("the IPv6 wildcard and loopback as source (NET-CONNECT)", () => {
  it("refuses connect to [::] with WSAEADDRNOTAVAIL, as to 0.0.0.0", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.connect(socket6(a, SOCK_STREAM), sockaddr("[::]:80"), 28), WSAEADDRNOTAVAIL);
    expectError(a, a.connect(tcp(a), sockaddr("0.0.0.0:80"), 16), WSAEADDRNOTAVAIL);
  });

  it("a connection to ::1 from an unbound IPv6 socket runs from ::1 on both ends", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = socket6(a, SOCK_STREAM);
    expect(a.bind(l, sockaddr("[::]:0"), 28)).toBe(0);
    expect(a.listen(l, 5)).toBe(0);
    const c = socket6(a, SOCK_STREAM);
    expect(a.connect(c, sockaddr("[::1]:49152"), 28)).toBe(0);
    expect(nameOf(a, c)).toBe("[::1]:49153");
    expect(peerOf(a, c)).toBe("[::1]:49152");
    const accepted = a.accept(l, null, null);
    expect(typeof accepted === "number" && accepted !== INVALID_SOCKET).toBe(true);
    expect(nameOf(a, accepted as number)).toBe("[::1]:49152");
    expect(peerOf(a, accepted as number)).toBe("[::1]:49153");
  });

  it("a datagram from a socket bound to [::] comes from ::1", () => {
    const { t } = world("A");
    const a = t.A!;
    const receiver = socket6(a, SOCK_DGRAM);
    expect(a.bind(receiver, sockaddr("[::1]:0"), 28)).toBe(0);
    const sender = socket6(a, SOCK_DGRAM);
    expect(a.sendto(sender, text("x"), 1, 0, sockaddr("[::1]:49152"), 28)).toBe(1);
    const buf = new Uint8Array(4);
    const from = new Uint8Array(28);
    const fromlen = intRef(28);
    expect(a.recvfrom(receiver, buf, 4, 0, from, fromlen)).toBe(1);
    expect(formatSockaddr(from, fromlen.value)).toBe("[::1]:49153");
  });
});

describe("how much of a SOCKADDR a call reads (NET-SOCKADDR)", () => {
  it("a 1-byte buffer holds no family: WSAEFAULT, whatever namelen claims", () => {
    // (The facade passes a buffer shorter than namelen as an invalid pointer.)
    const { t } = world("A");
    const a = t.A!;
    // 23 would be AF_INET6, another family (WSAEAFNOSUPPORT), were the second byte readable.
    expectError(a, a.bind(tcp(a), Uint8Array.of(23), 16), WSAEFAULT);
    expectError(a, a.bind(tcp(a), Uint8Array.of(2), 16), WSAEFAULT);
  });

  it("a namelen of 1 names no family, not even AF_UNSPEC: a datagram connect fails", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    expectError(a, a.connect(u, new Uint8Array(16), 1), WSAEFAULT);
    // The same bytes with a whole namelen dissolve the (absent) association.
    expect(a.connect(u, new Uint8Array(16), 16)).toBe(0);
  });

  it("a buffer shorter than namelen is unreadable: WSAEFAULT for either family", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.bind(tcp(a), sockaddr("127.0.0.1:0").subarray(0, 15), 16), WSAEFAULT);
    const v6 = socket6(a, SOCK_STREAM);
    expectError(a, a.bind(v6, sockaddr("[::1]:0").subarray(0, 27), 28), WSAEFAULT);
    expectError(a, a.bind(v6, sockaddr("[::1]:0"), 27), WSAEFAULT);
    expect(a.bind(v6, sockaddr("[::1]:0"), 28)).toBe(0);
    expect(a.WSAGetLastError()).toBe(0);
  });
});

describe("sockaddrFamily's contract (the family field, or undefined when fewer than 2 bytes are given)", () => {
  // The facade never hands the kernel a buffer shorter than namelen (it is an invalid pointer
  // there), so only a direct call can give fewer bytes than the length claims.
  it("needs 2 bytes both given and counted; 2 are enough", () => {
    expect(kernel.sockaddrFamily(Uint8Array.of(23), 16)).toBeUndefined();
    expect(kernel.sockaddrFamily(Uint8Array.of(23, 0), 1)).toBeUndefined();
    expect(kernel.sockaddrFamily(new Uint8Array(0), 0)).toBeUndefined();
    expect(kernel.sockaddrFamily(Uint8Array.of(23, 0), 2)).toBe(AF_INET6);
    expect(kernel.sockaddrFamily(Uint8Array.of(0xad, 0xde), 16)).toBe(0xdead);
    expect(kernel.sockaddrFamily(sockaddr("[::1]:80"), 2)).toBe(AF_INET6);
  });
});

describe("a new socket's network state (FRESH_NET)", () => {
  it("is open, not embryonic, unbound and unconnected, for stream and datagram sockets", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    tcp(a);
    udp(a);
    for (const socket of sim.view().sockets) {
      expect(socket.phase).toBe("open");
      expect(socket.embryonic).toBe(false);
      expect(socket.local).toBeNull();
      expect(socket.peer).toBeNull();
    }
    expect(sim.view().sockets).toHaveLength(2);
  });
});
