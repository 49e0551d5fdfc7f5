/**
 * Bad input never crashes and never corrupts: any arguments, of any JavaScript type, to any
 * facade call either succeed by the call's own convention or fail with a Winsock error and
 * leave the kernel state exactly as it was but for the caller's last error (rule
 * ERR-FAILED-UNCHANGED). Threads block, exit (ExitThread) and lose their process
 * (`process.exit()`) along the way; the only throws allowed are the typed errors of
 * src/api/errors.ts for calls no Windows thread can make, and those change nothing at all.
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  INVALID_POINTER,
  intRef,
  kernel,
  MSG,
  ProcessExitedError,
  type Simulation as Sim,
  Simulation,
  sockaddr,
  ThreadBlockedError,
  ThreadExitedError,
  ThreadNotBlockedError,
  type WinsockThread,
  WSABUF,
  WSADATA,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countCalls, runs } from "./support/budget.js";
import { rule } from "./support/rule.js";

afterAll(() => {
  // Counted only for calls that ran to a record: not the ones refused with a typed error, not
  // an await that left its thread blocked, not the exits.
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
  // WSABUF arrays, sound and not (a buf shorter than its len, a null buf, not a WSABUF).
  fc.array(
    fc.oneof(
      fc.nat({ max: 8 }).map((n) => new WSABUF(n, new Uint8Array(n))),
      fc.nat({ max: 8 }).map((n) => new WSABUF(n + 1, new Uint8Array(n))),
      fc.integer().map((n) => new WSABUF(n, null)),
      fc.constant({ len: 4 }),
    ),
    { maxLength: 3 },
  ),
  // OVERLAPPEDs, fresh (an operation may start and complete later) or with a bad hEvent.
  fc.constantFrom(0, 4, 8, 12, 16, 0x7770, -1).map((hEvent) => {
    const o = new WSAOVERLAPPED();
    o.hEvent = hEvent;
    return o;
  }),
  // Output structures the call cannot write: a read-only page, WSAEFAULT (src/api/memory.ts).
  fc
    .constantFrom(
      () => new WSADATA(),
      () => new WSANETWORKEVENTS(),
      () => new MSG(),
      () => intRef(16),
      () => [4, 8],
      () => [{ fd: 4, events: 0x100, revents: 0 }],
      () => new WSAOVERLAPPED(),
    )
    .map((make) => Object.freeze(make())),
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
  "DuplicateHandle",
  "GetHandleInformation",
  "SetHandleInformation",
  "CloseHandle",
  "WSARecv",
  "WSASend",
  "WSAGetOverlappedResult",
  "CreateIoCompletionPort",
  "GetQueuedCompletionStatus",
  "PostQueuedCompletionStatus",
  "CancelIo",
  "CancelIoEx",
  "WSAIoctl",
  "ConnectEx",
  "DisconnectEx",
  "AcceptEx",
  "WSARecvFrom",
  "WSASendTo",
  "SetFileCompletionNotificationModes",
  "GetQueuedCompletionStatusEx",
  "SleepEx",
  "QueueUserAPC",
] as const;

/** What the driver does next: a Winsock call on one of the threads, or a lifecycle step. */
const action = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant("call" as const),
      thread: fc.nat({ max: 2 }),
      call: fc.constantFrom(...CALLS),
      args: fc.array(junk, { maxLength: 6 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("await" as const), thread: fc.nat({ max: 2 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("ExitThread" as const), thread: fc.nat({ max: 2 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("exit" as const), thread: fc.nat({ max: 2 }) }),
  },
);

const TYPED = [ThreadExitedError, ThreadBlockedError, ThreadNotBlockedError, ProcessExitedError];

/** The typed error a call on `t` must throw, judged before the call; undefined when none. */
function refusal(t: WinsockThread, isAwait: boolean): (typeof TYPED)[number] | undefined {
  if (!t.alive) return ThreadExitedError;
  if (isAwait) return t.blockedIn === undefined ? ThreadNotBlockedError : undefined;
  return t.blockedIn === undefined ? undefined : ThreadBlockedError;
}

/**
 * Runs one step. A throw must be `expected`, the typed error the facade documents for the
 * thread's or process's condition judged before the step, and must leave the simulation as it was (same snapshot, no record). Returns whether
 * a call ran to a record.
 */
function step(sim: Sim, run: () => unknown, expected: (typeof TYPED)[number] | undefined): boolean {
  const state = sim.state;
  const last = sim.last;
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (thrown !== undefined || expected !== undefined) {
    expect(TYPED.some((type) => thrown instanceof type)).toBe(true);
    expect(thrown).toBeInstanceOf(expected);
    expect(sim.state).toBe(state);
    expect(sim.last).toBe(last);
    return false;
  }
  return sim.last !== last;
}

/** A failed call changed nothing but its thread's last error. */
function expectUnchanged(
  before: kernel.KernelState,
  after: kernel.KernelState,
  t: WinsockThread,
  error: number,
) {
  for (const key of Object.keys(after) as (keyof kernel.KernelState)[])
    if (key !== "processes") expect(after[key]).toBe(before[key]);
  expect(after.processes).toEqual(kernel.setLastError(before, t.ctx, error).processes);
}

describe("hostile arguments", () => {
  rule(
    "ERR-FAILED-UNCHANGED",
    "any arguments to any call, on live, blocked or exited threads, throw only the documented typed errors, and a failed call changes nothing",
    () => {
      fc.assert(
        fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
          const sim = new Simulation();
          const processes = [sim.createProcess("A"), sim.createProcess("B")];
          const [a, b] = processes.map((p) => p.main) as [WinsockThread, WinsockThread];
          const worker = processes[0]!.createThread();
          const threads = [a, b, worker];
          a.WSAStartup(0x0202, new WSADATA());
          b.WSAStartup(0x0202, new WSADATA());
          // Some real handles, so that junk sometimes lands on them.
          a.socket(2, 1, 6);
          a.socket(2, 2, 17);
          b.socket(2, 1, 6);
          a.WSACreateEvent();
          a.CreateWindow();
          for (const next of actions) {
            const t = threads[next.thread] as WinsockThread;
            if (next.kind === "exit") {
              const process = t.process;
              // exit is no thread's call: judged by the process alone.
              step(sim, () => process.exit(), process.alive ? undefined : ProcessExitedError);
              expect(process.alive).toBe(false);
              continue;
            }
            if (next.kind === "await") {
              if (step(sim, () => t.await(), refusal(t, true))) countCalls();
              continue;
            }
            if (next.kind === "ExitThread") {
              step(sim, () => t.ExitThread(), refusal(t, false));
              continue;
            }
            const { call, args } = next;
            const method = t[call] as (...xs: unknown[]) => unknown;
            if (!step(sim, () => method.apply(t, args), refusal(t, false))) continue;
            countCalls();
            const last = sim.last!;
            expect(last.call.startsWith(call.replace(/[AW]$/, ""))).toBe(true);
            // A failed call changes nothing, unless its rule says the work goes on (a KeptFailure,
            // such as a non-blocking connect's WSAEWOULDBLOCK).
            if (!last.ok && !last.kept) expectUnchanged(last.before, last.after, t, last.lastError);
          }
        }),
        runs(1500),
      );
    },
  );
});
