/**
 * Properties of AF_UNIX stream sockets (the NET-UNIX-* rules of spec/rules/network.json).
 *
 * Each property derives the expected answer from the rule's statement: a model of the path
 * namespace for bind and connect, a model byte stream for delivery, and fixed tables for the
 * creation, address, option and urgent-data rules.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/afunix.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  AF_UNIX,
  FROM_PROTOCOL_INFO,
  formatSockaddr,
  INVALID_SOCKET,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  int32,
  intRef,
  kernel,
  MSG_OOB,
  Simulation,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_SNDBUF,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  WinsockThread,
  WSA_ERRORS,
  WSADATA,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`AF_UNIX properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const SIZE = 110;

function started(...names: string[]): WinsockThread[] {
  return setup(() => {
    const sim = new Simulation();
    return names.map((n) => {
      const thread = sim.createProcess(n).main;
      thread.WSAStartup(0x0202, new WSADATA());
      return thread;
    });
  });
}

function error(t: WinsockThread, ret: unknown): number {
  return ret === SOCKET_ERROR || ret === INVALID_SOCKET ? t.WSAGetLastError() : 0;
}

const unixSocket = (t: WinsockThread) => t.socket(AF_UNIX, SOCK_STREAM, 0);

/** One non-blocking recv of up to `len` bytes appended to `into`; the count, 0 if none waited. */
function readInto(t: WinsockThread, s: number, len: number, into: number[]): number {
  const buf = new Uint8Array(len);
  const n = t.recv(s, buf, len, 0);
  if (typeof n === "number" && n > 0) {
    into.push(...buf.subarray(0, n));
    return n;
  }
  check(t.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
  return 0;
}

describe("AF_UNIX sockets", () => {
  rule(
    "NET-UNIX-SOCKET",
    "only (AF_UNIX, SOCK_STREAM, 0) creates a socket; other types and protocols fail as stated",
    () => {
      const types = fc.constantFrom(0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET);
      const protocols = fc.constantFrom(0, IPPROTO_TCP, 17, 255);
      fc.assert(
        fc.property(types, protocols, (type, protocol) => {
          const [a] = started("A") as [WinsockThread];
          const s = a.socket(AF_UNIX, type, protocol);
          const expected =
            type !== 0 && type !== SOCK_STREAM
              ? E.WSAESOCKTNOSUPPORT
              : protocol !== 0
                ? E.WSAEPROTONOSUPPORT
                : 0;
          check(error(a, s)).toBe(expected);
          if (expected === 0) {
            const info = new Uint8Array(628);
            check(a.WSADuplicateSocketW(s, a.pid, info)).toBe(0);
            const decoded = kernel.decodeProtocolInfo(info, "W") as kernel.ProtocolInfo;
            check(decoded.iAddressFamily).toBe(AF_UNIX);
            check(decoded.iProtocol).toBe(0);
            check(decoded.iMaxSockAddr).toBe(SIZE);
          }
        }),
        runs(40),
      );
    },
  );

  rule(
    "NET-UNIX-ADDRESS",
    "a SOCKADDR_UN is read up to its NUL or namelen; a bad one fails as stated and binds nothing",
    () => {
      const path = fc.stringMatching(/^[a-z/.]{1,20}$/);
      const family = fc.constantFrom(AF_UNIX, AF_UNIX, 2, 23, 0);
      fc.assert(
        fc.property(path, family, fc.integer({ min: -1, max: 130 }), (p, fam, extra) => {
          const [a] = started("A") as [WinsockThread];
          const s = unixSocket(a);
          const bytes = sockaddr(`unix:${p}`);
          bytes[0] = fam;
          // namelen: anything from nothing to past the structure, around the path's own end.
          const namelen = extra < 0 ? 2 + p.length + 1 + extra : extra;
          const ret = a.bind(s, bytes, namelen);
          const readable = Math.min(namelen, SIZE) - 2;
          const expected =
            namelen < 2 || namelen > bytes.length
              ? E.WSAEFAULT
              : fam !== AF_UNIX
                ? E.WSAEAFNOSUPPORT
                : readable <= 0
                  ? E.WSAEINVAL
                  : 0;
          check(error(a, ret)).toBe(expected);
          const name = new Uint8Array(SIZE);
          const got = a.getsockname(s, name, intRef(SIZE));
          if (expected !== 0) {
            check(error(a, got)).toBe(E.WSAEINVAL);
          } else {
            check(formatSockaddr(name)).toBe(`unix:${p.slice(0, Math.min(readable, p.length))}`);
          }
        }),
        runs(200),
      );
    },
  );

  rule(
    ["NET-UNIX-BIND", "NET-UNIX-PATH-STAYS", "NET-UNIX-CONNECT", "ERR-FAILED-UNCHANGED"],
    "binds, listens, connects and closes on a few paths agree with a model of the namespace",
    () => {
      const paths = ["a", "b", "/tmp/c"];
      const op = fc.oneof(
        fc.record({ kind: fc.constant("bind" as const), s: fc.nat(3), p: fc.nat(2) }),
        fc.record({ kind: fc.constant("listen" as const), s: fc.nat(3) }),
        fc.record({ kind: fc.constant("connect" as const), s: fc.nat(3), p: fc.nat(2) }),
        fc.record({ kind: fc.constant("close" as const), s: fc.nat(3) }),
      );
      fc.assert(
        fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
          const [a, b] = started("A", "B") as [WinsockThread, WinsockThread];
          // Sockets 0 and 1 in A, 2 and 3 in B: the namespace is machine-wide.
          const owner = (i: number) => (i < 2 ? a : b);
          const socks = [0, 1, 2, 3].map((i) => unixSocket(owner(i)));
          const model = socks.map(() => ({ open: true, bound: "", state: "open" }));
          const taken = new Set<string>();
          for (const o of ops) {
            const t = owner(o.s);
            const m = model[o.s] as { open: boolean; bound: string; state: string };
            const s = socks[o.s] as number;
            if (o.kind === "bind") {
              const p = paths[o.p] as string;
              const ret = t.bind(s, sockaddr(`unix:${p}`), SIZE);
              const expected = !m.open
                ? E.WSAENOTSOCK
                : m.state !== "open" || m.bound !== ""
                  ? E.WSAEINVAL
                  : taken.has(p)
                    ? E.WSAEADDRINUSE
                    : 0;
              check(error(t, ret), `bind ${p}`).toBe(expected);
              if (expected === 0) {
                m.bound = p;
                taken.add(p);
              }
            } else if (o.kind === "listen") {
              const ret = t.listen(s, 5);
              const expected = !m.open
                ? E.WSAENOTSOCK
                : m.state === "connected"
                  ? E.WSAEISCONN
                  : m.bound === ""
                    ? E.WSAEINVAL
                    : 0;
              check(error(t, ret), "listen").toBe(expected);
              if (expected === 0) m.state = "listening";
            } else if (o.kind === "connect") {
              const p = paths[o.p] as string;
              const ret = t.connect(s, sockaddr(`unix:${p}`), SIZE);
              const listening = model.some(
                (x) => x.open && x.bound === p && x.state === "listening",
              );
              const expected = !m.open
                ? E.WSAENOTSOCK
                : m.state === "listening"
                  ? E.WSAEINVAL
                  : m.state === "connected"
                    ? E.WSAEISCONN
                    : listening
                      ? 0
                      : E.WSAECONNREFUSED;
              check(error(t, ret), `connect ${p}`).toBe(expected);
              if (expected === 0) {
                m.state = "connected";
                // An unbound client becomes unnamed: bound, but to no path.
                if (m.bound === "") m.bound = "(unnamed)";
              }
            } else {
              const ret = t.closesocket(s);
              check(error(t, ret), "close").toBe(m.open ? 0 : E.WSAENOTSOCK);
              m.open = false;
            }
          }
          // Every path bound stays taken, whatever was closed.
          const probe = unixSocket(b);
          for (const p of paths) {
            check(error(b, b.bind(probe, sockaddr(`unix:${p}`), SIZE))).toBe(
              taken.has(p) ? E.WSAEADDRINUSE : 0,
            );
            if (!taken.has(p)) break;
          }
        }),
        runs(150),
      );
    },
  );

  rule(
    ["NET-UNIX-SHARING", "NET-STREAM-ORDER", "NET-UNIX-NAMES"],
    "sends and receives through an AF_UNIX pair and a duplicate in a third process deliver every byte once, in order",
    () => {
      const step = fc.record({
        from: fc.constantFrom("client", "server", "copy"),
        size: fc.integer({ min: 0, max: 3000 }),
        read: fc.integer({ min: 1, max: 5000 }),
      });
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, bindClient) => {
          const [a, b, c] = started("A", "B", "C") as [WinsockThread, WinsockThread, WinsockThread];
          const l = unixSocket(b);
          check(b.bind(l, sockaddr("unix:srv"), SIZE)).toBe(0);
          check(b.listen(l, 1)).toBe(0);
          const client = unixSocket(a);
          if (bindClient) check(a.bind(client, sockaddr("unix:cli"), SIZE)).toBe(0);
          check(a.connect(client, sockaddr("unix:srv"), SIZE)).toBe(0);
          const server = b.accept(l, null, null) as number;
          const info = new Uint8Array(628);
          check(b.WSADuplicateSocketW(server, c.pid, info)).toBe(0);
          const FPI = FROM_PROTOCOL_INFO;
          const copy = c.WSASocketW(FPI, FPI, FPI, info, 0, 0);
          check(copy).not.toBe(INVALID_SOCKET);
          // The names follow NET-UNIX-NAMES on every descriptor of the accepted socket.
          const peer = new Uint8Array(SIZE);
          check(c.getpeername(copy, peer, intRef(SIZE))).toBe(0);
          check(formatSockaddr(peer)).toBe(bindClient ? "unix:cli" : "unix:");
          for (const t of [a, b, c]) {
            const handle = t === a ? client : t === b ? server : copy;
            check(t.ioctlsocket(handle, 0x8004667e, intRef(1))).toBe(0); // FIONBIO
          }
          // Bytes sent towards the client, and towards the server side (read by B or C).
          const sent = { toClient: [] as number[], toServer: [] as number[] };
          const got = { toClient: [] as number[], toServer: [] as number[] };
          let counter = 0;
          for (const s of steps) {
            const data = Uint8Array.from({ length: s.size }, () => counter++ & 0xff);
            const [t, h] =
              s.from === "client" ? [a, client] : s.from === "server" ? [b, server] : [c, copy];
            const dir = s.from === "client" ? "toServer" : "toClient";
            const ret = t.send(h, data, data.length, 0);
            if (ret === data.length) sent[dir].push(...data);
            else check(t.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
            // Then the opposite end reads once (the server side through either descriptor).
            const [rt, rh] =
              s.from === "client" ? (s.read % 2 === 0 ? [b, server] : [c, copy]) : [a, client];
            readInto(rt, rh, s.read, dir === "toServer" ? got.toServer : got.toClient);
          }
          // Whatever is still queued arrives on the next reads: every byte once, in order.
          while (readInto(a, client, 65536, got.toClient) > 0);
          while (readInto(c, copy, 65536, got.toServer) > 0);
          expect(got.toClient).toEqual(sent.toClient);
          expect(got.toServer).toEqual(sent.toServer);
        }),
        runs(60),
      );
    },
  );

  rule(
    ["NET-UNIX-OPTIONS", "NET-UNIX-NO-OOB"],
    "SOL_SOCKET options work, IP and TCP levels are WSAENOPROTOOPT, MSG_OOB is WSAEOPNOTSUPP",
    () => {
      const level = fc.constantFrom(SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6);
      const optname = fc.constantFrom(SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE, 1, 4);
      fc.assert(
        fc.property(level, optname, fc.boolean(), (lv, opt, oob) => {
          const [a] = started("A") as [WinsockThread];
          const s = unixSocket(a);
          const ret = a.getsockopt(s, lv, opt, new Uint8Array(4), intRef(4));
          if (lv !== SOL_SOCKET) check(error(a, ret)).toBe(E.WSAENOPROTOOPT);
          if (lv !== SOL_SOCKET) {
            check(error(a, a.setsockopt(s, lv, opt, int32(1), 4))).toBe(E.WSAENOPROTOOPT);
          }
          if (lv === SOL_SOCKET && opt !== 1 && opt !== 4) check(ret).toBe(0);
          const l = unixSocket(a);
          check(a.bind(l, sockaddr("unix:o"), SIZE)).toBe(0);
          check(a.listen(l, 1)).toBe(0);
          check(a.connect(s, sockaddr("unix:o"), SIZE)).toBe(0);
          const server = a.accept(l, null, null) as number;
          const flags = oob ? MSG_OOB : 0;
          const sent = a.send(s, new Uint8Array(3), 3, flags);
          check(error(a, sent)).toBe(oob ? E.WSAEOPNOTSUPP : 0);
          const got = a.recv(server, new Uint8Array(3), 3, flags);
          check(error(a, got)).toBe(oob ? E.WSAEOPNOTSUPP : 0);
        }),
        runs(40),
      );
    },
  );
});
