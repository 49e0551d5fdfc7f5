/**
 * Observed facts 27-74: what Wine's event tests (dlls/ws2_32/tests/sock.c, test_accept_events,
 * test_connect_events, test_write_events and their neighbours, which the Wine project runs on
 * Windows) assert, one test each, in event mode and in message mode where the fact gives both.
 * The rules these facts support (spec/rules/events.json) link the Wine functions at their lines.
 */
import { describe, expect, it } from "vitest";
import {
  FD_ACCEPT,
  FD_ALL_EVENTS,
  FD_CLOSE,
  FD_CONNECT,
  FD_OOB,
  FD_READ,
  FD_WRITE,
  INVALID_SOCKET,
  MSG_OOB,
  POLLRDNORM,
  POLLWRNORM,
  SD_BOTH,
  SD_RECEIVE,
  SD_SEND,
  SO_SNDBUF,
  SOCKET_ERROR,
  sockaddr,
  WSA_ERRORS,
  type WSAPOLLFD,
} from "../../src/index.js";
import {
  enumerate,
  expectError,
  FIONBIO,
  listener,
  MODES,
  messages,
  nameOf,
  pair,
  recvText,
  sendText,
  setInt,
  setLinger,
  signalled,
  tcp,
  udp,
  Watch,
  world,
} from "./helpers.js";

const E = WSA_ERRORS;
const ALL = FD_ACCEPT | FD_CLOSE | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE;

describe.each(MODES)("%s mode", (mode) => {
  it("fact 27: a registration makes the socket non-blocking: connect gives WSAEWOULDBLOCK, never a wait", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    new Watch(a, c, mode).select(FD_CONNECT);
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    expect(a.blockedIn).toBeUndefined();
    // And recv on an idle registered socket does not block either.
    const s = a.accept(l.s, null, null) as number;
    new Watch(a, s, mode).select(FD_READ);
    expectError(a, a.recv(s, new Uint8Array(4), 4, 0), E.WSAEWOULDBLOCK);
  });

  it("fact 31: registering every event on a connected socket delivers FD_WRITE at once (from another thread too)", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const other = sim.process("A").createThread();
    const w = new Watch(a, server, mode);
    if (mode === "event") expect(other.WSAEventSelect(server, w.event, ALL)).toBe(0);
    else expect(other.WSAAsyncSelect(server, w.hwnd, 0x407, ALL)).toBe(0);
    w.expect([FD_WRITE]);
    w.nothing();
  });

  it("facts 35, 38: a listener registered before bind and listen reports one FD_ACCEPT; accept re-arms it while connections wait", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = tcp(a);
    const w = new Watch(a, l, mode);
    w.select(FD_CONNECT | FD_READ | FD_OOB | FD_ACCEPT);
    w.nothing();
    expect(a.bind(l, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expect(a.listen(l, 5)).toBe(0);
    w.nothing();
    const addr = sockaddr(nameOf(a, l));
    const c1 = tcp(a);
    expect(a.connect(c1, addr, 16)).toBe(0);
    w.expect([FD_ACCEPT]);
    w.nothing();
    const c2 = tcp(a);
    expect(a.connect(c2, addr, 16)).toBe(0);
    // Fact 38: accept while another connection is queued → FD_ACCEPT again; the last → nothing.
    expect(a.accept(l, null, null)).not.toBe(INVALID_SOCKET);
    w.expect([FD_ACCEPT]);
    expect(a.accept(l, null, null)).not.toBe(INVALID_SOCKET);
    w.nothing();
  });

  it("fact 37: re-registered with a connection still queued, a second connection → FD_ACCEPT in event mode only", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const w = new Watch(a, l.s, mode);
    w.select(FD_ACCEPT);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    w.expect([FD_ACCEPT]);
    w.select(FD_ACCEPT);
    // Message mode posts FD_ACCEPT again for the queued connection (it holds); event mode does not.
    w.expectByMode([], [FD_ACCEPT]);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    w.expectByMode([FD_ACCEPT], []);
  });

  it("fact 39: a connection queued before any registration → FD_ACCEPT as soon as it is selected", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    const w = new Watch(a, l.s, mode);
    w.select(FD_ACCEPT);
    w.expect([FD_ACCEPT]);
  });

  it("fact 41: registered without FD_ACCEPT, a connection arrives; re-registered with it → FD_ACCEPT", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const w = new Watch(a, l.s, mode);
    w.select(FD_READ | FD_CLOSE);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    w.nothing();
    w.select(FD_READ | FD_CLOSE | FD_ACCEPT);
    w.expect([FD_ACCEPT]);
  });

  it("fact 45: a client registered before connect gets FD_CONNECT then FD_WRITE, then nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    const w = new Watch(a, c, mode);
    w.select(ALL);
    w.nothing();
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    w.expect([FD_CONNECT, FD_WRITE]);
    w.nothing();
  });

  it("fact 46: re-registering the connected client (also after mask 0): message mode posts FD_WRITE, event mode nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    const w = new Watch(a, c, mode);
    w.select(ALL);
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    w.expect([FD_CONNECT, FD_WRITE]);
    w.select(ALL);
    w.expectByMode([], [FD_WRITE]);
    w.select(0);
    w.nothing();
    w.select(ALL);
    w.expectByMode([], [FD_WRITE]);
  });

  it("fact 47: blocking connect, then register: event mode FD_CONNECT and FD_WRITE, message mode FD_WRITE only", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const w = new Watch(a, client, mode);
    w.select(ALL);
    w.expectByMode([FD_CONNECT, FD_WRITE], [FD_WRITE]);
    w.nothing();
  });

  it("fact 48: registered without FD_CONNECT, connect → FD_WRITE; with FD_CONNECT again → FD_CONNECT (event) or FD_WRITE (message)", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    const w = new Watch(a, c, mode);
    w.select(ALL & ~FD_CONNECT);
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    w.expect([FD_WRITE]);
    w.select(ALL);
    w.expectByMode([FD_CONNECT], [FD_WRITE]);
  });

  it("fact 49: unbound UDP: event mode nothing, message mode FD_WRITE; connect: FD_CONNECT and FD_WRITE (event), FD_WRITE (message)", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const w = new Watch(a, u, mode);
    w.select(ALL);
    w.expectByMode([], [FD_WRITE]);
    expect(a.connect(u, sockaddr("127.0.0.1:9999"), 16)).toBe(0);
    w.expectByMode([FD_CONNECT, FD_WRITE], [FD_WRITE]);
    w.nothing();
  });

  it("fact 50: a connected socket registered → FD_WRITE once; a successful send and the peer's recv → nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_WRITE);
    w.expect([FD_WRITE]);
    w.nothing();
    w.select(FD_WRITE);
    w.expectByMode([], [FD_WRITE]);
    sendText(a, server, "hello");
    w.nothing();
    expect(recvText(a, client, 5)).toBe("hello");
    w.nothing();
  });

  it("fact 51: FD_WRITE comes back once a send failed with WSAEWOULDBLOCK and the peer drained", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setInt(a, server, SO_SNDBUF, 100);
    const w = new Watch(a, server, mode);
    w.select(FD_WRITE);
    w.expect([FD_WRITE]);
    // The client does not read: its 64 KiB window fills, then SO_SNDBUF (NET-BUFFERS).
    let sent = 0;
    for (let i = 0; i < 40; i++) {
      const r = a.send(server, new Uint8Array(4096), 4096, 0);
      if (r === SOCKET_ERROR) break;
      sent += r as number;
    }
    expect(a.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
    expect(sent).toBeGreaterThan(65536);
    w.nothing();
    while (sent > 0) {
      const r = a.recv(client, new Uint8Array(16384), 16384, 0) as number;
      expect(r).toBeGreaterThan(0);
      sent -= r;
    }
    w.expect([FD_WRITE]);
    w.select(FD_WRITE);
    w.expectByMode([], [FD_WRITE]);
  });

  it("fact 52: after a send, registered without FD_WRITE → FD_CONNECT (event) or nothing (message); with FD_WRITE → FD_WRITE", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    expect(a.ioctlsocket(client, FIONBIO, { value: 1 })).toBe(0);
    sendText(a, client, "x");
    const w = new Watch(a, client, mode);
    w.select(ALL & ~FD_WRITE);
    w.expectByMode([FD_CONNECT], []);
    w.select(ALL);
    w.expect([FD_WRITE]);
  });

  it("facts 54-56: FD_READ once; re-registering; more data; recv that leaves data → FD_READ again", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_READ);
    w.nothing();
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    w.nothing();
    // Fact 54: message mode posts FD_READ again (data still pending), event mode does not.
    w.select(FD_READ);
    w.expectByMode([], [FD_READ]);
    // Fact 55: more data with no recv in between: event mode FD_READ, message mode nothing.
    sendText(a, client, "de");
    w.expectByMode([FD_READ], []);
    // Fact 56: one byte at a time: FD_READ after each recv except the one that empties the queue.
    for (const ch of "abcd") {
      expect(recvText(a, server, 1)).toBe(ch);
      w.expect([FD_READ]);
    }
    expect(recvText(a, server, 1)).toBe("e");
    w.nothing();
  });

  it("fact 57: recv with len -1 fails with WSAEFAULT; message mode posts FD_READ again, event mode does not", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_READ);
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    expectError(a, a.recv(server, new Uint8Array(4), -1, 0), E.WSAEFAULT);
    w.expectByMode([], [FD_READ]);
  });

  it("fact 58: data arriving while the mask is 0 is reported when FD_READ is selected again, unless recv took it", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_READ);
    w.select(0);
    sendText(a, client, "abc");
    w.nothing();
    w.select(FD_READ);
    w.expect([FD_READ]);
    expect(recvText(a, server)).toBe("abc");
    w.nothing();
    w.select(0);
    sendText(a, client, "de");
    expect(recvText(a, server)).toBe("de");
    w.select(FD_READ);
    w.nothing();
  });

  it("fact 61: FD_OOB: once; on re-registration; a second byte; recv(MSG_OOB) with another pending; sent while masked", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_OOB | FD_READ);
    sendText(a, client, "a", MSG_OOB);
    w.expect([FD_OOB]);
    w.nothing();
    w.select(FD_OOB | FD_READ);
    w.expectByMode([], [FD_OOB]);
    sendText(a, client, "b", MSG_OOB);
    w.expectByMode([FD_OOB], []);
    expect(recvText(a, server, 1, MSG_OOB)).toBe("a");
    w.expect([FD_OOB]);
    expect(recvText(a, server, 1, MSG_OOB)).toBe("b");
    w.nothing();
    w.select(0);
    sendText(a, client, "c", MSG_OOB);
    w.nothing();
    w.select(FD_OOB | FD_READ);
    w.expect([FD_OOB]);
  });

  it("fact 62: the peer's graceful close → FD_CLOSE with 0; re-registering: message mode again, event mode nothing; recv 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(ALL);
    w.expect([FD_WRITE]);
    expect(a.closesocket(client)).toBe(0);
    w.expect([FD_CLOSE]);
    w.select(ALL);
    w.expectByMode(
      [],
      [FD_WRITE, FD_CLOSE].filter((e) => e === FD_CLOSE || mode === "message"),
    );
    expect(recvText(a, server)).toBe("");
    w.nothing();
  });

  it("fact 63: the peer's shutdown(SD_SEND) → FD_CLOSE; its closesocket afterwards → nothing more", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_CLOSE | FD_READ);
    expect(a.shutdown(client, SD_SEND)).toBe(0);
    w.expect([FD_CLOSE]);
    expect(a.closesocket(client)).toBe(0);
    w.nothing();
  });

  it("fact 64: the peer's SD_RECEIVE and the local SD_BOTH → nothing; the peer's SD_SEND later → FD_CLOSE", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_CLOSE | FD_READ);
    expect(a.shutdown(client, SD_RECEIVE)).toBe(0);
    expect(a.shutdown(server, SD_BOTH)).toBe(0);
    w.nothing();
    expect(a.shutdown(client, SD_SEND)).toBe(0);
    w.expect([FD_CLOSE]);
  });

  it("fact 66: the peer closed before registration → FD_CLOSE on registration; closed while masked → FD_CLOSE when selected", () => {
    const { t } = world("A");
    const a = t.A!;
    const one = pair(a);
    expect(a.closesocket(one.client)).toBe(0);
    const w = new Watch(a, one.server, mode);
    w.select(FD_CLOSE);
    w.expect([FD_CLOSE]);
    const two = pair(a);
    const w2 = new Watch(a, two.server, mode);
    w2.select(FD_READ);
    expect(a.closesocket(two.client)).toBe(0);
    w2.nothing();
    w2.select(FD_READ | FD_CLOSE);
    w2.expect([FD_CLOSE]);
  });

  it("research N16: an abortive close of the peer → FD_CLOSE with WSAECONNABORTED", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_CLOSE);
    setLinger(a, client, 1, 0);
    expect(a.closesocket(client)).toBe(0);
    w.expect([FD_CLOSE], { [FD_CLOSE]: E.WSAECONNABORTED });
  });

  it("research N17: data then a graceful close → FD_READ and FD_CLOSE with the data still unread; every byte is read", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_READ | FD_CLOSE);
    sendText(a, client, "hello");
    expect(a.closesocket(client)).toBe(0);
    w.expect([FD_READ, FD_CLOSE]);
    expect(recvText(a, server, 3)).toBe("hel");
    w.expect([FD_READ]);
    expect(recvText(a, server, 5)).toBe("lo");
    w.nothing();
  });

  it("fact 68: a refused connect → FD_CONNECT with WSAECONNREFUSED; registering FD_CONNECT again → nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.closesocket(l.s)).toBe(0);
    const c = tcp(a);
    const w = new Watch(a, c, mode);
    w.select(FD_CONNECT);
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    w.nothing();
    a.Sleep(5000);
    w.expect([FD_CONNECT], { [FD_CONNECT]: E.WSAECONNREFUSED });
    w.select(FD_CONNECT);
    w.nothing();
  });

  it("fact 72: closesocket of a registered socket posts and signals nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(ALL);
    w.expect([FD_WRITE]);
    expect(a.closesocket(server)).toBe(0);
    expect(signalled(a, w.event)).toBe(false);
    expect(messages(a, w.hwnd)).toEqual([]);
  });

  it("research N13: the accepted socket inherits the listener's registration and reports FD_WRITE", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const w = new Watch(a, l.s, mode);
    w.select(FD_ACCEPT | FD_WRITE | FD_READ);
    const c = tcp(a);
    expect(a.connect(c, l.addr, 16)).toBe(0);
    w.expect([FD_ACCEPT]);
    const s = a.accept(l.s, null, null) as number;
    expect(s).not.toBe(INVALID_SOCKET);
    w.s = s;
    w.expect([FD_WRITE]);
    // Non-blocking, and registered: FIONBIO(0) is refused.
    expectError(a, a.recv(s, new Uint8Array(4), 4, 0), E.WSAEWOULDBLOCK);
    expectError(a, a.ioctlsocket(s, FIONBIO, { value: 0 }), E.WSAEINVAL);
    sendText(a, c, "x");
    w.expect([FD_READ]);
  });
});

describe("event mode only", () => {
  it("facts 30, 33, 34: enumeration writes iErrorCode only for reported bits, reports what connect recorded, resets the event", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(client, e, ALL)).toBe(0);
    expect(signalled(a, e)).toBe(true);
    const ne = enumerate(a, client, e);
    expect(ne.lNetworkEvents).toBe(FD_CONNECT | FD_WRITE);
    expect(ne.iErrorCode).toEqual([
      0xabababab,
      0,
      0xabababab,
      0xabababab,
      0,
      ...Array(5).fill(0xabababab),
    ]);
    expect(signalled(a, e)).toBe(false);
    expect(enumerate(a, client, e).lNetworkEvents).toBe(0);
    // The accepted side recorded FD_WRITE only.
    expect(a.WSAEventSelect(server, e, ALL)).toBe(0);
    expect(enumerate(a, server, e).lNetworkEvents).toBe(FD_WRITE);
    // Fact 34: enumeration resets the event given, even one that was set by hand.
    expect(a.WSASetEvent(e)).toBe(1);
    enumerate(a, server, e);
    expect(signalled(a, e)).toBe(false);
  });

  it("fact 32: enumeration reports only the current mask; the rest stays recorded; mask 0 reports nothing", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(client, e, FD_CONNECT)).toBe(0);
    expect(enumerate(a, client, e).lNetworkEvents).toBe(FD_CONNECT);
    expect(a.WSAEventSelect(client, e, 0)).toBe(0);
    expect(enumerate(a, client, e).lNetworkEvents).toBe(0);
    expect(a.WSAEventSelect(client, e, FD_WRITE)).toBe(0);
    expect(enumerate(a, client, e).lNetworkEvents).toBe(FD_WRITE);
  });

  it("fact 40: re-registering without FD_ACCEPT leaves the event signalled; after ResetEvent nothing; with FD_ACCEPT signalled at once", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(l.s, e, FD_ACCEPT)).toBe(0);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    expect(signalled(a, e)).toBe(true);
    expect(a.WSAEventSelect(l.s, e, FD_READ)).toBe(0);
    expect(signalled(a, e)).toBe(true);
    expect(a.WSAResetEvent(e)).toBe(1);
    expect(a.WSAEventSelect(l.s, e, FD_READ)).toBe(0);
    expect(signalled(a, e)).toBe(false);
    expect(a.WSAEventSelect(l.s, e, FD_ACCEPT)).toBe(0);
    expect(signalled(a, e)).toBe(true);
    expect(enumerate(a, l.s, e).lNetworkEvents).toBe(FD_ACCEPT);
  });

  it("fact 69: select and WSAPoll after FD_READ was signalled and reset do not signal the event again", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_READ)).toBe(0);
    sendText(a, client, "x");
    expect(signalled(a, e)).toBe(true);
    expect(a.WSAResetEvent(e)).toBe(1);
    const r = [server];
    expect(a.select(0, r, null, null, { tv_sec: 0, tv_usec: 0 })).toBe(1);
    const fds: WSAPOLLFD[] = [{ fd: server, events: POLLRDNORM | POLLWRNORM, revents: 0 }];
    expect(a.WSAPoll(fds, 1, 0)).toBe(1);
    expect(signalled(a, e)).toBe(false);
    // The record is untouched by the polls: enumeration still reports the FD_READ.
    expect(enumerate(a, server, e).lNetworkEvents).toBe(FD_READ);
  });

  it("fact 70 (ws2_32 form): a non-zero mask with no event is WSAEINVAL; mask 0 with no event cancels", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expectError(a, a.WSAEventSelect(server, 0, FD_ALL_EVENTS), E.WSAEINVAL);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_READ)).toBe(0);
    expect(a.WSAEventSelect(server, 0, 0)).toBe(0);
    sendText(a, client, "x");
    expect(signalled(a, e)).toBe(false);
  });
});

describe("a registration through a duplicated descriptor (fact 74: not tested by Wine; rule EVT-ONE-REGISTRATION)", () => {
  it("B's FD_WRITE registration on its duplicate replaces A's FD_READ: the data signals nothing for A", async () => {
    const { duplicate } = await import("./helpers.js");
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a);
    const dup = duplicate(a, server, b);
    const ea = a.WSACreateEvent();
    const eb = b.WSACreateEvent();
    expect(a.WSAEventSelect(server, ea, FD_READ)).toBe(0);
    expect(b.WSAEventSelect(dup, eb, FD_WRITE)).toBe(0);
    sendText(a, client, "data");
    expect(signalled(a, ea)).toBe(false);
    expect(enumerate(b, dup, eb).lNetworkEvents).toBe(FD_WRITE);
    // A's enumeration reads the same record, under B's mask: nothing more.
    expect(enumerate(a, server, ea).lNetworkEvents).toBe(0);
    // The data is still there: selecting FD_READ again (anywhere) reports it.
    expect(a.WSAEventSelect(server, ea, FD_READ)).toBe(0);
    expect(signalled(a, ea)).toBe(true);
    expect(signalled(b, eb)).toBe(false);
  });

  it("a WSAAsyncSelect through the duplicate replaces a WSAEventSelect, and WSAEventSelect replaces it back", async () => {
    const { duplicate } = await import("./helpers.js");
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a);
    const dup = duplicate(a, server, b);
    const ea = a.WSACreateEvent();
    const hwnd = b.CreateWindow();
    expect(a.WSAEventSelect(server, ea, FD_READ)).toBe(0);
    expect(b.WSAAsyncSelect(dup, hwnd, 0x401, FD_READ)).toBe(0);
    sendText(a, client, "x");
    expect(signalled(a, ea)).toBe(false);
    expect(messages(b, hwnd)).toEqual([{ message: 0x401, wParam: dup, event: FD_READ, error: 0 }]);
    expect(a.WSAEventSelect(server, ea, FD_READ)).toBe(0);
    sendText(a, client, "y");
    expect(messages(b, hwnd)).toEqual([]);
    expect(signalled(a, ea)).toBe(true);
  });

  it("EVT-SHARED-CLOSE: closing the registering descriptor, not the last, keeps the registration", async () => {
    const { duplicate } = await import("./helpers.js");
    const { t } = world("A", "B");
    const a = t.A!;
    const b = t.B!;
    const { client, server } = pair(a);
    const dup = duplicate(a, server, b);
    const eb = b.WSACreateEvent();
    expect(b.WSAEventSelect(dup, eb, FD_READ)).toBe(0);
    expect(b.closesocket(dup)).toBe(0);
    expect(signalled(b, eb)).toBe(false);
    sendText(a, client, "x");
    expect(signalled(b, eb)).toBe(true);
    // FIONBIO(0) through A's descriptor is still refused: the registration is in force.
    expectError(a, a.ioctlsocket(server, FIONBIO, { value: 0 }), E.WSAEINVAL);
  });
});
