/**
 * Port bindings (src/kernel/net/ports.ts), written to kill the mutants that survived the
 * mutation run of src/kernel/net (docs/mutation/net-ports-stream.md): which listener or datagram
 * socket an address reaches (a specific address, a wildcard, another family, a dual-stack IPv6
 * wildcard), the bind conflicts of addresses that differ, the ephemeral search (a taken port
 * skipped, the wrap at 65535, exhaustion) and the binding a closed socket leaves behind.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET6,
  BLOCKED,
  INVALID_SOCKET,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  int32,
  kernel,
  SOCK_DGRAM,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
  WSAEACCES,
  WSAECONNREFUSED,
  WSAECONNRESET,
  WSAEWOULDBLOCK,
} from "../../src/index.js";
import { ephemeralPort } from "../../src/kernel/net/ports.js";
import {
  FIRST_EPHEMERAL_PORT,
  type KernelState,
  LAST_EPHEMERAL_PORT,
} from "../../src/kernel/state.js";
import { transact } from "../../src/kernel/transaction.js";
import { trieFrom, trieGet } from "../../src/kernel/trie.js";
import { RULE_IDS } from "../kernel/options/rule-ids.js";
import {
  expectError,
  nameOf,
  nonBlocking,
  recvText,
  SO_EXCLUSIVEADDRUSE,
  setInt,
  tcp,
  text,
  udp,
  world,
} from "./helpers.js";

function tcp6(t: WinsockThread, v6only?: number): number {
  const s = t.socket(AF_INET6, SOCK_STREAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  if (v6only !== undefined)
    expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, int32(v6only), 4)).toBe(0);
  return s;
}

function udp6(t: WinsockThread): number {
  const s = t.socket(AF_INET6, SOCK_DGRAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

/** A non-blocking listener bound at `addr`. */
function listenAt(t: WinsockThread, s: number, addr: string): number {
  expect(t.bind(s, sockaddr(addr), addr.startsWith("[") ? 28 : 16)).toBe(0);
  expect(t.listen(s, 5)).toBe(0);
  nonBlocking(t, s);
  return s;
}

/** Whether a connection waits in `l`'s queue: accept on the non-blocking listener. */
function accepts(t: WinsockThread, l: number): boolean {
  const s = t.accept(l, null, null);
  if (s === INVALID_SOCKET) {
    expect(t.WSAGetLastError()).toBe(WSAEWOULDBLOCK);
    return false;
  }
  return true;
}

/** A blocking connect from a new socket of `family` to `addr`: "connected" or the error. */
function connectFrom(t: WinsockThread, family: 4 | 6, addr: string): "connected" | number {
  const c = family === 4 ? tcp(t) : tcp6(t);
  const ret = t.connect(c, sockaddr(addr), family === 4 ? 16 : 28);
  if (ret === 0) return "connected";
  // Refused only after the SYN retries (NET-CONNECT-REFUSED): the connect waits, then fails.
  expect(ret).toBe(BLOCKED);
  expect(t.await()).toBe(-1);
  return t.WSAGetLastError();
}

/** The initial state with every port of `taken` bound (by a socket id nothing else uses). */
function withTaken(taken: Iterable<number>, next: number): KernelState {
  const state = kernel.initialState();
  return {
    ...state,
    ports: {
      ...state.ports,
      tcp: trieFrom([...taken].map((port): [number, readonly number[]] => [port, [999]])),
      nextEphemeral: { ...state.ports.nextEphemeral, tcp: next },
    },
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function take(state: KernelState): { port: number; state: KernelState } {
  const outcome = transact(state, (draft) => ephemeralPort(draft, "tcp"));
  if (!outcome.ok) throw new Error(`WSA error ${outcome.error}`);
  return { port: outcome.value, state: outcome.state };
}

describe("which listener a connection reaches (findListener)", () => {
  it("a listener bound to one loopback address takes no connection to another", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listenAt(a, tcp(a), "127.0.0.1:9100");
    expect(connectFrom(a, 4, "127.0.0.2:9100")).toBe(WSAECONNREFUSED);
    expect(accepts(a, l)).toBe(false);
    expect(connectFrom(a, 4, "127.0.0.1:9100")).toBe("connected");
    expect(accepts(a, l)).toBe(true);
  });

  it("a socket bound but not listening takes no connection", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(a.bind(s, sockaddr("127.0.0.1:9101"), 16)).toBe(0);
    expect(connectFrom(a, 4, "127.0.0.1:9101")).toBe(WSAECONNREFUSED);
  });

  it("a wildcard listener takes connections to every loopback address of its family", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listenAt(a, tcp(a), "0.0.0.0:9102");
    expect(connectFrom(a, 4, "127.0.0.1:9102")).toBe("connected");
    expect(connectFrom(a, 4, "127.0.0.3:9102")).toBe("connected");
    expect(accepts(a, l)).toBe(true);
    expect(accepts(a, l)).toBe(true);
    expect(accepts(a, l)).toBe(false);
  });

  it("the listener bound to the exact address wins over a wildcard, in either bind order", () => {
    const { t } = world("A");
    const a = t.A!;
    // Wildcard bound first (a plain wildcard lets a specific address join it, NET-BIND-CONFLICT).
    const wild = listenAt(a, tcp(a), "0.0.0.0:9103");
    const exact = listenAt(a, tcp(a), "127.0.0.1:9103");
    expect(connectFrom(a, 4, "127.0.0.1:9103")).toBe("connected");
    expect([accepts(a, exact), accepts(a, wild)]).toEqual([true, false]);
    expect(connectFrom(a, 4, "127.0.0.2:9103")).toBe("connected");
    expect([accepts(a, exact), accepts(a, wild)]).toEqual([false, true]);
    // Specific address bound first.
    const exact2 = listenAt(a, tcp(a), "127.0.0.1:9104");
    const wild2 = listenAt(a, tcp(a), "0.0.0.0:9104");
    expect(connectFrom(a, 4, "127.0.0.1:9104")).toBe("connected");
    expect([accepts(a, exact2), accepts(a, wild2)]).toEqual([true, false]);
  });

  it("a bound socket that does not listen is passed over for the wildcard listener", () => {
    const { t } = world("A");
    const a = t.A!;
    const wild = listenAt(a, tcp(a), "0.0.0.0:9105");
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:9105"), 16)).toBe(0);
    expect(connectFrom(a, 4, "127.0.0.1:9105")).toBe("connected");
    expect(accepts(a, wild)).toBe(true);
  });

  it("a wildcard of one family does not take the other family's connections", () => {
    const { t } = world("A");
    const a = t.A!;
    listenAt(a, tcp(a), "0.0.0.0:9106");
    expect(connectFrom(a, 6, "[::1]:9106")).toBe(WSAECONNREFUSED);
    // IPV6_V6ONLY is 1 by default: an IPv6 wildcard is not dual-stack.
    listenAt(a, tcp6(a), "[::]:9107");
    expect(connectFrom(a, 4, "127.0.0.1:9107")).toBe(WSAECONNREFUSED);
    listenAt(a, tcp6(a, 1), "[::]:9108");
    expect(connectFrom(a, 4, "127.0.0.1:9108")).toBe(WSAECONNREFUSED);
  });

  it("a dual-stack IPv6 wildcard (IPV6_V6ONLY 0) takes IPv4 connections too", () => {
    // Microsoft, "Dual-Stack Sockets for IPv6 Winsock Applications": an AF_INET6 socket with
    // IPV6_V6ONLY 0 bound to in6addr_any accepts IPv4 connections (as IPv4-mapped addresses).
    const { t } = world("A");
    const a = t.A!;
    const l = listenAt(a, tcp6(a, 0), "[::]:9109");
    expect(connectFrom(a, 4, "127.0.0.1:9109")).toBe("connected");
    expect(connectFrom(a, 6, "[::1]:9109")).toBe("connected");
    expect(accepts(a, l)).toBe(true);
    expect(accepts(a, l)).toBe(true);
  });
});

describe("which datagram socket receives (findDatagramReceiver)", () => {
  function receiver(t: WinsockThread, addr: string, s = udp(t)): number {
    expect(t.bind(s, sockaddr(addr), addr.startsWith("[") ? 28 : 16)).toBe(0);
    nonBlocking(t, s);
    return s;
  }

  it("a socket bound to one loopback address receives nothing sent to another", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = receiver(a, "127.0.0.1:9200");
    const tx = receiver(a, "127.0.0.1:0");
    expect(a.sendto(tx, text("x"), 1, 0, sockaddr("127.0.0.2:9200"), 16)).toBe(1);
    expectError(a, a.recv(rx, new Uint8Array(4), 4, 0), WSAEWOULDBLOCK);
    // Nobody receives at 127.0.0.2:9200: the port is unreachable (NET-DATAGRAM-UNREACHABLE).
    expectError(a, a.recv(tx, new Uint8Array(4), 4, 0), WSAECONNRESET);
  });

  it("the socket bound to the exact address wins over a wildcard, in either bind order", () => {
    const { t } = world("A");
    const a = t.A!;
    const tx = receiver(a, "127.0.0.1:0");
    const wild = receiver(a, "0.0.0.0:9201");
    const exact = receiver(a, "127.0.0.1:9201");
    expect(a.sendto(tx, text("e"), 1, 0, sockaddr("127.0.0.1:9201"), 16)).toBe(1);
    expect(a.sendto(tx, text("w"), 1, 0, sockaddr("127.0.0.5:9201"), 16)).toBe(1);
    expect(recvText(a, exact)).toBe("e");
    expect(recvText(a, wild)).toBe("w");
    expect(recvText(a, exact)).toBe(-1);
    expect(recvText(a, wild)).toBe(-1);
    const exact2 = receiver(a, "127.0.0.1:9202");
    const wild2 = receiver(a, "0.0.0.0:9202");
    expect(a.sendto(tx, text("e"), 1, 0, sockaddr("127.0.0.1:9202"), 16)).toBe(1);
    expect(recvText(a, exact2)).toBe("e");
    expect(recvText(a, wild2)).toBe(-1);
  });

  it("an IPv4 wildcard receives nothing sent to an IPv6 address", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = receiver(a, "0.0.0.0:9203");
    const tx = receiver(a, "[::1]:0", udp6(a));
    expect(a.sendto(tx, text("x"), 1, 0, sockaddr("[::1]:9203"), 28)).toBe(1);
    expectError(a, a.recv(rx, new Uint8Array(4), 4, 0), WSAEWOULDBLOCK);
  });
});

describe("bind conflicts between different addresses (NET-BIND-CONFLICT)", () => {
  it("an exclusive specific address denies nothing at another address of the port", () => {
    const { t } = world("A");
    const a = t.A!;
    const first = tcp(a);
    setInt(a, first, SO_EXCLUSIVEADDRUSE, 1);
    expect(a.bind(first, sockaddr("127.0.0.1:9300"), 16)).toBe(0);
    expect(a.bind(tcp(a), sockaddr("127.0.0.2:9300"), 16)).toBe(0);
  });

  it("an exclusive IPv4 wildcard does not cover IPv6 addresses", () => {
    const { t } = world("A");
    const a = t.A!;
    const first = tcp(a);
    setInt(a, first, SO_EXCLUSIVEADDRUSE, 1);
    expect(a.bind(first, sockaddr("0.0.0.0:9301"), 16)).toBe(0);
    expect(a.bind(tcp6(a), sockaddr("[::1]:9301"), 28)).toBe(0);
  });

  it("an exclusive dual-stack wildcard covers IPv4 addresses; an IPv6-only one does not", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const dual = tcp6(a, 0);
    setInt(a, dual, SO_EXCLUSIVEADDRUSE, 1);
    expect(a.bind(dual, sockaddr("[::]:9302"), 28)).toBe(0);
    expectError(a, a.bind(tcp(a), sockaddr("127.0.0.1:9302"), 16), WSAEACCES);
    expect(sim.last!.rules).toContain("NET-BIND-CONFLICT");
    expect(sim.last!.rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
    const only = tcp6(a, 1);
    setInt(a, only, SO_EXCLUSIVEADDRUSE, 1);
    expect(a.bind(only, sockaddr("[::]:9303"), 28)).toBe(0);
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:9303"), 16)).toBe(0);
  });

  it("a later exclusive dual-stack wildcard is denied by a specific IPv4 address", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:9304"), 16)).toBe(0);
    const dual = tcp6(a, 0);
    setInt(a, dual, SO_EXCLUSIVEADDRUSE, 1);
    expectError(a, a.bind(dual, sockaddr("[::]:9304"), 28), WSA_ERRORS.WSAEADDRINUSE);
  });
});

describe("ephemeral ports (NET-EPHEMERAL)", () => {
  it("port 0 skips a dynamic port bound explicitly", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:49152"), 16)).toBe(0);
    const s = tcp(a);
    expect(a.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expect(nameOf(a, s)).toBe("127.0.0.1:49153");
  });

  it("wraps from 65535 to 49152", () => {
    const first = take(withTaken([], LAST_EPHEMERAL_PORT));
    expect(first.port).toBe(65535);
    expect(first.state.ports.nextEphemeral.tcp).toBe(FIRST_EPHEMERAL_PORT);
    expect(take(first.state).port).toBe(49152);
  });

  it("searches the whole range: the last free port is found however far back it is", () => {
    // Every port taken but 65535, the search starting at 49152: 65535 is the last it tries.
    const state = withTaken(range(FIRST_EPHEMERAL_PORT, LAST_EPHEMERAL_PORT - 1), 49152);
    expect(take(state).port).toBe(65535);
    // Every port taken but 50000, the search starting just after it.
    const around = withTaken(
      range(FIRST_EPHEMERAL_PORT, LAST_EPHEMERAL_PORT).filter((p) => p !== 50000),
      50001,
    );
    expect(take(around).port).toBe(50000);
  });

  it("every port taken: WSAENOBUFS, citing NET-EPHEMERAL", () => {
    const state = withTaken(range(FIRST_EPHEMERAL_PORT, LAST_EPHEMERAL_PORT), 60000);
    const outcome = transact(state, (draft) => ephemeralPort(draft, "tcp"));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBe(WSA_ERRORS.WSAENOBUFS);
    expect(outcome.rules).toEqual(["NET-EPHEMERAL"]);
  });
});

describe("the binding a socket leaves when it goes (releasePort)", () => {
  it("closing the only socket on a port removes the port from the table", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(a.bind(s, sockaddr("127.0.0.1:9400"), 16)).toBe(0);
    expect(trieGet(sim.state.ports.tcp, 9400)).toHaveLength(1);
    expect(a.closesocket(s)).toBe(0);
    expect(trieGet(sim.state.ports.tcp, 9400)).toBeUndefined();
  });

  it("closing one of two sockets on a port leaves the other's binding alone", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const wild = tcp(a);
    const exact = tcp(a);
    expect(a.bind(wild, sockaddr("0.0.0.0:9401"), 16)).toBe(0);
    expect(a.bind(exact, sockaddr("127.0.0.1:9401"), 16)).toBe(0);
    const before = trieGet(sim.state.ports.tcp, 9401);
    expect(before).toHaveLength(2);
    expect(a.closesocket(wild)).toBe(0);
    expect(trieGet(sim.state.ports.tcp, 9401)).toEqual([before![1]]);
  });

  it("an ephemeral port comes round again once its socket is gone", () => {
    // The same search as above, on the state a close left: the freed port is free again.
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(a.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expect(nameOf(a, s)).toBe("127.0.0.1:49152");
    expect(a.closesocket(s)).toBe(0);
    const state: KernelState = {
      ...sim.state,
      ports: {
        ...sim.state.ports,
        nextEphemeral: { ...sim.state.ports.nextEphemeral, tcp: FIRST_EPHEMERAL_PORT },
      },
    };
    expect(take(state).port).toBe(49152);
  });
});
