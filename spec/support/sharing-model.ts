/**
 * A deliberately small model of shared sockets, and fast-check commands that drive the real
 * simulator and the model side by side.
 *
 * The model knows only what the rules say: which descriptors each process holds and which model
 * socket each names, which duplications are outstanding, each process's WSAStartup count, and
 * one option value per socket. It predicts every call's result and error; the real simulator
 * must agree, and the invariants in `checkInvariants` must hold after every step.
 */
import fc from "fast-check";
import {
  AF_INET,
  FROM_PROTOCOL_INFO,
  INVALID_POINTER,
  INVALID_SOCKET,
  int32,
  intRef,
  kernel,
  readInt32,
  type SimProcess,
  Simulation,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  SOL_SOCKET_OPTIONS,
  type WinsockThread,
  WSA_ERRORS,
  WSA_FLAGS,
  WSADATA,
} from "../../src/index.js";
import { check } from "./check.js";

const { SO_SNDBUF } = SOL_SOCKET_OPTIONS;
export const PROCESS_NAMES = ["P0", "P1", "P2"] as const;
type ProcessName = (typeof PROCESS_NAMES)[number];

interface ModelProcess {
  /** Changes when the process exits and a new one takes the name. */
  generation: number;
  started: number;
  /** Live descriptors: handle value -> model socket id. */
  descriptors: Map<number, number>;
  /** Live event handles. */
  events: Set<number>;
  threads: number;
}

interface ModelSocket {
  sndbuf: number | undefined;
}

interface ModelInfo {
  socket: number;
  target: ProcessName;
  targetGeneration: number;
  bytes: Uint8Array;
  used: boolean;
}

export class Model {
  procs = new Map<ProcessName, ModelProcess>();
  sockets = new Map<number, ModelSocket>();
  infos: ModelInfo[] = [];
  nextSocket = 1;
  generation = 0;
  /** The SO_SNDBUF a socket reads before anyone sets it. */
  constructor(readonly defaultSndbuf: number) {}

  /** Drops sockets no descriptor and no outstanding duplication refers to. */
  collect(): void {
    const referenced = new Set<number>();
    for (const proc of this.procs.values())
      for (const id of proc.descriptors.values()) referenced.add(id);
    for (const info of this.infos) if (this.pending(info)) referenced.add(info.socket);
    for (const id of [...this.sockets.keys()]) if (!referenced.has(id)) this.sockets.delete(id);
  }

  /** An issued structure whose handle still sits, unclaimed, in a live target. */
  pending(info: ModelInfo): boolean {
    return !info.used && this.procs.get(info.target)?.generation === info.targetGeneration;
  }
}

export interface Real {
  sim: Simulation;
  /** Model socket id -> kernel socket id, learned when the socket is created. */
  kernelIds: Map<number, number>;
}

function proc(real: Real, name: ProcessName): SimProcess {
  return real.sim.process(name);
}

function thread(real: Real, name: ProcessName, index: number): WinsockThread {
  const p = proc(real, name);
  const threads = [p.main, ...(extraThreads.get(p) ?? [])];
  return threads[index % threads.length] as WinsockThread;
}

const extraThreads = new WeakMap<SimProcess, WinsockThread[]>();

/** Picks a descriptor of a process by index, or a value that names nothing there. */
function pickDescriptor(model: Model, name: ProcessName, pick: number): number {
  const live = [...(model.procs.get(name)?.descriptors.keys() ?? [])];
  if (pick >= 0 && live.length > 0) return live[pick % live.length] as number;
  const stale = [INVALID_SOCKET, 0, 3, 4 * (1 + (-pick % 40)), 0x7ffffff0];
  return stale[-pick % stale.length] as number;
}

/** The error a call on descriptor `s` of a started process gets before anything else. */
function descriptorError(model: Model, name: ProcessName, s: number): number {
  const p = model.procs.get(name) as ModelProcess;
  if (p.started === 0) return WSA_ERRORS.WSANOTINITIALISED;
  if (!p.descriptors.has(s)) return WSA_ERRORS.WSAENOTSOCK;
  return 0;
}

/** Checks a failed call: its return value, the thread's error, and that nothing else changed. */
function expectFailure(
  real: Real,
  t: WinsockThread,
  ret: unknown,
  failRet: number,
  error: number,
): void {
  check(ret).toBe(failRet);
  check(t.WSAGetLastError()).toBe(error);
  const last = real.sim.last as NonNullable<typeof real.sim.last>;
  check(last.after.sockets).toBe(last.before.sockets);
  check(last.after.duplications).toBe(last.before.duplications);
  for (const [key, before] of kernel.trieEntries(last.before.processes)) {
    const after = kernel.trieGet(last.after.processes, key);
    check(after?.handles).toBe(before.handles);
    check(after?.startupCount).toBe(before.startupCount);
  }
}

abstract class Step implements fc.Command<Model, Real> {
  abstract check(model: Readonly<Model>): boolean;
  abstract act(model: Model, real: Real): void;
  abstract toString(): string;
  /** Every step ends with the invariants, so a failure names the first step that broke one. */
  run(model: Model, real: Real): void {
    this.act(model, real);
    checkInvariants(model, real);
  }
}

abstract class OnLiveProcess extends Step {
  constructor(readonly name: ProcessName) {
    super();
  }
  check(model: Readonly<Model>): boolean {
    return model.procs.has(this.name);
  }
}

export class Spawn extends Step {
  constructor(readonly name: ProcessName) {
    super();
  }
  check(model: Readonly<Model>): boolean {
    return !model.procs.has(this.name);
  }
  act(model: Model, real: Real): void {
    real.sim.createProcess(this.name);
    model.generation += 1;
    model.procs.set(this.name, {
      generation: model.generation,
      started: 0,
      descriptors: new Map(),
      events: new Set(),
      threads: 1,
    });
  }
  toString(): string {
    return `Spawn(${this.name})`;
  }
}

export class Exit extends OnLiveProcess {
  act(model: Model, real: Real): void {
    proc(real, this.name).exit();
    model.procs.delete(this.name);
    model.collect();
  }
  toString(): string {
    return `Exit(${this.name})`;
  }
}

export class NewThread extends OnLiveProcess {
  override check(model: Readonly<Model>): boolean {
    return super.check(model) && (model.procs.get(this.name)?.threads ?? 9) < 3;
  }
  act(model: Model, real: Real): void {
    const p = proc(real, this.name);
    const list = extraThreads.get(p) ?? [];
    list.push(p.createThread());
    extraThreads.set(p, list);
    (model.procs.get(this.name) as ModelProcess).threads += 1;
  }
  toString(): string {
    return `NewThread(${this.name})`;
  }
}

export class Startup extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly version: number,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const p = model.procs.get(this.name) as ModelProcess;
    const code = proc(real, this.name).main.WSAStartup(this.version, new WSADATA());
    if ((this.version & 0xff) === 0) {
      check(code).toBe(WSA_ERRORS.WSAVERNOTSUPPORTED);
    } else {
      check(code).toBe(0);
      p.started += 1;
    }
  }
  toString(): string {
    return `Startup(${this.name}, 0x${this.version.toString(16)})`;
  }
}

export class Cleanup extends OnLiveProcess {
  act(model: Model, real: Real): void {
    const p = model.procs.get(this.name) as ModelProcess;
    const t = proc(real, this.name).main;
    const ret = t.WSACleanup();
    if (p.started === 0) {
      expectFailure(real, t, ret, SOCKET_ERROR, WSA_ERRORS.WSANOTINITIALISED);
      return;
    }
    check(ret).toBe(0);
    p.started -= 1;
    if (p.started === 0) {
      p.descriptors.clear();
      model.collect();
    }
  }
  toString(): string {
    return `Cleanup(${this.name})`;
  }
}

export class CreateSocket extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly threadIndex: number,
    readonly datagram: boolean,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const p = model.procs.get(this.name) as ModelProcess;
    const t = thread(real, this.name, this.threadIndex);
    const s = t.socket(AF_INET, this.datagram ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (p.started === 0) {
      expectFailure(real, t, s, INVALID_SOCKET, WSA_ERRORS.WSANOTINITIALISED);
      return;
    }
    check(s % 4).toBe(0);
    check(s).toBeGreaterThan(0);
    check(p.descriptors.has(s) || p.events.has(s)).toBe(false);
    check(t.WSAGetLastError()).toBe(0);
    const id = model.nextSocket++;
    model.sockets.set(id, { sndbuf: undefined });
    p.descriptors.set(s, id);
    const entry = kernel.trieGet(kernel.findProcess(real.sim.state, t.pid)!.handles, s / 4);
    if (entry?.kind !== "socket") throw new Error("no handle entry for a new socket");
    real.kernelIds.set(id, entry.socket);
  }
  toString(): string {
    return `Socket(${this.name}#${this.threadIndex}, ${this.datagram ? "UDP" : "TCP"})`;
  }
}

export class Close extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly threadIndex: number,
    readonly pick: number,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const s = pickDescriptor(model, this.name, this.pick);
    const t = thread(real, this.name, this.threadIndex);
    const ret = t.closesocket(s);
    const error = descriptorError(model, this.name, s);
    if (error !== 0) {
      expectFailure(real, t, ret, SOCKET_ERROR, error);
      return;
    }
    check(ret).toBe(0);
    (model.procs.get(this.name) as ModelProcess).descriptors.delete(s);
    model.collect();
  }
  toString(): string {
    return `Close(${this.name}#${this.threadIndex}, pick ${this.pick})`;
  }
}

/** closesocket on an event handle: WSAENOTSOCK, and the event survives (rule HANDLE-KIND). */
export class CloseEventHandle extends Close {
  override act(model: Model, real: Real): void {
    const s = pickEventOr(model, this.name, this.pick);
    const t = thread(real, this.name, this.threadIndex);
    const ret = t.closesocket(s);
    const error = descriptorError(model, this.name, s);
    if (error !== 0) {
      expectFailure(real, t, ret, SOCKET_ERROR, error);
      return;
    }
    check(ret).toBe(0);
    (model.procs.get(this.name) as ModelProcess).descriptors.delete(s);
    model.collect();
  }
  override toString(): string {
    return `CloseSocketOnAnyHandle(${this.name}#${this.threadIndex}, pick ${this.pick})`;
  }
}

export class Duplicate extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly pick: number,
    readonly target: ProcessName,
    readonly wide: boolean,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const s = pickDescriptor(model, this.name, this.pick);
    const t = proc(real, this.name).main;
    const targetProc = model.procs.get(this.target);
    const pid = targetProc === undefined ? 0 : proc(real, this.target).pid;
    const bytes = new Uint8Array(this.wide ? 628 : 372);
    const ret = this.wide
      ? t.WSADuplicateSocketW(s, pid, bytes)
      : t.WSADuplicateSocketA(s, pid, bytes);
    let error = descriptorError(model, this.name, s);
    if (error === 0 && targetProc === undefined) error = WSA_ERRORS.WSAEINVAL;
    if (error !== 0) {
      expectFailure(real, t, ret, SOCKET_ERROR, error);
      return;
    }
    check(ret).toBe(0);
    const socket = (model.procs.get(this.name) as ModelProcess).descriptors.get(s) as number;
    model.infos.push({
      socket,
      target: this.target,
      targetGeneration: (targetProc as ModelProcess).generation,
      bytes,
      used: false,
    });
  }
  toString(): string {
    return `Duplicate(${this.name}, pick ${this.pick} -> ${this.target}, ${this.wide ? "W" : "A"})`;
  }
}

/**
 * The fields of WSAPROTOCOL_INFOA/W, as [name, offset, size] (the structures are identical up to
 * szProtocol, CHAR[256] in the A form and WCHAR[256] in the W form; x64 layout of the headers).
 * A field mutation writes its first four bytes (or fewer for a shorter field).
 */
export const PROTOCOL_INFO_FIELDS: readonly (readonly [string, number, number])[] = [
  ["dwServiceFlags1", 0, 4],
  ["dwServiceFlags2", 4, 4],
  ["dwServiceFlags3", 8, 4],
  ["dwServiceFlags4", 12, 4],
  ["dwProviderFlags", 16, 4],
  ["ProviderId", 20, 16],
  ["dwCatalogEntryId", 36, 4],
  ["ProtocolChain.ChainLen", 40, 4],
  ...Array.from(
    { length: 7 },
    (_, i) => [`ProtocolChain.ChainEntries[${i}]`, 44 + 4 * i, 4] as const,
  ),
  ["iVersion", 72, 4],
  ["iAddressFamily", 76, 4],
  ["iMaxSockAddr", 80, 4],
  ["iMinSockAddr", 84, 4],
  ["iSocketType", 88, 4],
  ["iProtocol", 92, 4],
  ["iProtocolMaxOffset", 96, 4],
  ["iNetworkByteOrder", 100, 4],
  ["iSecurityScheme", 104, 4],
  ["dwMessageSize", 108, 4],
  ["dwProviderReserved", 112, 4],
  ["szProtocol", 116, 4],
];

/**
 * The byte ranges WSASocket compares with the socket a duplication names (rule DUP-INFO-CHECK:
 * provider id, catalog entry, family, type, protocol); every other field is not looked at.
 */
const CHECKED_RANGES: readonly (readonly [number, number])[] = [
  [20, 40], // ProviderId, dwCatalogEntryId
  [76, 80], // iAddressFamily
  [88, 96], // iSocketType, iProtocol
];
const RESERVED = 112;
const CATALOG_ENTRY_ID = 36;

/** How a structure is altered between WSADuplicateSocket and WSASocket. */
export type InfoMutation =
  | { readonly kind: "none" }
  | { readonly kind: "bit"; readonly offset: number; readonly bit: number }
  | { readonly kind: "field"; readonly field: number; readonly value: number }
  | { readonly kind: "reserved-zero" }
  | { readonly kind: "reserved-other"; readonly pick: number };

export const infoMutationArb: fc.Arbitrary<InfoMutation> = fc.oneof(
  fc.constant<InfoMutation>({ kind: "none" }),
  fc.record({
    kind: fc.constant("bit" as const),
    offset: fc.nat({ max: 627 }),
    bit: fc.nat({ max: 7 }),
  }),
  fc.record({
    kind: fc.constant("field" as const),
    field: fc.nat({ max: PROTOCOL_INFO_FIELDS.length - 1 }),
    value: fc.oneof(fc.constantFrom(0, 1, 2, 6, 17, 23, 0xffffffff), fc.nat({ max: 0xffffffff })),
  }),
  fc.constant<InfoMutation>({ kind: "reserved-zero" }),
  fc.record({ kind: fc.constant("reserved-other" as const), pick: fc.nat() }),
);

function describeMutation(m: InfoMutation): string {
  switch (m.kind) {
    case "none":
      return "";
    case "bit":
      return `, bit ${m.bit} of byte ${m.offset} flipped`;
    case "field":
      return `, ${PROTOCOL_INFO_FIELDS[m.field]?.[0]} = 0x${m.value.toString(16)}`;
    case "reserved-zero":
      return ", dwProviderReserved = 0";
    case "reserved-other":
      return `, dwProviderReserved of info ${m.pick}`;
  }
}

const reservedOf = (bytes: Uint8Array) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(RESERVED, true);

function mutate(bytes: Uint8Array, m: InfoMutation, infos: readonly ModelInfo[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (m.kind) {
    case "none":
      return;
    case "bit": {
      const offset = m.offset % bytes.length;
      bytes[offset] = (bytes[offset] as number) ^ (1 << m.bit);
      return;
    }
    case "field": {
      const [, offset, size] = PROTOCOL_INFO_FIELDS[m.field] as readonly [string, number, number];
      for (let i = 0; i < Math.min(size, 4); i++) bytes[offset + i] = (m.value >>> (8 * i)) & 0xff;
      return;
    }
    case "reserved-zero":
      view.setUint32(RESERVED, 0, true);
      return;
    case "reserved-other": {
      const other = infos[m.pick % infos.length] as ModelInfo;
      view.setUint32(RESERVED, reservedOf(other.bytes), true);
      return;
    }
  }
}

/**
 * WSASocket(FROM_PROTOCOL_INFO ×3) with a structure from WSADuplicateSocket, possibly altered.
 * What the model expects (the simulator's decided behaviour, rules SOCK-FROM-INFO, DUP-INFO-CHECK,
 * DUP-SINGLE-USE, DUP-TARGET-ONLY; see the report of issue 12 for what no source settles):
 * - dwProviderReserved 0: not a duplication; WSAEINVAL if dwCatalogEntryId names no catalog
 *   entry (1001..1006), else a new socket is made from the family, type and protocol of the
 *   structure;
 * - otherwise dwProviderReserved names a duplication: unknown, used, or meant for another process
 *   (or an earlier life of this one) is WSAEINVAL; so is a provider id, catalog entry, family,
 *   type or protocol other than that duplication's; else that duplication's socket is imported;
 * - every other field is ignored.
 */
export class Import extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly infoPick: number,
    readonly mutation: InfoMutation,
  ) {
    super(name);
  }
  override check(model: Readonly<Model>): boolean {
    return super.check(model) && model.infos.length > 0;
  }
  act(model: Model, real: Real): void {
    const info = model.infos[this.infoPick % model.infos.length] as ModelInfo;
    const p = model.procs.get(this.name) as ModelProcess;
    const t = proc(real, this.name).main;
    const bytes = info.bytes.slice();
    mutate(bytes, this.mutation, model.infos);
    const wide = bytes.length === 628;
    const fpi = FROM_PROTOCOL_INFO;
    const flags = WSA_FLAGS.WSA_FLAG_OVERLAPPED;
    const s = wide
      ? t.WSASocketW(fpi, fpi, fpi, bytes, 0, flags)
      : t.WSASocketA(fpi, fpi, fpi, bytes, 0, flags);
    if (p.started === 0) {
      expectFailure(real, t, s, INVALID_SOCKET, WSA_ERRORS.WSANOTINITIALISED);
      return;
    }
    const reserved = reservedOf(bytes);
    const catalogId = new DataView(bytes.buffer).getUint32(CATALOG_ENTRY_ID, true);
    if (reserved === 0 && !(catalogId >= 1001 && catalogId <= 1006)) {
      // Not a duplication and no catalog entry named: invalid contents (SOCK-FROM-INFO).
      expectFailure(real, t, s, INVALID_SOCKET, WSA_ERRORS.WSAEINVAL);
      return;
    }
    if (reserved === 0) {
      // One field at most was altered, so family, type and protocol still name a provider.
      check(s).not.toBe(INVALID_SOCKET);
      check(p.descriptors.has(s) || p.events.has(s)).toBe(false);
      const id = model.nextSocket++;
      model.sockets.set(id, { sndbuf: undefined });
      p.descriptors.set(s, id);
      const entry = kernel.trieGet(kernel.findProcess(real.sim.state, t.pid)!.handles, s / 4);
      if (entry?.kind !== "socket") throw new Error("no handle entry for a new socket");
      real.kernelIds.set(id, entry.socket);
      return;
    }
    const named = model.infos.find((other) => reservedOf(other.bytes) === reserved);
    const valid =
      named !== undefined &&
      !named.used &&
      named.target === this.name &&
      named.targetGeneration === p.generation &&
      CHECKED_RANGES.every(([from, to]) =>
        bytes.subarray(from, to).every((byte, i) => byte === named.bytes[from + i]),
      );
    if (!valid) {
      expectFailure(real, t, s, INVALID_SOCKET, WSA_ERRORS.WSAEINVAL);
      return;
    }
    check(p.descriptors.has(s) || p.events.has(s)).toBe(false);
    named.used = true;
    p.descriptors.set(s, named.socket);
  }
  toString(): string {
    return `Import(${this.name}, info ${this.infoPick}${describeMutation(this.mutation)})`;
  }
}

export class SetSndbuf extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly threadIndex: number,
    readonly pick: number,
    readonly value: number,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const s = pickDescriptor(model, this.name, this.pick);
    const t = thread(real, this.name, this.threadIndex);
    const ret = t.setsockopt(s, SOL_SOCKET, SO_SNDBUF, int32(this.value), 4);
    const error = descriptorError(model, this.name, s);
    if (error !== 0) {
      expectFailure(real, t, ret, SOCKET_ERROR, error);
      return;
    }
    check(ret).toBe(0);
    const id = (model.procs.get(this.name) as ModelProcess).descriptors.get(s) as number;
    (model.sockets.get(id) as ModelSocket).sndbuf = this.value;
  }
  toString(): string {
    return `SetSndbuf(${this.name}#${this.threadIndex}, pick ${this.pick}, ${this.value})`;
  }
}

export class GetSndbuf extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly threadIndex: number,
    readonly pick: number,
    readonly badPointer: boolean,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const s = pickDescriptor(model, this.name, this.pick);
    const t = thread(real, this.name, this.threadIndex);
    const buffer = new Uint8Array(4);
    const len = intRef(4);
    const ret = t.getsockopt(
      s,
      SOL_SOCKET,
      SO_SNDBUF,
      buffer,
      this.badPointer ? INVALID_POINTER : len,
    );
    let error = descriptorError(model, this.name, s);
    if (error === 0 && this.badPointer) error = WSA_ERRORS.WSAEFAULT;
    if (error !== 0) {
      expectFailure(real, t, ret, SOCKET_ERROR, error);
      return;
    }
    check(ret).toBe(0);
    const id = (model.procs.get(this.name) as ModelProcess).descriptors.get(s) as number;
    check(readInt32(buffer)).toBe(
      (model.sockets.get(id) as ModelSocket).sndbuf ?? model.defaultSndbuf,
    );
    check(len.value).toBe(4);
  }
  toString(): string {
    return `GetSndbuf(${this.name}#${this.threadIndex}, pick ${this.pick}${this.badPointer ? ", bad optlen" : ""})`;
  }
}

export class CreateEvent extends OnLiveProcess {
  act(model: Model, real: Real): void {
    const p = model.procs.get(this.name) as ModelProcess;
    const t = proc(real, this.name).main;
    const h = t.WSACreateEvent();
    if (p.started === 0) {
      expectFailure(real, t, h, 0, WSA_ERRORS.WSANOTINITIALISED);
      return;
    }
    check(h % 4).toBe(0);
    check(p.descriptors.has(h) || p.events.has(h)).toBe(false);
    // WSACreateEvent is CreateEvent, which clears the last error on success (ERR-SUCCESS-CLEARS).
    check(t.WSAGetLastError()).toBe(0);
    p.events.add(h);
  }
  toString(): string {
    return `CreateEvent(${this.name})`;
  }
}

/**
 * WSACloseEvent (CloseHandle) on an event, a socket descriptor, a value that is no handle, or
 * INVALID_SOCKET, which is (HANDLE)-1, the current-process pseudo handle: closing it has no
 * effect and succeeds, leaving the last error (EVENT-OBJECT). Stale values here are never
 * multiples of 4, so they cannot hit a handle the model does not track (an unclaimed duplication
 * in this process).
 */
export class CloseHandle extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly pick: number,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const p = model.procs.get(this.name) as ModelProcess;
    const handles = [...p.events, ...p.descriptors.keys()];
    const h =
      this.pick >= 0 && handles.length > 0
        ? (handles[this.pick % handles.length] as number)
        : [0, 3, INVALID_SOCKET][-this.pick % 3]!;
    const t = proc(real, this.name).main;
    const before = t.WSAGetLastError();
    const ret = t.WSACloseEvent(h);
    if (p.started === 0) {
      expectFailure(real, t, ret, 0, WSA_ERRORS.WSANOTINITIALISED);
      return;
    }
    if (h === INVALID_SOCKET) {
      check(ret).toBe(1);
      check(t.WSAGetLastError()).toBe(before);
      const last = real.sim.last as NonNullable<typeof real.sim.last>;
      check(last.after.sockets).toBe(last.before.sockets);
      check(last.after.processes).toBe(last.before.processes);
      return;
    }
    if (!p.events.has(h) && !p.descriptors.has(h)) {
      expectFailure(real, t, ret, 0, WSA_ERRORS.WSA_INVALID_HANDLE);
      return;
    }
    check(ret).toBe(1);
    p.events.delete(h);
    p.descriptors.delete(h);
    model.collect();
  }
  toString(): string {
    return `CloseHandle(${this.name}, pick ${this.pick})`;
  }
}

/** WSASetEvent on an event (TRUE) or on a socket descriptor (FALSE, WSA_INVALID_HANDLE). */
export class SetEvent extends OnLiveProcess {
  constructor(
    name: ProcessName,
    readonly pick: number,
  ) {
    super(name);
  }
  act(model: Model, real: Real): void {
    const p = model.procs.get(this.name) as ModelProcess;
    const handles = [...p.events, ...p.descriptors.keys()];
    if (handles.length === 0) return;
    const h = handles[this.pick % handles.length] as number;
    const t = proc(real, this.name).main;
    const ret = t.WSASetEvent(h);
    if (p.started === 0) {
      expectFailure(real, t, ret, 0, WSA_ERRORS.WSANOTINITIALISED);
      return;
    }
    if (!p.events.has(h)) {
      expectFailure(real, t, ret, 0, WSA_ERRORS.WSA_INVALID_HANDLE);
      return;
    }
    check(ret).toBe(1);
  }
  toString(): string {
    return `SetEvent(${this.name}, pick ${this.pick})`;
  }
}

/** A pick that lands on an event handle when the process has one, for socket calls. */
function pickEventOr(model: Model, name: ProcessName, pick: number): number {
  const events = [...(model.procs.get(name)?.events ?? [])];
  return events.length > 0
    ? (events[Math.abs(pick) % events.length] as number)
    : pickDescriptor(model, name, pick);
}

const name = fc.constantFrom(...PROCESS_NAMES);
const pick = fc.integer({ min: -6, max: 20 });
const threadIndex = fc.nat({ max: 2 });

/** Every command, weighted so that sockets get created, shared and closed in earnest. */
export function sharingCommands() {
  return [
    name.map((n) => new Spawn(n)),
    name.map((n) => new Exit(n)),
    name.map((n) => new NewThread(n)),
    fc
      .tuple(name, fc.constantFrom(0x0202, 0x0202, 0x0101, 0x0000))
      .map(([n, v]) => new Startup(n, v)),
    name.map((n) => new Cleanup(n)),
    fc.tuple(name, threadIndex, fc.boolean()).map(([n, t, d]) => new CreateSocket(n, t, d)),
    fc.tuple(name, threadIndex, fc.boolean()).map(([n, t, d]) => new CreateSocket(n, t, d)),
    fc.tuple(name, threadIndex, pick).map(([n, t, k]) => new Close(n, t, k)),
    fc.tuple(name, pick, name, fc.boolean()).map(([n, k, to, w]) => new Duplicate(n, k, to, w)),
    fc.tuple(name, pick, name, fc.boolean()).map(([n, k, to, w]) => new Duplicate(n, k, to, w)),
    fc.tuple(name, fc.nat(), infoMutationArb).map(([n, i, m]) => new Import(n, i, m)),
    fc.tuple(name, fc.nat()).map(([n, i]) => new Import(n, i, { kind: "none" })),
    fc
      .tuple(name, threadIndex, pick, fc.integer({ min: 0, max: 1 << 20 }))
      .map(([n, t, k, v]) => new SetSndbuf(n, t, k, v)),
    fc
      .tuple(name, threadIndex, pick, fc.boolean())
      .map(([n, t, k, b]) => new GetSndbuf(n, t, k, b)),
    name.map((n) => new CreateEvent(n)),
    fc.tuple(name, fc.integer({ min: -3, max: 20 })).map(([n, k]) => new CloseHandle(n, k)),
    fc.tuple(name, fc.nat()).map(([n, k]) => new SetEvent(n, k)),
    fc.tuple(name, threadIndex, pick).map(([n, t, k]) => new CloseEventHandle(n, t, k)),
  ];
}

/**
 * The invariants every reachable state satisfies. Each names the rule it checks.
 */
export function checkInvariants(model: Model, real: Real): void {
  const state = real.sim.state;
  const entriesPerSocket = new Map<number, number>();
  for (const [, process] of kernel.trieEntries(state.processes)) {
    for (const [key, entry] of kernel.trieEntries(process.handles)) {
      // HANDLE-REUSE: handle values are non-zero multiples of 4.
      check(key).toBeGreaterThan(0);
      if (entry.kind === "socket") {
        entriesPerSocket.set(entry.socket, (entriesPerSocket.get(entry.socket) ?? 0) + 1);
      }
    }
  }
  // LIFE-REFCOUNT: the count equals the handle-table entries naming the socket, and
  // LIFE-LAST-CLOSE: a socket exists exactly while some entry names it.
  for (const [id, socket] of kernel.trieEntries(state.sockets)) {
    check(socket.refCount).toBe(entriesPerSocket.get(id) ?? 0);
    check(socket.refCount).toBeGreaterThan(0);
  }
  for (const id of entriesPerSocket.keys()) check(kernel.trieGet(state.sockets, id)).toBeDefined();
  check(state.sockets.size).toBe(model.sockets.size);
  // DESC-SHARED-STATE: every descriptor the model says names socket X names the same kernel socket.
  for (const [procName, p] of model.procs) {
    const kproc = kernel.findProcess(state, real.sim.process(procName).pid);
    check(kproc?.startupCount).toBe(p.started);
    for (const [handle, id] of p.descriptors) {
      const entry = kernel.trieGet(kproc!.handles, handle / 4);
      check(entry?.kind).toBe("socket");
      if (entry?.kind === "socket") {
        check(entry.pendingDuplication).toBeNull();
        check(entry.socket).toBe(real.kernelIds.get(id));
      }
    }
  }
}

/**
 * The SO_SNDBUF a socket reads before any set (rule OPT-DEFAULTS: 64 KiB on current Windows,
 * dotnet/dotnet-api-docs#9493). Written here from the source, not read from the simulator, so
 * that the model does not inherit a wrong default from the code it checks.
 */
export const WINDOWS_DEFAULT_SNDBUF = 65536;

export function newReal(): Real {
  return { sim: new Simulation(), kernelIds: new Map() };
}
