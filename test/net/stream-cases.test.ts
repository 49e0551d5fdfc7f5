/**
 * Stream connections and byte queues (src/kernel/net/stream.ts, src/kernel/net/queues.ts),
 * written to kill the mutants that survived the mutation run of src/kernel/net
 * (docs/mutation/net-ports-stream.md): urgent bytes and the receive window, the mark a normal
 * read stops at, the FIN behind queued bytes, FD_WRITE once per WSAEWOULDBLOCK, the rules the
 * closes and resets cite, what a socket that goes leaves in its peer and in the timers, the
 * datagram queue's byte count, and the kernel invariants of the stream functions.
 */
import type { Draft } from "immer";
import { describe, expect, it } from "vitest";
import {
  FD_CLOSE,
  FD_WRITE,
  MSG_OOB,
  SD_SEND,
  sockaddr,
  type WinsockThread,
  WSAETIMEDOUT,
  WSAEWOULDBLOCK,
} from "../../src/index.js";
import {
  destroySocket,
  editConnection,
  getSocket,
  pump,
  reapOrphan,
  resetPeer,
  spaceFreed,
} from "../../src/kernel/net/stream.js";
import type { KernelState, SocketRecord } from "../../src/kernel/state.js";
import { Citations, transact } from "../../src/kernel/transaction.js";
import { Edit } from "../../src/kernel/writer.js";
import { Watch } from "../events/helpers.js";
import { RULE_IDS } from "../kernel/options/rule-ids.js";
import {
  expectError,
  fionread,
  getInt,
  nameOf,
  nonBlocking,
  pair,
  recvText,
  SO_ERROR,
  SO_OOBINLINE,
  SO_RCVBUF,
  sendText,
  setInt,
  setLinger,
  socketOf,
  tcp,
  text,
  udp,
  WINDOW,
  world,
} from "./helpers.js";

/** The rules the last call cited: every one a rule of the catalogue. */
function cited(sim: { last?: { rules: readonly string[] } }): readonly string[] {
  const rules = sim.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

/** Reads `n` bytes from `s` in reads of at most 4096, each as much as recv gives. */
function drain(t: WinsockThread, s: number, n: number): string {
  let all = "";
  for (let i = 0; i < 1000 && all.length < n; i++) {
    const got = recvText(t, s, Math.min(4096, n - all.length));
    if (typeof got !== "string" || got === "") break;
    all += got;
  }
  return all;
}

/**
 * With the window full, "A" x 10, an urgent "U" and "B" x 100 wait in the sender's queue; then
 * the receiver reads 110 bytes, which opens the window by 110. Returns the thread and receiver.
 */
function urgentBehindFullWindow(inline: boolean): { a: WinsockThread; client: number } {
  const { t } = world("A");
  const a = t.A!;
  const { client, server } = pair(a);
  nonBlocking(a, client);
  if (inline) setInt(a, client, SO_OOBINLINE, 1);
  sendText(a, server, ".".repeat(WINDOW));
  sendText(a, server, "A".repeat(10));
  sendText(a, server, "U", MSG_OOB);
  sendText(a, server, "B".repeat(100));
  expect(recvText(a, client, 110)).toBe(".".repeat(110));
  return { a, client };
}

describe("urgent bytes and the receive window (NET-OOB, NET-BUFFERS)", () => {
  it("SO_OOBINLINE off: an urgent byte arrives even when the window is full", () => {
    // It waits apart for recv(MSG_OOB) and is not counted by FIONREAD (NET-OOB), so the window,
    // which holds normal unread bytes (NET-BUFFERS), does not hold it back.
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    nonBlocking(a, client);
    sendText(a, server, ".".repeat(WINDOW));
    expect(fionread(a, client)).toBe(WINDOW);
    sendText(a, server, "u", MSG_OOB);
    expect(cited(sim)).toContain("NET-OOB");
    expect(recvText(a, client, 1, MSG_OOB)).toBe("u");
    expect(fionread(a, client)).toBe(WINDOW);
  });

  it("SO_OOBINLINE on: the urgent byte is normal data and waits for the window", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    nonBlocking(a, client);
    setInt(a, client, SO_OOBINLINE, 1);
    sendText(a, server, ".".repeat(WINDOW));
    sendText(a, server, "u", MSG_OOB);
    expect(fionread(a, client)).toBe(WINDOW);
    expect(drain(a, client, WINDOW + 1)).toBe(`${".".repeat(WINDOW)}u`);
  });

  it("SO_OOBINLINE off: the urgent byte takes no room in the window", () => {
    // 110 bytes of room: the 10 A's and the 100 B's; "U" waits apart.
    const { a, client } = urgentBehindFullWindow(false);
    expect(fionread(a, client)).toBe(WINDOW);
    expect(recvText(a, client, 1, MSG_OOB)).toBe("U");
  });

  it("SO_OOBINLINE on: the urgent byte takes one byte of the window, and the last B waits", () => {
    // 110 bytes of room: 10 A's, "U", 99 B's.
    const { a, client } = urgentBehindFullWindow(true);
    expect(fionread(a, client)).toBe(WINDOW);
    const all = drain(a, client, WINDOW);
    expect(all.slice(-110)).toBe(`${"A".repeat(10)}U${"B".repeat(99)}`);
    expect(recvText(a, client, 10)).toBe("B");
  });

  it("SO_OOBINLINE off: a normal read stops at the mark of an urgent byte", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    nonBlocking(a, client);
    sendText(a, server, "abc");
    sendText(a, server, "x", MSG_OOB);
    sendText(a, server, "def");
    expect(recvText(a, client, 10)).toBe("abc");
    expect(recvText(a, client, 10)).toBe("def");
    expect(recvText(a, client, 1, MSG_OOB)).toBe("x");
  });
});

describe("the FIN behind queued bytes (NET-FIN)", () => {
  it("shutdown(SD_SEND) sends the FIN at once when nothing waits, citing NET-FIN", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.shutdown(server, SD_SEND)).toBe(0);
    expect(cited(sim)).toContain("NET-FIN");
    expect(recvText(a, client)).toBe("");
  });

  it("with bytes waiting for the window, FD_CLOSE comes only after the last of them", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const watch = new Watch(a, client, "event");
    watch.select(FD_CLOSE);
    watch.nothing();
    sendText(a, server, ".".repeat(WINDOW));
    sendText(a, server, "tail");
    expect(a.shutdown(server, SD_SEND)).toBe(0);
    watch.nothing();
    expect(drain(a, client, WINDOW)).toBe(".".repeat(WINDOW));
    // The read that opened the window moved "tail", and the FIN behind it.
    watch.expect([FD_CLOSE]);
    expect(recvText(a, client)).toBe("tail");
    expect(recvText(a, client)).toBe("");
  });
});

describe("FD_WRITE after WSAEWOULDBLOCK (EVT-WRITE)", () => {
  it("is recorded once when space frees, not again at the next read without a refused send", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const watch = new Watch(a, server, "event");
    watch.select(FD_WRITE);
    watch.expect([FD_WRITE]);
    // Fill the peer's window, then the send queue, until a send is refused.
    sendText(a, server, ".".repeat(WINDOW));
    sendText(a, server, ".".repeat(WINDOW));
    expectError(a, a.send(server, text("x"), 1, 0), WSAEWOULDBLOCK);
    watch.nothing();
    expect(drain(a, client, WINDOW)).toBe(".".repeat(WINDOW));
    watch.expect([FD_WRITE]);
    // A send that succeeds re-enables FD_WRITE; a read that frees space again records nothing.
    sendText(a, server, "y");
    expect(drain(a, client, WINDOW)).toBe(".".repeat(WINDOW));
    watch.nothing();
  });
});

describe("the rules a last close cites (NET-LAST-CLOSE)", () => {
  it("graceful: NET-GRACEFUL; abortive: NET-ABORTIVE-CLOSE and NET-RESET", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const one = pair(a);
    expect(a.closesocket(one.client)).toBe(0);
    expect(cited(sim)).toContain("NET-GRACEFUL");
    expect(cited(sim)).not.toContain("NET-ABORTIVE-CLOSE");
    const two = pair(a);
    setLinger(a, two.client, 1, 0);
    expect(a.closesocket(two.client)).toBe(0);
    expect(cited(sim)).toEqual(expect.arrayContaining(["NET-ABORTIVE-CLOSE", "NET-RESET"]));
    expect(cited(sim)).not.toContain("NET-GRACEFUL");
  });

  it("a connection whose peer was reset: the close is neither graceful nor abortive", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, client, 1, 0);
    expect(a.closesocket(client)).toBe(0);
    expect(a.closesocket(server)).toBe(0);
    const rules = cited(sim);
    expect(rules).toContain("LIFE-LAST-CLOSE");
    for (const rule of ["NET-GRACEFUL", "NET-ABORTIVE-CLOSE", "NET-RESET"])
      expect(rules).not.toContain(rule);
  });

  it("a connection whose peer closed gracefully and is gone: no peer left, nothing sent", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const serverId = socketOf(a, server).id;
    const clientId = socketOf(a, client).id;
    expect(a.closesocket(client)).toBe(0);
    // The client is gone: the view shows no socket at the other end of the server's connection.
    expect(sim.view().sockets.some((s) => s.id === clientId)).toBe(false);
    expect(sim.view().sockets.find((s) => s.id === serverId)?.peerSocket).toBeNull();
    expect(recvText(a, server)).toBe("");
    expect(a.closesocket(server)).toBe(0);
    for (const rule of ["NET-GRACEFUL", "NET-ABORTIVE-CLOSE", "NET-RESET"])
      expect(cited(sim)).not.toContain(rule);
  });

  it("closing a connected datagram socket frees its port", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    expect(a.bind(u, sockaddr("127.0.0.1:9500"), 16)).toBe(0);
    expect(a.connect(u, sockaddr("127.0.0.1:9501"), 16)).toBe(0);
    expect(a.closesocket(u)).toBe(0);
    const again = udp(a);
    expect(a.bind(again, sockaddr("127.0.0.1:9500"), 16)).toBe(0);
    expect(nameOf(a, again)).toBe("127.0.0.1:9500");
  });
});

describe("the timers a socket that goes takes with it (NET-CLOCK)", () => {
  it("closing one connecting socket leaves another's connect to time out", () => {
    const { t } = world("A");
    const a = t.A!;
    const gone = tcp(a);
    const kept = tcp(a);
    nonBlocking(a, gone);
    nonBlocking(a, kept);
    expectError(a, a.connect(gone, sockaddr("192.0.2.1:80"), 16), WSAEWOULDBLOCK);
    expectError(a, a.connect(kept, sockaddr("192.0.2.2:80"), 16), WSAEWOULDBLOCK);
    expect(a.closesocket(gone)).toBe(0);
    a.Sleep(21_000);
    expect(getInt(a, kept, SO_ERROR)).toBe(WSAETIMEDOUT);
  });
});

describe("the datagram queue's byte count (NET-DATAGRAM-DROP)", () => {
  it("a datagram read frees its bytes of SO_RCVBUF, and only its own", () => {
    const { t } = world("A");
    const a = t.A!;
    const rx = udp(a);
    setInt(a, rx, SO_RCVBUF, 10);
    expect(a.bind(rx, sockaddr("127.0.0.1:9600"), 16)).toBe(0);
    nonBlocking(a, rx);
    const tx = udp(a);
    const to = sockaddr("127.0.0.1:9600");
    for (const d of ["aaaa", "bbbb", "cccc"]) expect(a.sendto(tx, text(d), 4, 0, to, 16)).toBe(4);
    // 8 bytes unread: "cccc" would make 12 > 10 and is dropped.
    expect(recvText(a, rx)).toBe("aaaa");
    // 4 bytes unread: "dddd" makes 8 and is kept.
    expect(a.sendto(tx, text("dddd"), 4, 0, to, 16)).toBe(4);
    expect(recvText(a, rx)).toBe("bbbb");
    expect(recvText(a, rx)).toBe("dddd");
    expect(recvText(a, rx)).toBe(-1);
    expect(a.WSAGetLastError()).toBe(WSAEWOULDBLOCK);
  });
});

describe("kernel contracts of the stream functions", () => {
  /** A simulation with an open, unconnected stream socket; its state and the socket's id. */
  function unconnected(): { state: KernelState; id: number } {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    return { state: sim.state, id: socketOf(a, s).id };
  }

  it("editConnection refuses a socket that is not connected", () => {
    const { state, id } = unconnected();
    expect(() => editConnection(new Edit(state), id)).toThrow(
      `kernel invariant: socket ${id} is not connected`,
    );
  });

  it("pump, spaceFreed and reapOrphan refuse a socket that does not exist", () => {
    const { state } = unconnected();
    for (const call of [pump, spaceFreed, reapOrphan])
      expect(() => call(new Edit(state), 999, new Citations())).toThrow(
        "kernel invariant: no socket 999",
      );
  });

  it("destroySocket refuses a socket that does not exist", () => {
    const { state } = unconnected();
    expect(() => destroySocket(new Edit(state), 999, new Citations())).toThrow(
      "kernel invariant: no socket 999 to destroy",
    );
  });

  it("pump and resetPeer leave a socket without a connection as it was", () => {
    const { state, id } = unconnected();
    const w = new Edit(state);
    const why = new Citations();
    pump(w, id, why);
    expect(w.finish(false)).toBe(state);
    expect(why.rules).toEqual([]);
    const outcome = transact(state, (draft, cites) => {
      resetPeer(draft, getSocket(draft, id) as Draft<SocketRecord>, cites);
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.rules).toEqual([]);
    expect(outcome.state).toBe(state);
  });
});
