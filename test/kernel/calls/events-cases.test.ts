/**
 * WSACreateEvent, WSACloseEvent, WSASetEvent and WSAResetEvent (src/kernel/calls/events.ts), and
 * getsockopt's citation (src/kernel/calls/options.ts), written to kill the mutants that survived
 * the mutation run of src/kernel/calls/ (docs/mutation/calls-waits-events.md): the rules each
 * call cites, on success and on failure.
 */
import { describe, expect, it } from "vitest";
import {
  intRef,
  SO_TYPE,
  SOL_SOCKET,
  type WinsockThread,
  WSA_INVALID_HANDLE,
} from "../../../src/index.js";
import { tcp, world } from "../../events/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

describe("event objects (rules EVENT-OBJECT, EVENT-CLOSE-HANDLE)", () => {
  it("WSACreateEvent cites EVENT-OBJECT", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(a.WSACreateEvent()).not.toBe(0);
    expectCited(a, ["EVENT-OBJECT"]);
  });

  it("WSACloseEvent of an event cites EVENT-CLOSE-HANDLE; of a value that is no handle, fails citing EVENT-OBJECT", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    expect(a.WSACloseEvent(e)).toBe(1);
    expectCited(a, ["EVENT-CLOSE-HANDLE"]);
    expect(a.WSACloseEvent(e)).toBe(0);
    expect(a.WSAGetLastError()).toBe(WSA_INVALID_HANDLE);
    expectCited(a, ["EVENT-OBJECT"]);
  });

  it("WSACloseEvent of a pseudo handle, (HANDLE)-1 or -2, is TRUE and cites EVENT-OBJECT", () => {
    const { t } = world("A");
    const a = t.A!;
    for (const h of [-1, -2]) {
      expect(a.WSACloseEvent(h)).toBe(1);
      expectCited(a, ["EVENT-OBJECT"]);
    }
  });

  it("WSASetEvent and WSAResetEvent cite EVENT-OBJECT, on success and on a handle that is no event", () => {
    const { t } = world("A");
    const a = t.A!;
    const e = a.WSACreateEvent();
    const s = tcp(a);
    for (const call of [a.WSASetEvent, a.WSAResetEvent]) {
      expect(call.call(a, e)).toBe(1);
      expectCited(a, ["EVENT-OBJECT"]);
      expect(call.call(a, s)).toBe(0);
      expect(a.WSAGetLastError()).toBe(WSA_INVALID_HANDLE);
      expectCited(a, ["EVENT-OBJECT"]);
    }
  });
});

describe("getsockopt (options.ts)", () => {
  it("reading a socket's option cites DESC-SHARED-STATE: the option lives in the socket", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(a.getsockopt(s, SOL_SOCKET, SO_TYPE, new Uint8Array(4), intRef(4))).toBe(0);
    expectCited(a, ["DESC-SHARED-STATE"]);
  });
});
