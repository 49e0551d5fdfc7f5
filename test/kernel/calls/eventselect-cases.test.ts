/**
 * WSAEventSelect, WSAAsyncSelect, WSAEnumNetworkEvents, CreateWindow and PeekMessage
 * (src/kernel/calls/eventselect.ts), written to kill the mutants that survived the mutation run of
 * src/kernel/calls/ (docs/mutation/calls-waits-events.md). Each test states what a Winsock program
 * observes (the error, the rules cited, what a call leaves recorded) or a kernel function's
 * contract (a call that has nothing to change writes nothing).
 */
import { describe, expect, it } from "vitest";
import {
  FD_READ,
  FD_WRITE,
  INVALID_POINTER,
  kernel,
  MSG,
  type WinsockThread,
  WSA_ERRORS,
  WSANETWORKEVENTS,
} from "../../../src/index.js";
import {
  expectError,
  messages,
  pair,
  sendText,
  signalled,
  tcp,
  WM_SOCKET,
  world,
} from "../../events/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const E = WSA_ERRORS;

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

describe("the rules the registration calls cite on failure", () => {
  it("WSAEventSelect with a handle that is no event: WSAEINVAL citing EVT-ONE-REGISTRATION", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.WSAEventSelect(s, s, FD_READ), E.WSAEINVAL);
    expectCited(a, ["EVT-ONE-REGISTRATION"]);
  });

  it("WSAAsyncSelect with an hWnd that is no window: WSAEINVAL citing EVT-MESSAGE-MODE", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const hwnd = a.CreateWindow();
    for (const bad of [0, hwnd + 1, hwnd + 4000]) {
      expectError(a, a.WSAAsyncSelect(s, bad, WM_SOCKET, FD_READ), E.WSAEINVAL);
      expectCited(a, ["EVT-MESSAGE-MODE"]);
    }
  });
});

describe("WSAEnumNetworkEvents (rule EVT-ENUM)", () => {
  it("a NULL or unwritable lpNetworkEvents is WSAEFAULT, a bad event WSAEINVAL, success: each cites EVT-ENUM", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_WRITE)).toBe(0);
    expectError(a, a.WSAEnumNetworkEvents(server, e, null), E.WSAEFAULT);
    expectCited(a, ["EVT-ENUM"]);
    expectError(a, a.WSAEnumNetworkEvents(server, e, INVALID_POINTER), E.WSAEFAULT);
    expectCited(a, ["EVT-ENUM"]);
    expectError(a, a.WSAEnumNetworkEvents(server, server, new WSANETWORKEVENTS()), E.WSAEINVAL);
    expectCited(a, ["EVT-ENUM"]);
    const ne = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(server, e, ne)).toBe(0);
    expectCited(a, ["EVT-ENUM"]);
    expect(ne.lNetworkEvents).toBe(FD_WRITE);
  });

  it("a call with nothing to report and an event not signalled changes no state", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const valid = { kind: "valid" } as const;
    // A socket that never had anything recorded.
    const fresh = tcp(a);
    let before = sim.state;
    let out = kernel.enumNetworkEvents(before, a.ctx, fresh, e, valid);
    expect(out.ok && out.value.lNetworkEvents).toBe(0);
    expect(out.state).toBe(before);
    // A registered socket whose FD_WRITE was reported: nothing left to report.
    const { server } = pair(a);
    expect(a.WSAEventSelect(server, e, FD_READ | FD_WRITE)).toBe(0);
    expect(a.WSAEnumNetworkEvents(server, e, new WSANETWORKEVENTS())).toBe(0);
    expect(signalled(a, e)).toBe(false);
    before = sim.state;
    out = kernel.enumNetworkEvents(before, a.ctx, server, e, valid);
    expect(out.ok && out.value.lNetworkEvents).toBe(0);
    expect(out.state).toBe(before);
    // With no event handle either.
    out = kernel.enumNetworkEvents(before, a.ctx, server, 0, valid);
    expect(out.state).toBe(before);
  });

  it("an event signalled with nothing to report is reset, and nothing else changes", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const e = a.WSACreateEvent();
    const f = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, e, FD_WRITE)).toBe(0);
    expect(a.WSASetEvent(f)).toBe(1);
    const ne = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(server, f, ne)).toBe(0);
    // FD_WRITE is reported (recorded, in the mask) though f is not the registered event.
    expect(ne.lNetworkEvents).toBe(FD_WRITE);
    expect(signalled(a, f)).toBe(false);
    // e stays signalled: only the event given is reset.
    expect(signalled(a, e)).toBe(true);
  });
});

describe("windows and messages (rule EVT-MESSAGE-MODE)", () => {
  it("CreateWindow cites EVT-MESSAGE-MODE and hands out distinct windows", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const out = kernel.createWindow(sim.state, a.ctx);
    expect(out.ok).toBe(true);
    expect(out.rules).toContain("EVT-MESSAGE-MODE");
    const hwnds = [a.CreateWindow(), a.CreateWindow(), a.CreateWindow()];
    expect(new Set(hwnds).size).toBe(3);
    for (const h of hwnds) expect(h).toBeGreaterThan(0);
  });

  it("PeekMessage on a window of another process is WSA_INVALID_HANDLE; on no window ERROR_INVALID_WINDOW_HANDLE; both cite EVT-MESSAGE-MODE", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a);
    const hwnd = a.CreateWindow();
    expect(a.WSAAsyncSelect(server, hwnd, WM_SOCKET, FD_READ)).toBe(0);
    sendText(a, client, "x");
    const msg = new MSG();
    expect(b.PeekMessage(msg, hwnd)).toBe(0);
    expect(b.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
    expectCited(b, ["EVT-MESSAGE-MODE"]);
    expect(a.PeekMessage(msg, hwnd + 4000)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.ERROR_INVALID_WINDOW_HANDLE);
    expectCited(a, ["EVT-MESSAGE-MODE"]);
    // The message is still there for the window's own process.
    expect(messages(a, hwnd).map((m) => m.event)).toEqual([FD_READ]);
    expectCited(a, ["EVT-MESSAGE-MODE"]);
  });
});
