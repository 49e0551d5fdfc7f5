/**
 * The mutation score from the reports mutation/run.ts keeps under reports/mutation/runs/:
 * `npx tsx mutation/score.ts` prints it again without running anything.
 *
 * Each source file is scored from the newest phase 1 report that has it; each of its static
 * mutants that phase 1 left out takes its status from the same run's phase 2 report, matched by
 * mutator, replacement and place, and so does a static mutant that survived phase 1 when phase 2
 * killed it (phase 1 ran it against only the tests that reach it inside a test: run.ts,
 * needsPhase2). Score = (killed + timed out) / (killed + timed out + survived +
 * no coverage), Stryker's definition; a static mutant phase 2 did not run counts as not killed.
 * The survivors, with their place, go to reports/mutation/survivors.txt for triage.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MutantResult, needsPhase2 } from "./run.js";

interface Report {
  readonly files: Record<string, { readonly mutants: readonly MutantResult[] }>;
}

interface Tally {
  killed: number;
  survived: number;
  noCoverage: number;
  /**
   * Static mutants phase 1 left out (a mutant that is static but also reached inside a test runs
   * in phase 1 like any other), and how many of them phase 2 killed.
   */
  staticTotal: number;
  staticKilled: number;
}

const KILLED = new Set(["Killed", "Timeout"]);

function key(m: MutantResult): string {
  const { start, end } = m.location as unknown as {
    start: { line: number; column: number };
    end: { line: number; column: number };
  };
  return `${m.mutatorName}|${m.replacement ?? ""}|${start.line}:${start.column}-${end.line}:${end.column}`;
}

function read(path: string): Report {
  return JSON.parse(readFileSync(path, "utf8")) as Report;
}

/** Per file: its mutants with static ones resolved by phase 2, from the newest run that has it. */
function resolved(dir: string): Map<string, MutantResult[]> {
  const runs = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".static.json"))
    .map((f) => ({ path: join(dir, f), time: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => a.time - b.time || (a.path < b.path ? -1 : 1));
  const files = new Map<string, MutantResult[]>();
  for (const run of runs) {
    const phase1 = read(run.path);
    let phase2: Report | undefined;
    try {
      phase2 = read(run.path.replace(/\.json$/, ".static.json"));
    } catch {
      phase2 = undefined;
    }
    for (const [file, { mutants }] of Object.entries(phase1.files)) {
      const second = new Map((phase2?.files[file]?.mutants ?? []).map((m) => [key(m), m]));
      files.set(
        file,
        mutants.map((m) => {
          if (m.status === "Ignored" && m.static === true) {
            return { ...m, status: second.get(key(m))?.status ?? "NotRun", phase2: true };
          }
          const again = second.get(key(m))?.status;
          if (needsPhase2(m) && again !== undefined && KILLED.has(again)) {
            return { ...m, status: again, phase2: true };
          }
          return m;
        }),
      );
    }
  }
  return files;
}

function tally(mutants: readonly MutantResult[], into: Tally): void {
  for (const m of mutants) {
    if (m.phase2 === true) into.staticTotal += 1;
    if (KILLED.has(m.status)) {
      into.killed += 1;
      if (m.phase2 === true) into.staticKilled += 1;
    } else if (m.status === "Survived" || m.status === "NotRun") into.survived += 1;
    else if (m.status === "NoCoverage") into.noCoverage += 1;
    // Ignored (not static), CompileError and RuntimeError are not scored, as in Stryker.
  }
}

const empty = (): Tally => ({
  killed: 0,
  survived: 0,
  noCoverage: 0,
  staticTotal: 0,
  staticKilled: 0,
});

function percent(t: Tally): string {
  const scored = t.killed + t.survived + t.noCoverage;
  return scored === 0 ? "n/a" : `${((100 * t.killed) / scored).toFixed(2)}%`;
}

function row(name: string, t: Tally): string {
  return `| ${name} | ${t.killed} | ${t.survived} | ${t.noCoverage} | ${t.staticKilled}/${t.staticTotal} | ${percent(t)} |`;
}

/** The score table (markdown) and the survivors, one per line, from the runs in `dir`. */
export function scoreLines(dir: string): { table: string[]; survivors: string[] } {
  const files = resolved(dir);
  const lines = [
    "| File | Killed | Survived | No coverage | Static killed | Score |",
    "|---|---|---|---|---|---|",
  ];
  const groups = new Map<string, Tally>();
  const survivors: string[] = [];
  for (const [file, mutants] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = empty();
    tally(mutants, t);
    lines.push(row(`\`${file}\``, t));
    const group = file.split("/").slice(0, 2).join("/");
    tally(mutants, groups.get(group) ?? groups.set(group, empty()).get(group)!);
    for (const m of mutants) {
      if (KILLED.has(m.status) || m.status === "Ignored") continue;
      const at = m.location.start.line;
      survivors.push(
        `${file}:${at}\t${m.status}${m.phase2 === true ? " (static)" : ""}\t${m.mutatorName}\t${JSON.stringify(m.replacement ?? "")}`,
      );
    }
  }
  for (const [group, t] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(row(`**${group}/ (all)**`, t));
  }
  return { table: lines, survivors };
}

/** Prints the score and writes it, with the survivors, next to the runs' directory. */
export function printScore(dir: string): void {
  const { table, survivors } = scoreLines(dir);
  const text = `${table.join("\n")}\n`;
  process.stdout.write(text);
  writeFileSync(join(dir, "..", "score.md"), text);
  writeFileSync(join(dir, "..", "survivors.txt"), `${survivors.join("\n")}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) printScore("reports/mutation/runs");
