/**
 * A last pass after fast-check's shrinking: removing steps from the counterexample while the
 * implementation still differs (delta debugging).
 *
 * fast-check shrinks the generated actions, and an action is several steps (a connected pair
 * is seven), so its counterexamples keep steps the difference does not need: the accept of a
 * pair whose listener alone matters, a WSAStartup in a process that later only receives a
 * duplicate. This pass removes runs of steps, halving their length down to single steps, and
 * then single steps until none can go, so the reported scenario is 1-minimal: removing any one
 * step makes it invalid or makes the difference disappear.
 *
 * A candidate is valid when the reference runs it as a scenario file (every saved name defined
 * before use, and so on) without blocking, which generated scenarios guarantee and which
 * removing a FIONBIO would break. Any difference counts, as in fast-check's shrinking; the
 * steps after the first difference are dropped at once.
 */
import { runScenario } from "../scenario/run.js";
import type { Scenario, ScenarioStep } from "../scenario/types.js";
import { simulatorWorld, type World } from "../scenario/world.js";
import { type CompareOptions, compareScenario, type Difference } from "./compare.js";

/** Runs of the oracle at most, so that a slow implementation's report is not held up forever. */
const MAX_ATTEMPTS = 2000;

/** The difference `steps` show, or undefined when they are invalid or show none. */
function attempt(
  scenario: Scenario,
  steps: readonly ScenarioStep[],
  implementation: () => World,
  options: CompareOptions,
): Difference | undefined {
  const candidate: Scenario = { ...scenario, steps };
  const reference = options.reference ?? (() => simulatorWorld());
  try {
    const trace = runScenario("candidate", candidate, reference());
    if (trace.steps.some((s) => s.blocked)) return undefined;
    return compareScenario(candidate, implementation, options);
  } catch {
    // The reference cannot run it: removing the step made the file invalid.
    return undefined;
  }
}

/** The steps up to and including the difference's. */
const upTo = (d: Difference): ScenarioStep[] => d.scenario.steps.slice(0, d.index + 1);

/**
 * The difference on a locally minimal scenario: `difference`'s, with every run of steps removed
 * that can be while the implementation still differs from the reference.
 */
export function minimizeSteps(
  difference: Difference,
  implementation: () => World,
  options: CompareOptions = {},
): Difference {
  let best = difference;
  let steps = upTo(best);
  let attempts = 0;
  const tryRemove = (start: number, size: number): boolean => {
    if (attempts >= MAX_ATTEMPTS) return false;
    attempts += 1;
    const candidate = [...steps.slice(0, start), ...steps.slice(start + size)];
    const found = attempt(best.scenario, candidate, implementation, options);
    if (found === undefined) return false;
    best = found;
    steps = upTo(found);
    return true;
  };
  // Runs of steps, longest first; after a removal the same position holds new steps.
  for (let size = steps.length >> 1; size > 1; size >>= 1)
    for (let start = 0; start + size <= steps.length; ) if (!tryRemove(start, size)) start += size;
  // Single steps, until a whole pass removes none (a removal can make another possible).
  for (let removed = true; removed && attempts < MAX_ATTEMPTS; ) {
    removed = false;
    for (let start = steps.length - 1; start >= 0; start--)
      if (start < steps.length && tryRemove(start, 1)) removed = true;
  }
  return best;
}

/**
 * The difference a check reports: its steps minimized, unless the caller turned that off
 * (`minimize: false`, for a counterexample exactly as fast-check shrank it).
 */
export function reportedDifference(
  difference: Difference,
  implementation: () => World,
  options: CompareOptions & { readonly minimize?: boolean },
): Difference {
  return options.minimize === false
    ? difference
    : minimizeSteps(difference, implementation, options);
}
