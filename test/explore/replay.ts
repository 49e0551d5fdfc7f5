/**
 * Checks an exploration against the slow way of getting the same answers: each outcome's first
 * schedule run from scratch as a plain scenario must give the calls the outcome reports, and
 * each failure's shortest schedule must fail the same expectation. Shared by the explorer's
 * tests and its property.
 */
import { expect } from "vitest";
import {
  callsOf,
  type ExploreResult,
  type LaneOutcome,
  resultOf,
  type StepResult,
} from "../../src/explore/explore.js";
import { linearize } from "../../src/explore/schedule.js";
import { runScenario } from "../../src/scenario/run.js";
import type { Scenario } from "../../src/scenario/types.js";

/** The lanes' calls of one schedule, from a run of its plain scenario on a fresh simulator. */
export function replayedLanes(scenario: Scenario, result: ExploreResult, n: number): LaneOutcome[] {
  const outcome = result.outcomes[n];
  if (outcome === undefined) throw new RangeError(`no outcome ${n}`);
  const trace = runScenario("replay", linearize(scenario, outcome.example));
  const steps: StepResult[][] = (scenario.concurrent ?? []).map(() => []);
  let at = scenario.steps.length;
  for (const entry of outcome.example) {
    // An await that had nothing to wait for is folded into its call in the plain file.
    if (entry.atOnce === true) continue;
    const step = trace.steps[at];
    if (step === undefined) throw new RangeError(`the replay has no step ${at}`);
    steps[entry.lane]?.push(resultOf(step));
    at += 1;
  }
  return steps.map((lane, l) => ({
    label: outcome.lanes[l]?.label ?? "",
    calls: callsOf(lane),
  }));
}

/** What a call returned, without the names of the expectations (checked elsewhere). */
const seen = (calls: readonly StepResult[]) =>
  calls.map(({ text, ret, error, blocked, outputs }) => ({ text, ret, error, blocked, outputs }));

/** Every outcome replays to its own calls; every failure's replay fails the same way. */
export function expectReplays(scenario: Scenario, result: ExploreResult): void {
  result.outcomes.forEach((outcome, n) => {
    const replayed = replayedLanes(scenario, result, n);
    expect(replayed.map((lane) => seen(lane.calls))).toEqual(
      outcome.lanes.map((lane) => seen(lane.calls)),
    );
    const failed = (lanes: readonly LaneOutcome[]) =>
      lanes.map((lane) => lane.calls.map((call) => [...call.failed].sort()));
    expect(failed(replayed)).toEqual(failed(outcome.lanes));
  });
  for (const failure of result.failures) {
    const trace = runScenario("failure", failure.scenario);
    expect(trace.passed).toBe(false);
    // The failing step is the last one, unless it was an await folded into its call.
    const broken = trace.steps
      .flatMap((step) => step.expectations)
      .filter((e) => e.name === failure.expectation && !e.held);
    expect(
      broken.map((e) => e.actual),
      `${failure.place} ${failure.expectation}`,
    ).toContainEqual(failure.actual);
  }
}
