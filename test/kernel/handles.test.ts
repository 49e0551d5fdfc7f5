/**
 * Handle values and descriptors (src/kernel/handles.ts, src/kernel/descriptors.ts), written to
 * kill the mutants that survived the first mutation run (docs/mutation.md). Each test states a
 * behaviour a Winsock program can observe through the facade, or a kernel function's contract.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  intRef,
  readInt32,
  SO_TYPE,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  type WinsockThread,
  WSA_ERRORS,
  WSADATA,
} from "../../src/index.js";
import {
  allocateHandle,
  handleKey,
  lookupHandle,
  releaseHandle,
} from "../../src/kernel/handles.js";
import { findProcess } from "../../src/kernel/processes.js";
import type { HandleEntry, KernelState, ProcessRecord } from "../../src/kernel/state.js";
import { emptyTrie, trieFrom } from "../../src/kernel/trie.js";
import { Edit } from "../../src/kernel/writer.js";
import { started } from "../api/helpers.js";

const { WSAENOTSOCK, WSANOTINITIALISED } = WSA_ERRORS;

/** getsockopt(SO_TYPE) on `s`: the socket's type, or the error it failed with (negated). */
function typeOf(t: WinsockThread, s: number): number {
  const optval = new Uint8Array(4);
  const ret = t.getsockopt(s, SOL_SOCKET, SO_TYPE, optval, intRef(4));
  if (ret === SOCKET_ERROR) return -t.WSAGetLastError();
  return readInt32(optval);
}

function stream(t: WinsockThread): number {
  const s = t.socket(AF_INET, SOCK_STREAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

describe("handle values", () => {
  it("are 4, 8, 12, ... in a fresh process", () => {
    const { threads } = started("A");
    const a = threads[0]!;
    expect([stream(a), stream(a), stream(a)]).toEqual([4, 8, 12]);
  });

  it("are reused at once, the most recently freed first", () => {
    const { threads } = started("A");
    const a = threads[0]!;
    const [s4, s8, s12] = [stream(a), stream(a), stream(a)];
    expect([s4, s8, s12]).toEqual([4, 8, 12]);
    expect(a.closesocket(s8)).toBe(0);
    expect(a.closesocket(s4)).toBe(0);
    expect(stream(a)).toBe(4);
    expect(stream(a)).toBe(8);
    expect(stream(a)).toBe(16);
  });

  it("a value that is not a non-zero multiple of 4 names nothing, even next to a socket", () => {
    const { threads } = started("A");
    const a = threads[0]!;
    expect(stream(a)).toBe(4);
    expect(typeOf(a, 4)).toBe(SOCK_STREAM);
    for (const s of [0, 1, 2, 3, 5, 6, 7, -4, 4.5, 2 ** 53 + 4, Number.NaN]) {
      expect(typeOf(a, s), `descriptor ${s}`).toBe(-WSAENOTSOCK);
    }
    for (const s of [0, 5, -4]) {
      expect(a.closesocket(s), `closesocket(${s})`).toBe(SOCKET_ERROR);
      expect(a.WSAGetLastError()).toBe(WSAENOTSOCK);
    }
    expect(typeOf(a, 4)).toBe(SOCK_STREAM);
  });

  it("handleKey maps exactly the non-zero multiples of 4 to value / 4", () => {
    expect(handleKey(4)).toBe(1);
    expect(handleKey(4096)).toBe(1024);
    for (const v of [0, -4, 1, 2, 3, 5, 6, 4.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 54]) {
      expect(handleKey(v), `handleKey(${v})`).toBe(-1);
    }
  });
});

describe("a process's handle table, through the kernel functions", () => {
  /** A state with one empty process 1024, written through the fast path (writer.ts). */
  function table(): { w: Edit; base: KernelState } {
    const process = {
      pid: 1024,
      handles: emptyTrie<HandleEntry>(),
      freeHandles: null,
      nextHandle: 4,
    } as unknown as ProcessRecord;
    const base = { processes: trieFrom([[1024 / 4, process]]) } as unknown as KernelState;
    return { w: new Edit(base), base };
  }
  const entry = { kind: "event" } as unknown as HandleEntry;
  const lookup = (w: Edit, value: number) =>
    lookupHandle(findProcess(w.state, 1024) as ProcessRecord, value);

  it("allocates, finds, releases and reuses, leaving the previous snapshot as it was", () => {
    const { w, base } = table();
    expect(allocateHandle(w, 1024, entry)).toBe(4);
    expect(allocateHandle(w, 1024, entry)).toBe(8);
    expect(lookup(w, 8)).toBe(entry);
    expect(lookup(w, 12)).toBeUndefined();
    releaseHandle(w, 1024, 4);
    expect(lookup(w, 4)).toBeUndefined();
    expect(allocateHandle(w, 1024, entry)).toBe(4);
    expect(allocateHandle(w, 1024, entry)).toBe(12);
    const before = findProcess(base, 1024) as ProcessRecord;
    expect(before.handles.size).toBe(0);
    expect(before.nextHandle).toBe(4);
  });

  it("refuses to release a handle twice (a kernel invariant)", () => {
    const { w } = table();
    allocateHandle(w, 1024, entry);
    releaseHandle(w, 1024, 4);
    expect(() => releaseHandle(w, 1024, 4)).toThrow(
      "kernel invariant: handle 4 released twice in process 1024",
    );
    // The failed release did not put 4 on the free list a second time.
    expect(allocateHandle(w, 1024, entry)).toBe(4);
    expect(allocateHandle(w, 1024, entry)).toBe(8);
  });
});

describe("descriptors", () => {
  it("a call before WSAStartup, or after the last WSACleanup, fails with WSANOTINITIALISED", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = stream(a);
    expect(a.WSAStartup(0x0202, new WSADATA())).toBe(0);
    expect(a.WSACleanup()).toBe(0);
    expect(typeOf(a, s)).toBe(SOCK_STREAM); // one WSAStartup still outstanding
    expect(a.WSACleanup()).toBe(0);
    expect(typeOf(a, s)).toBe(-WSANOTINITIALISED);
    expect(sim.last!.rules).toEqual(["START-REQUIRED"]);
    const b = sim.createProcess("B").main;
    expect(typeOf(b, 4)).toBe(-WSANOTINITIALISED);
  });

  it("an event handle is not a socket", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const e = a.WSACreateEvent();
    expect(e).toBe(4);
    expect(typeOf(a, e)).toBe(-WSAENOTSOCK);
    expect(sim.last!.rules).toEqual(["HANDLE-KIND"]);
    expect(a.send(e, new Uint8Array(1), 1, 0)).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAENOTSOCK);
  });

  it("the handle a duplication placed in the target is not a socket until WSASocket claims it", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = [threads[0]!, threads[1]!];
    const s = stream(a);
    const info = new Uint8Array(372);
    expect(a.WSADuplicateSocketA(s, b.pid, info)).toBe(0);
    const placed = sim.view().sockets[0]!.descriptors.find((d) => d.process === "B")!.handle;
    expect(typeOf(b, placed)).toBe(-WSAENOTSOCK);
    const claimed = b.WSASocketA(
      FROM_PROTOCOL_INFO,
      FROM_PROTOCOL_INFO,
      FROM_PROTOCOL_INFO,
      info,
      0,
      0,
    );
    expect(claimed).toBe(placed);
    expect(typeOf(b, claimed)).toBe(SOCK_STREAM);
  });

  it("closing one of two descriptors leaves the socket; closing the last destroys it", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = [threads[0]!, threads[1]!];
    const s = stream(a);
    const info = new Uint8Array(372);
    expect(a.WSADuplicateSocketA(s, b.pid, info)).toBe(0);
    const t = b.WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, info, 0, 0);
    expect(sim.view().sockets[0]!.refCount).toBe(2);
    expect(a.closesocket(s)).toBe(0);
    expect(sim.last!.rules).toContain("LIFE-SHARED-CLOSE");
    expect(sim.last!.rules).not.toContain("LIFE-LAST-CLOSE");
    expect(sim.view().sockets.map((k) => k.refCount)).toEqual([1]);
    expect(typeOf(b, t)).toBe(SOCK_STREAM);
    expect(b.closesocket(t)).toBe(0);
    expect(sim.last!.rules).toContain("LIFE-LAST-CLOSE");
    expect(sim.last!.rules).not.toContain("LIFE-SHARED-CLOSE");
    expect(sim.view().sockets).toEqual([]);
  });

  it("an unclaimed duplication holds a reference until its target exits", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = [threads[0]!, threads[1]!];
    const s = stream(a);
    expect(a.WSADuplicateSocketA(s, b.pid, new Uint8Array(372))).toBe(0);
    expect(a.closesocket(s)).toBe(0);
    expect(sim.last!.rules).toContain("LIFE-SHARED-CLOSE");
    expect(sim.view().sockets.map((k) => k.refCount)).toEqual([1]);
    // WSACleanup does not close it: B's Winsock does not know the socket until WSASocket.
    expect(b.WSACleanup()).toBe(0);
    expect(sim.view().sockets.map((k) => k.refCount)).toEqual([1]);
    sim.process("B").exit();
    expect(sim.view().sockets).toEqual([]);
  });

  it("a process exits holding events and sockets: the events go, the sockets lose a reference", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = [threads[0]!, threads[1]!];
    a.WSACreateEvent();
    const s = stream(a);
    const info = new Uint8Array(372);
    expect(a.WSADuplicateSocketA(s, b.pid, info)).toBe(0);
    const t = b.WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, info, 0, 0);
    b.WSACreateEvent();
    sim.process("A").exit();
    expect(sim.view().sockets.map((k) => k.refCount)).toEqual([1]);
    expect(typeOf(b, t)).toBe(SOCK_STREAM);
    sim.process("B").exit();
    expect(sim.view().sockets).toEqual([]);
  });
});
