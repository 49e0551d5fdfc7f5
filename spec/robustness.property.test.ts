/**
 * Bad input never crashes and never corrupts: any arguments, of any JavaScript type, to any
 * facade call either succeed by the call's own convention or fail with a Winsock error and
 * leave the kernel state exactly as it was (rule ERR-FAILED-UNCHANGED).
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  BLOCKED,
  INVALID_POINTER,
  intRef,
  MSG,
  Simulation,
  sockaddr,
  type WinsockThread,
  WSADATA,
  WSANETWORKEVENTS,
} from "../src/index.js";
import { callsMade, countCalls, runs } from "./support/budget.js";
import { rule } from "./support/rule.js";

afterAll(() => {
  console.log(`robustness properties: ${callsMade()} random Winsock calls`);
});

/** Anything a careless or hostile caller might pass. */
const junk = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 4, 8, 2 ** 32, 2 ** 64 - 1, Number.NaN, Number.POSITIVE_INFINITY, 0.5, -0),
  fc.constantFrom(null, undefined, INVALID_POINTER, "", "socket", true, {}, []),
  fc.uint8Array({ maxLength: 700 }),
  fc.nat({ max: 700 }).map((n) => intRef(n)),
  fc.integer().map((n) => intRef(n)),
  fc
    .constantFrom("127.0.0.1:0", "127.0.0.1:49152", "[::1]:0", "10.0.0.1:80", "0.0.0.0:0")
    .map((t) => sockaddr(t)),
  fc.array(fc.oneof(fc.constantFrom(4, 8, 12, 16), fc.integer()), { maxLength: 4 }),
  fc.record({ tv_sec: fc.integer({ min: -2, max: 2 }), tv_usec: fc.integer() }),
  fc.array(
    fc.record({ fd: fc.constantFrom(4, 8, -1, 99), events: fc.integer(), revents: fc.integer() }),
    { maxLength: 3 },
  ),
  fc.constant(null).map(() => new MSG()),
  fc.constant(null).map(() => new WSANETWORKEVENTS()),
);

const CALLS = [
  "socket",
  "WSASocketA",
  "WSASocketW",
  "closesocket",
  "getsockopt",
  "setsockopt",
  "WSADuplicateSocketA",
  "WSADuplicateSocketW",
  "WSACreateEvent",
  "WSACloseEvent",
  "WSASetEvent",
  "WSAResetEvent",
  "WSAStartup",
  "WSACleanup",
  "bind",
  "listen",
  "accept",
  "connect",
  "send",
  "sendto",
  "recv",
  "recvfrom",
  "shutdown",
  "getsockname",
  "getpeername",
  "ioctlsocket",
  "WSAEventSelect",
  "WSAAsyncSelect",
  "WSAEnumNetworkEvents",
  "WSAWaitForMultipleEvents",
  "select",
  "WSAPoll",
  "PeekMessage",
] as const;

describe("hostile arguments", () => {
  rule(
    "ERR-FAILED-UNCHANGED",
    "any arguments to any call never throw, and a failed call changes nothing",
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...CALLS), fc.array(junk, { maxLength: 6 })), {
            maxLength: 40,
          }),
          (calls) => {
            const sim = new Simulation();
            const a = sim.createProcess("A").main;
            const b = sim.createProcess("B").main;
            a.WSAStartup(0x0202, new WSADATA());
            b.WSAStartup(0x0202, new WSADATA());
            // Some real handles, so that junk sometimes lands on them.
            a.socket(2, 1, 6);
            a.socket(2, 2, 17);
            b.socket(2, 1, 6);
            a.WSACreateEvent();
            a.CreateWindow();
            for (const [call, args] of calls) {
              const t = (call.length % 2 === 0 ? a : b) as WinsockThread;
              // A thread blocked for good (nobody will ever wake it) makes no more calls.
              if (t.blockedIn !== undefined && t.await() === BLOCKED) continue;
              const method = t[call] as (...xs: unknown[]) => unknown;
              method.apply(t, args);
              countCalls();
              const last = sim.last!;
              expect(last.call.startsWith(call.replace(/[AW]$/, ""))).toBe(true);
              // A failed call changes nothing, unless its rule says the work goes on (a KeptFailure,
              // such as a non-blocking connect's WSAEWOULDBLOCK).
              if (!last.ok && !last.kept) {
                expect(last.after.sockets).toBe(last.before.sockets);
                expect(last.after.duplications).toBe(last.before.duplications);
                expect(last.after.nextSocketId).toBe(last.before.nextSocketId);
              }
            }
          },
        ),
        runs(1500),
      );
    },
  );
});
