/** mutation/run.ts and mutation/score.ts: the ranges given to phase 2 and the merged score. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type MutantResult, slug, staticRanges } from "../../mutation/run.js";
import { scoreLines } from "../../mutation/score.js";

function mutant(status: string, line: number, extra: Partial<MutantResult> = {}): MutantResult {
  return {
    mutatorName: "EqualityOperator",
    replacement: "a < b",
    status,
    location: { start: { line, column: 3 }, end: { line, column: 9 } },
    ...extra,
  } as MutantResult;
}

describe("staticRanges", () => {
  it("gives the lines of static mutants only, merging overlapping and adjacent spans", () => {
    const spanning = (from: number, to: number) =>
      ({
        ...mutant("Ignored", from, { static: true }),
        location: { start: { line: from, column: 1 }, end: { line: to, column: 2 } },
      }) as MutantResult;
    const report = {
      files: {
        "src/b.ts": { mutants: [spanning(10, 12), spanning(13, 13), spanning(20, 21)] },
        "src/a.ts": {
          mutants: [
            mutant("Ignored", 5, { static: true }),
            mutant("Killed", 6),
            mutant("Ignored", 8),
          ],
        },
        "src/c.ts": { mutants: [mutant("Survived", 1)] },
      },
    };
    expect(staticRanges(report)).toEqual(["src/a.ts:5-5", "src/b.ts:10-13", "src/b.ts:20-21"]);
  });

  it("takes in static mutants phase 1 ran and that survived there, not those it killed", () => {
    const report = {
      files: {
        "src/d.ts": {
          mutants: [
            mutant("Survived", 3, { static: true }),
            mutant("Killed", 7, { static: true }),
            mutant("Survived", 9),
          ],
        },
      },
    };
    expect(staticRanges(report)).toEqual(["src/d.ts:3-3"]);
  });

  it("names each selection the same way every time", () => {
    expect(slug(undefined)).toBe("all");
    expect(slug("src/kernel/options/**/*.ts")).toBe("src_kernel_options_.ts");
    expect(slug("src/kernel/options/**/*.ts")).toBe(slug("src/kernel/options/**/*.ts"));
  });
});

describe("scoreLines", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mutation-score-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  const write = (name: string, files: Record<string, MutantResult[]>, time: number) => {
    const path = join(dir, name);
    const report = Object.fromEntries(
      Object.entries(files).map(([f, mutants]) => [f, { mutants }]),
    );
    writeFileSync(path, JSON.stringify({ files: report }));
    utimesSync(path, time, time);
  };

  it("takes static mutants' status from phase 2 and each file from its newest run", () => {
    write(
      "old.json",
      { "src/kernel/x.ts": [mutant("Survived", 1)], "src/kernel/y.ts": [mutant("Killed", 1)] },
      1000,
    );
    write(
      "new.json",
      {
        "src/kernel/x.ts": [
          mutant("Killed", 1),
          mutant("Ignored", 2, { static: true }),
          mutant("Ignored", 3, { static: true }),
          mutant("Ignored", 4, { static: true }),
          mutant("NoCoverage", 5),
        ],
      },
      2000,
    );
    write(
      "new.static.json",
      {
        "src/kernel/x.ts": [
          mutant("Killed", 2),
          mutant("Survived", 3),
          // Not static in phase 1: phase 2's answer for it does not count.
          mutant("Survived", 1),
        ],
      },
      2000,
    );
    write(
      "reloaded.json",
      {
        "src/kernel/z.ts": [
          // Static, run by phase 1 against one test only, survived; phase 2 kills the first.
          mutant("Survived", 1, { static: true }),
          mutant("Survived", 2, { static: true }),
        ],
      },
      3000,
    );
    write(
      "reloaded.static.json",
      { "src/kernel/z.ts": [mutant("Killed", 1), mutant("Survived", 2)] },
      3000,
    );
    const { table, survivors } = scoreLines(dir);
    expect(table).toContain("| `src/kernel/z.ts` | 1 | 1 | 0 | 1/1 | 50.00% |");
    // x.ts: killed 1 + static 2 killed; survived static 3 and static 4 (never run); no coverage 5.
    expect(table).toContain("| `src/kernel/x.ts` | 2 | 2 | 1 | 1/3 | 40.00% |");
    expect(table).toContain("| `src/kernel/y.ts` | 1 | 0 | 0 | 0/0 | 100.00% |");
    expect(table).toContain("| **src/kernel/ (all)** | 4 | 3 | 1 | 2/4 | 50.00% |");
    expect(survivors).toEqual([
      'src/kernel/x.ts:3\tSurvived (static)\tEqualityOperator\t"a < b"',
      'src/kernel/x.ts:4\tNotRun (static)\tEqualityOperator\t"a < b"',
      'src/kernel/x.ts:5\tNoCoverage\tEqualityOperator\t"a < b"',
      'src/kernel/z.ts:2\tSurvived\tEqualityOperator\t"a < b"',
    ]);
  });
});
