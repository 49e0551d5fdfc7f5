/**
 * Schedules: which lane ran at each point of a concurrent block, and the plain scenario file
 * that runs one schedule (or its beginning) step by step, which `winsock-sim run` replays.
 */
import type { Scenario, ScenarioStep } from "../scenario/types.js";

/** One step of a schedule: lane `lane` ran its step `step`. */
export interface ScheduleEntry {
  readonly lane: number;
  readonly step: number;
  /** The step was an `await` whose call had returned at once in this order (no waiting). */
  readonly atOnce?: true;
}

export type Schedule = readonly ScheduleEntry[];

/** Where a replay stops: how many setup steps, which lane steps, how many `after` steps. */
export interface ReplayPoint {
  readonly setup: number;
  readonly schedule: Schedule;
  readonly after: number;
}

/**
 * The plain scenario that runs `schedule`: the setup steps, then each lane step in the
 * schedule's order with its process and thread written out, then the `after` steps. An `await`
 * that had nothing to wait for in this order is not a step of its own: a plain file may await
 * only a call that blocked. Its expectations and saved names move to the call it would have
 * awaited, which returned the result they are about (a name the call already has stays).
 */
export function linearize(scenario: Scenario, schedule: Schedule, until?: ReplayPoint): Scenario {
  const lanes = scenario.concurrent ?? [];
  const point: ReplayPoint = until ?? {
    setup: scenario.steps.length,
    schedule,
    after: scenario.after?.length ?? 0,
  };
  const steps: ScenarioStep[] = scenario.steps.slice(0, point.setup).map(copyStep);
  /** The index in `steps` of each lane's last call, to fold an await that did not wait into. */
  const lastCall = new Map<number, number>();
  for (const entry of point.schedule) {
    const lane = lanes[entry.lane];
    const step = lane?.steps[entry.step];
    if (lane === undefined || step === undefined)
      throw new RangeError(`schedule names lane ${entry.lane} step ${entry.step}, not in the file`);
    const full = { ...copyStep(step), process: lane.process, thread: lane.thread ?? "main" };
    const target = lastCall.get(entry.lane);
    if (entry.atOnce === true && target !== undefined) {
      steps[target] = fold(steps[target] as ScenarioStep, full);
      continue;
    }
    lastCall.set(entry.lane, steps.length);
    steps.push(full);
  }
  steps.push(...(scenario.after ?? []).slice(0, point.after).map(copyStep));
  const source = scenario.source === undefined ? {} : { source: scenario.source };
  return { title: scenario.title, ...source, steps };
}

function copyStep(step: ScenarioStep): ScenarioStep {
  return structuredClone(step) as ScenarioStep;
}

/** The call step with the expectations and saved names of the await that repeated it. */
function fold(call: ScenarioStep, wait: ScenarioStep): ScenarioStep {
  const expect = { ...(wait.expect ?? {}), ...(call.expect ?? {}) };
  const save = call.save ?? wait.save;
  return {
    ...call,
    ...(Object.keys(expect).length === 0 ? {} : { expect }),
    ...(save === undefined ? {} : { save }),
  };
}

/** The schedule as lane labels, "A B B A:t2", for messages and the report. */
export function scheduleText(scenario: Scenario, schedule: Schedule): string {
  return schedule.map((entry) => laneLabel(scenario, entry.lane)).join(" ");
}

/** A lane's name: its process, and its thread when it is not the main one ("A:t2"). */
export function laneLabel(scenario: Scenario, lane: number): string {
  const found = scenario.concurrent?.[lane];
  if (found === undefined) return `lane ${lane}`;
  return found.thread === undefined || found.thread === "main"
    ? found.process
    : `${found.process}:${found.thread}`;
}
