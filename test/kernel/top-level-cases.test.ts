/**
 * The top-level kernel files (src/kernel/creation.ts, processes.ts, descriptors.ts, catalog.ts,
 * transaction.ts): the rules socket and WSASocket cite when they refuse a triple, the errors a
 * driver's mistake or a broken kernel invariant raises, and the contracts of transaction.ts (an
 * error that is not a Winsock failure propagates, a kept failure says so, the write-path counters,
 * freezing under WINSOCK_SIM_FREEZE). Written to kill the mutants that survived the mutation run
 * of src/kernel/*.ts (docs/mutation/top-level.md).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ADDRESS_FAMILIES,
  AF_INET,
  intRef,
  PROTOCOLS,
  SimulationError,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_TYPES,
  SOL_SOCKET,
  SOL_SOCKET_OPTIONS,
  type WinsockThread,
  WSA_ERRORS,
} from "../../src/index.js";
import { CATALOG, catalogEntry } from "../../src/kernel/catalog.js";
import { releaseDescriptor, socketById } from "../../src/kernel/descriptors.js";
import { requireProcess, requireThread } from "../../src/kernel/processes.js";
import { initialState, type KernelState } from "../../src/kernel/state.js";
import {
  Citations,
  fail,
  inspect,
  KeptFailure,
  transact,
  transactWith,
  writePaths,
} from "../../src/kernel/transaction.js";
import { Edit } from "../../src/kernel/writer.js";
import { expectError, nonBlocking, world } from "../net/helpers.js";
import { RULE_IDS } from "./options/rule-ids.js";

const {
  WSAEACCES,
  WSAEAFNOSUPPORT,
  WSAEINVAL,
  WSAEPROTONOSUPPORT,
  WSAESOCKTNOSUPPORT,
  WSAEWOULDBLOCK,
} = WSA_ERRORS;
const { AF_UNSPEC } = ADDRESS_FAMILIES;
const { SOCK_RAW, SOCK_SEQPACKET } = SOCKET_TYPES;
const { IPPROTO_UDP } = PROTOCOLS;

/** The last call cited `id`, and only catalogue rules. */
function cites(t: WinsockThread, id: string): void {
  const rules = t.last?.rules ?? [];
  expect(rules).toContain(id);
  expect(rules.filter((r) => !RULE_IDS.has(r))).toEqual([]);
}

/** A state with one started process, made through the facade: the state, its pid and main thread. */
function oneProcess(): { state: KernelState; pid: number; tid: number } {
  const { sim, t } = world("A");
  const a = t.A as WinsockThread;
  return { state: sim.state, pid: a.pid, tid: a.tid };
}

describe("socket and WSASocket cite the rule of each refusal (SOCK-ARGS order)", () => {
  it("AF_UNSPEC with protocol 0 is WSAEINVAL citing SOCK-ARGS", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.socket(AF_UNSPEC, SOCK_STREAM, 0), WSAEINVAL);
    cites(a, "SOCK-ARGS");
  });

  it("an unknown type is WSAESOCKTNOSUPPORT citing SOCK-ARGS", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.socket(AF_INET, 0xdead, 6), WSAESOCKTNOSUPPORT);
    cites(a, "SOCK-ARGS");
  });

  it("an unknown family is WSAEAFNOSUPPORT citing SOCK-ARGS", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.socket(0xdead, SOCK_STREAM, 0), WSAEAFNOSUPPORT);
    cites(a, "SOCK-ARGS");
  });

  it("a known type the family has no entry for is WSAESOCKTNOSUPPORT citing SOCK-ARGS", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.socket(AF_INET, SOCK_SEQPACKET, 0), WSAESOCKTNOSUPPORT);
    cites(a, "SOCK-ARGS");
  });

  it("a protocol no entry of the family and type accepts is WSAEPROTONOSUPPORT citing SOCK-ARGS", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), WSAEPROTONOSUPPORT);
    cites(a, "SOCK-ARGS");
  });

  it("a raw socket is WSAEACCES citing SOCK-RAW", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.socket(AF_INET, SOCK_RAW, 0), WSAEACCES);
    cites(a, "SOCK-RAW");
  });

  it("a group other than 0 is WSAEINVAL citing SOCK-GROUP", () => {
    const a = world("A").t.A as WinsockThread;
    expectError(a, a.WSASocket(AF_INET, SOCK_STREAM, 0, null, 1, 0), WSAEINVAL);
    cites(a, "SOCK-GROUP");
  });

  it("a catalog structure whose family is -1 is WSAEAFNOSUPPORT citing SOCK-FROM-INFO", () => {
    const a = world("A").t.A as WinsockThread;
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    const info = new Uint8Array(628);
    const opt = SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW;
    expect(a.getsockopt(s, SOL_SOCKET, opt, info, intRef(628))).toBe(0);
    // iAddressFamily (offset 76) set to -1, as in Wine's test_WSASocket (observed fact 20).
    new DataView(info.buffer).setInt32(76, -1, true);
    expectError(a, a.WSASocket(0, 0, 0, info, 0, 0), WSAEAFNOSUPPORT);
    cites(a, "SOCK-FROM-INFO");
  });
});

describe("the protocol catalog (catalog.ts)", () => {
  it("is the six MSAFD Tcpip entries of a default Windows catalog, ids 1001 to 1006, then AF_UNIX (docs/model.md)", () => {
    expect(CATALOG.map((e) => [e.catalogEntryId, e.name])).toEqual([
      [1001, "MSAFD Tcpip [TCP/IP]"],
      [1002, "MSAFD Tcpip [UDP/IP]"],
      [1003, "MSAFD Tcpip [RAW/IP]"],
      [1004, "MSAFD Tcpip [TCP/IPv6]"],
      [1005, "MSAFD Tcpip [UDP/IPv6]"],
      [1006, "MSAFD Tcpip [RAW/IPv6]"],
      [1007, "AF_UNIX"],
    ]);
    // An id names one entry: dwCatalogEntryId is how WSASocket finds the provider (SOCK-FROM-INFO).
    for (const entry of CATALOG) expect(catalogEntry(entry.catalogEntryId)).toBe(entry);
  });
});

describe("a driver's mistake raises SimulationError (processes.ts)", () => {
  it("asking for a process that does not exist", () => {
    const { state, pid } = oneProcess();
    const missing = pid + 0x800;
    let error: unknown;
    try {
      requireProcess(state, missing);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).name).toBe("SimulationError");
    expect((error as Error).message).toBe(`no live process with id ${missing}`);
  });

  it("asking for a thread the process does not have", () => {
    const { state, pid, tid } = oneProcess();
    expect(requireThread(state, { pid, tid }).tid).toBe(tid);
    const missing = tid + 0x800;
    expect(() => requireThread(state, { pid, tid: missing })).toThrow(SimulationError);
    expect(() => requireThread(state, { pid, tid: missing })).toThrow(
      `process ${pid} has no live thread with id ${missing}`,
    );
  });
});

describe("broken kernel invariants throw, naming what is missing", () => {
  it("socketById of a socket that does not exist (descriptors.ts)", () => {
    const { state } = oneProcess();
    expect(() => socketById(state, 77)).toThrow(
      "kernel invariant: a descriptor names socket 77, which does not exist",
    );
  });

  it("releaseDescriptor of a handle the process does not have (descriptors.ts)", () => {
    const { state, pid } = oneProcess();
    const w = new Edit(state);
    // Not misreported as a second release of the handle (releaseHandle's own invariant).
    expect(() => releaseDescriptor(w, pid, 40, new Citations())).toThrow(
      "kernel invariant: no handle 40 to release",
    );
  });

  it("catalogEntry of an id the catalog does not have (catalog.ts)", () => {
    expect(catalogEntry(1001).name).toBe("MSAFD Tcpip [TCP/IP]");
    expect(() => catalogEntry(9999)).toThrow("kernel invariant: no catalog entry 9999");
  });
});

describe("transaction.ts", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("an error that is not a Winsock failure propagates out of transact and inspect", () => {
    const broken = new Error("broken invariant");
    expect(() =>
      transact(initialState(), () => {
        throw broken;
      }),
    ).toThrow(broken);
    expect(() =>
      inspect(initialState(), () => {
        throw broken;
      }),
    ).toThrow(broken);
    // A Winsock failure, by contrast, is the call's answer.
    const failed = inspect(initialState(), () => fail(WSAEINVAL, "SOCK-ARGS"));
    expect(failed).toMatchObject({ ok: false, error: WSAEINVAL, rules: ["SOCK-ARGS"] });
  });

  it("a kernel invariant broken on the fast path propagates; the call is not run again on a draft", () => {
    const shared = { table: { a: 1 } };
    let runs = 0;
    expect(() =>
      transactWith(initialState(), (w) => {
        runs += 1;
        w.own(shared, "table").a = 2;
        return 0;
      }),
    ).toThrow("kernel invariant: write to a shared object");
    expect(runs).toBe(1);
    expect(shared.table.a).toBe(1);
  });

  it("a failure that keeps the call's changes says so (kept), in the outcome and the record", () => {
    const outcome = transactWith(initialState(), (w) => {
      w.root().nextClientId += 4;
      return new KeptFailure(WSAEWOULDBLOCK, "NET-CONNECT");
    });
    expect(outcome).toMatchObject({ ok: false, error: WSAEWOULDBLOCK, kept: true });
    expect(outcome.state.nextClientId).toBe(initialState().nextClientId + 4);
    // Through the facade: a non-blocking connect (NET-CONNECT).
    const { sim, t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const l = b.socket(AF_INET, SOCK_STREAM, 0);
    const addr = new Uint8Array([2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.bind(l, addr, 16)).toBe(0);
    expect(b.listen(l, 5)).toBe(0);
    const c = a.socket(AF_INET, SOCK_STREAM, 0);
    nonBlocking(a, c);
    expectError(a, a.connect(c, addr, 16), WSAEWOULDBLOCK);
    expect(a.last?.kept).toBe(true);
    expect(sim.state).toBe(a.last?.after);
    expect(a.last?.after).not.toBe(a.last?.before);
  });

  it("writePaths counts a call that succeeds or fails on the fast path as one edit", () => {
    const before = { ...writePaths };
    const ok = transactWith(initialState(), (w) => {
      w.root().nextClientId += 4;
      return 1;
    });
    expect(ok.ok).toBe(true);
    const failed = transactWith(initialState(), () => fail(WSAEINVAL, "SOCK-ARGS"));
    expect(failed.ok).toBe(false);
    // Differences, not totals: counters that were not numbers (NaN) would compare equal.
    const since = () => ({
      edit: writePaths.edit - before.edit,
      escalated: writePaths.escalated - before.escalated,
      draft: writePaths.draft - before.draft,
    });
    expect(since()).toEqual({ edit: 2, escalated: 0, draft: 0 });
    // A call that asks for a whole draft escalates once and runs on it.
    const escalated = transactWith(initialState(), (w) => {
      w.draft().nextClientId += 4;
      return 1;
    });
    expect(escalated.ok).toBe(true);
    expect(since()).toEqual({ edit: 2, escalated: 1, draft: 0 });
  });

  it("snapshots are frozen under WINSOCK_SIM_FREEZE=1, on both write paths", () => {
    expect(process.env.WINSOCK_SIM_FREEZE).toBe("1");
    const immer = transact(initialState(), (draft) => {
      draft.nextClientId += 4;
    });
    const fast = transactWith(initialState(), (w) => {
      w.root().nextClientId += 4;
    });
    expect(Object.isFrozen(immer.state)).toBe(true);
    expect(Object.isFrozen(fast.state)).toBe(true);
  });

  it("and not frozen without it (transaction.ts reads the variable once, as it loads)", async () => {
    for (const value of ["0", ""]) {
      vi.stubEnv("WINSOCK_SIM_FREEZE", value);
      vi.resetModules();
      const t = await import("../../src/kernel/transaction.js");
      const immer = t.transact(initialState(), (draft) => {
        draft.nextClientId += 4;
      });
      const fast = t.transactWith(initialState(), (w) => {
        w.root().nextClientId += 4;
      });
      expect(Object.isFrozen(immer.state), `WINSOCK_SIM_FREEZE=${value}`).toBe(false);
      expect(Object.isFrozen(fast.state), `WINSOCK_SIM_FREEZE=${value}`).toBe(false);
    }
  });
});
