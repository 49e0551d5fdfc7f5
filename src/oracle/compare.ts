/**
 * Comparing an implementation with the simulator on one scenario.
 *
 * Both run the scenario through the same runner (src/scenario/run.ts), each against its own
 * World. Values that legitimately differ between implementations are made symbolic before the
 * comparison: handle values (SOCKET, WSAEVENT, HWND) become h1, h2, ... per process in order of
 * first appearance, port numbers p1, p2, ... in order of first appearance; process ids never
 * appear in results (scenarios only pass them, as "@P"). Then each step's ret, error, blocked,
 * ok and outputs are compared, and the first step that differs is reported.
 */
import { parseScenario } from "../scenario/read.js";
import { runScenario, type StepTrace } from "../scenario/run.js";
import { type Scenario, ScenarioError, type ScenarioStep } from "../scenario/types.js";
import { toNumber } from "../scenario/values.js";
import { simulatorWorld, type World } from "../scenario/world.js";
import { BRIEF_LENGTH, brief } from "./brief.js";
import { firstScheduleDifference } from "./schedules.js";

/**
 * A step's result with implementation-specific values made symbolic: the trace's fields, with
 * ret a handle as "h1", "h2", ... where it is one, and outputs with handles and ports symbolic
 * and ignored fields removed. Rules, expectations and the clock are the simulator's own.
 */
export type ObservedStep = Omit<StepTrace, "rules" | "expectations" | "clock" | "outputs"> & {
  readonly outputs: Readonly<Record<string, unknown>>;
};

export interface CompareOptions {
  /**
   * Output fields left out of the comparison wherever they appear (by field name). Default
   * DEFAULT_IGNORED: dwProviderReserved, which the SPI reserves for the provider's own use.
   */
  readonly ignore?: readonly string[];
  /**
   * "always" (default) compares WSAGetLastError after every step, as Windows leaves it after
   * successful calls too; "onFailure" compares it only after steps that failed.
   */
  readonly lastError?: "always" | "onFailure";
  /** The reference World (default: a fresh simulator). */
  readonly reference?: () => World;
  /**
   * For a scenario with concurrent lanes, the schedules compared at most (default 1,000,
   * DEFAULT_MAX_SCHEDULES): compareScenario compares every schedule (schedules.ts).
   */
  readonly maxSchedules?: number;
}

/** The output fields ignored unless `ignore` says otherwise. */
export const DEFAULT_IGNORED: readonly string[] = ["dwProviderReserved"];

/** The first step where the implementation differs from the reference. */
export interface Difference {
  /** Index of the first differing step in `scenario.steps`. */
  readonly index: number;
  /** That step, as written in the scenario. */
  readonly step: ScenarioStep;
  /** One line: what differs, with both values (long ones abbreviated, full in `values`). */
  readonly reason: string;
  /** What differs in full: the field ("ret", "outputs.lpProtocolInfo", ...) and both values. */
  readonly values?: FieldDifference;
  /** The reference's (the simulator's) result at that step. */
  readonly reference: ObservedStep;
  /** The implementation's result; undefined when it threw instead. */
  readonly implementation: ObservedStep | undefined;
  /** What the implementation (or its World) threw at that step, if it threw. */
  readonly thrown?: unknown;
  /** The whole scenario that was run. */
  readonly scenario: Scenario;
}

/** Calls whose successful return value is a new handle. */
const HANDLE_RETURNS = new Set([
  "socket",
  "WSASocket",
  "WSASocketA",
  "WSASocketW",
  "accept",
  "WSACreateEvent",
  "CreateWindow",
  // A new port's handle, or, for an association, the ExistingCompletionPort it was given.
  "CreateIoCompletionPort",
]);

const ADDRESS = /^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.%]*\]):(\d+)$/;

/** Symbolic names for one run's handles (per process) and ports (machine-wide). */
class Symbols {
  readonly #handles = new Map<string, Map<number, string>>();
  readonly #counts = new Map<string, number>();
  readonly #ports = new Map<string, string>();

  /** A handle just returned by a creating call: always a new name (values may be reused). */
  fresh(process: string, value: number): string {
    const count = (this.#counts.get(process) ?? 0) + 1;
    this.#counts.set(process, count);
    const name = `h${count}`;
    let table = this.#handles.get(process);
    if (table === undefined) {
      table = new Map();
      this.#handles.set(process, table);
    }
    table.set(value, name);
    return name;
  }

  /** A handle seen in an output: its name, or a new one if it was never returned. */
  handle(process: string, value: unknown): unknown {
    if (typeof value !== "number" || value === 0) return value;
    return this.#handles.get(process)?.get(value) ?? this.fresh(process, value);
  }

  /** Ports are per protocol: `space` is the socket type the address was read from. */
  port(port: number, space: string): string {
    if (port === 0) return "0";
    const key = `${space}:${port}`;
    let name = this.#ports.get(key);
    if (name === undefined) {
      name = `p${this.#ports.size + 1}`;
      this.#ports.set(key, name);
    }
    return name;
  }

  /** Replaces ports in address strings and drops ignored fields, anywhere in a value. */
  clean(value: unknown, ignore: ReadonlySet<string>, space = ""): unknown {
    if (typeof value === "string") {
      const match = ADDRESS.exec(value);
      return match === null ? value : `${match[1]}:${this.port(Number(match[2]), space)}`;
    }
    if (Array.isArray(value)) return value.map((v) => this.clean(v, ignore, space));
    if (value instanceof Uint8Array) return [...value];
    if (typeof value === "object" && value !== null) {
      const result: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (!ignore.has(key) && v !== undefined) result[key] = this.clean(v, ignore, space);
      }
      return result;
    }
    return value;
  }
}

/**
 * Handles inside a call's outputs (fd sets, WSAPOLLFD entries, window messages, DuplicateHandle's
 * copy), made symbolic.
 */
function symbolizeOutputs(
  symbols: Symbols,
  process: string,
  call: string,
  outputs: Record<string, unknown>,
): Record<string, unknown> {
  const handles = (list: unknown) =>
    Array.isArray(list) ? list.map((h) => symbols.handle(process, h)) : list;
  switch (call) {
    case "select":
      return {
        ...outputs,
        readfds: handles(outputs.readfds),
        writefds: handles(outputs.writefds),
        exceptfds: handles(outputs.exceptfds),
      };
    case "WSAPoll": {
      const fds = outputs.fdArray;
      if (!Array.isArray(fds)) return outputs;
      return {
        ...outputs,
        fdArray: fds.map((e: Record<string, unknown>) => ({
          ...e,
          fd: symbols.handle(process, e.fd),
        })),
      };
    }
    case "PeekMessage": {
      const msg = outputs.lpMsg as Record<string, unknown> | null | undefined;
      if (msg === null || msg === undefined) return outputs;
      return {
        ...outputs,
        lpMsg: {
          ...msg,
          hwnd: symbols.handle(process, msg.hwnd),
          wParam: symbols.handle(process, msg.wParam),
        },
      };
    }
    case "DuplicateHandle": {
      // A new handle, made in the target process; 0 when the call made none.
      const made = outputs.lpTargetHandle;
      if (typeof made !== "number" || made === 0) return outputs;
      return { ...outputs, lpTargetHandle: symbols.fresh(process, made) };
    }
    default:
      return outputs;
  }
}

/**
 * The socket type (as written) each step's socket argument was created with, as far as the
 * scenario says: ports of stream and datagram sockets are numbered apart, as Windows does.
 */
function socketTypes(scenario: Scenario | undefined): string[] {
  const types = new Map<string, string>();
  const typeOf = (value: unknown): string =>
    typeof value === "string" && value.startsWith("$") ? (types.get(value.slice(1)) ?? "") : "";
  const named = (value: unknown): string => {
    try {
      return String(toNumber(value));
    } catch {
      return String(value);
    }
  };
  // GetAcceptExSockaddrs names no socket: its addresses are of the listener an AcceptEx with
  // the same OVERLAPPED (of the same process) was given, so its ports are numbered with theirs.
  const acceptSpaces = new Map<string, string>();
  return (scenario?.steps ?? []).map((step) => {
    const args = step.args ?? {};
    const overlapped = `${step.process}\u0000${String(args.lpOverlapped ?? args.lpOutputBuffer)}`;
    if (step.call === "AcceptEx") acceptSpaces.set(overlapped, typeOf(args.sListenSocket));
    const space =
      step.call === "GetAcceptExSockaddrs" ? (acceptSpaces.get(overlapped) ?? "") : typeOf(args.s);
    if (typeof step.save === "string") {
      if (step.call === "accept") types.set(step.save, space);
      else if (step.call.startsWith("WSADuplicateSocket")) types.set(step.save, space);
      else if (step.call === "socket" || step.call.startsWith("WSASocket")) {
        const type = named(args.type ?? "FROM_PROTOCOL_INFO");
        const fromInfo = type === named("FROM_PROTOCOL_INFO");
        types.set(step.save, fromInfo ? typeOf(args.lpProtocolInfo) : type);
      }
    }
    return space;
  });
}

/** Whether a CreateIoCompletionPort step names an existing port (so returns that handle). */
function joinsPort(args: Readonly<Record<string, unknown>> | undefined): boolean {
  const existing = args?.ExistingCompletionPort;
  return existing !== undefined && existing !== null && existing !== 0 && existing !== "NULL";
}

/**
 * A run's steps with handles and ports made symbolic and ignored fields removed, so that two
 * implementations' traces compare equal when they behave alike. Give the scenario so that
 * ports of stream and datagram sockets are told apart.
 */
export function observe(
  steps: readonly StepTrace[],
  ignore: readonly string[] = DEFAULT_IGNORED,
  scenario?: Scenario,
): ObservedStep[] {
  const symbols = new Symbols();
  const ignored = new Set(ignore);
  const spaces = socketTypes(scenario);
  // An await finishes the call its thread blocked in: its result is read as that call's.
  const blockedIn = new Map<string, string>();
  return steps.map((s, i) => {
    const thread = `${s.process}\u0000${s.thread}`;
    const call = s.call === "await" ? (blockedIn.get(thread) ?? s.call) : s.call;
    if (s.blocked) blockedIn.set(thread, call);
    else blockedIn.delete(thread);
    let ret = s.ret;
    if (HANDLE_RETURNS.has(call) && s.ok && !s.blocked && typeof ret === "number") {
      const existing = call === "CreateIoCompletionPort" && joinsPort(scenario?.steps[i]?.args);
      ret = existing ? (symbols.handle(s.process, ret) as string) : symbols.fresh(s.process, ret);
    }
    const outputs = symbols.clean(
      symbolizeOutputs(symbols, s.process, call, s.outputs),
      ignored,
      spaces[i] ?? "",
    ) as Record<string, unknown>;
    return {
      index: s.index,
      process: s.process,
      thread: s.thread,
      call: s.call,
      ret,
      error: s.error,
      blocked: s.blocked,
      ok: s.ok,
      outputs,
    };
  });
}

/** A value in a report line: strings as they are, anything else as JSON; long ones cut short. */
function show(value: unknown): string {
  if (typeof value !== "string") return brief(value);
  return value.length <= BRIEF_LENGTH ? value : `${value.slice(0, BRIEF_LENGTH - 1)}…`;
}

/** The first thing that differs between two observed steps, with both values in full. */
export interface FieldDifference {
  /** "blocked", "ok", "ret", "error (WSAGetLastError)" or the output's path ("outputs.buf"). */
  readonly field: string;
  readonly reference: unknown;
  readonly implementation: unknown;
}

function describeField(d: FieldDifference): string {
  return `${d.field}: simulator ${show(d.reference)}, implementation ${show(d.implementation)}`;
}

/** The first path where two decoded values differ, or undefined when equal. */
function firstDifference(
  a: unknown,
  b: unknown,
  path: string,
): { path: string; a: unknown; b: unknown } | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return { path: `${path}.length`, a: a.length, b: b.length };
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (
    typeof a === "object" &&
    typeof b === "object" &&
    a !== null &&
    b !== null &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return { path, a, b };
}

/** Why two observed steps differ (one line), or undefined when they agree. */
export function stepDifference(
  reference: ObservedStep,
  implementation: ObservedStep,
  options: Pick<CompareOptions, "lastError"> = {},
): string | undefined {
  const d = fieldDifference(reference, implementation, options);
  return d === undefined ? undefined : describeField(d);
}

/** What two observed steps differ in first, in the order blocked, ok, ret, error, outputs. */
export function fieldDifference(
  reference: ObservedStep,
  implementation: ObservedStep,
  options: Pick<CompareOptions, "lastError">,
): FieldDifference | undefined {
  const say = (field: string, a: unknown, b: unknown): FieldDifference => ({
    field,
    reference: a,
    implementation: b,
  });
  if (reference.blocked !== implementation.blocked)
    return say("blocked", reference.blocked, implementation.blocked);
  if (reference.ok !== implementation.ok) return say("ok", reference.ok, implementation.ok);
  if (!Object.is(reference.ret, implementation.ret))
    return say("ret", reference.ret, implementation.ret);
  const compareError = (options.lastError ?? "always") === "always" || !reference.ok;
  if (compareError && reference.error !== implementation.error)
    return say("error (WSAGetLastError)", reference.error, implementation.error);
  const d = firstDifference(reference.outputs, implementation.outputs, "outputs");
  return d === undefined ? undefined : say(d.path, d.a, d.b);
}

/** Runs `scenario`; returns the trace, or what was thrown and at which step. */
function tryRun(
  scenario: Scenario,
  world: () => World,
): { steps: readonly StepTrace[] } | { thrown: unknown } {
  try {
    return { steps: runScenario("implementation", scenario, world()).steps };
  } catch (error) {
    return { thrown: error };
  }
}

/**
 * The steps an implementation completed before it threw, and the index of the step that threw.
 * A ScenarioError names its step; for anything else the shortest throwing prefix is searched
 * (each run starts from a fresh World, so a deterministic implementation throws at one step).
 */
function locateThrow(
  scenario: Scenario,
  world: () => World,
  thrown: unknown,
): { index: number; steps: readonly StepTrace[]; thrown: unknown } {
  const prefix = (n: number): Scenario => ({ ...scenario, steps: scenario.steps.slice(0, n) });
  let lo = 0; // a prefix known to run
  let hi = scenario.steps.length; // a prefix known to throw
  let error = thrown;
  const named = thrown instanceof ScenarioError ? /^step (\d+)/.exec(thrown.place) : null;
  if (named !== null) {
    hi = Number(named[1]) + 1;
  } else {
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const run = tryRun(prefix(mid), world);
      if ("thrown" in run) {
        hi = mid;
        error = run.thrown;
      } else lo = mid;
    }
  }
  const before = tryRun(prefix(hi - 1), world);
  return { index: hi - 1, steps: "steps" in before ? before.steps : [], thrown: error };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs `scenario` on a fresh World from `implementation` and on the reference (the simulator),
 * and returns the first step where they differ, or undefined when they agree on every step.
 * Throws if the reference itself cannot run the scenario (a malformed scenario).
 *
 * A scenario with concurrent lanes is compared on every schedule (compareSchedules), not only
 * the first one `runScenario` would run: the result is the first difference in exploration
 * order, on the plain scenario of the schedule that shows it, and a comparison stopped by
 * `maxSchedules` before it found one throws rather than report agreement it did not check.
 */
export function compareScenario(
  scenario: Scenario,
  implementation: () => World,
  options: CompareOptions = {},
): Difference | undefined {
  if (scenario.concurrent !== undefined)
    return firstScheduleDifference(scenario, implementation, options);
  const reference = options.reference ?? (() => simulatorWorld());
  const ignore = options.ignore ?? DEFAULT_IGNORED;
  const expected = observe(runScenario("reference", scenario, reference()).steps, ignore, scenario);
  const run = tryRun(scenario, implementation);
  const located =
    "thrown" in run
      ? locateThrow(scenario, implementation, run.thrown)
      : { index: scenario.steps.length, steps: run.steps, thrown: undefined };
  const actual = observe(located.steps, ignore, scenario);
  const compared = Math.min(located.index, actual.length, expected.length);
  for (let i = 0; i < compared; i++) {
    const ref = expected[i] as ObservedStep;
    const impl = actual[i] as ObservedStep;
    const values = fieldDifference(ref, impl, options);
    if (values !== undefined)
      return {
        index: i,
        step: scenario.steps[i] as ScenarioStep,
        reason: describeField(values),
        values,
        reference: ref,
        implementation: impl,
        scenario,
      };
  }
  if (located.index < scenario.steps.length) {
    const i = located.index;
    return {
      index: i,
      step: scenario.steps[i] as ScenarioStep,
      reason: `the implementation threw (${errorText(located.thrown)}); the simulator did not`,
      reference: expected[i] as ObservedStep,
      implementation: undefined,
      thrown: located.thrown,
      scenario,
    };
  }
  return undefined;
}

/** Calls whose return value is a handle (not portable) or whose ok is decided by ret. */
function portableRet(observed: ObservedStep): number | string | undefined {
  if (observed.blocked || observed.ret === null) return undefined;
  // A port's symbolic name is compared: an association must return the port it was given.
  if (
    HANDLE_RETURNS.has(observed.call) &&
    observed.ok &&
    observed.call !== "CreateIoCompletionPort"
  )
    return undefined;
  return observed.ret;
}

/**
 * The counterexample as a scenario file: the steps up to and including the first differing
 * one, which carries the simulator's result as expectations (ok, ret when it is not a handle,
 * error, blocked) and a comment with the reason. `winsock-sim run` passes it on the simulator;
 * `runScenario(file, scenario, yourWorld())` fails it on the implementation.
 */
export function counterexample(difference: Difference): Scenario {
  const { index, reference } = difference;
  const expect: Record<string, unknown> = { ok: reference.ok };
  const ret = portableRet(reference);
  if (ret !== undefined) expect.ret = ret;
  if (!reference.blocked) expect.error = reference.error;
  else expect.blocked = true;
  const steps = difference.scenario.steps.slice(0, index + 1).map((step, i) =>
    i === index
      ? ({
          ...step,
          expect: { ...step.expect, ...expect },
          comment: `first difference: ${difference.reason}`,
        } as ScenarioStep)
      : step,
  );
  return { ...difference.scenario, steps };
}

function describeObserved(observed: ObservedStep | undefined): string {
  if (observed === undefined) return "(no result)";
  const parts = [observed.blocked ? "blocked" : `ret ${show(observed.ret)}`];
  parts.push(observed.ok ? "ok" : "failed", `error ${observed.error}`);
  if (Object.keys(observed.outputs).length > 0) parts.push(`outputs ${brief(observed.outputs)}`);
  return parts.join(", ");
}

/** A report of a difference: the step, both results, the reason, and the scenario file. */
export function formatDifference(difference: Difference): string {
  const { index, step } = difference;
  const where = step.thread === undefined ? step.process : `${step.process}/${step.thread}`;
  const file = counterexample(difference);
  return [
    `The implementation differs from the simulator at step ${index} (${where}: ${step.call}): ${difference.reason}`,
    `  step:           ${brief(step, 2 * BRIEF_LENGTH)}`,
    `  simulator:      ${describeObserved(difference.reference)}`,
    `  implementation: ${
      difference.implementation === undefined
        ? `threw ${errorText(difference.thrown)}`
        : describeObserved(difference.implementation)
    }`,
    `Counterexample (${file.steps.length} steps; save it as a .json file, replay it with \`npx winsock-sim run FILE\` on the simulator or compareScenario in a test):`,
    scenarioJson(file),
  ].join("\n");
}

/** A scenario as the text of a scenario file, one step per line. */
export function scenarioJson(scenario: Scenario): string {
  const { steps, ...rest } = scenario;
  const head = Object.entries(rest).map(
    ([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`,
  );
  const body = steps.map(
    (step, i) => `    ${JSON.stringify(step)}${i < steps.length - 1 ? "," : ""}`,
  );
  return ["{", ...head, '  "steps": [', ...body, "  ]", "}"].join("\n");
}

/** Reads a scenario file's text (as `winsock-sim run` does) for compareScenario. */
export function readScenario(file: string, text: string): Scenario {
  return parseScenario(file, text);
}
