/**
 * winsock-sim/oracle: a property-test oracle for other Winsock implementations (docs/oracle.md).
 *
 * - scenarioArbitrary(): fast-check arbitraries of valid multi-process scenarios;
 * - compareScenario(scenario, () => yourWorld): runs one scenario on your implementation and on
 *   the simulator and returns the first step where they differ;
 * - checkImplementation(() => yourWorld, options): does that for many generated scenarios and
 *   throws an OracleFailure with the shrunk counterexample as a scenario file;
 * - compareSchedules(scenario, () => yourWorld): compares every schedule of a scenario's
 *   concurrent lanes, each as its own plain scenario (compareScenario does this for such a file).
 *
 * An implementation is given as a World (the adapter interface: createProcess(name) returning a
 * process whose threads have the Winsock functions as methods, with the facade's conventions).
 */
export type { Schedule, ScheduleEntry } from "../explore/schedule.js";
export { linearize, scheduleText } from "../explore/schedule.js";
export type { ScenarioStepper, ScenarioTrace, StepTrace } from "../scenario/run.js";
export { runScenario, startScenario } from "../scenario/run.js";
export type { Scenario, ScenarioStep } from "../scenario/types.js";
export { ScenarioError } from "../scenario/types.js";
export type { WinsockApi, World, WorldProcess } from "../scenario/world.js";
export { simulatorWorld } from "../scenario/world.js";
export { type CallChoice, GENERATED_CALLS } from "./call-weights.js";
export { type CheckOptions, checkImplementation, OracleFailure, oracleProperty } from "./check.js";
export {
  CALL_ARBITRARIES,
  type CheckCommandsOptions,
  COMMAND_CALLS,
  type CommandsOptions,
  checkCommands,
  type WinsockCall,
  type WinsockCallName,
  WinsockCommand,
  winsockCommands,
} from "./commands.js";
export {
  type CompareOptions,
  compareScenario,
  counterexample,
  DEFAULT_IGNORED,
  type Difference,
  type FieldDifference,
  fieldDifference,
  formatDifference,
  type ObservedStep,
  observe,
  readScenario,
  scenarioJson,
  stepDifference,
} from "./compare.js";
export {
  ACTION_KINDS,
  type Action,
  type ActionKind,
  actionArbitrary,
  buildScenario,
  type ScenarioOptions,
  scenarioArbitrary,
} from "./generate.js";
export { minimizeSteps } from "./minimize.js";
export {
  type ModelOptions,
  type ModelProcess,
  type ModelSocket,
  modelRunSetup,
  type WinsockModel,
  type WinsockReal,
} from "./model.js";
export { commandsTest, oracleTest, type TestRegistrar, type TestTimeout } from "./oracle-test.js";
export {
  compareSchedules,
  DEFAULT_MAX_SCHEDULES,
  formatSchedules,
  type ScheduleCompareOptions,
  type ScheduleComparison,
  type ScheduleDifference,
  type SchedulesComparison,
} from "./schedules.js";
