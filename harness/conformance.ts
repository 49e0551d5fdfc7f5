/**
 * The differential-conformance driver: runs scenarios through both the simulator and the native
 * harness (Wine on Linux, Windows itself on Windows), or reads traces recorded elsewhere
 * (--traces), and compares them step by step with the known deviations. `--help` prints the
 * modes and the report's form (harness/options.ts).
 *
 *   npx tsx harness/conformance.ts [--traces DIR [--label NAME]] [--deviations FILE]
 *                                  [--save-traces DIR] [FILE...]
 *
 * The pieces: trace.ts reads a harness trace, deviations.ts the known-deviations file,
 * verdict.ts compares one scenario, report.ts prints, native.ts runs harness.exe.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { explore, firstSchedule } from "../src/explore/explore.js";
import { linearize, scheduleText } from "../src/explore/schedule.js";
import { parseScenario } from "../src/scenario/read.js";
import { type Scenario, ScenarioError } from "../src/scenario/types.js";
import { CompileError, compileScenario } from "./compile.js";
import {
  type Deviations,
  DeviationsError,
  deviationsFor,
  NO_DEVIATIONS,
  readDeviations,
} from "./deviations.js";
import {
  buildHarness,
  endSession,
  ensurePrefix,
  missingTool,
  ON_WINDOWS,
  runHarness,
  startSession,
  traceFileOf,
} from "./native.js";
import { type Options, parseOptions, USAGE, UsageError } from "./options.js";
import { BUILD, DEFAULT_DEVIATIONS } from "./paths.js";
import {
  type Play,
  randomName,
  randomScenarios,
  savedScenarioText,
  shrinkScenario,
} from "./random.js";
import { type Outcome, outcomeLines, Tally } from "./report.js";
import { defaultScenarios, repositoryPath, traceFileIn, traceName } from "./scenarios.js";
import { type HarnessTrace, readTrace, TraceError } from "./trace.js";
import { compareTrace, type ScenarioVerdict } from "./verdict.js";

export { buildHarness, ensurePrefix, type HarnessRun, runHarness } from "./native.js";
export { defaultScenarios } from "./scenarios.js";
export { compareRun, compareTrace, type ScenarioVerdict } from "./verdict.js";

/** Everything one scenario's comparison needs besides the scenario. */
interface Context {
  readonly label: string;
  readonly deviations: Deviations;
  /** --traces DIR; undefined for a native run. */
  readonly traces?: string;
  readonly saveTraces?: string;
}

const shownPath = (path: string) => relative(process.cwd(), path) || path;

/** The scenario, and its compact form or why the harness cannot play it. */
function load(path: string, shown: string): { scenario: Scenario; compact: string | CompileError } {
  const read = parseScenario(shown, readFileSync(path, "utf8"));
  // A file with lanes is compared on its first schedule, the one `winsock-sim run` runs.
  const scenario =
    read.concurrent === undefined ? read : linearize(read, firstSchedule(shown, read));
  try {
    return { scenario, compact: compileScenario(scenario) };
  } catch (error) {
    if (error instanceof CompileError) return { scenario, compact: error };
    throw error;
  }
}

/** The trace to compare (run now, or read from --traces), or the outcome that replaces it. */
function traceOf(
  path: string,
  shown: string,
  compact: string | CompileError,
  context: Context,
): { trace: HarnessTrace; stderr?: string; seconds?: number } | Outcome {
  const notPlayable = (error: CompileError): Outcome => ({
    kind: "failed",
    file: shown,
    why: `not playable: ${error.message}`,
  });
  if (context.traces !== undefined) {
    const file = traceFileIn(context.traces, path);
    // A trace recorded by a newer harness is compared even if this compile.ts cannot play it.
    if (!existsSync(file))
      return compact instanceof CompileError
        ? notPlayable(compact)
        : { kind: "missing", file: shown, trace: file };
    const trace = readTrace(file);
    // The time the trace itself records (starting the children and playing the steps).
    const { startMs, stepsMs } = trace.end ?? {};
    const seconds =
      startMs !== undefined && stepsMs !== undefined ? (startMs + stepsMs) / 1000 : undefined;
    return { trace, ...(seconds === undefined ? {} : { seconds }) };
  }
  if (compact instanceof CompileError) return notPlayable(compact);
  const name = traceName(path);
  try {
    const run = runHarness(compact, name);
    return { trace: run, stderr: run.stderr, seconds: run.ms / 1000 };
  } finally {
    // Saved even when unreadable: that is when someone needs to look at it.
    if (context.saveTraces !== undefined && existsSync(traceFileOf(name)))
      copyFileSync(traceFileOf(name), join(context.saveTraces, `${name}.trace.jsonl`));
  }
}

/** Compares one scenario file; every problem becomes an outcome, nothing is thrown. */
function scenarioOutcome(path: string, context: Context): Outcome {
  const shown = shownPath(path);
  let loaded: ReturnType<typeof load>;
  try {
    loaded = load(path, shown);
  } catch (error) {
    return { kind: "failed", file: shown, why: `unusable: ${(error as Error).message}` };
  }
  try {
    const got = traceOf(path, shown, loaded.compact, context);
    if ("kind" in got) return got;
    const verdict = compareTrace(loaded.scenario, got.trace, {
      file: shown,
      label: context.label,
      deviations: deviationsFor(context.deviations, repositoryPath(path)),
      causes: context.deviations.causes,
      ...(got.stderr === undefined ? {} : { stderr: got.stderr }),
    });
    return {
      kind: "compared",
      file: shown,
      verdict,
      ...(got.seconds === undefined ? {} : { seconds: got.seconds }),
    };
  } catch (error) {
    // The simulator's runner refuses what the reader let through (an undefined $name, say).
    const what =
      error instanceof TraceError
        ? "unreadable trace"
        : error instanceof ScenarioError
          ? "unusable"
          : "error";
    return { kind: "failed", file: shown, why: `${what}: ${(error as Error).message}` };
  }
}

/**
 * A file with concurrent lanes compiles its first schedule (scenarioOutcome compares it). Every
 * other outcome the explorer finds for it is played too, from its own first schedule, so that
 * each result a race can have is checked against real Winsock (docs/explore.md). Only causes
 * explain their differences: the deviations listed for the file name its first schedule's steps.
 */
function otherOutcomes(path: string, context: Context): Outcome[] {
  if (context.traces !== undefined) return [];
  const shown = shownPath(path);
  let scenario: Scenario;
  try {
    scenario = parseScenario(shown, readFileSync(path, "utf8"));
  } catch {
    return []; // scenarioOutcome has reported it
  }
  if (scenario.concurrent === undefined) return [];
  const { outcomes } = explore(shown, scenario);
  return outcomes.slice(1).map((outcome, i): Outcome => {
    const file = `${shown}, outcome ${i + 2} (${scheduleText(scenario, outcome.example)})`;
    const linear = linearize(scenario, outcome.example);
    try {
      const run = runHarness(compileScenario(linear), `${traceName(path)}.outcome-${i + 2}`);
      const verdict = compareTrace(linear, run, {
        file,
        label: context.label,
        causes: context.deviations.causes,
        stderr: run.stderr,
      });
      return { kind: "compared", file, verdict, seconds: run.ms / 1000 };
    } catch (error) {
      return { kind: "failed", file, why: (error as Error).message };
    }
  });
}

/** Shows "[3/9] file …" on a terminal, rewritten in place; nothing at all in logs. */
class Progress {
  readonly #tty = process.stdout.isTTY === true;

  show(text: string): void {
    if (this.#tty) process.stdout.write(`\r\x1b[K${text}`);
  }

  clear(): void {
    if (this.#tty) process.stdout.write("\r\x1b[K");
  }
}

/** Builds the harness and prepares Wine; a message and exit status 2 when that cannot be done. */
function prepareNative(): string | undefined {
  const missing = missingTool();
  if (missing !== undefined) return missing;
  try {
    let t = performance.now();
    buildHarness();
    const buildMs = performance.now() - t;
    t = performance.now();
    ensurePrefix();
    const prefixMs = performance.now() - t;
    process.stdout.write(
      `harness ready (build ${(buildMs / 1000).toFixed(1)} s, prefix ${(prefixMs / 1000).toFixed(1)} s)\n`,
    );
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

function contextOf(options: Options): Context | string {
  const native = options.traces === undefined;
  const underWine = native && !ON_WINDOWS;
  // Wine's deviations excuse Wine only: traces of real Windows are compared without them.
  const file = options.deviations ?? (underWine ? DEFAULT_DEVIATIONS : undefined);
  let deviations = NO_DEVIATIONS;
  if (file !== undefined) {
    try {
      deviations = readDeviations(shownPath(resolve(file)));
    } catch (error) {
      if (error instanceof DeviationsError) return error.message;
      throw error;
    }
  }
  if (options.saveTraces !== undefined) mkdirSync(options.saveTraces, { recursive: true });
  return {
    label: options.label ?? (underWine ? "wine" : "windows"),
    deviations,
    ...(options.traces === undefined ? {} : { traces: options.traces }),
    ...(options.saveTraces === undefined ? {} : { saveTraces: options.saveTraces }),
  };
}

/** Two scenarios whose traces would have the same file name (traces are named by base name). */
function sameTraceName(files: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const path of files) {
    const name = traceName(path);
    const first = seen.get(name);
    if (first !== undefined && first !== path)
      return `${shownPath(first)} and ${shownPath(path)} would share the trace ${name}.trace.jsonl; rename one`;
    seen.set(name, path);
  }
  return undefined;
}

/** Causes with matchers that explained no step of the run: maybe no longer needed. */
function staleCauseLines(deviations: Deviations, tally: Tally): string[] {
  return [...deviations.causes]
    .filter(([name, cause]) => cause.match !== undefined && !tally.causes.has(name))
    .map(([name]) => `unused cause ${name}: its matchers explained no step of this run`);
}

/** Plays one generated scenario natively and compares it (undefined: cannot be played). */
function playGenerated(scenario: Scenario, name: string, context: Context): ScenarioVerdict {
  const run = runHarness(compileScenario(scenario), name);
  return compareTrace(scenario, run, {
    file: name,
    label: context.label,
    causes: context.deviations.causes,
    stderr: run.stderr,
  });
}

/** The outcome of one generated scenario; a failing one is shrunk and saved to `dir`. */
function randomOutcome(
  scenario: Scenario,
  name: string,
  context: Context,
  shrink: number,
  dir: string,
): { outcome: Outcome; saved?: string } {
  let verdict: ScenarioVerdict;
  const started = performance.now();
  try {
    verdict = playGenerated(scenario, name, context);
  } catch (error) {
    return { outcome: { kind: "failed", file: name, why: (error as Error).message } };
  }
  const seconds = (performance.now() - started) / 1000;
  const outcome: Outcome = { kind: "compared", file: name, verdict, seconds };
  if (verdict.failure === undefined) return { outcome };
  const play: Play = (candidate) => {
    try {
      return playGenerated(candidate, `${name}-shrink`, context);
    } catch {
      return undefined;
    }
  };
  const shrunk = shrinkScenario(scenario, verdict, play, shrink);
  const failure = shrunk.verdict.failure ?? verdict.failure;
  mkdirSync(dir, { recursive: true });
  const saved = join(dir, `${name}.json`);
  writeFileSync(saved, savedScenarioText(shrunk.scenario, name, failure));
  return {
    outcome,
    saved: `${shownPath(saved)} (${shrunk.scenario.steps.length} of ${scenario.steps.length} steps, ${shrunk.attempts} shrinking runs)`,
  };
}

/** --random N: generated scenarios, compared at every step; only failures are printed. */
function randomRun(options: Options, context: Context): number {
  const count = options.random ?? 0;
  const dir = resolve(options.saveFailing ?? join(BUILD, "failing"));
  const scenarios = randomScenarios(count, options.seed);
  process.stdout.write(`${count} random scenarios, seed ${options.seed}\n`);
  const tally = new Tally();
  const progress = new Progress();
  startSession();
  try {
    scenarios.forEach((scenario, k) => {
      const name = randomName(options.seed, k);
      progress.show(`[${k + 1}/${count}] ${name} …`);
      const { outcome, saved } = randomOutcome(scenario, name, context, options.shrink, dir);
      progress.clear();
      tally.add(outcome);
      if (outcome.kind === "compared" && outcome.verdict.kind !== "failed") return;
      const lines = outcomeLines(outcome, context.label);
      if (saved !== undefined) lines.push(`    saved ${saved}`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
  } finally {
    progress.clear();
    endSession();
  }
  const stale = staleCauseLines(context.deviations, tally);
  process.stdout.write(
    `${[tally.countsLine(), tally.stepsLine(), ...stale, tally.totalsLine()].join("\n")}\n`,
  );
  return tally.failed > 0 ? 1 : 0;
}

function main(args: readonly string[]): number {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`conformance: ${error.message} (see --help)\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const context = contextOf(options);
  if (typeof context === "string") {
    process.stderr.write(`conformance: the deviations file cannot be used:\n${context}\n`);
    return 2;
  }
  if (context.traces === undefined) {
    const problem = prepareNative();
    if (problem !== undefined) {
      process.stderr.write(`conformance: ${problem}\n`);
      return 2;
    }
  }
  if (options.random !== undefined) return randomRun(options, context);
  const files =
    options.files.length > 0 ? options.files.map((f) => resolve(f)) : defaultScenarios();
  const clash = sameTraceName(files);
  if (clash !== undefined) {
    process.stderr.write(`conformance: ${clash}\n`);
    return 2;
  }
  const tally = new Tally();
  const progress = new Progress();
  if (context.traces === undefined) startSession();
  try {
    files.forEach((path, i) => {
      progress.show(`[${i + 1}/${files.length}] ${shownPath(path)} …`);
      const outcome = scenarioOutcome(path, context);
      progress.clear();
      for (const one of [outcome, ...otherOutcomes(path, context)]) {
        tally.add(one);
        process.stdout.write(`${outcomeLines(one, context.label).join("\n")}\n`);
      }
    });
  } finally {
    progress.clear();
    if (context.traces === undefined) endSession();
  }
  const stale = staleCauseLines(context.deviations, tally);
  process.stdout.write(
    `${[tally.countsLine(), tally.stepsLine(), ...stale, tally.totalsLine()].join("\n")}\n`,
  );
  return tally.failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(process.argv.slice(2));
}
