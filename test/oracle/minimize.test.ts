/**
 * The step-removal pass after fast-check's shrinking: the counterexamples checkImplementation
 * reports for the broken adapters have no step that can be removed while the difference stays
 * (checked here step by step, independently of minimize.ts), and they are shorter than
 * fast-check's own.
 */
import { describe, expect, it } from "vitest";
import {
  checkImplementation,
  compareScenario,
  OracleFailure,
  runScenario,
  type Scenario,
  type ScenarioStep,
  simulatorWorld,
  type World,
} from "../../src/oracle/index.js";
import { closeClosesAll, keepsFirstRegistration } from "./broken.js";

function failure(run: () => unknown): OracleFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof OracleFailure) return error;
    throw error;
  }
  throw new Error("the oracle did not catch the broken implementation");
}

/** Whether the scenario without step i still runs on the simulator and still differs. */
function removable(scenario: Scenario, i: number, implementation: () => World): boolean {
  const steps = scenario.steps
    .filter((_, j) => j !== i)
    // The counterexample's last step carries expectations, which are not part of the question.
    .map((step) => {
      const {
        expect: _expect,
        comment: _comment,
        ...rest
      } = step as ScenarioStep & {
        comment?: string;
      };
      return rest;
    });
  const candidate: Scenario = { ...scenario, steps };
  try {
    if (runScenario("c", candidate, simulatorWorld()).steps.some((s) => s.blocked)) return false;
  } catch {
    return false;
  }
  return compareScenario(candidate, implementation) !== undefined;
}

describe("the reported counterexample", () => {
  for (const [name, implementation, seed] of [
    ["keepsFirstRegistration", keepsFirstRegistration, 42],
    ["closeClosesAll", closeClosesAll, 7],
  ] as const) {
    it(`has no removable step (${name})`, () => {
      const options = { numRuns: 300, seed };
      const shrunk = failure(() =>
        checkImplementation(implementation, { ...options, minimize: false }),
      );
      const minimal = failure(() => checkImplementation(implementation, options));
      const { scenario } = minimal;
      expect(scenario.steps.length).toBeLessThan(shrunk.scenario.steps.length);
      const removableSteps = scenario.steps
        .map((_, i) => i)
        .filter((i) => removable(scenario, i, implementation));
      expect(removableSteps).toEqual([]);
      // It is still a counterexample: the last step is where the two differ.
      expect(compareScenario(scenario, implementation)?.index).toBe(scenario.steps.length - 1);
    });
  }
});
