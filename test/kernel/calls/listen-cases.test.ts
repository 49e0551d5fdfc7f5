/**
 * listen and accept (src/kernel/calls/listen.ts), written to kill the mutants that survived the
 * mutation run of src/kernel/calls/ (docs/mutation/calls-connect-listen.md). Each test states
 * what a Winsock program observes: how many connections a backlog admits, the errors and the
 * rules cited (every one a catalogue rule), what accept writes through addr and addrlen. The file
 * sits under test/kernel/ so that phase 2 of mutation testing (the static registration of the
 * accept attempt) runs it too.
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  INVALID_POINTER,
  INVALID_SOCKET,
  intRef,
  SOMAXCONN,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { effectiveBacklog } from "../../../src/kernel/calls/listen.js";
import {
  expectError,
  listener,
  nameOf,
  nonBlocking,
  peerOf,
  recvText,
  sendText,
  tcp,
  udp,
  world,
} from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { WSAEFAULT, WSAEINVAL, WSAEISCONN, WSAEOPNOTSUPP } = WSA_ERRORS;

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

/**
 * How many of `tries` blocking connects a listener takes at once: a connect the listener takes
 * returns 0; the first it refuses blocks (NET-CONNECT-REFUSED), in a thread of its own.
 */
function admitted(t: WinsockThread, addr: Uint8Array, tries: number): number {
  for (let i = 0; i < tries; i++) {
    const thread = t.sim.process("A").createThread();
    const ret = thread.connect(tcp(thread), addr, 16);
    if (ret === BLOCKED) return i;
    expect(ret).toBe(0);
  }
  return tries;
}

function listenerWith(t: WinsockThread, backlog: number): { s: number; addr: Uint8Array } {
  const s = tcp(t);
  expect(t.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  expect(t.listen(s, backlog)).toBe(0);
  return { s, addr: sockaddr(nameOf(t, s)) };
}

describe("the backlog (NET-LISTEN)", () => {
  it("SOMAXCONN_HINT(201), a backlog of -201, admits 201 connections and refuses the 202nd", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listenerWith(a, -201);
    expect(admitted(a, l.addr, 205)).toBe(201);
  });

  it("SOMAXCONN_HINT(5) is raised to 200", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listenerWith(a, -5);
    expect(admitted(a, l.addr, 205)).toBe(200);
  });

  it("a backlog of 0 is raised to 1: the second connection is refused", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listenerWith(a, 0);
    expect(admitted(a, l.addr, 3)).toBe(1);
  });

  it("effectiveBacklog: SOMAXCONN 200, hints clamped to [200, 65535], others to [1, 200]", () => {
    expect(effectiveBacklog(SOMAXCONN)).toBe(200);
    expect(effectiveBacklog(-1)).toBe(200);
    expect(effectiveBacklog(-300)).toBe(300);
    expect(effectiveBacklog(-70_000)).toBe(65_535);
    expect(effectiveBacklog(0)).toBe(1);
    expect(effectiveBacklog(-0)).toBe(1);
    expect(effectiveBacklog(7)).toBe(7);
    expect(effectiveBacklog(201)).toBe(200);
  });
});

describe("listen's failures cite NET-LISTEN", () => {
  it("datagram WSAEOPNOTSUPP, unbound WSAEINVAL, connected WSAEISCONN", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.listen(udp(a), 5), WSAEOPNOTSUPP);
    expectCited(a, ["NET-LISTEN"]);
    expectError(a, a.listen(tcp(a), 5), WSAEINVAL);
    expectCited(a, ["NET-LISTEN"]);
    const l = listener(a);
    const c = tcp(a);
    expect(a.connect(c, l.addr, 16)).toBe(0);
    expectError(a, a.listen(c, 5), WSAEISCONN);
    expectCited(a, ["NET-LISTEN"]);
  });
});

describe("accept (NET-ACCEPT)", () => {
  it("on a socket that is not listening: WSAEINVAL citing NET-ACCEPT", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.accept(tcp(a), null, null), WSAEINVAL);
    expectCited(a, ["NET-ACCEPT"]);
  });

  it("a NULL addr leaves addrlen alone (fact 152)", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    const len = intRef(99);
    const s = a.accept(l.s, null, len);
    expect(s).not.toBe(INVALID_SOCKET);
    expect(len.value).toBe(99);
  });

  it("a bad addr pointer with an addrlen is WSAEFAULT citing NET-ACCEPT", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    expectError(a, a.accept(l.s, INVALID_POINTER, intRef(16)), WSAEFAULT);
    expectCited(a, ["NET-ACCEPT"]);
  });

  it("a bad addrlen pointer with an addr is WSAEFAULT citing NET-ACCEPT", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    expectError(a, a.accept(l.s, new Uint8Array(16), INVALID_POINTER), WSAEFAULT);
    expectCited(a, ["NET-ACCEPT"]);
  });

  it("an addrlen smaller than a sockaddr_in is WSAEFAULT citing NET-ACCEPT, even with room", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    const len = intRef(15);
    expectError(a, a.accept(l.s, new Uint8Array(32), len), WSAEFAULT);
    expectCited(a, ["NET-ACCEPT"]);
    expect(len.value).toBe(15);
  });

  it("an addr buffer shorter than the addrlen it comes with is WSAEFAULT citing NET-ACCEPT (addr not valid memory for addrlen bytes)", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    expect(a.connect(tcp(a), l.addr, 16)).toBe(0);
    const len = intRef(16);
    expectError(a, a.accept(l.s, new Uint8Array(8), len), WSAEFAULT);
    expectCited(a, ["NET-ACCEPT"]);
    expect(len.value).toBe(16);
    // The failed call took nothing: the connection is still there for a proper accept.
    const addr = new Uint8Array(16);
    expect(a.accept(l.s, addr, len)).not.toBe(INVALID_SOCKET);
    expect(len.value).toBe(16);
  });

  it("a blocking accept that waits writes the peer's address when the connection comes", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const l = listener(a);
    const addr = new Uint8Array(16);
    const len = intRef(16);
    expect(a.accept(l.s, addr, len)).toBe(BLOCKED);
    const c = tcp(b);
    expect(b.connect(c, l.addr, 16)).toBe(0);
    const s = a.await() as number;
    expect(typeof s).toBe("number");
    expect(s).not.toBe(INVALID_SOCKET);
    expectCited(a, ["NET-ACCEPT"]);
    expect(len.value).toBe(16);
    expect(addr).toEqual(sockaddr(nameOf(b, c)));
    expect(peerOf(a, s)).toBe(nameOf(b, c));
    sendText(b, c, "hi");
    expect(recvText(a, s)).toBe("hi");
  });

  it("a non-blocking listener with nothing queued: WSAEWOULDBLOCK", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = listener(a);
    nonBlocking(a, l.s);
    expectError(a, a.accept(l.s, null, null), WSA_ERRORS.WSAEWOULDBLOCK);
  });
});
