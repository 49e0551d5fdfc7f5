/**
 * Properties of WSAIoctl (the IOCTL-* rules of spec/rules/ioctl.json).
 *
 * One random WSAIoctl per case, on the accepted end of a connection associated with a completion
 * port (or, some of the time, with none), with random buffers (NULL, too short, right, longer), a
 * NULL or real lpcbBytesReturned, an OVERLAPPED or none, and a completion routine or none. The
 * model, written from the rules, says what the call returns, its last error, what it writes to
 * *lpcbBytesReturned, the output buffer and the OVERLAPPED, which packet, if any, the port then
 * holds, and which call of the routine, if any, the next SleepEx(0, TRUE) makes.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/ioctl.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe } from "vitest";
import {
  type CompletionRoutine,
  EXTENSION_FUNCTION_GUIDS,
  EXTENSION_FUNCTIONS,
  FD_READ,
  FIONBIO,
  FIONREAD,
  FunctionPointerRef,
  GUID,
  intRef,
  overlappedRef,
  SIO_GET_EXTENSION_FUNCTION_POINTER,
  SIO_KEEPALIVE_VALS,
  SIOCATMARK,
  SOCKET_ERROR,
  tcp_keepalive,
  WinsockThread,
  WSA_ERRORS,
  WSA_WAIT_TIMEOUT,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs } from "./support/budget.js";
import { check } from "./support/check.js";
import { connected } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`WSAIoctl properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const KEY = 321;
const UNTOUCHED = 0xdeadbeef;
const STATUS_SUCCESS = 0;
const STATUS_NOT_SUPPORTED = 0xc00000bb;
const WAIT_IO_COMPLETION = 0xc0;

type Code = "FIONBIO" | "FIONREAD" | "SIOCATMARK" | "EXTENSION" | "KEEPALIVE" | "OTHER";
const CODES: Record<Exclude<Code, "OTHER">, number> = {
  FIONBIO,
  FIONREAD,
  SIOCATMARK,
  EXTENSION: SIO_GET_EXTENSION_FUNCTION_POINTER,
  KEEPALIVE: SIO_KEEPALIVE_VALS,
};
/** Codes Windows does not support on a TCP socket (test_unsupported_ioctls) and one more. */
const OTHER_CODES = [0xdeadbeef, 0x8004667d, 0x667e, 0x28000004, 0x4004747f];

/** A buffer: NULL, `delta` bytes off the size the code needs, or an unknown GUID. */
type BufferShape = { kind: "null" } | { kind: "sized"; delta: number };

interface Case {
  readonly code: Code;
  readonly other: number;
  readonly input: BufferShape;
  readonly output: BufferShape;
  readonly guid: keyof typeof EXTENSION_FUNCTION_GUIDS | "bogus";
  readonly nonBlocking: 0 | 1;
  readonly size: boolean;
  readonly overlapped: boolean;
  /** The OVERLAPPED's hEvent: none, an event, or an event with the low bit set (no packet). */
  readonly event: "none" | "event" | "lowBit";
  readonly selected: boolean;
  readonly waiting: number;
  /** Whether the socket is associated with the completion port. */
  readonly port: boolean;
  /** Whether lpCompletionRoutine is a routine (APC-ROUTINE) or NULL. */
  readonly routine: boolean;
}

const shape: fc.Arbitrary<BufferShape> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "null" as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("sized" as const),
      delta: fc.constantFrom(-1, 0, 0, 0, 4),
    }),
  },
);

const cases: fc.Arbitrary<Case> = fc.record({
  code: fc.constantFrom<Code>(
    "FIONBIO",
    "FIONREAD",
    "SIOCATMARK",
    "EXTENSION",
    "KEEPALIVE",
    "OTHER",
  ),
  other: fc.constantFrom(...OTHER_CODES),
  input: shape,
  output: shape,
  guid: fc.constantFrom(
    ...(Object.keys(EXTENSION_FUNCTION_GUIDS) as (keyof typeof EXTENSION_FUNCTION_GUIDS)[]),
    "bogus" as const,
  ),
  nonBlocking: fc.constantFrom(0 as const, 1 as const),
  size: fc.boolean(),
  overlapped: fc.boolean(),
  event: fc.constantFrom("none" as const, "event" as const, "lowBit" as const),
  selected: fc.boolean(),
  waiting: fc.integer({ min: 0, max: 5 }),
  port: fc.constantFrom(true, true, false),
  routine: fc.boolean(),
});

/** The sizes each code needs in and out. */
const NEEDS: Record<Code, { input: number; output: number }> = {
  FIONBIO: { input: 4, output: 0 },
  FIONREAD: { input: 0, output: 4 },
  SIOCATMARK: { input: 0, output: 4 },
  EXTENSION: { input: 16, output: 8 },
  KEEPALIVE: { input: 12, output: 0 },
  OTHER: { input: 0, output: 0 },
};

function inputFor(c: Case): { buffer: Uint8Array | null; length: number } {
  if (c.input.kind === "null") return { buffer: null, length: NEEDS[c.code].input };
  const length = Math.max(0, NEEDS[c.code].input + c.input.delta);
  let full: Uint8Array;
  if (c.code === "EXTENSION")
    full = GUID(c.guid === "bogus" ? "deadbeef-0000-0000-0000-000000000000" : c.guid);
  else if (c.code === "KEEPALIVE")
    full = tcp_keepalive({ onoff: 1, keepalivetime: 1000, keepaliveinterval: 1000 });
  else full = Uint8Array.of(c.nonBlocking, 0, 0, 0);
  const buffer = new Uint8Array(Math.max(length, full.length));
  buffer.set(full);
  return { buffer, length };
}

interface Expected {
  readonly ret: number;
  readonly error: number;
  /** What *lpcbBytesReturned holds after the call. */
  readonly size: number;
  /** FIONREAD's and SIOCATMARK's value, or the extension function. */
  readonly out?: number | string;
  /** The OVERLAPPED's Internal after the call, and whether the port holds its packet. */
  readonly internal: number;
  readonly packet: boolean;
  /** The routine's dwError when the operation queues it (it started and has completed). */
  readonly routineError?: number;
}

/** The answer the rules give. */
function model(c: Case): Expected {
  const o = c.overlapped;
  // Without an OVERLAPPED the routine is not used (APC-ROUTINE).
  const routine = o && c.routine;
  // Past the checks made in user mode, a routine on a socket with a port is refused before the
  // driver sees the request (APC-ROUTINE-PORT).
  const refused = routine && c.port;
  const failed = (error: number, size = UNTOUCHED): Expected => ({
    ret: SOCKET_ERROR,
    error,
    size,
    internal: UNTOUCHED,
    packet: false,
  });
  // A failure the driver reports writes 0 when there is no OVERLAPPED (IOCTL-KEEPALIVE,
  // IOCTL-SOCKET-MODES, IOCTL-UNSUPPORTED).
  const driverFailed = (error: number) =>
    refused ? failed(E.WSAEINVAL) : failed(error, o ? UNTOUCHED : 0);
  const done = (size: number, out?: number | string): Expected =>
    refused
      ? failed(E.WSAEINVAL)
      : {
          ret: 0,
          error: 0,
          size,
          ...(out === undefined ? {} : { out }),
          internal: o ? STATUS_SUCCESS : UNTOUCHED,
          packet: o,
          ...(routine ? { routineError: 0 } : {}),
        };
  if (!c.size) return failed(E.WSAEFAULT);
  const inputShort = c.input.kind === "sized" && c.input.delta < 0;
  const outputBad = c.output.kind === "null" || c.output.delta < 0;
  switch (c.code) {
    case "FIONBIO":
      if (c.input.kind === "null") return failed(E.WSAEFAULT);
      if (inputShort) return driverFailed(E.WSAEFAULT);
      if (c.nonBlocking === 0 && c.selected) return driverFailed(E.WSAEINVAL);
      return done(0);
    case "FIONREAD":
    case "SIOCATMARK":
      if (outputBad) return failed(E.WSAEFAULT);
      return done(4, c.code === "FIONREAD" ? c.waiting : 1);
    case "EXTENSION":
      if (c.input.kind === "null" || inputShort || outputBad) return failed(E.WSAEFAULT);
      if (c.guid === "bogus") return failed(E.WSAEINVAL);
      return done(8, EXTENSION_FUNCTIONS[c.guid]);
    case "KEEPALIVE":
      if (c.input.kind === "null" || inputShort) return driverFailed(E.WSAEFAULT);
      // With a routine the size is written as without an OVERLAPPED (IOCTL-OVERLAPPED).
      return done(o && !routine ? UNTOUCHED : 0);
    case "OTHER":
      if (!o) return failed(E.WSAEOPNOTSUPP, 0);
      if (refused) return failed(E.WSAEINVAL);
      return {
        ...failed(E.WSA_IO_PENDING),
        internal: STATUS_NOT_SUPPORTED,
        packet: true,
        ...(routine ? { routineError: E.WSAEOPNOTSUPP } : {}),
      };
  }
}

describe("WSAIoctl", () => {
  rule(
    [
      "IOCTL-ARGS",
      "IOCTL-SOCKET-MODES",
      "IOCTL-EXTENSION",
      "IOCTL-KEEPALIVE",
      "IOCTL-UNSUPPORTED",
      "IOCTL-OVERLAPPED",
      "APC-ROUTINE",
      "APC-ROUTINE-PORT",
    ],
    "each code's buffers, *lpcbBytesReturned, output and OVERLAPPED are as the rules say; an overlapped call completes at once with one packet (STATUS_NOT_SUPPORTED for an unknown code), or with a routine queued instead of the packet and the event, refused on a socket with a port; any other failure writes nothing and leaves the state",
    () =>
      fc.assert(
        fc.property(cases, (c) => {
          const { sim, sender, receiver: t, client, server } = connected();
          const port = c.port ? t.CreateIoCompletionPort(server, 0, KEY, 0) : 0;
          const routineCalls: string[] = [];
          const routine: CompletionRoutine = (error, bytes, lp, flags) =>
            routineCalls.push(`${error} ${bytes} ${lp === o} ${flags}`);
          if (c.waiting > 0)
            check(sender.send(client, new Uint8Array(c.waiting), c.waiting, 0)).toBe(c.waiting);
          if (c.selected) check(t.WSAEventSelect(server, t.WSACreateEvent(), FD_READ)).toBe(0);
          const { buffer: input, length: inLength } = inputFor(c);
          const outLength = NEEDS[c.code].output + (c.output.kind === "sized" ? c.output.delta : 0);
          const room = Math.max(0, outLength);
          const output =
            c.output.kind === "null"
              ? null
              : c.code === "EXTENSION"
                ? new FunctionPointerRef()
                : new Uint8Array(Math.max(room, 4));
          const size = c.size ? intRef(UNTOUCHED) : null;
          const o = new WSAOVERLAPPED();
          o.Internal = UNTOUCHED;
          o.InternalHigh = UNTOUCHED;
          const event = c.event === "none" ? 0 : t.WSACreateEvent();
          o.hEvent = event | (c.event === "lowBit" ? 1 : 0);
          const code = c.code === "OTHER" ? c.other : CODES[c.code];
          const before = sim.state;
          // An extension function's ref stands for 8 bytes: a longer claimed length is beyond it.
          const claimed = c.code === "EXTENSION" ? Math.min(room, 8) : room;
          const ret = t.WSAIoctl(
            server,
            code,
            input,
            inLength,
            output,
            claimed,
            size,
            c.overlapped ? o : null,
            c.routine ? routine : null,
          );
          const want = model(
            c.code === "EXTENSION" && c.output.kind === "sized" && c.output.delta > 0
              ? { ...c, output: { kind: "sized", delta: 0 } }
              : c,
          );
          check(ret).toBe(want.ret);
          check(t.WSAGetLastError()).toBe(want.error);
          if (size !== null) check(size.value >>> 0).toBe(want.size);
          if (want.out !== undefined) {
            if (output instanceof FunctionPointerRef) check(output.value).toBe(want.out);
            else if (output instanceof Uint8Array)
              check(new DataView(output.buffer).getUint32(0, true)).toBe(want.out);
          } else if (output instanceof FunctionPointerRef) check(output.value).toBe(null);
          check(o.Internal >>> 0).toBe(want.internal);
          check(o.InternalHigh >>> 0).toBe(want.internal === UNTOUCHED ? UNTOUCHED : 0);
          // want.packet: an operation started and completed during the call. Its event is set;
          // hEvent's low bit keeps its packet off the port (PORT-NO-PACKET). A routine takes the
          // place of both: it is queued to this thread and runs once in its next alertable wait.
          const completed = want.packet && c.overlapped;
          const routed = want.routineError !== undefined;
          if (event !== 0) {
            const signalled = t.WSAWaitForMultipleEvents(1, [event], false, 0, false);
            check(signalled).toBe(completed && !routed ? 0 : WSA_WAIT_TIMEOUT);
          }
          check(routineCalls.length).toBe(0);
          check(t.SleepEx(0, true)).toBe(routed ? WAIT_IO_COMPLETION : 0);
          check(routineCalls.join("; ")).toBe(routed ? `${want.routineError} 0 true 0` : "");
          if (!c.port) return;
          const packet = completed && c.event !== "lowBit" && !routed;
          // A failure that starts no operation changes nothing but the last error
          // (ERR-FAILED-UNCHANGED): the sockets, operations and ports are the same objects.
          if (want.ret !== 0 && !want.packet) {
            check(sim.state.sockets).toBe(before.sockets);
            check(sim.state.io).toBe(before.io);
            check(sim.state.completionPorts).toBe(before.completionPorts);
          }
          const bytes = intRef(-1);
          const key = intRef(-1);
          const done = overlappedRef();
          const got = t.GetQueuedCompletionStatus(port, bytes, key, done, 0);
          if (!packet) {
            check(got).toBe(0);
            check(t.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
            return;
          }
          check(got).toBe(want.ret === 0 ? 1 : 0);
          if (want.ret !== 0) check(t.WSAGetLastError()).toBe(E.ERROR_NOT_SUPPORTED);
          check(bytes.value).toBe(0);
          check(key.value).toBe(KEY);
          check(done.value).toBe(o);
        }),
        runs(300),
      ),
  );
});
