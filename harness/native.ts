/**
 * Running harness.exe on real Winsock: under Wine on Linux (one resident wineserver, one prefix
 * in harness/.wine-prefix), or directly on Windows. Builds the exe with mingw when harness.c is
 * newer.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { BUILD, EXE, PREFIX, SOURCE } from "./paths.js";
import { type HarnessTrace, parseTrace } from "./trace.js";

/** A whole scenario's bound; the harness bounds each step itself well below it. */
const RUN_TIMEOUT_MS = 60_000;

/** On Windows the exe runs as it is; elsewhere under Wine. */
export const ON_WINDOWS = process.platform === "win32";

/** A trace just made, with what the run left on standard error and how long it took. */
export interface HarnessRun extends HarnessTrace {
  readonly stderr: string;
  readonly ms: number;
}

export function wineEnv(): NodeJS.ProcessEnv {
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
    env: ON_WINDOWS ? process.env : wineEnv(),
    encoding: "utf8",
    timeout,
    killSignal: "SIGKILL",
  });
}

/** Runs a wineserver command without pipes: a server it starts must not hold our stdout open. */
function wineserver(flag: string): void {
  spawnSync("wineserver", [flag], { env: wineEnv(), stdio: "ignore", timeout: 30_000 });
}

/** Whether a command is on PATH (the name is passed as an argument, never into a shell line). */
export function hasCommand(command: string): boolean {
  const probe = ON_WINDOWS
    ? spawnSync("where", [command], { stdio: "ignore" })
    : spawnSync("sh", ["-c", 'command -v "$1"', "sh", command], { stdio: "ignore" });
  return probe.status === 0;
}

/** The mingw compiler to build with: the cross compiler, or on Windows a native gcc too. */
export function compiler(): string | undefined {
  const candidates = ON_WINDOWS ? ["x86_64-w64-mingw32-gcc", "gcc"] : ["x86_64-w64-mingw32-gcc"];
  return candidates.find(hasCommand);
}

function needsBuild(): boolean {
  return !existsSync(EXE) || statSync(EXE).mtimeMs < statSync(SOURCE).mtimeMs;
}

/** What is missing to run the harness here (a sentence for the user), or undefined. */
export function missingTool(): string | undefined {
  if (!ON_WINDOWS) {
    for (const tool of ["wine", "wineserver"]) {
      if (!hasCommand(tool))
        return `${tool} not found (apt-get install wine wine64 gcc-mingw-w64-x86-64)`;
    }
  }
  if (needsBuild() && compiler() === undefined)
    return ON_WINDOWS
      ? "neither x86_64-w64-mingw32-gcc nor gcc found (install MinGW-w64 and put it on PATH)"
      : "x86_64-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64)";
  return undefined;
}

/** Builds harness.exe when it is missing or older than harness.c. */
export function buildHarness(): void {
  if (!needsBuild()) return;
  mkdirSync(BUILD, { recursive: true });
  const gcc = compiler() ?? "x86_64-w64-mingw32-gcc";
  const result = run(gcc, [
    "-O1",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-o",
    EXE,
    SOURCE,
    "-lmswsock",
    "-lws2_32",
  ]);
  if (result.status !== 0)
    throw new Error(`building the harness failed:\n${result.stderr ?? String(result.error)}`);
}

/** Creates the Wine prefix on first use (nothing to do on Windows). */
export function ensurePrefix(): void {
  if (ON_WINDOWS || existsSync(join(PREFIX, "system.reg"))) return;
  run("wine", ["wineboot", "-i"], 120_000);
  wineserver("-w");
  if (!existsSync(join(PREFIX, "system.reg")))
    throw new Error(`creating the Wine prefix ${PREFIX} failed`);
}

/**
 * How long the resident wineserver outlives the last Wine process, in seconds. Long enough to
 * span the gap between two scenarios of a run; short enough that nothing lingers after it.
 */
const PERSIST_S = 10;

/** Starts one resident wineserver for a whole run (each Wine start is faster with it). */
export function startSession(): void {
  if (!ON_WINDOWS) wineserver(`-p${PERSIST_S}`);
}

/**
 * Ends a run's session. The wineserver is not killed: another run may be using the same prefix
 * at the same time (two conformance runs, a test beside a run), and killing the server kills
 * every Wine process of the prefix. It exits by itself PERSIST_S seconds after the last one.
 */
export function endSession(): void {}

const winePath = (path: string) => `Z:${path.replace(/\//g, "\\")}`;

/** The file a scenario's trace is written to by runHarness. */
export const traceFileOf = (name: string) => join(BUILD, `${name}.trace.jsonl`);

/**
 * Plays a compiled scenario and reads its trace. Throws a TraceError when the harness wrote
 * something that is not a trace.
 */
export function runHarness(compact: string, name: string): HarnessRun {
  mkdirSync(BUILD, { recursive: true });
  const file = join(BUILD, `${name}.wsh`);
  writeFileSync(file, compact);
  // A run that wrote nothing at all never reached the harness's first step: under load Wine
  // sometimes fails to start a process (seen once in a CI run, a scenario that passes alone).
  // Such a run is played again, once; a harness that really writes nothing fails twice.
  const first = playOnce(file, name);
  return first.empty ? playOnce(file, name).run : first.run;
}

/** One run of the harness on a compiled scenario; `empty` when it wrote no trace at all. */
function playOnce(file: string, name: string): { run: HarnessRun; empty: boolean } {
  // Output goes to files, not pipes: Wine's services (started by the first run) inherit the
  // descriptors and would keep a pipe open long after the harness exits.
  const outFile = traceFileOf(name);
  const errFile = join(BUILD, `${name}.stderr`);
  const out = openSync(outFile, "w");
  const err = openSync(errFile, "w");
  const start = performance.now();
  const [command, args] = ON_WINDOWS ? [EXE, [file]] : ["wine", [EXE, winePath(file)]];
  const result = spawnSync(command, args, {
    env: ON_WINDOWS ? process.env : wineEnv(),
    stdio: ["ignore", out, err],
    timeout: RUN_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  const ms = performance.now() - start;
  closeSync(out);
  closeSync(err);
  const stderr = `${readFileSync(errFile, "utf8")}${result.error === undefined ? "" : String(result.error)}`;
  const trace = readFileSync(outFile, "utf8");
  return { run: { ...parseTrace(outFile, trace), stderr, ms }, empty: trace.length === 0 };
}
