/**
 * Harness-format traces made from the simulator's own run of a scenario, for testing the
 * comparison without Wine: what harness.exe would print if real Winsock behaved exactly like the
 * simulator. Tests then alter, drop or relabel lines to make the differences they check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../harness/paths.js";
import type { HarnessEnd, HarnessStep } from "../../harness/trace.js";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario } from "../../src/scenario/run.js";
import type { Scenario } from "../../src/scenario/types.js";

/** A shipped scenario, by its path from the repository root. */
export function shippedScenario(path: string): Scenario {
  return parseScenario(path, readFileSync(join(ROOT, path), "utf8"));
}

/** The simulator's steps in the harness's line shape (StepTrace without rules, expectations, clock). */
export function harnessSteps(scenario: Scenario): HarnessStep[] {
  return runScenario("synthetic", scenario).steps.map((s) => ({
    index: s.index,
    process: s.process,
    thread: s.thread,
    call: s.call,
    ret: s.ret,
    error: s.error,
    blocked: s.blocked,
    ok: s.ok,
    // Through JSON, as the harness's line would be read back.
    outputs: JSON.parse(JSON.stringify(s.outputs)) as Record<string, unknown>,
  }));
}

/** A complete run's end line (pids are never compared). */
export function completeEnd(scenario: Scenario): HarnessEnd {
  const processes = [...new Set(scenario.steps.map((s) => s.process))];
  return {
    end: "complete",
    detail: "",
    pids: Object.fromEntries(processes.map((p, i) => [p, 100 + 8 * i])),
  };
}

/** The trace file's text for steps and an end line. */
export function traceText(steps: readonly HarnessStep[], end?: HarnessEnd): string {
  const lines = steps.map((s) => JSON.stringify(s));
  if (end !== undefined) lines.push(JSON.stringify(end));
  return `${lines.join("\n")}\n`;
}
