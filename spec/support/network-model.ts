/**
 * A small model of one loopback TCP connection whose two ends are shared by descriptors in
 * several processes, and fast-check commands that drive the real simulator and the model side
 * by side.
 *
 * The model knows what the rules say: a send is taken whole or not at all (NET-BUFFERS), bytes
 * move from the sender's queue into the receiver's as far as its window (max(SO_RCVBUF, 64 KiB)
 * less what is unread, NET-BUFFERS) allows and arrive in order (NET-STREAM-ORDER), a FIN follows
 * the last byte (NET-FIN), a non-last close changes nothing (LIFE-SHARED-CLOSE), the last close
 * is abortive with unread data and graceful otherwise, and a graceful one keeps the socket until
 * its bytes are delivered (NET-LAST-CLOSE, NET-GRACEFUL, NET-ABORTIVE-CLOSE), a reset discards
 * the peer's data (NET-RESET), and sending to a vanished peer succeeds once (NET-PEER-GONE).
 * Both sockets are non-blocking, so every call finishes at once; blocking is checked by its own
 * property.
 *
 * The model counts bytes; what they are is fixed by their place in the stream (`streamBytes`):
 * every byte read is checked against the byte sent at that offset of the other end's stream, so
 * a byte lost, duplicated or reordered is seen whatever the model's counts say.
 */
import fc from "fast-check";
import { expect } from "vitest";
import {
  AF_INET,
  BLOCKED,
  FIONBIO,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  int32,
  intRef,
  kernel,
  SHUTDOWN_HOW,
  Simulation,
  SO_RCVBUF,
  SO_RCVTIMEO,
  SO_SNDBUF,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
  WSADATA,
} from "../../src/index.js";
import { setup } from "./budget.js";
import { check } from "./check.js";

const { WSAECONNABORTED, WSAECONNRESET, WSAESHUTDOWN, WSAEWOULDBLOCK } = WSA_ERRORS;
export const NET_PROCESSES = ["P0", "P1", "P2"] as const;

/**
 * The least a stream receiver takes, whatever smaller SO_RCVBUF it has (rule NET-BUFFERS: the
 * default SO_RCVBUF of current Windows).
 */
export const MIN_WINDOW = 65536;

const PATTERN_BITS = 20;
/** 1 MiB of pseudo-random bytes (xorshift32): the content of both ends' streams. */
const PATTERN = (() => {
  const bytes = new Uint8Array(1 << PATTERN_BITS);
  let x = 0x2545f491;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
})();

/**
 * The `n` bytes at `offset` of the stream end `e` sends: end 1's stream starts half-way through
 * the pattern, so that the two directions differ.
 */
export function streamBytes(e: 0 | 1, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const size = PATTERN.length;
  let start = (offset + e * (size >> 1)) % size;
  let done = 0;
  while (done < n) {
    const part = Math.min(n - done, size - start);
    out.set(PATTERN.subarray(start, start + part), done);
    done += part;
    start = 0;
  }
  return out;
}

/** Expects `got` to be the `got.length` bytes at `offset` of end `e`'s stream. */
function expectStreamBytes(got: Uint8Array, e: 0 | 1, offset: number): void {
  const want = streamBytes(e, offset, got.length);
  let at = 0;
  while (at < got.length && got[at] === want[at]) at++;
  if (at < got.length) {
    expect(
      [...got.subarray(at, at + 16)],
      `byte ${offset + at} of end ${e}'s stream, read ${got.length} from ${offset}`,
    ).toEqual([...want.subarray(at, at + 16)]);
  }
}

interface Descriptor {
  proc: number;
  handle: number;
}

/** One end of the connection as the rules describe it; queues and totals are byte counts. */
interface End {
  descriptors: Descriptor[];
  /** The kernel still has the socket (it may outlive its descriptors: an orphan). */
  alive: boolean;
  /** Bytes this end's send() accepted that have not moved to the peer yet. */
  sendQueue: number;
  /** Bytes delivered to this end and not read yet. */
  receiveQueue: number;
  finQueued: boolean;
  finReceived: boolean;
  sendShutdown: boolean;
  /** The other end's socket is gone or reset us. */
  peerGone: boolean;
  error: number;
  rcvbuf: number;
  sndbuf: number;
  /** How many bytes send() accepted from this end, and how many were read at this end. */
  accepted: number;
  read: number;
}

export class NetModel {
  ends: [End, End];
  constructor(rcvbufs: [number, number], sndbufs: [number, number]) {
    const end = (i: 0 | 1): End => ({
      descriptors: [],
      alive: true,
      sendQueue: 0,
      receiveQueue: 0,
      finQueued: false,
      finReceived: false,
      sendShutdown: false,
      peerGone: false,
      error: 0,
      rcvbuf: rcvbufs[i],
      sndbuf: sndbufs[i],
      accepted: 0,
      read: 0,
    });
    this.ends = [end(0), end(1)];
  }

  other(e: 0 | 1): End {
    return this.ends[1 - e] as End;
  }

  window(receiver: End): number {
    return Math.max(Math.max(receiver.rcvbuf, MIN_WINDOW) - receiver.receiveQueue, 0);
  }

  /** The sender's queued bytes move into the peer's window, then the FIN. */
  pump(e: 0 | 1): void {
    const sender = this.ends[e];
    const receiver = this.other(e);
    if (!sender.alive || sender.peerGone || !receiver.alive) return;
    const n = Math.min(sender.sendQueue, this.window(receiver));
    sender.sendQueue -= n;
    receiver.receiveQueue += n;
    if (sender.finQueued && sender.sendQueue === 0) receiver.finReceived = true;
  }

  destroy(e: 0 | 1): void {
    this.ends[e].alive = false;
    const other = this.other(e);
    if (other.alive) other.peerGone = true;
  }

  reset(e: 0 | 1): void {
    const peer = this.other(e);
    const gone = this.ends[e].peerGone;
    this.ends[e].peerGone = true;
    if (gone || !peer.alive) return;
    peer.peerGone = true;
    peer.error = WSAECONNRESET;
    peer.sendQueue = 0;
    peer.receiveQueue = 0;
    if (peer.descriptors.length === 0) peer.alive = false;
  }

  /** The last descriptor went: abortive with unread data, graceful otherwise. */
  lastClose(e: 0 | 1): void {
    const end = this.ends[e];
    if (end.receiveQueue > 0 || end.peerGone) {
      this.reset(e);
      this.destroy(e);
      return;
    }
    end.finQueued = true;
    this.pump(e);
    if (end.sendQueue === 0) this.destroy(e);
  }

  /** After a read at `e` opened its window: the peer's bytes move, and a drained orphan ends. */
  reopened(e: 0 | 1): void {
    const o = (1 - e) as 0 | 1;
    const peer = this.ends[o];
    this.pump(o);
    if (peer.alive && peer.descriptors.length === 0 && peer.sendQueue === 0) {
      this.destroy(o);
    }
  }
}

export interface NetReal {
  sim: Simulation;
  threads: WinsockThread[];
}

function pick(model: NetModel, e: 0 | 1, n: number): Descriptor {
  const list = model.ends[e].descriptors;
  return list[n % list.length] as Descriptor;
}

function socketIdOf(real: NetReal, d: Descriptor): number {
  const thread = real.threads[d.proc] as WinsockThread;
  const entry = kernel.trieGet(
    (kernel.findProcess(real.sim.state, thread.pid) as kernel.ProcessRecord).handles,
    d.handle / 4,
  );
  if (entry?.kind !== "socket") throw new Error("model descriptor has no socket handle");
  return entry.socket;
}

/** Kernel socket ids of the two ends, learned at setup. */
const endIds = new WeakMap<NetModel, [number, number]>();

export function checkNetInvariants(model: NetModel, real: NetReal): void {
  const ids = endIds.get(model) as [number, number];
  let alive = 0;
  for (const e of [0, 1] as const) {
    const end = model.ends[e];
    const socket = kernel.trieGet(real.sim.state.sockets, ids[e]);
    check(socket !== undefined, `end ${e} alive`).toBe(end.alive);
    if (socket === undefined) continue;
    alive++;
    check(socket.refCount).toBe(end.descriptors.length);
    check(socket.net.receiveQueue.bytes).toBe(end.receiveQueue);
    check(socket.net.connection?.sendQueue.bytes).toBe(end.sendQueue);
    // An end never reads more than was sent to it (what it read is checked at each Recv).
    expect(end.read).toBeLessThanOrEqual(model.other(e).accepted);
  }
  check(real.sim.state.sockets.size).toBe(alive);
  // Non-blocking sockets never leave a thread waiting.
  check(real.sim.state.blocked.size).toBe(0);
}

abstract class NetStep implements fc.Command<NetModel, NetReal> {
  abstract check(model: Readonly<NetModel>): boolean;
  abstract act(model: NetModel, real: NetReal): void;
  abstract toString(): string;
  run(model: NetModel, real: NetReal): void {
    this.act(model, real);
    checkNetInvariants(model, real);
  }
}

abstract class OnEnd extends NetStep {
  constructor(
    readonly end: 0 | 1,
    readonly which: number,
  ) {
    super();
  }
  check(model: Readonly<NetModel>): boolean {
    return model.ends[this.end].descriptors.length > 0;
  }
}

function expectFail(t: WinsockThread, ret: unknown, error: number): void {
  check(ret).toBe(SOCKET_ERROR);
  check(t.WSAGetLastError()).toBe(error);
}

export class Send extends OnEnd {
  constructor(
    end: 0 | 1,
    which: number,
    readonly len: number,
  ) {
    super(end, which);
  }
  act(model: NetModel, real: NetReal): void {
    const d = pick(model, this.end, this.which);
    const t = real.threads[d.proc] as WinsockThread;
    const me = model.ends[this.end];
    const data = streamBytes(this.end, me.accepted, this.len);
    const ret = t.send(d.handle, data, this.len, 0);
    if (me.sendShutdown) {
      expectFail(t, ret, WSAESHUTDOWN);
      return;
    }
    if (me.error !== 0) {
      expectFail(t, ret, me.error);
      return;
    }
    if (me.peerGone) {
      check(ret).toBe(this.len);
      me.error = WSAECONNABORTED;
      return;
    }
    if (this.len === 0) {
      check(ret).toBe(0);
      return;
    }
    const queued = me.sendQueue;
    const room = queued === 0 ? model.window(model.other(this.end)) : 0;
    if (!(queued < me.sndbuf || room >= this.len)) {
      expectFail(t, ret, WSAEWOULDBLOCK);
      return;
    }
    check(ret).toBe(this.len);
    me.accepted += this.len;
    me.sendQueue += this.len;
    model.pump(this.end);
  }
  toString(): string {
    return `Send(${this.end}, ${this.which}, ${this.len})`;
  }
}

export class Recv extends OnEnd {
  constructor(
    end: 0 | 1,
    which: number,
    readonly len: number,
    readonly peek: boolean,
  ) {
    super(end, which);
  }
  act(model: NetModel, real: NetReal): void {
    const d = pick(model, this.end, this.which);
    const t = real.threads[d.proc] as WinsockThread;
    const me = model.ends[this.end];
    const buf = new Uint8Array(this.len);
    const ret = t.recv(d.handle, buf, this.len, this.peek ? 2 : 0);
    if (me.receiveQueue === 0) {
      if (me.error !== 0) {
        expectFail(t, ret, me.error);
        return;
      }
      if (me.finReceived) {
        check(ret).toBe(0);
        // The end of the stream: everything sent before the FIN has been read (NET-GRACEFUL).
        check(me.read).toBe(model.other(this.end).accepted);
        return;
      }
      expectFail(t, ret, WSAEWOULDBLOCK);
      return;
    }
    if (this.len === 0) {
      check(ret).toBe(0);
      return;
    }
    const n = Math.min(this.len, me.receiveQueue);
    check(ret).toBe(n);
    expectStreamBytes(buf.subarray(0, n), (1 - this.end) as 0 | 1, me.read);
    if (this.peek) return;
    me.read += n;
    me.receiveQueue -= n;
    model.reopened(this.end);
  }
  toString(): string {
    return `Recv(${this.end}, ${this.which}, ${this.len}${this.peek ? ", peek" : ""})`;
  }
}

export class Dup extends OnEnd {
  constructor(
    end: 0 | 1,
    which: number,
    readonly target: number,
  ) {
    super(end, which);
  }
  override check(model: Readonly<NetModel>): boolean {
    return super.check(model) && model.ends[this.end].descriptors.length < 5;
  }
  act(model: NetModel, real: NetReal): void {
    const d = pick(model, this.end, this.which);
    const from = real.threads[d.proc] as WinsockThread;
    const to = real.threads[this.target] as WinsockThread;
    const info = new Uint8Array(628);
    check(from.WSADuplicateSocketW(d.handle, to.pid, info)).toBe(0);
    const FPI = FROM_PROTOCOL_INFO;
    const handle = to.WSASocketW(FPI, FPI, FPI, info, 0, 1);
    check(handle).not.toBe(INVALID_SOCKET);
    model.ends[this.end].descriptors.push({ proc: this.target, handle });
  }
  toString(): string {
    return `Dup(${this.end}, ${this.which}, P${this.target})`;
  }
}

export class Close extends OnEnd {
  act(model: NetModel, real: NetReal): void {
    const list = model.ends[this.end].descriptors;
    const index = this.which % list.length;
    const d = list[index] as Descriptor;
    const t = real.threads[d.proc] as WinsockThread;
    const otherId = endIds.get(model)?.[1 - this.end] as number;
    const peerBefore = kernel.trieGet(real.sim.state.sockets, otherId);
    check(t.closesocket(d.handle)).toBe(0);
    list.splice(index, 1);
    if (list.length > 0) {
      // LIFE-SHARED-CLOSE: the peer's socket is the very same record.
      check(kernel.trieGet(real.sim.state.sockets, otherId)).toBe(peerBefore);
      expect(real.sim.last?.rules).toContain("LIFE-SHARED-CLOSE");
      return;
    }
    expect(real.sim.last?.rules).toContain("LIFE-LAST-CLOSE");
    model.lastClose(this.end);
  }
  toString(): string {
    return `Close(${this.end}, ${this.which})`;
  }
}

export class ShutdownSend extends OnEnd {
  act(model: NetModel, real: NetReal): void {
    const d = pick(model, this.end, this.which);
    const t = real.threads[d.proc] as WinsockThread;
    check(t.shutdown(d.handle, SHUTDOWN_HOW.SD_SEND)).toBe(0);
    const me = model.ends[this.end];
    me.sendShutdown = true;
    me.finQueued = true;
    model.pump(this.end);
  }
  toString(): string {
    return `ShutdownSend(${this.end}, ${this.which})`;
  }
}

export function netCommands(): fc.Arbitrary<fc.Command<NetModel, NetReal>>[] {
  const end = fc.constantFrom<0 | 1>(0, 1);
  const which = fc.nat({ max: 7 });
  const send = (len: fc.Arbitrary<number>) =>
    fc.tuple(end, which, len).map(([e, w, n]) => new Send(e, w, n));
  // Large sends fill a receiver's window (at least 64 KiB, NET-BUFFERS) in a few calls; listed
  // twice, so that windows fill, senders block and orphans wait before the ends are closed.
  const large = send(fc.integer({ min: 16_384, max: 90_000 }));
  return [
    send(fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 400 }))),
    large,
    large,
    fc
      .tuple(
        end,
        which,
        fc.oneof(fc.nat({ max: 300 }), fc.integer({ min: 4096, max: 70_000 })),
        fc.boolean(),
      )
      .map(([e, w, n, p]) => new Recv(e, w, n, p)),
    fc.tuple(end, which, fc.nat({ max: 2 })).map(([e, w, p]) => new Dup(e, w, p)),
    fc.tuple(end, which).map(([e, w]) => new Close(e, w)),
    fc.tuple(end, which).map(([e, w]) => new ShutdownSend(e, w)),
  ];
}

/**
 * A simulation with three started processes and one connection between P0 (client) and P1
 * (server), both ends non-blocking, with the given buffer sizes; the listener is closed.
 */
export function newConnection(
  rcvbufs: [number, number],
  sndbufs: [number, number],
): { model: NetModel; real: NetReal } {
  // Setup: these calls build the connection the same way in every run and are not counted.
  return setup(() => buildConnection(rcvbufs, sndbufs));
}

function buildConnection(
  rcvbufs: [number, number],
  sndbufs: [number, number],
): { model: NetModel; real: NetReal } {
  const sim = new Simulation();
  const threads = NET_PROCESSES.map((name) => {
    const t = sim.createProcess(name).main;
    check(t.WSAStartup(0x0202, new WSADATA())).toBe(0);
    return t;
  });
  const [p0, p1] = threads as [WinsockThread, WinsockThread];
  const l = p1.socket(AF_INET, SOCK_STREAM, 0);
  check(p1.bind(l, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  check(p1.listen(l, 1)).toBe(0);
  const name = new Uint8Array(16);
  p1.getsockname(l, name, intRef(16));
  const c = p0.socket(AF_INET, SOCK_STREAM, 0);
  check(p0.connect(c, name, 16)).toBe(0);
  const s = p1.accept(l, null, null) as number;
  check(p1.closesocket(l)).toBe(0);
  const model = new NetModel(rcvbufs, sndbufs);
  const real: NetReal = { sim, threads };
  for (const [t, h, e] of [
    [p0, c, 0],
    [p1, s, 1],
  ] as const) {
    check(t.setsockopt(h, SOL_SOCKET, SO_RCVBUF, int32(rcvbufs[e]), 4)).toBe(0);
    check(t.setsockopt(h, SOL_SOCKET, SO_SNDBUF, int32(sndbufs[e]), 4)).toBe(0);
    check(t.ioctlsocket(h, FIONBIO, intRef(1))).toBe(0);
    model.ends[e].descriptors.push({ proc: e, handle: h });
  }
  endIds.set(model, [
    socketIdOf(real, { proc: 0, handle: c }),
    socketIdOf(real, { proc: 1, handle: s }),
  ]);
  return { model, real };
}

// ---- Blocked threads ---------------------------------------------------------------------------

/**
 * Threads of several processes blocked in recv on one shared, blocking stream socket, and a
 * small model of when and how each of them finishes: data arriving serves the waiters first
 * blocked, first served (NET-WAKE-ORDER); SO_RCVTIMEO ends a wait with WSAETIMEDOUT at its
 * deadline (NET-TIMEOUT, NET-CLOCK); the last close of the socket, from any process, wakes every
 * waiter with WSAEINTR, and a non-last close wakes none (NET-CLOSE-WAKES).
 *
 * The same action list run twice must give identical records (NET-CLOCK).
 */

export type Action =
  | { kind: "block"; waiter: number; len: number }
  | { kind: "send"; len: number }
  | { kind: "sleep"; ms: number }
  | { kind: "close"; proc: 0 | 1 }
  | { kind: "await"; waiter: number };

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("block" as const),
    waiter: fc.nat({ max: 3 }),
    len: fc.nat({ max: 12 }),
  }),
  fc.record({ kind: fc.constant("send" as const), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant("sleep" as const), ms: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant("close" as const), proc: fc.constantFrom<0 | 1>(0, 1) }),
  fc.record({ kind: fc.constant("await" as const), waiter: fc.nat({ max: 3 }) }),
);

interface Wait {
  seq: number;
  len: number;
  deadline: number | null;
  /** Set when the model says the call has finished. */
  result?: { ret: number; error: number; bytes: number[] };
}

/** Waiter threads: two in P0 (the accepting process), two in P1 (holding a duplicate). */
const WAITER_PROCS = [0, 0, 1, 1] as const;

export class BlockingScenario {
  readonly sim = new Simulation({ record: true });
  readonly client: WinsockThread;
  readonly waiters: WinsockThread[];
  readonly buffers: (Uint8Array | null)[] = [null, null, null, null];
  /** Server descriptor per process (P0, P1), null once closed. */
  readonly descriptors: [number | null, number | null];
  readonly clientSocket: number;
  // Model.
  now = 0;
  seq = 0;
  nextByte = 0;
  queue: number[] = [];
  waits: (Wait | null)[] = [null, null, null, null];

  constructor(readonly timeout: number) {
    // Setup: these calls build the scenario the same way in every run and are not counted.
    const built = setup(() => {
      const p = ["P0", "P1", "P2"].map((n) => this.sim.createProcess(n));
      for (const proc of p) check(proc.main.WSAStartup(0x0202, new WSADATA())).toBe(0);
      const [p0, p1, p2] = p as [(typeof p)[0], (typeof p)[0], (typeof p)[0]];
      const client = p2.main;
      const l = p0.main.socket(AF_INET, SOCK_STREAM, 0);
      p0.main.bind(l, sockaddr("127.0.0.1:0"), 16);
      p0.main.listen(l, 1);
      const name = new Uint8Array(16);
      p0.main.getsockname(l, name, intRef(16));
      const clientSocket = client.socket(AF_INET, SOCK_STREAM, 0);
      check(client.connect(clientSocket, name, 16)).toBe(0);
      const s = p0.main.accept(l, null, null) as number;
      p0.main.closesocket(l);
      check(p0.main.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, int32(timeout), 4)).toBe(0);
      const info = new Uint8Array(628);
      check(p0.main.WSADuplicateSocketW(s, p1.pid, info)).toBe(0);
      const FPI = FROM_PROTOCOL_INFO;
      const d = p1.main.WSASocketW(FPI, FPI, FPI, info, 0, 1);
      const waiters = [p0.createThread(), p0.createThread(), p1.createThread(), p1.main];
      return { client, clientSocket, descriptors: [s, d] as [number, number], waiters };
    });
    this.client = built.client;
    this.clientSocket = built.clientSocket;
    this.descriptors = built.descriptors;
    this.waiters = built.waiters;
  }

  /** The model's view of time moving to `to`: deadlines due fire in order. */
  #advance(to: number): void {
    const due = this.waits
      .filter((w): w is Wait => w !== null && w.result === undefined && w.deadline !== null)
      .filter((w) => (w.deadline as number) <= to);
    for (const w of due)
      w.result = { ret: SOCKET_ERROR, error: WSA_ERRORS.WSAETIMEDOUT, bytes: [] };
    this.now = Math.max(this.now, to);
  }

  /** Data in the queue goes to waiters, first blocked first. */
  #serve(): void {
    const waiting = this.waits
      .filter((w): w is Wait => w !== null && w.result === undefined)
      .sort((x, y) => x.seq - y.seq);
    for (const w of waiting) {
      if (this.queue.length === 0) break;
      const bytes = this.queue.splice(0, w.len);
      w.result = { ret: bytes.length, error: 0, bytes };
    }
  }

  run(action: Action, verify: boolean): void {
    switch (action.kind) {
      case "block":
        this.#block(action.waiter, action.len, verify);
        return;
      case "send":
        this.#send(action.len);
        return;
      case "sleep":
        this.client.Sleep(action.ms);
        this.#advance(this.now + action.ms);
        break;
      case "close":
        this.#close(action.proc);
        return;
      case "await":
        this.#await(action.waiter, verify);
        return;
    }
    if (verify) this.check();
  }

  #block(i: number, len: number, verify: boolean): void {
    const handle = this.descriptors[WAITER_PROCS[i] as 0 | 1];
    if (handle === null || this.waits[i] !== null) return;
    const t = this.waiters[i] as WinsockThread;
    const buf = new Uint8Array(len);
    const ret = t.recv(handle, buf, len, 0);
    if (this.queue.length > 0) {
      const bytes = this.queue.splice(0, len);
      check(ret).toBe(bytes.length);
      expect([...buf.subarray(0, bytes.length)]).toEqual(bytes);
    } else {
      check(ret).toBe(BLOCKED);
      this.buffers[i] = buf;
      this.waits[i] = {
        seq: this.seq++,
        len,
        deadline: this.timeout > 0 ? this.now + this.timeout : null,
      };
    }
    if (verify) this.check();
  }

  #send(len: number): void {
    if (this.descriptors[0] === null && this.descriptors[1] === null) return;
    const data = Array.from({ length: len }, (_, k) => (this.nextByte + k) % 256);
    this.nextByte += len;
    check(this.client.send(this.clientSocket, Uint8Array.from(data), len, 0)).toBe(len);
    this.queue.push(...data);
    this.#serve();
    this.check();
  }

  #close(proc: 0 | 1): void {
    const handle = this.descriptors[proc];
    if (handle === null) return;
    // A thread blocked in a call cannot make another: close from a free thread of the process.
    const free = [this.waiters[2 * proc], this.waiters[2 * proc + 1]].find(
      (w, k) => this.waits[2 * proc + k] === null && w !== undefined,
    );
    const closer = free ?? this.sim.process(`P${proc}`).createThread();
    check(closer.closesocket(handle)).toBe(0);
    this.descriptors[proc] = null;
    if (this.descriptors[0] === null && this.descriptors[1] === null) {
      for (const w of this.waits) {
        if (w !== null && w.result === undefined)
          w.result = { ret: SOCKET_ERROR, error: WSA_ERRORS.WSAEINTR, bytes: [] };
      }
    }
    this.check();
  }

  #await(i: number, verify: boolean): void {
    const w = this.waits[i];
    if (w === null || w === undefined) return;
    const t = this.waiters[i] as WinsockThread;
    // await moves time to the next deadline until the call finishes (NET-CLOCK).
    while (w.result === undefined) {
      const next = this.waits
        .filter((x): x is Wait => x !== null && x.result === undefined && x.deadline !== null)
        .map((x) => x.deadline as number)
        .sort((a, b) => a - b)[0];
      if (next === undefined) break;
      this.#advance(next);
    }
    const ret = t.await();
    if (w.result === undefined) {
      check(ret).toBe(BLOCKED);
    } else {
      check(ret).toBe(w.result.ret);
      if (w.result.ret === SOCKET_ERROR) check(t.WSAGetLastError()).toBe(w.result.error);
      else
        expect([...(this.buffers[i] as Uint8Array).subarray(0, w.result.ret)]).toEqual(
          w.result.bytes,
        );
      this.waits[i] = null;
    }
    if (verify) this.check();
  }

  /** The kernel agrees with the model on the clock and on which waits have finished. */
  check(): void {
    check(this.sim.state.clock).toBe(this.now);
    this.waits.forEach((w, i) => {
      const t = this.waiters[i] as WinsockThread;
      const thread = kernel.findProcess(this.sim.state, t.pid)?.threads[t.tid];
      const finished = thread?.pending === null;
      check(finished, `waiter ${i}`).toBe(w === null || w.result !== undefined);
    });
  }

  /** Closes whatever is left: every waiter must then finish; nobody stays blocked. */
  finish(): void {
    this.#close(0);
    this.#close(1);
    for (let i = 0; i < 4; i++) this.#await(i, true);
    check(this.sim.state.blocked.size).toBe(0);
    check(this.sim.state.timers.size).toBe(0);
  }
}
