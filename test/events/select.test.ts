/**
 * select and WSAPoll: observed facts 75-79, 82 and 103-119 that the simulator can reproduce, and
 * every error of both calls (rules SEL-SELECT, SEL-CLOSED, SEL-POLL, SEL-AGREE).
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  INVALID_POINTER,
  INVALID_SOCKET,
  MSG_OOB,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLPRI,
  POLLRDBAND,
  POLLRDNORM,
  POLLWRBAND,
  POLLWRNORM,
  SD_SEND,
  SO_ERROR,
  SO_OOBINLINE,
  SO_SNDBUF,
  SOCKET_ERROR,
  WSA_ERRORS,
  type WSAPOLLFD,
} from "../../src/index.js";
import {
  expectError,
  FIONBIO,
  getInt,
  listener,
  pair,
  recvText,
  sendText,
  setInt,
  setLinger,
  tcp,
  udp,
  world,
} from "./helpers.js";

const E = WSA_ERRORS;
const NOW = { tv_sec: 0, tv_usec: 0 };
const ASK = POLLRDNORM | POLLRDBAND | POLLWRNORM;

function poll(t: Parameters<typeof expectError>[0], fds: number[], events = ASK) {
  const arr: WSAPOLLFD[] = fds.map((fd) => ({ fd, events, revents: -1 }));
  const ret = t.WSAPoll(arr, arr.length, 0);
  return { ret, revents: arr.map((f) => f.revents) };
}

describe("select errors", () => {
  it("fact 103: every set NULL, or every set empty, is WSAEINVAL", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.select(0, null, null, null, NOW), E.WSAEINVAL);
    expectError(a, a.select(0, [], [], [], NOW), E.WSAEINVAL);
    expectError(a, a.select(0, [], null, [], null), E.WSAEINVAL);
  });

  it("facts 104, 105, 82: INVALID_SOCKET, a non-socket handle or a closed descriptor is WSAENOTSOCK with the sets unchanged", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const e = a.WSACreateEvent();
    const closed = tcp(a);
    expect(a.closesocket(closed)).toBe(0);
    for (const bad of [INVALID_SOCKET, e, closed]) {
      for (const which of [0, 1, 2]) {
        const sets: (number[] | null)[] = [[client], [client], [client]];
        (sets[which] as number[]).push(bad);
        const copy = sets.map((s) => [...(s as number[])]);
        expectError(a, a.select(0, sets[0]!, sets[1]!, sets[2]!, NOW), E.WSAENOTSOCK);
        expect(sets).toEqual(copy);
      }
    }
  });

  it("the timeout: nothing ready returns 0 at once with a zero timeout, or after the virtual wait", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const r = [client];
    expect(a.select(0, r, null, null, NOW)).toBe(0);
    expect(r).toEqual([]);
    const start = sim.state.clock;
    const r2 = [client];
    expect(a.select(0, r2, null, null, { tv_sec: 2, tv_usec: 500000 })).toBe(BLOCKED);
    expect(a.await()).toBe(0);
    expect(sim.state.clock).toBe(start + 2500);
    expect(r2).toEqual([]);
  });

  it("woken by data from another thread, with only the ready socket left in the set", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const one = pair(a);
    const two = pair(a);
    const other = sim.process("A").createThread();
    const r = [one.server, two.server];
    expect(a.select(0, r, null, null, null)).toBe(BLOCKED);
    sendText(other, two.client, "x");
    expect(a.await()).toBe(1);
    expect(r).toEqual([two.server]);
  });
});

describe("select and WSAPoll on a socket closed while they wait", () => {
  it("fact 75: closing a listener wakes select with 1; the handle is then no socket", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const other = sim.process("A").createThread();
    const r = [l.s];
    expect(other.select(0, r, null, null, null)).toBe(BLOCKED);
    expect(a.closesocket(l.s)).toBe(0);
    expect(other.await()).toBe(1);
    expect(r).toEqual([l.s]);
    expectError(a, a.recv(l.s, new Uint8Array(1), 1, 2), E.WSAENOTSOCK);
  });

  it("facts 76, 77: in readfds and exceptfds → 1 with the socket readable; only in exceptfds → WSAENOTSOCK, not set", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const other = sim.process("A").createThread();
    const one = pair(a);
    const r = [one.client];
    const x = [one.client];
    expect(other.select(0, r, null, x, null)).toBe(BLOCKED);
    expect(a.closesocket(one.client)).toBe(0);
    expect(other.await()).toBe(1);
    expect(r).toEqual([one.client]);
    expect(x).toEqual([]);
    const two = pair(a);
    const x2 = [two.client];
    expect(other.select(0, null, null, x2, null)).toBe(BLOCKED);
    expect(a.closesocket(two.client)).toBe(0);
    expectError(other, other.await(), E.WSAENOTSOCK);
    // Windows: !FD_ISSET(fdWrite, &exceptfds) (test_select); the set comes back empty.
    expect(x2).toEqual([]);
  });

  it("fact 77: the failed wait empties every set, also one holding other sockets; a failure at the call writes none (fact 82)", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const other = sim.process("A").createThread();
    const l = listener(a);
    const one = pair(a);
    const fresh = tcp(a); // never connected: not writable
    const r = [l.s, one.server]; // idle, and made readable by the close's FIN
    const w = [fresh];
    const x = [one.server, one.client];
    expect(other.select(0, r, w, x, null)).toBe(BLOCKED);
    expect(a.closesocket(one.client)).toBe(0);
    expectError(other, other.await(), E.WSAENOTSOCK);
    expect([r, w, x]).toEqual([[], [], []]);
    // At the call, a descriptor already closed fails with the sets as passed.
    const x2 = [one.client];
    expectError(a, a.select(0, [l.s], null, x2, NOW), E.WSAENOTSOCK);
    expect(x2).toEqual([one.client]);
  });

  it("fact 78: closing a listener wakes a blocked accept with INVALID_SOCKET", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const other = sim.process("A").createThread();
    expect(other.accept(l.s, null, null)).toBe(BLOCKED);
    expect(a.closesocket(l.s)).toBe(0);
    expect(other.await()).toBe(INVALID_SOCKET);
  });

  it("fact 79: closing a socket under WSAPoll → 1 with POLLNVAL", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const other = sim.process("A").createThread();
    const fds: WSAPOLLFD[] = [{ fd: client, events: POLLRDNORM, revents: -1 }];
    expect(other.WSAPoll(fds, 1, -1)).toBe(BLOCKED);
    expect(a.closesocket(client)).toBe(0);
    expect(other.await()).toBe(1);
    expect(fds[0]!.revents).toBe(POLLNVAL);
  });
});

describe("what select and WSAPoll report", () => {
  it("fact 85: after a reset: POLLERR|POLLHUP|POLLWRNORM; readable and writable, not in exceptfds", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, server, 1, 0);
    expect(a.closesocket(server)).toBe(0);
    expect(poll(a, [client]).revents).toEqual([POLLERR | POLLHUP | POLLWRNORM]);
    const r = [client];
    const w = [client];
    const x = [client];
    expect(a.select(0, r, w, x, NOW)).toBe(2);
    expect([r, w, x]).toEqual([[client], [client], []]);
    expect(a.select(0, null, null, [client], NOW)).toBe(0);
    expect(getInt(a, client, SO_ERROR)).toBe(0);
  });

  it("fact 96: after the peer's FIN: POLLHUP even with events 0, with data POLLRDNORM too", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, server, "x");
    expect(a.shutdown(server, SD_SEND)).toBe(0);
    expect(poll(a, [client]).revents).toEqual([POLLRDNORM | POLLWRNORM | POLLHUP]);
    expect(poll(a, [client], 0)).toEqual({ ret: 1, revents: [POLLHUP] });
  });

  it("fact 110: more than FD_SETSIZE sockets: all 200 counted, order kept", () => {
    const { t } = world("A");
    const a = t.A!;
    const sockets = Array.from({ length: 200 }, () => udp(a));
    const w = [...sockets];
    expect(a.select(0, null, w, null, NOW)).toBe(200);
    expect(w).toEqual(sockets);
  });

  it("fact 112: a completed non-blocking connect is writable, the accepted socket too, SO_ERROR 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    expect(a.ioctlsocket(c, FIONBIO, { value: 1 })).toBe(0);
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    const s = a.accept(l.s, null, null) as number;
    const w = [c, s];
    expect(a.select(0, null, w, null, NOW)).toBe(2);
    expect(w).toEqual([c, s]);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
  });

  it("fact 113 and N22: data → readable only; OOB → exceptfds only; with SO_OOBINLINE → readable, recv(MSG_OOB) WSAEINVAL", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, server, "d");
    let r = [client];
    let x = [client];
    expect(a.select(0, r, null, x, NOW)).toBe(1);
    expect([r, x]).toEqual([[client], []]);
    expect(recvText(a, client)).toBe("d");
    sendText(a, server, "A", MSG_OOB);
    r = [client];
    x = [client];
    expect(a.select(0, r, null, x, NOW)).toBe(1);
    expect([r, x]).toEqual([[], [client]]);
    expect(poll(a, [client]).revents).toEqual([POLLRDBAND | POLLWRNORM]);
    expect(recvText(a, client, 1, MSG_OOB)).toBe("A");
    setInt(a, client, SO_OOBINLINE, 1);
    sendText(a, server, "B", MSG_OOB);
    r = [client];
    x = [client];
    expect(a.select(0, r, null, x, NOW)).toBe(1);
    expect([r, x]).toEqual([[client], []]);
    expect(poll(a, [client]).revents).toEqual([POLLRDNORM | POLLWRNORM]);
    expectError(a, a.recv(client, new Uint8Array(1), 1, MSG_OOB), E.WSAEINVAL);
    expect(recvText(a, client)).toBe("B");
  });

  it("fact 114 and 88: the peer's close → readable; recv 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.closesocket(server)).toBe(0);
    const r = [client];
    expect(a.select(0, r, null, null, NOW)).toBe(1);
    expect(recvText(a, client)).toBe("");
  });

  it("facts 116, 117 and N25: a refused connect → exceptfds, not writable; POLLWRNORM|POLLHUP|POLLERR; listen then works", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.closesocket(l.s)).toBe(0);
    // Blocking: WSAECONNREFUSED, SO_ERROR 0 (fact 117).
    const b = tcp(a);
    expect(a.connect(b, l.addr, 16)).toBe(BLOCKED);
    expectError(a, a.await(), E.WSAECONNREFUSED);
    expect(getInt(a, b, SO_ERROR)).toBe(0);
    expect(a.select(0, null, [b], null, NOW)).toBe(0);
    const x = [b];
    expect(a.select(0, null, null, x, NOW)).toBe(1);
    // Non-blocking: SO_ERROR WSAECONNREFUSED (N25).
    const c = tcp(a);
    expect(a.ioctlsocket(c, FIONBIO, { value: 1 })).toBe(0);
    expectError(a, a.connect(c, l.addr, 16), E.WSAEWOULDBLOCK);
    a.Sleep(5000);
    expect(poll(a, [c]).revents).toEqual([POLLWRNORM | POLLHUP | POLLERR]);
    expect(getInt(a, c, SO_ERROR)).toBe(E.WSAECONNREFUSED);
    // Fact 116: listen on it succeeds; exceptfds is still set.
    expect(a.listen(c, 5)).toBe(0);
    expect(a.select(0, null, null, [c], NOW)).toBe(1);
  });

  it("fact 118: nfds is ignored; a full send buffer is not writable", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    setInt(a, client, SO_SNDBUF, 10);
    expect(a.ioctlsocket(client, FIONBIO, { value: 1 })).toBe(0);
    expect(a.select(12345, null, [client], null, NOW)).toBe(1);
    // The server never reads: its 64 KiB window fills, then SO_SNDBUF (NET-BUFFERS).
    let ret: number | typeof BLOCKED = 0;
    for (let i = 0; i < 40 && ret !== SOCKET_ERROR; i++)
      ret = a.send(client, new Uint8Array(4096), 4096, 0);
    expect(ret).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
    expect(a.select(-7, null, [client], null, NOW)).toBe(0);
    expect(poll(a, [client]).revents).toEqual([0]);
  });
});

describe("WSAPoll", () => {
  it("fact 119: (NULL, 0) is WSAEINVAL, (NULL, 1) WSAEFAULT, an unreadable array WSAEFAULT", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.WSAPoll(null, 0, 0), E.WSAEINVAL);
    expectError(a, a.WSAPoll(null, 1, 0), E.WSAEFAULT);
    expectError(a, a.WSAPoll(INVALID_POINTER, 1, 0), E.WSAEFAULT);
  });

  it("fact 119: a requested POLLERR, POLLHUP, POLLNVAL, POLLPRI or POLLWRBAND is WSAEINVAL, revents 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    for (const flag of [POLLERR, POLLHUP, POLLNVAL, POLLPRI, POLLWRBAND]) {
      const fds: WSAPOLLFD[] = [{ fd: client, events: POLLRDNORM | flag, revents: -1 }];
      expectError(a, a.WSAPoll(fds, 1, 0), E.WSAEINVAL);
      // Windows writes revents 0 on this failure (test_WSAPoll: 0xdead comes back 0).
      expect(fds[0]!.revents).toBe(0);
    }
    // POLLIN is POLLRDNORM|POLLRDBAND: allowed.
    expect(a.WSAPoll([{ fd: client, events: POLLIN, revents: 0 }], 1, 0)).toBe(0);
  });

  it("fact 119: fd -1 or a bogus handle → POLLNVAL, not counted; every entry invalid → WSAENOTSOCK", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const e = a.WSACreateEvent();
    const fds: WSAPOLLFD[] = [
      { fd: -1, events: POLLRDNORM, revents: 0 },
      { fd: client, events: POLLWRNORM, revents: 0 },
      { fd: e, events: POLLRDNORM, revents: 0 },
      { fd: 0x7ffc, events: POLLRDNORM, revents: 0 },
    ];
    expect(a.WSAPoll(fds, 4, 0)).toBe(1);
    expect(fds.map((f) => f.revents)).toEqual([POLLNVAL, POLLWRNORM, POLLNVAL, POLLNVAL]);
    expectError(a, a.WSAPoll([{ fd: -1, events: POLLRDNORM, revents: 0 }], 1, 0), E.WSAENOTSOCK);
  });

  it("fact 119: an entry with a negative fd is skipped before the flag check; no socket at all is WSAENOTSOCK before it", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const entries = (...list: [number, number][]): WSAPOLLFD[] =>
      list.map(([fd, events]) => ({ fd, events, revents: 0xdead }));
    // [-1, POLLERR] beside a listener: 0, last error 0, POLLNVAL on the -1 entry.
    a.WSASetLastError(1234);
    let fds = entries([-1, POLLERR], [l.s, POLLIN]);
    expect(a.WSAPoll(fds, 2, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(0);
    expect(fds.map((f) => f.revents)).toEqual([POLLNVAL, 0]);
    // No entry a socket: WSAENOTSOCK with both POLLNVAL, though both ask for POLLERR.
    fds = entries([-1, POLLERR], [0xabacab, POLLERR]);
    expectError(a, a.WSAPoll(fds, 2, 0), E.WSAENOTSOCK);
    expect(fds.map((f) => f.revents)).toEqual([POLLNVAL, POLLNVAL]);
    // A bogus handle (not negative) asking for POLLERR beside a socket: WSAEINVAL, revents 0.
    fds = entries([l.s, POLLIN], [0xabacab, POLLERR]);
    expectError(a, a.WSAPoll(fds, 2, 0), E.WSAEINVAL);
    expect(fds.map((f) => f.revents)).toEqual([0, 0]);
  });

  it("fact 119 and N26: a listener with a connection queued → POLLRDNORM only; UDP unbound → POLLWRNORM", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    expect(poll(a, [l.s]).revents).toEqual([POLLRDNORM]);
    expect(poll(a, [l.s], POLLRDBAND | POLLWRNORM)).toEqual({ ret: 0, revents: [0] });
    expect(poll(a, [udp(a)]).revents).toEqual([POLLWRNORM]);
  });

  it("a timeout on the virtual clock returns 0 with revents 0", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const fds: WSAPOLLFD[] = [{ fd: client, events: POLLRDNORM, revents: -1 }];
    const start = sim.state.clock;
    expect(a.WSAPoll(fds, 1, 700)).toBe(BLOCKED);
    expect(a.await()).toBe(0);
    expect(sim.state.clock).toBe(start + 700);
    expect(fds[0]!.revents).toBe(0);
  });
});
