/**
 * `winsock-sim run FILE...`: runs scenario files and reports each step and expectation; with
 * --explain, the rules behind each step in words and what it changed; with --state, the state
 * after each step.
 *
 * Exit status: 0 when every scenario passes, 1 when an expectation fails, 2 when a file cannot be
 * used (its message names the file, the place and what was expected); one unusable file does not
 * stop the others.
 */
import type { KernelState } from "../kernel/state.js";
import { rule } from "../rules/catalogue.js";
import { withStepLine } from "../scenario/error-line.js";
import { expectedText } from "../scenario/expected-forms.js";
import { parseScenario } from "../scenario/read.js";
import type { StepTrace } from "../scenario/run.js";
import { ScenarioError } from "../scenario/types.js";
import { diff } from "../view/diff.js";
import { type Replay, replayScenario } from "../view/replay.js";
import { view } from "../view/view.js";
import { actualText } from "./actual-text.js";
import { changeLines, ruleLines, stateLines } from "./explain.js";
import { readScenarioFile } from "./read-file.js";

export interface RunIo {
  readonly out: (line: string) => void;
  readonly readFile?: (path: string) => string;
  readonly color?: boolean;
}

const paint = (on: boolean, code: number) => (text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function stepLines(step: StepTrace, color: boolean, previousClock: number): string[] {
  const green = paint(color, 32);
  const red = paint(color, 31);
  const dim = paint(color, 2);
  const where = step.thread === "main" ? step.process : `${step.process}/${step.thread}`;
  // Functions that return their error (WSAStartup) leave WSAGetLastError at 0: nothing to add.
  const error = step.ok || step.error === "0" ? "" : `, ${step.error}`;
  const result = step.blocked ? "blocked" : `${show(step.ret ?? "(void)")}${error}`;
  // The virtual clock is shown when a step moved it (a Sleep, an await that waited for a timer).
  const time =
    step.clock !== undefined && step.clock !== previousClock ? ` (t = ${step.clock} ms)` : "";
  const lines = [
    `  [${step.index}] ${where}: ${step.text ?? step.call} = ${result}${time}  ${dim(step.rules.join(" "))}`,
  ];
  for (const e of step.expectations) {
    const mark = e.held ? green("ok  ") : red("FAIL");
    const detail = e.held
      ? `${e.name} = ${expectedText(e.expected)}`
      : `${e.name}: expected ${expectedText(e.expected)}, got ${actualText(e.name, e.expected, e.actual)}`;
    lines.push(`      ${mark} ${detail}`);
  }
  return lines;
}

export interface RunOptions {
  /** Under each step: the statement of every rule behind it, and what changed (diff). */
  readonly explain?: boolean;
  /** Under each step: the state after it, as a picture (text) or as the view (--json). */
  readonly state?: boolean;
}

/** What --json prints for one step: the trace, plus the view and explanations when asked. */
function jsonStep(replay: Replay, index: number, options: RunOptions): unknown {
  const step = replay.steps[index] as StepTrace;
  if (options.explain !== true && options.state !== true) return step;
  const before = view(replay.states[index] as KernelState);
  const after = view(replay.states[index + 1] as KernelState);
  return {
    ...step,
    ...(options.explain === true
      ? {
          explanation: step.rules.map((id) => ({ id, ...(rule(id) ?? {}) })),
          changes: diff(before, after),
        }
      : {}),
    ...(options.state === true ? { state: after } : {}),
  };
}

function readScenario(file: string, read: (path: string) => string): Replay {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new ScenarioError(
      file,
      "file",
      `expected a readable scenario file (${(error as Error).message})`,
    );
  }
  // Errors at a step name the step's line too, from the text the steps were read from.
  let scenario: ReturnType<typeof parseScenario>;
  try {
    scenario = parseScenario(file, text);
  } catch (error) {
    throw error instanceof ScenarioError ? withStepLine(error, text) : error;
  }
  const replay = replayScenario(file, scenario);
  return replay.error === null ? replay : { ...replay, error: withStepLine(replay.error, text) };
}

export function runFiles(
  files: readonly string[],
  io: RunIo,
  json: boolean,
  options: RunOptions = {},
): number {
  const read = io.readFile ?? readScenarioFile;
  const color = io.color === true && !json;
  const red = paint(color, 31);
  let passed = 0;
  let failed = 0;
  let unusable = false;
  const traces: unknown[] = [];
  for (const file of files) {
    let replay: Replay;
    try {
      replay = readScenario(file, read);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      unusable = true;
      failed += 1;
      traces.push({ file, error: error.message });
      if (!json) io.out(red(error.message));
      continue;
    }
    const steps = replay.steps.map((_, i) => jsonStep(replay, i, options));
    if (replay.error !== null) {
      // The steps that ran are printed before the error: the cause is often among them.
      unusable = true;
      failed += 1;
      traces.push({ file, title: replay.title, steps, error: replay.error.message });
    } else {
      if (replay.passed) passed += 1;
      else failed += 1;
      traces.push({ file, title: replay.title, passed: replay.passed, steps });
    }
    if (json) continue;
    const verdict =
      replay.error !== null ? red("STOP") : replay.passed ? paint(color, 32)("PASS") : red("FAIL");
    io.out(`${verdict} ${file}: ${replay.title}`);
    let clock = 0;
    replay.steps.forEach((step, i) => {
      for (const line of stepLines(step, color, clock)) io.out(line);
      clock = step.clock ?? clock;
      if (options.explain === true) {
        for (const line of ruleLines(step)) io.out(line);
        const before = view(replay.states[i] as KernelState);
        const after = view(replay.states[i + 1] as KernelState);
        for (const line of changeLines(before, after)) io.out(line);
      }
      if (options.state === true) {
        for (const line of stateLines(view(replay.states[i + 1] as KernelState), color))
          io.out(line);
      }
    });
    if (replay.error !== null) io.out(red(replay.error.message));
  }
  if (json) io.out(JSON.stringify({ scenarios: traces, passed, failed }, null, 2));
  else io.out(`${passed} passed, ${failed} failed`);
  if (unusable) return 2;
  return failed > 0 ? 1 : 0;
}
