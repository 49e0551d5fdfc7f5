/**
 * Properties of socket creation (SOCK-* rules in spec/rules/kernel.json), against an oracle
 * written from Wine's test_WSASocket table rather than from the catalog code.
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  INVALID_SOCKET,
  int32,
  kernel,
  Simulation,
  SO_OPENTYPE,
  SOL_SOCKET,
  WinsockThread,
  WSA_ERRORS,
  WSA_FLAG_NO_HANDLE_INHERIT,
  WSA_FLAG_OVERLAPPED,
  WSADATA,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { rule } from "./support/rule.js";

// Counted where they are made, setup excluded (support/budget.ts).
countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`creation properties: ${callsMade()} random Winsock calls (setup excluded)`);
});

type Expected = { error: number } | { af: number; type: number; protocol: number };

/** What Windows answers for socket(af, type, protocol), rule by rule. */
function oracle(af: number, type: number, protocol: number): Expected {
  const { WSAEINVAL, WSAESOCKTNOSUPPORT, WSAEAFNOSUPPORT, WSAEPROTONOSUPPORT, WSAEACCES } =
    WSA_ERRORS;
  if (af === 0 && protocol === 0) return { error: WSAEINVAL };
  if (![0, 1, 2, 3, 4, 5].includes(type)) return { error: WSAESOCKTNOSUPPORT };
  // AF_UNIX: stream only, protocol 0 only (NET-UNIX-SOCKET).
  if (af === 1) {
    if (type !== 0 && type !== 1) return { error: WSAESOCKTNOSUPPORT };
    return protocol === 0 ? { af: 1, type: 1, protocol: 0 } : { error: WSAEPROTONOSUPPORT };
  }
  if (![0, 2, 23].includes(af)) return { error: WSAEAFNOSUPPORT };
  if (type === 4 || type === 5) return { error: WSAESOCKTNOSUPPORT };
  const family = af === 0 ? 2 : af;
  let resolved = type;
  if (type === 0) {
    if (protocol === 0 || protocol === 6) resolved = 1;
    else if (protocol === 17) resolved = 2;
    else if (protocol > 0 && protocol <= 255) resolved = 3;
    else return { error: WSAEPROTONOSUPPORT };
  }
  if (resolved === 1 && protocol !== 0 && protocol !== 6) return { error: WSAEPROTONOSUPPORT };
  if (resolved === 2 && protocol !== 0 && protocol !== 17) return { error: WSAEPROTONOSUPPORT };
  if (resolved === 3 && (protocol < 0 || protocol > 255)) return { error: WSAEPROTONOSUPPORT };
  if (resolved === 3) return { error: WSAEACCES };
  return {
    af: family,
    type: resolved,
    protocol: protocol === 0 ? (resolved === 1 ? 6 : 17) : protocol,
  };
}

function startedThread(): { sim: Simulation; t: WinsockThread } {
  const sim = new Simulation();
  const t = sim.createProcess("A").main;
  t.WSAStartup(0x0202, new WSADATA());
  return { sim, t };
}

function socketRecord(sim: Simulation, t: WinsockThread, s: number) {
  const entry = kernel.trieGet(kernel.findProcess(sim.state, t.pid)!.handles, s / 4);
  if (entry?.kind !== "socket") throw new Error("not a socket handle");
  return kernel.trieGet(sim.state.sockets, entry.socket)!;
}

const interesting = (values: number[]) =>
  fc.oneof(fc.constantFrom(...values), fc.integer({ min: -2, max: 300 }), fc.integer());

describe("socket creation", () => {
  rule(
    ["SOCK-ARGS", "SOCK-RAW"],
    "socket answers what Windows' table answers, for any triple",
    () => {
      fc.assert(
        fc.property(
          interesting([0, 2, 23, 6, 1, -1, 0xdead]),
          interesting([0, 1, 2, 3, 4, 5, -1, 0xdead]),
          interesting([0, 6, 17, 1, 255, 41, -1, 0xdead]),
          (af, type, protocol) => {
            const { sim, t } = setup(startedThread);
            const s = t.socket(af, type, protocol);
            const expected = oracle(af, type, protocol);
            if ("error" in expected) {
              check(s).toBe(INVALID_SOCKET);
              check(t.WSAGetLastError()).toBe(expected.error);
              check(sim.state.sockets.size).toBe(0);
            } else {
              const record = socketRecord(sim, t, s);
              expect({ af: record.af, type: record.type, protocol: record.protocol }).toEqual(
                expected,
              );
            }
          },
        ),
        runs(3000),
      );
    },
  );

  rule("SOCK-GROUP", "any group other than 0 is WSAEINVAL and creates nothing", () => {
    fc.assert(
      fc.property(
        fc.integer().filter((g) => g !== 0),
        (g) => {
          const { sim, t } = setup(startedThread);
          check(t.WSASocketW(2, 1, 6, null, g, 0)).toBe(INVALID_SOCKET);
          check(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEINVAL);
          check(sim.state.sockets.size).toBe(0);
        },
      ),
      runs(300),
    );
  });

  rule(
    "SOCK-OVERLAPPED",
    "overlapped and inheritable attributes follow socket(), SO_OPENTYPE and dwFlags",
    () => {
      fc.assert(
        fc.property(fc.nat({ max: 0x1ff }), fc.constantFrom(0, 0x10, 0x20), (flags, openType) => {
          const { sim, t } = setup(startedThread);
          check(t.setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE, int32(openType), 4)).toBe(0);
          const plain = t.socket(2, 1, 6);
          const flagged = t.WSASocketW(2, 1, 6, null, 0, flags);
          check(socketRecord(sim, t, plain).creationFlags & WSA_FLAG_OVERLAPPED).toBe(
            openType === 0 ? WSA_FLAG_OVERLAPPED : 0,
          );
          check(socketRecord(sim, t, flagged).creationFlags).toBe(flags);
          const entry = kernel.trieGet(kernel.findProcess(sim.state, t.pid)!.handles, flagged / 4);
          expect(entry).toMatchObject({ inheritable: (flags & WSA_FLAG_NO_HANDLE_INHERIT) === 0 });
        }),
        runs(300),
      );
    },
  );
});
