/**
 * Random differential runs: scenarios made by the oracle's generator (hostile arguments
 * included), played on the simulator and on real Winsock, compared at every step with the causes
 * of the deviations file; each scenario with an unexplained difference is shrunk and saved as a
 * scenario file that the written corpus can take in once the difference is understood.
 *
 * Everything here is a function of the seed: the same seed gives the same scenarios, in the same
 * order, with the same names. Playing is passed in (`Play`), so that shrinking can be tested
 * without Wine.
 */
import fc from "fast-check";
import { scenarioJson } from "../src/oracle/compare.js";
import { scenarioArbitrary } from "../src/oracle/generate.js";
import type { Scenario } from "../src/scenario/types.js";
import { differingFields } from "./causes.js";
import type { ScenarioVerdict, StepDifference } from "./verdict.js";

/** The scenarios of a random run: `count` of them from `seed`. */
export function randomScenarios(count: number, seed: number): Scenario[] {
  return fc.sample(scenarioArbitrary(), { seed, numRuns: count });
}

/** The name of the k-th scenario of a seed (0-based), for reports and saved files. */
export const randomName = (seed: number, k: number) =>
  `random-s${seed}-${String(k + 1).padStart(3, "0")}`;

/**
 * What kind of difference a failure is: its call, the fields that differ and what each side
 * answered there. Shrinking keeps a candidate only when its first unexplained difference is of
 * the same kind, so that it does not drift to another difference on the way.
 */
export function differenceKind(d: StepDifference): string {
  const side = (s: StepDifference["simulator"]) =>
    s === undefined ? "none" : `${s.blocked ? "blocked" : s.ok ? "ok" : "failed"} ${s.error}`;
  const fields =
    d.simulator !== undefined && d.native !== undefined
      ? differingFields(d.simulator, d.native).join("+")
      : "length";
  return `${d.call ?? "(end)"} ${fields}: simulator ${side(d.simulator)}, native ${side(d.native)}`;
}

/** Plays a scenario both ways: its verdict, or undefined when it cannot be played or run. */
export type Play = (scenario: Scenario) => ScenarioVerdict | undefined;

export interface Shrunk {
  readonly scenario: Scenario;
  readonly verdict: ScenarioVerdict;
  /** Plays tried (each a native run). */
  readonly attempts: number;
}

/**
 * A smaller scenario with the same kind of first unexplained difference: the steps after the
 * difference are dropped, then runs of steps, halving their length down to single ones, while
 * the difference stays (delta debugging, as the oracle's minimize.ts does for implementations).
 * At most `budget` plays: each is a native run.
 */
export function shrinkScenario(
  scenario: Scenario,
  verdict: ScenarioVerdict,
  play: Play,
  budget: number,
): Shrunk {
  const failure = verdict.failure;
  if (failure === undefined) return { scenario, verdict, attempts: 0 };
  const kind = differenceKind(failure);
  let best = { scenario, verdict };
  let attempts = 0;
  const tryCandidate = (steps: Scenario["steps"]): boolean => {
    if (attempts >= budget || steps.length === 0) return false;
    attempts++;
    const candidate: Scenario = { ...best.scenario, steps };
    const got = play(candidate);
    if (got?.failure === undefined || differenceKind(got.failure) !== kind) return false;
    best = { scenario: candidate, verdict: got };
    return true;
  };
  const upTo = () => best.scenario.steps.slice(0, (best.verdict.failure?.index ?? 0) + 1);
  if (upTo().length < best.scenario.steps.length) tryCandidate(upTo());
  let steps = upTo();
  for (let size = steps.length >> 1; size >= 1 && attempts < budget; size >>= 1) {
    // The failing step itself stays: removing it cannot keep the difference.
    for (let start = 0; start + size < steps.length && attempts < budget; ) {
      if (tryCandidate([...steps.slice(0, start), ...steps.slice(start + size)])) steps = upTo();
      else start += size;
    }
  }
  return { ...best, attempts };
}

/** The file text of a saved scenario: its origin and its difference in the title. */
export function savedScenarioText(
  scenario: Scenario,
  origin: string,
  failure: StepDifference,
): string {
  const title = `${origin}: step ${failure.index} (${failure.call ?? "end"}): ${failure.reason}`;
  return `${scenarioJson({ ...scenario, title })}\n`;
}
