/**
 * Running a scenario against the simulator (or another World): every step in order, each
 * checked against its expectations. The trace it returns is what `winsock-sim run --json`
 * prints. A file with concurrent lanes runs its first schedule in exploration order
 * (docs/explore.md): the one `winsock-sim explore` lists first.
 */
import { firstSchedule } from "../explore/explore.js";
import { linearize } from "../explore/schedule.js";
import { Runner, type ScenarioTrace, type StepTrace } from "./runner.js";
import type { Scenario, ScenarioStep } from "./types.js";
import { simulatorWorld, type World } from "./world.js";

export {
  type ExpectationResult,
  matches,
  type ScenarioTrace,
  type StepPlace,
  type StepTrace,
} from "./runner.js";

/**
 * Runs a parsed scenario against `world` (the simulator unless given); a ScenarioError means the
 * file cannot be used.
 */
export function runScenario(
  file: string,
  scenario: Scenario,
  world: World = simulatorWorld(),
  onStep?: (step: StepTrace) => void,
): ScenarioTrace {
  const linear =
    scenario.concurrent === undefined
      ? scenario
      : linearize(scenario, firstSchedule(file, scenario));
  const runner = new Runner(file, world);
  // onStep sees each step as it finishes, so a caller keeps the steps before a ScenarioError.
  const steps = linear.steps.map((step, index) => {
    const trace = runner.step(index, step);
    onStep?.(trace);
    return trace;
  });
  const passed = steps.every((s) => s.expectations.every((e) => e.held));
  return { file, title: scenario.title, passed, steps };
}

/** A scenario run one step at a time (startScenario). */
export interface ScenarioStepper {
  /** Runs the next step on the World and returns its trace; a ScenarioError keeps its number. */
  step(step: ScenarioStep): StepTrace;
  /** The values saved so far by name (`"save"`), as `$name` arguments read them. */
  readonly saved: ReadonlyMap<string, unknown>;
}

/**
 * Runs steps against `world` as they come rather than from a whole file, for callers that decide
 * the next step from the results so far (a fast-check command model). Steps are numbered in
 * the order they run, and behave exactly as in runScenario.
 */
export function startScenario(file: string, world: World = simulatorWorld()): ScenarioStepper {
  const runner = new Runner(file, world);
  let index = 0;
  return {
    step(step) {
      const trace = runner.step(index, step);
      index += 1;
      return trace;
    },
    saved: runner.saved,
  };
}
