/**
 * Properties of overlapped WSARecv/WSASend and WSAGetOverlappedResult (the IO-* rules of
 * spec/rules/io.json).
 *
 * The expected answers come from models written from the rules: a byte stream with a FIFO of
 * pending receives, the sets of descriptors and threads an operation depends on, and Windows'
 * status table as Wine's map_status lists it (literal numbers here, not the simulator's table).
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/overlapped.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  AF_INET,
  BLOCKED,
  FD_READ,
  FIONBIO,
  FROM_PROTOCOL_INFO,
  INVALID_POINTER,
  INVALID_SOCKET,
  intRef,
  kernel,
  SOCK_STREAM,
  SOCKET_ERROR,
  sockaddr,
  WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { connected } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`overlapped properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const PENDING = 0x103;
const SUCCESS = 0;
const CANCELLED = 0xc0000120;
/** What the last close of a connection leaves in its receives' OVERLAPPEDs (IO-LAST-CLOSE). */
const ABORTED = 0xc0000241;

/** Bytes numbered from `from`, so that every byte of a run is distinct (mod 256 is enough). */
function bytes(from: number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);
}

interface Operation {
  readonly o: WSAOVERLAPPED;
  readonly buf: Uint8Array;
  readonly event: number;
  /** What the model says the operation has: undefined while pending. */
  done?: number[];
}

type StreamCommand =
  | { kind: "send"; n: number }
  | { kind: "overlapped"; len: number }
  | { kind: "recv"; len: number }
  | { kind: "enumerate" };

const streamCommand: fc.Arbitrary<StreamCommand> = fc.oneof(
  fc.record({ kind: fc.constant("send" as const), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant("overlapped" as const), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("recv" as const), len: fc.integer({ min: 1, max: 8 }) }),
  fc.constant({ kind: "enumerate" as const }),
);

describe("overlapped receives and the byte stream", () => {
  rule(
    ["IO-PENDING", "IO-IMMEDIATE", "IO-FD-READ"],
    "bytes reach overlapped and plain receives in order, each once; every operation completes once, its event set then; FD_READ only for data no pending receive took",
    () =>
      fc.assert(
        fc.property(fc.array(streamCommand, { minLength: 1, maxLength: 30 }), (commands) => {
          const { sender, receiver, client, server } = connected();
          const notify = setup(() => receiver.WSACreateEvent());
          setup(() => receiver.WSAEventSelect(server, notify, FD_READ));
          // The model: bytes waiting at the receiver, pending operations in issue order.
          let queue: number[] = [];
          const pending: Operation[] = [];
          const all: Operation[] = [];
          let next = 0;
          let queuedSinceEnumerate = false;
          const serve = () => {
            while (pending.length > 0 && queue.length > 0) {
              const op = pending.shift() as Operation;
              op.done = queue.slice(0, op.buf.length);
              queue = queue.slice(op.buf.length);
            }
            if (queue.length > 0) queuedSinceEnumerate = true;
          };
          for (const command of commands) {
            if (command.kind === "send") {
              const data = bytes(next, command.n);
              next += command.n;
              check(sender.send(client, data, data.length, 0)).toBe(command.n);
              queue.push(...data);
              serve();
            } else if (command.kind === "overlapped") {
              const event = receiver.WSACreateEvent();
              const o = new WSAOVERLAPPED();
              o.hEvent = event;
              const buf = new Uint8Array(command.len);
              const op: Operation = { o, buf, event };
              all.push(op);
              const ret = receiver.WSARecv(
                server,
                [new WSABUF(command.len, buf)],
                1,
                null,
                intRef(0),
                o,
              );
              if (queue.length > 0 && pending.length === 0) {
                check(ret).toBe(0);
                op.done = queue.slice(0, command.len);
                queue = queue.slice(command.len);
              } else {
                check(ret).toBe(SOCKET_ERROR);
                check(receiver.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
                pending.push(op);
              }
            } else if (command.kind === "recv") {
              const buf = new Uint8Array(command.len);
              const ret = receiver.recv(server, buf, command.len, 0);
              if (queue.length === 0) {
                check(ret).toBe(SOCKET_ERROR);
                check(receiver.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
              } else {
                const expected = queue.slice(0, command.len);
                queue = queue.slice(command.len);
                check(ret).toBe(expected.length);
                expect([...buf.subarray(0, expected.length)]).toEqual(expected);
              }
            } else {
              const events = new WSANETWORKEVENTS();
              check(receiver.WSAEnumNetworkEvents(server, notify, events)).toBe(0);
              // FD_READ only when bytes waited unclaimed at some point since the last look.
              if ((events.lNetworkEvents & FD_READ) !== 0) check(queuedSinceEnumerate).toBe(true);
              queuedSinceEnumerate = queue.length > 0;
            }
            // Every operation: pending with its event clear, or done with the model's bytes,
            // its status and count, and its event set.
            for (const op of all) {
              const set = receiver.WSAWaitForMultipleEvents(1, [op.event], false, 0, false) === 0;
              if (op.done === undefined) {
                expect([op.o.Internal, set]).toEqual([PENDING, false]);
              } else {
                expect([op.o.Internal, op.o.InternalHigh, set]).toEqual([
                  SUCCESS,
                  op.done.length,
                  true,
                ]);
                expect([...op.buf.subarray(0, op.done.length)]).toEqual(op.done);
              }
            }
          }
        }),
        runs(60),
      ),
  );
});

describe("operations and descriptors", () => {
  rule(
    "IO-LAST-CLOSE",
    "an operation stays pending through closes of other descriptors and is cancelled, once, exactly when the socket's last descriptor closes",
    () =>
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 }),
          fc.array(fc.oneof(fc.constant(-1), fc.nat(4)), { minLength: 1, maxLength: 12 }),
          fc.boolean(),
          (copies, actions, dataAtEnd) => {
            const { sim, sender, receiver, client, server, others } = connected(["C", "D"]);
            // Descriptors of the server socket: B's own and copies in C and D.
            const holders: { t: WinsockThread; s: number; open: boolean }[] = [
              { t: receiver, s: server, open: true },
            ];
            for (let i = 0; i < copies; i++) {
              const t = others[i] as WinsockThread;
              const copy = setup(() => {
                const info = new Uint8Array(628);
                receiver.WSADuplicateSocketW(server, t.pid, info);
                const FPI = FROM_PROTOCOL_INFO;
                return t.WSASocketW(FPI, FPI, FPI, info, 0, 1);
              });
              check(copy).not.toBe(INVALID_SOCKET);
              holders.push({ t, s: copy, open: true });
            }
            const ops: { o: WSAOVERLAPPED; t: WinsockThread; event: number }[] = [];
            let socketOpen = true;
            for (const action of actions) {
              const open = holders.filter((h) => h.open);
              if (open.length === 0) break;
              const holder = open[Math.abs(action) % open.length] as (typeof open)[number];
              if (action === -1 || ops.length >= 3) {
                check(holder.t.closesocket(holder.s)).toBe(0);
                holder.open = false;
                socketOpen = holders.some((h) => h.open);
              } else {
                const o = new WSAOVERLAPPED();
                const event = holder.t.WSACreateEvent();
                o.hEvent = event;
                const buf = new Uint8Array(4);
                check(holder.t.WSARecv(holder.s, [new WSABUF(4, buf)], 1, null, intRef(0), o)).toBe(
                  SOCKET_ERROR,
                );
                check(holder.t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
                ops.push({ o, t: holder.t, event });
              }
              for (const op of ops) {
                const set = op.t.WSAWaitForMultipleEvents(1, [op.event], false, 0, false) === 0;
                expect([op.o.Internal, set]).toEqual(
                  socketOpen ? [PENDING, false] : [ABORTED, true],
                );
              }
            }
            if (dataAtEnd && socketOpen) {
              // Data now reaches the first pending operation, if the socket is still open.
              check(sender.send(client, bytes(0, 4), 4, 0)).toBe(4);
              for (const [i, op] of ops.entries()) {
                check(op.o.Internal).toBe(i === 0 ? SUCCESS : PENDING);
              }
            }
            if (!socketOpen) {
              const left = kernel.trieValues(sim.state.io).filter((r) => r.status === PENDING);
              expect(left).toEqual([]);
            }
          },
        ),
        runs(80),
      ),
  );

  rule(
    ["IO-THREAD-EXIT", "IO-CLEANUP"],
    "a thread's exit cancels exactly its operations with their events set; the last WSACleanup cancels the process's without setting them",
    () =>
      fc.assert(
        fc.property(
          fc.array(fc.nat(2), { minLength: 1, maxLength: 6 }),
          fc.nat(2),
          fc.boolean(),
          (issuers, exiting, cleanup) => {
            const { receiver, server } = connected();
            const threads = setup(() => [
              receiver,
              receiver.process.createThread(),
              receiver.process.createThread(),
            ]);
            const ops = issuers.map((i) => {
              const t = threads[i] as WinsockThread;
              const o = new WSAOVERLAPPED();
              const event = receiver.WSACreateEvent();
              o.hEvent = event;
              check(
                t.WSARecv(server, [new WSABUF(2, new Uint8Array(2))], 1, null, intRef(0), o),
              ).toBe(SOCKET_ERROR);
              return { o, event, issuer: i };
            });
            const look = (event: number) =>
              receiver.WSAWaitForMultipleEvents(1, [event], false, 0, false) === 0;
            if (exiting !== 0) {
              (threads[exiting] as WinsockThread).ExitThread();
              for (const op of ops) {
                const mine = op.issuer === exiting;
                expect([op.o.Internal, look(op.event)]).toEqual(
                  mine ? [CANCELLED, true] : [PENDING, false],
                );
              }
            }
            if (cleanup) {
              check(receiver.WSACleanup()).toBe(0);
              for (const op of ops) {
                const byExit = exiting !== 0 && op.issuer === exiting;
                expect([op.o.Internal, look(op.event)]).toEqual([CANCELLED, byExit]);
              }
            }
          },
        ),
        runs(80),
      ),
  );
});

/**
 * Windows' table of statuses and errors, as Wine's map_status lists it (Wine 8.0,
 * dlls/ws2_32/tests/sock.c lines 12396-12478, checked on Windows by test_WSAGetOverlappedResult),
 * with ntstatus.h's values.
 */
const WINDOWS_TABLE: readonly [number, number][] = [
  [0x00000103, 996],
  [0x80000005, 10040],
  [0xc0000002, 10045],
  [0xc0000005, 10014],
  [0xc0000007, 10055],
  [0xc0000008, 10038],
  [0xc000000e, 10050],
  [0xc000000f, 10050],
  [0xc0000017, 10055],
  [0xc0000018, 10055],
  [0xc0000022, 10013],
  [0xc0000023, 10014],
  [0xc0000024, 10038],
  [0xc0000034, 10050],
  [0xc000003a, 10050],
  [0xc0000043, 10048],
  [0xc0000044, 10055],
  [0xc0000097, 10055],
  [0xc000009a, 10055],
  [0xc00000a1, 10055],
  [0xc00000a3, 10035],
  [0xc00000b0, 10058],
  [0xc00000b5, 10060],
  [0xc00000bb, 10045],
  [0xc00000bc, 10061],
  [0xc00000be, 10051],
  [0xc00000bf, 10050],
  [0xc00000c3, 10050],
  [0xc00000c4, 10050],
  [0xc00000d0, 10035],
  [0xc0000120, 995],
  [0xc000012d, 10055],
  [0xc000013b, 10053],
  [0xc000013c, 10054],
  [0xc000013d, 10055],
  [0xc000013e, 10054],
  [0xc000013f, 10060],
  [0xc0000140, 10057],
  [0xc0000141, 10049],
  [0xc0000206, 10040],
  [0xc0000207, 10049],
  [0xc0000209, 10055],
  [0xc000020a, 10048],
  [0xc000020c, 10054],
  [0xc000020d, 10054],
  [0xc000020f, 10053],
  [0xc0000236, 10061],
  [0xc0000237, 10101],
  [0xc000023b, 10056],
  [0xc000023c, 10051],
  [0xc000023d, 10065],
  [0xc000023e, 10051],
  [0xc000023f, 10054],
  [0xc0000240, 10004],
  [0xc0000241, 10053],
  [0xc00002c5, 10014],
  [0xc0000350, 10064],
  [0x800703e4, 996],
  [0xc00103e4, 996],
  [0xc00703e4, 996],
];
const WINDOWS = new Map(WINDOWS_TABLE);

describe("WSAGetOverlappedResult", () => {
  rule(
    "IO-RESULT",
    "the answer for any status in Internal is Windows' table: TRUE for success statuses, the table's error or WSAEINVAL for failures, the count always written",
    () =>
      fc.assert(
        fc.property(
          fc.oneof(
            fc.constantFrom(...WINDOWS_TABLE.map(([status]) => status), 0),
            fc.integer({ min: 0, max: 0xffffffff }),
          ),
          fc.nat(1 << 20),
          (status, count) => {
            const { receiver, server } = connected();
            const o = new WSAOVERLAPPED();
            o.Internal = status;
            o.InternalHigh = count;
            const n = intRef(-1);
            const ret = receiver.WSAGetOverlappedResult(server, o, n, false, intRef(0));
            const success = status < 0x80000000 && status !== PENDING;
            check(ret).toBe(success ? 1 : 0);
            const mapped = WINDOWS.get(status);
            if (!success) check(receiver.WSAGetLastError()).toBe(mapped ?? E.WSAEINVAL);
            else if (status === 0) check(receiver.WSAGetLastError()).toBe(0);
            // STATUS_PENDING returns before writing anything (WSA_IO_INCOMPLETE).
            check(n.value).toBe(status === PENDING ? -1 : count);
          },
        ),
        runs(300),
      ),
  );
});

describe("hostile arguments", () => {
  rule(
    "IO-ARGS",
    "a WSARecv or WSASend with an unreadable argument fails with WSAEFAULT (WSAENOTSOCK for a bad hEvent) and changes nothing",
    () =>
      fc.assert(
        fc.property(
          fc.constantFrom("buffers", "count", "short", "flags", "overlapped", "event", "sent"),
          fc.boolean(),
          (bad, send) => {
            const { sim, receiver, server } = connected();
            const before = sim.state;
            const buf = new Uint8Array(4);
            let buffers: readonly WSABUF[] | typeof INVALID_POINTER = [new WSABUF(4, buf)];
            let count = 1;
            let flags: { value: number } | null = intRef(0);
            let o: WSAOVERLAPPED | typeof INVALID_POINTER | null = new WSAOVERLAPPED();
            let sent: { value: number } | null = intRef(0);
            if (bad === "buffers") buffers = INVALID_POINTER;
            if (bad === "count") count = 2;
            if (bad === "short") buffers = [new WSABUF(5, buf)];
            if (bad === "flags") flags = null;
            if (bad === "overlapped") o = INVALID_POINTER;
            if (bad === "event") (o as WSAOVERLAPPED).hEvent = 0x5550;
            if (bad === "sent") {
              o = null;
              sent = null;
            }
            const ret = send
              ? receiver.WSASend(server, buffers, count, sent, 0, o)
              : receiver.WSARecv(server, buffers, count, null, flags, o);
            // lpFlags is WSARecv's and lpNumberOfBytesSent WSASend's: the other call ignores it.
            const applies = !(send && bad === "flags") && !(!send && bad === "sent");
            if (!applies) return;
            check(ret).toBe(SOCKET_ERROR);
            check(receiver.WSAGetLastError()).toBe(bad === "event" ? E.WSAENOTSOCK : E.WSAEFAULT);
            check(sim.state.io).toBe(before.io);
            check(sim.state.sockets).toBe(before.sockets);
            check(sim.state.events).toBe(before.events);
          },
        ),
        runs(100),
      ),
  );
});

describe("sockets made without WSA_FLAG_OVERLAPPED", () => {
  rule(
    "IO-NOT-OVERLAPPED",
    "WSARecv with an OVERLAPPED waits for its operation whatever the mode, returns 0 with the bytes, and writes the OVERLAPPED",
    () =>
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.integer({ min: 0, max: 6 }),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 6 }),
          (nonBlocking, before, len, after) => {
            const { sender, others } = connected(["C"]);
            const c = others[0] as WinsockThread;
            // A connection whose receiving end is a non-overlapped socket of process C.
            const [s, peer] = setup(() => {
              const l = sender.socket(AF_INET, SOCK_STREAM, 0);
              sender.bind(l, sockaddr("127.0.0.1:0"), 16);
              sender.listen(l, 1);
              const name = new Uint8Array(16);
              sender.getsockname(l, name, intRef(16));
              const plain = c.WSASocketW(AF_INET, SOCK_STREAM, 0, null, 0, 0);
              c.connect(plain, name, 16);
              return [plain, sender.accept(l, null, null) as number];
            });
            if (nonBlocking) check(c.ioctlsocket(s, FIONBIO, intRef(1))).toBe(0);
            if (before > 0) check(sender.send(peer, bytes(0, before), before, 0)).toBe(before);
            const o = new WSAOVERLAPPED();
            const buf = new Uint8Array(len);
            const got = intRef(-1);
            const ret = c.WSARecv(s, [new WSABUF(len, buf)], 1, got, intRef(0), o);
            let expected: number[];
            if (before > 0) {
              check(ret).toBe(0);
              expected = [...bytes(0, Math.min(before, len))];
              check(got.value).toBe(expected.length);
            } else {
              check(ret).toBe(BLOCKED);
              check(o.Internal).toBe(PENDING);
              check(sender.send(peer, bytes(0, after), after, 0)).toBe(after);
              check(c.await()).toBe(0);
              expected = [...bytes(0, Math.min(after, len))];
            }
            expect([o.Internal, o.InternalHigh]).toEqual([SUCCESS, expected.length]);
            expect([...buf.subarray(0, expected.length)]).toEqual(expected);
          },
        ),
        runs(100),
      ),
  );
});
