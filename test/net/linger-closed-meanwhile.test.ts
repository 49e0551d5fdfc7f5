/**
 * A lingering closesocket whose descriptor another thread closes while it waits (NET-LINGER,
 * HANDLE-KIND, LIFE-SHARED-CLOSE). Once the socket has a second descriptor (thread 2 duplicates
 * it into its own process), thread 2's close of the original is not the last and returns 0; the
 * waiting close then finds nothing to close and fails with WSAENOTSOCK, changing nothing: no
 * reset, the socket lives on through the duplicate. Its time-out used to fail inside the clock's
 * step and fire again for ever (docs/mutation/calls-sockets-bind-duplicate.md, "Suspected bugs").
 *
 * A regression cannot hang these tests: advanceClock throws when a timer survives its firing.
 */
import { describe, expect, it } from "vitest";
import { BLOCKED, SOCKET_ERROR, WSA_ERRORS } from "../../src/index.js";
import {
  drain,
  duplicate,
  fillWindow,
  pair,
  recvText,
  sendText,
  setLinger,
  tcp,
  world,
} from "./helpers.js";

const { WSAENOTSOCK } = WSA_ERRORS;

/**
 * Thread 1 of A blocks in a lingering close of `client` (SO_LINGER {1, 2}, data behind a full
 * window); thread 2 of A duplicates `client` into A and closes `client` (returns 0).
 */
function lingerThenCloseElsewhere() {
  const { sim, t } = world("A", "B");
  const [a, b] = [t.A!, t.B!];
  const worker = sim.process("A").createThread();
  const { client, server, listening } = pair(a, b);
  setLinger(a, client, 1, 2);
  const filler = fillWindow(a, client);
  sendText(a, client, "0123456789");
  expect(a.closesocket(client)).toBe(BLOCKED);
  return { sim, a, b, worker, client, server, listening, filler };
}

/** The kernel has nothing left waiting and no timer armed. */
function quiet(sim: ReturnType<typeof world>["sim"]): void {
  expect(sim.state.timers.size).toBe(0);
  expect(sim.state.blocked.size).toBe(0);
}

describe("a lingering close whose descriptor another thread closed (NET-LINGER, HANDLE-KIND)", () => {
  it("the time-out ends the close with WSAENOTSOCK once, removes its timer, and resets nothing", () => {
    const { sim, a, b, worker, client, server, listening, filler } = lingerThenCloseElsewhere();
    const other = duplicate(worker, client, worker);
    expect(worker.closesocket(client)).toBe(0);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAENOTSOCK);
    expect(a.last?.rules).toEqual(expect.arrayContaining(["NET-LINGER", "HANDLE-KIND"]));
    expect(a.last?.rules).not.toContain("NET-ABORTIVE-CLOSE");
    expect(sim.state.clock).toBe(2000);
    quiet(sim);
    // The socket lives on through the duplicate (LIFE-SHARED-CLOSE): no reset, nothing lost.
    expect(drain(b, server)).toBe(`${filler}0123456789`);
    sendText(worker, other, "still here");
    expect(recvText(b, server)).toBe("still here");
    // Everything delivered: the duplicate's close is the last and does not linger.
    expect(worker.closesocket(other)).toBe(0);
    expect(recvText(b, server)).toBe("");
    expect(b.closesocket(server)).toBe(0);
    expect(b.closesocket(listening)).toBe(0);
    expect(sim.state.sockets.size).toBe(0);
    quiet(sim);
  });

  it("delivery before the time-out gives the same answer", () => {
    const { sim, a, b, worker, client, server, filler } = lingerThenCloseElsewhere();
    const other = duplicate(worker, client, worker);
    expect(worker.closesocket(client)).toBe(0);
    expect(drain(b, server)).toBe(`${filler}0123456789`);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAENOTSOCK);
    expect(sim.state.clock).toBe(0);
    quiet(sim);
    expect(worker.closesocket(other)).toBe(0);
    expect(recvText(b, server)).toBe("");
  });

  it("a socket that reused the freed descriptor value is not closed by the time-out (HANDLE-REUSE)", () => {
    const { sim, a, b, worker, client, server, listening, filler } = lingerThenCloseElsewhere();
    const other = duplicate(worker, client, worker);
    expect(worker.closesocket(client)).toBe(0);
    const fresh = tcp(worker);
    expect(fresh).toBe(client);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAENOTSOCK);
    quiet(sim);
    // The fresh socket is untouched, and so is the lingering one (no reset).
    expect(sim.state.sockets.size).toBe(4);
    expect(worker.closesocket(fresh)).toBe(0);
    expect(drain(b, server)).toBe(`${filler}0123456789`);
    expect(worker.closesocket(other)).toBe(0);
    expect(b.closesocket(server)).toBe(0);
    expect(b.closesocket(listening)).toBe(0);
    expect(sim.state.sockets.size).toBe(0);
    quiet(sim);
  });
});
