/**
 * The time of single Winsock calls on real Winsock: builds callbench.c with mingw-w64 (into
 * harness/build/callbench.exe, again when the source is newer) and runs it under Wine with the
 * harness's prefix and environment, or directly on Windows. See bench/native/README.md.
 *
 *   npx tsx bench/native/wine-calls.ts [--live N] [--iterations N]
 *
 * prints the result as one line of JSON.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compiler, ensurePrefix, missingTool, ON_WINDOWS, wineEnv } from "../../harness/native.js";
import { BUILD } from "../../harness/paths.js";

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), "callbench.c");
const EXE = join(BUILD, "callbench.exe");
/** Calibrated, a run takes about 10 s (more with many live sockets); this only stops a hang. */
const RUN_TIMEOUT_MS = 300_000;

/** The operations callbench times, as the keys of `ns` (nanoseconds per operation). */
export const OPERATIONS = [
  "getsockopt",
  "setsockopt",
  "socket+closesocket",
  "WSADuplicateSocketW+WSASocketW+closesocket",
  "send64+recv",
  "WSAEventSelect+WSAEnumNetworkEvents",
  "select64",
  "WSAPoll64",
] as const;

export type WineCallTimes =
  | { ok: true; ns: Record<string, number>; live: number; wine: string }
  | { ok: false; reason: string };

export interface WineCallOptions {
  /** Extra idle TCP sockets held during the measurements (default 0). */
  live?: number;
  /** Operations per timed block, for every operation (default: calibrated, ~0.4 s each). */
  iterations?: number;
}

function needsBuild(): boolean {
  return !existsSync(EXE) || statSync(EXE).mtimeMs < statSync(SOURCE).mtimeMs;
}

/** Builds callbench.exe when missing or older than callbench.c (via a temporary file, so that
 * two runs building at once never leave a half-written exe). */
function build(gcc: string): void {
  if (!needsBuild()) return;
  mkdirSync(BUILD, { recursive: true });
  const temporary = `${EXE}.${process.pid}.tmp`;
  const args = ["-O1", "-Wall", "-Wextra", "-Werror", "-o", temporary, SOURCE, "-lws2_32"];
  const result = spawnSync(gcc, args, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0)
    throw new Error(`building callbench failed:\n${result.stderr ?? String(result.error)}`);
  renameSync(temporary, EXE);
}

function wineVersion(): string {
  if (ON_WINDOWS) return `Windows ${release()} (native)`;
  const result = spawnSync("wine", ["--version"], {
    env: wineEnv(),
    encoding: "utf8",
    timeout: 30_000,
  });
  return (result.stdout ?? "").trim() || "wine (version unknown)";
}

/** Runs the exe; its output goes to files, not pipes (Wine's services would hold a pipe open). */
async function runBench(
  args: string[],
): Promise<{ status: number | null; out: string; err: string }> {
  mkdirSync(BUILD, { recursive: true });
  const outFile = join(BUILD, `callbench.${process.pid}.stdout`);
  const errFile = join(BUILD, `callbench.${process.pid}.stderr`);
  const out = openSync(outFile, "w");
  const err = openSync(errFile, "w");
  try {
    const [command, commandArgs] = ON_WINDOWS ? [EXE, args] : ["wine", [EXE, ...args]];
    const child = spawn(command, commandArgs, {
      env: ON_WINDOWS ? process.env : wineEnv(),
      stdio: ["ignore", out, err],
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => resolve(code));
    }).finally(() => clearTimeout(timer));
    return { status, out: readFileSync(outFile, "utf8"), err: readFileSync(errFile, "utf8") };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(outFile, { force: true });
    rmSync(errFile, { force: true });
  }
}

function parseOutput(out: string): { live: number; ns: Record<string, number> } {
  const parsed = JSON.parse(out.trim()) as { live?: unknown; ns?: Record<string, unknown> };
  const ns: Record<string, number> = {};
  for (const name of OPERATIONS) {
    const value = parsed.ns?.[name];
    if (typeof value !== "number") throw new Error(`callbench printed no figure for ${name}`);
    ns[name] = value;
  }
  if (typeof parsed.live !== "number") throw new Error("callbench printed no live count");
  return { live: parsed.live, ns };
}

/** What is missing to build and run callbench here (a sentence for the user), or undefined. */
export function missingForCallbench(): string | undefined {
  const missing = missingTool();
  if (missing !== undefined) return missing;
  if (needsBuild() && compiler() === undefined)
    return ON_WINDOWS
      ? "neither x86_64-w64-mingw32-gcc nor gcc found (install MinGW-w64 and put it on PATH)"
      : "x86_64-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64)";
  return undefined;
}

/**
 * Nanoseconds per operation on real Winsock (Wine here, or Windows). `live` in the answer is the
 * number of idle sockets actually held, which can be less than asked (Wine stops at the file
 * descriptor limit). Returns `{ ok: false }` when Wine or mingw-w64 is missing; throws when the
 * build or the run fails.
 */
export async function wineCallTimes(options: WineCallOptions = {}): Promise<WineCallTimes> {
  const missing = missingForCallbench();
  if (missing !== undefined) return { ok: false, reason: `cannot time Winsock calls: ${missing}` };
  build(compiler() ?? "x86_64-w64-mingw32-gcc");
  ensurePrefix();
  const args: string[] = [];
  if (options.live !== undefined) args.push("--live", String(options.live));
  if (options.iterations !== undefined) args.push("--iterations", String(options.iterations));
  const run = await runBench(args);
  if (run.status !== 0)
    throw new Error(`callbench exited with status ${run.status}:\n${run.err}${run.out}`);
  const { live, ns } = parseOutput(run.out);
  return { ok: true, ns, live, wine: wineVersion() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const options: WineCallOptions = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${argv[i]} wants a count`);
    if (argv[i] === "--live") options.live = value;
    else if (argv[i] === "--iterations") options.iterations = value;
    else throw new Error(`unknown option ${argv[i]} (--live N, --iterations N)`);
  }
  const result = await wineCallTimes(options);
  console.log(JSON.stringify(result));
  if (!result.ok) process.exitCode = 2;
}
