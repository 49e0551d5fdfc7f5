/**
 * Properties of the network event notification rules (spec/rules/events.json): WSAEventSelect,
 * WSAAsyncSelect, WSAEnumNetworkEvents, WSAWaitForMultipleEvents, select and WSAPoll.
 *
 * The first property drives one connected socket shared by descriptors in three processes
 * through random registrations (of both kinds, through any descriptor), network activity from
 * the peer, re-enabling calls, enumerations and polls, and compares every observable result
 * (event objects, window messages, enumerations) after every step with a model of the socket's
 * one registration and its record, written from the rules' statements. The others are focused
 * properties, each deriving the expected answer from its rule's statement.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/events.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  AF_INET,
  BLOCKED,
  type Blocked,
  FD_ACCEPT,
  FD_ALL_EVENTS,
  FD_CLOSE,
  FD_CONNECT,
  FD_OOB,
  FD_READ,
  FD_WRITE,
  FIONBIO,
  FIONREAD,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  int32,
  intRef,
  kernel,
  linger,
  MSG,
  MSG_OOB,
  POLLERR,
  POLLHUP,
  POLLNVAL,
  POLLRDBAND,
  POLLRDNORM,
  POLLWRNORM,
  SD_SEND,
  SIOCATMARK,
  Simulation,
  SO_LINGER,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_SNDBUF,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  WinsockThread,
  WSA_ERRORS,
  WSA_INVALID_HANDLE,
  WSA_INVALID_PARAMETER,
  WSA_WAIT_EVENT_0,
  WSA_WAIT_FAILED,
  WSA_WAIT_TIMEOUT,
  WSADATA,
  WSANETWORKEVENTS,
  type WSAPOLLFD,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { rule } from "./support/rule.js";

const E = WSA_ERRORS;
const ALL_POLL = POLLRDNORM | POLLRDBAND | POLLWRNORM;
const EVENTS_IN_ORDER = [FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT, FD_CONNECT, FD_CLOSE];
const WM_SOCKET = 0x400;

// Counted where they are made; the scaffolding helpers below run inside setup().
countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`event properties: ${callsMade()} random Winsock calls (setup excluded)`);
});

// ---- Helpers -------------------------------------------------------------------------------------

/** Processes with Winsock started: fixed scaffolding, not counted (support/budget.ts). */
function started(...names: string[]): { sim: Simulation; t: WinsockThread[] } {
  return setup(() => {
    const sim = new Simulation();
    const t = names.map((n) => {
      const thread = sim.createProcess(n).main;
      check(thread.WSAStartup(0x0202, new WSADATA())).toBe(0);
      return thread;
    });
    return { sim, t };
  });
}

function port(t: WinsockThread, s: number): number {
  const name = new Uint8Array(16);
  check(t.getsockname(s, name, intRef(16))).toBe(0);
  return new DataView(name.buffer).getUint16(2, false);
}

/** A listener on a loopback port: scaffolding, not counted. */
function listening(t: WinsockThread, backlog = 5): { l: number; addr: Uint8Array } {
  return setup(() => {
    const l = t.socket(AF_INET, SOCK_STREAM, 0);
    check(t.bind(l, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    check(t.listen(l, backlog)).toBe(0);
    return { l, addr: sockaddr(`127.0.0.1:${port(t, l)}`) };
  });
}

/** A connected pair in `t`'s process, both ends blocking, the listener closed. */
function tcpPair(t: WinsockThread): { client: number; server: number } {
  return setup(() => {
    const { l, addr } = listening(t);
    const client = t.socket(AF_INET, SOCK_STREAM, 0);
    check(t.connect(client, addr, 16)).toBe(0);
    const server = t.accept(l, null, null) as number;
    check(server).not.toBe(INVALID_SOCKET);
    check(t.closesocket(l)).toBe(0);
    return { client, server };
  });
}

function duplicate(from: WinsockThread, s: number, to: WinsockThread): number {
  const info = new Uint8Array(628);
  check(from.WSADuplicateSocketW(s, to.pid, info)).toBe(0);
  const FPI = FROM_PROTOCOL_INFO;
  const d = to.WSASocketW(FPI, FPI, FPI, info, 0, 1);
  check(d).not.toBe(INVALID_SOCKET);
  return d;
}

function setInt(t: WinsockThread, s: number, opt: number, v: number): void {
  check(t.setsockopt(s, SOL_SOCKET, opt, int32(v), 4)).toBe(0);
}

function ioctl(t: WinsockThread, s: number, cmd: number, value = 0): number {
  const arg = intRef(value);
  check(t.ioctlsocket(s, cmd, arg)).toBe(0);
  return arg.value;
}

function errorOf(t: WinsockThread, ret: number | Blocked): number {
  return ret === SOCKET_ERROR || ret === INVALID_SOCKET ? t.WSAGetLastError() : 0;
}

/** Whether event `e` of `t`'s process is signalled, by a zero-timeout wait (which resets nothing). */
function isSignalled(t: WinsockThread, e: number): boolean {
  const r = t.WSAWaitForMultipleEvents(1, [e], false, 0, false);
  expect([WSA_WAIT_EVENT_0, WSA_WAIT_TIMEOUT]).toContain(r);
  return r === WSA_WAIT_EVENT_0;
}

interface Posted {
  readonly wParam: number;
  readonly event: number;
  readonly error: number;
}

/** Removes and returns every message waiting for window `hwnd`. */
/**
 * Every message for `hwnd`, removed. `filter` is PeekMessage's hWnd: the window itself, or NULL
 * (0), which reads every window of the process (EVT-MESSAGE-MODE) and so, where `hwnd` is the
 * process's only window, the same messages.
 */
function drain(t: WinsockThread, hwnd: number, message?: number, filter = hwnd): Posted[] {
  const out: Posted[] = [];
  const msg = new MSG();
  while (t.PeekMessage(msg, filter) === 1) {
    check(msg.hwnd).toBe(hwnd);
    if (message !== undefined) check(msg.message).toBe(message);
    out.push({ wParam: msg.wParam, event: msg.event, error: msg.error });
  }
  return out;
}

function enumerate(t: WinsockThread, s: number, e: number): WSANETWORKEVENTS {
  const ne = new WSANETWORKEVENTS();
  ne.iErrorCode.fill(0xabab);
  check(t.WSAEnumNetworkEvents(s, e, ne)).toBe(0);
  return ne;
}

function bitOf(event: number): number {
  return 31 - Math.clz32(event);
}

// ---- The model of one socket's registration and record -------------------------------------------

interface ModelRegistration {
  readonly kind: "event" | "window";
  /** The index of the registering process (and descriptor). */
  readonly proc: number;
  readonly mask: number;
}

/**
 * What the rules say the socket keeps: one registration (EVT-ONE-REGISTRATION), the record of
 * events that happened (EVT-RECORD), and which recorded events were delivered and not re-enabled
 * since (EVT-ONCE). Conditions (data unread, urgent data, FIN) are read from the socket.
 */
class NotifyModel {
  registration: ModelRegistration | null = null;
  /** Recorded at connect, before anything was registered (observed fact 33). */
  pending = FD_CONNECT | FD_WRITE;
  errors = new Map<number, number>();
  delivered = 0;
  signalled: boolean[];
  queues: Posted[][];

  constructor(
    processes: number,
    readonly wParams: number[],
    readonly holds: (event: number) => boolean,
  ) {
    this.signalled = new Array<boolean>(processes).fill(false);
    this.queues = Array.from({ length: processes }, () => []);
  }

  #deliver(events: number): void {
    const reg = this.registration;
    if (reg === null) return;
    const ready = events & reg.mask & ~this.delivered;
    if (ready === 0) return;
    this.delivered |= ready;
    if (reg.kind === "event") {
      this.signalled[reg.proc] = true;
      return;
    }
    for (const event of EVENTS_IN_ORDER) {
      if ((ready & event) !== 0)
        this.queues[reg.proc]?.push({
          wParam: this.wParams[reg.proc] as number,
          event,
          error: this.errors.get(event) ?? 0,
        });
    }
  }

  occur(event: number, error = 0): void {
    this.pending |= event;
    this.errors.set(event, error);
    this.#deliver(event);
  }

  /** Level-triggered events whose condition ended leave the record (EVT-RECORD). */
  #settle(): void {
    for (const event of [FD_READ, FD_OOB, FD_ACCEPT])
      if ((this.pending & event) !== 0 && !this.holds(event)) this.pending &= ~event;
  }

  eventSelect(proc: number, mask: number): void {
    this.delivered = 0;
    this.registration = mask === 0 ? null : { kind: "event", proc, mask };
    this.#deliver(this.pending);
  }

  asyncSelect(proc: number, mask: number, closeError: number): void {
    this.delivered = 0;
    this.registration = mask === 0 ? null : { kind: "window", proc, mask };
    if (mask === 0) return;
    // A new WSAAsyncSelect posts what holds now, never FD_CONNECT (EVT-MESSAGE-MODE).
    for (const event of [FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT, FD_CLOSE]) {
      if ((mask & event) === 0 || !this.holds(event)) continue;
      this.errors.set(event, event === FD_CLOSE ? closeError : 0);
      this.delivered |= event;
      this.queues[proc]?.push({
        wParam: this.wParams[proc] as number,
        event,
        error: this.errors.get(event) ?? 0,
      });
    }
  }

  /** EVT-REENABLE and EVT-LEVEL. */
  reenable(events: number, error: number): void {
    const argumentErrors: readonly number[] = [E.WSAEFAULT, E.WSAEINVAL, E.WSAEOPNOTSUPP];
    const argumentError = argumentErrors.includes(error);
    if (this.registration?.kind === "event" && argumentError) return;
    this.delivered &= ~events;
    this.#settle();
    for (const event of [FD_READ, FD_OOB, FD_ACCEPT])
      if ((events & event) !== 0 && this.holds(event)) this.occur(event);
  }

  /** EVT-ENUM: returns what WSAEnumNetworkEvents reports through process `proc`. */
  enumerate(proc: number): { events: number; errors: Map<number, number> } {
    const mask = this.registration?.kind === "event" ? this.registration.mask : 0;
    const events = this.pending & mask;
    this.pending &= ~events;
    this.signalled[proc] = false;
    const errors = new Map<number, number>();
    for (const event of EVENTS_IN_ORDER)
      if ((events & event) !== 0) errors.set(bitOf(event), this.errors.get(event) ?? 0);
    return { events, errors };
  }
}

type Action =
  | { kind: "eventSelect"; proc: number; mask: number }
  | { kind: "asyncSelect"; proc: number; mask: number }
  | { kind: "peerSend"; n: number }
  | { kind: "peerOob" }
  | { kind: "peerShutdown" }
  | { kind: "recv"; proc: number; len: number }
  | { kind: "recvOob"; proc: number }
  | { kind: "recvBad"; proc: number }
  | { kind: "send"; proc: number; n: number }
  | { kind: "enum"; proc: number }
  | { kind: "reset"; proc: number }
  | { kind: "fionbio"; proc: number }
  | { kind: "poll"; proc: number }
  | { kind: "closeDuplicate"; proc: number };

const proc = fc.integer({ min: 0, max: 2 });
const maskArb = fc.oneof(
  fc.constant(0),
  fc
    .subarray([FD_READ, FD_WRITE, FD_OOB, FD_CONNECT, FD_CLOSE])
    .map((l) => l.reduce((a, b) => a | b, 0)),
  fc.constant(FD_ALL_EVENTS),
);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("eventSelect" as const), proc, mask: maskArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("asyncSelect" as const), proc, mask: maskArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("peerSend" as const),
      n: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "peerOob" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "peerShutdown" as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("recv" as const),
      proc,
      len: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("recvOob" as const), proc }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("recvBad" as const), proc }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("send" as const),
      proc,
      n: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("enum" as const), proc }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reset" as const), proc }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("fionbio" as const), proc }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("poll" as const), proc }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("closeDuplicate" as const),
      proc: fc.integer({ min: 1, max: 2 }),
    }),
  },
);

/** One connected socket with a descriptor in each of three processes, and its peer in A. */
class SharedSocket {
  readonly sim: Simulation;
  readonly t: WinsockThread[];
  readonly d: number[];
  readonly events: number[];
  readonly windows: number[];
  readonly peer: number;
  readonly open = [true, true, true];
  readonly model: NotifyModel;
  fin = false;
  oobSent = 0;
  checks = 0;

  constructor() {
    const { sim, t } = started("A", "B", "C");
    this.sim = sim;
    this.t = t;
    const a = t[0] as WinsockThread;
    const { client, server } = tcpPair(a);
    this.peer = server;
    ioctl(a, client, FIONBIO, 1);
    this.d = [
      client,
      duplicate(a, client, t[1] as WinsockThread),
      duplicate(a, client, t[2] as WinsockThread),
    ];
    this.events = t.map((th) => th.WSACreateEvent());
    this.windows = t.map((th) => th.CreateWindow());
    this.model = new NotifyModel(3, this.d, (event) => this.holds(event));
  }

  get a(): WinsockThread {
    return this.t[0] as WinsockThread;
  }

  /** The socket's conditions, read through A's descriptor (ioctls change no notification state). */
  holds(event: number): boolean {
    switch (event) {
      case FD_READ:
        return ioctl(this.a, this.d[0] as number, FIONREAD) > 0;
      case FD_OOB:
        return ioctl(this.a, this.d[0] as number, SIOCATMARK) === 0;
      case FD_CLOSE:
        return this.fin;
      case FD_WRITE:
        return true; // a few bytes at a time never fill the default buffers
      default:
        return false;
    }
  }

  run(action: Action): void {
    const m = this.model;
    const a = this.a;
    if ("proc" in action && !this.open[action.proc]) return;
    const p = "proc" in action ? action.proc : 0;
    const t = this.t[p] as WinsockThread;
    const s = this.d[p] as number;
    switch (action.kind) {
      case "eventSelect": {
        check(t.WSAEventSelect(s, this.events[p] as number, action.mask)).toBe(0);
        m.eventSelect(p, action.mask);
        break;
      }
      case "asyncSelect": {
        check(t.WSAAsyncSelect(s, this.windows[p] as number, WM_SOCKET + p, action.mask)).toBe(0);
        m.asyncSelect(p, action.mask, 0);
        break;
      }
      case "peerSend": {
        if (this.fin) return;
        const bytes = new Uint8Array(action.n).fill(0x61);
        check(a.send(this.peer, bytes, bytes.length, 0)).toBe(action.n);
        m.occur(FD_READ);
        break;
      }
      case "peerOob": {
        if (this.fin || this.oobSent >= 3) return;
        check(a.send(this.peer, new Uint8Array([0x42]), 1, MSG_OOB)).toBe(1);
        this.oobSent += 1;
        m.occur(FD_OOB);
        break;
      }
      case "peerShutdown": {
        if (this.fin) return;
        check(a.shutdown(this.peer, SD_SEND)).toBe(0);
        this.fin = true;
        m.occur(FD_CLOSE, 0);
        break;
      }
      case "recv":
      case "recvOob":
      case "recvBad": {
        const buf = new Uint8Array(8);
        const ret =
          action.kind === "recv"
            ? t.recv(s, buf, action.len, 0)
            : action.kind === "recvOob"
              ? t.recv(s, buf, 1, MSG_OOB)
              : t.recv(s, buf, -1, 0);
        check(ret).not.toBe(BLOCKED);
        const error = errorOf(t, ret);
        if (action.kind === "recvBad") check(error).toBe(E.WSAEFAULT);
        m.reenable(FD_READ | FD_OOB, error);
        break;
      }
      case "send": {
        const bytes = new Uint8Array(action.n);
        check(t.send(s, bytes, bytes.length, 0)).toBe(action.n);
        m.reenable(FD_WRITE, 0);
        break;
      }
      case "enum": {
        const ne = enumerate(t, s, this.events[p] as number);
        const expected = m.enumerate(p);
        check(ne.lNetworkEvents).toBe(expected.events);
        for (let bit = 0; bit < 10; bit++)
          check(ne.iErrorCode[bit]).toBe(expected.errors.get(bit) ?? 0xabab);
        break;
      }
      case "reset": {
        check(t.WSAResetEvent(this.events[p] as number)).toBe(1);
        m.signalled[p] = false;
        break;
      }
      case "fionbio": {
        // EVT-NONBLOCKING: back to blocking is refused while a registration is in force.
        const ret = t.ioctlsocket(s, FIONBIO, intRef(0));
        if (m.registration !== null) check(errorOf(t, ret)).toBe(E.WSAEINVAL);
        else {
          check(ret).toBe(0);
          ioctl(t, s, FIONBIO, 1);
        }
        break;
      }
      case "poll": {
        const before = this.sim.state.sockets;
        const r = [s];
        const w = [s];
        const x = [s];
        const n = t.select(0, r, w, x, { tv_sec: 0, tv_usec: 0 });
        const fds: WSAPOLLFD[] = [{ fd: s, events: ALL_POLL, revents: 0 }];
        check(t.WSAPoll(fds, 1, 0)).toBe(1);
        const data = this.holds(FD_READ);
        const urgent = this.holds(FD_OOB);
        expect(r).toEqual(data || this.fin ? [s] : []);
        expect(w).toEqual([s]);
        expect(x).toEqual(urgent ? [s] : []);
        check(n).toBe(r.length + w.length + x.length);
        check(fds[0]?.revents).toBe(
          (data ? POLLRDNORM : 0) |
            (urgent ? POLLRDBAND : 0) |
            POLLWRNORM |
            (this.fin ? POLLHUP : 0),
        );
        // SEL-AGREE: neither changed any socket.
        check(this.sim.state.sockets).toBe(before);
        break;
      }
      case "closeDuplicate": {
        // EVT-SHARED-CLOSE: the registration and the record stay, whoever made them.
        check(t.closesocket(s)).toBe(0);
        this.open[p] = false;
        break;
      }
    }
    this.check();
  }

  /** Every observable of the notification state agrees with the model. */
  check(): void {
    const m = this.model;
    // Each process has one window: every other check reads it through PeekMessage(NULL).
    const any = this.checks++ % 2 === 1;
    this.t.forEach((t, i) => {
      check(isSignalled(t, this.events[i] as number), `event of process ${i}`).toBe(m.signalled[i]);
      // hWnd -1 asks for thread messages only, of which there are none, and takes nothing.
      check(t.PeekMessage(new MSG(), -1)).toBe(0);
      const hwnd = this.windows[i] as number;
      expect(
        drain(t, hwnd, WM_SOCKET + i, any ? 0 : hwnd),
        `window of process ${i}${any ? " (hWnd NULL)" : ""}`,
      ).toEqual(m.queues[i]);
      (m.queues[i] as Posted[]).length = 0;
    });
    // EVT-ONE-REGISTRATION: the socket holds one registration, the latest.
    const process = kernel.findProcess(this.sim.state, this.a.pid);
    const entry =
      process === undefined
        ? undefined
        : kernel.trieGet(process.handles, (this.d[0] as number) / 4);
    if (entry?.kind !== "socket") throw new Error("the client descriptor is gone");
    const socket = kernel.trieGet(this.sim.state.sockets, entry.socket);
    const reg = socket?.notify?.registration ?? null;
    const want = m.registration;
    if (want === null) check(reg).toBeNull();
    else if (want.kind === "event")
      expect(reg).toEqual({
        kind: "event",
        mask: want.mask,
        pid: (this.t[want.proc] as WinsockThread).pid,
        event: this.events[want.proc],
        through: { pid: (this.t[want.proc] as WinsockThread).pid, handle: this.d[want.proc] },
      });
    else
      expect(reg).toEqual({
        kind: "window",
        mask: want.mask,
        hwnd: this.windows[want.proc],
        message: WM_SOCKET + want.proc,
        wParam: this.d[want.proc],
        through: { pid: (this.t[want.proc] as WinsockThread).pid, handle: this.d[want.proc] },
      });
  }
}

describe("one socket, descriptors in three processes", () => {
  rule(
    [
      "EVT-ONE-REGISTRATION",
      "EVT-RECORD",
      "EVT-ONCE",
      "EVT-REENABLE",
      "EVT-LEVEL",
      "EVT-MESSAGE-MODE",
      "EVT-ENUM",
      "EVT-NONBLOCKING",
      "EVT-SHARED-CLOSE",
    ],
    "registrations through any descriptor, peer activity, re-enabling calls and enumerations agree with the model after every step",
    () => {
      fc.assert(
        fc.property(fc.array(actionArb, { maxLength: 60 }), (actions) => {
          const shared = new SharedSocket();
          shared.check();
          for (const action of actions) shared.run(action);
        }),
        runs(250),
      );
    },
  );

  rule(
    ["EVT-ONE-REGISTRATION", "EVT-ONCE"],
    "FD_READ to one process and FD_WRITE to another is impossible: only the latest registration is ever notified",
    () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              proc,
              kind: fc.constantFrom("event", "window"),
              mask: fc.constantFrom(FD_READ, FD_WRITE, FD_READ | FD_WRITE),
            }),
            { minLength: 1, maxLength: 6 },
          ),
          fc.integer({ min: 1, max: 5 }),
          (registrations, n) => {
            const shared = new SharedSocket();
            // Empty the record of connect's events first, so what follows is only the data.
            check(
              shared.t[0]?.WSAEventSelect(
                shared.d[0] as number,
                shared.events[0] as number,
                FD_ALL_EVENTS,
              ),
            ).toBe(0);
            enumerate(
              shared.t[0] as WinsockThread,
              shared.d[0] as number,
              shared.events[0] as number,
            );
            for (const r of registrations) {
              const t = shared.t[r.proc] as WinsockThread;
              const s = shared.d[r.proc] as number;
              if (r.kind === "event")
                check(t.WSAEventSelect(s, shared.events[r.proc] as number, r.mask)).toBe(0);
              else
                check(
                  t.WSAAsyncSelect(s, shared.windows[r.proc] as number, WM_SOCKET, r.mask),
                ).toBe(0);
            }
            // Clear what the registrations themselves delivered (message mode posts FD_WRITE).
            shared.t.forEach((t, i) => {
              drain(t, shared.windows[i] as number);
              t.WSAResetEvent(shared.events[i] as number);
            });
            check(shared.a.send(shared.peer, new Uint8Array(n), n, 0)).toBe(n);
            const last = registrations[registrations.length - 1] as (typeof registrations)[number];
            shared.t.forEach((t, i) => {
              const signalled = isSignalled(t, shared.events[i] as number);
              const messages = drain(t, shared.windows[i] as number);
              const mine = i === last.proc;
              const reads = (last.mask & FD_READ) !== 0;
              check(signalled).toBe(mine && last.kind === "event" && reads);
              expect(messages).toEqual(
                mine && last.kind === "window" && reads
                  ? [{ wParam: shared.d[i], event: FD_READ, error: 0 }]
                  : [],
              );
            });
          },
        ),
        runs(200),
      );
    },
  );

  rule(
    ["EVT-RECORD", "EVT-ONCE", "EVT-ENUM"],
    "an event outside the mask is never signalled and stays recorded until a mask selecting it is enumerated",
    () => {
      fc.assert(
        fc.property(
          fc.subarray([FD_READ, FD_OOB, FD_CLOSE]),
          maskArb,
          proc,
          (happen, mask, reader) => {
            const shared = new SharedSocket();
            const t = shared.t[reader] as WinsockThread;
            const s = shared.d[reader] as number;
            const e = shared.events[reader] as number;
            check(t.WSAEventSelect(s, e, mask)).toBe(0);
            const recorded = FD_CONNECT | FD_WRITE | happen.reduce((x, y) => x | y, 0);
            // What connect recorded is signalled at once if selected, and only then.
            check(isSignalled(t, e)).toBe(((FD_CONNECT | FD_WRITE) & mask) !== 0);
            // Enumerate what the mask selects; whatever happens after goes to the record too.
            const first = enumerate(t, s, e);
            check(first.lNetworkEvents).toBe((FD_CONNECT | FD_WRITE) & mask);
            if (happen.includes(FD_READ))
              check(shared.a.send(shared.peer, new Uint8Array(2), 2, 0)).toBe(2);
            if (happen.includes(FD_OOB))
              check(shared.a.send(shared.peer, new Uint8Array(1), 1, MSG_OOB)).toBe(1);
            if (happen.includes(FD_CLOSE)) check(shared.a.shutdown(shared.peer, SD_SEND)).toBe(0);
            const later = happen.reduce((x, y) => x | y, 0);
            check(isSignalled(t, e)).toBe((later & mask) !== 0);
            check(enumerate(t, s, e).lNetworkEvents).toBe(later & mask);
            // Through another process's descriptor, select everything: the rest is still there.
            const other = (reader + 1) % 3;
            const t2 = shared.t[other] as WinsockThread;
            check(
              t2.WSAEventSelect(
                shared.d[other] as number,
                shared.events[other] as number,
                FD_ALL_EVENTS,
              ),
            ).toBe(0);
            check(isSignalled(t2, shared.events[other] as number)).toBe((recorded & ~mask) !== 0);
            const rest = enumerate(t2, shared.d[other] as number, shared.events[other] as number);
            check(rest.lNetworkEvents).toBe(recorded & ~mask);
            // And nothing is left to report through any descriptor.
            check(enumerate(t, s, e).lNetworkEvents).toBe(0);
            check(isSignalled(t2, shared.events[other] as number)).toBe(false);
          },
        ),
        runs(200),
      );
    },
  );
});

describe("FD_WRITE", () => {
  rule(
    ["EVT-WRITE", "EVT-REENABLE"],
    "FD_WRITE comes back only after a send failed with WSAEWOULDBLOCK and space freed",
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 400 }),
          // Below 64 KiB SO_RCVBUF does not change the receiver's window (NET-BUFFERS).
          fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 65_536, max: 70_000 })),
          // Small sends and drains, and large ones that fill and empty the 64 KiB window.
          fc.array(
            fc.oneof(
              fc.record({ send: fc.integer({ min: 1, max: 300 }) }),
              {
                arbitrary: fc.record({ send: fc.integer({ min: 30_000, max: 70_000 }) }),
                weight: 2,
              },
              fc.record({ drain: fc.integer({ min: 1, max: 500 }) }),
              fc.record({ drain: fc.integer({ min: 4000, max: 70_000 }) }),
            ),
            { maxLength: 30 },
          ),
          fc.boolean(),
          (sndbuf, rcvbuf, ops, messages) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const { client, server } = tcpPair(a);
            setInt(a, client, SO_SNDBUF, sndbuf);
            setInt(a, server, SO_RCVBUF, rcvbuf);
            const e = a.WSACreateEvent();
            const w = a.CreateWindow();
            if (messages) {
              check(a.WSAAsyncSelect(client, w, WM_SOCKET, FD_WRITE)).toBe(0);
              expect(drain(a, w)).toEqual([{ wParam: client, event: FD_WRITE, error: 0 }]);
            } else {
              check(a.WSAEventSelect(client, e, FD_WRITE)).toBe(0);
              check(enumerate(a, client, e).lNetworkEvents).toBe(FD_WRITE);
            }
            ioctl(a, server, FIONBIO, 1);
            let blocked = false;
            const happened = () => {
              if (messages) {
                const got = drain(a, w);
                expect(got.length).toBeLessThanOrEqual(1);
                return got.length === 1;
              }
              const signalled = isSignalled(a, e);
              check(enumerate(a, client, e).lNetworkEvents).toBe(signalled ? FD_WRITE : 0);
              return signalled;
            };
            for (const op of ops) {
              if ("send" in op) {
                const ret = a.send(client, new Uint8Array(op.send), op.send, 0);
                if (ret === SOCKET_ERROR) {
                  check(a.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
                  blocked = true;
                } else check(ret).toBe(op.send);
                // A send never makes FD_WRITE happen itself.
                check(happened()).toBe(false);
              } else {
                const ret = a.recv(server, new Uint8Array(op.drain), op.drain, 0);
                check(ret).not.toBe(BLOCKED);
                const w2 = [client];
                a.select(0, null, w2, null, { tv_sec: 0, tv_usec: 0 });
                const writable = w2.length === 1;
                const expected = blocked && writable;
                check(happened()).toBe(expected);
                if (expected) blocked = false;
              }
            }
          },
        ),
        runs(150),
      );
    },
  );

  rule(
    ["EVT-WRITE", "EVT-ONCE"],
    "a datagram socket's FD_WRITE happens once, when it becomes bound (bind, sendto or connect); successful sends add none",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom("bind", "sendto", "connect"),
          fc.boolean(),
          fc.boolean(),
          fc.nat({ max: 3 }),
          (binding, registerFirst, messages, sends) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const u = a.socket(AF_INET, SOCK_DGRAM, 0);
            const e = a.WSACreateEvent();
            const w = a.CreateWindow();
            const peer = sockaddr("127.0.0.1:9999");
            const register = () =>
              messages
                ? check(a.WSAAsyncSelect(u, w, WM_SOCKET, FD_READ | FD_WRITE)).toBe(0)
                : check(a.WSAEventSelect(u, e, FD_READ | FD_WRITE)).toBe(0);
            let writes = 0;
            let registered = false;
            // FD_WRITE deliveries since the last look: messages posted, or enumerations.
            const look = () => {
              if (!registered) return;
              if (messages) writes += drain(a, w).filter((m) => m.event === FD_WRITE).length;
              else if ((enumerate(a, u, e).lNetworkEvents & FD_WRITE) !== 0) writes += 1;
            };
            if (registerFirst) {
              register();
              registered = true;
            }
            look();
            if (binding === "bind") check(a.bind(u, sockaddr("0.0.0.0:0"), 16)).toBe(0);
            else if (binding === "sendto")
              check(a.sendto(u, new Uint8Array(1), 1, 0, peer, 16)).toBe(1);
            else check(a.connect(u, peer, 16)).toBe(0);
            look();
            if (!registerFirst) {
              register();
              registered = true;
            }
            look();
            for (let i = 0; i < sends; i++) {
              check(a.sendto(u, new Uint8Array(1), 1, 0, peer, 16)).toBe(1);
              look();
            }
            // Event mode: the bind's FD_WRITE, recorded once. Message mode: the registration's
            // post (which the bind does not repeat), and a datagram connect made while
            // registered posts FD_WRITE again (EVT-MESSAGE-MODE).
            const connectPost = messages && registerFirst && binding === "connect" ? 1 : 0;
            check(writes).toBe(1 + connectPost);
          },
        ),
        runs(150),
      );
    },
  );
});

describe("accept", () => {
  rule(
    ["EVT-ACCEPT-INHERITS", "EVT-LEVEL", "EVT-REENABLE"],
    "accepted sockets carry the listener's registration, and FD_ACCEPT happens again while connections wait",
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 4 }),
          fc.boolean(),
          fc.subarray([FD_READ, FD_WRITE, FD_CLOSE]),
          (connections, messages, extra) => {
            const { sim, t } = started("A");
            const a = t[0] as WinsockThread;
            const { l, addr } = listening(a);
            const mask = FD_ACCEPT | extra.reduce((x, y) => x | y, 0);
            const e = a.WSACreateEvent();
            const w = a.CreateWindow();
            if (messages) check(a.WSAAsyncSelect(l, w, WM_SOCKET, mask)).toBe(0);
            else check(a.WSAEventSelect(l, e, mask)).toBe(0);
            const clients: number[] = [];
            for (let i = 0; i < connections; i++) {
              const c = a.socket(AF_INET, SOCK_STREAM, 0);
              check(a.connect(c, addr, 16)).toBe(0);
              clients.push(c);
            }
            // One FD_ACCEPT for the whole queue, delivered once.
            if (messages) expect(drain(a, w)).toEqual([{ wParam: l, event: FD_ACCEPT, error: 0 }]);
            else check(enumerate(a, l, e).lNetworkEvents).toBe(FD_ACCEPT);
            for (let i = 0; i < connections; i++) {
              const s = a.accept(l, null, null) as number;
              check(s).not.toBe(INVALID_SOCKET);
              const more = i < connections - 1;
              // The accepted socket's registration is the listener's, with its own wParam.
              const reg = (() => {
                const process = kernel.findProcess(sim.state, a.pid);
                const entry =
                  process === undefined ? undefined : kernel.trieGet(process.handles, s / 4);
                if (entry?.kind !== "socket") throw new Error("no socket");
                return (
                  kernel.trieGet(sim.state.sockets, entry.socket)?.notify?.registration ?? null
                );
              })();
              expect(reg).toEqual(
                messages
                  ? {
                      kind: "window",
                      mask,
                      hwnd: w,
                      message: WM_SOCKET,
                      wParam: s,
                      through: { pid: a.pid, handle: s },
                    }
                  : {
                      kind: "event",
                      mask,
                      pid: a.pid,
                      event: e,
                      through: { pid: a.pid, handle: s },
                    },
              );
              // Non-blocking like the listener.
              check(errorOf(a, a.recv(s, new Uint8Array(4), 4, 0))).toBe(E.WSAEWOULDBLOCK);
              const writes = (mask & FD_WRITE) !== 0;
              if (messages) {
                const expected: Posted[] = [];
                if (writes) expected.push({ wParam: s, event: FD_WRITE, error: 0 });
                if (more) expected.push({ wParam: l, event: FD_ACCEPT, error: 0 });
                expect(drain(a, w).sort((x, y) => x.event - y.event)).toEqual(
                  expected.sort((x, y) => x.event - y.event),
                );
              } else {
                check(isSignalled(a, e)).toBe(writes || more);
                check(enumerate(a, l, e).lNetworkEvents).toBe(more ? FD_ACCEPT : 0);
                check(enumerate(a, s, e).lNetworkEvents).toBe(writes ? FD_WRITE : 0);
              }
            }
          },
        ),
        runs(150),
      );
    },
  );
});

describe("FD_CLOSE", () => {
  rule(
    ["EVT-CLOSE", "EVT-SHARED-CLOSE"],
    "FD_CLOSE carries 0 after a FIN and WSAECONNABORTED after a reset, even with data unread; closing a descriptor records nothing",
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3 }),
          fc.constantFrom("shutdown", "close", "abort"),
          fc.boolean(),
          fc.boolean(),
          (unread, how, messages, closeOwnFirst) => {
            const { t } = started("A", "B");
            const [a, b] = t as [WinsockThread, WinsockThread];
            const { client, server } = tcpPair(a);
            const dup = duplicate(a, client, b);
            const e = b.WSACreateEvent();
            const w = b.CreateWindow();
            const mask = FD_CLOSE | FD_READ;
            if (messages) check(b.WSAAsyncSelect(dup, w, WM_SOCKET, FD_CLOSE)).toBe(0);
            else {
              check(b.WSAEventSelect(dup, e, mask)).toBe(0);
              enumerate(b, dup, e);
            }
            expect(drain(b, w)).toEqual([]);
            if (closeOwnFirst) {
              // Closing A's descriptor (not the last) records nothing and keeps B's registration.
              check(a.closesocket(client)).toBe(0);
              check(isSignalled(b, e)).toBe(false);
              expect(drain(b, w)).toEqual([]);
            }
            if (unread > 0) check(a.send(server, new Uint8Array(unread), unread, 0)).toBe(unread);
            if (!messages && unread > 0) {
              check(enumerate(b, dup, e).lNetworkEvents).toBe(FD_READ);
            }
            if (how === "abort") a.setsockopt(server, SOL_SOCKET, SO_LINGER, linger(1, 0), 4);
            if (how === "shutdown") check(a.shutdown(server, SD_SEND)).toBe(0);
            else check(a.closesocket(server)).toBe(0);
            const error = how === "abort" ? E.WSAECONNABORTED : 0;
            if (messages) expect(drain(b, w)).toEqual([{ wParam: dup, event: FD_CLOSE, error }]);
            else {
              check(isSignalled(b, e)).toBe(true);
              const ne = enumerate(b, dup, e);
              check(ne.lNetworkEvents).toBe(FD_CLOSE);
              check(ne.iErrorCode[bitOf(FD_CLOSE)]).toBe(error);
            }
            // Closing the last descriptor records nothing more either.
            check(b.closesocket(dup)).toBe(0);
            if (!closeOwnFirst) check(a.closesocket(client)).toBe(0);
            check(isSignalled(b, e)).toBe(false);
            expect(drain(b, w)).toEqual([]);
          },
        ),
        runs(150),
      );
    },
  );
});

describe("WSAWaitForMultipleEvents", () => {
  rule(
    "EVT-WAIT",
    "returns the lowest signalled index, or when all are, or at the timeout, and resets nothing",
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })),
          (signalled, waitAll, timeout) => {
            const { sim, t } = started("A");
            const a = t[0] as WinsockThread;
            const events = signalled.map(() => a.WSACreateEvent());
            signalled.forEach((on, i) => {
              if (on) a.WSASetEvent(events[i] as number);
            });
            const ready = waitAll ? signalled.every(Boolean) : signalled.includes(true);
            const clock = sim.state.clock;
            let r = a.WSAWaitForMultipleEvents(events.length, events, waitAll, timeout, false);
            if (ready) check(r).toBe(WSA_WAIT_EVENT_0 + (waitAll ? 0 : signalled.indexOf(true)));
            else if (timeout === 0) check(r).toBe(WSA_WAIT_TIMEOUT);
            else {
              check(r).toBe(BLOCKED);
              r = a.await();
              check(r).toBe(WSA_WAIT_TIMEOUT);
              check(sim.state.clock).toBe(clock + timeout);
            }
            // Waiting reset nothing: a second zero-timeout wait sees the same events.
            signalled.forEach((on, i) => {
              check(isSignalled(a, events[i] as number)).toBe(on);
            });
          },
        ),
        runs(200),
      );
    },
  );

  rule(
    "EVT-WAIT",
    "a bad count, a duplicate in a wait-all or a handle that is no event fails, and changes nothing",
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.constant(0),
            fc.integer({ min: 65, max: 200 }),
            fc.integer({ min: 1, max: 64 }),
          ),
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          (count, waitAll, withDuplicate, withSocket) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const events: number[] = [];
            const n = Math.min(count, 64);
            for (let i = 0; i < Math.max(n, 1); i++) events.push(a.WSACreateEvent());
            while (events.length < count) events.push(events[0] as number);
            if (withDuplicate && count >= 2 && count <= 64) events[count - 1] = events[0] as number;
            const s = a.socket(AF_INET, SOCK_STREAM, 0);
            if (withSocket && count >= 1 && count <= 64) events[0] = s;
            const r = a.WSAWaitForMultipleEvents(count, events, waitAll, 0, false);
            const lastError = r === WSA_WAIT_FAILED ? a.WSAGetLastError() : 0;
            const list = events.slice(0, count);
            if (count < 1 || count > 64) check(lastError).toBe(WSA_INVALID_PARAMETER);
            else if (withSocket) check(lastError).toBe(WSA_INVALID_HANDLE);
            else if (waitAll && new Set(list).size !== list.length)
              check(lastError).toBe(WSA_INVALID_PARAMETER);
            else check(r).toBe(WSA_WAIT_TIMEOUT);
          },
        ),
        runs(150),
      );
    },
  );
});

// ---- select and WSAPoll ------------------------------------------------------------------------

type Recipe =
  | { kind: "fresh" }
  | { kind: "listener"; queued: number }
  | {
      kind: "connected";
      data: number;
      oob: boolean;
      inline: boolean;
      end: "none" | "fin" | "reset";
      full: boolean;
    }
  | { kind: "refused" }
  | { kind: "udp"; bound: boolean; datagram: boolean };

const recipeArb: fc.Arbitrary<Recipe> = fc.oneof(
  fc.constant({ kind: "fresh" as const }),
  fc.record({ kind: fc.constant("listener" as const), queued: fc.integer({ min: 0, max: 2 }) }),
  fc.record({
    kind: fc.constant("connected" as const),
    data: fc.integer({ min: 0, max: 3 }),
    oob: fc.boolean(),
    inline: fc.boolean(),
    end: fc.constantFrom("none" as const, "fin" as const, "reset" as const),
    full: fc.boolean(),
  }),
  fc.constant({ kind: "refused" as const }),
  fc.record({ kind: fc.constant("udp" as const), bound: fc.boolean(), datagram: fc.boolean() }),
);

interface Expected {
  read: boolean;
  write: boolean;
  except: boolean;
  poll: number;
}

/** Builds a socket in the state the recipe describes; returns it and what the rules expect. */
function build(a: WinsockThread, recipe: Recipe): { s: number; want: Expected } {
  switch (recipe.kind) {
    case "fresh":
      return {
        s: a.socket(AF_INET, SOCK_STREAM, 0),
        want: { read: false, write: false, except: false, poll: 0 },
      };
    case "listener": {
      const { l, addr } = listening(a);
      for (let i = 0; i < recipe.queued; i++) {
        const c = a.socket(AF_INET, SOCK_STREAM, 0);
        check(a.connect(c, addr, 16)).toBe(0);
      }
      const q = recipe.queued > 0;
      return { s: l, want: { read: q, write: false, except: false, poll: q ? POLLRDNORM : 0 } };
    }
    case "connected": {
      const { client, server } = tcpPair(a);
      if (recipe.inline) setInt(a, client, SO_OOBINLINE, 1);
      if (recipe.data > 0)
        check(a.send(server, new Uint8Array(recipe.data), recipe.data, 0)).toBe(recipe.data);
      if (recipe.oob) check(a.send(server, new Uint8Array(1), 1, MSG_OOB)).toBe(1);
      let writable = true;
      if (recipe.full) {
        // The server's 64 KiB window fills (NET-BUFFERS), then SO_SNDBUF.
        setInt(a, client, SO_SNDBUF, 1);
        ioctl(a, client, FIONBIO, 1);
        let ret: number | Blocked = 0;
        for (let i = 0; i < 10 && ret !== SOCKET_ERROR; i++)
          ret = a.send(client, new Uint8Array(32_768), 32_768, 0);
        check(ret).toBe(SOCKET_ERROR);
        writable = false;
      }
      if (recipe.end === "reset") a.setsockopt(server, SOL_SOCKET, SO_LINGER, linger(1, 0), 4);
      if (recipe.end === "fin") check(a.shutdown(server, SD_SEND)).toBe(0);
      if (recipe.end === "reset") check(a.closesocket(server)).toBe(0);
      const reset = recipe.end === "reset";
      const fin = recipe.end === "fin";
      // A reset discards what was unread.
      const data = !reset && (recipe.data > 0 || (recipe.oob && recipe.inline));
      const urgent = !reset && recipe.oob && !recipe.inline;
      const write = writable || reset;
      return {
        s: client,
        want: {
          read: data || fin || reset,
          write,
          except: urgent,
          poll:
            (data ? POLLRDNORM : 0) |
            (urgent ? POLLRDBAND : 0) |
            (write ? POLLWRNORM : 0) |
            (fin || reset ? POLLHUP : 0) |
            (reset ? POLLERR : 0),
        },
      };
    }
    case "refused": {
      const { l, addr } = listening(a);
      check(a.closesocket(l)).toBe(0);
      const c = a.socket(AF_INET, SOCK_STREAM, 0);
      ioctl(a, c, FIONBIO, 1);
      check(errorOf(a, a.connect(c, addr, 16))).toBe(E.WSAEWOULDBLOCK);
      a.Sleep(5000);
      return {
        s: c,
        want: { read: false, write: false, except: true, poll: POLLWRNORM | POLLHUP | POLLERR },
      };
    }
    case "udp": {
      const u = a.socket(AF_INET, SOCK_DGRAM, 0);
      if (recipe.bound || recipe.datagram) check(a.bind(u, sockaddr("127.0.0.1:0"), 16)).toBe(0);
      if (recipe.datagram) {
        const v = a.socket(AF_INET, SOCK_DGRAM, 0);
        const to = sockaddr(`127.0.0.1:${port(a, u)}`);
        check(a.sendto(v, new Uint8Array(3), 3, 0, to, 16)).toBe(3);
      }
      return {
        s: u,
        want: {
          read: recipe.datagram,
          write: true,
          except: false,
          poll: (recipe.datagram ? POLLRDNORM : 0) | POLLWRNORM,
        },
      };
    }
  }
}

describe("select and WSAPoll", () => {
  rule(
    ["SEL-SELECT", "SEL-POLL", "SEL-AGREE"],
    "select and WSAPoll report each socket's state, agree with each other, and change nothing",
    () => {
      fc.assert(
        fc.property(
          fc.array(recipeArb, { minLength: 1, maxLength: 5 }),
          fc.boolean(),
          (recipes, registered) => {
            const { sim, t } = started("A");
            const a = t[0] as WinsockThread;
            const built = recipes.map((r) => build(a, r));
            const sockets = built.map((b) => b.s);
            const e = a.WSACreateEvent();
            if (registered)
              for (const s of sockets) check(a.WSAEventSelect(s, e, FD_ALL_EVENTS)).toBe(0);
            for (const s of sockets) enumerate(a, s, e);
            const before = sim.state.sockets;
            const r = [...sockets];
            const w = [...sockets];
            const x = [...sockets];
            const n = a.select(0, r, w, x, { tv_sec: 0, tv_usec: 0 });
            const fds: WSAPOLLFD[] = sockets.map((fd) => ({ fd, events: ALL_POLL, revents: -1 }));
            const polled = a.WSAPoll(fds, fds.length, 0);
            expect(r).toEqual(sockets.filter((_, i) => built[i]?.want.read));
            expect(w).toEqual(sockets.filter((_, i) => built[i]?.want.write));
            expect(x).toEqual(sockets.filter((_, i) => built[i]?.want.except));
            expect(fds.map((f) => f.revents)).toEqual(built.map((b) => b.want.poll));
            check(n).toBe(r.length + w.length + x.length);
            check(polled).toBe(fds.filter((f) => f.revents !== 0).length);
            // SEL-AGREE, each way round.
            fds.forEach((f, i) => {
              const s = sockets[i] as number;
              const failed = recipes[i]?.kind === "refused";
              check(r.includes(s)).toBe(
                (f.revents & (POLLRDNORM | POLLHUP | POLLERR)) !== 0 && !failed,
              );
              check(w.includes(s)).toBe((f.revents & POLLWRNORM) !== 0 && !failed);
              check(x.includes(s)).toBe((f.revents & POLLRDBAND) !== 0 || failed);
            });
            // Neither changed state nor consumed an event.
            check(sim.state.sockets).toBe(before);
            check(isSignalled(a, e)).toBe(false);
          },
        ),
        runs(150),
      );
    },
  );

  rule(
    ["SEL-SELECT", "SEL-POLL"],
    "a descriptor that is no socket: select fails with the sets unchanged, WSAPoll marks POLLNVAL",
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom("socket", "event", "closed", "bogus"), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.constantFrom(0, 1, 2),
          (kinds, which) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const { client } = tcpPair(a);
            const fdsOf = kinds.map((k) => {
              if (k === "socket") return client;
              if (k === "event") return a.WSACreateEvent();
              if (k === "bogus") return 0x7ffc;
              const c = a.socket(AF_INET, SOCK_STREAM, 0);
              a.closesocket(c);
              return c;
            });
            const sets: (number[] | null)[] = [null, null, null];
            sets[which] = [...fdsOf];
            const n = a.select(0, sets[0] ?? null, sets[1] ?? null, sets[2] ?? null, {
              tv_sec: 0,
              tv_usec: 0,
            });
            const selectError = errorOf(a, n); // read now: a successful WSAPoll resets it
            const fds: WSAPOLLFD[] = fdsOf.map((fd) => ({ fd, events: POLLWRNORM, revents: -1 }));
            const p = a.WSAPoll(fds, fds.length, 0);
            const allSockets = kinds.every((k) => k === "socket");
            if (allSockets) {
              check(n).toBe(which === 1 ? kinds.length : 0);
            } else {
              check(selectError).toBe(E.WSAENOTSOCK);
              expect(sets[which]).toEqual(fdsOf);
            }
            const anySocket = kinds.includes("socket");
            if (!anySocket) check(errorOf(a, p)).toBe(E.WSAENOTSOCK);
            else {
              check(p).toBe(kinds.filter((k) => k === "socket").length);
              expect(fds.map((f) => f.revents)).toEqual(
                kinds.map((k) => (k === "socket" ? POLLWRNORM : POLLNVAL)),
              );
            }
          },
        ),
        runs(150),
      );
    },
  );

  rule(["SEL-CLOSED", "SEL-POLL"], "a socket closed while select or WSAPoll waits on it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("read", "except", "both"),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (sets, usePoll, others) => {
          const sim = new Simulation();
          const p = sim.createProcess("P");
          const main = p.main;
          check(main.WSAStartup(0x0202, new WSADATA())).toBe(0);
          const waiter = p.createThread();
          const { client } = tcpPair(main);
          // Idle sockets beside it, so that only the close can end the wait.
          const idle: number[] = [];
          for (let i = 0; i < others; i++) idle.push(tcpPair(main).client);
          let ret: number | Blocked;
          const r = sets === "except" ? null : [client, ...idle];
          const x = sets === "read" ? null : [client];
          const fds: WSAPOLLFD[] = [client, ...idle].map((fd) => ({
            fd,
            events: POLLRDNORM,
            revents: -1,
          }));
          if (usePoll) ret = waiter.WSAPoll(fds, fds.length, -1);
          else ret = waiter.select(0, r, null, x, null);
          check(ret).toBe(BLOCKED);
          check(main.closesocket(client)).toBe(0);
          ret = waiter.await();
          if (usePoll) {
            check(ret).toBe(1);
            expect(fds.map((f) => f.revents)).toEqual([POLLNVAL, ...idle.map(() => 0)]);
          } else if (sets === "except") {
            check(errorOf(waiter, ret)).toBe(E.WSAENOTSOCK);
            // The failed wait leaves no socket in exceptfds (fact 77).
            expect(x).toEqual([]);
          } else {
            check(ret).toBe(1);
            expect(r).toEqual([client]);
            if (x !== null) expect(x).toEqual([]);
          }
        },
      ),
      runs(100),
    );
  });
});
