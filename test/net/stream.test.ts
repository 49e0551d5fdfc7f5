import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  INVALID_POINTER,
  intRef,
  MSG_DONTROUTE,
  MSG_OOB,
  MSG_PEEK,
  MSG_WAITALL,
  SD_RECEIVE,
  SHUTDOWN_HOW,
  SOCKET_ERROR,
  sockaddr,
  WSAECONNABORTED,
  WSAECONNRESET,
  WSAEFAULT,
  WSAEINVAL,
  WSAEISCONN,
  WSAENOTCONN,
  WSAEOPNOTSUPP,
  WSAESHUTDOWN,
  WSAEWOULDBLOCK,
} from "../../src/index.js";

// SD_SEND and SD_BOTH are missing from the flat constant exports (src/constants/names.ts).
const { SD_SEND, SD_BOTH } = SHUTDOWN_HOW;

import {
  atMark,
  decode,
  duplicate,
  expectError,
  finished,
  fionread,
  getInt,
  listener,
  nameOf,
  nonBlocking,
  pair,
  peerOf,
  recvText,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_SNDBUF,
  sendText,
  setInt,
  setLinger,
  socketOf,
  tcp,
  text,
  WINDOW,
  world,
} from "./helpers.js";

describe("send (NET-SEND, NET-BUFFERS)", () => {
  it("checks flags, then the buffer, then the connection", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.send(s, text("x"), 1, 0x400), WSAEOPNOTSUPP);
    expectError(a, a.send(s, INVALID_POINTER, 1, 0), WSAEFAULT);
    expectError(a, a.send(s, text("x"), 2, 0), WSAEFAULT);
    expectError(a, a.send(s, text("x"), 1, 0), WSAENOTCONN);
    const { client } = pair(a);
    a.WSASetLastError(77);
    expect(a.send(client, text("xy"), 2, MSG_DONTROUTE)).toBe(2);
    expect(a.WSAGetLastError()).toBe(0);
    expect(a.send(client, null, 0, 0)).toBe(0);
  });

  it("Windows' test_set_getsockopt: SO_RCVBUF 1024 does not throttle three 4096-byte sends", () => {
    // Wine 10.0 dlls/ws2_32/tests/sock.c test_set_getsockopt, "non-blocking receive with too
    // short SO_RCVBUF" (no todo_wine: what Windows does).
    const { t } = world("A");
    const a = t.A!;
    const { client: src, server: dst } = pair(a);
    nonBlocking(a, src);
    nonBlocking(a, dst);
    setInt(a, src, SO_SNDBUF, 0);
    expect(getInt(a, dst, SO_RCVBUF)).toBeGreaterThanOrEqual(3 * 4096);
    setInt(a, dst, SO_RCVBUF, 1024);
    expect(getInt(a, dst, SO_RCVBUF)).toBe(1024);
    const chunk = new Uint8Array(4096).map((_, i) => i % 253);
    for (let i = 0; i < 3; i++) expect(a.send(src, chunk, 4096, 0)).toBe(4096);
    // All of it was delivered at once, none is left waiting in the sender's queue.
    expect(fionread(a, dst)).toBe(3 * 4096);
    expect(socketOf(a, src).net.connection?.sendQueue.bytes).toBe(0);
    const buf = new Uint8Array(4096);
    for (let i = 0; i < 3; i++) {
      expect(a.recv(dst, buf, 4096, 0)).toBe(4096);
      expect(buf).toEqual(chunk);
    }
    expectError(a, a.recv(dst, buf, 4096, 0), WSAEWOULDBLOCK);
  });

  it("SO_RCVBUF 4 set before connect is read back as set and does not hold back 20 bytes", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const client = tcp(a);
    setInt(a, client, SO_RCVBUF, 4);
    expect(a.connect(client, l.addr, 16)).toBe(0);
    const server = a.accept(l.s, null, null) as number;
    expect(getInt(a, client, SO_RCVBUF)).toBe(4);
    sendText(a, server, "more than four bytes");
    expect(fionread(a, client)).toBe(20);
    expect(socketOf(a, server).net.connection?.sendQueue.bytes).toBe(0);
    expect(recvText(a, client, 64)).toBe("more than four bytes");
  });

  it("the receiver takes up to max(SO_RCVBUF, 65536) unread bytes", () => {
    for (const rcvbuf of [0, 1024, WINDOW, WINDOW + 5000]) {
      const { t } = world("A");
      const a = t.A!;
      const { client, server } = pair(a);
      setInt(a, server, SO_RCVBUF, rcvbuf);
      const capacity = Math.max(rcvbuf, WINDOW);
      const big = new Uint8Array(capacity + 100);
      expect(a.send(client, big, big.length, 0)).toBe(big.length);
      expect(fionread(a, server)).toBe(capacity);
      expect(socketOf(a, client).net.connection?.sendQueue.bytes).toBe(100);
      // Reading opens the window by as much as was read.
      expect(a.recv(server, new Uint8Array(60), 60, 0)).toBe(60);
      expect(fionread(a, server)).toBe(capacity);
      expect(socketOf(a, client).net.connection?.sendQueue.bytes).toBe(40);
    }
  });

  it("a non-blocking send is taken whole or fails with WSAEWOULDBLOCK (N14)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setInt(a, client, SO_SNDBUF, 4096);
    nonBlocking(a, client);
    const chunk = new Uint8Array(4096).fill(1);
    // Sixteen sends fill the receiver's 64 KiB window.
    for (let i = 0; i < WINDOW / 4096; i++) expect(a.send(client, chunk, 4096, 0)).toBe(4096);
    expect(fionread(a, server)).toBe(WINDOW);
    // The window is full, but nothing waits to leave: the next send is taken and waits.
    expect(a.send(client, chunk, 4096, 0)).toBe(4096);
    // Now SO_SNDBUF is reached and the window is still full: taken whole or not at all.
    expectError(a, a.send(client, chunk, 1, 0), WSAEWOULDBLOCK);
    expect(fionread(a, server)).toBe(WINDOW);
    // Reading frees space: the window takes more from the sender's queue.
    const buf = new Uint8Array(1024);
    expect(a.recv(server, buf, 1024, 0)).toBe(1024);
    expect(fionread(a, server)).toBe(WINDOW);
    expect(socketOf(a, client).net.connection?.sendQueue.bytes).toBe(3072);
  });

  it("a blocking send waits for room and finishes when the peer reads", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 1000);
    // The first send fills the window and leaves 3000 bytes waiting to leave.
    const first = new Uint8Array(WINDOW + 3000).fill(1);
    expect(a.send(client, first, first.length, 0)).toBe(first.length);
    const chunk = new Uint8Array(3000).fill(2);
    expect(a.send(client, chunk, 3000, 0)).toBe(BLOCKED);
    const buf = new Uint8Array(10_000);
    let total = 0;
    while (!finished(a)) {
      const n = b.recv(server, buf, 10_000, 0) as number;
      expect(n).toBeGreaterThan(0);
      total += n;
    }
    expect(a.await()).toBe(3000);
    const all = first.length + 3000;
    while (total < all) total += b.recv(server, buf, 10_000, 0) as number;
    expect(total).toBe(all);
  });

  it("SO_SNDBUF 0: a blocking send larger than any window still completes as the peer reads (N15)", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setInt(a, client, SO_SNDBUF, 0);
    setInt(b, server, SO_RCVBUF, 1024);
    const size = 3 * WINDOW;
    const big = new Uint8Array(size).map((_, i) => i % 251);
    expect(a.send(client, big, size, 0)).toBe(BLOCKED);
    const got = new Uint8Array(size);
    let n = 0;
    const buf = new Uint8Array(7000);
    for (let i = 0; i < 100 && !finished(a); i++) {
      const r = b.recv(server, buf, 7000, 0) as number;
      got.set(buf.subarray(0, r), n);
      n += r;
    }
    expect(a.await()).toBe(size);
    while (n < size) {
      const r = b.recv(server, buf, 7000, 0) as number;
      got.set(buf.subarray(0, r), n);
      n += r;
    }
    expect(got).toEqual(big);
  });
});

describe("recv (NET-RECV, NET-STREAM-ORDER, NET-FIN)", () => {
  it("checks flags, then the buffer, then the connection", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const buf = new Uint8Array(8);
    expectError(a, a.recv(s, buf, 8, 0x400), WSAEINVAL);
    expectError(a, a.recv(s, buf, 8, MSG_WAITALL | MSG_PEEK), WSAEOPNOTSUPP);
    expectError(a, a.recv(s, buf, 8, MSG_WAITALL | MSG_OOB), WSAEOPNOTSUPP);
    expectError(a, a.recv(s, buf, -1, 0), WSAEFAULT);
    expectError(a, a.recv(s, INVALID_POINTER, 8, 0), WSAEFAULT);
    expectError(a, a.recv(s, buf, 8, 0), WSAENOTCONN);
    nonBlocking(a, s);
    expectError(a, a.recv(s, buf, 8, MSG_WAITALL), WSAEOPNOTSUPP);
    const l = listener(a);
    expectError(a, a.recv(l.s, buf, 8, 0), WSAENOTCONN);
  });

  it("len 0 returns 0 and consumes nothing (N32)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "hello");
    expect(a.recv(server, null, 0, 0)).toBe(0);
    expect(recvText(a, server)).toBe("hello");
  });

  it("returns bytes in order across sends, MSG_PEEK keeps them", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "abc");
    sendText(a, client, "defg");
    expect(recvText(a, server, 5, MSG_PEEK)).toBe("abcde");
    expect(recvText(a, server, 5, MSG_PEEK)).toBe("abcde");
    expect(recvText(a, server, 2)).toBe("ab");
    expect(recvText(a, server, 100)).toBe("cdefg");
  });

  it("MSG_WAITALL waits for the whole buffer, or the end of the stream", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    sendText(a, client, "1234");
    const buf = new Uint8Array(6);
    expect(b.recv(server, buf, 6, MSG_WAITALL)).toBe(BLOCKED);
    sendText(a, client, "56789");
    expect(b.await()).toBe(6);
    expect(decode(buf)).toBe("123456");
    expect(b.recv(server, buf, 6, MSG_WAITALL)).toBe(BLOCKED);
    a.shutdown(client, SD_SEND);
    expect(b.await()).toBe(3);
    expect(decode(buf.subarray(0, 3))).toBe("789");
  });

  it("recvfrom and sendto on TCP ignore the address arguments (N36, N44)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const garbage = new Uint8Array(16).fill(0xfe);
    expect(a.sendto(client, text("abc"), 3, 0, garbage, 16)).toBe(3);
    expect(garbage.every((x) => x === 0xfe)).toBe(true);
    const from = new Uint8Array(16).fill(9);
    const fromlen = intRef(0xc0ffee11 | 0);
    const buf = new Uint8Array(8);
    expect(a.recvfrom(server, buf, 8, 0, from, fromlen)).toBe(3);
    expect(from.every((x) => x === 9)).toBe(true);
    expect(fromlen.value).toBe(0xc0ffee11 | 0);
  });

  it("after the peer's FIN, recv returns 0 again and again with last error 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "last");
    expect(a.shutdown(client, SD_SEND)).toBe(0);
    expectError(a, a.send(client, text("x"), 1, 0), WSAESHUTDOWN);
    expect(recvText(a, server)).toBe("last");
    a.WSASetLastError(5);
    expect(recvText(a, server)).toBe("");
    expect(a.WSAGetLastError()).toBe(0);
    expect(recvText(a, server)).toBe("");
    // The half-closed end still receives.
    sendText(a, server, "back");
    expect(recvText(a, client)).toBe("back");
  });
});

describe("shutdown (NET-SHUTDOWN)", () => {
  it("checks how, then the connection (a listener too)", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.shutdown(s, 0xdeadbeef), WSAEINVAL);
    expectError(a, a.shutdown(s, SD_SEND), WSAENOTCONN);
    const l = listener(a);
    expectError(a, a.shutdown(l.s, SD_RECEIVE), WSAENOTCONN);
  });

  it("SD_RECEIVE: new receives fail, sends still work; SD_BOTH: both fail; names still work", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.shutdown(server, SD_RECEIVE)).toBe(0);
    expectError(a, a.recv(server, new Uint8Array(4), 4, 0), WSAESHUTDOWN);
    sendText(a, server, "ok");
    expect(recvText(a, client)).toBe("ok");
    expect(a.shutdown(client, SD_BOTH)).toBe(0);
    expect(a.shutdown(client, SD_BOTH)).toBe(0);
    expectError(a, a.recv(client, new Uint8Array(4), 4, 0), WSAESHUTDOWN);
    expectError(a, a.send(client, text("x"), 1, 0), WSAESHUTDOWN);
    expect(peerOf(a, client)).toBe(nameOf(a, server));
    expectError(a, a.connect(client, sockaddr(nameOf(a, server)), 16), WSAEISCONN);
  });

  it("a blocked recv is not woken by shutdown, and gets the data sent later (fact 94, D5)", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const worker = sim.process("A").createThread();
    const { client, server } = pair(b, a);
    const buf = new Uint8Array(8);
    expect(worker.recv(server, buf, 8, 0)).toBe(BLOCKED);
    expect(a.shutdown(server, SD_RECEIVE)).toBe(0);
    expect(worker.blockedIn).toBe("recv");
    expect(a.shutdown(server, SD_BOTH)).toBe(0);
    expect(worker.blockedIn).toBe("recv");
    sendText(b, client, "late");
    expect(worker.await()).toBe(4);
    expect(decode(buf.subarray(0, 4))).toBe("late");
  });
});

describe("reset and peer gone (NET-RESET, NET-PEER-GONE)", () => {
  it("an abortive close discards the peer's unread data; its calls fail WSAECONNRESET", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, server, "unread by client");
    setLinger(a, client, 1, 0);
    sendText(a, client, "unread by server");
    expect(a.closesocket(client)).toBe(0);
    expect(fionread(a, server)).toBe(0);
    expectError(a, a.recv(server, new Uint8Array(4), 4, 0), WSAECONNRESET);
    expectError(a, a.send(server, text("x"), 1, 0), WSAECONNRESET);
    expectError(a, a.recv(server, new Uint8Array(4), 4, 0), WSAECONNRESET);
  });

  it("closing with unread data resets the peer (NET-LAST-CLOSE)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "never read");
    expect(a.closesocket(server)).toBe(0);
    expectError(a, a.recv(client, new Uint8Array(4), 4, 0), WSAECONNRESET);
  });

  it("sending to a closed peer succeeds once, then WSAECONNABORTED (fact 93)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    a.shutdown(client, SD_SEND);
    a.closesocket(client);
    expect(recvText(a, server)).toBe("");
    expect(a.send(server, text("hello"), 5, 0)).toBe(5);
    expectError(a, a.recv(server, new Uint8Array(4), 4, 0), WSAECONNABORTED);
    expectError(a, a.send(server, text("hello"), 5, 0), WSAECONNABORTED);
  });
});

describe("ioctlsocket (NET-IOCTL) and out-of-band data (NET-OOB)", () => {
  it("rejects unknown commands and bad pointers", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.ioctlsocket(s, 0xdeadbeef, intRef(0)), WSAEOPNOTSUPP);
    expectError(a, a.ioctlsocket(s, 0x4004667f, INVALID_POINTER), WSAEFAULT);
    expectError(a, a.ioctlsocket(s, 0x8004667e, null), WSAEFAULT);
    expect(fionread(a, s)).toBe(0);
    expect(atMark(a, s)).toBe(1);
  });

  it("FIONBIO is shared by every descriptor of the socket, in any process", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(a);
    const d = duplicate(a, server, b);
    nonBlocking(a, server);
    expectError(b, b.recv(d, new Uint8Array(4), 4, 0), WSAEWOULDBLOCK);
    nonBlocking(b, d, false);
    expect(a.recv(server, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
  });

  it("follows Wine's test_fionread_siocatmark sequence (N21)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    nonBlocking(a, client);
    expect(fionread(a, client)).toBe(0);
    expect(atMark(a, client)).toBe(1);
    sendText(a, server, "data\0");
    expect(fionread(a, client)).toBe(5);
    expect(atMark(a, client)).toBe(1);
    sendText(a, server, "a", MSG_OOB);
    expect(fionread(a, client)).toBe(5);
    expect(atMark(a, client)).toBe(0);
    sendText(a, server, "a", MSG_OOB);
    expect(fionread(a, client)).toBe(5);
    expect(recvText(a, client, 3)).toBe("dat");
    expect(fionread(a, client)).toBe(2);
    expect(recvText(a, client, 1, MSG_OOB)).toBe("a");
    expect(atMark(a, client)).toBe(0);
    expect(recvText(a, client, 5)).toBe("a\0");
    expect(fionread(a, client)).toBe(0);
    expect(recvText(a, client, 1, MSG_OOB)).toBe("a");
    expect(atMark(a, client)).toBe(1);
    expectError(a, a.recv(client, new Uint8Array(1), 1, MSG_OOB), WSAEWOULDBLOCK);
  });

  it("with SO_OOBINLINE the urgent byte is normal data and MSG_OOB is WSAEINVAL (N22)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    nonBlocking(a, client);
    setInt(a, client, SO_OOBINLINE, 1);
    sendText(a, server, "A", MSG_OOB);
    expect(fionread(a, client)).toBe(1);
    expect(atMark(a, client)).toBe(1);
    expectError(a, a.recv(client, new Uint8Array(1), 1, MSG_OOB), WSAEINVAL);
    expect(recvText(a, client, 10)).toBe("A");
    expectError(a, a.recv(client, new Uint8Array(1), 1, 0), WSAEWOULDBLOCK);
  });

  it("an urgent byte sent first does not hold back the normal data after it (N46)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, server, "a", MSG_OOB);
    sendText(a, server, "data\0");
    expect(recvText(a, client, 10)).toBe("data\0");
    expect(recvText(a, client, 10, MSG_OOB)).toBe("a");
  });

  it("recv(MSG_OOB) with len 0 consumes nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, server, "u", MSG_OOB);
    expect(a.recv(client, new Uint8Array(0), 0, MSG_OOB)).toBe(0);
    expect(recvText(a, client, 1, MSG_OOB)).toBe("u");
  });

  it("a multi-byte MSG_OOB send: the bytes before the last are normal data", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, server, "xyz", MSG_OOB);
    expect(fionread(a, client)).toBe(2);
    expect(recvText(a, client, 10)).toBe("xy");
    expect(recvText(a, client, 10, MSG_OOB)).toBe("z");
  });

  it("an urgent byte never overtakes normal data still waiting for the window", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setInt(a, client, SO_OOBINLINE, 1);
    // Fill the client's window, so that "12345678" waits in the server's send queue.
    sendText(a, server, ".".repeat(WINDOW));
    sendText(a, server, "12345678");
    sendText(a, server, "9", MSG_OOB);
    expect(fionread(a, client)).toBe(WINDOW);
    let all = "";
    for (let i = 0; i < 100 && all.length < WINDOW + 9; i++)
      all += recvText(a, client, 3000) as string;
    expect(all).toBe(`${".".repeat(WINDOW)}123456789`);
  });
});

describe("SOCKET_ERROR sanity", () => {
  it("is -1", () => {
    expect(SOCKET_ERROR).toBe(-1);
  });
});
