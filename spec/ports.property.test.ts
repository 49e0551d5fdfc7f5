/**
 * Properties of I/O completion ports (the PORT-* rules of spec/rules/io.json).
 *
 * The expected packets come from a model written from the rules: a byte stream with a FIFO of
 * pending receives, and a FIFO of packets to which each completion with its actions appends
 * one (none for hEvent with its low bit set), with the socket's key.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/ports.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  BLOCKED,
  intRef,
  overlappedRef,
  Simulation,
  WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { connected } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`completion port properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const KEY = 125;

type Command =
  | { kind: "recv"; len: number; mode: "plain" | "event" | "noPacket" }
  | { kind: "send"; n: number }
  | { kind: "post"; key: number }
  | { kind: "dequeue" }
  | { kind: "close" };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("recv" as const),
      len: fc.integer({ min: 1, max: 6 }),
      mode: fc.constantFrom("plain" as const, "event" as const, "noPacket" as const),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("send" as const), n: fc.integer({ min: 1, max: 9 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("post" as const), key: fc.nat(1000) }) },
  { weight: 5, arbitrary: fc.constant({ kind: "dequeue" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "close" as const }) },
);

interface ModelPacket {
  readonly key: number;
  readonly bytes: number;
  readonly o: WSAOVERLAPPED | null;
  readonly error: number;
}

describe("completion packets", () => {
  rule(
    ["PORT-CREATE", "PORT-ASSOCIATE", "PORT-PACKET", "PORT-NO-PACKET", "PORT-DEQUEUE", "PORT-POST"],
    "each completion queues one packet with the socket's key, in completion order, none for hEvent|1; GetQueuedCompletionStatus hands them out oldest first, and WAIT_TIMEOUT when none is left",
    () =>
      fc.assert(
        fc.property(fc.array(command, { minLength: 1, maxLength: 30 }), (commands) => {
          const { sender, receiver, client, server } = connected();
          // The association is made through the descriptor; operations then go through it.
          const port = receiver.CreateIoCompletionPort(server, 0, KEY, 0);
          check(port === 0).toBe(false);
          let queue: number[] = [];
          const pending: { o: WSAOVERLAPPED; len: number; packet: boolean }[] = [];
          const packets: ModelPacket[] = [];
          let open = true;
          let next = 0;
          const complete = (op: (typeof pending)[number], bytes: number, error: number) => {
            if (op.packet) packets.push({ key: KEY, bytes, o: op.o, error });
          };
          for (const c of commands) {
            if (c.kind === "recv") {
              if (!open) continue;
              const o = new WSAOVERLAPPED();
              if (c.mode !== "plain")
                o.hEvent = receiver.WSACreateEvent() | (c.mode === "noPacket" ? 1 : 0);
              const ret = receiver.WSARecv(
                server,
                [new WSABUF(c.len, new Uint8Array(c.len))],
                1,
                null,
                intRef(0),
                o,
              );
              const op = { o, len: c.len, packet: c.mode !== "noPacket" };
              if (queue.length > 0 && pending.length === 0) {
                check(ret).toBe(0);
                const n = Math.min(c.len, queue.length);
                queue = queue.slice(n);
                complete(op, n, 0);
              } else {
                check(receiver.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
                pending.push(op);
              }
            } else if (c.kind === "send") {
              if (!open) continue;
              const data = Uint8Array.from({ length: c.n }, (_, i) => (next + i) % 251);
              next += c.n;
              check(sender.send(client, data, c.n, 0)).toBe(c.n);
              queue.push(...data);
              while (pending.length > 0 && queue.length > 0) {
                const op = pending.shift() as (typeof pending)[number];
                const n = Math.min(op.len, queue.length);
                queue = queue.slice(n);
                complete(op, n, 0);
              }
            } else if (c.kind === "post") {
              check(receiver.PostQueuedCompletionStatus(port, 3, c.key, null)).toBe(1);
              packets.push({ key: c.key, bytes: 3, o: null, error: 0 });
            } else if (c.kind === "close") {
              if (!open) continue;
              check(receiver.closesocket(server)).toBe(0);
              open = false;
              // The connection's receives end aborted (IO-LAST-CLOSE).
              for (const op of pending.splice(0)) complete(op, 0, E.ERROR_CONNECTION_ABORTED);
            } else {
              const bytes = intRef(-1);
              const key = intRef(-1);
              const o = overlappedRef();
              const ret = receiver.GetQueuedCompletionStatus(port, bytes, key, o, 0);
              const expected = packets.shift();
              if (expected === undefined) {
                check(ret).toBe(0);
                check(receiver.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
                check(o.value).toBeNull();
              } else {
                check(ret).toBe(expected.error === 0 ? 1 : 0);
                if (expected.error !== 0) check(receiver.WSAGetLastError()).toBe(expected.error);
                expect([bytes.value, key.value]).toEqual([expected.bytes, expected.key]);
                check(o.value).toBe(expected.o);
              }
            }
          }
        }),
        runs(80),
      ),
  );

  rule("PORT-LIFO", "threads waiting on a port get packets last in, first out", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (waiters, posts) => {
          const { main, threads } = setup(() => {
            const sim = new Simulation();
            const p = sim.createProcess("A");
            return {
              main: p.main,
              threads: Array.from({ length: waiters }, () => p.createThread()),
            };
          });
          const port = main.CreateIoCompletionPort(-1, 0, 0, 0);
          const keys = threads.map(() => intRef(-1));
          threads.forEach((t, i) => {
            check(
              t.GetQueuedCompletionStatus(
                port,
                intRef(0),
                keys[i] as { value: number },
                overlappedRef(),
                0xffffffff,
              ),
            ).toBe(BLOCKED);
          });
          for (let k = 0; k < posts; k++)
            check(main.PostQueuedCompletionStatus(port, 0, 100 + k, null)).toBe(1);
          // The k-th packet went to the k-th most recent waiter; the others still wait.
          threads.forEach((t, i) => {
            const rank = waiters - 1 - i;
            if (rank < posts) {
              check(t.await()).toBe(1);
              check((keys[i] as { value: number }).value).toBe(100 + rank);
            } else {
              check(t.blockedIn).toBe("GetQueuedCompletionStatus");
            }
          });
        },
      ),
      runs(60),
    ),
  );
});

describe("cancelling", () => {
  rule(
    "IO-CANCEL",
    "CancelIo cancels exactly the calling thread's operations, CancelIoEx this process's (or the one OVERLAPPED), each once, with a packet; the other process's stay pending",
    () =>
      fc.assert(
        fc.property(
          fc.array(fc.nat(2), { minLength: 1, maxLength: 6 }),
          fc.oneof(
            fc.record({ kind: fc.constant("CancelIo" as const), thread: fc.nat(1) }),
            fc.record({ kind: fc.constant("CancelIoEx" as const), target: fc.nat(6) }),
          ),
          (issuers, cancel) => {
            const { receiver, server, others } = connected(["C"]);
            const c = others[0] as WinsockThread;
            const { worker, copy, port } = setup(() => {
              const info = new Uint8Array(628);
              receiver.WSADuplicateSocketW(server, c.pid, info);
              return {
                worker: receiver.process.createThread(),
                copy: c.WSASocketW(-1, -1, -1, info, 0, 1),
                port: receiver.CreateIoCompletionPort(server, 0, 77, 0),
              };
            });
            // Issuers: 0 = B's main thread, 1 = B's worker, 2 = process C through its copy.
            const threads = [receiver, worker, c];
            const ops = issuers.map((i) => {
              const o = new WSAOVERLAPPED();
              const t = threads[i] as WinsockThread;
              const s = i === 2 ? copy : server;
              check(t.WSARecv(s, [new WSABUF(2, new Uint8Array(2))], 1, null, intRef(0), o)).toBe(
                -1,
              );
              return { o, issuer: i };
            });
            let expected: boolean[];
            if (cancel.kind === "CancelIo") {
              const t = threads[cancel.thread] as WinsockThread;
              check(t.CancelIo(server)).toBe(1);
              expected = ops.map((op) => op.issuer === cancel.thread);
            } else {
              const target = ops[cancel.target];
              expected = ops.map(
                (op) => op.issuer !== 2 && (target === undefined || op === target),
              );
              const ret = receiver.CancelIoEx(server, target?.o ?? null);
              const any = expected.some((e) => e);
              check(ret).toBe(any ? 1 : 0);
              if (!any) check(receiver.WSAGetLastError()).toBe(E.ERROR_NOT_FOUND);
            }
            expect(ops.map((op) => op.o.Internal)).toEqual(
              expected.map((e) => (e ? 0xc0000120 : 0x103)),
            );
            // One packet per cancelled operation, in issue order, then none.
            for (const [i, op] of ops.entries()) {
              if (!expected[i]) continue;
              const got = overlappedRef();
              check(receiver.GetQueuedCompletionStatus(port, intRef(0), intRef(0), got, 0)).toBe(0);
              check(got.value).toBe(op.o);
            }
            check(
              receiver.GetQueuedCompletionStatus(port, intRef(0), intRef(0), overlappedRef(), 0),
            ).toBe(0);
            check(receiver.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
          },
        ),
        runs(100),
      ),
  );
});
