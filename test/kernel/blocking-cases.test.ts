/**
 * Blocking, waking and the virtual clock (src/kernel/blocking.ts), written to kill the mutants
 * that survived the mutation run of the top-level kernel files (docs/mutation/top-blocking.md).
 * Most tests go through the facade and state what a Winsock program observes: the value a
 * finished call returns, its last error, the rules it cites, whether the thread stays blocked.
 * Three check the kernel invariants blocking.ts throws on, which no sequence of Winsock calls
 * reaches: they build the inconsistent state by hand. The file sits under test/kernel/ so that
 * phase 2 of mutation testing (code run while modules load, such as BLOCKED) runs it too.
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  type Blocked,
  int32,
  kernel,
  SO_RCVTIMEO,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../src/index.js";
import {
  ANY_SOCKET,
  blockOn,
  complete,
  Rewait,
  registerAttempt,
  wake,
} from "../../src/kernel/blocking.js";
import type { KernelState, SocketId } from "../../src/kernel/state.js";
import { transact } from "../../src/kernel/transaction.js";
import { trieGet } from "../../src/kernel/trie.js";
import {
  decode,
  finished,
  nameOf,
  nonBlocking,
  pair,
  sendText,
  socketOf,
  text,
  udp,
  world,
} from "../net/helpers.js";
import { RULE_IDS } from "./options/rule-ids.js";

const E = WSA_ERRORS;

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

describe("blocking calls through the facade", () => {
  it("BLOCKED is the frozen value its exported type names, { blocked: true }", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(a, b);
    const r: number | Blocked = b.recv(server, new Uint8Array(4), 4, 0);
    expect(r).toBe(BLOCKED);
    // A program may test `r.blocked` rather than compare with BLOCKED: the type promises true.
    expect((r as Blocked).blocked).toBe(true);
    expect(Object.isFrozen(r)).toBe(true);
  });

  it("a non-blocking socket's WSAEWOULDBLOCK cites NET-BLOCKING", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(a, b);
    nonBlocking(b, server);
    expect(b.recv(server, new Uint8Array(4), 4, 0)).toBe(SOCKET_ERROR);
    expect(b.WSAGetLastError()).toBe(E.WSAEWOULDBLOCK);
    expectCited(b, ["NET-BLOCKING"]);
  });

  it("a receive whose SO_RCVTIMEO expires fails with WSAETIMEDOUT citing NET-TIMEOUT", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { server } = pair(a, b);
    expect(b.setsockopt(server, SOL_SOCKET, SO_RCVTIMEO, int32(300), 4)).toBe(0);
    const start = sim.state.clock;
    expect(b.recv(server, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expect(b.await()).toBe(SOCKET_ERROR);
    expect(b.WSAGetLastError()).toBe(E.WSAETIMEDOUT);
    expect(sim.state.clock).toBe(start + 300);
    expectCited(b, ["NET-TIMEOUT"]);
  });

  it("a finished call's result is handed back once: the next blocking call waits anew", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    const buf = new Uint8Array(8);
    expect(b.recv(server, buf, 8, 0)).toBe(BLOCKED);
    sendText(a, client, "hi");
    expect(b.await()).toBe(2);
    // Nothing more to read and no timer: the second receive stays blocked (NET-BLOCKING) ...
    expect(b.recv(server, buf, 8, 0)).toBe(BLOCKED);
    expect(b.await()).toBe(BLOCKED);
    expect(finished(b)).toBe(false);
    // ... until data comes, and then returns that data, not the first call's result again.
    sendText(a, client, "abc");
    expect(b.await()).toBe(3);
    expect(decode(buf.subarray(0, 3))).toBe("abc");
  });

  it("a blocked recvfrom woken by a datagram too large for its buffer: WSAEMSGSIZE, buffer filled, datagram consumed", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const sender = sim.process("A").createThread();
    const rx = udp(a);
    expect(a.bind(rx, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    const addr = sockaddr(nameOf(a, rx));
    const tx = udp(sender);
    const buf = new Uint8Array(6);
    expect(a.recv(rx, buf, 6, 0)).toBe(BLOCKED);
    expect(sender.sendto(tx, text("123456789"), 9, 0, addr, 16)).toBe(9);
    // The wait ended when the datagram came, before any await.
    expect(finished(a)).toBe(true);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(E.WSAEMSGSIZE);
    expectCited(a, ["NET-DATAGRAM"]);
    expect(decode(buf)).toBe("123456");
    // The rest of the datagram is lost (NET-DATAGRAM): the next receive gets the next datagram.
    expect(sender.sendto(tx, text("next"), 4, 0, addr, 16)).toBe(4);
    const big = new Uint8Array(10);
    expect(a.recv(rx, big, 10, 0)).toBe(4);
    expect(decode(big.subarray(0, 4))).toBe("next");
  });
});

describe("kernel invariants of blocking.ts (states no Winsock call makes)", () => {
  it("completing a thread that is not blocked throws the kernel invariant", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(() =>
      transact(a.sim.state, (draft) =>
        complete(draft, a.ctx, { ok: true, value: 0, error: 0, rules: [] }),
      ),
    ).toThrow(/^kernel invariant: completing a thread that is not blocked$/);
  });

  it("waking a blocked call that registered no attempt throws the kernel invariant", () => {
    const { t } = world("A");
    const a = t.A!;
    const before = a.sim.state;
    udp(a);
    const after = transact(a.sim.state, (draft) =>
      blockOn(draft, a.ctx, "no-such-call", ANY_SOCKET, null, 0),
    ).state;
    expect(() => wake(before, after)).toThrow(/^kernel invariant: no attempt for no-such-call$/);
  });

  it("a wait that changes what it waits on every round is stopped by the bound, with the kernel invariant", () => {
    // An attempt no real call has: each try rewrites its own socket and keeps waiting, so every
    // round changes the state and wakes it again. wake must give up rather than loop for ever.
    let tries = 0;
    registerAttempt<null>("test-endless", (draft, _ctx, id) => {
      tries += 1;
      // Far beyond wake's bound: only a wake that never stops gets here.
      if (tries > 30_000) throw new Error("wake did not stop");
      const socket = trieGet(draft.sockets as KernelState["sockets"], id)!;
      (socket as { options: unknown }).options = { ...socket.options };
      return new Rewait(null);
    });
    const { t } = world("A");
    const a = t.A!;
    const before = a.sim.state;
    const s = udp(a);
    const id: SocketId = socketOf(a, s).id;
    const after = transact(a.sim.state, (draft) =>
      blockOn(draft, a.ctx, "test-endless", id, null, 0),
    ).state;
    expect(() => wake(before, after)).toThrow(
      /^kernel invariant: blocked calls kept completing without end$/,
    );
    expect(tries).toBeGreaterThan(1);
    expect(kernel.findProcess(after, a.pid)?.threads[a.tid]?.pending?.call).toBe("test-endless");
  });
});
