/**
 * Properties of WSARecvFrom, WSASendTo and SetFileCompletionNotificationModes (the DGIO-* rules
 * of spec/rules/datagram-io.json).
 *
 * The datagram property runs against a model written from the rules: a FIFO of datagrams, each
 * with its sender; a FIFO of pending receives served in order; a datagram cut short fills the
 * buffers and ends the receive with WSAEMSGSIZE (STATUS_BUFFER_OVERFLOW); every completion
 * queues one packet on the receiver's port, except one that completed when it was made on a
 * socket that skips the port on success.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/datagram-io.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe } from "vitest";
import {
  AF_INET,
  BLOCKED,
  FILE_SKIP_COMPLETION_PORT_ON_SUCCESS,
  FILE_SKIP_SET_EVENT_ON_HANDLE,
  FIONBIO,
  formatSockaddr,
  intRef,
  kernel,
  NT_STATUS,
  overlappedRef,
  Simulation,
  SOCK_DGRAM,
  sockaddr,
  WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSADATA,
  WSAOVERLAPPED,
} from "../src/index.js";
import { lookupHandle } from "../src/kernel/handles.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { connected, port } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`datagram I/O properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const S = NT_STATUS;

/** Two processes, each with a UDP socket bound to loopback; the receiver's is non-blocking. */
function udpWorld() {
  return setup(() => {
    const sim = new Simulation();
    const [a, b] = ["A", "B"].map((name) => {
      const t = sim.createProcess(name).main;
      t.WSAStartup(0x0202, new WSADATA());
      return t;
    }) as [WinsockThread, WinsockThread];
    const senders = [a.socket(AF_INET, SOCK_DGRAM, 0), a.socket(AF_INET, SOCK_DGRAM, 0)];
    for (const s of senders) a.bind(s, sockaddr("127.0.0.1:0"), 16);
    const r = b.socket(AF_INET, SOCK_DGRAM, 0);
    b.bind(r, sockaddr("127.0.0.1:0"), 16);
    b.ioctlsocket(r, FIONBIO, intRef(1));
    return {
      a,
      b,
      senders,
      names: senders.map((s) => `127.0.0.1:${port(a, s)}`),
      r,
      to: sockaddr(`127.0.0.1:${port(b, r)}`),
    };
  });
}

type Command =
  | { kind: "send"; from: number; n: number; overlapped: boolean }
  | { kind: "recv"; lens: number[]; overlapped: boolean; event: boolean };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant("send" as const),
    from: fc.nat(1),
    n: fc.integer({ min: 1, max: 12 }),
    overlapped: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("recv" as const),
    lens: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 2 }),
    overlapped: fc.boolean(),
    event: fc.boolean(),
  }),
);

interface PendingReceive {
  readonly o: WSAOVERLAPPED;
  readonly bufs: WSABUF[];
  readonly from: Uint8Array;
  readonly fromlen: { value: number };
  readonly len: number;
}

/** The buffers' contents in order, as far as `n` bytes. */
function gathered(bufs: readonly WSABUF[], n: number): number[] {
  return bufs.flatMap((b) => Array.from(b.buf ?? [])).slice(0, n);
}

describe("datagrams through WSASendTo and WSARecvFrom", () => {
  rule(
    ["DGIO-TO", "DGIO-FROM", "DGIO-TRUNCATED", "DGIO-SKIP-PORT"],
    "each datagram reaches one receive whole or cut to its buffers (WSAEMSGSIZE), in order, with its sender's address; the port gets one packet per completion except those that completed at once on a socket skipping the port",
    () =>
      fc.assert(
        fc.property(
          fc.array(command, { minLength: 1, maxLength: 24 }),
          fc.boolean(),
          (commands, skip) => {
            const w = udpWorld();
            const { a, b, r } = w;
            const iocp = b.CreateIoCompletionPort(r, 0, 9, 0);
            if (skip)
              check(
                b.SetFileCompletionNotificationModes(r, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS),
              ).toBe(1);
            const queue: { data: number[]; from: string }[] = [];
            const pending: PendingReceive[] = [];
            const packets: { o: WSAOVERLAPPED; bytes: number; error: number }[] = [];
            let next = 0;
            /** A datagram meets a receive: the receive's expected outcome. */
            const deliver = (d: { data: number[]; from: string }, p: PendingReceive) => {
              const n = Math.min(d.data.length, p.len);
              check(JSON.stringify(gathered(p.bufs, n))).toBe(JSON.stringify(d.data.slice(0, n)));
              check(formatSockaddr(p.from)).toBe(d.from);
              check(p.fromlen.value).toBe(16);
              return { n, truncated: n < d.data.length };
            };
            for (const c of commands) {
              if (c.kind === "send") {
                const data = Array.from({ length: c.n }, (_, i) => (next + i) % 251);
                next += c.n;
                const bytes = Uint8Array.from(data);
                const sent = intRef(-1);
                const o = c.overlapped ? new WSAOVERLAPPED() : null;
                const s = w.senders[c.from] as number;
                const ret = a.WSASendTo(s, [new WSABUF(c.n, bytes)], 1, sent, 0, w.to, 16, o);
                check(ret).toBe(0);
                check(sent.value).toBe(c.n);
                if (o !== null) check(o.Internal).toBe(S.STATUS_SUCCESS);
                const d = { data, from: w.names[c.from] as string };
                const p = pending.shift();
                if (p === undefined) {
                  queue.push(d);
                  continue;
                }
                const { n, truncated } = deliver(d, p);
                check(p.o.Internal).toBe(truncated ? S.STATUS_BUFFER_OVERFLOW : S.STATUS_SUCCESS);
                check(p.o.InternalHigh).toBe(n);
                packets.push({ o: p.o, bytes: n, error: truncated ? E.ERROR_MORE_DATA : 0 });
              } else {
                const bufs = c.lens.map((len) => new WSABUF(len, new Uint8Array(len)));
                const len = c.lens.reduce((x, y) => x + y, 0);
                const from = new Uint8Array(16);
                const fromlen = intRef(16);
                const got = intRef(-1);
                const o = c.overlapped ? new WSAOVERLAPPED() : null;
                if (o !== null && c.event) o.hEvent = b.WSACreateEvent();
                const ret = b.WSARecvFrom(r, bufs, bufs.length, got, intRef(0), from, fromlen, o);
                const d = pending.length === 0 ? queue.shift() : undefined;
                if (d === undefined) {
                  if (o === null) {
                    // The receiver is non-blocking: nothing to take now.
                    check(ret).toBe(-1);
                    check(b.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
                  } else {
                    check(b.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
                    pending.push({ o, bufs, from, fromlen, len });
                  }
                  continue;
                }
                const { n, truncated } = deliver(d, {
                  o: o as WSAOVERLAPPED,
                  bufs,
                  from,
                  fromlen,
                  len,
                });
                if (truncated) {
                  check(ret).toBe(-1);
                  check(b.WSAGetLastError()).toBe(E.WSAEMSGSIZE);
                } else {
                  check(ret).toBe(0);
                  check(got.value).toBe(n);
                }
                if (o !== null) {
                  check(o.InternalHigh).toBe(n);
                  // A warning is not an error: the skip applies to the cut datagram too.
                  if (!skip)
                    packets.push({ o, bytes: n, error: truncated ? E.ERROR_MORE_DATA : 0 });
                }
              }
            }
            for (const expected of [...packets, null]) {
              const bytes = intRef(-1);
              const done = overlappedRef();
              const ret = b.GetQueuedCompletionStatus(iocp, bytes, intRef(0), done, 0);
              if (expected === null) {
                check(done.value).toBe(null);
                check(b.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
                continue;
              }
              check(done.value).toBe(expected.o);
              check(bytes.value).toBe(expected.bytes);
              check(ret).toBe(expected.error === 0 ? 1 : 0);
              if (expected.error !== 0) check(b.WSAGetLastError()).toBe(expected.error);
            }
          },
        ),
        runs(60),
      ),
  );
});

/** Bytes that are no sockaddr: an lpTo or lpFrom a stream socket must not look at. */
const junkAddress = fc.oneof(fc.constant(null), fc.uint8Array({ minLength: 0, maxLength: 20 }));

describe("stream sockets", () => {
  rule(
    "DGIO-STREAM-ADDRESS",
    "on TCP, WSASendTo and WSARecvFrom move the stream's bytes whatever lpTo, iTolen, lpFrom and lpFromlen hold, and write neither address nor length",
    () =>
      fc.assert(
        fc.property(
          junkAddress,
          fc.integer({ min: -4, max: 40 }),
          junkAddress,
          fc.integer({ min: -4, max: 40 }),
          fc.integer({ min: 1, max: 9 }),
          (to, tolen, from, fromlen, n) => {
            const { sender, receiver, client, server } = connected();
            const data = Uint8Array.from({ length: n }, (_, i) => i + 1);
            const sent = intRef(0);
            check(sender.WSASendTo(client, [new WSABUF(n, data)], 1, sent, 0, to, tolen)).toBe(0);
            check(sent.value).toBe(n);
            const before = from === null ? null : from.slice();
            const len = intRef(fromlen);
            const buf = new Uint8Array(16);
            const got = intRef(0);
            const ret = receiver.WSARecvFrom(
              server,
              [new WSABUF(16, buf)],
              1,
              got,
              intRef(0),
              from,
              len,
            );
            check(ret).toBe(0);
            check(JSON.stringify(Array.from(buf.subarray(0, got.value)))).toBe(
              JSON.stringify(Array.from(data)),
            );
            check(len.value).toBe(fromlen);
            if (from !== null)
              check(JSON.stringify(Array.from(from))).toBe(
                JSON.stringify(Array.from(before as Uint8Array)),
              );
          },
        ),
        runs(40),
      ),
  );
});

/** The socket's modes as the kernel holds them. */
function modesOf(t: WinsockThread, s: number): number {
  const process = kernel.findProcess(t.sim.state, t.pid);
  const entry = process === undefined ? undefined : lookupHandle(process, s);
  if (entry?.kind !== "socket") throw new Error(`${s} is not a socket`);
  return kernel.completionModes(t.sim.state, entry.socket);
}

describe("SetFileCompletionNotificationModes", () => {
  rule(
    "DGIO-MODES",
    "any Flags succeed on an overlapped socket and add only their known low bits, never removing one, through whichever descriptor; a socket not made overlapped is ERROR_INVALID_PARAMETER and keeps no mode",
    () =>
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(0xffffffff), fc.boolean()), { minLength: 1, maxLength: 6 }),
          (calls) => {
            const { sender, receiver, client } = connected();
            const info = new Uint8Array(628);
            check(sender.WSADuplicateSocketW(client, receiver.pid, info)).toBe(0);
            const copy = receiver.WSASocketW(-1, -1, -1, info, 0, 1);
            const plain = sender.WSASocketW(AF_INET, SOCK_DGRAM, 0, null, 0, 0);
            let modes = 0;
            for (const [flags, viaCopy] of calls) {
              const ret = viaCopy
                ? receiver.SetFileCompletionNotificationModes(copy, flags)
                : sender.SetFileCompletionNotificationModes(client, flags);
              check(ret).toBe(1);
              modes |= flags & 3;
              check(modesOf(sender, client)).toBe(modes);
              check(sender.SetFileCompletionNotificationModes(plain, flags)).toBe(0);
              check(sender.WSAGetLastError()).toBe(E.WSA_INVALID_PARAMETER);
              check(modesOf(sender, plain)).toBe(0);
            }
          },
        ),
        runs(40),
      ),
  );

  rule(
    "DGIO-SKIP-HANDLE",
    "a WSAGetOverlappedResult wait on a pending receive ends at its completion unless the socket skips signalling its handle and the OVERLAPPED has no hEvent",
    () =>
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 1, max: 8 }),
          (mode, event, n) => {
            const { sender, receiver, client, server } = connected();
            if (mode)
              check(
                receiver.SetFileCompletionNotificationModes(server, FILE_SKIP_SET_EVENT_ON_HANDLE),
              ).toBe(1);
            const o = new WSAOVERLAPPED();
            if (event) o.hEvent = receiver.WSACreateEvent();
            const ret = receiver.WSARecv(
              server,
              [new WSABUF(8, new Uint8Array(8))],
              1,
              null,
              intRef(0),
              o,
            );
            check(ret).toBe(-1);
            check(receiver.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
            const waiter = receiver.process.createThread();
            const bytes = intRef(-1);
            check(waiter.WSAGetOverlappedResult(server, o, bytes, true, intRef(0))).toBe(BLOCKED);
            check(sender.send(client, new Uint8Array(n), n, 0)).toBe(n);
            check(o.Internal).toBe(S.STATUS_SUCCESS);
            const stuck = mode && !event;
            check(waiter.await()).toBe(stuck ? BLOCKED : 1);
            if (!stuck) check(bytes.value).toBe(n);
          },
        ),
        runs(30),
      ),
  );
});
