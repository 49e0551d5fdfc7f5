/**
 * Reading a scenario file: JSON (or YAML) text to a checked Scenario, or a ScenarioError that says where and
 * what was expected. Only the shape is checked here; calls, constants and values are checked when
 * each step runs, where the step index can be named.
 */
import { tooDeepOffset } from "./json-depth.js";
import { MAX_DEPTH } from "./limits.js";
import { type Lane, type Scenario, ScenarioError, type ScenarioStep } from "./types.js";
import { parseYamlText } from "./yaml-text.js";

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

/** The offset in a JSON.parse error message, which V8 reports as "at position N". */
function errorOffset(message: string, text: string): number {
  const match = /position (\d+)/.exec(message);
  if (match !== null) return Number(match[1]);
  return text.length;
}

const STEP_KEYS = new Set(["process", "thread", "call", "args", "save", "expect", "comment"]);
const SCENARIO_KEYS = new Set([
  "title",
  "source",
  "steps",
  "concurrent",
  "after",
  "comment",
  "$schema",
]);
const LANE_KEYS = new Set(["process", "thread", "steps", "comment"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkStep(
  file: string,
  index: number,
  raw: unknown,
  place = `step ${index}`,
): ScenarioStep {
  if (!isObject(raw))
    throw new ScenarioError(
      file,
      place,
      "expected an object with process, call, args, save, expect",
    );
  for (const key of Object.keys(raw)) {
    if (!STEP_KEYS.has(key)) {
      throw new ScenarioError(
        file,
        `${place}, field "${key}"`,
        `expected one of ${[...STEP_KEYS].join(", ")}`,
      );
    }
  }
  const { process, thread, call, args, save, expect } = raw;
  if (typeof process !== "string" || process === "") {
    throw new ScenarioError(
      file,
      `${place}, field "process"`,
      "expected a process name (a non-empty string)",
    );
  }
  if (thread !== undefined && (typeof thread !== "string" || thread === "")) {
    throw new ScenarioError(
      file,
      `${place}, field "thread"`,
      "expected a thread name (a non-empty string)",
    );
  }
  if (typeof call !== "string" || call === "") {
    throw new ScenarioError(
      file,
      `${place}, field "call"`,
      "expected a Winsock function or pseudo-call name",
    );
  }
  if (args !== undefined && !isObject(args)) {
    throw new ScenarioError(
      file,
      `${place}, field "args"`,
      "expected an object of parameters by name",
    );
  }
  if (save !== undefined && typeof save !== "string") {
    if (!isObject(save) || !Object.values(save).every((v) => typeof v === "string")) {
      throw new ScenarioError(
        file,
        `${place}, field "save"`,
        "expected a name, or an object mapping names to output parameters",
      );
    }
  }
  if (expect !== undefined && !isObject(expect)) {
    throw new ScenarioError(file, `${place}, field "expect"`, "expected an object of expectations");
  }
  return raw as unknown as ScenarioStep;
}

/** YAML files (.yaml, .yml) are read as YAML; everything else as JSON. */
function parseText(file: string, text: string): unknown {
  if (/\.ya?ml$/i.test(file)) return parseYamlText(file, text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(
      file,
      position(text, errorOffset(message, text)),
      `expected valid JSON (${message})`,
    );
  }
  const deep = tooDeepOffset(text, MAX_DEPTH);
  if (deep >= 0)
    throw new ScenarioError(
      file,
      position(text, deep),
      `expected arrays and objects nested at most ${MAX_DEPTH} deep`,
    );
  return value;
}

/** Parses and checks the shape of a scenario file's text (JSON, or YAML for .yaml/.yml files). */
export function parseScenario(file: string, text: string): Scenario {
  const raw = parseText(file, text);
  if (!isObject(raw))
    throw new ScenarioError(file, "line 1, column 1", "expected an object with title and steps");
  for (const key of Object.keys(raw)) {
    if (!SCENARIO_KEYS.has(key)) {
      throw new ScenarioError(
        file,
        `field "${key}"`,
        `expected one of ${[...SCENARIO_KEYS].join(", ")}`,
      );
    }
  }
  if (typeof raw.title !== "string")
    throw new ScenarioError(file, 'field "title"', "expected a string");
  if (raw.source !== undefined && typeof raw.source !== "string") {
    throw new ScenarioError(file, 'field "source"', "expected a string");
  }
  if (!Array.isArray(raw.steps))
    throw new ScenarioError(file, 'field "steps"', "expected an array of steps");
  const steps = raw.steps.map((step, index) => checkStep(file, index, step));
  const concurrent = raw.concurrent === undefined ? undefined : checkLanes(file, raw.concurrent);
  if (raw.after !== undefined && concurrent === undefined)
    throw new ScenarioError(file, 'field "after"', 'expected "after" only with "concurrent"');
  if (raw.after !== undefined && !Array.isArray(raw.after))
    throw new ScenarioError(file, 'field "after"', "expected an array of steps");
  const after = raw.after?.map((step: unknown, index: number) =>
    checkStep(file, index, step, `after step ${index}`),
  );
  return {
    title: raw.title,
    ...(raw.source === undefined ? {} : { source: raw.source }),
    steps,
    ...(concurrent === undefined ? {} : { concurrent }),
    ...(after === undefined ? {} : { after }),
  };
}

/**
 * The lanes of a concurrent block. A lane names its thread once; its steps may repeat the names
 * but not name another thread, and two lanes may not be one thread (a thread runs its steps in
 * one order: two lanes on it would not be concurrent).
 */
function checkLanes(file: string, raw: unknown): Lane[] {
  if (!Array.isArray(raw) || raw.length < 2)
    throw new ScenarioError(
      file,
      'field "concurrent"',
      "expected an array of at least two lanes, each { process, thread, steps }",
    );
  const seen = new Map<string, number>();
  return raw.map((lane: unknown, index: number) => {
    const place = `lane ${index}`;
    if (!isObject(lane))
      throw new ScenarioError(file, place, "expected an object with process, thread and steps");
    for (const key of Object.keys(lane))
      if (!LANE_KEYS.has(key))
        throw new ScenarioError(
          file,
          `${place}, field "${key}"`,
          `expected one of ${[...LANE_KEYS].join(", ")}`,
        );
    const { process, thread } = lane;
    if (typeof process !== "string" || process === "")
      throw new ScenarioError(
        file,
        `${place}, field "process"`,
        "expected a process name (a non-empty string)",
      );
    if (thread !== undefined && (typeof thread !== "string" || thread === ""))
      throw new ScenarioError(
        file,
        `${place}, field "thread"`,
        "expected a thread name (a non-empty string)",
      );
    const threadName = (thread as string | undefined) ?? "main";
    const key = `${process}\u0000${threadName}`;
    const other = seen.get(key);
    if (other !== undefined)
      throw new ScenarioError(
        file,
        `${place}, field "thread"`,
        `expected a thread no other lane runs (lane ${other} is ${process}'s "${threadName}" too)`,
      );
    seen.set(key, index);
    if (!Array.isArray(lane.steps) || lane.steps.length === 0)
      throw new ScenarioError(
        file,
        `${place}, field "steps"`,
        "expected a non-empty array of steps",
      );
    const steps = lane.steps.map((step: unknown, stepIndex: number) => {
      const stepPlace = `${place} step ${stepIndex}`;
      if (isObject(step)) {
        for (const [field, value] of [
          ["process", process],
          ["thread", threadName],
        ] as const) {
          const given = field === "thread" ? (step.thread ?? "main") : step.process;
          if (step[field] !== undefined && given !== value)
            throw new ScenarioError(
              file,
              `${stepPlace}, field "${field}"`,
              `expected the lane's ${field} "${value}" or nothing (a lane is one thread)`,
            );
        }
        step = { ...step, process, ...(thread === undefined ? {} : { thread }) };
      }
      return checkStep(file, stepIndex, step, stepPlace);
    });
    return { process, ...(thread === undefined ? {} : { thread: thread as string }), steps };
  });
}
