import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  INVALID_SOCKET,
  SOCKET_ERROR,
  sockaddr,
  WSAECONNRESET,
  WSAEINTR,
  WSAENOTSOCK,
  WSAETIMEDOUT,
  WSAEWOULDBLOCK,
} from "../../src/index.js";
import {
  decode,
  drain,
  duplicate,
  expectError,
  fillWindow,
  fionread,
  listener,
  nonBlocking,
  pair,
  recvText,
  SO_RCVTIMEO,
  SO_SNDBUF,
  SO_SNDTIMEO,
  sendText,
  setInt,
  setLinger,
  socketOf,
  tcp,
  udp,
  WINDOW,
  world,
} from "./helpers.js";

describe("closing shared descriptors (LIFE-SHARED-CLOSE, NET-LAST-CLOSE)", () => {
  it("a non-last close is invisible to the peer; the last one, in another process, sends FIN", () => {
    const { sim, t } = world("A", "B", "C");
    const [a, b, c] = [t.A!, t.B!, t.C!];
    const { client, server } = pair(a, c);
    const d = duplicate(a, client, b);
    sendText(a, client, "one");
    const peerBefore = socketOf(c, server);
    expect(a.closesocket(client)).toBe(0);
    expect(sim.last?.rules).toContain("LIFE-SHARED-CLOSE");
    // Nothing changed for the peer: its socket record is the very same object.
    expect(socketOf(c, server)).toBe(peerBefore);
    nonBlocking(c, server);
    expect(recvText(c, server)).toBe("one");
    expectError(c, c.recv(server, new Uint8Array(4), 4, 0), WSAEWOULDBLOCK);
    sendText(b, d, "two");
    expect(b.closesocket(d)).toBe(0);
    expect(sim.last?.rules).toContain("LIFE-LAST-CLOSE");
    expect(recvText(c, server)).toBe("two");
    expect(recvText(c, server)).toBe("");
  });

  it("duplicates share one receive queue: each byte goes to exactly one reader", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a);
    const d = duplicate(a, server, b);
    sendText(a, client, "abcdef");
    expect(recvText(a, server, 2)).toBe("ab");
    expect(recvText(b, d, 3)).toBe("cde");
    expect(recvText(a, server, 9)).toBe("f");
  });

  it("a graceful last close delivers everything, even when the socket outlives its descriptors", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    // More than the receiver's window: 450 bytes are still in the client's queue at the close.
    const payload = Array.from({ length: WINDOW + 450 }, (_, i) => "abcdefghij"[i % 10]).join("");
    sendText(a, client, payload);
    expect(a.closesocket(client)).toBe(0);
    // The client socket lives on without descriptors until the peer has taken every byte.
    expect(sim.state.sockets.size).toBe(3);
    expect(drain(b, server)).toBe(payload);
    expect(recvText(b, server)).toBe("");
    expect(sim.state.sockets.size).toBe(2);
  });

  it("the orphan goes when its receiver closes with unread data", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server, listening } = pair(a, b);
    sendText(a, client, "y".repeat(WINDOW + 50));
    a.closesocket(client);
    b.closesocket(listening);
    expect(sim.state.sockets.size).toBe(2);
    b.closesocket(server);
    expect(sim.state.sockets.size).toBe(0);
  });

  it("closing twice: WSAENOTSOCK", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(a.closesocket(s)).toBe(0);
    expectError(a, a.closesocket(s), WSAENOTSOCK);
  });
});

describe("SO_LINGER (NET-ABORTIVE-CLOSE, NET-LINGER)", () => {
  it("{1, 0} resets the peer at once", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "lost?");
    setLinger(a, client, 1, 0);
    expect(a.closesocket(client)).toBe(0);
    // Delivered bytes were already in the peer's queue and are discarded by the reset.
    expectError(a, a.recv(server, new Uint8Array(8), 8, 0), WSAECONNRESET);
  });

  it("{1, N} non-blocking with undelivered data: WSAEWOULDBLOCK, descriptor still valid", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, client, 1, 5);
    // The window is full, so "0123456789" waits in the client's send queue.
    const filler = fillWindow(a, client);
    sendText(a, client, "0123456789");
    nonBlocking(a, client);
    expectError(a, a.closesocket(client), WSAEWOULDBLOCK);
    sendText(a, client, "ab");
    expect(drain(a, server)).toBe(`${filler}0123456789ab`);
    expect(a.closesocket(client)).toBe(0);
  });

  it("{1, N} non-blocking with everything delivered closes at once", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, client, 1, 5);
    sendText(a, client, "fits");
    nonBlocking(a, client);
    expect(a.closesocket(client)).toBe(0);
    expect(recvText(a, server)).toBe("fits");
    expect(recvText(a, server)).toBe("");
  });

  it("{1, N} blocking waits until the data is delivered, then closes gracefully", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setLinger(a, client, 1, 5);
    const filler = fillWindow(a, client);
    sendText(a, client, "0123456789");
    expect(a.closesocket(client)).toBe(BLOCKED);
    b.Sleep(1000);
    expect(drain(b, server)).toBe(`${filler}0123456789`);
    expect(a.await()).toBe(0);
    expect(sim.state.clock).toBe(1000);
    expect(recvText(b, server)).toBe("");
  });

  it("{1, N} blocking times out after N s, resets, and returns 0", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setLinger(a, client, 1, 3);
    fillWindow(a, client);
    sendText(a, client, "0123456789");
    expect(a.closesocket(client)).toBe(BLOCKED);
    expect(a.await()).toBe(0);
    expect(sim.state.clock).toBe(3000);
    expectError(b, b.recv(server, new Uint8Array(8), 8, 0), WSAECONNRESET);
    expectError(a, a.closesocket(client), WSAENOTSOCK);
  });
});

describe("blocking and timeouts (NET-BLOCKING, NET-TIMEOUT, NET-CLOSE-WAKES)", () => {
  it("SO_RCVTIMEO: a blocked recv fails with WSAETIMEDOUT at the deadline; the socket stays usable", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setInt(a, server, SO_RCVTIMEO, 100);
    expect(a.recv(server, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expectError(a, a.await(), WSAETIMEDOUT);
    expect(sim.state.clock).toBe(100);
    sendText(a, client, "ok");
    expect(recvText(a, server)).toBe("ok");
  });

  it("Sleep on another thread fires the timeout; data before it wins", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setInt(b, server, SO_RCVTIMEO, 100);
    const buf = new Uint8Array(4);
    expect(b.recv(server, buf, 4, 0)).toBe(BLOCKED);
    a.Sleep(99);
    sendText(a, client, "in");
    a.Sleep(50);
    expect(b.await()).toBe(2);
    expect(decode(buf.subarray(0, 2))).toBe("in");
    expect(b.recv(server, buf, 4, 0)).toBe(BLOCKED);
    a.Sleep(100);
    expectError(b, b.await(), WSAETIMEDOUT);
    expect(sim.state.clock).toBe(249);
  });

  it("SO_SNDTIMEO: a blocked send fails with WSAETIMEDOUT", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    setInt(a, client, SO_SNDBUF, 10);
    setInt(a, client, SO_SNDTIMEO, 500);
    // The server never reads: 30 bytes wait behind a full window, more than SO_SNDBUF.
    fillWindow(a, client);
    sendText(a, client, "x".repeat(30));
    expect(a.send(client, new Uint8Array(5), 5, 0)).toBe(BLOCKED);
    expectError(a, a.await(), WSAETIMEDOUT);
  });

  it("a blocked call with nothing to finish it stays blocked after await", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    expect(a.recv(server, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expect(a.await()).toBe(BLOCKED);
    expect(a.blockedIn).toBe("recv");
  });

  it("the last close by another thread wakes a blocked recv with WSAEINTR; a non-last one does not", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const worker = sim.process("A").createThread();
    const { server } = pair(b, a);
    const d = duplicate(a, server, b);
    expect(worker.recv(server, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expect(b.closesocket(d)).toBe(0);
    expect(worker.await()).toBe(BLOCKED);
    expect(a.closesocket(server)).toBe(0);
    expect(worker.await()).toBe(SOCKET_ERROR);
    expect(worker.WSAGetLastError()).toBe(WSAEINTR);
  });

  it("closing a socket that outlives its descriptors (graceful, undelivered data) still wakes its waiters", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const worker = sim.process("A").createThread();
    const { client, server } = pair(a, b);
    const filler = fillWindow(a, client);
    sendText(a, client, "0123456789");
    expect(worker.recv(client, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expect(a.closesocket(client)).toBe(0);
    // The client socket lives on without descriptors (with the listener and the server: 3).
    expect(sim.state.sockets.size).toBe(3);
    expect(worker.await()).toBe(SOCKET_ERROR);
    expect(worker.WSAGetLastError()).toBe(WSAEINTR);
    expect(drain(b, server)).toBe(`${filler}0123456789`);
  });

  it("a blocked connect and a blocked recvfrom wake with WSAEINTR too", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const w1 = sim.process("A").createThread();
    const w2 = sim.process("A").createThread();
    const c = tcp(a);
    expect(w1.connect(c, sockaddr("192.0.2.1:80"), 16)).toBe(BLOCKED);
    const u = udp(a);
    a.bind(u, sockaddr("127.0.0.1:0"), 16);
    expect(w2.recvfrom(u, new Uint8Array(4), 4, 0, null, null)).toBe(BLOCKED);
    a.closesocket(c);
    a.closesocket(u);
    expectError(w1, w1.await(), WSAEINTR);
    expectError(w2, w2.await(), WSAEINTR);
    expect(sim.state.timers.size).toBe(0);
  });

  it("two blocked receivers are served in the order they blocked (NET-WAKE-ORDER)", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const w1 = sim.process("A").createThread();
    const w2 = sim.process("A").createThread();
    const { client, server } = pair(a);
    const b1 = new Uint8Array(4);
    const b2 = new Uint8Array(4);
    expect(w2.recv(server, b2, 4, 0)).toBe(BLOCKED);
    expect(w1.recv(server, b1, 4, 0)).toBe(BLOCKED);
    sendText(a, client, "first");
    expect(w2.await()).toBe(4);
    expect(w1.await()).toBe(1);
    expect(decode(b2)).toBe("firs");
    expect(decode(b1.subarray(0, 1))).toBe("t");
  });

  it("process exit closes its descriptors: the peer sees the close", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    sendText(a, client, "bye");
    sim.process("A").exit();
    expect(recvText(b, server)).toBe("bye");
    expect(recvText(b, server)).toBe("");
    expect(fionread(b, server)).toBe(0);
  });

  it("a listener's blocked accept survives a non-last close", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const l = listener(a);
    const d = duplicate(a, l.s, b);
    expect(a.accept(l.s, null, null)).toBe(BLOCKED);
    b.closesocket(d);
    expect(a.await()).toBe(BLOCKED);
    b.connect(tcp(b), l.addr, 16);
    expect(a.await()).not.toBe(INVALID_SOCKET);
  });
});
