import { describe, expect, it } from "vitest";
import {
  AF_INET,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  kernel,
  SimulationError,
  SOCK_STREAM,
} from "../../src/index.js";
import { started } from "./helpers.js";

const FPI = FROM_PROTOCOL_INFO;

describe("threads", () => {
  it("share the process's descriptors, and a thread's exit closes none of them", () => {
    const { sim, threads } = started("A");
    const p = sim.process("A");
    const worker = p.createThread();
    const s = worker.socket(AF_INET, SOCK_STREAM, 0);
    expect(s).not.toBe(INVALID_SOCKET);
    worker.ExitThread();
    expect(sim.state.sockets.size).toBe(1);
    expect(threads[0]!.closesocket(s)).toBe(0);
  });

  it("end the process when the last one exits", () => {
    const { sim, threads } = started("A");
    threads[0]!.socket(AF_INET, SOCK_STREAM, 0);
    threads[0]!.ExitThread();
    expect(sim.state.sockets.size).toBe(0);
    expect(sim.state.processes.size).toBe(0);
  });
});

describe("process exit", () => {
  it("closes every handle, and sockets held elsewhere survive", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = [threads[0]!, threads[1]!];
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    const t = b.WSASocketW(FPI, FPI, FPI, info, 0, 1);
    sim.process("A").exit();
    expect(sim.state.sockets.size).toBe(1);
    expect(kernel.trieValues(sim.state.sockets)[0]?.refCount).toBe(1);
    expect(b.closesocket(t)).toBe(0);
    expect(sim.state.sockets.size).toBe(0);
  });

  it("makes the process unusable for further calls", () => {
    const { sim, threads } = started("A");
    sim.process("A").exit();
    expect(() => threads[0]!.socket(AF_INET, SOCK_STREAM, 0)).toThrow(SimulationError);
  });

  it("frees the name for a new process with a new id", () => {
    const { sim } = started("A");
    const old = sim.process("A").pid;
    sim.process("A").exit();
    expect(sim.createProcess("A").pid).not.toBe(old);
  });
});

describe("call records", () => {
  it("name the rules that decided each outcome and keep both snapshots", () => {
    const { sim, threads } = started("A");
    const s = threads[0]!.socket(AF_INET, SOCK_STREAM, 0);
    threads[0]!.closesocket(s);
    const last = sim.last!;
    expect(last.call).toBe("closesocket");
    expect(last.rules).toContain("LIFE-LAST-CLOSE");
    expect(last.before.sockets.size).toBe(1);
    expect(last.after.sockets.size).toBe(0);
    threads[0]!.closesocket(s);
    expect(sim.last!.rules).toContain("HANDLE-KIND");
    expect(sim.last!.ok).toBe(false);
  });
});
