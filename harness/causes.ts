/**
 * Causes that match steps: a cause of the deviations file may say which differences it explains
 * by call, arguments and outcome, so that it applies to any scenario, written or random, instead
 * of to listed steps only.
 *
 * A matcher explains a differing step when the call is one of its calls, the step's arguments
 * (as written in the scenario) include its `args`, each side's result includes its pinned
 * values, and every field that differs is one of its `differs`. The last condition is what keeps
 * a broad matcher honest: a cause about the last error cannot hide a step whose return value
 * differs too.
 */
import type { ObservedStep } from "../src/oracle/compare.js";
import { toNumber } from "../src/scenario/values.js";
import { isObject, kindOf, listWords } from "./json-kind.js";

/** What a matcher can pin of one side's result: a partial observed step. */
export interface Pin {
  readonly ret?: number | string | null;
  readonly error?: string;
  readonly ok?: boolean;
  readonly blocked?: boolean;
  /** Compared as a subset: only the fields given must match. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** The fields of an observed step that are compared, in the order the comparison reports them. */
export const FIELDS = ["blocked", "ok", "ret", "error", "outputs"] as const;
export type Field = (typeof FIELDS)[number];

export interface Matcher {
  /** The calls it applies to (as the scenario names them); every call when absent. */
  readonly calls?: readonly string[];
  /** Arguments the step must have, as written in the scenario (numbers and names compare by value). */
  readonly args?: Readonly<Record<string, unknown>>;
  /** The fields allowed to differ; the step must differ in at least one, and in no other. */
  readonly differs: readonly Field[];
  /**
   * A matcher for a step where the native side crashed (the harness's trace ends there with
   * the exception): it matches only such a step, by call, arguments and the simulator's answer.
   */
  readonly crashes?: boolean;
  /**
   * The step leaves the objects it used (its `$name` arguments) in different states on the two
   * sides, so later differences on them follow from it (harness/follows.ts).
   */
  readonly changesState?: boolean;
  readonly simulator?: Pin;
  readonly wine?: Pin;
}

/** How far the cause's account of Windows is established. */
export const BASES = ["windows", "documentation", "unverified"] as const;
export type Basis = (typeof BASES)[number];

export const PIN_KEYS: readonly string[] = FIELDS;
const MATCHER_KEYS = ["calls", "args", "differs", "crashes", "changesState", "simulator", "wine"];

export const PIN_CHECKS: Readonly<Record<string, [(v: unknown) => boolean, string]>> = {
  ret: [
    (v) => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v)),
    'a number, a string (a symbolic handle such as "h1", or "INVALID_SOCKET") or null',
  ],
  error: [(v) => typeof v === "string", 'an error name as a string ("WSAEINVAL", "0" for none)'],
  ok: [(v) => typeof v === "boolean", "true or false"],
  blocked: [(v) => typeof v === "boolean", "true or false"],
  outputs: [isObject, "an object (the outputs that must match, a subset)"],
};

/** Where one problem is and what was expected there (the deviations reader reports them). */
export type Problem = (place: string, expected: string) => void;

/** Checks a pin (a partial observed step); undefined when it cannot be used. */
export function readPin(value: unknown, path: string, problem: Problem): Pin | undefined {
  if (!isObject(value)) {
    problem(
      path,
      `expected a partial observed step (an object with some of ${listWords(PIN_KEYS)}), got ${kindOf(value)}`,
    );
    return undefined;
  }
  let good = true;
  for (const key of Object.keys(value))
    if (!PIN_KEYS.includes(key)) {
      problem(`${path}.${key}`, `expected only the keys ${listWords(PIN_KEYS)} here`);
      good = false;
    }
  if (!PIN_KEYS.some((key) => key in value)) {
    problem(path, `expected at least one of ${listWords(PIN_KEYS)}`);
    good = false;
  }
  for (const [key, [check, what]] of Object.entries(PIN_CHECKS)) {
    if (key in value && !check(value[key])) {
      problem(`${path}.${key}`, `expected ${what}, got ${kindOf(value[key])}`);
      good = false;
    }
  }
  return good ? (value as Pin) : undefined;
}

/** Checks a cause's `match` (an array of matchers); undefined when any of them cannot be used. */
export function readMatchers(
  value: unknown,
  path: string,
  problem: Problem,
): Matcher[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problem(path, `expected a non-empty array of matchers, got ${kindOf(value)}`);
    return undefined;
  }
  const matchers: Matcher[] = [];
  let good = true;
  value.forEach((m, i) => {
    const matcher = readMatcher(m, `${path}[${i}]`, problem);
    if (matcher === undefined) good = false;
    else matchers.push(matcher);
  });
  return good ? matchers : undefined;
}

function readMatcher(value: unknown, path: string, problem: Problem): Matcher | undefined {
  if (!isObject(value)) {
    problem(path, `expected an object with ${listWords(MATCHER_KEYS)}, got ${kindOf(value)}`);
    return undefined;
  }
  let good = true;
  const bad = (place: string, expected: string) => {
    problem(place, expected);
    good = false;
  };
  for (const key of Object.keys(value))
    if (!MATCHER_KEYS.includes(key))
      bad(`${path}.${key}`, `expected only the keys ${listWords(MATCHER_KEYS)} here`);
  const { calls, args, differs, crashes, changesState } = value;
  if (crashes !== undefined && crashes !== true)
    bad(`${path}.crashes`, `expected true (or no crashes key), got ${kindOf(crashes)}`);
  if (changesState !== undefined && changesState !== true)
    bad(
      `${path}.changesState`,
      `expected true (or no changesState key), got ${kindOf(changesState)}`,
    );
  if (
    calls !== undefined &&
    (!Array.isArray(calls) ||
      calls.length === 0 ||
      !calls.every((c) => typeof c === "string" && c !== ""))
  )
    bad(`${path}.calls`, `expected a non-empty array of call names, got ${kindOf(calls)}`);
  if (args !== undefined && !isObject(args))
    bad(`${path}.args`, `expected an object of arguments, got ${kindOf(args)}`);
  // A crash has no native answer to compare field by field: its matcher names no fields.
  if (crashes === true) {
    if (differs !== undefined) bad(`${path}.differs`, "expected no differs with crashes: true");
    if ("wine" in value) bad(`${path}.wine`, "expected no wine answer with crashes: true");
  } else if (
    !Array.isArray(differs) ||
    differs.length === 0 ||
    !differs.every((f) => (FIELDS as readonly unknown[]).includes(f)) ||
    new Set(differs).size !== differs.length
  )
    bad(
      `${path}.differs`,
      `expected a non-empty array of distinct fields among ${listWords(FIELDS)}, got ${kindOf(differs)}`,
    );
  const simulator =
    "simulator" in value ? readPin(value.simulator, `${path}.simulator`, problem) : undefined;
  const wine = "wine" in value ? readPin(value.wine, `${path}.wine`, problem) : undefined;
  if (("simulator" in value && simulator === undefined) || ("wine" in value && wine === undefined))
    good = false;
  if (!good) return undefined;
  return {
    differs: crashes === true ? [] : (differs as Field[]),
    ...(crashes === true ? { crashes: true } : {}),
    ...(changesState === true ? { changesState: true } : {}),
    ...(calls === undefined ? {} : { calls: calls as string[] }),
    ...(args === undefined ? {} : { args: args as Record<string, unknown> }),
    ...(simulator === undefined ? {} : { simulator }),
    ...(wine === undefined ? {} : { wine }),
  };
}

/** Deep equality of decoded JSON values (key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!sameValue(a[key], b[key])) return false;
  return true;
}

/** The fields in which two observed steps differ, in FIELDS order. */
export function differingFields(simulator: ObservedStep, native: ObservedStep): Field[] {
  return FIELDS.filter((field) => !sameValue(simulator[field], native[field]));
}

/** Whether `actual` includes `pinned`: objects as subsets, arrays and the rest exactly. */
export function includes(pinned: unknown, actual: unknown): boolean {
  if (isObject(pinned)) {
    if (!isObject(actual)) return false;
    return Object.entries(pinned).every(([key, value]) => includes(value, actual[key]));
  }
  if (Array.isArray(pinned))
    return (
      Array.isArray(actual) &&
      actual.length === pinned.length &&
      pinned.every((x, i) => includes(x, actual[i]))
    );
  return Object.is(pinned, actual);
}

/** Whether a step's result includes every pinned field. */
export function pinMatches(pin: Pin, step: ObservedStep): boolean {
  return FIELDS.every((field) => !(field in pin) || includes(pin[field], step[field]));
}

/** An argument as written against the matcher's: the same value, or the same number. */
function sameArgument(pinned: unknown, written: unknown): boolean {
  if (sameValue(pinned, written)) return true;
  try {
    return toNumber(pinned) === toNumber(written);
  } catch {
    return false;
  }
}

/** The step as written in the scenario: its call and arguments. */
export interface WrittenStep {
  readonly call: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** Whether the matcher's call, arguments and simulator answer fit the step. */
function fitsStep(matcher: Matcher, step: WrittenStep, simulator: ObservedStep): boolean {
  if (matcher.calls !== undefined && !matcher.calls.includes(step.call)) return false;
  if (matcher.args !== undefined) {
    const args = step.args ?? {};
    for (const [name, value] of Object.entries(matcher.args))
      if (!(name in args) || !sameArgument(value, args[name])) return false;
  }
  return matcher.simulator === undefined || pinMatches(matcher.simulator, simulator);
}

/** Whether `matcher` explains the native side crashing at `step`. */
export function matchesCrash(
  matcher: Matcher,
  step: WrittenStep,
  simulator: ObservedStep,
): boolean {
  return matcher.crashes === true && fitsStep(matcher, step, simulator);
}

/**
 * Whether `matcher` explains the difference between the two results of `step`. `differs` is what
 * the step itself changes (by default every differing field; the comparison leaves out a last
 * error that both sides carried from earlier steps).
 */
export function matches(
  matcher: Matcher,
  step: WrittenStep,
  simulator: ObservedStep,
  native: ObservedStep,
  differs: readonly Field[] = differingFields(simulator, native),
): boolean {
  if (matcher.crashes === true || !fitsStep(matcher, step, simulator)) return false;
  if (matcher.wine !== undefined && !pinMatches(matcher.wine, native)) return false;
  return differs.length > 0 && differs.every((field) => matcher.differs.includes(field));
}
