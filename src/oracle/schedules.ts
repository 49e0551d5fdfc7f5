/**
 * Comparing an implementation with the simulator on every schedule of a scenario's concurrent
 * lanes (docs/oracle.md, "Every schedule of a concurrent scenario").
 *
 * The explorer (src/explore/explore.ts) lists the schedules on the simulator, with nothing
 * pruned, since each one is run again below and two schedules that the simulator brings to the
 * same point may still differ on the implementation. Each schedule becomes a plain scenario
 * (linearize), which runs on a fresh implementation World and on the reference exactly as
 * compareScenario runs any plain file. A difference is therefore reported on a file that
 * reproduces it alone: `compareScenario` or `winsock-sim run` on that file needs no explorer.
 *
 * compare.ts imports this module back (compareScenario hands a file with lanes to
 * firstScheduleDifference). The cycle is harmless: neither module uses the other's exports
 * while it is being loaded, only when a comparison runs.
 */
import { explore } from "../explore/explore.js";
import { linearize, type Schedule, scheduleText } from "../explore/schedule.js";
import type { Scenario } from "../scenario/types.js";
import type { World } from "../scenario/world.js";
import {
  type CompareOptions,
  compareScenario,
  type Difference,
  formatDifference,
} from "./compare.js";

/** How many schedules are compared unless `maxSchedules` says otherwise. */
export const DEFAULT_MAX_SCHEDULES = 1_000;

export interface ScheduleCompareOptions extends CompareOptions {
  /**
   * Bounds of the exploration on the simulator (explore's options): steps run in all, and lane
   * steps in one schedule. A bound that stops it makes the comparison incomplete.
   */
  readonly maxSteps?: number;
  readonly maxDepth?: number;
}

/** One schedule, compared. */
export interface ScheduleComparison {
  readonly schedule: Schedule;
  /** The schedule as lane labels in the order they ran: "A:reader A B A:reader". */
  readonly order: string;
  /** The plain scenario that runs this schedule, as it was compared. */
  readonly scenario: Scenario;
  /** The first step where the implementation differs; undefined when every step agrees. */
  readonly difference?: Difference;
}

/** One way the implementation differs, with the schedules that show it. */
export interface ScheduleDifference {
  /** The differing step as the concurrent file places it: "lane 0 step 1", "step 3", "after step 0". */
  readonly place: string;
  /** What differs there (the difference's reason in the first schedule that shows it). */
  readonly reason: string;
  /** How many schedules compared show it. */
  readonly schedules: number;
  /** The first of them, in exploration order; its difference's scenario reproduces it alone. */
  readonly example: ScheduleComparison & { readonly difference: Difference };
}

export interface SchedulesComparison {
  readonly title: string;
  /** Every schedule was compared and every one agreed. */
  readonly agree: boolean;
  /** False when a bound stopped the comparison: some schedules were not compared. */
  readonly complete: boolean;
  /** Which bound stopped it, as a sentence, when one did. */
  readonly bound?: string;
  /** Every schedule compared, in exploration order. */
  readonly schedules: readonly ScheduleComparison[];
  /** The distinct differences (by place and reason), in the order they were first seen. */
  readonly differences: readonly ScheduleDifference[];
}

/** Thrown from onSchedule to stop the explorer once one schedule more than the bound is seen. */
class EnoughSchedules extends Error {}

/** The schedules of `scenario` on the simulator, as plain scenarios, up to `max` of them. */
function listSchedules(
  scenario: Scenario,
  max: number,
  options: ScheduleCompareOptions,
): { schedules: { schedule: Schedule; scenario: Scenario }[]; bound?: string } {
  const schedules: { schedule: Schedule; scenario: Scenario }[] = [];
  const setup = scenario.steps.length;
  const after = scenario.after?.length ?? 0;
  let more = false;
  let result: ReturnType<typeof explore> | undefined;
  try {
    result = explore("schedules", scenario, {
      prune: false,
      ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      onSchedule: (schedule, outcome) => {
        if (schedules.length === max) {
          more = true;
          throw new EnoughSchedules();
        }
        // A deadlocked schedule never reaches the `after` steps: its plain file stops there too.
        const until = { setup, schedule, after: outcome.deadlock.length > 0 ? 0 : after };
        const plain = linearize(scenario, schedule, until);
        const order = scheduleText(scenario, schedule);
        schedules.push({
          schedule,
          scenario: { ...plain, title: `${plain.title} (schedule ${order})` },
        });
      },
    });
  } catch (error) {
    if (!(error instanceof EnoughSchedules)) throw error;
  }
  if (more)
    return {
      schedules,
      bound: `the scenario has more than ${max.toLocaleString("en-US")} schedules (the bound maxSchedules): only the first ${max.toLocaleString("en-US")} were compared`,
    };
  if (result !== undefined && !result.complete)
    return {
      schedules,
      bound: `the exploration on the simulator stopped early: ${result.bound ?? "a bound was reached"}`,
    };
  return { schedules };
}

/**
 * Where each step of a schedule's plain scenario comes from in the concurrent file. It follows
 * linearize: an await that returned at once is folded into its lane's call, so it has no step.
 */
function placesOf(scenario: Scenario, schedule: Schedule): string[] {
  const places = scenario.steps.map((_, i) => `step ${i}`);
  const called = new Set<number>();
  for (const entry of schedule) {
    if (entry.atOnce === true && called.has(entry.lane)) continue;
    called.add(entry.lane);
    places.push(`lane ${entry.lane} step ${entry.step}`);
  }
  (scenario.after ?? []).forEach((_, i) => {
    places.push(`after step ${i}`);
  });
  return places;
}

/**
 * Runs every schedule of `scenario`'s concurrent lanes on a fresh World from `implementation`
 * and on the reference, and compares each run step by step as compareScenario does. Schedules
 * are listed on the simulator (the explorer, nothing pruned), at most `maxSchedules` of them
 * (default 1,000); past that the result is incomplete and says so in `bound`. A scenario
 * without lanes has one schedule. Throws a ScenarioError if the simulator cannot run the file
 * in some schedule.
 */
export function compareSchedules(
  scenario: Scenario,
  implementation: () => World,
  options: ScheduleCompareOptions = {},
): SchedulesComparison {
  return compareListed(scenario, implementation, options, false);
}

/** compareSchedules, or with `stopAtFirst` only up to the first schedule that differs. */
function compareListed(
  scenario: Scenario,
  implementation: () => World,
  options: ScheduleCompareOptions,
  stopAtFirst: boolean,
): SchedulesComparison {
  const max = options.maxSchedules ?? DEFAULT_MAX_SCHEDULES;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`maxSchedules must be a positive integer, not ${max}`);
  const listed =
    scenario.concurrent === undefined
      ? { schedules: [{ schedule: [], scenario }] }
      : listSchedules(scenario, max, options);
  const schedules: ScheduleComparison[] = [];
  const differences = new Map<string, { first: ScheduleDifference; count: number }>();
  for (const { schedule, scenario: plain } of listed.schedules) {
    const order = scheduleText(scenario, schedule);
    const difference = compareScenario(plain, implementation, options);
    if (difference === undefined) {
      schedules.push({ schedule, order, scenario: plain });
      continue;
    }
    const compared = { schedule, order, scenario: plain, difference };
    schedules.push(compared);
    const place = placesOf(scenario, schedule)[difference.index] ?? `step ${difference.index}`;
    const key = `${place}\u0000${difference.reason}`;
    const known = differences.get(key);
    if (known !== undefined) known.count += 1;
    else
      differences.set(key, {
        first: { place, reason: difference.reason, schedules: 1, example: compared },
        count: 1,
      });
    if (stopAtFirst) break;
  }
  const complete = listed.bound === undefined;
  return {
    title: scenario.title,
    agree: complete && differences.size === 0,
    complete,
    ...(listed.bound === undefined ? {} : { bound: listed.bound }),
    schedules,
    differences: [...differences.values()].map(({ first, count }) => ({
      ...first,
      schedules: count,
    })),
  };
}

/**
 * The first difference over the schedules, for compareScenario given a scenario with lanes: its
 * scenario is the plain file of the schedule that shows it. Throws when the bound stopped the
 * comparison before any difference was found, rather than report agreement it did not check.
 */
export function firstScheduleDifference(
  scenario: Scenario,
  implementation: () => World,
  options: ScheduleCompareOptions,
): Difference | undefined {
  // Later schedules cannot change which difference comes first: they are not run.
  const result = compareListed(scenario, implementation, options, true);
  const first = result.differences[0];
  if (first !== undefined) return first.example.difference;
  if (!result.complete)
    throw new RangeError(
      `compareScenario: "${scenario.title}": no difference in the ${result.schedules.length.toLocaleString("en-US")} schedules compared, but ${result.bound}; raise maxSchedules (or maxSteps) to compare them all`,
    );
  return undefined;
}

/** A report of a comparison over schedules: the counts, then each distinct difference in full. */
export function formatSchedules(result: SchedulesComparison): string {
  const count = result.schedules.length;
  const differing = result.schedules.filter((s) => s.difference !== undefined).length;
  const lines = [
    `${result.title}: ${count.toLocaleString("en-US")} schedule${count === 1 ? "" : "s"} compared, ${
      differing === 0
        ? "the implementation agrees with the simulator in every one"
        : `the implementation differs in ${differing.toLocaleString("en-US")}`
    }`,
  ];
  if (result.bound !== undefined) lines.push(`Incomplete: ${result.bound}.`);
  result.differences.forEach((d, i) => {
    lines.push(
      "",
      `Difference ${i + 1} of ${result.differences.length}, at ${d.place} in ${d.schedules} schedule${
        d.schedules === 1 ? "" : "s"
      }, first in the schedule ${d.example.order}:`,
      formatDifference(d.example.difference),
    );
  });
  return lines.join("\n");
}
