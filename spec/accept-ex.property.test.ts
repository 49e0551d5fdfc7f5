/**
 * Properties of AcceptEx, GetAcceptExSockaddrs and SO_UPDATE_ACCEPT_CONTEXT (the ACCEPTEX-*
 * rules of spec/rules/accept-ex.json).
 *
 * Each property draws a sequence of connections, sends and closes and compares what the
 * OVERLAPPEDs, the buffers, the event record and the port say with a model written from the
 * rules. A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/accept-ex.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  AF_INET,
  FD_ACCEPT,
  INVALID_SOCKET,
  intRef,
  overlappedRef,
  Simulation,
  SO_UPDATE_ACCEPT_CONTEXT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  sockaddrRef,
  WinsockThread,
  WSA_ERRORS,
  WSADATA,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { port } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`AcceptEx properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const SLOT = 32;
const STATUS_PENDING = 0x103;
const STATUS_CANCELLED = 0xc0000120;
const STATUS_BUFFER_TOO_SMALL = 0xc0000023;

/** A server thread with a listener, a client thread in another process. */
function world() {
  return setup(() => {
    const sim = new Simulation();
    const [server, client] = ["S", "C"].map((name) => {
      const t = sim.createProcess(name).main;
      t.WSAStartup(0x0202, new WSADATA());
      return t;
    }) as [WinsockThread, WinsockThread];
    const l = server.socket(AF_INET, SOCK_STREAM, 0);
    server.bind(l, sockaddr("127.0.0.1:0"), 16);
    server.listen(l, 5);
    const addr = sockaddr(`127.0.0.1:${port(server, l)}`);
    return { server, client, l, addr };
  });
}

function connect(t: WinsockThread, addr: Uint8Array): number {
  const s = t.socket(AF_INET, SOCK_STREAM, 0);
  check(t.connect(s, addr, 16)).toBe(0);
  return s;
}

function handleBytes(s: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(s), true);
  return out;
}

describe("issuing", () => {
  rule(
    "ACCEPTEX-ARGS",
    "each misuse fails with its error, leaves Internal at STATUS_PENDING and changes nothing: a valid AcceptEx afterwards behaves as without it",
    () =>
      fc.assert(
        fc.property(fc.nat(8), fc.nat(40), (misuse, receive) => {
          const { server: t, client, l, addr } = world();
          const acceptor = t.socket(AF_INET, SOCK_STREAM, 0);
          const o = new WSAOVERLAPPED();
          const out = new Uint8Array(receive + 2 * SLOT);
          let ls = l;
          let as = acceptor;
          let buf: Uint8Array | null = out;
          let remote = SLOT;
          let overlapped: WSAOVERLAPPED | null = o;
          let error: number;
          switch (misuse) {
            case 0:
              overlapped = null;
              error = E.WSA_INVALID_PARAMETER;
              break;
            case 1:
              buf = null;
              error = E.WSAEFAULT;
              break;
            case 2:
              remote = 0;
              error = E.WSAEFAULT;
              break;
            case 3:
              buf = out.subarray(0, receive + SLOT);
              error = E.WSAEFAULT;
              break;
            case 4:
              ls = 0x7770;
              error = E.WSAENOTSOCK;
              break;
            case 5:
              ls = t.socket(AF_INET, SOCK_STREAM, 0);
              error = E.WSAEINVAL;
              break;
            case 6:
              as = t.socket(AF_INET, SOCK_DGRAM, 0);
              error = E.WSAEINVAL;
              break;
            case 7:
              as = t.socket(AF_INET, SOCK_STREAM, 0);
              t.bind(as, sockaddr("127.0.0.1:0"), 16);
              error = E.WSAEINVAL;
              break;
            default:
              as = connect(t, addr);
              t.accept(l, null, null);
              error = E.WSAEINVAL;
          }
          o.Internal = 0xdeadbeef;
          const before = t.sim.state;
          check(t.AcceptEx(ls, as, buf, receive, SLOT, remote, null, overlapped)).toBe(0);
          check(t.WSAGetLastError()).toBe(error);
          if (overlapped !== null) check(o.Internal).toBe(STATUS_PENDING);
          check(t.sim.state.io).toBe(before.io);
          check(t.sim.state.sockets).toBe(before.sockets);
          // The valid call still works: pending, then completed by a connection.
          check(t.AcceptEx(l, acceptor, out, 0, SLOT, SLOT, null, o)).toBe(0);
          check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
          connect(client, addr);
          check(o.Internal).toBe(0);
        }),
        runs(60),
      ),
  );

  rule(
    "ACCEPTEX-PENDING",
    "queued connections complete AcceptEx at once, later ones complete pending operations in issue order, each with one packet; the listener's last close cancels the rest once",
    () =>
      fc.assert(
        fc.property(
          fc.nat(2),
          fc.integer({ min: 1, max: 4 }),
          fc.nat(4),
          fc.boolean(),
          (early, issued, late, close) => {
            const { server: t, client, l, addr } = world();
            const iocp = t.CreateIoCompletionPort(l, 0, 125, 0);
            for (let i = 0; i < early; i++) connect(client, addr);
            const ops = Array.from({ length: issued }, (_, i) => {
              const o = new WSAOVERLAPPED();
              const acceptor = t.socket(AF_INET, SOCK_STREAM, 0);
              const count = intRef(-1);
              const ret = t.AcceptEx(l, acceptor, new Uint8Array(64), 0, SLOT, SLOT, count, o);
              if (i < early) {
                check(ret).toBe(1);
                check(count.value).toBe(0);
              } else {
                check(ret).toBe(0);
                check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
                check(count.value).toBe(-1);
              }
              return o;
            });
            for (let i = 0; i < late; i++) connect(client, addr);
            const completed = Math.min(issued, early + late);
            ops.forEach((o, i) => {
              check(o.Internal).toBe(i < completed ? 0 : STATUS_PENDING);
            });
            if (close) t.closesocket(l);
            const packets: number[] = [];
            for (;;) {
              const got = overlappedRef();
              const ret = t.GetQueuedCompletionStatus(iocp, intRef(0), intRef(0), got, 0);
              if (got.value === null) break;
              packets.push(ops.indexOf(got.value));
              check(ret).toBe(got.value.Internal === 0 ? 1 : 0);
            }
            const expected = Array.from({ length: close ? issued : completed }, (_, i) => i);
            expect(packets).toEqual(expected);
            ops.forEach((o, i) => {
              check(o.Internal).toBe(i < completed ? 0 : close ? STATUS_CANCELLED : STATUS_PENDING);
            });
          },
        ),
        runs(60),
      ),
  );
});

describe("accepting", () => {
  rule(
    "ACCEPTEX-ACCEPT",
    "the accept socket becomes the connection; with a receive length the operation waits for the first data or the close, and the buffer holds the data and both addresses",
    () =>
      fc.assert(
        fc.property(
          fc.nat(6),
          fc.oneof(fc.string({ minLength: 1, maxLength: 9 }), fc.constant(null)),
          (receive, sent) => {
            const { server: t, client, l, addr } = world();
            const acceptor = t.socket(AF_INET, SOCK_STREAM, 0);
            const o = new WSAOVERLAPPED();
            const out = new Uint8Array(receive + 2 * SLOT);
            check(t.AcceptEx(l, acceptor, out, receive, SLOT, SLOT, null, o)).toBe(0);
            const c = connect(client, addr);
            check(o.Internal).toBe(receive === 0 ? 0 : STATUS_PENDING);
            const bytes = new TextEncoder().encode(sent ?? "");
            if (sent === null) client.closesocket(c);
            else check(client.send(c, bytes, bytes.length, 0)).toBe(bytes.length);
            check(o.Internal).toBe(0);
            const taken = Math.min(receive, bytes.length);
            check(o.InternalHigh).toBe(taken);
            expect(Array.from(out.subarray(0, taken))).toEqual(
              Array.from(bytes.subarray(0, taken)),
            );
            const local = sockaddrRef();
            const remote = sockaddrRef();
            const remoteLen = intRef(0);
            t.GetAcceptExSockaddrs(out, receive, SLOT, SLOT, local, intRef(0), remote, remoteLen);
            expect(Array.from(local.value ?? [])).toEqual(Array.from(addr));
            check(remoteLen.value).toBe(16);
            if (sent !== null) {
              const name = new Uint8Array(16);
              client.getsockname(c, name, intRef(16));
              expect(Array.from(remote.value ?? [])).toEqual(Array.from(name));
              // What the operation did not take is the accept socket's to read.
              const rest = new Uint8Array(16);
              const left = bytes.length - taken;
              if (left > 0) check(t.recv(acceptor, rest, 16, 0)).toBe(left);
            }
          },
        ),
        runs(60),
      ),
  );

  rule(
    "ACCEPTEX-SLOTS",
    "a slot shorter than the address plus 16 (local other than 0) ends the operation with STATUS_BUFFER_TOO_SMALL and leaves the connection for accept",
    () =>
      fc.assert(
        fc.property(fc.nat(40), fc.integer({ min: 1, max: 40 }), (local, remote) => {
          const { server: t, client, l, addr } = world();
          const acceptor = t.socket(AF_INET, SOCK_STREAM, 0);
          const o = new WSAOVERLAPPED();
          check(t.AcceptEx(l, acceptor, new Uint8Array(96), 0, local, remote, null, o)).toBe(0);
          connect(client, addr);
          const fits = (local === 0 || local >= SLOT) && remote >= SLOT;
          check(o.Internal).toBe(fits ? 0 : STATUS_BUFFER_TOO_SMALL);
          t.ioctlsocket(l, 0x8004667e, intRef(1));
          const accepted = t.accept(l, null, null);
          if (fits) {
            check(accepted).toBe(INVALID_SOCKET);
            check(t.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
          } else {
            check(accepted === INVALID_SOCKET).toBe(false);
          }
        }),
        runs(60),
      ),
  );
});

describe("events and context", () => {
  rule(
    "ACCEPTEX-FD-ACCEPT",
    "FD_ACCEPT is recorded exactly when more connections arrive than AcceptEx operations wait for them",
    () =>
      fc.assert(
        fc.property(fc.nat(3), fc.integer({ min: 1, max: 4 }), (waiting, arriving) => {
          const { server: t, client, l, addr } = world();
          const event = t.WSACreateEvent();
          t.WSAEventSelect(l, event, FD_ACCEPT);
          for (let i = 0; i < waiting; i++) {
            const acceptor = t.socket(AF_INET, SOCK_STREAM, 0);
            t.AcceptEx(l, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, new WSAOVERLAPPED());
          }
          for (let i = 0; i < arriving; i++) connect(client, addr);
          const events = new WSANETWORKEVENTS();
          check(t.WSAEnumNetworkEvents(l, event, events)).toBe(0);
          check(events.lNetworkEvents).toBe(arriving > waiting ? FD_ACCEPT : 0);
        }),
        runs(60),
      ),
  );

  rule(
    "ACCEPTEX-CONTEXT",
    "getsockname and getpeername fail with WSAENOTCONN until SO_UPDATE_ACCEPT_CONTEXT names a socket; a bad value changes nothing",
    () =>
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom("name", "peer", "bad", "short", "good", "data"), {
            maxLength: 8,
          }),
          (steps) => {
            const { server: t, client, l, addr } = world();
            const acceptor = t.socket(AF_INET, SOCK_STREAM, 0);
            const o = new WSAOVERLAPPED();
            t.AcceptEx(l, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, o);
            const c = connect(client, addr);
            let updated = false;
            for (const step of steps) {
              const buf = new Uint8Array(16);
              let ret: number;
              let error = 0;
              if (step === "data") {
                // Traffic edits the socket's record: the context must survive it.
                check(client.send(c, buf, 1, 0)).toBe(1);
                ret = t.recv(acceptor, buf, 16, 0) === 1 ? 0 : -1;
              } else if (step === "name" || step === "peer") {
                ret =
                  step === "name"
                    ? t.getsockname(acceptor, buf, intRef(16))
                    : t.getpeername(acceptor, buf, intRef(16));
                if (!updated) error = E.WSAENOTCONN;
              } else {
                const value = handleBytes(step === "bad" ? 0x7770 : l);
                const len = step === "short" ? 4 : 8;
                ret = t.setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, value, len);
                if (step === "bad") error = E.WSAENOTSOCK;
                else if (step === "short") error = E.WSAEFAULT;
                else updated = true;
              }
              check(ret).toBe(error === 0 ? 0 : -1);
              if (error !== 0) check(t.WSAGetLastError()).toBe(error);
            }
          },
        ),
        runs(60),
      ),
  );
});
