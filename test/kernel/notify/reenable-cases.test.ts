/**
 * Which calls re-enable which events (src/kernel/notify/reenable.ts, rule EVT-REENABLE), written
 * to kill the mutants that survived the mutation run of src/kernel/notify/
 * (docs/mutation/notify.md). Through the facade: recv re-enables FD_READ in message mode even when
 * it fails its argument checks, not in event mode (observed fact 57); a call on a duplicated
 * handle the target has not claimed re-enables nothing. Through the kernel function:
 * `reenableAfterCall` answers the state it was given and no rules whenever nothing is re-enabled.
 * The file sits under test/kernel/ so that phase 2 of mutation testing (the static REENABLES and
 * ARGUMENT_ERRORS tables) runs it too.
 */
import { describe, expect, it } from "vitest";
import { FD_READ, FD_WRITE, kernel, type WinsockThread, WSA_ERRORS } from "../../../src/index.js";
import { lookupHandle } from "../../../src/kernel/handles.js";
import {
  expectError,
  MODES,
  type Mode,
  messages,
  pair,
  recvText,
  sendText,
  signalled,
  tcp,
  Watch,
  world,
} from "../../events/helpers.js";

const { WSAEFAULT, WSAEINVAL, WSAENOTSOCK } = WSA_ERRORS;

function ctxOf(t: WinsockThread): kernel.CallContext {
  return { pid: t.pid, tid: t.tid };
}

/** A connected pair in one process, its accepted end registered for `mask` in `mode`. */
function watchedPair(mode: Mode, mask: number) {
  const { t } = world("A");
  const a = t.A!;
  const { client, server } = pair(a);
  const w = new Watch(a, server, mode);
  w.select(mask);
  return { a, client, server, w };
}

describe.each(MODES)("%s mode", (mode) => {
  it("recv re-enables FD_READ: with data left it is delivered again (EVT-REENABLE, EVT-LEVEL)", () => {
    const { a, client, server, w } = watchedPair(mode, FD_READ);
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    sendText(a, client, "d");
    // Not delivered again (EVT-ONCE), although the record holds FD_READ once more.
    if (mode === "event") expect(signalled(a, w.event)).toBe(false);
    else expect(messages(a, w.hwnd)).toEqual([]);
    expect(recvText(a, server, 1)).toBe("a");
    w.expect([FD_READ]);
  });

  it("recv with len -1 (WSAEFAULT) re-enables FD_READ in message mode only (fact 57)", () => {
    const { a, client, server, w } = watchedPair(mode, FD_READ);
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    expectError(a, a.recv(server, new Uint8Array(4), -1, 0), WSAEFAULT);
    w.expectByMode([], [FD_READ]);
  });

  it("a recv on a duplicated handle the target has not claimed re-enables nothing", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a);
    const w = new Watch(a, server, mode);
    w.select(FD_READ);
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    expect(a.WSADuplicateSocketW(server, b.pid, new Uint8Array(628))).toBe(0);
    const unclaimed = 4;
    const entry = lookupHandle(kernel.findProcess(sim.state, b.pid)!, unclaimed);
    expect(entry?.kind === "socket" && entry.pendingDuplication !== null).toBe(true);
    expectError(b, b.recv(unclaimed, new Uint8Array(4), 4, 0), WSAENOTSOCK);
    w.nothing();
  });
});

describe("a call re-enables only its own events (record.ts settleRecord and reenable)", () => {
  it("send re-enables FD_WRITE and leaves a recorded FD_READ whose data is still there", () => {
    const { a, client, server, w } = watchedPair("event", FD_READ | FD_WRITE);
    w.expect([FD_WRITE]);
    sendText(a, client, "abc");
    sendText(a, server, "x");
    // The record still holds FD_READ: the bytes are unread, and send touches FD_WRITE only.
    w.expect([FD_READ]);
  });

  it("send does not record FD_READ again after it was enumerated: only recv re-enables it", () => {
    const { a, client, server, w } = watchedPair("event", FD_READ);
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    sendText(a, server, "x");
    w.nothing();
    expect(recvText(a, server, 1)).toBe("a");
    w.expect([FD_READ]);
  });
});

describe("reenableAfterCall answers the state given and no rules when nothing is re-enabled", () => {
  it("for a call that re-enables nothing (closesocket, WSAEventSelect)", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, "message");
    w.select(FD_READ);
    sendText(a, client, "abc");
    w.expect([FD_READ]);
    const state = sim.state;
    for (const call of ["closesocket", "WSAEventSelect", "getsockopt"]) {
      const after = kernel.reenableAfterCall(state, ctxOf(a), call, server, 0);
      expect(after.state).toBe(state);
      expect(after.rules).toEqual([]);
    }
    // The same state and socket with recv: FD_READ is re-enabled, and happens again.
    const after = kernel.reenableAfterCall(state, ctxOf(a), "recv", server, 0);
    expect(after.state).not.toBe(state);
    expect(after.rules).toContain("EVT-REENABLE");
  });

  it("for a process that does not exist (any more)", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(b);
    const gone = ctxOf(a);
    a.sim.process("A").exit();
    const state = sim.state;
    expect(kernel.findProcess(state, gone.pid)).toBeUndefined();
    const after = kernel.reenableAfterCall(state, gone, "recv", server, 0);
    expect(after.state).toBe(state);
    expect(after.rules).toEqual([]);
  });

  it("for a value that names no socket, and a socket that never had a notification record", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const event = a.WSACreateEvent();
    const state = sim.state;
    for (const value of [400, event, s]) {
      const after = kernel.reenableAfterCall(state, ctxOf(a), "recv", value, 0);
      expect(after.state).toBe(state);
      expect(after.rules).toEqual([]);
    }
  });

  it("in event mode, for a call that failed its argument checks (WSAEFAULT, WSAEINVAL)", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, ev, FD_READ)).toBe(0);
    sendText(a, client, "abc");
    expect(signalled(a, ev)).toBe(true);
    const state = sim.state;
    for (const error of [WSAEFAULT, WSAEINVAL]) {
      const after = kernel.reenableAfterCall(state, ctxOf(a), "recv", server, error);
      expect(after.state).toBe(state);
      expect(after.rules).toEqual([]);
    }
    const after = kernel.reenableAfterCall(state, ctxOf(a), "recv", server, 0);
    expect(after.rules).toContain("EVT-REENABLE");
  });
});
