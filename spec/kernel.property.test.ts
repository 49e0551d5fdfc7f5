/**
 * Properties of the kernel rules (spec/rules/kernel.json), checked by driving random
 * multi-process call sequences against the small model in support/sharing-model.ts.
 *
 * A failure prints the shrunk command list, and the seed and path that replay it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/kernel.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  AF_INET,
  FD_READ,
  FIONREAD,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  int32,
  intRef,
  POLLRDNORM,
  readInt32,
  Simulation,
  SOCK_STREAM,
  SOL_SOCKET,
  SOL_SOCKET_OPTIONS,
  WinsockThread,
  WSA_ERRORS,
  WSADATA,
  WSANETWORKEVENTS,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { tcpPair } from "./support/pairs.js";
import { rule } from "./support/rule.js";
import {
  Model,
  newReal,
  PROCESS_NAMES,
  Spawn,
  sharingCommands,
  WINDOWS_DEFAULT_SNDBUF,
} from "./support/sharing-model.js";

// Every Winsock call made through a thread is counted where it is made, setup excluded
// (support/budget.ts): the count printed is the count of calls made.
countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`kernel properties: ${callsMade()} random Winsock calls (setup excluded)`);
});

describe("shared sockets across processes and threads", () => {
  rule(
    [
      "DESC-SHARED-STATE",
      "DESC-NO-ACCESS-CONTROL",
      "THREAD-SHARE",
      "HANDLE-KIND",
      "HANDLE-REUSE",
      "LIFE-REFCOUNT",
      "LIFE-SHARED-CLOSE",
      "LIFE-LAST-CLOSE",
      "LIFE-EXIT",
      "LIFE-CLEANUP",
      "START-COUNT",
      "START-REQUIRED",
      "START-VERSION",
      "DUP-CHECK-ORDER",
      "DUP-PENDING-REF",
      "DUP-SINGLE-USE",
      "DUP-TARGET-ONLY",
      "DUP-INFO-CHECK",
      "ERR-FAILED-UNCHANGED",
      "ERR-SUCCESS-CLEARS",
      "EVENT-OBJECT",
      "EVENT-CLOSE-HANDLE",
    ],
    "random call sequences across processes and threads agree with the model after every step",
    () => {
      fc.assert(
        fc.property(
          fc.commands(sharingCommands(), { maxCommands: 400, size: "max" }),
          (commands) => {
            const model = new Model(WINDOWS_DEFAULT_SNDBUF);
            const real = newReal();
            // Every process exists at the start; Exit and Spawn change that during the run.
            setup(() => {
              for (const name of PROCESS_NAMES) new Spawn(name).run(model, real);
            });
            fc.modelRun(() => ({ model, real }), commands);
          },
        ),
        runs(12000),
      );
    },
  );
});

describe("focused properties", () => {
  /** A successful call each, on a connected pair: [name, whether it resets the last error]. */
  type Pair = ReturnType<typeof tcpPair> & { readonly event: number };
  const successes: readonly [string, boolean, (t: WinsockThread, pair: Pair) => unknown][] = [
    ["select", true, (t, p) => t.select(0, null, [p.client], null, { tv_sec: 0, tv_usec: 0 })],
    [
      "WSAPoll",
      true,
      (t, p) => t.WSAPoll([{ fd: p.client, events: POLLRDNORM, revents: 0 }], 1, 0),
    ],
    ["connect", true, (t, p) => t.connect(t.socket(AF_INET, SOCK_STREAM, 0), p.addr, 16)],
    ["accept", true, (t, p) => t.accept(p.l, null, null)],
    ["listen", true, (t, p) => t.listen(p.l, 5)],
    ["ioctlsocket", true, (t, p) => t.ioctlsocket(p.client, FIONREAD, intRef(0))],
    ["getpeername", true, (t, p) => t.getpeername(p.client, new Uint8Array(16), intRef(16))],
    ["closesocket", true, (t) => t.closesocket(t.socket(AF_INET, SOCK_STREAM, 0))],
    ["WSAEventSelect", true, (t, p) => t.WSAEventSelect(p.server, t.WSACreateEvent(), FD_READ)],
    [
      "WSAEnumNetworkEvents",
      true,
      (t, p) => t.WSAEnumNetworkEvents(p.client, 0, new WSANETWORKEVENTS()),
    ],
    // WSACreateEvent is CreateEvent, which clears the last error; the wrappers of the other
    // event calls keep it, so they work on an event created before the preset.
    ["WSACreateEvent", true, (t) => t.WSACreateEvent()],
    ["WSASetEvent", false, (t, p) => t.WSASetEvent(p.event)],
    ["WSAResetEvent", false, (t, p) => t.WSAResetEvent(p.event)],
    ["WSACloseEvent", false, (t, p) => t.WSACloseEvent(p.event)],
  ];

  rule(
    "ERR-SUCCESS-CLEARS",
    "a successful socket call or WSACreateEvent resets the last error to 0; the other event-object wrappers keep it",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...successes),
          fc.integer({ min: 1, max: 0x7fffffff }),
          ([name, resets, call], preset) => {
            const { t, pair } = setup(() => {
              const sim = new Simulation();
              const t = sim.createProcess("P").main;
              t.WSAStartup(0x0202, new WSADATA());
              const pair = { ...tcpPair(t), event: t.WSACreateEvent() };
              // A second connection waits, for accept.
              t.connect(t.socket(AF_INET, SOCK_STREAM, 0), pair.addr, 16);
              // The setup's own last call may have set a value; the preset is what is read
              // back unless the call resets it.
              t.WSASetLastError(preset);
              return { t, pair };
            });
            const ret = call(t, pair);
            expect(ret, name).not.toBe(-1);
            expect(t.WSAGetLastError(), name).toBe(resets ? 0 : preset);
          },
        ),
        runs(150),
      );
    },
  );

  rule("ERR-THREAD", "a failing call sets only the calling thread's last error", () => {
    fc.assert(
      fc.property(fc.nat({ max: 3 }), fc.integer(), (failing, preset) => {
        const threads = setup(() => {
          const sim = new Simulation();
          const p = sim.createProcess("P");
          const threads = [p.main, p.createThread(), p.createThread(), p.createThread()];
          p.main.WSAStartup(0x0202, new WSADATA());
          for (const t of threads) t.WSASetLastError(preset);
          return threads;
        });
        const t = threads[failing]!;
        t.closesocket(INVALID_SOCKET);
        threads.forEach((other, i) => {
          expect(other.WSAGetLastError()).toBe(i === failing ? WSA_ERRORS.WSAENOTSOCK : preset);
        });
      }),
      runs(200),
    );
  });

  rule(
    ["DUP-INFO", "SOCK-FROM-INFO"],
    "a duplicated structure describes the socket, and importing it yields that socket",
    () => {
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 0, max: 1 << 24 }),
          (wide, dgram, value) => {
            const { a, b } = setup(() => {
              const sim = new Simulation();
              const a = sim.createProcess("A").main;
              const b = sim.createProcess("B").main;
              a.WSAStartup(0x0202, new WSADATA());
              b.WSAStartup(0x0202, new WSADATA());
              return { a, b };
            });
            const s = a.socket(AF_INET, dgram ? 2 : SOCK_STREAM, 0);
            const info = new Uint8Array(wide ? 628 : 372);
            expect(
              wide ? a.WSADuplicateSocketW(s, b.pid, info) : a.WSADuplicateSocketA(s, b.pid, info),
            ).toBe(0);
            const view = new DataView(info.buffer);
            expect(view.getInt32(76, true)).toBe(AF_INET);
            expect(view.getInt32(88, true)).toBe(dgram ? 2 : SOCK_STREAM);
            expect(view.getInt32(92, true)).toBe(dgram ? 17 : 6);
            const fpi = FROM_PROTOCOL_INFO;
            const t = wide
              ? b.WSASocketW(fpi, fpi, fpi, info, 0, 1)
              : b.WSASocketA(fpi, fpi, fpi, info, 0, 1);
            expect(t).not.toBe(INVALID_SOCKET);
            a.setsockopt(s, SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_SNDBUF, int32(value), 4);
            const out = new Uint8Array(4);
            expect(b.getsockopt(t, SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_SNDBUF, out, intRef(4))).toBe(
              0,
            );
            expect(readInt32(out)).toBe(value);
          },
        ),
        runs(200),
      );
    },
  );
});
