/**
 * Properties of the network rules (spec/rules/network.json).
 *
 * The stream property drives one connection shared by descriptors in three processes against
 * the model in support/network-model.ts; the blocking property drives threads blocked on one
 * socket against support/network-model.ts; the others are focused properties, each deriving
 * the expected answer from the rule's statement.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/network.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  BLOCKED,
  FIONBIO,
  FIONREAD,
  formatSockaddr,
  INVALID_SOCKET,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  int32,
  intRef,
  kernel,
  linger,
  MSG_OOB,
  MSG_PEEK,
  MSG_WAITALL,
  readInt32,
  SHUTDOWN_HOW,
  SIOCATMARK,
  Simulation,
  SO_EXCLUSIVEADDRUSE,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_SNDBUF,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  SOMAXCONN,
  sockaddr,
  WinsockThread,
  WSA_ERRORS,
  WSADATA,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import {
  actionArb,
  BlockingScenario,
  netCommands,
  newConnection,
} from "./support/network-model.js";
import { port, tcpPair } from "./support/pairs.js";
import { rule } from "./support/rule.js";

const E = WSA_ERRORS;
const { SD_RECEIVE, SD_SEND } = SHUTDOWN_HOW;

// Every Winsock call a property makes is counted, except the setup of started() and tcpPair().
countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`network properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

function started(...names: string[]): { sim: Simulation; t: WinsockThread[] } {
  return setup(() => {
    const sim = new Simulation();
    const t = names.map((n) => {
      const thread = sim.createProcess(n).main;
      thread.WSAStartup(0x0202, new WSADATA());
      return thread;
    });
    return { sim, t };
  });
}

function setInt(t: WinsockThread, s: number, opt: number, v: number): void {
  check(t.setsockopt(s, SOL_SOCKET, opt, int32(v), 4)).toBe(0);
}

/** Whether the call `t` is blocked in has finished in the kernel. */
function finished(sim: Simulation, t: WinsockThread): boolean {
  return kernel.findProcess(sim.state, t.pid)?.threads[t.tid]?.pending === null;
}

function lastError(t: WinsockThread, ret: unknown): number {
  return ret === SOCKET_ERROR || ret === INVALID_SOCKET ? t.WSAGetLastError() : 0;
}

describe("the call count", () => {
  it("counts each Winsock call made outside setup once, and nothing else", () => {
    const { t } = started("A");
    const a = t[0] as WinsockThread;
    const { client } = tcpPair(a);
    const before = callsMade();
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    a.WSAGetLastError();
    check(a.WSADuplicateSocket(s, a.pid, new Uint8Array(628))).toBe(0);
    a.send(client, new Uint8Array(1), 1, 0);
    setup(() => a.closesocket(s));
    check(callsMade() - before).toBe(3);
  });
});

describe("one connection shared across processes", () => {
  rule(
    [
      "NET-STREAM-ORDER",
      "NET-BUFFERS",
      "NET-FIN",
      "NET-LAST-CLOSE",
      "NET-GRACEFUL",
      "NET-ABORTIVE-CLOSE",
      "NET-RESET",
      "NET-PEER-GONE",
      "LIFE-SHARED-CLOSE",
    ],
    "sends, receives, duplicates, shutdowns and closes in any order agree with the model after every step",
    () => {
      const sndbuf = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 65, max: 2000 }));
      // Below 64 KiB SO_RCVBUF does not change the window (NET-BUFFERS); above it, it does.
      const rcvbuf = fc.oneof(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 65_536, max: 100_000 }),
      );
      fc.assert(
        fc.property(
          fc.tuple(rcvbuf, rcvbuf),
          fc.tuple(sndbuf, sndbuf),
          fc.commands(netCommands(), { maxCommands: 120, size: "max" }),
          (rcvbufs, sndbufs, commands) => {
            const { model, real } = newConnection(rcvbufs, sndbufs);
            fc.modelRun(() => ({ model, real }), commands);
          },
        ),
        runs(700),
      );
    },
  );
});

describe("blocked threads", () => {
  rule(
    ["NET-BLOCKING", "NET-CLOSE-WAKES", "NET-WAKE-ORDER", "NET-TIMEOUT"],
    "waiters in several processes finish with the right result, in order, and never stay blocked",
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })),
          fc.array(actionArb, { maxLength: 60 }),
          (timeout, actions) => {
            const scenario = new BlockingScenario(timeout);
            for (const action of actions) scenario.run(action, true);
            scenario.finish();
          },
        ),
        runs(300),
      );
    },
  );

  rule("NET-CLOCK", "the same inputs give the same records and state, step for step", () => {
    const record = (s: BlockingScenario) =>
      JSON.stringify(
        s.sim.steps.map((r) => [r.process, r.tid, r.call, r.ret, r.lastError, r.rules, r.clock]),
      ) + JSON.stringify(s.sim.state);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(actionArb, { maxLength: 40 }),
        (timeout, actions) => {
          const runOnce = () => {
            const s = new BlockingScenario(timeout);
            for (const action of actions) s.run(action, false);
            s.finish();
            return record(s);
          };
          check(runOnce()).toBe(runOnce());
        },
      ),
      runs(60),
    );
  });

  rule(
    ["NET-BLOCKING", "NET-BUFFERS"],
    "a blocking sender always finishes once the reader drains, whatever the buffer sizes",
    () => {
      fc.assert(
        fc.property(
          fc.nat({ max: 3000 }),
          fc.oneof(fc.nat({ max: 16 }), fc.integer({ min: 65_536, max: 90_000 })),
          // Sends smaller than the window, and larger than it (at least 64 KiB, NET-BUFFERS).
          fc.array(
            fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 30_000, max: 100_000 })),
            { minLength: 1, maxLength: 4 },
          ),
          fc.oneof(fc.integer({ min: 128, max: 1024 }), fc.integer({ min: 1025, max: 40_000 })),
          (sndbuf, rcvbuf, sends, chunk) => {
            const { sim, t } = started("A");
            const a = t[0] as WinsockThread;
            const { client, server } = tcpPair(a);
            setInt(a, client, SO_SNDBUF, sndbuf);
            setInt(a, server, SO_RCVBUF, rcvbuf);
            const total = sends.reduce((x, y) => x + y, 0);
            const sent = new Uint8Array(total);
            const got = new Uint8Array(total);
            let received = 0;
            const buf = new Uint8Array(chunk);
            const read = () => {
              const n = a.recv(server, buf, chunk, 0) as number;
              expect(received + n).toBeLessThanOrEqual(total);
              got.set(buf.subarray(0, n), received);
              received += n;
            };
            let next = 0;
            for (const len of sends) {
              const data = new Uint8Array(len);
              for (let i = 0; i < len; i++, next++) data[i] = ((next * 7) ^ (next >>> 8)) & 0xff;
              sent.set(data, next - len);
              const w = sim.process("A").createThread();
              let ret = w.send(client, data, len, 0);
              for (let i = 0; ret === BLOCKED && i < 10_000; i++) {
                read();
                if (finished(sim, w)) ret = w.await();
              }
              check(ret).toBe(len);
            }
            while (received < total) read();
            check(Buffer.compare(got, sent)).toBe(0);
          },
        ),
        runs(100),
      );
    },
  );
});

describe("addresses and binding", () => {
  rule(
    ["NET-SOCKADDR", "NET-BIND"],
    "bind checks the SOCKADDR, then 'already bound', then that the address is local",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(null, 0, 2, 23, 0xdead),
          fc.integer({ min: -1, max: 20 }),
          fc.constantFrom("127.0.0.1", "127.5.6.7", "0.0.0.0", "192.0.2.1", "10.0.0.1"),
          fc.boolean(),
          (family, namelen, address, boundFirst) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const s = a.socket(AF_INET, SOCK_STREAM, 0);
            if (boundFirst) check(a.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
            let name: Uint8Array | null = null;
            if (family !== null) {
              name = sockaddr(`${address}:0`);
              new DataView(name.buffer).setUint16(0, family, true);
            }
            const len = Math.max(namelen, 0);
            const ret = a.bind(s, name, namelen);
            // Expected, from the rule statements alone.
            let want = 0;
            if (name === null || namelen < 2 || len > name.length) want = E.WSAEFAULT;
            else if (family !== AF_INET) want = namelen < 16 ? E.WSAEFAULT : E.WSAEAFNOSUPPORT;
            else if (namelen < 16) want = E.WSAEFAULT;
            else if (boundFirst) want = E.WSAEINVAL;
            else if (!address.startsWith("127.") && address !== "0.0.0.0")
              want = E.WSAEADDRNOTAVAIL;
            check(lastError(a, ret)).toBe(want);
            if (want === 0) {
              check(ret).toBe(0);
              check(a.WSAGetLastError()).toBe(0);
            }
          },
        ),
        runs(300),
      );
    },
  );

  rule(
    "NET-BIND-CONFLICT",
    "a second bind on the same port follows the SO_REUSEADDR / SO_EXCLUSIVEADDRUSE matrix",
    () => {
      type Opt = "none" | "reuse" | "exclusive";
      const opt = fc.constantFrom<Opt>("none", "reuse", "exclusive");
      const addr = fc.constantFrom("127.0.0.1", "0.0.0.0", "127.0.0.2");
      fc.assert(
        fc.property(opt, addr, opt, addr, fc.boolean(), (o1, a1, o2, a2, dgram) => {
          const { t } = started("A");
          const a = t[0] as WinsockThread;
          const make = (o: Opt) => {
            const s = a.socket(AF_INET, dgram ? SOCK_DGRAM : SOCK_STREAM, 0);
            if (o !== "none") setInt(a, s, o === "reuse" ? SO_REUSEADDR : SO_EXCLUSIVEADDRUSE, 1);
            return s;
          };
          const s1 = make(o1);
          check(a.bind(s1, sockaddr(`${a1}:7777`), 16)).toBe(0);
          const s2 = make(o2);
          const ret = a.bind(s2, sockaddr(`${a2}:7777`), 16);
          const wild = (x: string) => x === "0.0.0.0";
          let want = 0;
          if (a1 === a2) {
            if (o1 === "reuse" && o2 === "reuse") want = 0;
            else if (o2 === "reuse" && o1 !== "exclusive") want = E.WSAEACCES;
            else want = E.WSAEADDRINUSE;
          } else if (wild(a1)) {
            want = o1 === "exclusive" ? E.WSAEACCES : 0;
          } else if (wild(a2)) {
            want = o2 === "exclusive" ? E.WSAEADDRINUSE : 0;
          }
          check(lastError(a, ret)).toBe(want);
        }),
        runs(300),
      );
    },
  );

  rule(
    ["NET-EPHEMERAL", "NET-NAMES"],
    "port 0 and implicit binds take dynamic ports in order; names answer as the rule says",
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom("bind", "connect", "sendto"), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: -4, max: 40 }),
          (ways, namelen) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const target = a.socket(AF_INET, SOCK_DGRAM, 0);
            a.bind(target, sockaddr("127.0.0.1:9999"), 16);
            ways.forEach((way, i) => {
              const dgram = way === "sendto" || i % 2 === 0;
              const s = a.socket(AF_INET, dgram ? SOCK_DGRAM : SOCK_STREAM, 0);
              const buf = new Uint8Array(40);
              const len = intRef(namelen);
              check(lastError(a, a.getsockname(s, buf, len))).toBe(E.WSAEINVAL);
              if (way === "bind") a.bind(s, sockaddr("127.0.0.1:0"), 16);
              else if (way === "connect") {
                // A stream connect to a port with no listener is refused later; the bind stays.
                a.ioctlsocket(s, FIONBIO, intRef(1));
                a.connect(s, sockaddr("127.0.0.1:9999"), 16);
              } else a.sendto(s, int32(1), 4, 0, sockaddr("127.0.0.1:9999"), 16);
              const ret = a.getsockname(s, buf, len);
              if (namelen < 16) {
                check(lastError(a, ret)).toBe(E.WSAEFAULT);
                check(len.value).toBe(namelen);
                return;
              }
              check(ret).toBe(0);
              check(len.value).toBe(16);
              const seen = new DataView(buf.buffer).getUint16(2, false);
              // Each protocol counts from 49152; UDP's first port went to nobody (9999 is fixed).
              const same = ways.slice(0, i).filter((w, j) => {
                const d = w === "sendto" || j % 2 === 0;
                return d === dgram;
              }).length;
              check(seen).toBe(49152 + same);
            });
          },
        ),
        runs(150),
      );
    },
  );

  rule(
    "NET-DUAL-STACK-NAMES",
    "connections between IPv4, IPv6-only and dual-stack sockets: every name is of the socket's family",
    () => {
      // A socket kind: IPv4, IPv6 with IPV6_V6ONLY 1, or dual-stack IPv6 (IPV6_V6ONLY 0).
      type Kind = "v4" | "v6only" | "dual";
      const family = (k: Kind) => (k === "v4" ? AF_INET : AF_INET6);
      // The loopback of the family the packets travel in, as a socket of `k` names it.
      const loopback = (k: Kind, wireV4: boolean) =>
        !wireV4 ? "::1" : k === "v4" ? "127.0.0.1" : "::ffff:127.0.0.1";
      const text = (host: string, port: number) =>
        host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
      // Pairs that connect: over IPv4 an IPv4 or dual-stack listener and client; over IPv6 two
      // IPv6 sockets. The listener is bound to its wildcard or to the loopback it takes.
      const over = (wireV4: boolean, kinds: readonly Kind[]) =>
        fc.record({
          wireV4: fc.constant(wireV4),
          listener: fc.constantFrom(...kinds),
          client: fc.constantFrom(...kinds),
          listenerWildcard: fc.boolean(),
          clientBind: fc.constantFrom("none", "wildcard", "loopback"),
        });
      const setupArb = fc.oneof(over(true, ["v4", "dual"]), over(false, ["v6only", "dual"]));
      fc.assert(
        fc.property(setupArb, (c) => {
          const { t } = started("A");
          const a = t[0] as WinsockThread;
          const make = (k: Kind) => {
            const s = a.socket(family(k), SOCK_STREAM, 0);
            const v6only = int32(k === "dual" ? 0 : 1);
            if (k !== "v4") check(a.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, v6only, 4)).toBe(0);
            return s;
          };
          const size = (k: Kind) => (k === "v4" ? 16 : 28);
          const wildcard = (k: Kind) => (k === "v4" ? "0.0.0.0" : "::");
          const l = make(c.listener);
          const lHost = c.listenerWildcard ? wildcard(c.listener) : loopback(c.listener, c.wireV4);
          check(a.bind(l, sockaddr(text(lHost, 7800)), size(c.listener))).toBe(0);
          check(a.listen(l, 5)).toBe(0);
          const s = make(c.client);
          if (c.clientBind !== "none") {
            const host =
              c.clientBind === "wildcard" ? wildcard(c.client) : loopback(c.client, c.wireV4);
            check(a.bind(s, sockaddr(text(host, 0)), size(c.client))).toBe(0);
          }
          const target = text(loopback(c.client, c.wireV4), 7800);
          check(a.connect(s, sockaddr(target), size(c.client))).toBe(0);
          const buf = new Uint8Array(28);
          const len = intRef(28);
          const accepted = a.accept(l, buf, len) as number;
          check(accepted).not.toBe(INVALID_SOCKET);
          const acceptAddr = formatSockaddr(buf, len.value);
          check(len.value).toBe(size(c.listener));
          const nameOf = (call: "getsockname" | "getpeername", sock: number, k: Kind) => {
            const out = new Uint8Array(28);
            const n = intRef(28);
            check(a[call](sock, out, n)).toBe(0);
            // Of the socket's own family: its size and its family field.
            check(n.value).toBe(size(k));
            check(new DataView(out.buffer).getUint16(0, true)).toBe(family(k));
            return formatSockaddr(out, n.value) as string;
          };
          const clientName = nameOf("getsockname", s, c.client);
          const port = Number(clientName.slice(clientName.lastIndexOf(":") + 1));
          // The client speaks from the loopback of the wire's family, named in its own family.
          check(clientName).toBe(text(loopback(c.client, c.wireV4), port));
          check(nameOf("getpeername", s, c.client)).toBe(target);
          // The accepted socket names both ends in the listener's family.
          const peer = text(loopback(c.listener, c.wireV4), port);
          check(acceptAddr).toBe(peer);
          check(nameOf("getpeername", accepted, c.listener)).toBe(peer);
          check(nameOf("getsockname", accepted, c.listener)).toBe(
            text(loopback(c.listener, c.wireV4), 7800),
          );
        }),
        runs(200),
      );
    },
  );
});

describe("connections", () => {
  rule(
    ["NET-LISTEN", "NET-CONNECT-REFUSED", "NET-ACCEPT"],
    "a listener queues up to its backlog; the next connect is refused after 2 s; accept is FIFO",
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.integer({ min: -3, max: 6 }), fc.constant(SOMAXCONN)),
          fc.integer({ min: 0, max: 7 }),
          fc.boolean(),
          (backlog, again, nonBlocking) => {
            const { sim, t } = started("A");
            const a = t[0] as WinsockThread;
            const l = a.socket(AF_INET, SOCK_STREAM, 0);
            a.bind(l, sockaddr("127.0.0.1:0"), 16);
            check(a.listen(l, backlog)).toBe(0);
            check(a.listen(l, again)).toBe(0);
            const addr = sockaddr(`127.0.0.1:${port(a, l)}`);
            const queue =
              backlog === SOMAXCONN ? 200 : backlog < 0 ? 200 : Math.min(Math.max(backlog, 1), 200);
            const clients: number[] = [];
            for (let i = 0; i < queue; i++) {
              const c = a.socket(AF_INET, SOCK_STREAM, 0);
              check(a.connect(c, addr, 16)).toBe(0);
              clients.push(c);
            }
            const late = a.socket(AF_INET, SOCK_STREAM, 0);
            if (nonBlocking) a.ioctlsocket(late, FIONBIO, intRef(1));
            const ret = a.connect(late, addr, 16);
            if (nonBlocking) {
              check(lastError(a, ret)).toBe(E.WSAEWOULDBLOCK);
              a.Sleep(2000);
              const out = new Uint8Array(4);
              a.getsockopt(late, SOL_SOCKET, 0x1007, out, intRef(4));
              check(readInt32(out)).toBe(E.WSAECONNREFUSED);
            } else {
              check(ret).toBe(BLOCKED);
              check(lastError(a, a.await())).toBe(E.WSAECONNREFUSED);
            }
            check(sim.state.clock).toBe(2000);
            // FIFO: the first accepted is connected to the first client.
            const s = a.accept(l, null, null) as number;
            const peer = new Uint8Array(16);
            a.getpeername(s, peer, intRef(16));
            check(new DataView(peer.buffer).getUint16(2, false)).toBe(
              port(a, clients[0] as number),
            );
            a.ioctlsocket(l, FIONBIO, intRef(1));
            for (let i = 1; i < queue; i++) check(a.accept(l, null, null)).not.toBe(INVALID_SOCKET);
            check(lastError(a, a.accept(l, null, null))).toBe(E.WSAEWOULDBLOCK);
          },
        ),
        runs(40),
      );
    },
  );

  rule(
    ["NET-ACCEPT-INHERITS", "NET-CONNECT"],
    "an accepted socket starts with the listener's options; connect answers by target and state",
    () => {
      fc.assert(
        fc.property(
          fc.nat({ max: 100_000 }),
          fc.boolean(),
          fc.boolean(),
          fc.constantFrom("listener", "unreachable", "zero"),
          (rcvbuf, keepalive, nb, target) => {
            const { sim, t } = started("A");
            const a = t[0] as WinsockThread;
            const l = a.socket(AF_INET, SOCK_STREAM, 0);
            a.bind(l, sockaddr("127.0.0.1:0"), 16);
            a.listen(l, 5);
            setInt(a, l, SO_RCVBUF, rcvbuf);
            setInt(a, l, SO_KEEPALIVE, keepalive ? 1 : 0);
            a.ioctlsocket(l, FIONBIO, intRef(nb ? 1 : 0));
            const addr =
              target === "listener"
                ? sockaddr(`127.0.0.1:${port(a, l)}`)
                : target === "zero"
                  ? sockaddr("0.0.0.0:80")
                  : sockaddr("192.0.2.1:80");
            const c = a.socket(AF_INET, SOCK_STREAM, 0);
            a.ioctlsocket(c, FIONBIO, intRef(nb ? 1 : 0));
            const ret = a.connect(c, addr, 16);
            if (target === "zero") {
              check(lastError(a, ret)).toBe(E.WSAEADDRNOTAVAIL);
              return;
            }
            if (target === "unreachable") {
              if (nb) {
                check(lastError(a, ret)).toBe(E.WSAEWOULDBLOCK);
                check(lastError(a, a.connect(c, addr, 16))).toBe(E.WSAEALREADY);
                a.Sleep(21_000);
              } else {
                check(ret).toBe(BLOCKED);
                check(lastError(a, a.await())).toBe(E.WSAETIMEDOUT);
              }
              check(sim.state.clock).toBe(21_000);
              return;
            }
            check(lastError(a, ret)).toBe(nb ? E.WSAEWOULDBLOCK : 0);
            check(lastError(a, a.connect(c, addr, 16))).toBe(E.WSAEISCONN);
            check(lastError(a, a.connect(l, addr, 16))).toBe(E.WSAEINVAL);
            const s = a.accept(l, null, null) as number;
            const out = new Uint8Array(4);
            a.getsockopt(s, SOL_SOCKET, SO_RCVBUF, out, intRef(4));
            check(readInt32(out)).toBe(rcvbuf);
            const flag = new Uint8Array(4);
            a.getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, flag, intRef(4));
            check(readInt32(flag) !== 0).toBe(keepalive);
            const r = a.recv(s, out, 4, 0);
            if (nb) check(lastError(a, r)).toBe(E.WSAEWOULDBLOCK);
            else check(r).toBe(BLOCKED);
          },
        ),
        runs(200),
      );
    },
  );
});

describe("calls on a connection", () => {
  rule(
    ["NET-SEND", "NET-RECV"],
    "send and recv check flags, then the buffer, then the socket, in that order",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(0, 1, 2, 4, 8, 9, 10, 0x20, 0x400, 0x8000),
          fc.integer({ min: -2, max: 8 }),
          fc.boolean(),
          fc.constantFrom("connected", "fresh", "udp-unbound", "udp-bound"),
          fc.boolean(),
          (flags, len, goodBuffer, kind, nb) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            let s: number;
            if (kind === "connected") {
              const p = tcpPair(a);
              s = p.server;
              check(a.send(p.client, int32(0x01020304), 4, 0)).toBe(4);
            } else {
              s = a.socket(AF_INET, kind === "fresh" ? SOCK_STREAM : SOCK_DGRAM, 0);
              if (kind === "udp-bound") a.bind(s, sockaddr("127.0.0.1:0"), 16);
            }
            if (nb) a.ioctlsocket(s, FIONBIO, intRef(1));
            const stream = kind === "connected" || kind === "fresh";
            const buf = goodBuffer ? new Uint8Array(8) : null;
            // recv, per NET-RECV
            const r = a.recv(s, buf, len, flags);
            let want: number | "ok" | "blocked";
            if ((flags & ~(MSG_OOB | MSG_PEEK | MSG_WAITALL)) !== 0) want = E.WSAEINVAL;
            else if (!stream && (flags & (MSG_OOB | MSG_WAITALL)) !== 0) want = E.WSAEOPNOTSUPP;
            else if ((flags & MSG_WAITALL) !== 0 && (nb || (flags & (MSG_PEEK | MSG_OOB)) !== 0))
              want = E.WSAEOPNOTSUPP;
            else if (len < 0 || (len > 0 && buf === null)) want = E.WSAEFAULT;
            else if (kind === "fresh") want = E.WSAENOTCONN;
            else if (kind === "udp-unbound") want = E.WSAEINVAL;
            else if (
              kind === "udp-bound" ||
              (flags & MSG_OOB) !== 0 ||
              ((flags & MSG_WAITALL) !== 0 && len > 4)
            )
              want = nb ? E.WSAEWOULDBLOCK : "blocked";
            else want = "ok";
            if (want === "blocked") check(r).toBe(BLOCKED);
            else if (want === "ok") {
              check(r).toBe(Math.min(Math.max(len, 0), 4));
              check(a.WSAGetLastError()).toBe(0);
            } else check(lastError(a, r)).toBe(want);
            if (r === BLOCKED) return;
            // send, per NET-SEND
            const w = a.send(s, buf, len, flags);
            let sendWant: number | "ok";
            if ((flags & ~(MSG_OOB | 4)) !== 0 || (!stream && (flags & MSG_OOB) !== 0))
              sendWant = E.WSAEOPNOTSUPP;
            else if (len !== 0 && (len < 0 || buf === null)) sendWant = E.WSAEFAULT;
            else if (kind !== "connected") sendWant = E.WSAENOTCONN;
            else sendWant = "ok";
            if (sendWant === "ok") check(w).toBe(len);
            else check(lastError(a, w)).toBe(sendWant);
          },
        ),
        runs(400),
      );
    },
  );

  rule("NET-OOB", "urgent bytes are kept apart, marked, and counted as the rule says", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(-1)), { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(-1)), { maxLength: 16 }),
        (sends, inline, reads) => {
          const { t } = started("A");
          const a = t[0] as WinsockThread;
          const { client, server } = tcpPair(a);
          a.ioctlsocket(server, FIONBIO, intRef(1));
          if (inline) setInt(a, server, SO_OOBINLINE, 1);
          // Model: normal bytes with marks, urgent bytes apart (or inline).
          const normal: { byte: number; mark: boolean }[] = [];
          const urgent: number[] = [];
          let next = 1;
          for (const n of sends) {
            const byte = next++ % 256;
            const data = n === -1 ? [byte] : Array.from({ length: n }, (_, i) => (byte + i) % 256);
            if (n !== -1) next += n - 1;
            a.send(client, Uint8Array.from(data), data.length, n === -1 ? MSG_OOB : 0);
            if (n !== -1 || inline) {
              normal.push(...data.map((b) => ({ byte: b, mark: false })));
            } else {
              if (normal.length > 0) (normal[normal.length - 1] as { mark: boolean }).mark = true;
              urgent.push(data[0] as number);
            }
          }
          for (const r of reads) {
            const arg = intRef(-1);
            a.ioctlsocket(server, FIONREAD, arg);
            check(arg.value).toBe(normal.length);
            a.ioctlsocket(server, SIOCATMARK, arg);
            check(arg.value).toBe(urgent.length === 0 ? 1 : 0);
            const buf = new Uint8Array(8);
            const oob = r === -1;
            const ret = a.recv(server, buf, oob ? 1 : r, oob ? MSG_OOB : 0);
            if (oob) {
              if (inline) check(lastError(a, ret)).toBe(E.WSAEINVAL);
              else if (urgent.length === 0) check(lastError(a, ret)).toBe(E.WSAEWOULDBLOCK);
              else {
                check(ret).toBe(1);
                check(buf[0]).toBe(urgent.shift());
              }
              continue;
            }
            if (normal.length === 0) {
              check(lastError(a, ret)).toBe(E.WSAEWOULDBLOCK);
              continue;
            }
            let n = 0;
            while (n < r && n < normal.length) {
              n++;
              if ((normal[n - 1] as { mark: boolean }).mark) break;
            }
            check(ret).toBe(n);
            expect([...buf.subarray(0, n)]).toEqual(normal.splice(0, n).map((x) => x.byte));
          }
        },
      ),
      runs(300),
    );
  });

  rule(["NET-SHUTDOWN", "NET-IOCTL"], "shutdown and ioctlsocket answer as the rules say", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(-1, 0, 1, 2, 3, 0xdeadbeef),
        fc.constantFrom("connected", "fresh", "listening", "udp"),
        fc.constantFrom(FIONBIO, FIONREAD, SIOCATMARK, 0x12345678, 0x8004667d),
        fc.boolean(),
        (how, kind, cmd, nullArg) => {
          const { t } = started("A");
          const a = t[0] as WinsockThread;
          let s: number;
          let peer: number | undefined;
          if (kind === "connected") {
            const p = tcpPair(a);
            s = p.client;
            peer = p.server;
          } else {
            s = a.socket(AF_INET, kind === "udp" ? SOCK_DGRAM : SOCK_STREAM, 0);
            if (kind === "listening") {
              a.bind(s, sockaddr("127.0.0.1:0"), 16);
              a.listen(s, 1);
            }
          }
          const known = ([FIONBIO, FIONREAD, SIOCATMARK] as number[]).includes(cmd);
          const io = a.ioctlsocket(s, cmd, nullArg ? null : intRef(0));
          check(lastError(a, io)).toBe(!known ? E.WSAEOPNOTSUPP : nullArg ? E.WSAEFAULT : 0);
          const ret = a.shutdown(s, how);
          const valid = how === SD_RECEIVE || how === SD_SEND || how === 2;
          if (!valid) {
            check(lastError(a, ret)).toBe(E.WSAEINVAL);
            return;
          }
          if (kind === "fresh" || kind === "listening") {
            check(lastError(a, ret)).toBe(E.WSAENOTCONN);
            return;
          }
          check(ret).toBe(0);
          check(a.shutdown(s, how)).toBe(0);
          const buf = new Uint8Array(4);
          if (how !== SD_RECEIVE) {
            // WSAESHUTDOWN wins over every other reason to refuse: the unconnected UDP socket
            // would otherwise answer send with WSAENOTCONN, and sendto names a valid peer.
            check(lastError(a, a.send(s, buf, 4, 0))).toBe(E.WSAESHUTDOWN);
            check(lastError(a, a.sendto(s, buf, 4, 0, sockaddr("127.0.0.1:9"), 16))).toBe(
              E.WSAESHUTDOWN,
            );
          }
          if (how !== SD_SEND && kind === "connected")
            check(lastError(a, a.recv(s, buf, 4, 0))).toBe(E.WSAESHUTDOWN);
          if (peer !== undefined && how !== SD_RECEIVE) check(a.recv(peer, buf, 4, 0)).toBe(0);
        },
      ),
      runs(300),
    );
  });

  rule(
    "NET-LINGER",
    "a lingering close waits for delivery or N seconds, whichever comes first",
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }),
          fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 65_536, max: 65_600 })),
          fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 65_500, max: 65_700 })),
          fc.integer({ min: 0, max: 7000 }),
          fc.boolean(),
          (seconds, rcvbuf, size, drainAt, nb) => {
            const { sim, t } = started("A", "B");
            const [a, b] = t as [WinsockThread, WinsockThread];
            const p = tcpPair(a);
            const w = sim.process("A").createThread();
            setInt(a, p.server, SO_RCVBUF, rcvbuf);
            check(a.setsockopt(p.client, SOL_SOCKET, SO_LINGER, linger(1, seconds), 4)).toBe(0);
            const data = Uint8Array.from({ length: size }, (_, i) => i);
            check(a.send(p.client, data, size, 0)).toBe(size);
            if (nb) a.ioctlsocket(p.client, FIONBIO, intRef(1));
            // Undelivered: more than the receiver's window, max(SO_RCVBUF, 64 KiB) (NET-BUFFERS).
            const pending = size > Math.max(rcvbuf, 65_536);
            const ret = w.closesocket(p.client);
            if (!pending) {
              check(ret).toBe(0);
              return;
            }
            if (nb) {
              check(lastError(w, ret)).toBe(E.WSAEWOULDBLOCK);
              check(sim.state.sockets.size).toBe(3);
              return;
            }
            check(ret).toBe(BLOCKED);
            b.Sleep(drainAt);
            const buf = new Uint8Array(8192);
            let got = 0;
            const drained = drainAt < seconds * 1000;
            if (drained) {
              a.ioctlsocket(p.server, FIONBIO, intRef(1));
              while (got < size) got += a.recv(p.server, buf, 8192, 0) as number;
            }
            check(w.await()).toBe(0);
            check(sim.state.clock).toBe(drained ? drainAt : Math.max(drainAt, seconds * 1000));
            const r = a.recv(p.server, buf, 8192, 0);
            if (drained) check(r).toBe(0);
            else check(lastError(a, r)).toBe(E.WSAECONNRESET);
          },
        ),
        runs(200),
      );
    },
  );
});

describe("datagrams", () => {
  rule(
    ["NET-DATAGRAM", "NET-DATAGRAM-DROP", "NET-DATAGRAM-CONNECT", "NET-DATAGRAM-UNREACHABLE"],
    "datagrams arrive whole or are dropped, cut to the buffer, filtered by the peer",
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 40 }),
          fc.array(
            fc.oneof(
              fc.record({
                op: fc.constant("send" as const),
                from: fc.nat({ max: 1 }),
                len: fc.nat({ max: 20 }),
              }),
              fc.record({
                op: fc.constant("recv" as const),
                len: fc.nat({ max: 25 }),
                peek: fc.boolean(),
              }),
              fc.record({ op: fc.constant("connect" as const), to: fc.nat({ max: 2 }) }),
              fc.constant({ op: "lost" as const }),
            ),
            { maxLength: 30 },
          ),
          (rcvbuf, ops) => {
            const { t } = started("A");
            const a = t[0] as WinsockThread;
            const rx = a.socket(AF_INET, SOCK_DGRAM, 0);
            a.bind(rx, sockaddr("127.0.0.1:0"), 16);
            a.ioctlsocket(rx, FIONBIO, intRef(1));
            setInt(a, rx, SO_RCVBUF, rcvbuf);
            const rxAddr = sockaddr(`127.0.0.1:${port(a, rx)}`);
            const senders = [0, 1].map(() => {
              const s = a.socket(AF_INET, SOCK_DGRAM, 0);
              a.bind(s, sockaddr("127.0.0.1:0"), 16);
              return s;
            });
            const portOf = senders.map((s) => port(a, s));
            let queue: { from: number; data: number[] }[] = [];
            let peer: number | null = null;
            let unreachable = false;
            let next = 0;
            for (const op of ops) {
              if (op.op === "send") {
                const data = Array.from({ length: op.len }, () => next++ % 256);
                const s = senders[op.from] as number;
                check(a.sendto(s, Uint8Array.from(data), op.len, 0, rxAddr, 16)).toBe(op.len);
                const bytes = queue.reduce((n, d) => n + d.data.length, 0);
                if (peer !== null && peer !== op.from) continue;
                if (bytes > 0 && bytes + op.len > rcvbuf) continue;
                queue.push({ from: op.from, data });
              } else if (op.op === "lost") {
                // A datagram to a port nobody holds: the next receive reports it once.
                check(a.sendto(rx, int32(1), 4, 0, sockaddr("127.0.0.1:9"), 16)).toBe(4);
                unreachable = true;
              } else if (op.op === "connect") {
                if (op.to === 2) {
                  const unspec = new Uint8Array(16);
                  check(a.connect(rx, unspec, 16)).toBe(0);
                  peer = null;
                } else {
                  const addr = sockaddr(`127.0.0.1:${portOf[op.to]}`);
                  check(a.connect(rx, addr, 16)).toBe(0);
                  if (peer !== null && peer !== op.to) queue = [];
                  peer = op.to;
                }
              } else {
                const buf = new Uint8Array(op.len);
                const from = new Uint8Array(16);
                const ret = a.recvfrom(rx, buf, op.len, op.peek ? MSG_PEEK : 0, from, intRef(16));
                if (unreachable) {
                  check(lastError(a, ret)).toBe(E.WSAECONNRESET);
                  unreachable = false;
                  continue;
                }
                const first = queue[0];
                if (first === undefined) {
                  check(lastError(a, ret)).toBe(E.WSAEWOULDBLOCK);
                  continue;
                }
                const n = Math.min(op.len, first.data.length);
                expect([...buf.subarray(0, n)]).toEqual(first.data.slice(0, n));
                check(new DataView(from.buffer).getUint16(2, false)).toBe(portOf[first.from]);
                if (!op.peek) queue.shift();
                if (n < first.data.length) check(lastError(a, ret)).toBe(E.WSAEMSGSIZE);
                else check(ret).toBe(n);
              }
            }
          },
        ),
        runs(400),
      );
    },
  );
});
