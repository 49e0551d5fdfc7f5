/**
 * Exploring every schedule of a scenario's concurrent lanes (docs/explore.md): the outcomes a
 * race can have, how many schedules reach each, and the shortest schedule that breaks each
 * expectation, as a plain scenario that `winsock-sim run` replays.
 */
export { parseScenario } from "../scenario/read.js";
export { runScenario, type ScenarioTrace, type StepTrace } from "../scenario/run.js";
export type { Lane, Scenario, ScenarioStep } from "../scenario/types.js";
export { ScenarioError } from "../scenario/types.js";
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_STEPS,
  type ExploreOptions,
  type ExploreResult,
  type ExploreStats,
  explore,
  type Failure,
  firstSchedule,
  type LaneOutcome,
  type Outcome,
  type ScheduleNode,
  type ScheduleTree,
  type StepResult,
  scheduleTree,
} from "./explore.js";
export { exploreReport } from "./report.js";
export {
  laneLabel,
  linearize,
  type ReplayPoint,
  type Schedule,
  type ScheduleEntry,
  scheduleText,
} from "./schedule.js";
