/**
 * The errors of WSAEventSelect, WSAAsyncSelect, WSAEnumNetworkEvents and WSAWaitForMultipleEvents,
 * each failing call changing nothing (rules EVT-ONE-REGISTRATION, EVT-MESSAGE-MODE, EVT-ENUM,
 * EVT-WAIT).
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  FD_READ,
  FD_WRITE,
  INVALID_POINTER,
  INVALID_SOCKET,
  intRef,
  SO_TYPE,
  SOL_SOCKET,
  WSA_ERRORS,
  WSA_INFINITE,
  WSA_INVALID_HANDLE,
  WSA_INVALID_PARAMETER,
  WSA_WAIT_EVENT_0,
  WSA_WAIT_FAILED,
  WSA_WAIT_TIMEOUT,
  WSANETWORKEVENTS,
} from "../../src/index.js";
import {
  enumerate,
  expectError,
  FIONBIO,
  messages,
  pair,
  sendText,
  signalled,
  tcp,
  world,
} from "./helpers.js";

const E = WSA_ERRORS;

describe("WSAEventSelect errors", () => {
  it("a handle that is no event of the calling process is WSAEINVAL, and the old registration stays", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const { client, server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_READ)).toBe(0);
    const eb = t.B!.WSACreateEvent();
    const closed = a.WSACreateEvent();
    expect(a.WSACloseEvent(closed)).toBe(1);
    for (const bad of [0, server, closed, eb === e ? 0x7ffc : eb, 0x7ffc]) {
      expectError(a, a.WSAEventSelect(server, bad, FD_WRITE), E.WSAEINVAL);
    }
    sendText(a, client, "x");
    expect(signalled(a, e)).toBe(true);
    expect(enumerate(a, server, e).lNetworkEvents).toBe(FD_READ);
  });

  it("a descriptor that is no socket is WSAENOTSOCK; before WSAStartup WSANOTINITIALISED", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    expectError(a, a.WSAEventSelect(e, e, FD_READ), E.WSAENOTSOCK);
    const fresh = sim.createProcess("Z").main;
    expectError(fresh, fresh.WSAEventSelect(4, 0, 0), E.WSANOTINITIALISED);
  });

  it("a failed WSAEventSelect does not make the socket non-blocking", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.WSAEventSelect(s, 0, FD_READ), E.WSAEINVAL);
    // No registration in force: FIONBIO(0) is allowed.
    expect(a.ioctlsocket(s, FIONBIO, { value: 0 })).toBe(0);
  });
});

describe("WSAAsyncSelect errors", () => {
  it("an hWnd that is no window is WSAEINVAL, and the old registration stays", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const hwnd = a.CreateWindow();
    expect(a.WSAAsyncSelect(server, hwnd, 0x400, FD_READ)).toBe(0);
    for (const bad of [0, hwnd + 4, 3, server]) {
      expectError(a, a.WSAAsyncSelect(server, bad, 0x400, FD_READ | FD_WRITE), E.WSAEINVAL);
    }
    sendText(a, client, "x");
    expect(messages(a, hwnd)).toEqual([
      { message: 0x400, wParam: server, event: FD_READ, error: 0 },
    ]);
  });
});

describe("WSAEnumNetworkEvents errors", () => {
  it("a NULL lpNetworkEvents is WSAEFAULT and a bad event WSAEINVAL; neither clears the record nor resets the event", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_READ)).toBe(0);
    sendText(a, client, "x");
    expectError(a, a.WSAEnumNetworkEvents(server, e, null), E.WSAEFAULT);
    expectError(a, a.WSAEnumNetworkEvents(server, e, INVALID_POINTER), E.WSAEFAULT);
    const ne = new WSANETWORKEVENTS();
    expectError(a, a.WSAEnumNetworkEvents(server, server, ne), E.WSAEINVAL);
    expectError(a, a.WSAEnumNetworkEvents(server, 0x7ffc, ne), E.WSAEINVAL);
    expect(ne.lNetworkEvents).toBe(0);
    expect(signalled(a, e)).toBe(true);
    expect(enumerate(a, server, e).lNetworkEvents).toBe(FD_READ);
  });

  it("with no event handle it reports and clears without resetting anything", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_READ)).toBe(0);
    sendText(a, client, "x");
    expect(enumerate(a, server, 0).lNetworkEvents).toBe(FD_READ);
    expect(signalled(a, e)).toBe(true);
    expect(enumerate(a, server, e).lNetworkEvents).toBe(0);
  });

  it("a descriptor that is no socket is WSAENOTSOCK", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    expectError(a, a.WSAEnumNetworkEvents(e, e, new WSANETWORKEVENTS()), E.WSAENOTSOCK);
  });
});

describe("WSAWaitForMultipleEvents", () => {
  it("a count of 0 or 65, or no array, is WSA_INVALID_PARAMETER", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    expect(a.WSASetEvent(e)).toBe(1);
    const many = Array.from({ length: 65 }, () => e);
    for (const [count, list] of [
      [0, [e]],
      [65, many],
      [1, null],
    ] as const) {
      expect(a.WSAWaitForMultipleEvents(count, list, false, 0, false)).toBe(WSA_WAIT_FAILED);
      expect(a.WSAGetLastError()).toBe(WSA_INVALID_PARAMETER);
    }
    // 64 is allowed.
    expect(a.WSAWaitForMultipleEvents(64, many.slice(0, 64), false, 0, false)).toBe(
      WSA_WAIT_EVENT_0,
    );
  });

  it("a duplicate is WSA_INVALID_PARAMETER in a wait-all only", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const f = a.WSACreateEvent();
    expect(a.WSASetEvent(f)).toBe(1);
    expect(a.WSAWaitForMultipleEvents(3, [e, f, e], true, 0, false)).toBe(WSA_WAIT_FAILED);
    expect(a.WSAGetLastError()).toBe(WSA_INVALID_PARAMETER);
    expect(a.WSAWaitForMultipleEvents(3, [e, f, e], false, 0, false)).toBe(WSA_WAIT_EVENT_0 + 1);
  });

  it("a handle that is no event of the process is WSA_INVALID_HANDLE", () => {
    const { t } = world("A", "B");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const s = tcp(a);
    const other = t.B!.WSACreateEvent();
    for (const bad of [s, 0, 0x7ffc, other === e ? 0x7ff8 : other]) {
      expect(a.WSAWaitForMultipleEvents(2, [e, bad], false, 0, false)).toBe(WSA_WAIT_FAILED);
      expect(a.WSAGetLastError()).toBe(WSA_INVALID_HANDLE);
    }
  });

  it("times out on the virtual clock, and wakes when an event is set from another thread", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const f = a.WSACreateEvent();
    const start = sim.state.clock;
    expect(a.WSAWaitForMultipleEvents(2, [e, f], false, 1500, false)).toBe(BLOCKED);
    expect(a.await()).toBe(WSA_WAIT_TIMEOUT);
    expect(sim.state.clock).toBe(start + 1500);
    const other = sim.process("A").createThread();
    expect(a.WSAWaitForMultipleEvents(2, [e, f], true, WSA_INFINITE, false)).toBe(BLOCKED);
    expect(other.WSASetEvent(f)).toBe(1);
    expect(a.blockedIn).toBe("WSAWaitForMultipleEvents");
    expect(other.WSASetEvent(e)).toBe(1);
    expect(a.await()).toBe(WSA_WAIT_EVENT_0);
    // Waiting reset nothing (manual-reset events).
    expect(signalled(a, e)).toBe(true);
    expect(signalled(a, f)).toBe(true);
  });

  it("a network event wakes a wait on the registered event", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_READ)).toBe(0);
    const other = sim.process("A").createThread();
    expect(a.WSAWaitForMultipleEvents(1, [e], false, WSA_INFINITE, false)).toBe(BLOCKED);
    sendText(other, client, "x");
    expect(a.await()).toBe(WSA_WAIT_EVENT_0);
  });
});

describe("event objects and the pseudo handles", () => {
  it("WSACloseEvent of (HANDLE)-1 or -2 is TRUE, closes nothing and keeps the last error", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const s = tcp(a);
    // INVALID_SOCKET is (HANDLE)-1 on x64, GetCurrentProcess(); -2 is GetCurrentThread().
    for (const pseudo of [INVALID_SOCKET, -1, -2]) {
      a.WSASetLastError(12345);
      const before = sim.state;
      expect(a.WSACloseEvent(pseudo)).toBe(1);
      expect(a.WSAGetLastError()).toBe(12345);
      expect(sim.state.sockets).toBe(before.sockets);
      expect(sim.state.processes).toBe(before.processes);
    }
    expect(a.WSASetEvent(e)).toBe(1);
    expect(signalled(a, e)).toBe(true);
    expect(a.getsockopt(s, SOL_SOCKET, SO_TYPE, new Uint8Array(4), intRef(4))).toBe(0);
  });

  it("WSASetEvent and WSAResetEvent on a pseudo handle stay FALSE with WSA_INVALID_HANDLE (not an event)", () => {
    const { t } = world("A");
    const a = t.A!;
    for (const pseudo of [INVALID_SOCKET, -1, -2]) {
      expect(a.WSASetEvent(pseudo)).toBe(0);
      expect(a.WSAGetLastError()).toBe(WSA_INVALID_HANDLE);
      expect(a.WSAResetEvent(pseudo)).toBe(0);
      expect(a.WSAGetLastError()).toBe(WSA_INVALID_HANDLE);
    }
  });
});
