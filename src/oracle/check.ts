/**
 * checkImplementation: fast-check runs generated scenarios on an implementation and on the
 * simulator, and shrinks the first scenario where they differ to a small counterexample.
 */
import fc from "fast-check";
import type { Scenario } from "../scenario/types.js";
import type { World } from "../scenario/world.js";
import {
  type CompareOptions,
  compareScenario,
  counterexample,
  type Difference,
  formatDifference,
} from "./compare.js";
import { type ScenarioOptions, scenarioArbitrary } from "./generate.js";
import { reportedDifference } from "./minimize.js";

export interface CheckOptions extends CompareOptions {
  /** Scenarios to run (default 100). */
  readonly numRuns?: number;
  /** fast-check seed and path, to replay a failure (the error message gives both). */
  readonly seed?: number;
  readonly path?: string;
  /** What to generate (ignored when `scenarios` is given). */
  readonly generate?: ScenarioOptions;
  /** Your own scenario arbitrary instead of scenarioArbitrary(generate). */
  readonly scenarios?: fc.Arbitrary<Scenario>;
  /**
   * After fast-check's shrinking, remove steps while the difference persists, so the reported
   * counterexample is locally minimal (default true; minimize.ts).
   */
  readonly minimize?: boolean;
  /** Extra fast-check parameters (timeout, interruptAfterTimeLimit, ...). */
  readonly fastCheck?: Omit<fc.Parameters<[Scenario]>, "numRuns" | "seed" | "path">;
}

/** Thrown when an implementation differs from the simulator; the message is the full report. */
export class OracleFailure extends Error {
  constructor(
    readonly difference: Difference,
    /** The counterexample as a scenario file (steps up to the difference, with expectations). */
    readonly scenario: Scenario,
    readonly seed?: number,
    readonly path?: string,
  ) {
    const replay =
      seed === undefined
        ? ""
        : `\nReplay this run with checkImplementation(..., { seed: ${seed}, path: ${JSON.stringify(path)} }).`;
    super(`${formatDifference(difference)}${replay}`);
    this.name = "OracleFailure";
  }
}

/**
 * A fast-check property: the implementation agrees with the simulator on the scenario. It
 * throws an OracleFailure describing the first differing step, for use with fc.assert.
 */
export function oracleProperty(
  implementation: () => World,
  options: CheckOptions = {},
): fc.IPropertyWithHooks<[Scenario]> {
  const scenarios = options.scenarios ?? scenarioArbitrary(options.generate);
  return fc.property(scenarios, (scenario) => {
    const difference = compareScenario(scenario, implementation, options);
    if (difference !== undefined) throw new OracleFailure(difference, counterexample(difference));
  });
}

/**
 * Runs `numRuns` generated scenarios on a fresh World from `implementation` each time and on
 * the simulator; throws an OracleFailure with the shrunk counterexample if they ever differ.
 * Returns the number of scenarios run.
 */
export function checkImplementation(
  implementation: () => World,
  options: CheckOptions = {},
): number {
  const details = fc.check(oracleProperty(implementation, options), {
    ...options.fastCheck,
    numRuns: options.numRuns ?? 100,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  if (!details.failed) return details.numRuns;
  const error = details.errorInstance;
  if (error instanceof OracleFailure) {
    const difference = reportedDifference(error.difference, implementation, options);
    throw new OracleFailure(
      difference,
      counterexample(difference),
      details.seed,
      details.counterexamplePath ?? undefined,
    );
  }
  // Not a difference: the reference could not run a scenario, or fast-check stopped early.
  throw error instanceof Error
    ? error
    : new Error(`checkImplementation: ${fc.defaultReportMessage(details) ?? "failed"}`);
}
