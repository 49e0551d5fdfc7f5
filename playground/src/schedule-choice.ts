/**
 * A learner's way down the tree of schedules (scheduleTree): the lanes picked so far, the
 * first schedule below them that completes the run shown, the links' "schedule=0.1.0.2", and
 * the words for a step's result and an outcome. No DOM here, so that Node tests can check it.
 */
import type { Outcome, ScheduleNode, StepResult } from "../../src/explore/explore.js";
import { linearize, type Schedule } from "../../src/explore/schedule.js";
import type { Scenario } from "../../src/scenario/types.js";

/** Where the picks lead: the nodes picked, and the first way on below them to a schedule's end. */
export interface Way {
  /** The nodes of the picks that could be followed, from the top. */
  readonly picked: readonly ScheduleNode[];
  /** The first child at each level below the last pick, down to a leaf. */
  readonly below: readonly ScheduleNode[];
  /** Why the picks were not all followed (a link's schedule that is not in the tree), or null. */
  readonly problem: string | null;
}

/** The choices at the end of `picked`: the tree's top level when nothing is picked yet. */
export function choicesAfter(
  roots: readonly ScheduleNode[],
  picked: readonly ScheduleNode[],
): readonly ScheduleNode[] {
  return picked.at(-1)?.children ?? roots;
}

/**
 * Follows `lanes` (one lane index per pick) down the tree as far as they name a branch, then
 * the first child at each level. `label` names a lane for the problem's words.
 */
export function follow(
  roots: readonly ScheduleNode[],
  lanes: readonly number[],
  label: (lane: number) => string,
): Way {
  const picked: ScheduleNode[] = [];
  let problem: string | null = null;
  for (const [at, lane] of lanes.entries()) {
    const choices = choicesAfter(roots, picked);
    const next = choices.find((node) => node.lane === lane);
    if (next === undefined) {
      const can = choices.map((node) => `${node.lane} (${label(node.lane)})`);
      problem =
        can.length === 0
          ? `pick ${at + 1} names lane ${lane}, but the schedule ended after ${at} picks`
          : `pick ${at + 1} names lane ${lane}, which cannot run there; the lanes that can: ${can.join(", ")}`;
      break;
    }
    picked.push(next);
  }
  const below: ScheduleNode[] = [];
  for (let next = choicesAfter(roots, picked)[0]; next !== undefined; next = next.children[0])
    below.push(next);
  return { picked, below, problem };
}

/** The schedule of a way down the tree, as linearize() takes it. */
export function scheduleOf(nodes: readonly ScheduleNode[]): Schedule {
  return nodes.map((node) =>
    node.result.atOnce === true
      ? { lane: node.lane, step: node.step, atOnce: true }
      : { lane: node.lane, step: node.step },
  );
}

/**
 * The plain scenario the page runs for `way`: the picks and the first way below them. A way
 * that does not reach an end (the bound cut the tree there, or the lanes deadlocked) stops
 * before the `after` steps, which the explorer runs only when every lane has finished.
 */
export function runOf(scenario: Scenario, way: Way, outcomes: readonly Outcome[]): Scenario {
  const nodes = [...way.picked, ...way.below];
  const schedule = scheduleOf(nodes);
  const last = nodes.at(-1);
  // A leaf is one schedule, so it reaches one outcome; a leaf the bound cut reaches none.
  const end = last === undefined ? undefined : outcomes[last.outcomes[0] ?? -1];
  if (end !== undefined && end.deadlock.length === 0) return linearize(scenario, schedule);
  return linearize(scenario, schedule, { setup: scenario.steps.length, schedule, after: 0 });
}

/**
 * The snapshot after the last pick in the run of runOf (the state before the lanes start when
 * nothing is picked). An await that repeated a result at once is folded into its call by
 * linearize(), so it adds no step of its own.
 */
export function positionAfter(setup: number, picked: readonly ScheduleNode[]): number {
  return setup + picked.filter((node) => node.result.atOnce !== true).length;
}

/** "0.1.0.2": the lane of each pick, as the link's `schedule` holds it. */
export function scheduleParam(lanes: readonly number[]): string {
  return lanes.join(".");
}

/** The lanes of a link's `schedule`, or null when it is not a list of lane numbers. */
export function parseScheduleParam(text: string): number[] | null {
  if (!/^\d{1,4}(\.\d{1,4})*$/.test(text)) return null;
  return text.split(".").map(Number);
}

/** A step's result as the CLI prints it: "= -1, WSAEINTR", ": blocked", ": returned at once". */
export function resultWords(result: StepResult): string {
  if (result.blocked) return ": blocked";
  const error = result.error === "0" || result.error === "" ? "" : `, ${result.error}`;
  const value = `= ${result.ret === null ? "(void)" : String(result.ret)}${error}`;
  return result.atOnce === true ? `${value} (the call had returned at once)` : value;
}

/** A step with its result: "await recv(8, <64 bytes>, 64, 0) = -1, WSAEINTR". */
export function stepWords(result: StepResult): string {
  const words = resultWords(result);
  return `${result.text}${words.startsWith(":") ? "" : " "}${words}`;
}

/** One line per lane (then the `after` steps and any deadlock) saying what an outcome saw. */
export function outcomeLines(outcome: Outcome): { who: string; text: string; failed: boolean }[] {
  const line = (who: string, steps: readonly StepResult[]) => ({
    who,
    text: steps
      .map(
        (step) =>
          `${stepWords(step)}${step.failed.length > 0 ? ` ✗ ${step.failed.join(", ")}` : ""}`,
      )
      .join("; "),
    failed: steps.some((step) => step.failed.length > 0),
  });
  const lines = outcome.lanes.map((lane) => line(lane.label, lane.calls));
  if (outcome.after.length > 0) lines.push(line("after", outcome.after));
  if (outcome.deadlock.length > 0)
    lines.push({
      who: "deadlock",
      text: `${outcome.deadlock.join(", ")} blocked for ever`,
      failed: false,
    });
  return lines;
}
