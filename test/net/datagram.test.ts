import { describe, expect, it } from "vitest";
import {
  AF_UNSPEC,
  BLOCKED,
  formatSockaddr,
  intRef,
  MSG_OOB,
  MSG_PEEK,
  MSG_WAITALL,
  SHUTDOWN_HOW,
  SOCKET_ERROR,
  sockaddr,
  WSAEACCES,
  WSAEADDRNOTAVAIL,
  WSAECONNRESET,
  WSAEFAULT,
  WSAEINVAL,
  WSAEMSGSIZE,
  WSAENOTCONN,
  WSAEOPNOTSUPP,
  WSAESHUTDOWN,
  WSAEWOULDBLOCK,
} from "../../src/index.js";
import {
  decode,
  expectError,
  fionread,
  nameOf,
  nonBlocking,
  peerOf,
  SO_BROADCAST,
  SO_RCVBUF,
  setInt,
  tcp,
  text,
  udp,
  world,
} from "./helpers.js";

const { SD_RECEIVE, SD_SEND, SD_BOTH } = SHUTDOWN_HOW;

function bound(t: Parameters<typeof udp>[0]): { s: number; addr: Uint8Array } {
  const s = udp(t);
  expect(t.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  return { s, addr: sockaddr(nameOf(t, s)) };
}

describe("datagrams (NET-DATAGRAM)", () => {
  it("sendto binds implicitly to the wildcard; each recvfrom returns one datagram and its sender", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = bound(a);
    const tx = udp(a);
    expectError(a, a.getsockname(tx, new Uint8Array(16), intRef(16)), WSAEINVAL);
    expect(a.sendto(tx, text("one"), 3, 0, rx.addr, 16)).toBe(3);
    expect(nameOf(a, tx)).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(a.sendto(tx, text("two!"), 4, 0, rx.addr, 16)).toBe(4);
    expect(a.sendto(tx, null, 0, 0, rx.addr, 16)).toBe(0);
    expect(fionread(a, rx.s)).toBe(3);
    const buf = new Uint8Array(100);
    const from = new Uint8Array(16);
    const fromlen = intRef(16);
    expect(a.recvfrom(rx.s, buf, 100, 0, from, fromlen)).toBe(3);
    expect(formatSockaddr(from)).toBe(`127.0.0.1:${nameOf(a, tx).split(":")[1]}`);
    expect(fromlen.value).toBe(16);
    expect(a.recv(rx.s, buf, 100, MSG_PEEK)).toBe(4);
    expect(a.recv(rx.s, buf, 100, 0)).toBe(4);
    expect(decode(buf.subarray(0, 4))).toBe("two!");
    expect(a.recv(rx.s, buf, 100, 0)).toBe(0);
    nonBlocking(a, rx.s);
    expectError(a, a.recv(rx.s, buf, 100, 0), WSAEWOULDBLOCK);
  });

  it("a datagram larger than the buffer fills it, loses the rest, WSAEMSGSIZE (N47)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = bound(a);
    const tx = udp(a);
    a.sendto(tx, text("123456789"), 9, 0, rx.addr, 16);
    a.sendto(tx, text("next"), 4, 0, rx.addr, 16);
    const buf = new Uint8Array(6);
    expectError(a, a.recv(rx.s, buf, 6, 0), WSAEMSGSIZE);
    expect(decode(buf)).toBe("123456");
    const big = new Uint8Array(10);
    expect(a.recv(rx.s, big, 10, 0)).toBe(4);
    expect(decode(big.subarray(0, 4))).toBe("next");
  });

  it("checks flags, buffers and state: OOB and WAITALL unsupported, unbound recv WSAEINVAL", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const buf = new Uint8Array(4);
    expectError(a, a.send(u, text("x"), 1, MSG_OOB), WSAEOPNOTSUPP);
    expectError(a, a.recv(u, buf, 4, MSG_OOB), WSAEOPNOTSUPP);
    expectError(a, a.recv(u, buf, 4, MSG_WAITALL), WSAEOPNOTSUPP);
    expectError(a, a.recv(u, buf, 4, 0), WSAEINVAL);
    expectError(a, a.send(u, text("x"), 1, 0), WSAENOTCONN);
    const rx = bound(a);
    expectError(a, a.recvfrom(rx.s, buf, 4, 0, new Uint8Array(16), intRef(1)), WSAEFAULT);
    expectError(a, a.sendto(u, text("x"), 1, 0, rx.addr, 15), WSAEFAULT);
  });

  it("a too-long datagram is WSAEMSGSIZE and nothing is sent", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = bound(a);
    const tx = udp(a);
    const huge = new Uint8Array(65_508);
    expectError(a, a.sendto(tx, huge, 65_508, 0, rx.addr, 16), WSAEMSGSIZE);
    expect(fionread(a, rx.s)).toBe(0);
    setInt(a, rx.s, SO_RCVBUF, 100_000);
    expect(a.sendto(tx, huge, 65_507, 0, rx.addr, 16)).toBe(65_507);
    expect(fionread(a, rx.s)).toBe(65_507);
  });

  it("broadcast needs SO_BROADCAST for sendto, not for connect (N37)", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const bcast = sockaddr("255.255.255.255:9");
    expectError(a, a.sendto(u, text("x"), 1, 0, bcast, 16), WSAEACCES);
    setInt(a, u, SO_BROADCAST, 1);
    expect(a.sendto(u, text("x"), 1, 0, bcast, 16)).toBe(1);
    setInt(a, u, SO_BROADCAST, 0);
    expect(a.connect(u, bcast, 16)).toBe(0);
    expect(a.send(u, text("x"), 1, 0)).toBe(1);
  });

  it("a full receive buffer drops datagrams, keeping the first (NET-DATAGRAM-DROP)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = bound(a);
    setInt(a, rx.s, SO_RCVBUF, 10);
    const tx = udp(a);
    expect(a.sendto(tx, text("x".repeat(20)), 20, 0, rx.addr, 16)).toBe(20);
    expect(a.sendto(tx, text("y"), 1, 0, rx.addr, 16)).toBe(1);
    const buf = new Uint8Array(100);
    expect(a.recv(rx.s, buf, 100, 0)).toBe(20);
    nonBlocking(a, rx.s);
    expectError(a, a.recv(rx.s, buf, 100, 0), WSAEWOULDBLOCK);
    a.sendto(tx, text("abcdefgh"), 8, 0, rx.addr, 16);
    a.sendto(tx, text("ij"), 2, 0, rx.addr, 16);
    a.sendto(tx, text("k"), 1, 0, rx.addr, 16);
    expect(a.recv(rx.s, buf, 100, 0)).toBe(8);
    expect(a.recv(rx.s, buf, 100, 0)).toBe(2);
    expectError(a, a.recv(rx.s, buf, 100, 0), WSAEWOULDBLOCK);
  });

  it("a blocked recvfrom gets the next datagram", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const rx = bound(a);
    const buf = new Uint8Array(10);
    expect(a.recvfrom(rx.s, buf, 10, 0, null, null)).toBe(BLOCKED);
    b.sendto(udp(b), text("hey"), 3, 0, rx.addr, 16);
    expect(a.await()).toBe(3);
  });
});

describe("connected datagram sockets (NET-DATAGRAM-CONNECT)", () => {
  it("set a default peer, hear only it, can be re-targeted and dissolved (N35)", () => {
    const { t } = world("A");
    const a = t.A!;
    const server = bound(a);
    const other = bound(a);
    const client = udp(a);
    expect(a.connect(client, server.addr, 16)).toBe(0);
    expect(peerOf(a, client)).toBe(nameOf(a, server.s));
    expect(a.send(client, text("data"), 4, 0)).toBe(4);
    expect(fionread(a, server.s)).toBe(4);
    // sendto's address overrides the default peer.
    expect(a.sendto(client, text("elsewhere"), 9, 0, other.addr, 16)).toBe(9);
    expect(fionread(a, other.s)).toBe(9);
    // A connected socket hears only its peer.
    const clientAddr = sockaddr(`127.0.0.1:${nameOf(a, client).split(":")[1]}`);
    a.sendto(other.s, text("no"), 2, 0, clientAddr, 16);
    a.sendto(server.s, text("yes"), 3, 0, clientAddr, 16);
    const buf = new Uint8Array(8);
    expect(a.recv(client, buf, 8, 0)).toBe(3);
    // Re-targeting is allowed (no WSAEISCONN); AF_UNSPEC dissolves the association.
    expect(a.connect(client, other.addr, 16)).toBe(0);
    const unspec = new Uint8Array(16);
    unspec[0] = AF_UNSPEC;
    expect(a.connect(client, unspec, 16)).toBe(0);
    expectError(a, a.getpeername(client, new Uint8Array(16), intRef(16)), WSAENOTCONN);
    expectError(a, a.send(client, text("x"), 1, 0), WSAENOTCONN);
  });

  it("port 0 is a peer a datagram socket may connect to (fact 49); a stream socket may not", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    // Wine's test_connect_events connects a UDP socket to 127.0.0.1:0; Windows returns 0.
    expect(a.connect(u, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    // A send there is a sendto to port 0: it succeeds, the datagram vanishes, no ICMP answer.
    expect(a.send(u, text("x"), 1, 0)).toBe(1);
    nonBlocking(a, u);
    expectError(a, a.recv(u, new Uint8Array(4), 4, 0), WSAEWOULDBLOCK);
    // The wildcard address is still no peer (NET-DATAGRAM-CONNECT), and port 0 no stream peer.
    expectError(a, a.connect(u, sockaddr("0.0.0.0:5"), 16), WSAEADDRNOTAVAIL);
    expectError(a, a.connect(tcp(a), sockaddr("127.0.0.1:0"), 16), WSAEADDRNOTAVAIL);
  });

  it("a new peer discards datagrams queued from the old one", () => {
    const { t } = world("A");
    const a = t.A!;
    const p1 = bound(a);
    const p2 = bound(a);
    const me = bound(a);
    a.connect(me.s, p1.addr, 16);
    a.sendto(p1.s, text("old"), 3, 0, me.addr, 16);
    expect(fionread(a, me.s)).toBe(3);
    a.connect(me.s, p2.addr, 16);
    expect(fionread(a, me.s)).toBe(0);
  });
});

describe("ICMP port unreachable (NET-DATAGRAM-UNREACHABLE)", () => {
  it("a send to an unbound port makes the next receive fail once with WSAECONNRESET", () => {
    const { t } = world("A");
    const a = t.A!;
    const me = bound(a);
    const nobody = sockaddr("127.0.0.1:9");
    for (let i = 0; i < 3; i++) expect(a.sendto(me.s, text("x"), 1, 0, nobody, 16)).toBe(1);
    nonBlocking(a, me.s);
    const buf = new Uint8Array(4);
    expectError(a, a.recv(me.s, buf, 4, 0), WSAECONNRESET);
    expectError(a, a.recv(me.s, buf, 4, 0), WSAEWOULDBLOCK);
    // Port 0 and addresses off this machine draw no ICMP answer (N11).
    a.sendto(me.s, text("x"), 1, 0, sockaddr("127.0.0.1:0"), 16);
    a.sendto(me.s, text("x"), 1, 0, sockaddr("192.0.2.1:9"), 16);
    expectError(a, a.recv(me.s, buf, 4, 0), WSAEWOULDBLOCK);
  });
});

describe("datagram shutdown (NET-SHUTDOWN)", () => {
  it("SD_RECEIVE fails recvfrom, SD_SEND fails sendto (fact 95)", () => {
    const { t } = world("A");
    const a = t.A!;
    const me = bound(a);
    const peer = bound(a);
    expect(a.shutdown(me.s, SD_RECEIVE)).toBe(0);
    expectError(a, a.recvfrom(me.s, new Uint8Array(4), 4, 0, null, null), WSAESHUTDOWN);
    expect(a.sendto(me.s, text("x"), 1, 0, peer.addr, 16)).toBe(1);
    expect(a.shutdown(me.s, SD_SEND)).toBe(0);
    expect(a.shutdown(me.s, SD_SEND)).toBe(0);
    expectError(a, a.sendto(me.s, text("x"), 1, 0, peer.addr, 16), WSAESHUTDOWN);
  });

  it("a blocked recvfrom is interrupted by shutdown (EPICS on WIN32, D5)", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const worker = sim.process("A").createThread();
    const me = bound(a);
    expect(worker.recvfrom(me.s, new Uint8Array(4), 4, 0, null, null)).toBe(BLOCKED);
    expect(a.shutdown(me.s, SD_BOTH)).toBe(0);
    expect(worker.await()).toBe(SOCKET_ERROR);
    expect(worker.WSAGetLastError()).toBe(WSAESHUTDOWN);
  });
});
