/**
 * The kernel32 handle calls (src/kernel/calls/handle-calls.ts): the rules CreateProcess,
 * Get/SetHandleInformation, CloseHandle and DuplicateHandle cite, the pseudo handles,
 * DUPLICATE_CLOSE_SOURCE on failure and with a protected source, and what a copy of a handle is.
 * Written for the mutants that survived the mutation run of the issue 15 code
 * (docs/mutation/issue15-code.md).
 */
import { describe, expect, it } from "vitest";
import {
  DUPLICATE_OPTIONS,
  FROM_PROTOCOL_INFO,
  HANDLE_FLAGS,
  INVALID_POINTER,
  INVALID_SOCKET,
  intRef,
  kernel,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { socketOf, tcp, world } from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { DUPLICATE_CLOSE_SOURCE, DUPLICATE_SAME_ACCESS } = DUPLICATE_OPTIONS;
const { HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE } = HANDLE_FLAGS;
const { WSA_INVALID_HANDLE, ERROR_NOACCESS } = WSA_ERRORS;

/** The rules the last call of the simulation cited; each must be a catalogue rule. */
function cited(t: WinsockThread): readonly string[] {
  const rules = t.sim.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

/** The last call cited every rule of `ids`, and only catalogue rules. */
function cites(t: WinsockThread, ...ids: string[]): void {
  const rules = cited(t);
  for (const id of ids) expect(rules).toContain(id);
}

/** The last call failed with `error`, citing `rule` for its failure (its last citation). */
function failedWith(t: WinsockThread, ret: number, error: number, rule: string): void {
  expect(ret).toBe(0);
  expect(t.WSAGetLastError()).toBe(error);
  const rules = cited(t);
  expect(rules[rules.length - 1]).toBe(rule);
}

/** The flags GetHandleInformation reports for `h`, or undefined if it fails. */
function flagsOf(t: WinsockThread, h: number): number | undefined {
  const flags = intRef(-1);
  return t.GetHandleInformation(h, flags) === 1 ? flags.value : undefined;
}

/** The handle-table entry `h` of `t`'s process. */
function entryOf(t: WinsockThread, h: number): kernel.HandleEntry | undefined {
  const process = kernel.findProcess(t.sim.state, t.pid);
  return process === undefined ? undefined : kernel.trieGet(process.handles, h / 4);
}

describe("CreateProcess citations (PROC-INHERIT, LIFE-ANY-ORIGIN)", () => {
  it("cites PROC-INHERIT, and LIFE-ANY-ORIGIN only when a handle was inherited", () => {
    const { t } = world("A");
    const a = t.A!;
    a.CreateProcess("none", false);
    cites(a, "PROC-INHERIT");
    expect(cited(a)).not.toContain("LIFE-ANY-ORIGIN");
    // Inheritance asked for, but no handle is inheritable: nothing made, no new reference.
    a.CreateProcess("empty", true);
    cites(a, "PROC-INHERIT");
    expect(cited(a)).not.toContain("LIFE-ANY-ORIGIN");
    const s = tcp(a);
    a.CreateProcess("child", true);
    cites(a, "PROC-INHERIT", "LIFE-ANY-ORIGIN");
    expect(socketOf(a, s).refCount).toBe(2);
  });
});

describe("Get/SetHandleInformation citations (HANDLE-INFO)", () => {
  it("a success, an unknown handle and an unwritable lpdwFlags all cite HANDLE-INFO", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(flagsOf(a, s)).toBe(HANDLE_FLAG_INHERIT);
    cites(a, "HANDLE-INFO");
    failedWith(a, a.GetHandleInformation(s + 4, intRef(0)), WSA_INVALID_HANDLE, "HANDLE-INFO");
    failedWith(a, a.GetHandleInformation(s, INVALID_POINTER), ERROR_NOACCESS, "HANDLE-INFO");
    expect(a.SetHandleInformation(s, HANDLE_FLAG_INHERIT, 0)).toBe(1);
    cites(a, "HANDLE-INFO");
    failedWith(a, a.SetHandleInformation(s + 4, 1, 1), WSA_INVALID_HANDLE, "HANDLE-INFO");
  });

  it("SetHandleInformation that changes no flag leaves the state as it was", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const before = sim.state;
    // The flag is set already; bits other than the two flags are ignored.
    const outcome = kernel.setHandleInformation(before, a.ctx, s, HANDLE_FLAG_INHERIT | 0x8, 0x9);
    expect(outcome.ok).toBe(true);
    expect(outcome.state.processes).toBe(before.processes);
    expect(outcome.state).toBe(before);
  });
});

describe("CloseHandle (HANDLE-INFO, EVENT-CLOSE-HANDLE)", () => {
  it("the pseudo handles -1 and -2 succeed, close nothing and cite HANDLE-INFO", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const event = a.WSACreateEvent();
    const handles = kernel.findProcess(sim.state, a.pid)?.handles;
    for (const pseudo of [-1, -2]) {
      expect(a.CloseHandle(pseudo)).toBe(1);
      cites(a, "HANDLE-INFO");
      expect(kernel.findProcess(sim.state, a.pid)?.handles).toBe(handles);
    }
    expect(entryOf(a, s)?.kind).toBe("socket");
    expect(entryOf(a, event)?.kind).toBe("event");
    // 2 is neither a pseudo handle nor a handle value (not a multiple of 4).
    failedWith(a, a.CloseHandle(2), WSA_INVALID_HANDLE, "HANDLE-INFO");
  });

  it("closing a socket cites EVENT-CLOSE-HANDLE; a protected handle is refused citing HANDLE-INFO", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const kept = tcp(a);
    expect(a.CloseHandle(s)).toBe(1);
    cites(a, "EVENT-CLOSE-HANDLE");
    expect(
      a.SetHandleInformation(kept, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE),
    ).toBe(1);
    failedWith(a, a.CloseHandle(kept), WSA_INVALID_HANDLE, "HANDLE-INFO");
    expect(entryOf(a, kept)?.kind).toBe("socket");
  });
});

describe("DuplicateHandle citations (HANDLE-DUPLICATE, LIFE-ANY-ORIGIN)", () => {
  it("a copy cites HANDLE-DUPLICATE and LIFE-ANY-ORIGIN; a missing source cites HANDLE-DUPLICATE", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const copy = intRef(0);
    expect(a.DuplicateHandle(-1, s, -1, copy, 0, false, DUPLICATE_SAME_ACCESS)).toBe(1);
    cites(a, "HANDLE-DUPLICATE", "LIFE-ANY-ORIGIN");
    expect(entryOf(a, copy.value)?.kind).toBe("socket");
    // A process that does not exist, then a handle the source process does not hold.
    failedWith(
      a,
      a.DuplicateHandle(0x7ffc, s, -1, intRef(0), 0, false, 0),
      WSA_INVALID_HANDLE,
      "HANDLE-DUPLICATE",
    );
    failedWith(
      a,
      a.DuplicateHandle(-1, s + 400, -1, intRef(0), 0, false, 0),
      WSA_INVALID_HANDLE,
      "HANDLE-DUPLICATE",
    );
    // A bad target without DUPLICATE_CLOSE_SOURCE changes nothing.
    failedWith(
      a,
      a.DuplicateHandle(-1, s, 0x7ffc, intRef(0), 0, false, 0),
      WSA_INVALID_HANDLE,
      "HANDLE-DUPLICATE",
    );
    expect(entryOf(a, s)?.kind).toBe("socket");
    expect(socketOf(a, s).refCount).toBe(2);
  });
});

describe("DUPLICATE_CLOSE_SOURCE (HANDLE-DUPLICATE, HANDLE-INFO, LIFE-ANY-ORIGIN)", () => {
  it("a failed call closes the source all the same, and says so citing HANDLE-DUPLICATE", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const id = socketOf(a, s).id;
    const out = intRef(-1);
    expect(a.DuplicateHandle(-1, s, 0x7ffc, out, 0, false, DUPLICATE_CLOSE_SOURCE)).toBe(0);
    expect(a.WSAGetLastError()).toBe(WSA_INVALID_HANDLE);
    expect(a.sim.last?.kept).toBe(true);
    // HANDLE-DUPLICATE, cited already, is the failure's rule too; the close cites its own.
    cites(a, "HANDLE-DUPLICATE", "LIFE-LAST-CLOSE");
    expect(out.value).toBe(0);
    expect(entryOf(a, s)).toBeUndefined();
    // It was the socket's only handle: the socket is gone (LIFE-ANY-ORIGIN).
    expect(kernel.trieGet(sim.state.sockets, id)).toBeUndefined();
  });

  it("a protected source stays open when the call fails, and when it succeeds", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const s = tcp(a);
    const P = HANDLE_FLAG_PROTECT_FROM_CLOSE;
    expect(a.SetHandleInformation(s, P, P)).toBe(1);
    failedWith(
      a,
      a.DuplicateHandle(-1, s, 0x7ffc, intRef(0), 0, false, DUPLICATE_CLOSE_SOURCE),
      WSA_INVALID_HANDLE,
      "HANDLE-DUPLICATE",
    );
    expect(flagsOf(a, s)).toBe(HANDLE_FLAG_INHERIT | P);
    expect(socketOf(a, s).refCount).toBe(1);
    const copy = intRef(0);
    expect(a.DuplicateHandle(-1, s, b.pid, copy, 0, false, DUPLICATE_CLOSE_SOURCE)).toBe(1);
    expect(flagsOf(a, s)).toBe(HANDLE_FLAG_INHERIT | P);
    expect(flagsOf(b, copy.value)).toBe(0);
    expect(socketOf(a, s).refCount).toBe(2);
  });

  it("a NULL target only closes the source: the socket of its last handle is destroyed", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const id = socketOf(a, s).id;
    expect(a.DuplicateHandle(-1, s, 0, null, 0, false, DUPLICATE_CLOSE_SOURCE)).toBe(1);
    cites(a, "HANDLE-DUPLICATE");
    expect(entryOf(a, s)).toBeUndefined();
    expect(kernel.trieGet(sim.state.sockets, id)).toBeUndefined();
  });
});

describe("What a copy is (HANDLE-DUPLICATE, DUP-PENDING-REF)", () => {
  it("a copy of an event handle is the same entry but for its flag and origin", () => {
    const { t } = world("A");
    const a = t.A!;
    const event = a.WSACreateEvent();
    const copy = intRef(0);
    expect(a.DuplicateHandle(-1, event, -1, copy, 0, true, DUPLICATE_SAME_ACCESS)).toBe(1);
    expect(entryOf(a, copy.value)).toEqual({
      ...entryOf(a, event),
      inheritable: true,
      origin: "DuplicateHandle",
    });
  });

  it("a copy of the handle a duplication placed is an ordinary socket; the placed one stays claimable", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const s = tcp(a);
    const info = new Uint8Array(628);
    expect(a.WSADuplicateSocketW(s, b.pid, info)).toBe(0);
    const process = kernel.findProcess(b.sim.state, b.pid);
    const entries = [
      ...kernel.trieEntries<kernel.HandleEntry>(process?.handles ?? kernel.emptyTrie()),
    ];
    const placed = entries.find(([, e]) => e.kind === "socket" && e.pendingDuplication !== null);
    expect(placed).toBeDefined();
    const copy = intRef(0);
    expect(
      b.DuplicateHandle(-1, (placed?.[0] ?? 0) * 4, -1, copy, 0, false, DUPLICATE_SAME_ACCESS),
    ).toBe(1);
    expect(entryOf(b, copy.value)).toMatchObject({ kind: "socket", pendingDuplication: null });
    // closesocket works on the copy (a pending handle it would refuse), and the claim still works.
    expect(b.closesocket(copy.value)).toBe(0);
    const FPI = FROM_PROTOCOL_INFO;
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 0)).not.toBe(INVALID_SOCKET);
  });
});

describe("kernel invariants of the handle calls", () => {
  it("spawnProcess refuses an inheritable handle whose socket does not exist", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    tcp(a);
    // A state no call makes: the parent's handle names a socket the kernel does not have.
    const broken = { ...sim.state, sockets: kernel.emptyTrie<kernel.SocketRecord>() };
    expect(() =>
      kernel.spawnProcess(broken, "child", { parent: a.ctx, bInheritHandles: true }),
    ).toThrow(/^kernel invariant: no socket \d+ to change$/);
  });
});
