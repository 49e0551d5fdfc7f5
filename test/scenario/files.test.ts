/**
 * Every scenario shipped under examples/ and spec/ runs and passes, and so do the format's own
 * fixtures in test/scenario/fixtures/ (forms the native harness cannot play yet, so they are kept
 * out of the conformance run, which plays examples/ and spec/).
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cli/run.js";

const root = join(import.meta.dirname, "..", "..");

function scenarioFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".json") && d.parentPath.includes("scenarios"))
    .map((d) => relative(root, join(d.parentPath, d.name)))
    .sort();
}

const files = [...scenarioFiles("examples"), ...scenarioFiles("spec")];
const fixtures = readdirSync(join(root, "test", "scenario", "fixtures"))
  .filter((name) => name.endsWith(".json"))
  .map((name) => join("test", "scenario", "fixtures", name))
  .sort();

describe("shipped scenarios", () => {
  it("include the two files of the scenario-format issue", () => {
    expect(files).toContain(join("examples", "scenarios", "split-read-write.json"));
    expect(files).toContain(join("examples", "scenarios", "option-seen-through-duplicate.json"));
  });

  it.each(files)("%s passes", (file) => {
    const lines: string[] = [];
    const status = runFiles([join(root, file)], { out: (l) => lines.push(l) }, false);
    expect(status, lines.join("\n")).toBe(0);
  });
});

describe("format fixtures", () => {
  it("include the scenario built from parts of earlier results", () => {
    expect(fixtures).toContain(
      join("test", "scenario", "fixtures", "built-from-earlier-results.json"),
    );
  });

  it.each(fixtures)("%s passes", (file) => {
    const lines: string[] = [];
    const status = runFiles([join(root, file)], { out: (l) => lines.push(l) }, false);
    expect(status, lines.join("\n")).toBe(0);
  });
});
