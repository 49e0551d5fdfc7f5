/**
 * WSAWaitForMultipleEvents, select and WSAPoll (src/kernel/calls/waits.ts), written to kill the
 * mutants that survived the mutation run of src/kernel/calls/ (docs/mutation/calls-waits-events.md).
 * Each test states what a Winsock program observes: the value returned, the sets and revents
 * written back, whether the thread stays blocked, and the rules the call cites. The file sits
 * under test/kernel/ so that phase 2 of mutation testing (the attempts and timeout actions
 * registered while waits.ts loads) runs it too.
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  kernel,
  POLLERR,
  POLLNVAL,
  POLLRDNORM,
  POLLWRNORM,
  SOCKET_ERROR,
  type WinsockThread,
  WSA_ERRORS,
  WSA_INFINITE,
  WSA_INVALID_HANDLE,
  WSA_INVALID_PARAMETER,
  WSA_WAIT_EVENT_0,
  WSA_WAIT_FAILED,
  WSA_WAIT_TIMEOUT,
  type WSAPOLLFD,
} from "../../../src/index.js";
import { lookupHandle } from "../../../src/kernel/handles.js";
import { expectError, listener, pair, sendText, tcp, udp, world } from "../../events/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const E = WSA_ERRORS;
const NOW = { tv_sec: 0, tv_usec: 0 };

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

/** Whether `t` is still blocked in a call (the kernel has not finished it). */
function stillBlocked(t: WinsockThread): boolean {
  const thread = kernel.findProcess(t.sim.state, t.pid)?.threads[t.tid];
  return thread?.pending !== null && thread?.pending !== undefined;
}

/** A handle WSADuplicateSocket placed in `to`'s process for `s`, which `to` has not claimed. */
function unclaimed(from: WinsockThread, s: number, to: WinsockThread): number {
  expect(from.WSADuplicateSocketW(s, to.pid, new Uint8Array(628))).toBe(0);
  const process = kernel.findProcess(to.sim.state, to.pid)!;
  for (let h = 4; h < 0x1000; h += 4) {
    const entry = lookupHandle(process, h);
    if (entry?.kind === "socket" && entry.pendingDuplication !== null) return h;
  }
  throw new Error("no unclaimed handle");
}

describe("WSAWaitForMultipleEvents (rule EVT-WAIT)", () => {
  it("reads only the first cEvents handles: a signalled or bogus handle after them is not looked at", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const f = a.WSACreateEvent();
    expect(a.WSASetEvent(f)).toBe(1);
    // Wait any: f is beyond the count, so nothing is signalled.
    expect(a.WSAWaitForMultipleEvents(1, [e, f], false, 0, false)).toBe(WSA_WAIT_TIMEOUT);
    expectCited(a, ["EVT-WAIT"]);
    // Wait all: only f counts, and it is signalled.
    expect(a.WSAWaitForMultipleEvents(1, [f, e], true, 0, false)).toBe(WSA_WAIT_EVENT_0);
    // A value that is no handle beyond the count is not checked.
    expect(a.WSAWaitForMultipleEvents(1, [f, 0x7ffc], false, 0, false)).toBe(WSA_WAIT_EVENT_0);
    expect(a.WSAWaitForMultipleEvents(1, [f, f], true, 0, false)).toBe(WSA_WAIT_EVENT_0);
  });

  it("an array shorter than cEvents cannot be read whole: WSA_INVALID_PARAMETER, as for no array", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    expect(a.WSASetEvent(e)).toBe(1);
    expect(a.WSAWaitForMultipleEvents(2, [e], false, 0, false)).toBe(WSA_WAIT_FAILED);
    expect(a.WSAGetLastError()).toBe(WSA_INVALID_PARAMETER);
    expectCited(a, ["EVT-WAIT"]);
  });

  it("each failure cites EVT-WAIT: a bad count, no array, a handle that is no event, a duplicate in a wait-all", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const s = tcp(a);
    for (const [count, list, all, error] of [
      [0, [e], false, WSA_INVALID_PARAMETER],
      [1, null, false, WSA_INVALID_PARAMETER],
      [1, [s], false, WSA_INVALID_HANDLE],
      [2, [e, e], true, WSA_INVALID_PARAMETER],
    ] as const) {
      expect(a.WSAWaitForMultipleEvents(count, list, all, 0, false)).toBe(WSA_WAIT_FAILED);
      expect(a.WSAGetLastError()).toBe(error);
      expectCited(a, ["EVT-WAIT"]);
    }
  });

  it("WSA_INFINITE never times out: with no other timer the wait stays blocked", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const start = sim.state.clock;
    expect(a.WSAWaitForMultipleEvents(1, [e], false, WSA_INFINITE, false)).toBe(BLOCKED);
    expect(a.await()).toBe(BLOCKED);
    expect(sim.state.clock).toBe(start);
    const other = sim.process("A").createThread();
    expect(other.WSASetEvent(e)).toBe(1);
    expect(a.await()).toBe(WSA_WAIT_EVENT_0);
  });

  it("a wait woken by another thread returns the lowest signalled index and cites EVT-WAIT", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const events = [a.WSACreateEvent(), a.WSACreateEvent(), a.WSACreateEvent()];
    const other = sim.process("A").createThread();
    expect(a.WSAWaitForMultipleEvents(3, events, false, 5000, false)).toBe(BLOCKED);
    expectCited(a, ["EVT-WAIT"]);
    // A change to the handle table that signals nothing leaves the wait blocked.
    other.WSACreateEvent();
    expect(stillBlocked(a)).toBe(true);
    expect(other.WSASetEvent(events[2]!)).toBe(1);
    expect(a.await()).toBe(WSA_WAIT_EVENT_0 + 2);
  });

  it("a timed wait that nothing signals returns WSA_WAIT_TIMEOUT at its deadline", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const start = sim.state.clock;
    expect(a.WSAWaitForMultipleEvents(1, [e], false, 250, false)).toBe(BLOCKED);
    expect(a.await()).toBe(WSA_WAIT_TIMEOUT);
    expect(sim.state.clock).toBe(start + 250);
  });

  it("WSACloseEvent of an event another thread waits on succeeds (CloseHandle; EVENT-CLOSE-HANDLE)", () => {
    // What the wait then does is undefined (WaitForMultipleObjects page); closing must work.
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const f = a.WSACreateEvent();
    const other = sim.process("A").createThread();
    expect(a.WSAWaitForMultipleEvents(2, [e, f], false, 100, false)).toBe(BLOCKED);
    expect(other.WSACloseEvent(e)).toBe(1);
    expect([WSA_WAIT_TIMEOUT, WSA_WAIT_FAILED, WSA_WAIT_EVENT_0 + 1]).toContain(a.await());
  });
});

describe("select (rules SEL-SELECT, SEL-CLOSED)", () => {
  it("a socket in exceptfds alone, open and idle, is no error: 0 at once, or a wait", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const x = [client];
    expect(a.select(0, null, null, x, NOW)).toBe(0);
    expect(x).toEqual([]);
    // Waiting, it stays blocked until something is ready.
    const other = sim.process("A").createThread();
    const r2 = [client];
    const x2 = [client];
    expect(other.select(0, r2, null, x2, null)).toBe(BLOCKED);
    sendText(a, server, "x");
    expect(other.await()).toBe(1);
    expect([r2, x2]).toEqual([[client], []]);
    expect(a.select(0, null, null, [server], { tv_sec: 1, tv_usec: 0 })).toBe(BLOCKED);
    expect(a.await()).toBe(0);
  });

  it("the timeout rewrites every set passed to empty", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const fresh = tcp(a); // never connected: not writable
    const r = [client, server];
    const w = [fresh];
    const x = [client, server];
    expect(a.select(0, r, w, x, { tv_sec: 1, tv_usec: 0 })).toBe(BLOCKED);
    expectCited(a, ["SEL-SELECT"]);
    expect(a.await()).toBe(0);
    expect([r, w, x]).toEqual([[], [], []]);
  });

  it("a zero timeout with nothing ready rewrites every set passed to empty", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const fresh = tcp(a);
    const r = [client];
    const w = [fresh];
    const x = [client];
    expect(a.select(0, r, w, x, NOW)).toBe(0);
    expect([r, w, x]).toEqual([[], [], []]);
    expectCited(a, ["SEL-SELECT"]);
  });

  it("a blocked select woken by data returns the ready socket and cites SEL-SELECT", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const other = sim.process("A").createThread();
    const r = [server];
    expect(other.select(0, r, null, null, null)).toBe(BLOCKED);
    expectCited(other, ["SEL-SELECT"]);
    // A change to sockets that makes none of them ready leaves it blocked.
    udp(a);
    expect(stillBlocked(other)).toBe(true);
    sendText(a, client, "x");
    expect(other.await()).toBe(1);
    expect(r).toEqual([server]);
  });

  it("the failures cite SEL-SELECT: every set empty (WSAEINVAL), an entry that is no socket (WSAENOTSOCK)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    expectError(a, a.select(0, [], null, null, NOW), E.WSAEINVAL);
    expectCited(a, ["SEL-SELECT"]);
    const e = a.WSACreateEvent();
    expectError(a, a.select(0, [client, e], null, null, NOW), E.WSAENOTSOCK);
    expectCited(a, ["SEL-SELECT"]);
  });

  it("a handle WSADuplicateSocket placed and WSASocket has not claimed is no socket: WSAENOTSOCK, sets unchanged (HANDLE-KIND)", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(a);
    const h = unclaimed(a, server, b);
    const w = [h];
    expectError(b, b.select(0, null, w, null, NOW), E.WSAENOTSOCK);
    expect(w).toEqual([h]);
  });

  it("a socket only in exceptfds closed under a waiting select: WSAENOTSOCK citing SEL-CLOSED", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const other = sim.process("A").createThread();
    const { client } = pair(a);
    const x = [client];
    expect(other.select(0, null, null, x, null)).toBe(BLOCKED);
    expect(a.closesocket(client)).toBe(0);
    expectError(other, other.await(), E.WSAENOTSOCK);
    expectCited(other, ["SEL-CLOSED"]);
    expect(x).toEqual([]);
  });

  it("closing a socket that a select waits on in writefds succeeds, and the select keeps working", () => {
    // No observed fact says what select reports for it; closesocket must succeed.
    const { sim, t } = world("A");
    const a = t.A!;
    const other = sim.process("A").createThread();
    const fresh = tcp(a); // not writable: the select blocks
    const { client, server } = pair(a);
    const r = [server];
    expect(other.select(0, r, [fresh], null, { tv_sec: 1, tv_usec: 0 })).toBe(BLOCKED);
    expect(a.closesocket(fresh)).toBe(0);
    if (stillBlocked(other)) sendText(a, client, "x");
    const ret = other.await();
    expect(ret === SOCKET_ERROR || (typeof ret === "number" && ret >= 0)).toBe(true);
  });
});

describe("WSAPoll (rule SEL-POLL)", () => {
  const entries = (...list: [number, number][]): WSAPOLLFD[] =>
    list.map(([fd, events]) => ({ fd, events, revents: 0xdead }));

  it("reads only the first nfds entries: a bad flag or a bogus handle after them is not looked at", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const fds = entries([client, POLLWRNORM], [client, POLLERR], [0xabacab, POLLRDNORM]);
    expect(a.WSAPoll(fds, 1, 0)).toBe(1);
    expect(fds.map((f) => f.revents)).toEqual([POLLWRNORM, 0xdead, 0xdead]);
    expectCited(a, ["SEL-POLL"]);
  });

  it("an array shorter than nfds, or a negative nfds, is WSAEFAULT citing SEL-POLL", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    for (const n of [2, -1]) {
      const fds = entries([client, POLLWRNORM]);
      expectError(a, a.WSAPoll(fds, n, 0), E.WSAEFAULT);
      expectCited(a, ["SEL-POLL"]);
      expect(fds[0]!.revents).toBe(0xdead);
    }
  });

  it("nfds 0 with an array is WSAEINVAL citing SEL-POLL, as (NULL, 0) is", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const fds = entries([client, POLLWRNORM]);
    expectError(a, a.WSAPoll(fds, 0, 0), E.WSAEINVAL);
    expectCited(a, ["SEL-POLL"]);
    expect(fds[0]!.revents).toBe(0xdead);
    expectError(a, a.WSAPoll(null, 0, 0), E.WSAEINVAL);
    expectCited(a, ["SEL-POLL"]);
    expectError(a, a.WSAPoll(null, 1, 0), E.WSAEFAULT);
    expectCited(a, ["SEL-POLL"]);
  });

  it("one entry with a flag that may not be requested fails the call, though the others are fine (WSAEINVAL, SEL-POLL)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const fds = entries([client, POLLWRNORM], [server, POLLRDNORM | POLLERR], [client, POLLRDNORM]);
    expectError(a, a.WSAPoll(fds, 3, 0), E.WSAEINVAL);
    expectCited(a, ["SEL-POLL"]);
    expect(fds.map((f) => f.revents)).toEqual([0, 0, 0]);
  });

  it("fd 0 is not negative, so its flags are checked (WSAEINVAL); 2^63 and above are negative as an INT_PTR and ignored (SEL-POLL)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    // 0 is no socket, but not negative: POLLERR may not be requested on it.
    const zero = entries([client, POLLWRNORM], [0, POLLERR]);
    expectError(a, a.WSAPoll(zero, 2, 0), E.WSAEINVAL);
    expectCited(a, ["SEL-POLL"]);
    expect(zero.map((f) => f.revents)).toEqual([0, 0]);
    // A SOCKET from 2^63 up is negative as an INT_PTR (64-bit Windows), like -1: its flags are
    // not checked, and the call goes on as fact 119's [-1 POLLERR, listener POLLIN] does.
    for (const fd of [2 ** 63, 2 ** 64 - 2 ** 11]) {
      const fds = entries([client, POLLWRNORM], [fd, POLLERR]);
      expect(a.WSAPoll(fds, 2, 0)).toBe(1);
      expectCited(a, ["SEL-POLL"]);
      expect(fds.map((f) => f.revents)).toEqual([POLLWRNORM, POLLNVAL]);
    }
  });

  it("no entry a socket is WSAENOTSOCK citing SEL-POLL", () => {
    const { t } = world("A");
    const a = t.A!;
    const fds = entries([-1, POLLRDNORM], [a.WSACreateEvent(), POLLRDNORM]);
    expectError(a, a.WSAPoll(fds, 2, 0), E.WSAENOTSOCK);
    expectCited(a, ["SEL-POLL"]);
    expect(fds.map((f) => f.revents)).toEqual([POLLNVAL, POLLNVAL]);
  });

  it("an unclaimed duplicated handle is no socket: POLLNVAL, not counted (HANDLE-KIND)", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(a);
    const h = unclaimed(a, server, b);
    const own = udp(b);
    const fds = entries([own, POLLWRNORM], [h, POLLWRNORM]);
    expect(b.WSAPoll(fds, 2, 0)).toBe(1);
    expect(fds.map((f) => f.revents)).toEqual([POLLWRNORM, POLLNVAL]);
    // Alone, it makes the call fail: no entry is a socket.
    const alone = entries([h, POLLWRNORM]);
    expectError(b, b.WSAPoll(alone, 1, 0), E.WSAENOTSOCK);
  });

  it("a blocked WSAPoll stays blocked through changes that make nothing ready, then returns what is", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const l = listener(a);
    const other = sim.process("A").createThread();
    const fds = entries([server, POLLRDNORM], [l.s, POLLRDNORM]);
    expect(other.WSAPoll(fds, 2, -1)).toBe(BLOCKED);
    expectCited(other, ["SEL-POLL"]);
    udp(a);
    sendText(a, server, "to the client");
    expect(stillBlocked(other)).toBe(true);
    sendText(a, client, "x");
    expect(other.await()).toBe(1);
    expect(fds.map((f) => f.revents)).toEqual([POLLRDNORM, 0]);
  });

  it("a WSAPoll that times out returns 0 with every revents 0", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const fds = entries([client, POLLRDNORM], [client, POLLRDNORM]);
    const start = sim.state.clock;
    expect(a.WSAPoll(fds, 2, 300)).toBe(BLOCKED);
    expect(a.await()).toBe(0);
    expect(sim.state.clock).toBe(start + 300);
    expect(fds.map((f) => f.revents)).toEqual([0, 0]);
  });
});
