/**
 * The fast write path (Edit, src/kernel/writer.ts) and the reference path (an immer draft of
 * the whole state) are two ways of making the same next state. Random multi-process scenarios,
 * hostile arguments included, run once on each; every step must give the same trace (return
 * value, error, outputs, rules) and an equal kernel snapshot. The suite runs with frozen
 * snapshots (WINSOCK_SIM_FREEZE=1), so a fast-path write to a shared object would throw.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { runs } from "../../spec/support/budget.js";
import type { KernelState } from "../../src/kernel/state.js";
import { useReferencePath, writePaths } from "../../src/kernel/transaction.js";
import { scenarioArbitrary } from "../../src/oracle/generate.js";
import { runScenario, type StepTrace } from "../../src/scenario/run.js";
import type { Scenario } from "../../src/scenario/types.js";
import { simulatorWorld } from "../../src/scenario/world.js";

interface Run {
  readonly steps: StepTrace[];
  readonly states: KernelState[];
  readonly error?: string;
}

function play(scenario: Scenario, reference: boolean): Run {
  useReferencePath(reference);
  const world = simulatorWorld();
  const steps: StepTrace[] = [];
  const states: KernelState[] = [];
  try {
    runScenario("generated", scenario, world, (step) => {
      steps.push(step);
      states.push(world.sim.state);
    });
    return { steps, states };
  } catch (error) {
    return { steps, states, error: String(error) };
  } finally {
    useReferencePath(false);
  }
}

afterEach(() => useReferencePath(false));

describe("the fast write path makes the states the reference path makes", () => {
  it("step by step, on random scenarios of several processes", () => {
    const before = { ...writePaths };
    fc.assert(
      fc.property(scenarioArbitrary({ maxActions: 12 }), (scenario) => {
        const fast = play(scenario, false);
        const reference = play(scenario, true);
        expect(fast.error).toEqual(reference.error);
        expect(fast.steps).toEqual(reference.steps);
        expect(fast.states.length).toBe(reference.states.length);
        fast.states.forEach((state, index) => {
          expect(state, `kernel state after step ${index}`).toEqual(reference.states[index]);
        });
      }),
      runs(60),
    );
    // Both paths really ran: calls that finished on Edit, and calls made on a draft.
    expect(writePaths.edit).toBeGreaterThan(before.edit);
    expect(writePaths.draft).toBeGreaterThan(before.draft);
  });

  it("a call that needs a whole draft starts again on one and gives the same answer", () => {
    const before = writePaths.escalated;
    // A connected pair and a close: the last close of a connected socket runs on a draft.
    const tcp = { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" };
    const scenario = {
      title: "a connected socket closed",
      steps: [
        { process: "A", call: "WSAStartup" },
        { process: "A", call: "socket", args: tcp, save: "listener" },
        { process: "A", call: "bind", args: { s: "$listener", name: "127.0.0.1:0" } },
        { process: "A", call: "getsockname", args: { s: "$listener" }, save: "addr" },
        { process: "A", call: "listen", args: { s: "$listener" } },
        { process: "A", call: "socket", args: tcp, save: "client" },
        { process: "A", call: "connect", args: { s: "$client", name: { from: "$addr" } } },
        { process: "A", call: "closesocket", args: { s: "$client" }, expect: { ret: 0 } },
      ],
    } as unknown as Scenario;
    const fast = play(scenario, false);
    expect(fast.error).toBeUndefined();
    expect(fast.steps.at(-1)?.ret).toBe(0);
    expect(writePaths.escalated).toBeGreaterThan(before);
    const reference = play(scenario, true);
    expect(fast).toEqual(reference);
  });
});
