/** The command line of harness/conformance.ts: options, and the usage text --help prints. */

export const USAGE = `Usage: npx tsx harness/conformance.ts [OPTION...] [FILE...]

Runs scenario files on the simulator and on real Winsock, and compares the two step by step.
FILE...: the scenarios (default: every scenario under examples/ and spec/).

Modes:
  (default)              Play each scenario with harness/build/harness.exe and compare its trace.
                         On Linux it runs under Wine (needs wine, wineserver, and to build the
                         exe x86_64-w64-mingw32-gcc); on Windows it runs directly (built with
                         x86_64-w64-mingw32-gcc or gcc, whichever is on PATH).
  --traces DIR           Run nothing native: compare DIR/<scenario name>.trace.jsonl (as
                         harness.exe wrote it, e.g. on a Windows machine) with the simulator.
                         Needs no Wine and no compiler. A scenario without a trace is "missing"
                         and fails.

Options:
  --label NAME           What the native side is called in the report (default: "wine" under
                         Wine, "windows" on Windows and with --traces).
  --deviations FILE      The known-deviations file (default: harness/wine-deviations.json under
                         Wine). Its listed steps are reported as listed deviations and do not fail.
                         On Windows and with --traces no file applies unless this option is given:
                         real Windows outranks Wine, so every difference fails.
  --save-traces DIR      Also copy each scenario's trace to DIR/<scenario name>.trace.jsonl
                         (not with --traces).

Random differential runs (instead of FILE...; not with --traces):
  --random N             Play N scenarios made by the oracle's generator (hostile arguments
                         included) and compare every step; causes with matchers in the
                         deviations file explain differences wherever they occur.
  --seed S               The generator's seed (default 1): the same seed, the same scenarios.
  --shrink N             Native runs spent shrinking each failing scenario (default 30; 0 keeps
                         it whole).
  --save-failing DIR     Where failing scenarios are saved, shrunk, as random-s<S>-<k>.json
                         (default harness/build/failing).
  -h, --help             Print this text.

Report: one line per scenario (in a random run, only the failing ones) ("agree", "listed" with its listed deviations, "DIFFER" with the
first unexplained difference and both results, "FAIL" when it cannot be played, "missing"),
"stale" lines for listed deviations that now agree, a line of scenario counts, a line of step counts (compared, agreeing, explained by each cause,
unexplained), causes whose matchers explained nothing, and "N passed, N failed".
Exit status: 0 when nothing failed, 1 when a scenario failed, 2 when a tool is missing, the
deviations file is malformed or the command line is wrong.
`;

export interface Options {
  readonly help: boolean;
  /** --random N: a random run of N scenarios. */
  readonly random?: number;
  readonly seed: number;
  readonly shrink: number;
  readonly saveFailing?: string;
  readonly traces?: string;
  readonly saveTraces?: string;
  readonly label?: string;
  readonly deviations?: string;
  readonly files: readonly string[];
}

/** A command line that cannot be used (exit status 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

const VALUED = [
  "--traces",
  "--save-traces",
  "--label",
  "--deviations",
  "--random",
  "--seed",
  "--shrink",
  "--save-failing",
] as const;
type Valued = (typeof VALUED)[number];
type Key =
  | "traces"
  | "saveTraces"
  | "label"
  | "deviations"
  | "random"
  | "seed"
  | "shrink"
  | "saveFailing";
const KEYS: Record<Valued, Key> = {
  "--traces": "traces",
  "--save-traces": "saveTraces",
  "--label": "label",
  "--deviations": "deviations",
  "--random": "random",
  "--seed": "seed",
  "--shrink": "shrink",
  "--save-failing": "saveFailing",
};

/** A whole number from `min` up, as an option's value. */
function count(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${name} takes a whole number from ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Reads the arguments after the script name. */
export function parseOptions(args: readonly string[]): Options {
  const values: Partial<Record<Key, string>> = {};
  const files: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      files.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      files.push(arg);
      continue;
    }
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (!(VALUED as readonly string[]).includes(name))
      throw new UsageError(`unknown option ${name}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
    const key = KEYS[name as Valued];
    if (values[key] !== undefined) throw new UsageError(`${name} given twice`);
    values[key] = value;
  }
  if (values.traces !== undefined && values.saveTraces !== undefined)
    throw new UsageError("--save-traces copies traces of a native run; with --traces nothing runs");
  if (values.label !== undefined && !/^[\w.-]+$/.test(values.label))
    throw new UsageError("--label takes one word (letters, digits, '.', '_', '-')");
  const random = count("--random", values.random, 1);
  const seed = count("--seed", values.seed, 0) ?? 1;
  const shrink = count("--shrink", values.shrink, 0) ?? 30;
  const randomOnly = ["seed", "shrink", "saveFailing"] as const;
  if (random === undefined) {
    const given = randomOnly.find((key) => values[key] !== undefined);
    if (given !== undefined)
      throw new UsageError(`--${given === "saveFailing" ? "save-failing" : given} needs --random`);
  } else {
    if (values.traces !== undefined)
      throw new UsageError("--random plays new scenarios; --traces compares recorded ones");
    if (files.length > 0) throw new UsageError("--random makes its own scenarios: give no FILE");
  }
  const { traces, saveTraces, label, deviations, saveFailing } = values;
  return {
    help,
    files,
    seed,
    shrink,
    ...(random === undefined ? {} : { random }),
    ...(traces === undefined ? {} : { traces }),
    ...(saveTraces === undefined ? {} : { saveTraces }),
    ...(label === undefined ? {} : { label }),
    ...(deviations === undefined ? {} : { deviations }),
    ...(saveFailing === undefined ? {} : { saveFailing }),
  };
}
