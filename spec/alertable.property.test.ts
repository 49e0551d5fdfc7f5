/**
 * Properties of APCs and alertable waits (the APC-* rules of spec/rules/alertable.json):
 * completion routines, QueueUserAPC, SleepEx, the alertable forms of WSAWaitForMultipleEvents,
 * select and WSAPoll, and GetQueuedCompletionStatusEx.
 *
 * The models are written from the rules: a FIFO of bytes and of pending receives, a FIFO of APCs
 * per thread, a FIFO of packets per port; the constants are literal numbers, not the simulator's.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/alertable.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe } from "vitest";
import {
  BLOCKED,
  intRef,
  OVERLAPPED_ENTRY,
  POLLRDNORM,
  SOCKET_ERROR,
  WinsockThread,
  WSABUF,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { connected } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`alertable properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const WAIT_IO_COMPLETION = 0xc0;
const WAIT_TIMEOUT = 258;
const WSA_WAIT_TIMEOUT = 0x102;
const WSA_IO_PENDING = 997;
const WSAEINVAL = 10022;
const ERROR_INVALID_HANDLE = 6;
const INFINITE = 0xffffffff;
const ZERO = { tv_sec: 0, tv_usec: 0 };

function bytes(from: number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);
}

describe("completion routines", () => {
  rule(
    "APC-ROUTINE",
    "each completed receive queues its routine once, to its thread, in completion order; nothing runs before an alertable wait; the event is never set",
    () =>
      fc.assert(
        fc.property(
          fc.array(
            fc.oneof(
              fc.record({ kind: fc.constant("send" as const), n: fc.integer({ min: 1, max: 9 }) }),
              fc.record({
                kind: fc.constant("recv" as const),
                len: fc.integer({ min: 1, max: 6 }),
              }),
              fc.constant({ kind: "sleep" as const }),
            ),
            { minLength: 1, maxLength: 20 },
          ),
          (commands) => {
            const { sender, receiver, client, server } = connected();
            const event = setup(() => receiver.WSACreateEvent());
            const ran: string[] = [];
            // The model: bytes waiting, pending receives in issue order, routines queued.
            let queue: number[] = [];
            const pending: { id: number; len: number; o: WSAOVERLAPPED }[] = [];
            let queued: string[] = [];
            let next = 0;
            let id = 0;
            const serve = () => {
              while (pending.length > 0 && queue.length > 0) {
                const op = pending.shift() as (typeof pending)[number];
                const n = Math.min(op.len, queue.length);
                queue = queue.slice(n);
                queued.push(`${op.id}:0:${n}`);
              }
            };
            for (const command of commands) {
              if (command.kind === "send") {
                const data = bytes(next, command.n);
                next += command.n;
                check(sender.send(client, data, data.length, 0)).toBe(command.n);
                queue.push(...data);
                serve();
              } else if (command.kind === "recv") {
                const o = new WSAOVERLAPPED();
                o.hEvent = event;
                const mine = id++;
                const routine = (error: number, n: number, ov: WSAOVERLAPPED | null) => {
                  check(ov).toBe(o);
                  ran.push(`${mine}:${error}:${n}`);
                };
                const buffers = [new WSABUF(command.len, new Uint8Array(command.len))];
                const ret = receiver.WSARecv(server, buffers, 1, null, intRef(0), o, routine);
                if (queue.length > 0 && pending.length === 0) {
                  check(ret).toBe(0);
                  const n = Math.min(command.len, queue.length);
                  queue = queue.slice(n);
                  queued.push(`${mine}:0:${n}`);
                } else {
                  check(ret).toBe(SOCKET_ERROR);
                  check(receiver.WSAGetLastError()).toBe(WSA_IO_PENDING);
                  pending.push({ id: mine, len: command.len, o });
                }
              } else {
                const before = ran.length;
                const ret = receiver.SleepEx(0, true);
                check(ret).toBe(queued.length > 0 ? WAIT_IO_COMPLETION : 0);
                check(ran.slice(before).join(",")).toBe(queued.join(","));
                queued = [];
              }
              // Nothing runs outside the alertable wait, and hEvent stays the program's.
              check(ran.length + queued.length).toBe(id - pending.length);
              check(receiver.WSAWaitForMultipleEvents(1, [event], false, 0, false)).toBe(
                WSA_WAIT_TIMEOUT,
              );
            }
          },
        ),
        runs(60),
      ),
  );

  rule(
    "APC-ROUTINE-PORT",
    "a routine with an OVERLAPPED on a socket with a port is WSAEINVAL and changes nothing; otherwise the call proceeds",
    () =>
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          (associated, withRoutine, overlapped, send) => {
            const { sim, sender, receiver, client, server } = connected();
            if (associated) setup(() => receiver.CreateIoCompletionPort(server, 0, 1, 0));
            setup(() => sender.send(client, bytes(0, 4), 4, 0));
            let calls = 0;
            const routine = () => {
              calls += 1;
            };
            const o = overlapped ? new WSAOVERLAPPED() : null;
            const before = sim.state;
            const buffers = [new WSABUF(4, send ? bytes(9, 4) : new Uint8Array(4))];
            const ret = send
              ? receiver.WSASend(server, buffers, 1, intRef(0), 0, o, withRoutine ? routine : null)
              : receiver.WSARecv(
                  server,
                  buffers,
                  1,
                  intRef(0),
                  intRef(0),
                  o,
                  withRoutine ? routine : null,
                );
            const refused = associated && withRoutine && overlapped;
            check(ret).toBe(refused ? SOCKET_ERROR : 0);
            if (refused) {
              check(receiver.WSAGetLastError()).toBe(WSAEINVAL);
              check(sim.state.sockets).toBe(before.sockets);
              check(sim.state.io).toBe(before.io);
            }
            receiver.SleepEx(0, true);
            check(calls).toBe(withRoutine && overlapped && !associated ? 1 : 0);
          },
        ),
        runs(40),
      ),
  );
});

describe("QueueUserAPC and SleepEx", () => {
  rule(
    ["APC-QUEUE", "APC-SLEEPEX"],
    "APCs run in queue order, per thread, only in an alertable SleepEx; a bad thread id is ERROR_INVALID_HANDLE",
    () =>
      fc.assert(
        fc.property(
          fc.array(
            fc.oneof(
              fc.record({
                kind: fc.constant("queue" as const),
                to: fc.integer({ min: 0, max: 2 }),
                data: fc.nat(1000),
              }),
              fc.record({
                kind: fc.constant("sleep" as const),
                who: fc.integer({ min: 0, max: 1 }),
                alertable: fc.boolean(),
              }),
            ),
            { minLength: 1, maxLength: 20 },
          ),
          (commands) => {
            const { receiver } = connected();
            const threads = [receiver, setup(() => receiver.process.createThread())];
            const queues: number[][] = [[], []];
            const ran: number[][] = [[], []];
            for (const command of commands) {
              if (command.kind === "queue") {
                const target =
                  command.to === 2 ? 0x7ffffff0 : (threads[command.to] as WinsockThread).tid;
                const who = command.to;
                const ret = receiver.QueueUserAPC((d) => ran[who]?.push(d), target, command.data);
                if (command.to === 2) {
                  check(ret).toBe(0);
                  check(receiver.WSAGetLastError()).toBe(ERROR_INVALID_HANDLE);
                } else {
                  check(ret).toBe(1);
                  queues[command.to]?.push(command.data);
                }
              } else {
                const thread = threads[command.who] as WinsockThread;
                const queue = queues[command.who] as number[];
                const before = (ran[command.who] as number[]).length;
                const ret = thread.SleepEx(0, command.alertable);
                const expected = command.alertable ? queue.splice(0) : [];
                check(ret).toBe(expected.length > 0 ? WAIT_IO_COMPLETION : 0);
                check((ran[command.who] as number[]).slice(before).join(",")).toBe(
                  expected.join(","),
                );
              }
            }
          },
        ),
        runs(60),
      ),
  );

  rule(
    "APC-SLEEPEX",
    "an alertable SleepEx with nothing queued waits its time (0 after it) or until an APC is queued (WAIT_IO_COMPLETION)",
    () =>
      fc.assert(
        fc.property(fc.constantFrom(0, 1, 50, INFINITE), fc.boolean(), (ms, queueOne) => {
          const { sim, receiver } = connected();
          const other = setup(() => receiver.process.createThread());
          let ran = 0;
          const start = sim.state.clock;
          const ret = receiver.SleepEx(ms, true);
          if (ms === 0) {
            check(ret).toBe(0);
            return;
          }
          check(ret).toBe(BLOCKED);
          if (queueOne) {
            check(other.QueueUserAPC(() => ran++, receiver, 0)).toBe(1);
            check(receiver.await()).toBe(WAIT_IO_COMPLETION);
            check(ran).toBe(1);
            check(sim.state.clock).toBe(start);
          } else if (ms === INFINITE) {
            check(receiver.await()).toBe(BLOCKED);
          } else {
            check(receiver.await()).toBe(0);
            check(sim.state.clock).toBe(start + ms);
          }
        }),
        runs(30),
      ),
  );
});

describe("alertable waits", () => {
  rule(
    "APC-WAITS",
    "WSAWaitForMultipleEvents: a signalled event wins, then queued APCs (alertable only), then the timeout",
    () =>
      fc.assert(
        fc.property(fc.boolean(), fc.nat(3), fc.boolean(), (signalled, apcs, alertable) => {
          const { receiver } = connected();
          const event = setup(() => receiver.WSACreateEvent());
          if (signalled) setup(() => receiver.WSASetEvent(event));
          let ran = 0;
          for (let i = 0; i < apcs; i++) receiver.QueueUserAPC(() => ran++, receiver, i);
          const ret = receiver.WSAWaitForMultipleEvents(1, [event], false, 0, alertable);
          if (signalled) check(ret).toBe(0);
          else if (alertable && apcs > 0) check(ret).toBe(WAIT_IO_COMPLETION);
          else check(ret).toBe(WSA_WAIT_TIMEOUT);
          check(ran).toBe(!signalled && alertable ? apcs : 0);
        }),
        runs(40),
      ),
  );

  rule(
    "APC-SELECT",
    "select and WSAPoll run queued APCs when nothing is ready at once, and leave them when something is",
    () =>
      fc.assert(
        fc.property(fc.boolean(), fc.nat(3), fc.boolean(), (ready, apcs, poll) => {
          const { sender, receiver, client, server } = connected();
          if (ready) setup(() => sender.send(client, bytes(0, 3), 3, 0));
          let ran = 0;
          for (let i = 0; i < apcs; i++) receiver.QueueUserAPC(() => ran++, receiver, i);
          const ret = poll
            ? receiver.WSAPoll([{ fd: server, events: POLLRDNORM, revents: 0 }], 1, 0)
            : receiver.select(0, [server], null, null, ZERO);
          check(ret).toBe(ready ? 1 : 0);
          check(ran).toBe(ready ? 0 : apcs);
          check(receiver.SleepEx(0, true)).toBe(ready && apcs > 0 ? WAIT_IO_COMPLETION : 0);
          check(ran).toBe(apcs);
        }),
        runs(40),
      ),
  );

  rule(
    "APC-GQCS-EX",
    "GetQueuedCompletionStatusEx removes min(queued, ulCount) packets in order; with none, WAIT_TIMEOUT or WAIT_IO_COMPLETION and a count of 1",
    () =>
      fc.assert(
        fc.property(
          fc.array(fc.record({ key: fc.nat(99), bytes: fc.nat(999) }), { maxLength: 6 }),
          fc.integer({ min: 1, max: 4 }),
          fc.nat(2),
          fc.boolean(),
          (packets, count, apcs, alertable) => {
            const { receiver } = connected();
            const port = setup(() => receiver.CreateIoCompletionPort(-1, 0, 0, 0));
            for (const p of packets)
              receiver.PostQueuedCompletionStatus(port, p.bytes, p.key, null);
            let ran = 0;
            for (let i = 0; i < apcs; i++) receiver.QueueUserAPC(() => ran++, receiver, i);
            const remaining = [...packets];
            // Drains the port, call by call, then one more call that finds it empty.
            for (;;) {
              const entries = Array.from({ length: count }, () => new OVERLAPPED_ENTRY());
              const removed = intRef(0xdead);
              const ret = receiver.GetQueuedCompletionStatusEx(
                port,
                entries,
                count,
                removed,
                0,
                alertable,
              );
              const expected = remaining.splice(0, count);
              if (expected.length === 0) {
                check(ret).toBe(0);
                check(removed.value).toBe(1);
                check(receiver.WSAGetLastError()).toBe(
                  alertable && apcs > 0 ? WAIT_IO_COMPLETION : WAIT_TIMEOUT,
                );
                check(ran).toBe(alertable ? apcs : 0);
                return;
              }
              check(ret).toBe(1);
              check(removed.value).toBe(expected.length);
              expected.forEach((p, i) => {
                const entry = entries[i] as OVERLAPPED_ENTRY;
                check(entry.lpCompletionKey).toBe(p.key);
                check(entry.dwNumberOfBytesTransferred).toBe(p.bytes);
                check(entry.Internal).toBe(0);
                check(entry.lpOverlapped).toBe(null);
              });
              // Packets win over APCs: none ran while packets were there.
              check(ran).toBe(0);
            }
          },
        ),
        runs(40),
      ),
  );
});
