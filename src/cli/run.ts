/**
 * `winsock-sim run FILE...`: runs scenario files and reports each step and expectation.
 *
 * Exit status: 0 when every scenario passes, 1 when an expectation fails, 2 when a file cannot be
 * used (its message names the file, the place and what was expected); one unusable file does not
 * stop the others.
 */
import { readFileSync } from "node:fs";
import { parseScenario } from "../scenario/read.js";
import { runScenario, type ScenarioTrace, type StepTrace } from "../scenario/run.js";
import { ScenarioError } from "../scenario/types.js";

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
      ? `${e.name} = ${show(e.expected)}`
      : `${e.name}: expected ${show(e.expected)}, got ${show(e.actual)}`;
    lines.push(`      ${mark} ${detail}`);
  }
  return lines;
}

export function runFiles(files: readonly string[], io: RunIo, json: boolean): number {
  const read = io.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const color = io.color === true && !json;
  let passed = 0;
  let failed = 0;
  let unusable = false;
  const traces: (ScenarioTrace | { file: string; error: string })[] = [];
  for (const file of files) {
    let trace: ScenarioTrace;
    try {
      let text: string;
      try {
        text = read(file);
      } catch (error) {
        throw new ScenarioError(
          file,
          "file",
          `expected a readable scenario file (${(error as Error).message})`,
        );
      }
      trace = runScenario(file, parseScenario(file, text));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      unusable = true;
      failed += 1;
      traces.push({ file, error: error.message });
      if (!json) io.out(paint(color, 31)(`${error.message}`));
      continue;
    }
    traces.push(trace);
    if (trace.passed) passed += 1;
    else failed += 1;
    if (!json) {
      io.out(
        `${trace.passed ? paint(color, 32)("PASS") : paint(color, 31)("FAIL")} ${file}: ${trace.title}`,
      );
      let clock = 0;
      for (const step of trace.steps) {
        for (const line of stepLines(step, color, clock)) io.out(line);
        clock = step.clock ?? clock;
      }
    }
  }
  if (json) io.out(JSON.stringify({ scenarios: traces, passed, failed }, null, 2));
  else io.out(`${passed} passed, ${failed} failed`);
  if (unusable) return 2;
  return failed > 0 ? 1 : 0;
}
