/**
 * Comparing one scenario: the simulator's run against a native trace (Wine, or Windows), step by
 * step, with the known deviations of that scenario.
 *
 * Every step is compared. A step that differs is explained by an entry listed for that step (if
 * Wine still answers what the entry pins), or else by the earlier explained step that saved a
 * name it uses differently (follows.ts), or else by the first cause whose matcher fits it
 * (causes.ts), or else by an earlier difference it follows from in another way; any other
 * difference is unexplained and fails the scenario. The first unexplained difference is the one
 * reported; the comparison goes on after it and counts the steps that differ later, which may be
 * its consequences, since they run from a state nobody has explained.
 * A step whose only difference is a last error that each side left as it was (the two values
 * differ because an earlier step of the thread differed) is "carried": counted, not failed, since
 * the step behaves alike and the earlier step is where the difference is reported.
 * A listed step that now agrees is "stale": reported, not failed. The comparison stops only when
 * the two sides no longer play the same steps (a trace of another scenario, or a truncated one).
 */
import {
  DEFAULT_IGNORED,
  type ObservedStep,
  observe,
  stepDifference,
} from "../src/oracle/compare.js";
import { runScenario, type StepTrace } from "../src/scenario/run.js";
import type { Scenario } from "../src/scenario/types.js";
import { differingFields, type Field, matches, matchesCrash } from "./causes.js";
import type { Cause, Deviation, Pin } from "./deviations.js";
import { Consequences } from "./follows.js";
import type { HarnessStep, HarnessTrace } from "./trace.js";

/** One compared step where the two sides differ. */
export interface StepDifference {
  readonly index: number;
  /** "Proc" or "Proc/thread", and the call, of the scenario's step (absent past its end). */
  readonly where?: string;
  readonly call?: string;
  /** One line: what differs, with both values. */
  readonly reason: string;
  readonly simulator: ObservedStep | undefined;
  readonly native: ObservedStep | undefined;
}

/** A difference excused by an entry of the deviations file. */
export interface ListedDifference extends StepDifference {
  readonly deviation: Deviation;
}

/** A difference explained by a cause's matcher, or following from a step it explained. */
export interface ExplainedDifference extends StepDifference {
  readonly cause: string;
  /** The earlier step this difference follows from (harness/follows.ts), if it does. */
  readonly follows?: number;
}

/** A listed deviation at a step where both sides now agree. */
export interface StaleDeviation {
  readonly index: number;
  readonly where: string;
  readonly call: string;
  readonly deviation: Deviation;
}

export interface ScenarioVerdict {
  /** agree: no difference; listed: only listed or explained ones; failed: see `failure`. */
  readonly kind: "agree" | "listed" | "failed";
  /** The scenario's number of steps. */
  readonly steps: number;
  /** Steps compared (all of them, unless the trace is of another scenario or stops early). */
  readonly compared: number;
  /** Compared steps where both sides agree. */
  readonly agreed: number;
  /** Listed deviations met, in step order. */
  readonly listed: readonly ListedDifference[];
  /** Differences explained by a cause's matcher, in step order. */
  readonly explained: readonly ExplainedDifference[];
  /** Steps that differ with no explanation, the failure's included. */
  readonly unexplained: number;
  /** Steps whose only difference is a last error both sides left as it was (see above). */
  readonly carried: number;
  /** Steps left uncompared after a native crash that a cause explains. */
  readonly uncompared: number;
  /** Listed deviations at steps that agree, in step order. */
  readonly stale: readonly StaleDeviation[];
  readonly failure?: StepDifference;
}

export interface VerdictOptions {
  /** The scenario's file, as shown (passed to the simulator's runner). */
  readonly file?: string;
  /** The name of the native side in reasons ("wine", "windows"). */
  readonly label?: string;
  /** The known deviations of this scenario, by step. */
  readonly deviations?: ReadonlyMap<number, Deviation>;
  /** The causes whose matchers may explain any step, tried in order. */
  readonly causes?: ReadonlyMap<string, Cause>;
  /** The harness's standard error, quoted when it stopped without an end line. */
  readonly stderr?: string;
}

const PROTOCOL_INFO_FIELDS = ["iAddressFamily", "iSocketType", "iProtocol"];

/**
 * What the two sides compare: a WSAPROTOCOL_INFO only by its family, type and protocol (Wine
 * fills the provider fields differently and stores its handle in dwServiceFlags3, a known
 * deviation that is not about any one step); the harness's raw bytes are dropped with the rest.
 */
export function comparable(outputs: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...outputs };
  for (const key of ["lpProtocolInfo", "optval"]) {
    const info = result[key];
    if (typeof info === "object" && info !== null && "iAddressFamily" in info) {
      const fields = info as Record<string, unknown>;
      result[key] = Object.fromEntries(PROTOCOL_INFO_FIELDS.map((f) => [f, fields[f]]));
    }
  }
  return result;
}

/** A harness step as the runner's StepTrace (timing dropped), so observe() can read it. */
function asStepTrace(step: HarnessStep): StepTrace {
  const { us: _timing, ...rest } = step;
  return { ...rest, outputs: comparable(step.outputs), rules: [], expectations: [] };
}

const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));

/** The first place where `actual` does not match the partial `pinned` value. */
function subsetDifference(pinned: unknown, actual: unknown, path: string): string | undefined {
  if (typeof pinned === "object" && pinned !== null) {
    if (Array.isArray(pinned)) {
      if (!Array.isArray(actual) || actual.length !== pinned.length)
        return `${path}: listed ${show(pinned)}, got ${show(actual)}`;
      for (let i = 0; i < pinned.length; i++) {
        const d = subsetDifference(pinned[i], actual[i], `${path}[${i}]`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    if (typeof actual !== "object" || actual === null || Array.isArray(actual))
      return `${path}: listed ${show(pinned)}, got ${show(actual)}`;
    for (const [key, value] of Object.entries(pinned)) {
      const d = subsetDifference(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(pinned, actual)
    ? undefined
    : `${path}: listed ${show(pinned)}, got ${show(actual)}`;
}

/** Where a pinned answer and the native one differ (one line), or undefined when it matches. */
export function pinDifference(pin: Pin, step: ObservedStep, label: string): string | undefined {
  for (const key of ["blocked", "ok", "ret", "error", "outputs"] as const) {
    if (!(key in pin)) continue;
    const d = subsetDifference(pin[key], step[key], key);
    if (d !== undefined) return d.replace(", got ", `, ${label} `);
  }
  return undefined;
}

const whereOf = (step: { process: string; thread: string }) =>
  step.thread === "main" ? step.process : `${step.process}/${step.thread}`;

/** The first cause whose matchers explain the step's difference, and whether that matcher says the step changes state. */
function explainingCause(
  causes: ReadonlyMap<string, Cause>,
  step: Scenario["steps"][number] | undefined,
  sim: ObservedStep,
  native: ObservedStep,
  differs: readonly Field[],
): { name: string; changesState: boolean } | undefined {
  if (step === undefined) return undefined;
  for (const [name, cause] of causes) {
    const matcher = cause.match?.find((m) => matches(m, step, sim, native, differs));
    if (matcher !== undefined) return { name, changesState: matcher.changesState === true };
  }
  return undefined;
}

/** Compares the native trace with the simulator's run of `scenario`, every step. */
export function compareTrace(
  scenario: Scenario,
  trace: Pick<HarnessTrace, "steps" | "end">,
  options: VerdictOptions = {},
): ScenarioVerdict {
  const label = options.label ?? "wine";
  const listedAt = options.deviations ?? new Map<number, Deviation>();
  const causes = options.causes ?? new Map<string, Cause>();
  const simulated = runScenario(options.file ?? "scenario", scenario).steps.map((s) => ({
    ...s,
    outputs: comparable(s.outputs),
  }));
  const reference = observe(simulated, DEFAULT_IGNORED, scenario);
  const actual = observe(trace.steps.map(asStepTrace), DEFAULT_IGNORED, scenario);
  const listed: ListedDifference[] = [];
  const explained: ExplainedDifference[] = [];
  const stale: StaleDeviation[] = [];
  let compared = 0;
  let agreed = 0;
  let unexplained = 0;
  let carried = 0;
  let uncompared = 0;
  // The last error each side's thread holds before the step (0 when a thread starts).
  const held = new Map<string, { sim: string; native: string }>();
  const consequences = new Consequences();
  let first: StepDifference | undefined;
  const differ = (difference: StepDifference) => {
    unexplained++;
    first ??= difference;
  };
  const verdict = (stop?: StepDifference): ScenarioVerdict => {
    if (stop !== undefined) differ(stop);
    return {
      kind:
        first !== undefined
          ? "failed"
          : listed.length > 0 || explained.length > 0
            ? "listed"
            : "agree",
      steps: scenario.steps.length,
      compared,
      agreed,
      listed,
      explained,
      unexplained,
      carried,
      uncompared,
      stale,
      ...(first === undefined ? {} : { failure: first }),
    };
  };

  for (let i = 0; i < Math.min(reference.length, actual.length); i++) {
    const sim = reference[i] as ObservedStep;
    const native = actual[i] as ObservedStep;
    const at = { index: i, where: whereOf(sim), call: sim.call };
    // A trace made from another version of the scenario would compare unrelated calls.
    if (native.process !== sim.process || native.thread !== sim.thread || native.call !== sim.call)
      return verdict({
        ...at,
        reason: `the ${label} trace is not of this scenario: its step ${i} is ${whereOf(native)}: ${native.call}`,
        simulator: sim,
        native,
      });
    compared++;
    const thread = `${sim.process}\u0000${sim.thread}`;
    const before = held.get(thread) ?? { sim: "0", native: "0" };
    held.set(thread, { sim: sim.error, native: native.error });
    // A process that exits takes its threads' last errors with it; a new one starts at 0.
    if (sim.call === "ExitProcess")
      for (const key of [...held.keys()])
        if (key.startsWith(`${sim.process}\u0000`)) held.delete(key);
    const difference = stepDifference(sim, native)?.replace(", implementation ", `, ${label} `);
    const deviation = listedAt.get(i);
    if (difference === undefined) {
      agreed++;
      if (deviation !== undefined) stale.push({ ...at, deviation });
      continue;
    }
    const both = { ...at, reason: difference, simulator: sim, native };
    const written = scenario.steps[i] as Scenario["steps"][number];
    // A last error each side already held is not this step's doing: it is left out of what
    // the step differs in, and a step that differs in nothing else is carried.
    const carriedError = sim.error === before.sim && native.error === before.native;
    const differs = differingFields(sim, native).filter((f) => !(f === "error" && carriedError));
    if (deviation === undefined && differs.length === 0) {
      carried++;
      continue;
    }
    let cause: string | undefined;
    let follows: number | undefined;
    let changesState = false;
    if (deviation !== undefined) {
      const changed =
        deviation.wine === undefined ? undefined : pinDifference(deviation.wine, native, label);
      if (changed === undefined) {
        listed.push({ ...both, deviation });
        cause = deviation.cause;
      } else
        differ({
          ...both,
          reason: `the listed deviation changed: ${changed} (${deviation.cause}; ${difference})`,
        });
    } else {
      // A step on a name that an explained step saved differently follows from it first.
      const made = consequences.savedOriginOf(written);
      if (made?.cause !== undefined) {
        cause = made.cause;
        follows = made.index;
      }
      const explanation =
        cause === undefined ? explainingCause(causes, written, sim, native, differs) : undefined;
      cause ??= explanation?.name;
      changesState = explanation?.changesState === true;
      if (cause === undefined) {
        const origin = consequences.originOf(written, sim, differs);
        if (origin !== undefined) {
          cause = origin.cause;
          follows = origin.index;
        }
      }
      if (cause !== undefined)
        explained.push({ ...both, cause, ...(follows === undefined ? {} : { follows }) });
      else differ(both);
    }
    consequences.differed(
      written,
      sim,
      native,
      differs,
      { index: follows ?? i, cause },
      changesState,
    );
  }

  if (actual.length < reference.length) {
    const i = actual.length;
    const sim = reference[i] as ObservedStep;
    const end = trace.end;
    // The native side crashed in this step's call: a cause may say why (Wine writing through a
    // NULL pointer Windows checks); the steps after it cannot be compared.
    const written = scenario.steps[i];
    if (end?.end === "crashed" && end.step === i && written !== undefined) {
      const cause = [...causes].find(([, c]) =>
        c.match?.some((m) => matchesCrash(m, written, sim)),
      )?.[0];
      if (cause !== undefined) {
        explained.push({
          index: i,
          where: whereOf(sim),
          call: sim.call,
          reason: `${label} crashed: ${end.detail}`,
          simulator: sim,
          native: undefined,
          cause,
        });
        uncompared = reference.length - i - 1;
        return verdict();
      }
    }
    const lastError = options.stderr?.trim().split("\n").pop();
    const why =
      end !== undefined
        ? `${end.end}: ${end.detail}`
        : `no end line${lastError ? ` (${lastError})` : ""}`;
    return verdict({
      index: i,
      where: whereOf(sim),
      call: sim.call,
      reason: `the ${label} trace stops after ${i} of ${reference.length} steps; ${why}`,
      simulator: sim,
      native: undefined,
    });
  }
  if (actual.length > reference.length) {
    const i = reference.length;
    return verdict({
      index: i,
      reason: `the ${label} trace has ${actual.length} steps, the scenario ${reference.length}`,
      simulator: undefined,
      native: actual[i],
    });
  }
  return verdict();
}

/** The former name of compareTrace (kept for callers of harness/conformance.ts). */
export const compareRun = (
  scenario: Scenario,
  trace: Pick<HarnessTrace, "steps" | "end">,
  file = "scenario",
  options: Omit<VerdictOptions, "file"> = {},
): ScenarioVerdict => compareTrace(scenario, trace, { ...options, file });
