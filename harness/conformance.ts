/**
 * Runs scenarios through both the simulator and the native harness under Wine, and compares them
 * step by step.
 *
 *   npx tsx harness/conformance.ts [FILE...]     (default: every scenario under examples/ and spec/)
 *
 * Builds harness/build/harness.exe when harness.c is newer, creates the Wine prefix
 * harness/.wine-prefix on first use, and prints one line per scenario (agree, or the first step
 * where the two differ with both results), then "N passed, N failed". Exit status 1 when a
 * scenario failed, 2 when Wine or the compiler is missing.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DEFAULT_IGNORED,
  type ObservedStep,
  observe,
  stepDifference,
} from "../src/oracle/compare.js";
import { parseScenario } from "../src/scenario/read.js";
import { runScenario, type StepTrace } from "../src/scenario/run.js";
import type { Scenario } from "../src/scenario/types.js";
import { CompileError, compileScenario } from "./compile.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..");
const BUILD = join(HERE, "build");
const EXE = join(BUILD, "harness.exe");
const SOURCE = join(HERE, "harness.c");
const PREFIX = join(HERE, ".wine-prefix");
/** A whole scenario's bound under Wine; the harness bounds each step itself well below it. */
const RUN_TIMEOUT_MS = 60_000;

/** One line of the harness's trace: a step (StepTrace without rules and expectations) or the end. */
interface HarnessStep {
  readonly index: number;
  readonly process: string;
  readonly thread: string;
  readonly call: string;
  readonly ret: number | string | null;
  readonly error: string;
  readonly blocked: boolean;
  readonly ok: boolean;
  readonly outputs: Record<string, unknown>;
}

interface HarnessEnd {
  readonly end: "complete" | "blocked" | "failed";
  readonly detail: string;
  readonly pids: Record<string, number>;
}

export interface HarnessRun {
  readonly steps: HarnessStep[];
  readonly end: HarnessEnd | undefined;
  readonly stderr: string;
  readonly ms: number;
}

function wineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: PREFIX,
    WINEDEBUG: "-all",
    WINEDLLOVERRIDES: "winemenubuilder.exe=d;mscoree,mshtml=",
  };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

function run(command: string, args: string[], timeout = RUN_TIMEOUT_MS) {
  return spawnSync(command, args, {
    env: wineEnv(),
    encoding: "utf8",
    timeout,
    killSignal: "SIGKILL",
  });
}

/** Runs a wineserver command without pipes: a server it starts must not hold our stdout open. */
function wineserver(flag: string): void {
  spawnSync("wineserver", [flag], { env: wineEnv(), stdio: "ignore", timeout: 30_000 });
}

function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

/** Builds harness.exe when it is missing or older than harness.c. */
export function buildHarness(): void {
  if (existsSync(EXE) && statSync(EXE).mtimeMs >= statSync(SOURCE).mtimeMs) return;
  mkdirSync(BUILD, { recursive: true });
  const gcc = run("x86_64-w64-mingw32-gcc", [
    "-O1",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-o",
    EXE,
    SOURCE,
    "-lws2_32",
  ]);
  if (gcc.status !== 0) throw new Error(`building the harness failed:\n${gcc.stderr}`);
}

/** Creates the Wine prefix on first use. */
export function ensurePrefix(): void {
  if (existsSync(join(PREFIX, "system.reg"))) return;
  run("wine", ["wineboot", "-i"], 120_000);
  wineserver("-w");
  if (!existsSync(join(PREFIX, "system.reg")))
    throw new Error(`creating the Wine prefix ${PREFIX} failed`);
}

const winePath = (path: string) => `Z:${path.replace(/\//g, "\\")}`;

/** Plays a compiled scenario under Wine and reads its trace. */
export function runHarness(compact: string, name: string): HarnessRun {
  mkdirSync(BUILD, { recursive: true });
  const file = join(BUILD, `${name}.wsh`);
  writeFileSync(file, compact);
  // Output goes to files, not pipes: Wine's services (started by the first run) inherit the
  // descriptors and would keep a pipe open long after the harness exits.
  const outFile = join(BUILD, `${name}.trace.jsonl`);
  const errFile = join(BUILD, `${name}.stderr`);
  const out = openSync(outFile, "w");
  const err = openSync(errFile, "w");
  const start = performance.now();
  const result = spawnSync("wine", [EXE, winePath(file)], {
    env: wineEnv(),
    stdio: ["ignore", out, err],
    timeout: RUN_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  const ms = performance.now() - start;
  closeSync(out);
  closeSync(err);
  const steps: HarnessStep[] = [];
  let end: HarnessEnd | undefined;
  for (const line of readFileSync(outFile, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const value = JSON.parse(line) as HarnessStep | HarnessEnd;
    if ("end" in value) end = value;
    else steps.push(value);
  }
  const stderr = `${readFileSync(errFile, "utf8")}${result.error === undefined ? "" : String(result.error)}`;
  return { steps, end, stderr, ms };
}

const PROTOCOL_INFO_FIELDS = ["iAddressFamily", "iSocketType", "iProtocol"];

/**
 * What the two sides compare: a WSAPROTOCOL_INFO only by its family, type and protocol (Wine
 * fills the provider fields differently and stores its handle in dwServiceFlags3, a known
 * deviation); the harness's raw bytes are dropped.
 */
function comparable(outputs: Record<string, unknown>): Record<string, unknown> {
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

function asTrace(steps: readonly HarnessStep[]): StepTrace[] {
  return steps.map((s) => ({ ...s, outputs: comparable(s.outputs), rules: [], expectations: [] }));
}

function describe(step: ObservedStep | undefined): string {
  if (step === undefined) return "(no result)";
  const ret = step.blocked ? "blocked" : `ret ${JSON.stringify(step.ret)}`;
  const outputs = Object.keys(step.outputs).length === 0 ? "" : ` ${JSON.stringify(step.outputs)}`;
  return `${ret}, ${step.ok ? "ok" : "failed"}, error ${step.error}${outputs}`;
}

export interface Verdict {
  readonly agree: boolean;
  readonly lines: string[];
}

/** Compares the harness's trace with the simulator's for one scenario. */
export function compareRun(scenario: Scenario, harness: HarnessRun, file = "scenario"): Verdict {
  const sim = runScenario(file, scenario).steps.map((s) => ({
    ...s,
    outputs: comparable(s.outputs),
  }));
  const reference = observe(sim, DEFAULT_IGNORED, scenario);
  const actual = observe(asTrace(harness.steps), DEFAULT_IGNORED, scenario);
  for (let i = 0; i < Math.min(reference.length, actual.length); i++) {
    const ref = reference[i] as ObservedStep;
    const impl = actual[i] as ObservedStep;
    const reason = stepDifference(ref, impl)?.replace("implementation", "wine");
    if (reason !== undefined) {
      const where = ref.thread === "main" ? ref.process : `${ref.process}/${ref.thread}`;
      return {
        agree: false,
        lines: [
          `step ${i} (${where}: ${ref.call}): ${reason}`,
          `    simulator: ${describe(ref)}`,
          `    wine:      ${describe(impl)}`,
        ],
      };
    }
  }
  if (actual.length < reference.length) {
    const end = harness.end;
    const why =
      end === undefined
        ? `the harness stopped without a report (${harness.stderr.trim().split("\n").pop() ?? ""})`
        : `${end.end}: ${end.detail}`;
    return {
      agree: false,
      lines: [
        `step ${actual.length}: the harness ran ${actual.length} of ${reference.length} steps; ${why}`,
        `    simulator: ${describe(reference[actual.length])}`,
      ],
    };
  }
  return { agree: true, lines: [] };
}

/** Every scenario file under examples/ and spec/ (in directories named scenarios). */
export function defaultScenarios(): string[] {
  const found: string[] = [];
  const walk = (dir: string, inScenarios: boolean) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, inScenarios || entry.name === "scenarios");
      else if (inScenarios && /\.(json|ya?ml)$/.test(entry.name)) found.push(path);
    }
  };
  walk(join(ROOT, "examples"), false);
  walk(join(ROOT, "spec"), false);
  return found.sort();
}

function main(files: string[]): number {
  for (const tool of ["wine", "wineserver", "x86_64-w64-mingw32-gcc"]) {
    if (!hasCommand(tool)) {
      process.stderr.write(
        `conformance: ${tool} not found (apt-get install wine wine64 gcc-mingw-w64-x86-64)\n`,
      );
      return 2;
    }
  }
  let t = performance.now();
  buildHarness();
  const buildMs = performance.now() - t;
  t = performance.now();
  ensurePrefix();
  const prefixMs = performance.now() - t;
  // One resident wineserver for the whole run; it is ended (and waited for) at the end.
  wineserver("-p");
  process.stdout.write(
    `harness ready (build ${(buildMs / 1000).toFixed(1)} s, prefix ${(prefixMs / 1000).toFixed(1)} s)\n`,
  );
  let passed = 0;
  let failed = 0;
  try {
    for (const path of files.length > 0 ? files : defaultScenarios()) {
      const shown = relative(process.cwd(), path) || path;
      let scenario: Scenario;
      let compact: string;
      try {
        scenario = parseScenario(shown, readFileSync(path, "utf8"));
        compact = compileScenario(scenario);
      } catch (error) {
        failed++;
        const why = error instanceof CompileError ? "not playable yet" : "unusable";
        process.stdout.write(`FAIL ${shown}: ${why}: ${(error as Error).message}\n`);
        continue;
      }
      const harness = runHarness(compact, basename(path).replace(/\.[^.]+$/, ""));
      const verdict = compareRun(scenario, harness, shown);
      const time = `(${scenario.steps.length} steps, ${(harness.ms / 1000).toFixed(1)} s)`;
      if (verdict.agree) {
        passed++;
        process.stdout.write(`agree ${shown} ${time}\n`);
      } else {
        failed++;
        process.stdout.write(`DIFFER ${shown} ${time}: ${verdict.lines.join("\n")}\n`);
      }
    }
  } finally {
    wineserver("-k");
    wineserver("-w");
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(process.argv.slice(2).map((f) => resolve(f)));
}
