/**
 * How a kernel call writes its changes: the `Writer` a call body gets.
 *
 * Two implementations, one meaning:
 *
 * - `Edit` copies by hand exactly the objects a call changes. The body reads the previous
 *   snapshot directly (no proxy), and asks for a record when it means to write it
 *   (`editSocket`, `editProcess`, `editIn`); the record, the trie nodes on its path and the
 *   tables above it are copied once, and every untouched table and record is shared with the
 *   previous snapshot. Nothing of the previous snapshot is ever written, so a failed call is
 *   dropped as it is. This is the fast path (docs/performance.md, "The call path").
 * - `DraftWriter` does the same through an immer draft of the whole state. It is the reference
 *   the fast path is checked against (test/kernel/write-paths.test.ts), and the way every part of
 *   the kernel that has not been written for `Edit` keeps working: such a part asks for
 *   `writer.draft()`, and under `Edit` that request restarts the call on a draft (`Escalate`).
 *   A call body is a pure function of the state and its arguments, so running it again is
 *   safe and gives the same answer.
 *
 * The rule for code that writes through a Writer: records come from the `edit*` methods, and a
 * nested object (a socket's `net`, a process's `threads`) is replaced with a new one, never
 * changed in place, unless it came from `own`. `Mutable<T>` is shallow on purpose, so the type
 * checker refuses a write two levels down. And a body asks for a record only when a value really
 * changes: immer gives back the very same state for a write of an equal value, `Edit` an equal
 * copy, and the facade tells "nothing changed" by identity (the re-enabling after a call).
 */
import type { Draft } from "immer";
import type {
  KernelState,
  ProcessId,
  ProcessRecord,
  SocketId,
  SocketRecord,
  ThreadRecord,
} from "./state.js";
import {
  type NodeOwner,
  type Trie,
  trieDelete,
  trieDeleteIn,
  trieGet,
  trieSet,
  trieSetIn,
} from "./trie.js";

/** One level of write access: the object's own fields, not what they point to. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Thrown inside an `Edit` by code that needs a full draft; the call is run again on one. */
export class Escalate {
  static readonly signal = new Escalate();
  private constructor() {}
}

export interface Writer {
  /** The state as this call has changed it so far: read it, never write it. */
  readonly state: KernelState;
  /** The top-level record, writable (counters, the clock). */
  root(): Mutable<KernelState>;
  /** The whole state as an immer draft, for code written against drafts (see above). */
  draft(): Draft<KernelState>;
  /** A writable copy of `holder[field]`, placed there; `holder` must be writable already. */
  own<H extends object, K extends keyof H>(
    holder: H,
    field: K,
    copy?: (value: NonNullable<H[K]>) => NonNullable<H[K]>,
  ): Mutable<NonNullable<H[K]>>;
  /**
   * The record at `key` in the trie `holder[field]`, writable; undefined if absent. `copy`
   * makes the writable copy (a shallow one by default).
   */
  editIn<T>(
    holder: object,
    field: string,
    key: number,
    copy?: (record: T) => T,
  ): Mutable<T> | undefined;
  /** Stores `value` at `key` in the trie `holder[field]`. */
  setIn<T>(holder: object, field: string, key: number, value: T): void;
  /** Removes `key` from the trie `holder[field]`; returns whether it was there. */
  deleteIn(holder: object, field: string, key: number): boolean;
}

// ---- Typed conveniences over the generic operations ------------------------------------------

// Each record kind is copied at its own site, so that V8 sees one object shape per site. The
// two records every call copies are spelt out field by field: a spread of them measured 5 to 10
// times slower than the rest of a socket() call (docs/performance.md). A field added to the
// type and forgotten here is a compile error: every field is required.
function copySocket(s: SocketRecord): SocketRecord {
  const copy: Mutable<SocketRecord> = {
    id: s.id,
    af: s.af,
    type: s.type,
    protocol: s.protocol,
    catalogEntryId: s.catalogEntryId,
    creationFlags: s.creationFlags,
    nonBlocking: s.nonBlocking,
    options: s.options,
    refCount: s.refCount,
    net: s.net,
  };
  // Absent until first used (state.ts): the key stays absent, as the reference path keeps it.
  if (s.notify !== undefined) copy.notify = s.notify;
  if (s.completion !== undefined) copy.completion = s.completion;
  if (s.acceptContext !== undefined) copy.acceptContext = s.acceptContext;
  if (s.completionModes !== undefined) copy.completionModes = s.completionModes;
  return copy;
}

function copyProcess(p: ProcessRecord): ProcessRecord {
  return {
    pid: p.pid,
    name: p.name,
    startupCount: p.startupCount,
    wsaVersion: p.wsaVersion,
    handles: p.handles,
    freeHandles: p.freeHandles,
    nextHandle: p.nextHandle,
    threads: p.threads,
    mainThread: p.mainThread,
  };
}

function copyState(s: KernelState): Mutable<KernelState> {
  return {
    sockets: s.sockets,
    processes: s.processes,
    duplications: s.duplications,
    events: s.events,
    nextEventId: s.nextEventId,
    nextSocketId: s.nextSocketId,
    nextClientId: s.nextClientId,
    nextDuplicationId: s.nextDuplicationId,
    clock: s.clock,
    blocked: s.blocked,
    io: s.io,
    completionPorts: s.completionPorts,
    nextPortId: s.nextPortId,
    timers: s.timers,
    nextSeq: s.nextSeq,
    windows: s.windows,
    nextHwnd: s.nextHwnd,
    ports: s.ports,
  };
}

export function editSocket(w: Writer, id: SocketId): Mutable<SocketRecord> {
  const socket = w.editIn<SocketRecord>(w.root(), "sockets", id, copySocket);
  if (socket === undefined) throw new Error(`kernel invariant: no socket ${id} to change`);
  return socket;
}

export function editProcess(w: Writer, pid: ProcessId): Mutable<ProcessRecord> {
  const process = w.editIn<ProcessRecord>(w.root(), "processes", pid / 4, copyProcess);
  if (process === undefined) throw new Error(`kernel invariant: no process ${pid} to change`);
  return process;
}

export function editThread(w: Writer, pid: ProcessId, tid: number): Mutable<ThreadRecord> {
  const threads = w.own(editProcess(w, pid), "threads") as Record<number, ThreadRecord>;
  if (threads[tid] === undefined) throw new Error(`kernel invariant: no thread ${tid} to change`);
  return w.own(threads, tid) as Mutable<ThreadRecord>;
}

// ---- The fast path ----------------------------------------------------------------------------

function copyOf<T extends object>(value: T): T {
  return (Array.isArray(value) ? value.slice() : { ...value }) as T;
}

type MutableTrie = { depth: number; size: number; root: unknown[] };

function copyTrie(t: MutableTrie): MutableTrie {
  return { depth: t.depth, size: t.size, root: t.root };
}

export class Edit implements Writer, NodeOwner {
  #top: Mutable<KernelState> | null = null;
  /**
   * Objects this call made, and may therefore write. A call makes a handful (the top record,
   * a few tries, their nodes on one path, a record or two), so a list beats a set here.
   */
  readonly #owned: object[] = [];

  constructor(readonly base: KernelState) {}

  get state(): KernelState {
    return this.#top ?? this.base;
  }

  owns(object: object): boolean {
    return this.#owned.includes(object);
  }

  adopt(object: object): void {
    this.#owned.push(object);
  }

  root(): Mutable<KernelState> {
    if (this.#top === null) {
      this.#top = copyState(this.base);
      this.#owned.push(this.#top);
    }
    return this.#top;
  }

  draft(): never {
    throw Escalate.signal;
  }

  own<H extends object, K extends keyof H>(
    holder: H,
    field: K,
    copier?: (value: NonNullable<H[K]>) => NonNullable<H[K]>,
  ): Mutable<NonNullable<H[K]>> {
    const value = holder[field] as unknown as object;
    if (this.#owned.includes(value)) return value as Mutable<NonNullable<H[K]>>;
    if (!this.#owned.includes(holder))
      throw new Error("kernel invariant: write to a shared object");
    const copy =
      copier === undefined ? copyOf(value) : (copier(value as NonNullable<H[K]>) as object);
    this.#owned.push(copy);
    (holder as Record<PropertyKey, unknown>)[field as PropertyKey] = copy;
    return copy as Mutable<NonNullable<H[K]>>;
  }

  /** The trie `holder[field]`, writable: a fixed-shape copy, the nodes stay shared. */
  #trie(holder: object, field: string): MutableTrie {
    return this.own(holder as Record<string, MutableTrie>, field, copyTrie);
  }

  editIn<T>(
    holder: object,
    field: string,
    key: number,
    copy: (record: T) => T = copyOf as (record: T) => T,
  ): Mutable<T> | undefined {
    const current = trieGet((holder as Record<string, Trie<T>>)[field] as Trie<T>, key);
    if (current === undefined) return undefined;
    if (this.#owned.includes(current as object)) return current as Mutable<T>;
    const writable = copy(current);
    this.#owned.push(writable as object);
    trieSetIn(this.#trie(holder, field) as Trie<T>, key, writable, this);
    return writable as Mutable<T>;
  }

  setIn<T>(holder: object, field: string, key: number, value: T): void {
    trieSetIn(this.#trie(holder, field) as Trie<T>, key, value, this);
  }

  deleteIn(holder: object, field: string, key: number): boolean {
    const table = (holder as Record<string, Trie<unknown>>)[field] as Trie<unknown>;
    if (trieGet(table, key) === undefined) return false;
    return trieDeleteIn(this.#trie(holder, field), key, this);
  }

  /** The new snapshot; in the test suite (WINSOCK_SIM_FREEZE=1) frozen like immer's. */
  finish(freeze: boolean): KernelState {
    if (this.#top === null) return this.base;
    if (freeze) for (const object of this.#owned) deepFreeze(object);
    return this.#top;
  }
}

/** Freezes what this call made; shared parts are frozen already and stop the walk. */
function deepFreeze(value: object): void {
  // Byte buffers cannot be frozen (immer leaves them alone too): bytes are never written after
  // they are queued, by the queues' own contract (net/queues.ts).
  if (Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) {
    if (typeof child === "object" && child !== null) deepFreeze(child);
  }
}

// ---- The reference path -----------------------------------------------------------------------

export class DraftWriter implements Writer {
  constructor(readonly whole: Draft<KernelState>) {}

  get state(): KernelState {
    return this.whole as KernelState;
  }

  root(): Mutable<KernelState> {
    return this.whole as Mutable<KernelState>;
  }

  draft(): Draft<KernelState> {
    return this.whole;
  }

  own<H extends object, K extends keyof H>(holder: H, field: K): Mutable<NonNullable<H[K]>> {
    return holder[field] as Mutable<NonNullable<H[K]>>;
  }

  editIn<T>(holder: object, field: string, key: number): Mutable<T> | undefined {
    return trieGet((holder as Record<string, Trie<T>>)[field] as Trie<T>, key) as
      | Mutable<T>
      | undefined;
  }

  setIn<T>(holder: object, field: string, key: number, value: T): void {
    trieSet((holder as Record<string, Trie<T>>)[field] as Trie<T>, key, value);
  }

  deleteIn(holder: object, field: string, key: number): boolean {
    return trieDelete((holder as Record<string, Trie<unknown>>)[field] as Trie<unknown>, key);
  }
}
