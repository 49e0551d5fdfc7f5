/**
 * connect (src/kernel/calls/connect.ts), written to kill the mutants that survived the mutation
 * run of src/kernel/calls/ (docs/mutation/calls-connect-listen.md). Each test states what a
 * Winsock program observes: return values, last errors, the addresses getsockname and getpeername
 * give, what a datagram socket still holds, and the rules the call cites (every one a catalogue
 * rule). The file sits under test/kernel/ so that phase 2 of mutation testing (the static
 * registrations of the connect timer and attempt) runs it too.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET6,
  AF_UNSPEC,
  BLOCKED,
  INVALID_POINTER,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  int32,
  intRef,
  SO_RCVTIMEO,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import {
  expectError,
  fionread,
  getInt,
  listener,
  nameOf,
  nonBlocking,
  peerOf,
  SO_ERROR,
  setInt,
  tcp,
  text,
  udp,
  world,
} from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const {
  WSAEADDRNOTAVAIL,
  WSAEALREADY,
  WSAECONNREFUSED,
  WSAEFAULT,
  WSAEINVAL,
  WSAEISCONN,
  WSAENOTCONN,
  WSAETIMEDOUT,
  WSAEWOULDBLOCK,
} = WSA_ERRORS;

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

/** A UDP socket bound to `host` and its address. */
function boundUdp(t: WinsockThread, host = "127.0.0.1:0"): { s: number; addr: Uint8Array } {
  const s = udp(t);
  expect(t.bind(s, sockaddr(host), 16)).toBe(0);
  return { s, addr: sockaddr(nameOf(t, s)) };
}

/** The phase the state view shows for descriptor `s` of `t`'s process (docs/state-view.md). */
function phaseOf(t: WinsockThread, s: number): string | undefined {
  const view = t.sim.view();
  const process = view.processes.find((p) => p.pid === t.pid);
  const handle = process?.handles.find((h) => h.value === s);
  const id = handle?.kind === "socket" ? handle.socket : undefined;
  const socket = view.sockets.find((x) => x.id === id);
  return socket?.phase;
}

describe("stream connect failures cite NET-CONNECT / NET-SOCKADDR", () => {
  it("a short address is WSAEFAULT citing NET-SOCKADDR", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.connect(tcp(a), sockaddr("127.0.0.1:80"), 8), WSAEFAULT);
    expectCited(a, ["NET-SOCKADDR"]);
  });

  it("on a listener WSAEINVAL, connected WSAEISCONN, in progress WSAEALREADY: NET-CONNECT", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expectError(a, a.connect(l.s, l.addr, 16), WSAEINVAL);
    expectCited(a, ["NET-CONNECT"]);
    const c = tcp(a);
    expect(a.connect(c, l.addr, 16)).toBe(0);
    expectError(a, a.connect(c, l.addr, 16), WSAEISCONN);
    expectCited(a, ["NET-CONNECT"]);
    const p = tcp(a);
    nonBlocking(a, p);
    expectError(a, a.connect(p, sockaddr("192.0.2.1:80"), 16), WSAEWOULDBLOCK);
    expectCited(a, ["NET-CONNECT"]);
    expectError(a, a.connect(p, sockaddr("192.0.2.1:80"), 16), WSAEALREADY);
    expectCited(a, ["NET-CONNECT"]);
  });

  it("the wildcard address or port 0 is WSAEADDRNOTAVAIL citing NET-CONNECT", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.connect(tcp(a), sockaddr("127.0.0.1:0"), 16), WSAEADDRNOTAVAIL);
    expectCited(a, ["NET-CONNECT"]);
    expectError(a, a.connect(tcp(a), sockaddr("0.0.0.0:80"), 16), WSAEADDRNOTAVAIL);
    expectCited(a, ["NET-CONNECT"]);
  });
});

describe("refused and timed-out connects (NET-CONNECT-REFUSED, NET-CONNECT)", () => {
  it("a refused non-blocking connect cites NET-CONNECT-REFUSED and NET-CONNECT", () => {
    const { t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    nonBlocking(a, c);
    expectError(a, a.connect(c, sockaddr("127.0.0.1:9"), 16), WSAEWOULDBLOCK);
    expectCited(a, ["NET-CONNECT-REFUSED", "NET-CONNECT"]);
  });

  it("a blocking connect refused: BLOCKED, then WSAECONNREFUSED after 2 s citing NET-CONNECT", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const c = tcp(a);
    expect(a.connect(c, sockaddr("127.0.0.1:9"), 16)).toBe(BLOCKED);
    expectCited(a, ["NET-CONNECT-REFUSED", "NET-BLOCKING"]);
    expectError(a, a.await(), WSAECONNREFUSED);
    expectCited(a, ["NET-CONNECT"]);
    expect(sim.state.clock).toBe(2000);
    expect(getInt(a, c, SO_ERROR)).toBe(0);
  });

  it("a blocking connect to an address off this machine: WSAETIMEDOUT after 21 s", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    expect(a.connect(tcp(a), sockaddr("192.0.2.1:80"), 16)).toBe(BLOCKED);
    expectError(a, a.await(), WSAETIMEDOUT);
    expectCited(a, ["NET-CONNECT"]);
    expect(sim.state.clock).toBe(21_000);
  });

  it("connect timers do not disturb another thread's receive timeout (NET-BLOCKING)", () => {
    // Two connects in progress while a receive with SO_RCVTIMEO waits: each wait and timer keeps
    // its own identity, so the receive still times out at 5 s and each connect fails on time.
    const { sim, t } = world("A");
    const a = t.A!;
    const worker = sim.process("A").createThread();
    const rx = boundUdp(a);
    setInt(a, rx.s, SO_RCVTIMEO, 5000);
    expect(worker.recv(rx.s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    const c1 = tcp(a);
    const c2 = tcp(a);
    nonBlocking(a, c1);
    nonBlocking(a, c2);
    expectError(a, a.connect(c1, sockaddr("127.0.0.1:9"), 16), WSAEWOULDBLOCK);
    expectError(a, a.connect(c2, sockaddr("127.0.0.1:9"), 16), WSAEWOULDBLOCK);
    a.Sleep(2000);
    expect(getInt(a, c1, SO_ERROR)).toBe(WSAECONNREFUSED);
    expect(getInt(a, c2, SO_ERROR)).toBe(WSAECONNREFUSED);
    expectError(worker, worker.await(), WSAETIMEDOUT);
    expect(sim.state.clock).toBe(5000);
  });
});

describe("the source address of a connection (NET-CONNECT)", () => {
  it("a client bound to 127.0.0.5 speaks from 127.0.0.5, not from 127.0.0.1", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    const c = tcp(a);
    expect(a.bind(c, sockaddr("127.0.0.5:0"), 16)).toBe(0);
    expect(a.connect(c, l.addr, 16)).toBe(0);
    expect(nameOf(a, c)).toMatch(/^127\.0\.0\.5:/);
    const s = a.accept(l.s, null, null) as number;
    expect(peerOf(a, s)).toBe(nameOf(a, c));
  });
});

describe("datagram connect (NET-DATAGRAM-CONNECT)", () => {
  it("a NULL or bad address is WSAEFAULT citing NET-SOCKADDR", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    expectError(a, a.connect(u, null, 16), WSAEFAULT);
    expectCited(a, ["NET-SOCKADDR"]);
    expectError(a, a.connect(u, INVALID_POINTER, 16), WSAEFAULT);
    expectCited(a, ["NET-SOCKADDR"]);
    expectError(a, a.connect(u, sockaddr("127.0.0.1:80"), 8), WSAEFAULT);
    expectCited(a, ["NET-SOCKADDR"]);
  });

  it("0.0.0.0 port 0 dissolves the association; 0.0.0.0 with a port is WSAEADDRNOTAVAIL", () => {
    const { t } = world("A");
    const a = t.A!;
    const peer = boundUdp(a);
    const u = udp(a);
    expect(a.connect(u, peer.addr, 16)).toBe(0);
    expect(phaseOf(a, u)).toBe("connected");
    expectError(a, a.connect(u, sockaddr("0.0.0.0:5"), 16), WSAEADDRNOTAVAIL);
    expectCited(a, ["NET-DATAGRAM-CONNECT"]);
    // The failed connect left the peer in place.
    expect(peerOf(a, u)).toBe(nameOf(a, peer.s));
    expect(a.connect(u, sockaddr("0.0.0.0:0"), 16)).toBe(0);
    expectCited(a, ["NET-DATAGRAM-CONNECT"]);
    expectError(a, a.getpeername(u, new Uint8Array(16), intRef(16)), WSAENOTCONN);
    expectError(a, a.send(u, text("x"), 1, 0), WSAENOTCONN);
    expect(phaseOf(a, u)).toBe("open");
  });

  it("AF_UNSPEC dissolves it too, and the socket shows as open again", () => {
    const { t } = world("A");
    const a = t.A!;
    const peer = boundUdp(a);
    const u = udp(a);
    expect(a.connect(u, peer.addr, 16)).toBe(0);
    const unspec = new Uint8Array(16);
    unspec[0] = AF_UNSPEC;
    expect(a.connect(u, unspec, 16)).toBe(0);
    expect(phaseOf(a, u)).toBe("open");
    expectError(a, a.getpeername(u, new Uint8Array(16), intRef(16)), WSAENOTCONN);
  });

  it("127.0.0.1 port 0 is a peer (fact 49), not a dissolution", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    expect(a.connect(u, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expect(peerOf(a, u)).toBe("127.0.0.1:0");
    expect(phaseOf(a, u)).toBe("connected");
  });

  it("a peer at another address on the same port discards what the old peer sent", () => {
    const { t } = world("A");
    const a = t.A!;
    const me = boundUdp(a);
    const old = boundUdp(a);
    const port = nameOf(a, old.s).split(":")[1];
    expect(a.connect(me.s, old.addr, 16)).toBe(0);
    expect(a.sendto(old.s, text("old"), 3, 0, me.addr, 16)).toBe(3);
    expect(fionread(a, me.s)).toBe(3);
    expect(a.connect(me.s, sockaddr(`127.0.0.9:${port}`), 16)).toBe(0);
    expect(fionread(a, me.s)).toBe(0);
  });

  it("connecting again to the same peer replaces nothing: its datagrams stay", () => {
    const { t } = world("A");
    const a = t.A!;
    const me = boundUdp(a);
    const peer = boundUdp(a);
    expect(a.connect(me.s, peer.addr, 16)).toBe(0);
    expect(a.sendto(peer.s, text("kept"), 4, 0, me.addr, 16)).toBe(4);
    expect(a.connect(me.s, peer.addr, 16)).toBe(0);
    expect(fionread(a, me.s)).toBe(4);
  });
});

describe("a connection between an IPv4 end and a dual-stack end cites NET-DUAL-STACK-NAMES", () => {
  /** A stream socket: AF_INET when `v6only` is undefined, else AF_INET6 with that IPV6_V6ONLY. */
  function stream(t: WinsockThread, v6only: number | undefined): number {
    if (v6only === undefined) return tcp(t);
    const s = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, int32(v6only), 4)).toBe(0);
    return s;
  }
  const len = (v6only: number | undefined) => (v6only === undefined ? 16 : 28);

  // [listener's IPV6_V6ONLY (undefined: AF_INET), its address, client's, the target]
  const cases: [number | undefined, string, number | undefined, string][] = [
    [0, "[::]:9400", undefined, "127.0.0.1:9400"],
    [undefined, "127.0.0.1:9401", 0, "[::ffff:127.0.0.1]:9401"],
    [0, "[::]:9402", 0, "[::ffff:127.0.0.1]:9402"],
  ];
  for (const [lv6, at, cv6, target] of cases) {
    const who = (v6: number | undefined) => (v6 === undefined ? "an IPv4" : "a dual-stack");
    it(`${who(cv6)} client of ${who(lv6)} listener at ${target}`, () => {
      const { t } = world("A");
      const a = t.A!;
      const l = stream(a, lv6);
      expect(a.bind(l, sockaddr(at), len(lv6))).toBe(0);
      expect(a.listen(l, 5)).toBe(0);
      expect(a.connect(stream(a, cv6), sockaddr(target), len(cv6))).toBe(0);
      expectCited(a, ["NET-CONNECT", "NET-DUAL-STACK-NAMES"]);
    });
  }
});
