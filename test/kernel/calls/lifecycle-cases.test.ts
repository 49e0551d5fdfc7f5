/**
 * Processes and threads coming and going (src/kernel/calls/lifecycle.ts): the rules the kernel's
 * outcomes cite (the facade applies them without a call record), the windows a process takes
 * with it, and setLastError's unchanged snapshot. Written to kill the mutants that survived the
 * mutation run of src/kernel/calls (docs/mutation/calls-sockets-bind-duplicate.md).
 */
import { describe, expect, it } from "vitest";
import { kernel, WSA_ERRORS } from "../../../src/index.js";
import { world } from "../../net/helpers.js";

describe("thread and process outcomes (THREAD-SHARE, LIFE-EXIT)", () => {
  it("createThread and exitThread cite THREAD-SHARE; the last thread's exit also LIFE-EXIT", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const created = kernel.createThread(sim.state, a.pid);
    expect(created.rules).toEqual(["THREAD-SHARE"]);
    const exited = kernel.exitThread(sim.state, a.ctx);
    expect(exited.rules).toEqual(["THREAD-SHARE", "LIFE-EXIT"]);
    expect(kernel.exitProcess(sim.state, a.pid).rules).toEqual(["LIFE-EXIT"]);
  });

  it("a process's exit takes its own windows and leaves the others'", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const own = a.CreateWindow();
    const other = b.CreateWindow();
    const windows = () => sim.view().windows.map((w) => w.hwnd);
    expect(windows()).toEqual([own, other]);
    sim.process("A").exit();
    expect(windows()).toEqual([other]);
  });
});

describe("setLastError (ERR-THREAD)", () => {
  it("setting the value the thread already has gives back the same snapshot", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const state = sim.state;
    expect(kernel.setLastError(state, a.ctx, kernel.getLastError(state, a.ctx))).toBe(state);
    const changed = kernel.setLastError(state, a.ctx, WSA_ERRORS.WSAEINVAL);
    expect(changed).not.toBe(state);
    expect(kernel.getLastError(changed, a.ctx)).toBe(WSA_ERRORS.WSAEINVAL);
  });
});
