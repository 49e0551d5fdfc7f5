/**
 * The model of fc.commands runs (commands.ts): the simulator, stepped as the commands come, and
 * what exists in it as the simulator's own results say (processes started, sockets, addresses,
 * WSAPROTOCOL_INFOs, events). Commands are made only where the model says they mean the same on
 * every implementation, the boundaries generate.ts keeps: no closed handle and no address of a
 * closed socket is passed again, and handles go only to the process that owns them.
 */
import { type ScenarioStepper, type StepTrace, startScenario } from "../scenario/run.js";
import type { Scenario, ScenarioStep } from "../scenario/types.js";
import { simulatorWorld, type World } from "../scenario/world.js";
import { OracleFailure } from "./check.js";
import {
  type CompareOptions,
  counterexample,
  DEFAULT_IGNORED,
  type Difference,
  fieldDifference,
  type ObservedStep,
  observe,
  stepDifference,
} from "./compare.js";

export interface ModelSocket {
  readonly name: string;
  /** "SOCK_STREAM" or "SOCK_DGRAM": a port means something only to sockets of its type. */
  readonly type: string;
  listening: boolean;
}

export interface ModelProcess {
  readonly name: string;
  /** Successful WSAStartups not yet matched by a WSACleanup. */
  started: number;
  sockets: ModelSocket[];
  readonly events: string[];
}

/** The implementation's side of a run: its stepper over the user's World, and its trace. */
export interface WinsockReal {
  readonly implementation: ScenarioStepper;
  readonly trace: StepTrace[];
}

export interface ModelOptions extends CompareOptions {
  /** Process names (default ["A", "B"]). */
  readonly processes?: readonly string[];
}

const TITLE = "fc.commands run by winsock-sim/oracle";

export class WinsockModel {
  readonly processes: readonly ModelProcess[];
  readonly addresses: { readonly name: string; readonly owner: string; readonly type: string }[] =
    [];
  readonly infos: { readonly name: string; readonly target: string; readonly type: string }[] = [];
  /** The steps made so far, on both sides: the scenario a failure reports. */
  readonly steps: ScenarioStep[] = [];
  readonly #reference: ScenarioStepper;
  readonly #trace: StepTrace[] = [];
  #names = 0;

  constructor(readonly options: ModelOptions = {}) {
    this.processes = (options.processes ?? ["A", "B"]).map((name) => ({
      name,
      started: 0,
      sockets: [],
      events: [],
    }));
    const reference = options.reference ?? (() => simulatorWorld());
    this.#reference = startScenario("reference", reference());
  }

  /** A fresh name for a saved value ("s1", "addr2", ...). */
  name(prefix: string): string {
    this.#names += 1;
    return `${prefix}${this.#names}`;
  }

  /**
   * Makes `step` on the simulator and on the implementation and returns the simulator's trace;
   * throws an OracleFailure, whose message is the formatted difference, when they disagree.
   */
  step(real: WinsockReal, step: ScenarioStep): StepTrace {
    // The reference runs first: a ScenarioError there is a mistake of the commands, not a
    // difference, and must not be reported as one.
    const expected = this.#reference.step(step);
    this.steps.push(step);
    this.#trace.push(expected);
    let actual: StepTrace;
    try {
      actual = real.implementation.step(step);
    } catch (thrown) {
      throw this.#failure(real, thrown);
    }
    real.trace.push(actual);
    const failure = this.#failure(real, undefined);
    if (failure !== undefined) throw failure;
    return expected;
  }

  /**
   * The difference at the last step, if any. Both traces are observed whole each time, because
   * handle and port names depend on everything before (as compareScenario does).
   */
  #failure(real: WinsockReal, thrown: unknown): OracleFailure | undefined {
    const scenario: Scenario = { title: TITLE, steps: [...this.steps] };
    const ignore = this.options.ignore ?? DEFAULT_IGNORED;
    const index = this.steps.length - 1;
    const step = this.steps[index] as ScenarioStep;
    const reference = observe(this.#trace, ignore, scenario)[index] as ObservedStep;
    let difference: Difference;
    if (real.trace.length <= index) {
      const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
      difference = {
        index,
        step,
        reason: `the implementation threw (${text}); the simulator did not`,
        reference,
        implementation: undefined,
        thrown,
        scenario,
      };
    } else {
      const implementation = observe(real.trace, ignore, scenario)[index] as ObservedStep;
      const values = fieldDifference(reference, implementation, this.options);
      const reason = stepDifference(reference, implementation, this.options);
      if (values === undefined || reason === undefined) return undefined;
      difference = { index, step, reason, values, reference, implementation, scenario };
    }
    return new OracleFailure(difference, counterexample(difference));
  }
}

/** A fresh model and implementation for each fc.modelRun: `fc.modelRun(modelRunSetup(f), cmds)`. */
export function modelRunSetup(
  implementation: () => World,
  options: ModelOptions = {},
): () => { model: WinsockModel; real: WinsockReal } {
  return () => ({
    model: new WinsockModel(options),
    real: { implementation: startScenario("implementation", implementation()), trace: [] },
  });
}
