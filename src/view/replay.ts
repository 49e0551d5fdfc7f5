/**
 * A scenario run with the kernel snapshot before and after each step, for the tools that show
 * state: `winsock-sim run --state/--explain`, `winsock-sim show` and the playground.
 *
 * A scenario that turns out to be unusable partway (an unknown call at step 7) still yields the
 * steps that ran and their snapshots, with the error beside them: the cause is often in the steps
 * before the one that failed.
 */
import { Simulation } from "../api/simulation.js";
import type { KernelState } from "../kernel/state.js";
import { runScenario, type StepTrace } from "../scenario/run.js";
import { type Scenario, ScenarioError } from "../scenario/types.js";
import { simulatorWorld } from "../scenario/world.js";

export interface Replay {
  readonly file: string;
  readonly title: string;
  readonly steps: readonly StepTrace[];
  /** states[0] is the initial snapshot; states[i + 1] the snapshot after steps[i]. */
  readonly states: readonly KernelState[];
  /** Every expectation of every step held (false when the file was unusable). */
  readonly passed: boolean;
  /** Why the scenario could not run to its end, or null. */
  readonly error: ScenarioError | null;
}

export function replayScenario(file: string, scenario: Scenario): Replay {
  const sim = new Simulation();
  const steps: StepTrace[] = [];
  const states: KernelState[] = [sim.state];
  let error: ScenarioError | null = null;
  try {
    runScenario(file, scenario, simulatorWorld(sim), (step) => {
      steps.push(step);
      states.push(sim.state);
    });
  } catch (caught) {
    if (!(caught instanceof ScenarioError)) throw caught;
    error = caught;
  }
  const passed = error === null && steps.every((s) => s.expectations.every((e) => e.held));
  return { file, title: scenario.title, steps, states, passed, error };
}
