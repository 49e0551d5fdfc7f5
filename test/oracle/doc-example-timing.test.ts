/**
 * docs/oracle.md's examples must pass in a fresh project, where vitest gives each test 5 s. The
 * repository's config allows 600 s, so the examples are run again in a child vitest with default
 * settings (fresh-project.config.ts), and each of their tests must also finish in well under the
 * default timeout: a shared 2-core machine can be twice as slow as this one.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

/** Half of vitest's default testTimeout. */
const BUDGET_MS = 2500;

interface JsonReport {
  readonly testResults: readonly {
    readonly assertionResults: readonly {
      readonly title: string;
      readonly status: string;
      readonly duration: number;
    }[];
  }[];
}

it("docs/oracle.md's examples pass under vitest's default settings, each test within 2.5 s", () => {
  const dir = mkdtempSync(join(tmpdir(), "oracle-doc-example-"));
  try {
    const report = join(dir, "report.json");
    const args = ["run", "-c", "test/oracle/fresh-project.config.ts", "--reporter=json"];
    // A failing child exits non-zero; the report says which test failed, so read it anyway.
    try {
      execFileSync(
        process.execPath,
        ["node_modules/vitest/vitest.mjs", ...args, `--outputFile=${report}`],
        { stdio: "pipe" },
      );
    } catch {}
    const results = (JSON.parse(readFileSync(report, "utf8")) as JsonReport).testResults.flatMap(
      (file) => file.assertionResults,
    );
    // Sorted: the child runs the files in any order.
    expect(results.map((r) => r.title).sort()).toEqual([
      "agrees with the simulator in my own fc.assert",
      "behaves like Windows call by call",
      "behaves like Windows in every order of recv, closesocket and send",
      "behaves like Windows on generated scenarios",
      "behaves like Windows on generated scenarios",
      "passes a saved counterexample",
    ]);
    for (const result of results) {
      expect(result.status, result.title).toBe("passed");
      expect(result.duration, result.title).toBeLessThan(BUDGET_MS);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
