/**
 * send, sendto, recv and recvfrom (src/kernel/calls/transfer.ts), written to kill the mutants
 * that survived the mutation run of src/kernel/calls/ (docs/mutation/calls-transfer.md). Each
 * test states what a Winsock program observes (return values, errors, bytes, what the peer
 * receives, whether a blocking call returns) and the rules the call cites. The file sits under
 * test/kernel/ so that phase 2 of mutation testing (the static mutants) runs it too.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET6,
  BLOCKED,
  INVALID_SOCKET,
  intRef,
  MSG_OOB,
  MSG_PEEK,
  MSG_WAITALL,
  SHUTDOWN_HOW,
  SOCK_DGRAM,
  SOCKET_ERROR,
  sockaddr,
  type WinsockThread,
  WSAEACCES,
  WSAECONNRESET,
  WSAEFAULT,
  WSAEINVAL,
  WSAEMSGSIZE,
  WSAENOTCONN,
  WSAEOPNOTSUPP,
  WSAESHUTDOWN,
  WSAEWOULDBLOCK,
} from "../../../src/index.js";
import {
  decode,
  expectError,
  finished,
  fionread,
  nameOf,
  nonBlocking,
  pair,
  recvText,
  SO_BROADCAST,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_SNDBUF,
  sendText,
  setInt,
  setLinger,
  tcp,
  text,
  udp,
  WINDOW,
  world,
} from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { SD_RECEIVE, SD_SEND } = SHUTDOWN_HOW;

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

/** A call that failed with `error`, citing `rule`. */
function expectFailure(t: WinsockThread, ret: number, error: number, rule: string): void {
  expectError(t, ret, error);
  expectCited(t, [rule]);
}

/** A UDP socket bound to `address` (127.0.0.1 by default) and its address. */
function boundUdp(t: WinsockThread, address = "127.0.0.1:0"): { s: number; addr: Uint8Array } {
  const s = udp(t);
  expect(t.bind(s, sockaddr(address), 16)).toBe(0);
  return { s, addr: sockaddr(nameOf(t, s)) };
}

/** recv of exactly `n` bytes on `s` (expects them all to be there). */
function drain(t: WinsockThread, s: number, n: number): void {
  const buf = new Uint8Array(n);
  expect(t.recv(s, buf, n, 0)).toBe(n);
}

describe("send on a stream socket: errors and the rules they cite (NET-SEND)", () => {
  it("an unconnected stream socket is WSAENOTCONN (NET-SEND)", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectFailure(a, a.send(s, text("x"), 1, 0) as number, WSAENOTCONN, "NET-SEND");
  });

  it("after shutdown(SD_SEND) a send is WSAESHUTDOWN (NET-SHUTDOWN)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    expect(a.shutdown(client, SD_SEND)).toBe(0);
    expectFailure(a, a.send(client, text("x"), 1, 0) as number, WSAESHUTDOWN, "NET-SHUTDOWN");
  });

  it("after the peer's abortive close a send is WSAECONNRESET (NET-RESET)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, server, 1, 0);
    expect(a.closesocket(server)).toBe(0);
    expectFailure(a, a.send(client, text("x"), 1, 0) as number, WSAECONNRESET, "NET-RESET");
  });

  it("a send to a peer socket that is gone succeeds once (NET-PEER-GONE)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.closesocket(server)).toBe(0);
    expect(a.send(client, text("x"), 1, 0)).toBe(1);
    expectCited(a, ["NET-PEER-GONE"]);
  });

  it("a buffer shorter than len is WSAEFAULT, an unknown flag WSAEOPNOTSUPP (NET-SEND)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    expectFailure(a, a.send(client, text("abc"), 10, 0) as number, WSAEFAULT, "NET-SEND");
    expectFailure(a, a.send(client, text("abc"), 3, 0x100) as number, WSAEOPNOTSUPP, "NET-SEND");
  });

  it("a non-blocking send the buffers cannot take is WSAEWOULDBLOCK (NET-BLOCKING)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    setInt(a, client, SO_SNDBUF, 0);
    nonBlocking(a, client);
    const big = new Uint8Array(WINDOW + 1);
    expectFailure(a, a.send(client, big, big.length, 0) as number, WSAEWOULDBLOCK, "NET-BLOCKING");
  });
});

describe("send on a stream socket: whole or not at all (NET-BUFFERS)", () => {
  it("with SO_SNDBUF 0 a non-blocking send exactly the size of the peer's window is taken whole", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 0);
    nonBlocking(a, client);
    const full = new Uint8Array(WINDOW).fill(0x2e);
    expect(a.send(client, full, WINDOW, 0)).toBe(WINDOW);
    expectCited(a, ["NET-BUFFERS"]);
    expect(fionread(b, server)).toBe(WINDOW);
    // The window is full now: one byte more is refused.
    expectError(a, a.send(client, text("x"), 1, 0) as number, WSAEWOULDBLOCK);
  });

  it("a blocking send larger than the window returns only when all of it has left", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 0);
    const total = 3 * WINDOW + 1000;
    const big = new Uint8Array(total).fill(0x41);
    expect(a.send(client, big, total, 0)).toBe(BLOCKED);
    expect(fionread(b, server)).toBe(WINDOW);
    drain(b, server, WINDOW);
    expect(finished(a)).toBe(false);
    drain(b, server, WINDOW);
    expect(finished(a)).toBe(false);
    drain(b, server, WINDOW);
    // The last 1000 bytes have moved into the peer's window: nothing is left to leave.
    expect(fionread(b, server)).toBe(1000);
    expect(finished(a)).toBe(true);
    expect(a.await()).toBe(total);
    expect(a.WSAGetLastError()).toBe(0);
  });

  it("a blocking send handed over fails with WSAECONNRESET when the peer resets (NET-RESET)", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 0);
    const big = new Uint8Array(2 * WINDOW).fill(0x41);
    expect(a.send(client, big, big.length, 0)).toBe(BLOCKED);
    // Closing with unread data is an abortive close (NET-LAST-CLOSE): the connection is reset.
    expect(b.closesocket(server)).toBe(0);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAECONNRESET);
    expectCited(a, ["NET-RESET"]);
  });

  it("a blocking send that first waited behind queued bytes is still handed over whole once they left", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 8192);
    nonBlocking(a, client);
    // Less than SO_SNDBUF waits: taken whole; the 100 bytes past the window stay queued.
    const first = new Uint8Array(WINDOW + 100).fill(0x31);
    expect(a.send(client, first, first.length, 0)).toBe(first.length);
    setInt(a, client, SO_SNDBUF, 0);
    nonBlocking(a, client, false);
    const second = new Uint8Array(100000).fill(0x32);
    // 100 bytes wait to leave and SO_SNDBUF is 0: the send waits.
    expect(a.send(client, second, second.length, 0)).toBe(BLOCKED);
    drain(b, server, WINDOW);
    // Nothing else waits now, but 100000 bytes exceed the window: the send is handed over.
    drain(b, server, WINDOW);
    drain(b, server, 100 + 100000 - WINDOW);
    expect(fionread(b, server)).toBe(0);
    expect(finished(a)).toBe(true);
    expect(a.await()).toBe(100000);
  });

  it("a blocking MSG_OOB send whose bytes all leave at once returns at once (NET-BUFFERS, NET-OOB)", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 0);
    // The window takes the WINDOW normal bytes; the urgent byte waits apart (SO_OOBINLINE off).
    const data = new Uint8Array(WINDOW + 1).fill(0x2e);
    data[WINDOW] = 0x21;
    expect(a.send(client, data, data.length, MSG_OOB)).toBe(WINDOW + 1);
    expectCited(a, ["NET-BUFFERS", "NET-OOB"]);
    expect(fionread(b, server)).toBe(WINDOW);
    expect(recvText(b, server, 10, MSG_OOB)).toBe("!");
  });
});

describe("sending datagrams (NET-DATAGRAM)", () => {
  it("send on an unconnected datagram socket is WSAENOTCONN (NET-DATAGRAM)", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = udp(a);
    expectFailure(a, a.send(s, text("x"), 1, 0) as number, WSAENOTCONN, "NET-DATAGRAM");
  });

  it("the largest datagram is 65,507 bytes over IPv4 (NET-DATAGRAM)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const tx = udp(a);
    const big = new Uint8Array(65508);
    expect(a.sendto(tx, big, 65507, 0, rx.addr, 16)).toBe(65507);
    expectCited(a, ["NET-DATAGRAM"]);
    expectFailure(
      a,
      a.sendto(tx, big, 65508, 0, rx.addr, 16) as number,
      WSAEMSGSIZE,
      "NET-DATAGRAM",
    );
  });

  it("the largest datagram is 65,527 bytes over IPv6 (NET-DATAGRAM)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = a.socket(AF_INET6, SOCK_DGRAM, 0);
    expect(rx).not.toBe(INVALID_SOCKET);
    expect(a.bind(rx, sockaddr("[::1]:0"), 28)).toBe(0);
    const name = new Uint8Array(28);
    expect(a.getsockname(rx, name, intRef(28))).toBe(0);
    const tx = a.socket(AF_INET6, SOCK_DGRAM, 0);
    const big = new Uint8Array(65528);
    expect(a.sendto(tx, big, 65527, 0, name, 28)).toBe(65527);
    expectFailure(a, a.sendto(tx, big, 65528, 0, name, 28) as number, WSAEMSGSIZE, "NET-DATAGRAM");
    const buf = new Uint8Array(65528);
    expect(a.recv(rx, buf, 65528, 0)).toBe(65527);
  });

  it("sendto 255.255.255.255 without SO_BROADCAST is WSAEACCES (NET-DATAGRAM)", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = udp(a);
    setInt(a, s, SO_BROADCAST, 0);
    const to = sockaddr("255.255.255.255:9");
    expectFailure(a, a.sendto(s, text("x"), 1, 0, to, 16) as number, WSAEACCES, "NET-DATAGRAM");
  });

  it("a datagram sent to a port nobody is bound to cites NET-DATAGRAM-UNREACHABLE", () => {
    const { t } = world("A");
    const a = t.A!;
    const gone = boundUdp(a);
    expect(a.closesocket(gone.s)).toBe(0);
    const tx = udp(a);
    expect(a.sendto(tx, text("x"), 1, 0, gone.addr, 16)).toBe(1);
    expectCited(a, ["NET-DATAGRAM", "NET-DATAGRAM-UNREACHABLE"]);
  });

  it("a datagram that would overflow the receiver's SO_RCVBUF is dropped (NET-DATAGRAM-DROP)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    setInt(a, rx.s, SO_RCVBUF, 4);
    const tx = udp(a);
    expect(a.sendto(tx, text("abc"), 3, 0, rx.addr, 16)).toBe(3);
    expect(a.sendto(tx, text("def"), 3, 0, rx.addr, 16)).toBe(3);
    expectCited(a, ["NET-DATAGRAM-DROP"]);
    expect(fionread(a, rx.s)).toBe(3);
  });

  it("a datagram is copied when it is sent: changing the buffer afterwards changes nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const tx = udp(a);
    const buf = text("abc");
    expect(a.sendto(tx, buf, 3, 0, rx.addr, 16)).toBe(3);
    buf.set(text("xyz"));
    expect(recvText(a, rx.s, 10)).toBe("abc");
  });

  it("sendto with a NULL address on a connected datagram socket sends to the peer", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const tx = udp(a);
    expect(a.connect(tx, rx.addr, 16)).toBe(0);
    // No Windows trace shows the NULL case (docs/mutation/calls-transfer.md): the simulator's
    // design, that a NULL destination falls back to the connected peer.
    expect(a.sendto(tx, text("abc"), 3, 0, null, 0)).toBe(3);
    expect(recvText(a, rx.s, 10)).toBe("abc");
  });

  it("sendto with a short address is WSAEFAULT (NET-SOCKADDR)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const tx = udp(a);
    expectFailure(
      a,
      a.sendto(tx, text("x"), 1, 0, rx.addr, 8) as number,
      WSAEFAULT,
      "NET-SOCKADDR",
    );
  });

  it("after shutdown(SD_SEND) sendto is WSAESHUTDOWN (NET-SHUTDOWN)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const tx = boundUdp(a);
    expect(a.shutdown(tx.s, SD_SEND)).toBe(0);
    const ret = a.sendto(tx.s, text("x"), 1, 0, rx.addr, 16) as number;
    expectFailure(a, ret, WSAESHUTDOWN, "NET-SHUTDOWN");
  });

  it("a connected datagram socket hears only its peer's address, not another with its port (NET-DATAGRAM-CONNECT)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const peer = boundUdp(a);
    const port = nameOf(a, peer.s).split(":")[1];
    const other = boundUdp(a, `127.0.0.2:${port}`);
    expect(a.connect(rx.s, peer.addr, 16)).toBe(0);
    expect(a.sendto(other.s, text("no"), 2, 0, rx.addr, 16)).toBe(2);
    expect(fionread(a, rx.s)).toBe(0);
    expect(a.sendto(peer.s, text("yes"), 3, 0, rx.addr, 16)).toBe(3);
    expect(recvText(a, rx.s, 10)).toBe("yes");
  });
});

describe("recv on a stream socket (NET-RECV)", () => {
  it("an unconnected stream socket is WSAENOTCONN (NET-RECV)", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectFailure(a, a.recv(s, new Uint8Array(4), 4, 0) as number, WSAENOTCONN, "NET-RECV");
  });

  it("flags and buffers are checked first: WSAEINVAL, WSAEOPNOTSUPP, WSAEFAULT (NET-RECV)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const buf = new Uint8Array(4);
    expectFailure(a, a.recv(server, buf, 4, 0x100) as number, WSAEINVAL, "NET-RECV");
    const peekAll = MSG_WAITALL | MSG_PEEK;
    expectFailure(a, a.recv(server, buf, 4, peekAll) as number, WSAEOPNOTSUPP, "NET-RECV");
    expectFailure(a, a.recv(server, buf, -1, 0) as number, WSAEFAULT, "NET-RECV");
    // The buffer must hold len bytes (recv page: buf not completely in the address space).
    expectFailure(a, a.recv(server, buf, 10, 0) as number, WSAEFAULT, "NET-RECV");
  });

  it("after shutdown(SD_RECEIVE) a new recv is WSAESHUTDOWN (NET-SHUTDOWN)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    expect(a.shutdown(server, SD_RECEIVE)).toBe(0);
    const ret = a.recv(server, new Uint8Array(4), 4, 0) as number;
    expectFailure(a, ret, WSAESHUTDOWN, "NET-SHUTDOWN");
  });

  it("after a reset recv is WSAECONNRESET, with MSG_OOB too (NET-RESET)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, client, 1, 0);
    expect(a.closesocket(client)).toBe(0);
    const buf = new Uint8Array(4);
    expectFailure(a, a.recv(server, buf, 4, MSG_OOB) as number, WSAECONNRESET, "NET-RESET");
    expectFailure(a, a.recv(server, buf, 4, 0) as number, WSAECONNRESET, "NET-RESET");
  });

  it("after the peer's FIN recv returns 0 (NET-FIN)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.shutdown(client, SD_SEND)).toBe(0);
    expect(a.recv(server, new Uint8Array(4), 4, 0)).toBe(0);
    expectCited(a, ["NET-FIN"]);
  });

  it("recv(MSG_OOB) with SO_OOBINLINE on is WSAEINVAL (NET-OOB)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    setInt(a, server, SO_OOBINLINE, 1);
    const ret = a.recv(server, new Uint8Array(4), 4, MSG_OOB) as number;
    expectFailure(a, ret, WSAEINVAL, "NET-OOB");
  });

  it("recv(MSG_OOB | MSG_PEEK) returns the urgent byte and leaves it (NET-OOB, NET-STREAM-ORDER)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "ab", MSG_OOB);
    nonBlocking(a, server);
    expect(recvText(a, server, 4, MSG_OOB | MSG_PEEK)).toBe("b");
    expectCited(a, ["NET-OOB"]);
    expect(recvText(a, server, 4, MSG_OOB)).toBe("b");
    expectCited(a, ["NET-OOB"]);
    expectError(a, a.recv(server, new Uint8Array(4), 4, MSG_OOB) as number, WSAEWOULDBLOCK);
    expect(recvText(a, server, 4)).toBe("a");
  });
});

describe("receiving datagrams (NET-DATAGRAM, NET-RECV)", () => {
  it("recvfrom on an unbound datagram socket is WSAEINVAL (NET-DATAGRAM)", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = udp(a);
    expectFailure(a, a.recv(s, new Uint8Array(4), 4, 0) as number, WSAEINVAL, "NET-DATAGRAM");
  });

  it("after shutdown(SD_RECEIVE) recvfrom is WSAESHUTDOWN (NET-SHUTDOWN)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    expect(a.shutdown(rx.s, SD_RECEIVE)).toBe(0);
    const ret = a.recv(rx.s, new Uint8Array(4), 4, 0) as number;
    expectFailure(a, ret, WSAESHUTDOWN, "NET-SHUTDOWN");
  });

  it("MSG_OOB on a datagram socket is WSAEOPNOTSUPP (NET-RECV)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const ret = a.recv(rx.s, new Uint8Array(4), 4, MSG_OOB) as number;
    expectFailure(a, ret, WSAEOPNOTSUPP, "NET-RECV");
  });

  it("the port-unreachable of an earlier sendto fails the next recv once (NET-DATAGRAM-UNREACHABLE)", () => {
    const { t } = world("A");
    const a = t.A!;
    const gone = boundUdp(a);
    expect(a.closesocket(gone.s)).toBe(0);
    const tx = boundUdp(a);
    expect(a.sendto(tx.s, text("x"), 1, 0, gone.addr, 16)).toBe(1);
    const ret = a.recv(tx.s, new Uint8Array(4), 4, 0) as number;
    expectFailure(a, ret, WSAECONNRESET, "NET-DATAGRAM-UNREACHABLE");
  });

  it("a datagram is received whole, or cut to the buffer with WSAEMSGSIZE (NET-DATAGRAM)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const tx = udp(a);
    expect(a.sendto(tx, text("abc"), 3, 0, rx.addr, 16)).toBe(3);
    expect(a.sendto(tx, text("defgh"), 5, 0, rx.addr, 16)).toBe(5);
    expect(recvText(a, rx.s, 10)).toBe("abc");
    expectCited(a, ["NET-DATAGRAM"]);
    const buf = new Uint8Array(2);
    expectFailure(a, a.recv(rx.s, buf, 2, 0) as number, WSAEMSGSIZE, "NET-DATAGRAM");
    expect(decode(buf)).toBe("de");
  });

  it("a datagram socket's recv(MSG_WAITALL) is WSAEOPNOTSUPP (NET-RECV)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const ret = a.recv(rx.s, new Uint8Array(4), 4, MSG_WAITALL) as number;
    expectFailure(a, ret, WSAEOPNOTSUPP, "NET-RECV");
  });

  it("recvfrom with a NULL fromlen or one too small is WSAEFAULT (NET-RECV)", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = boundUdp(a);
    const buf = new Uint8Array(4);
    const from = new Uint8Array(16);
    expectFailure(a, a.recvfrom(rx.s, buf, 4, 0, from, null) as number, WSAEFAULT, "NET-RECV");
    expectFailure(
      a,
      a.recvfrom(rx.s, buf, 4, 0, from, intRef(15)) as number,
      WSAEFAULT,
      "NET-RECV",
    );
  });

  it("a blocking recvfrom waits for the datagram and returns it with its sender", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const rx = boundUdp(a);
    const buf = new Uint8Array(10);
    const from = new Uint8Array(16);
    const fromlen = intRef(16);
    expect(a.recvfrom(rx.s, buf, 10, 0, from, fromlen)).toBe(BLOCKED);
    const tx = boundUdp(b);
    expect(b.sendto(tx.s, text("late"), 4, 0, rx.addr, 16)).toBe(4);
    expect(a.await()).toBe(4);
    expect(decode(buf.subarray(0, 4))).toBe("late");
    expect(from).toEqual(tx.addr);
    expect(fromlen.value).toBe(16);
  });
});

describe("a blocked send finishes (NET-BLOCKING, NET-BUFFERS)", () => {
  it("a blocking send waiting for the window completes once the peer reads", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a, b);
    const filler = new Uint8Array(WINDOW + 9000).fill(0x2e);
    // Less than SO_SNDBUF (8192) waits to leave: taken whole, 9000 bytes stay queued.
    setInt(a, client, SO_SNDBUF, 8192);
    expect(a.send(client, filler, filler.length, 0)).toBe(filler.length);
    expect(a.send(client, text("tail"), 4, 0)).toBe(BLOCKED);
    drain(b, server, WINDOW);
    expect(a.await()).toBe(4);
    drain(b, server, 9000);
    expect(recvText(b, server, 10)).toBe("tail");
  });
});
