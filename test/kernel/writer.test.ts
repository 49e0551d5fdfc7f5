/**
 * The kernel's two writers (src/kernel/writer.ts), written to kill the mutants that survived the
 * mutation run of the write path (docs/mutation.md). `Edit` must copy what a call changes and
 * nothing else, never write the previous snapshot, and make what `DraftWriter` (an immer draft)
 * makes from the same writes.
 */
import { createDraft, type Draft, finishDraft } from "immer";
import { describe, expect, it } from "vitest";
import {
  initialState,
  type KernelState,
  type ProcessRecord,
  type SocketRecord,
  type ThreadRecord,
} from "../../src/kernel/state.js";
import { emptyTrie, type Trie, trieFrom, trieGet } from "../../src/kernel/trie.js";
import {
  DraftWriter,
  Edit,
  Escalate,
  editProcess,
  editSocket,
  editThread,
  type Writer,
} from "../../src/kernel/writer.js";

/** Freezes `value` and everything it reaches (byte buffers cannot be frozen, and are skipped). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return value;
  if (Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

function socket(id: number, extra: Partial<SocketRecord> = {}): SocketRecord {
  return {
    id,
    af: 2,
    type: 1,
    protocol: 6,
    catalogEntryId: 1001,
    creationFlags: 1,
    nonBlocking: false,
    options: {},
    refCount: 1,
    net: { phase: "open" } as unknown as SocketRecord["net"],
    ...extra,
  };
}

function thread(tid: number): ThreadRecord {
  return { tid, lastError: 0, openType: 0, pending: null, completion: null };
}

const PID = 1024;

function process(pid: number): ProcessRecord {
  return {
    pid,
    name: `p${pid}`,
    startupCount: 1,
    wsaVersion: 0x202,
    handles: emptyTrie(),
    freeHandles: null,
    nextHandle: 4,
    threads: { [pid + 4]: thread(pid + 4), [pid + 8]: thread(pid + 8) },
    mainThread: pid + 4,
  };
}

/**
 * A snapshot with sockets 1, 2 and 40 (two trie levels), processes 1024 and 2048, and port 80
 * bound by socket 1; deep-frozen as the suite's snapshots are, unless `frozen` is false.
 */
function snapshot(frozen = true): KernelState {
  const state = initialState();
  const sockets = trieFrom([
    [1, socket(1)],
    [2, socket(2, { notify: { registered: true } as unknown as SocketRecord["notify"] })],
    [40, socket(40)],
  ]);
  const processes = trieFrom([
    [PID / 4, process(PID)],
    [2048 / 4, process(2048)],
  ]);
  const tcp = trieFrom<readonly number[]>([[80, [1]]]);
  const next = { ...state, sockets, processes, ports: { ...state.ports, tcp } };
  return frozen ? deepFreeze(next) : next;
}

const socketAt = (state: KernelState, id: number) => trieGet(state.sockets, id) as SocketRecord;
const processAt = (state: KernelState, pid: number) =>
  trieGet(state.processes, pid / 4) as ProcessRecord;

describe("Edit", () => {
  it("never writes an object of the previous snapshot", () => {
    const base = snapshot();
    const copy = structuredClone(base);
    const w = new Edit(base);
    expect(() => {
      w.root().clock = 5;
      editSocket(w, 1).refCount = 2;
      editSocket(w, 40).nonBlocking = true;
      editProcess(w, PID).startupCount = 0;
      editThread(w, PID, PID + 8).lastError = 10038;
      w.setIn(w.root(), "sockets", 3, socket(3));
      expect(w.deleteIn(w.root(), "sockets", 2)).toBe(true);
      const ports = w.own(w.root(), "ports");
      w.setIn(ports, "tcp", 81, [3]);
      expect(w.deleteIn(ports, "tcp", 80)).toBe(true);
    }).not.toThrow();
    expect(base).toEqual(copy);
    const next = w.finish(true);
    expect(next.clock).toBe(5);
    expect(socketAt(next, 1).refCount).toBe(2);
    expect(socketAt(next, 40).nonBlocking).toBe(true);
    expect(socketAt(next, 3)).toEqual(socket(3));
    expect(trieGet(next.sockets, 2)).toBeUndefined();
    expect(next.sockets.size).toBe(3);
    expect(processAt(next, PID).startupCount).toBe(0);
    expect(processAt(next, PID).threads[PID + 8]?.lastError).toBe(10038);
    expect(processAt(next, PID).threads[PID + 4]).toBe(processAt(base, PID).threads[PID + 4]);
    expect(trieGet(next.ports.tcp, 81)).toEqual([3]);
    expect(trieGet(next.ports.tcp, 80)).toBeUndefined();
    expect(base).toEqual(copy);
  });

  it("copies only what a call changes: every other table and record stays shared", () => {
    const base = snapshot();
    const w = new Edit(base);
    editSocket(w, 40).refCount = 3;
    const next = w.finish(false);
    expect(next).not.toBe(base);
    expect(next.sockets).not.toBe(base.sockets);
    expect(socketAt(next, 40)).not.toBe(socketAt(base, 40));
    expect(socketAt(next, 1)).toBe(socketAt(base, 1));
    expect(socketAt(next, 2)).toBe(socketAt(base, 2));
    // Socket 40 is under root slot 1; socket 1 and 2 under slot 0, which stays shared.
    expect(next.sockets.root[0]).toBe(base.sockets.root[0]);
    expect(next.sockets.root[1]).not.toBe(base.sockets.root[1]);
    expect(next.processes).toBe(base.processes);
    expect(next.ports).toBe(base.ports);
    expect(next.timers).toBe(base.timers);
  });

  it("a copied record keeps every field, and leaves `notify` absent when it was absent", () => {
    const base = snapshot();
    const w = new Edit(base);
    const one = editSocket(w, 1);
    const two = editSocket(w, 2);
    const proc = editProcess(w, PID);
    expect(one).toEqual(socketAt(base, 1));
    expect("notify" in one).toBe(false);
    expect(two).toEqual(socketAt(base, 2));
    expect(two.notify).toBe(socketAt(base, 2).notify);
    expect(proc).toEqual(processAt(base, PID));
    expect(proc.threads).toBe(processAt(base, PID).threads);
    const top = w.root();
    expect(top).toEqual(base);
    expect(Object.keys(top).sort()).toEqual(Object.keys(base).sort());
  });

  it("a second edit of the same record in one Edit returns the same object", () => {
    const w = new Edit(snapshot());
    const top = w.root();
    expect(w.root()).toBe(top);
    const s = editSocket(w, 1);
    const sockets = w.state.sockets;
    expect(editSocket(w, 1)).toBe(s);
    expect(w.editIn(w.root(), "sockets", 1)).toBe(s);
    expect(w.state.sockets).toBe(sockets);
    const p = editProcess(w, PID);
    expect(editProcess(w, PID)).toBe(p);
    const t = editThread(w, PID, PID + 4);
    const threads = p.threads;
    expect(editThread(w, PID, PID + 4)).toBe(t);
    expect(p.threads).toBe(threads);
    const ports = w.own(w.root(), "ports");
    expect(w.own(w.root(), "ports")).toBe(ports);
    // A second record in a trie already copied copies that record only: the table and the
    // nodes on the shared path were made by the first edit, and are written in place.
    const root = w.state.sockets.root;
    const node = root[0];
    expect(w.owns(root)).toBe(true);
    expect(w.owns(node as object)).toBe(true);
    editSocket(w, 2);
    expect(w.state.sockets).toBe(sockets);
    expect(w.state.sockets.root).toBe(root);
    expect(w.state.sockets.root[0]).toBe(node);
  });

  it("reads the previous snapshot until the first write, then its own copy", () => {
    const base = snapshot();
    const w = new Edit(base);
    expect(w.state).toBe(base);
    const top = w.root();
    expect(w.state).toBe(top);
    expect(w.owns(top)).toBe(true);
    expect(w.owns(base)).toBe(false);
    expect(w.owns(base.sockets)).toBe(false);
  });

  it("own copies arrays as arrays and objects as objects, or with the copier given", () => {
    const w = new Edit(snapshot());
    const ports = w.own(w.root(), "ports");
    const bound = w.editIn<readonly number[]>(ports, "tcp", 80);
    expect(Array.isArray(bound)).toBe(true);
    expect(bound).toEqual([1]);
    expect(bound).not.toBe(trieGet(w.base.ports.tcp, 80));
    const ephemeral = w.own(ports, "nextEphemeral");
    expect(Array.isArray(ephemeral)).toBe(false);
    expect(ephemeral).toEqual(w.base.ports.nextEphemeral);
    const p = editProcess(w, 2048);
    let made: object | undefined;
    const threads = w.own(p, "threads", (value) => {
      made = { ...value };
      return made as typeof value;
    });
    expect(made).toBeDefined();
    expect(threads).toBe(made);
    expect(p.threads).toBe(made);
    // What the copier made is the Edit's to write from then on.
    expect(w.owns(made as object)).toBe(true);
  });

  it("refuses to write through a holder it did not make", () => {
    const base = snapshot();
    const w = new Edit(base);
    const shared = "kernel invariant: write to a shared object";
    expect(() => w.own(base, "ports")).toThrow(shared);
    expect(() => w.own(processAt(base, PID), "threads")).toThrow(shared);
    // The top record is the Edit's, but its `ports` is still the snapshot's.
    expect(() => w.setIn(w.root().ports, "tcp", 81, [1])).toThrow(shared);
    expect(() => w.deleteIn(w.root().ports, "tcp", 80)).toThrow(shared);
    expect(() => w.editIn(base.ports, "tcp", 80)).toThrow(shared);
    expect(w.state.ports).toBe(base.ports);
  });

  it("the same refusal holds for an unfrozen snapshot, which the production path keeps", () => {
    const base = snapshot(false);
    const copy = structuredClone(base);
    const { ports } = base;
    const { tcp } = ports;
    const w = new Edit(base);
    const shared = "kernel invariant: write to a shared object";
    expect(() => w.own(base, "ports")).toThrow(shared);
    expect(() => w.setIn(base.ports, "tcp", 81, [1])).toThrow(shared);
    expect(base).toEqual(copy);
    expect(base.ports).toBe(ports);
    expect(base.ports.tcp).toBe(tcp);
  });

  it("names what is missing when asked to change a record that does not exist", () => {
    const w = new Edit(snapshot());
    expect(() => editSocket(w, 9)).toThrow("kernel invariant: no socket 9 to change");
    expect(() => editProcess(w, 4096)).toThrow("kernel invariant: no process 4096 to change");
    expect(() => editThread(w, PID, PID + 12)).toThrow(
      `kernel invariant: no thread ${PID + 12} to change`,
    );
    expect(w.editIn(w.root(), "sockets", 9)).toBeUndefined();
  });

  it("looking up or removing an absent key copies no table", () => {
    const base = snapshot();
    const w = new Edit(base);
    const top = w.root();
    expect(w.editIn(top, "sockets", 9)).toBeUndefined();
    expect(w.deleteIn(top, "sockets", 9)).toBe(false);
    expect(w.deleteIn(top, "sockets", 64)).toBe(false);
    expect(w.state.sockets).toBe(base.sockets);
    expect(w.owns(w.state.sockets)).toBe(false);
  });

  it("removes a key from its copy of the table, pruning the emptied node, not from the snapshot", () => {
    const base = snapshot();
    const w = new Edit(base);
    expect(w.deleteIn(w.root(), "sockets", 40)).toBe(true);
    const next = w.finish(false);
    expect(trieGet(next.sockets, 40)).toBeUndefined();
    expect(next.sockets.size).toBe(2);
    expect(next.sockets.root[1]).toBeUndefined();
    expect(next.sockets.root[0]).toBe(base.sockets.root[0]);
    expect(socketAt(base, 40)).toEqual(socket(40));
    expect(base.sockets.size).toBe(3);
  });

  it("finish(false) with no edit returns the snapshot itself, and so does finish(true)", () => {
    const base = snapshot(false);
    expect(new Edit(base).finish(false)).toBe(base);
    expect(new Edit(base).finish(true)).toBe(base);
    expect(Object.isFrozen(base)).toBe(false);
    // Reads and refused lookups are not edits.
    const w = new Edit(base);
    expect(w.deleteIn(base, "sockets", 9)).toBe(false);
    expect(w.editIn(base, "sockets", 9)).toBeUndefined();
    expect(w.finish(true)).toBe(base);
  });

  it("finish(false) leaves what it made writable", () => {
    const w = new Edit(snapshot());
    const s = editSocket(w, 1);
    const next = w.finish(false);
    expect(Object.isFrozen(next)).toBe(false);
    expect(Object.isFrozen(s)).toBe(false);
    expect(Object.isFrozen(next.sockets)).toBe(false);
  });

  it("finish(true) deep-freezes what was made, but not the contents of byte buffers", () => {
    const w = new Edit(snapshot());
    const s = editSocket(w, 1);
    const bytes = new Uint8Array([1, 2, 3]);
    const net = { phase: "open", queue: { bytes, parts: [{ n: 1 }] } };
    s.net = net as unknown as SocketRecord["net"];
    const next = w.finish(true);
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.sockets)).toBe(true);
    expect(Object.isFrozen(next.sockets.root)).toBe(true);
    expect(Object.isFrozen(next.sockets.root[0])).toBe(true);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(net)).toBe(true);
    expect(Object.isFrozen(net.queue)).toBe(true);
    expect(Object.isFrozen(net.queue.parts)).toBe(true);
    expect(Object.isFrozen(net.queue.parts[0])).toBe(true);
    expect(Object.isFrozen(bytes)).toBe(false);
    bytes[0] = 9;
    expect(bytes[0]).toBe(9);
  });

  it("finish(true) stops at what the snapshot shares: a frozen shared object is not walked", () => {
    // A snapshot frozen only at the top of its socket table: the records below were not made by
    // this call, so finishing it must leave them as they are.
    const base = snapshot(false);
    Object.freeze(base.sockets);
    const w = new Edit(base);
    w.root().clock = 1;
    const next = w.finish(true);
    expect(Object.isFrozen(next)).toBe(true);
    expect(next.sockets).toBe(base.sockets);
    expect(Object.isFrozen(base.sockets.root)).toBe(false);
    expect(Object.isFrozen(socketAt(base, 1))).toBe(false);
  });

  it("asks for a full draft by throwing Escalate", () => {
    const w = new Edit(snapshot());
    let thrown: unknown;
    try {
      w.draft();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(Escalate.signal);
    expect(thrown).toBeInstanceOf(Escalate);
  });
});

/** The same writes through any Writer: what a small call body does. */
function body(w: Writer): void {
  w.root().nextSocketId = 41;
  editSocket(w, 1).refCount = 2;
  editSocket(w, 1).options = { linger: 1 };
  editThread(w, PID, PID + 4).lastError = 10035;
  editProcess(w, 2048).startupCount = 2;
  w.setIn(w.root(), "sockets", 41, socket(41));
  w.setIn(w.root(), "sockets", 2000, socket(2000));
  expect(w.deleteIn(w.root(), "sockets", 2)).toBe(true);
  expect(w.deleteIn(w.root(), "sockets", 2)).toBe(false);
  const ports = w.own(w.root(), "ports");
  w.setIn(ports, "udp", 53, [41]);
  const bound = w.editIn<number[]>(ports, "tcp", 80);
  bound?.push(41);
}

describe("DraftWriter, the reference", () => {
  it("makes the state Edit makes from the same writes", () => {
    const base = snapshot();
    const copy = structuredClone(base);
    const fast = new Edit(base);
    body(fast);
    const draft = createDraft(base);
    const reference = new DraftWriter(draft);
    body(reference);
    const slow = finishDraft(draft) as KernelState;
    expect(fast.finish(true)).toEqual(slow);
    expect(trieGet(slow.sockets, 2000)).toEqual(socket(2000));
    expect(trieGet(slow.ports.tcp, 80)).toEqual([1, 41]);
    expect(slow.sockets.size).toBe(4);
    expect(base).toEqual(copy);
  });

  it("hands out the draft itself: as the state, the root, the draft and every holder's field", () => {
    const draft = createDraft(snapshot()) as Draft<KernelState>;
    const w = new DraftWriter(draft);
    expect(w.state).toBe(draft);
    expect(w.root()).toBe(draft);
    expect(w.draft()).toBe(draft);
    expect(w.own(draft, "ports")).toBe(draft.ports);
    expect(w.editIn(draft, "sockets", 1)).toBe(trieGet(draft.sockets as Trie<SocketRecord>, 1));
    expect(w.editIn(draft, "sockets", 9)).toBeUndefined();
    expect(w.deleteIn(draft, "sockets", 9)).toBe(false);
    w.setIn(draft, "sockets", 7, socket(7));
    expect(trieGet(draft.sockets as Trie<SocketRecord>, 7)).toEqual(socket(7));
    finishDraft(draft);
  });
});
