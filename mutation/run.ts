/**
 * `npm run mutation [-- --mutate GLOBS] [--force]`: mutation testing in two phases, then the score.
 *
 * Phase 1 (stryker.config.mjs) runs every mutant a test can be seen to reach against the tests
 * that reach it, and leaves static mutants out. Phase 2 (stryker.static.config.mjs) runs exactly
 * those static mutants, given to Stryker as line ranges, against a small set of fast tests.
 * Each selection (the --mutate value) keeps its own incremental files, so a rerun of a group
 * retests only what changed, and its own reports under reports/mutation/runs/, which
 * mutation/score.ts merges into one score.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { printScore } from "./score.js";

const REPORTS = "reports/mutation";

interface Location {
  readonly start: { readonly line: number };
  readonly end: { readonly line: number };
}
interface Report {
  readonly files: Record<string, { readonly mutants: readonly MutantResult[] }>;
}
export interface MutantResult {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly static?: boolean;
  /** Set by score.ts on a static mutant phase 1 left out, whose status phase 2 gave. */
  readonly phase2?: boolean;
  readonly location: Location;
}

/** The value of `--mutate`, or undefined for the configured default. */
function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

/** A file-name-safe name for a selection, the same every time. */
export function slug(selection: string | undefined): string {
  if (selection === undefined) return "all";
  return selection.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120);
}

function stryker(config: string, extra: readonly string[]): void {
  const result = spawnSync("npx", ["stryker", "run", config, ...extra], { stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`mutation: stryker ${config} exited with ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Whether phase 2 must run a phase 1 mutant: a static one phase 1 left out, or a static one that
 * phase 1 ran and that survived there. Stryker runs a static mutant in phase 1 when some test
 * also reaches its code inside the test, and then only against that test: a test that reloads
 * the kernel's modules (vi.resetModules and a dynamic import) is "covering" every module-level
 * constant it reloads, so MASK = WIDTH + 1 in trie.ts "survived" phase 1 against a test about an
 * environment variable, while the trie's own tests fail on it (the top-level run at 1356778).
 */
export function needsPhase2(m: MutantResult): boolean {
  return m.static === true && (m.status === "Ignored" || m.status === "Survived");
}

/** Line ranges (`file:first-last`) covering every mutant phase 2 must run (needsPhase2). */
export function staticRanges(report: Report): string[] {
  const ranges: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const spans = mutants
      .filter(needsPhase2)
      .map((m) => [m.location.start.line, m.location.end.line] as [number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    // Overlapping or adjacent spans become one range; the ranges may take in a few mutants that
    // are not static, whose phase 2 results score.ts ignores.
    let open: [number, number] | undefined;
    for (const span of spans) {
      if (open !== undefined && span[0] <= open[1] + 1) open[1] = Math.max(open[1], span[1]);
      else {
        if (open !== undefined) ranges.push(`${file}:${open[0]}-${open[1]}`);
        open = [...span];
      }
    }
    if (open !== undefined) ranges.push(`${file}:${open[0]}-${open[1]}`);
  }
  return ranges;
}

/**
 * The test files phase 2 runs (mutation/vitest.static.config.ts's include), in name order. Kept
 * in step with that config by test/mutation/run.test.ts.
 */
export const STATIC_TEST_DIRS = [
  "test/kernel",
  "test/api",
  "test/constants",
  "test/events",
  "test/net",
] as const;
export const STATIC_TEST_FILES = ["spec/options.property.test.ts"] as const;

function testFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".test.ts"))
    .map((d) => join(d.parentPath, d.name));
}

/** A digest of every phase 2 test file's name and content. */
export function staticTestsDigest(): string {
  const files = [...STATIC_TEST_DIRS.flatMap(testFilesUnder), ...STATIC_TEST_FILES].sort();
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/**
 * Phase 2's incremental file may be reused only while its tests are the ones it was made with.
 * Stryker records a static mutant as covered by no particular test, so it would keep the old
 * result of a static mutant that a new or changed test now kills (found on src/kernel/calls/: 20
 * static survivors reused, all killed by the current tests). The digest of the tests is kept
 * beside the incremental file; when it differs, the file goes and phase 2 retests everything.
 */
function forgetStaleStaticResults(incremental: string): () => void {
  const stamp = `${incremental}.tests`;
  const digest = staticTestsDigest();
  const previous = existsSync(stamp) ? readFileSync(stamp, "utf8") : undefined;
  if (previous !== digest) rmSync(incremental, { force: true });
  // Stamped once the run has written its incremental file, not before.
  return () => writeFileSync(stamp, digest);
}

function main(args: readonly string[]): void {
  const selection = option(args, "--mutate");
  const force = args.includes("--force") ? ["--force"] : [];
  const name = slug(selection);
  mkdirSync(join(REPORTS, "runs"), { recursive: true });
  mkdirSync(join(REPORTS, "incremental"), { recursive: true });

  stryker("mutation/stryker.config.mjs", [
    ...(selection === undefined ? [] : ["--mutate", selection]),
    "--incrementalFile",
    join(REPORTS, "incremental", `${name}.json`),
    ...force,
  ]);
  const phase1 = join(REPORTS, "runs", `${name}.json`);
  copyFileSync(join(REPORTS, "mutation.json"), phase1);

  const ranges = staticRanges(JSON.parse(readFileSync(phase1, "utf8")) as Report);
  const phase2 = join(REPORTS, "runs", `${name}.static.json`);
  if (ranges.length > 0) {
    const incremental = join(REPORTS, "incremental", `${name}.static.json`);
    const stampTests = forgetStaleStaticResults(incremental);
    stryker("mutation/stryker.static.config.mjs", [
      "--mutate",
      ranges.join(","),
      "--incrementalFile",
      incremental,
      ...force,
    ]);
    stampTests();
    copyFileSync(join(REPORTS, "static.json"), phase2);
  } else {
    // No static mutant any more: an old phase 2 report must not count.
    rmSync(phase2, { force: true });
  }
  printScore(join(REPORTS, "runs"));
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
