/** The shipped examples run and show what they claim to show. */
import { describe, expect, it } from "vitest";
import { handOff } from "../examples/accept-and-hand-off.js";
import { restart } from "../examples/inherited-listener.js";
import { iocpServer } from "../examples/iocp-server.js";
import { shareAcrossProcesses } from "../examples/share-across-processes.js";
import { twoProcesses, twoThreads } from "../examples/split-read-write.js";
import {
  FD_READ,
  FD_WRITE,
  WSA_WAIT_TIMEOUT,
  WSAEADDRINUSE,
  WSAECONNREFUSED,
} from "../src/index.js";

describe("examples", () => {
  it("iocp-server: AcceptEx completions on the dispatcher's port, requests read by the workers through theirs", () => {
    const { sim, answers, dispatcherPackets } = iocpServer(4);
    expect(answers).toEqual([
      'worker-1 served "request 0"',
      'worker-2 served "request 1"',
      'worker-1 served "request 2"',
      'worker-2 served "request 3"',
    ]);
    // Each AcceptEx completed with the listener's key and no data (dwReceiveDataLength 0).
    expect(dispatcherPackets).toEqual(["1 0", "1 0", "1 0", "1 0"]);
    const acceptExs = sim.steps.filter((r) => r.call === "AcceptEx");
    expect(acceptExs.map((r) => r.lastError)).toEqual([997, 997, 997, 997]);
    const updates = sim.steps.filter((r) => r.call === "setsockopt");
    expect(updates.map((r) => r.ok)).toEqual([true, true, true, true]);
    // The dispatcher's close is never the last: the duplication holds the socket.
    for (const record of sim.steps.filter(
      (r) => r.process === "dispatcher" && r.call === "closesocket",
    ))
      expect(record.rules).not.toContain("LIFE-LAST-CLOSE");
    expect(sim.state.sockets.size).toBe(1);
  });

  it("share-across-processes: B sees A's option, survives A's close, and the info works once", () => {
    const { sim, sndbuf } = shareAcrossProcesses();
    expect(sndbuf).toBe(4096);
    expect(sim.state.sockets.size).toBe(0);
    const imports = sim.steps.filter((r) => r.call === "WSASocketW");
    expect(imports.map((r) => r.ok)).toEqual([true, false]);
    expect(imports[1]?.lastError).toBe(10022);
  });

  it("accept-and-hand-off: each client is served by a worker through a duplicated descriptor", () => {
    const { sim, answers } = handOff(4);
    expect(answers).toEqual([
      'worker-1 served "request 0"',
      'worker-2 served "request 1"',
      'worker-1 served "request 2"',
      'worker-2 served "request 3"',
    ]);
    // The dispatcher's close is never the last one, so it never touches the connection.
    for (const record of sim.steps.filter(
      (r) => r.process === "dispatcher" && r.call === "closesocket",
    )) {
      expect(record.rules).toContain("LIFE-SHARED-CLOSE");
      expect(record.rules).not.toContain("NET-FIN");
    }
    expect(sim.state.sockets.size).toBe(1);
  });

  it("split-read-write: two processes cannot split FD_READ and FD_WRITE; two threads can share one registration", () => {
    const split = twoProcesses();
    expect(split.aWait).toBe(WSA_WAIT_TIMEOUT);
    expect(split.bEvents).toBe(FD_WRITE);
    expect(split.laterRead).toBe(FD_READ);
    const threads = twoThreads();
    expect(threads.events).toEqual([FD_WRITE, FD_READ]);
    expect(threads.received).toBe("ping");
  });

  it("inherited-listener: an inherited listener keeps the port until the helper exits; the flag fixes it", () => {
    const leak = restart(false);
    expect(leak.rebindWhileHelperRuns).toBe(WSAEADDRINUSE);
    expect(leak.connectWhileHelperRuns).toBe(0);
    expect(leak.rebindAfterHelperExits).toBe(0);
    const close = leak.sim.steps.find((r) => r.call === "closesocket" && r.process === "server");
    expect(close?.rules).toContain("LIFE-SHARED-CLOSE");
    const fixed = restart(true);
    expect(fixed.rebindWhileHelperRuns).toBe(0);
    expect(fixed.connectWhileHelperRuns).toBe(WSAECONNREFUSED);
    const fixedClose = fixed.sim.steps.find(
      (r) => r.call === "closesocket" && r.process === "server",
    );
    expect(fixedClose?.rules).toContain("LIFE-LAST-CLOSE");
  });
});
