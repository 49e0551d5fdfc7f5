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
  -h, --help             Print this text.

Report: one line per scenario ("agree", "listed" with its listed deviations, "DIFFER" with the
first unexplained difference and both results, "FAIL" when it cannot be played, "missing"),
"stale" lines for listed deviations that now agree, a line of counts, and "N passed, N failed".
Exit status: 0 when nothing failed, 1 when a scenario failed, 2 when a tool is missing, the
deviations file is malformed or the command line is wrong.
`;

export interface Options {
  readonly help: boolean;
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

const VALUED = ["--traces", "--save-traces", "--label", "--deviations"] as const;
type Valued = (typeof VALUED)[number];
const KEYS: Record<Valued, "traces" | "saveTraces" | "label" | "deviations"> = {
  "--traces": "traces",
  "--save-traces": "saveTraces",
  "--label": "label",
  "--deviations": "deviations",
};

/** Reads the arguments after the script name. */
export function parseOptions(args: readonly string[]): Options {
  const values: Partial<Record<"traces" | "saveTraces" | "label" | "deviations", string>> = {};
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
  return { help, files, ...values };
}
