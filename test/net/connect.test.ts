import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  INVALID_POINTER,
  INVALID_SOCKET,
  intRef,
  sockaddr,
  WSAEADDRNOTAVAIL,
  WSAEALREADY,
  WSAECONNREFUSED,
  WSAEFAULT,
  WSAEINTR,
  WSAEINVAL,
  WSAEISCONN,
  WSAENOTCONN,
  WSAETIMEDOUT,
  WSAEWOULDBLOCK,
} from "../../src/index.js";
import {
  duplicate,
  expectError,
  getInt,
  listener,
  nameOf,
  nonBlocking,
  pair,
  peerOf,
  recvText,
  SO_ERROR,
  SO_KEEPALIVE,
  sendText,
  setInt,
  tcp,
  world,
} from "./helpers.js";

describe("connect (NET-CONNECT)", () => {
  it("connects at once to a listener, binding implicitly", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    expect(a.connect(c, l.addr, 16)).toBe(0);
    expect(nameOf(a, c)).toMatch(/^127\.0\.0\.1:4915\d$/);
    expect(peerOf(a, c)).toBe(nameOf(a, l.s));
    expectError(a, a.connect(c, l.addr, 16), WSAEISCONN);
    expectError(a, a.connect(l.s, l.addr, 16), WSAEINVAL);
  });

  it("checks the address: bad pointer WSAEFAULT, zero address or port WSAEADDRNOTAVAIL", () => {
    const { t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    expectError(a, a.connect(c, INVALID_POINTER, 16), WSAEFAULT);
    expectError(a, a.connect(c, sockaddr("127.0.0.1:80"), 8), WSAEFAULT);
    expectError(a, a.connect(c, sockaddr("0.0.0.0:80"), 16), WSAEADDRNOTAVAIL);
    expectError(a, a.connect(c, sockaddr("127.0.0.1:0"), 16), WSAEADDRNOTAVAIL);
    // Failed calls bound nothing.
    expectError(a, a.getsockname(c, new Uint8Array(16), intRef(16)), WSAEINVAL);
  });

  it("non-blocking: WSAEWOULDBLOCK even when the listener takes it at once (N24)", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    nonBlocking(a, c);
    expectError(a, a.connect(c, l.addr, 16), WSAEWOULDBLOCK);
    expectError(a, a.connect(c, l.addr, 16), WSAEISCONN);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
  });

  it("unreachable address: in progress, WSAEALREADY, getpeername works, 21 s to WSAETIMEDOUT", () => {
    const { t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    nonBlocking(a, c);
    expectError(a, a.connect(c, sockaddr("192.0.2.1:80"), 16), WSAEWOULDBLOCK);
    expectError(a, a.connect(c, sockaddr("192.0.2.1:80"), 16), WSAEALREADY);
    expect(peerOf(a, c)).toBe("192.0.2.1:80");
    expect(nameOf(a, c)).toMatch(/^0\.0\.0\.0:/);
    expectError(a, a.recv(c, new Uint8Array(4), 4, 0), WSAENOTCONN);
    expectError(a, a.send(c, new Uint8Array(4), 4, 0), WSAENOTCONN);
    a.Sleep(20_999);
    expectError(a, a.connect(c, sockaddr("192.0.2.1:80"), 16), WSAEALREADY);
    a.Sleep(1);
    expect(getInt(a, c, SO_ERROR)).toBe(WSAETIMEDOUT);
    // A failed socket may connect again.
    const l = listener(a);
    expectError(a, a.connect(c, l.addr, 16), WSAEWOULDBLOCK);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
  });

  it("blocking to an unreachable address: await gives WSAETIMEDOUT after 21 s", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    expect(a.connect(c, sockaddr("192.0.2.1:80"), 16)).toBe(BLOCKED);
    expectError(a, a.await(), WSAETIMEDOUT);
    expect(sim.state.clock).toBe(21_000);
  });
});

describe("refused connections (NET-CONNECT-REFUSED)", () => {
  it("blocking: WSAECONNREFUSED after 2 s, SO_ERROR 0, implicit bind kept", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    expect(a.connect(c, sockaddr("127.0.0.1:9"), 16)).toBe(BLOCKED);
    expect(sim.state.clock).toBe(0);
    expectError(a, a.await(), WSAECONNREFUSED);
    expect(sim.state.clock).toBe(2000);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
    expect(nameOf(a, c)).toMatch(/^0\.0\.0\.0:49152$/);
    expectError(a, a.getpeername(c, new Uint8Array(16), intRef(16)), WSAENOTCONN);
    // listen on the refused socket works (fact 116).
    expect(a.listen(c, 1)).toBe(0);
  });

  it("non-blocking: WSAEWOULDBLOCK, then SO_ERROR WSAECONNREFUSED, sticky until a success (N8)", () => {
    const { t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    nonBlocking(a, c);
    expectError(a, a.connect(c, sockaddr("127.0.0.1:9"), 16), WSAEWOULDBLOCK);
    a.Sleep(1999);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
    expectError(a, a.connect(c, sockaddr("127.0.0.1:9"), 16), WSAEALREADY);
    a.Sleep(1);
    expect(getInt(a, c, SO_ERROR)).toBe(WSAECONNREFUSED);
    expect(getInt(a, c, SO_ERROR)).toBe(WSAECONNREFUSED);
    // A new attempt does not clear it; only a success does.
    expectError(a, a.connect(c, sockaddr("127.0.0.1:9"), 16), WSAEWOULDBLOCK);
    expect(getInt(a, c, SO_ERROR)).toBe(WSAECONNREFUSED);
    a.Sleep(2000);
    const l = listener(a);
    expectError(a, a.connect(c, l.addr, 16), WSAEWOULDBLOCK);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
    expect(a.accept(l.s, null, null)).not.toBe(INVALID_SOCKET);
  });

  it("a full backlog refuses; a freed slot lets the next one in", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a, 1);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    const late = tcp(a);
    nonBlocking(a, late);
    expectError(a, a.connect(late, l.addr, 16), WSAEWOULDBLOCK);
    a.Sleep(2000);
    expect(getInt(a, late, SO_ERROR)).toBe(WSAECONNREFUSED);
    expect(a.accept(l.s, null, null)).not.toBe(INVALID_SOCKET);
    const next = tcp(a);
    expect(a.connect(next, l.addr, 16)).toBe(0);
  });
});

describe("accept (NET-ACCEPT, NET-ACCEPT-INHERITS)", () => {
  it("checks listening, then addrlen, then waits or fails with WSAEWOULDBLOCK", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.accept(s, null, null), WSAEINVAL);
    const l = listener(a);
    const zero = intRef(0);
    expectError(a, a.accept(l.s, new Uint8Array(16), zero), WSAEFAULT);
    expect(zero.value).toBe(0);
    expectError(a, a.accept(l.s, new Uint8Array(16), intRef(15)), WSAEFAULT);
    nonBlocking(a, l.s);
    expectError(a, a.accept(l.s, null, null), WSAEWOULDBLOCK);
  });

  it("takes the oldest connection first and writes its address", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c1 = tcp(a);
    const c2 = tcp(a);
    a.connect(c1, l.addr, 16);
    a.connect(c2, l.addr, 16);
    const addr = new Uint8Array(16);
    const len = intRef(16);
    const s1 = a.accept(l.s, addr, len) as number;
    expect(len.value).toBe(16);
    expect(peerOf(a, s1)).toBe(nameOf(a, c1));
    // NULL addrlen leaves addr alone (fact 152).
    const untouched = new Uint8Array(16).fill(7);
    const s2 = a.accept(l.s, untouched, null) as number;
    expect(untouched.every((b) => b === 7)).toBe(true);
    expect(peerOf(a, s2)).toBe(nameOf(a, c2));
  });

  it("a blocking accept waits for the next connection", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const l = listener(a);
    expect(a.accept(l.s, null, null)).toBe(BLOCKED);
    const c = tcp(b);
    expect(b.connect(c, l.addr, 16)).toBe(0);
    const s = a.await() as number;
    expect(s).not.toBe(INVALID_SOCKET);
    sendText(b, c, "hi");
    expect(recvText(a, s)).toBe("hi");
  });

  it("the accepted socket starts with the listener's options and mode", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    setInt(a, l.s, SO_KEEPALIVE, 1);
    nonBlocking(a, l.s);
    a.connect(tcp(a), l.addr, 16);
    const s = a.accept(l.s, null, null) as number;
    expect(getInt(a, s, SO_KEEPALIVE)).toBe(1);
    expectError(a, a.recv(s, new Uint8Array(4), 4, 0), WSAEWOULDBLOCK);
  });

  it("a duplicate of a listener accepts in another process", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const l = listener(a);
    const d = duplicate(a, l.s, b);
    const c = tcp(a);
    a.connect(c, l.addr, 16);
    const s = b.accept(d, null, null) as number;
    expect(s).not.toBe(INVALID_SOCKET);
    sendText(b, s, "from B");
    expect(recvText(a, c)).toBe("from B");
    // The queue is shared: A's listener has nothing left.
    nonBlocking(a, l.s);
    expectError(a, a.accept(l.s, null, null), WSAEWOULDBLOCK);
  });

  it("closing the listener resets connections nobody accepted", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    a.connect(c, l.addr, 16);
    a.closesocket(l.s);
    expectError(a, a.recv(c, new Uint8Array(4), 4, 0), 10054);
  });

  it("a blocked accept wakes with WSAEINTR when another thread closes the listener", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const worker = sim.process("A").createThread();
    const l = listener(a);
    expect(worker.accept(l.s, null, null)).toBe(BLOCKED);
    expect(a.closesocket(l.s)).toBe(0);
    expect(worker.await()).toBe(INVALID_SOCKET);
    expect(worker.WSAGetLastError()).toBe(WSAEINTR);
  });

  it("a connection accepted after its client closed gracefully reads the data, then 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    a.connect(c, l.addr, 16);
    sendText(a, c, "bye");
    a.closesocket(c);
    const s = a.accept(l.s, null, null) as number;
    expect(recvText(a, s)).toBe("bye");
    expect(recvText(a, s)).toBe("");
  });
});

describe("pair helper", () => {
  it("connects two processes", () => {
    const { t } = world("A", "B");
    const { client, server } = pair(t.A!, t.B!);
    sendText(t.A!, client, "x");
    expect(recvText(t.B!, server)).toBe("x");
  });
});
