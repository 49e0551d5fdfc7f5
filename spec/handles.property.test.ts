/**
 * Handles however they are made: socket, WSASocket with and without WSA_FLAG_NO_HANDLE_INHERIT,
 * WSACreateEvent, SetHandleInformation, CreateProcess with and without bInheritHandles,
 * DuplicateHandle (same process or another, inheritable or not, closing the source or not),
 * CloseHandle, closesocket, WSASetEvent and process exit, in random order across processes.
 *
 * The model below knows only what the rules say: which object each handle of each process names,
 * and the handle's flags. It does not know how the kernel picks a new value: it takes the value
 * the call returned and checks that it was free. It predicts the values the rules fix (inherited
 * handles keep the parent's; a same-process DUPLICATE_CLOSE_SOURCE keeps the source's), every
 * flag, which objects are alive, every reference count and the shared state of events.
 */
import fc from "fast-check";
import { afterAll, describe } from "vitest";
import {
  AF_INET,
  DUPLICATE_OPTIONS,
  HANDLE_FLAGS,
  IPPROTO_TCP,
  intRef,
  type SimProcess,
  Simulation,
  SOCK_STREAM,
  sockaddr,
  view,
  WinsockThread,
  WSA_ERRORS,
  WSA_FLAGS,
  WSADATA,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`handle properties: ${callsMade()} calls made (setup excluded)`);
});

const { HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE } = HANDLE_FLAGS;
const { DUPLICATE_CLOSE_SOURCE } = DUPLICATE_OPTIONS;

/** What the model knows of one handle: the object it names ("s1", "e3") and its flags. */
interface ModelHandle {
  readonly object: string;
  readonly inherit: boolean;
  readonly protect: boolean;
  /** Made by this process's Winsock (socket, WSASocket): what its last WSACleanup closes. */
  readonly own: boolean;
}

type Table = Map<number, ModelHandle>;

type Command =
  | { readonly kind: "socket"; readonly proc: number; readonly noInherit: boolean }
  | { readonly kind: "event"; readonly proc: number }
  | { readonly kind: "spawn"; readonly proc: number; readonly inherit: boolean }
  | {
      readonly kind: "setInfo";
      readonly proc: number;
      readonly pick: number;
      readonly mask: number;
      readonly flags: number;
    }
  | {
      readonly kind: "duplicate";
      readonly proc: number;
      readonly from: number;
      readonly pick: number;
      readonly to: number;
      readonly inherit: boolean;
      readonly closeSource: boolean;
    }
  | { readonly kind: "close"; readonly proc: number; readonly pick: number; readonly how: Close }
  | { readonly kind: "setEvent"; readonly proc: number; readonly pick: number }
  | { readonly kind: "exit"; readonly proc: number }
  | { readonly kind: "cleanup"; readonly proc: number };

type Close = "CloseHandle" | "closesocket" | "WSACloseEvent";

const proc = fc.nat({ max: 5 });
const pick = fc.nat();
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant("socket"), proc, noInherit: fc.boolean() }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("event"), proc }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("spawn"), proc, inherit: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("setInfo"),
      proc,
      pick,
      mask: fc.constantFrom(0, 1, 2, 3, 4, 0xffffffff),
      flags: fc.constantFrom(0, 1, 2, 3, 0xffffffff),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("duplicate"),
      proc,
      from: fc.nat({ max: 6 }),
      pick,
      to: fc.nat({ max: 6 }),
      inherit: fc.boolean(),
      closeSource: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("close"),
      proc,
      pick,
      how: fc.constantFrom<Close>("CloseHandle", "closesocket", "WSACloseEvent"),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("setEvent"), proc, pick }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("exit"), proc }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("cleanup"), proc }), weight: 1 },
);

/** The simulation and the model side by side; processes are indexed in creation order. */
class World {
  readonly sim = new Simulation();
  readonly processes: SimProcess[] = [];
  readonly tables: Table[] = [];
  readonly signalled = new Map<string, boolean>();
  #sockets = 0;
  #events = 0;
  #spawned = 0;

  constructor() {
    setup(() => this.#adopt(this.sim.createProcess("root"), new Map()));
  }

  #adopt(process: SimProcess, table: Table): void {
    process.main.WSAStartup(0x202, new WSADATA());
    this.processes.push(process);
    this.tables.push(table);
  }

  /** A live process for an index, or undefined. */
  live(index: number): number | undefined {
    const alive = this.processes.flatMap((p, i) => (p.alive ? [i] : []));
    return alive.length === 0 ? undefined : alive[index % alive.length];
  }

  /** A handle value of process i, picked by `n` in value order, or undefined. */
  handle(i: number, n: number): number | undefined {
    const values = [...(this.tables[i] as Table).keys()].sort((a, b) => a - b);
    return values.length === 0 ? undefined : values[n % values.length];
  }

  run(c: Command): void {
    const i = this.live(c.proc);
    if (i === undefined) return;
    const process = this.processes[i] as SimProcess;
    const t = process.main;
    const table = this.tables[i] as Table;
    switch (c.kind) {
      case "socket": {
        const s = t.WSASocketW(
          AF_INET,
          SOCK_STREAM,
          IPPROTO_TCP,
          null,
          0,
          c.noInherit ? WSA_FLAGS.WSA_FLAG_NO_HANDLE_INHERIT : 0,
        );
        check(table.has(s), "a new socket's value was free").toBe(false);
        // HANDLE-INHERIT-FLAG: inheritable unless WSA_FLAG_NO_HANDLE_INHERIT.
        table.set(s, {
          object: `s${++this.#sockets}`,
          inherit: !c.noInherit,
          protect: false,
          own: true,
        });
        return;
      }
      case "event": {
        const e = t.WSACreateEvent();
        check(table.has(e), "a new event's value was free").toBe(false);
        const object = `e${++this.#events}`;
        // HANDLE-INHERIT-FLAG: WSACreateEvent's handles are not inheritable.
        table.set(e, { object, inherit: false, protect: false, own: true });
        this.signalled.set(object, false);
        return;
      }
      case "spawn": {
        const child = t.CreateProcess(`child${++this.#spawned}`, c.inherit);
        // PROC-INHERIT: every inheritable handle, at its value, flags kept; nothing without.
        const inherited: Table = new Map();
        if (c.inherit) {
          for (const [value, h] of table) if (h.inherit) inherited.set(value, { ...h, own: false });
        }
        this.#adopt(child, inherited);
        return;
      }
      case "setInfo": {
        const h = this.handle(i, c.pick) ?? 0x7ff0;
        const ok = t.SetHandleInformation(h, c.mask, c.flags);
        const before = table.get(h);
        check(ok, "SetHandleInformation").toBe(before === undefined ? 0 : 1);
        if (before === undefined) {
          check(t.WSAGetLastError()).toBe(WSA_ERRORS.WSA_INVALID_HANDLE);
          return;
        }
        const pickBit = (bit: number, was: boolean) =>
          (c.mask & bit) === 0 ? was : (c.flags & bit) !== 0;
        table.set(h, {
          ...before,
          inherit: pickBit(HANDLE_FLAG_INHERIT, before.inherit),
          protect: pickBit(HANDLE_FLAG_PROTECT_FROM_CLOSE, before.protect),
        });
        return;
      }
      case "duplicate":
        this.#duplicate(i, c);
        return;
      case "close": {
        const h = this.handle(i, c.pick) ?? 0x7ff0;
        const before = table.get(h);
        const ret =
          c.how === "CloseHandle"
            ? t.CloseHandle(h)
            : c.how === "WSACloseEvent"
              ? t.WSACloseEvent(h)
              : t.closesocket(h);
        const closes =
          before !== undefined &&
          (c.how === "closesocket"
            ? before.object.startsWith("s")
            : // HANDLE-INFO: CloseHandle and WSACloseEvent refuse a protected handle.
              !before.protect);
        const success = c.how === "closesocket" ? 0 : 1;
        check(ret === success, `${c.how}(${h})`).toBe(closes);
        if (closes) table.delete(h);
        return;
      }
      case "setEvent": {
        const h = this.handle(i, c.pick);
        const entry = h === undefined ? undefined : table.get(h);
        if (h === undefined || entry === undefined || !entry.object.startsWith("e")) return;
        check(t.WSASetEvent(h)).toBe(1);
        this.signalled.set(entry.object, true);
        return;
      }
      case "exit":
        // The last live process stays, so that the rest of the run still does something.
        if (this.processes.filter((p) => p.alive).length === 1) return;
        process.exit();
        table.clear();
        return;
      case "cleanup":
        // LIFE-CLEANUP: the last WSACleanup closes the sockets this process's Winsock made;
        // inherited handles and DuplicateHandle copies stay. Then Winsock is started again.
        check(t.WSACleanup(), "WSACleanup").toBe(0);
        for (const [value, h] of table) if (h.own && h.object.startsWith("s")) table.delete(value);
        check(t.WSAStartup(0x202, new WSADATA()), "WSAStartup").toBe(0);
        return;
    }
  }

  #duplicate(i: number, c: Extract<Command, { kind: "duplicate" }>): void {
    const t = (this.processes[i] as SimProcess).main;
    // 6 stands for a process that does not exist (an exited one, or none at all).
    const from = c.from === 6 ? undefined : this.live(c.from);
    const to = c.to === 6 ? undefined : this.live(c.to);
    const fromArg = from === undefined ? 0x7ff0 : (this.processes[from] as SimProcess);
    const toArg = to === undefined ? 0x7ff0 : (this.processes[to] as SimProcess);
    const h = from === undefined ? 0x7ff0 : (this.handle(from, c.pick) ?? 0x7ff0);
    const source = from === undefined ? undefined : (this.tables[from] as Table).get(h);
    const out = intRef(-1);
    const ok = t.DuplicateHandle(
      fromArg,
      h,
      toArg,
      out,
      0,
      c.inherit,
      c.closeSource ? DUPLICATE_CLOSE_SOURCE : 0,
    );
    const sourceTable = from === undefined ? undefined : (this.tables[from] as Table);
    // HANDLE-DUPLICATE: a missing source or target fails with ERROR_INVALID_HANDLE, and
    // DUPLICATE_CLOSE_SOURCE closes an existing source even then, unless it is protected.
    const closes = source !== undefined && c.closeSource && !source.protect;
    if (source === undefined || to === undefined) {
      check(ok, "DuplicateHandle of a missing source or to a missing process").toBe(0);
      check(t.WSAGetLastError()).toBe(WSA_ERRORS.WSA_INVALID_HANDLE);
      check(out.value, "the target handle is zeroed").toBe(0);
      if (closes) sourceTable?.delete(h);
      return;
    }
    check(ok, "DuplicateHandle").toBe(1);
    if (closes) sourceTable?.delete(h);
    const target = this.tables[to] as Table;
    check(target.has(out.value), "the copy's value was free").toBe(false);
    if (closes && from === to) check(out.value, "a same-process close-source copy").toBe(h);
    // The copy names the same object, with bInheritHandle and without protection.
    target.set(out.value, {
      object: source.object,
      inherit: c.inherit,
      protect: false,
      own: false,
    });
  }

  /** The kernel agrees with the model: tables, flags, objects alive, counts, shared state. */
  verify(): void {
    const state = view(this.sim.state);
    const objectOf = new Map<string, string>();
    const counts = new Map<string, number>();
    for (const [i, process] of this.processes.entries()) {
      const table = this.tables[i] as Table;
      const shown = state.processes.find((p) => p.pid === process.pid);
      check(shown === undefined, `process ${i} alive`).toBe(!process.alive);
      if (shown === undefined) continue;
      check(shown.handles.length, `handles of process ${i}`).toBe(table.size);
      for (const handle of shown.handles) {
        const model = table.get(handle.value);
        check(model !== undefined, `handle ${handle.value} of process ${i}`).toBe(true);
        if (model === undefined) continue;
        check(handle.inheritable, `inheritable ${handle.value}`).toBe(model.inherit);
        check(handle.protectFromClose, `protected ${handle.value}`).toBe(model.protect);
        const id =
          handle.kind === "socket"
            ? `k-s${handle.socket}`
            : handle.kind === "event"
              ? `k-e${handle.event}`
              : `k-p${handle.port}`;
        check(handle.kind === "socket", `kind of ${handle.value}`).toBe(
          model.object.startsWith("s"),
        );
        // One kernel object per model object: the mapping must be a bijection.
        const known = objectOf.get(model.object);
        if (known === undefined) objectOf.set(model.object, id);
        else check(id, `object of ${model.object}`).toBe(known);
        counts.set(model.object, (counts.get(model.object) ?? 0) + 1);
        if (handle.kind === "event") {
          check(handle.signalled, `signalled ${model.object}`).toBe(
            this.signalled.get(model.object),
          );
        }
      }
    }
    check(new Set(objectOf.values()).size, "distinct objects").toBe(objectOf.size);
    // LIFE-ANY-ORIGIN: a socket exists exactly while some handle names it; its count is theirs.
    const liveSockets = [...counts.keys()].filter((o) => o.startsWith("s"));
    check(state.sockets.length, "live sockets").toBe(liveSockets.length);
    for (const socket of state.sockets) {
      const model = [...objectOf].find(([, id]) => id === `k-s${socket.id}`)?.[0];
      check(model !== undefined, `socket ${socket.id} is named`).toBe(true);
      check(socket.refCount, `refCount of socket ${socket.id}`).toBe(counts.get(model ?? ""));
    }
  }

  /** GetHandleInformation agrees with the model on every handle of every live process. */
  readFlags(): void {
    for (const [i, process] of this.processes.entries()) {
      if (!process.alive) continue;
      for (const [value, model] of this.tables[i] as Table) {
        const flags = intRef(-1);
        check(process.main.GetHandleInformation(value, flags), "GetHandleInformation").toBe(1);
        const expected =
          (model.inherit ? HANDLE_FLAG_INHERIT : 0) |
          (model.protect ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
        check(flags.value, `flags of ${value}`).toBe(expected);
      }
    }
  }
}

describe("handles of every origin", () => {
  rule(
    [
      "PROC-INHERIT",
      "HANDLE-INHERIT-FLAG",
      "HANDLE-INFO",
      "HANDLE-DUPLICATE",
      "HANDLE-SHARED-OBJECT",
      "LIFE-ANY-ORIGIN",
      "LIFE-CLEANUP",
    ],
    "tables, flags, shared objects and lifetimes follow the model after every call",
    () => {
      fc.assert(
        fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
          const world = new World();
          for (const c of commands) {
            world.run(c);
            world.verify();
          }
          world.readFlags();
        }),
        runs(500),
      );
    },
  );

  rule(
    "LIFE-ANY-ORIGIN",
    "a listener inherited by a child keeps its port after the parent closes it, until the child exits",
    () => {
      fc.assert(
        fc.property(fc.boolean(), fc.boolean(), (noInherit, childFirst) => {
          const sim = new Simulation();
          const parent = setup(() => {
            const p = sim.createProcess("parent");
            p.main.WSAStartup(0x202, new WSADATA());
            return p;
          });
          const t = parent.main;
          const flags = noInherit ? WSA_FLAGS.WSA_FLAG_NO_HANDLE_INHERIT : 0;
          const listener = t.WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, null, 0, flags);
          const address = sockaddr("127.0.0.1:5000");
          check(t.bind(listener, address, 16)).toBe(0);
          check(t.listen(listener, 5)).toBe(0);
          const child = t.CreateProcess("child", true);
          if (childFirst) child.main.WSAStartup(0x202, new WSADATA());
          check(t.closesocket(listener)).toBe(0);
          const again = t.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
          const bound = t.bind(again, address, 16);
          // With the inherited handle alive, the port is still taken; without, it is free.
          check(bound, "bind while the child lives").toBe(noInherit ? 0 : -1);
          if (bound !== 0) check(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEADDRINUSE);
          child.exit();
          if (bound !== 0) check(t.bind(again, address, 16), "bind after the exit").toBe(0);
        }),
        runs(20),
      );
    },
  );
});
