/**
 * Reading a trace that harness.exe wrote (harness/README.md, "The trace"): JSON lines, one per
 * step, then one `end` line. The reader is strict, because a trace may come from another machine
 * (--traces) or from a harness being changed: a line that is not what the format says gives an
 * error naming the file, the line and what was expected, instead of a comparison of garbage.
 *
 * Timing fields (`us` on a step, `startMs` and `stepsMs` on the end line) are read and kept for
 * the benchmark; the comparison never looks at them.
 */
import { readFileSync } from "node:fs";
import type { StepTrace } from "../src/scenario/run.js";
import { isObject, kindOf, listWords } from "./json-kind.js";

/** One step line: the simulator's StepTrace without rules, expectations and clock. */
export type HarnessStep = Omit<StepTrace, "rules" | "expectations" | "clock"> & {
  /** Microseconds the step took in the harness (timing only). */
  readonly us?: number;
};

/** The last line: how the run ended. */
export interface HarnessEnd {
  /**
   * complete: every step was played; failed: a child died or did not answer; crashed: a real
   * call raised an exception nothing handled (an access violation inside Winsock, say), and
   * the run stopped at the step that reported it (`step`, not in the trace) with `exception`.
   */
  readonly end: "complete" | "blocked" | "failed" | "crashed";
  readonly detail: string;
  /** crashed: the index of the step that reported the crash (it has no step line). */
  readonly step?: number;
  /** crashed: the exception code, e.g. "0xC0000005" (an access violation). */
  readonly exception?: string;
  /** The real pid of each scenario process (the trace's handles and pids are raw). */
  readonly pids: Readonly<Record<string, number>>;
  /** Milliseconds spent starting the child processes (timing only). */
  readonly startMs?: number;
  /** Milliseconds spent playing the steps (timing only). */
  readonly stepsMs?: number;
}

export interface HarnessTrace {
  /** Where the trace was read from, as given. */
  readonly file: string;
  readonly steps: readonly HarnessStep[];
  /** Undefined when the harness stopped without writing its end line (it crashed or was killed). */
  readonly end: HarnessEnd | undefined;
}

/** A trace that does not follow the format: the message names the file, the line and the expectation. */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly expected: string,
  ) {
    super(`${file}: line ${line}: ${expected}`);
    this.name = "TraceError";
  }
}

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === "string";
const isBoolean: Check = (v) => typeof v === "boolean";
const isCount: Check = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Each field of a step line: how it is checked and the words for what it must be. */
const STEP_FIELDS: Readonly<Record<string, { check: Check; what: string; optional?: boolean }>> = {
  index: { check: (v) => Number.isInteger(v) && (v as number) >= 0, what: "a step index" },
  process: { check: isString, what: "a process name (a string)" },
  thread: { check: isString, what: "a thread name (a string)" },
  call: { check: isString, what: "a call name (a string)" },
  ret: {
    check: (v) => v === null || isString(v) || (typeof v === "number" && Number.isFinite(v)),
    what: "a number, a string or null",
  },
  error: { check: isString, what: 'an error name (a string, "0" for none)' },
  blocked: { check: isBoolean, what: "true or false" },
  ok: { check: isBoolean, what: "true or false" },
  outputs: { check: isObject, what: "an object of decoded outputs" },
  us: { check: isCount, what: "microseconds (a number ≥ 0)", optional: true },
};

const END_FIELDS: Readonly<Record<string, { check: Check; what: string; optional?: boolean }>> = {
  end: {
    check: (v) => v === "complete" || v === "blocked" || v === "failed" || v === "crashed",
    what: '"complete", "blocked", "failed" or "crashed"',
  },
  detail: { check: isString, what: "a sentence (a string)" },
  step: {
    check: (v) => Number.isInteger(v) && (v as number) >= 0,
    what: "a step index",
    optional: true,
  },
  exception: {
    check: (v) => typeof v === "string" && /^0x[0-9A-F]{8}$/.test(v),
    what: 'an exception code ("0x" and 8 hex digits)',
    optional: true,
  },
  pids: {
    check: (v) => isObject(v) && Object.values(v).every((p) => Number.isInteger(p)),
    what: "an object of process name → pid (integers)",
  },
  startMs: { check: isCount, what: "milliseconds (a number ≥ 0)", optional: true },
  stepsMs: { check: isCount, what: "milliseconds (a number ≥ 0)", optional: true },
};

/** Checks one line's object against its field table; returns the first problem, if any. */
function problem(
  value: Record<string, unknown>,
  fields: typeof STEP_FIELDS,
  kind: string,
): string | undefined {
  for (const key of Object.keys(value)) {
    if (!(key in fields))
      return `field "${key}": expected only the fields of ${kind} (${listWords(Object.keys(fields))})`;
  }
  for (const [key, field] of Object.entries(fields)) {
    if (!(key in value)) {
      if (field.optional) continue;
      return `field "${key}": expected ${field.what}, got nothing (${kind} needs it)`;
    }
    if (!field.check(value[key]))
      return `field "${key}": expected ${field.what}, got ${kindOf(value[key])}`;
  }
  return undefined;
}

/** Reads a trace's text. Empty lines are skipped; Windows line ends (\r\n) are accepted. */
export function parseTrace(file: string, text: string): HarnessTrace {
  const steps: HarnessStep[] = [];
  let end: HarnessEnd | undefined;
  let endLine = 0;
  const lines = text.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    const line = (lines[n - 1] as string).replace(/\r$/, "");
    if (line.trim() === "") continue;
    const fail = (expected: string) => new TraceError(file, n, expected);
    if (end !== undefined) throw fail(`expected nothing after the end line (line ${endLine})`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw fail(`expected a JSON object (a step or the end line): ${(error as Error).message}`);
    }
    if (!isObject(value))
      throw fail(`expected a JSON object (a step or the end line), got ${kindOf(value)}`);
    const object = value as Record<string, unknown>;
    if ("end" in object) {
      const why = problem(object, END_FIELDS, "the end line");
      if (why !== undefined) throw fail(why);
      end = object as unknown as HarnessEnd;
      endLine = n;
      continue;
    }
    const why = problem(object, STEP_FIELDS, "a step line");
    if (why !== undefined) throw fail(why);
    // The harness plays steps in file order and prints each one: the indexes count up from 0.
    if (object.index !== steps.length)
      throw fail(
        `field "index": expected ${steps.length} (the next step), got ${kindOf(object.index)}`,
      );
    steps.push(object as unknown as HarnessStep);
  }
  return { file, steps, end };
}

/** Reads a trace file (see parseTrace). */
export function readTrace(file: string): HarnessTrace {
  return parseTrace(file, readFileSync(file, "utf8"));
}
