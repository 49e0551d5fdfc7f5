/**
 * docs/conformance.md against harness/wine-deviations.json: the table of causes names every cause
 * with its basis, the open questions list every unverified one, and the matcher shown as an
 * example is the file's own. The document cannot fall behind the file without a test failing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDeviations } from "../../harness/deviations.js";
import { DEFAULT_DEVIATIONS } from "../../harness/paths.js";

const doc = readFileSync("docs/conformance.md", "utf8");
const deviations = readDeviations(DEFAULT_DEVIATIONS);

/** The text of a section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/conformance.md has no "${heading}"`);
  const level = heading.split(" ")[0] as string;
  const rest = doc.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return next < 0 ? rest : rest.slice(0, next);
}

describe("docs/conformance.md", () => {
  it("lists every cause of the deviations file with its basis, and no other", () => {
    const table = section("### Deviations by cause");
    const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` \| ([a-z]+) \|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    const expected = [...deviations.causes].map(([name, cause]) => [name, cause.basis]);
    expect(rows.sort()).toEqual(expected.sort());
    // Each row carries the file's account of Windows and its evidence, word for word.
    const inCell = (text: string) => text.replace(/\|/g, "\\|");
    for (const [name, cause] of deviations.causes) {
      const row = table.split("\n").find((l) => l.startsWith(`| \`${name}\` |`)) ?? "";
      expect(row, name).toContain(inCell(cause.windows));
      expect(row, name).toContain(inCell(cause.evidence));
    }
  });

  it("asks a Windows trace for every unverified cause", () => {
    const questions = section("## Questions for a Windows trace");
    const unverified = [...deviations.causes]
      .filter(([, cause]) => cause.basis === "unverified")
      .map(([name]) => name);
    expect(unverified.length).toBeGreaterThan(0);
    for (const name of unverified) expect(questions, name).toContain(`\`${name}\``);
  });

  it("shows a matcher exactly as the file has it", () => {
    const block = /```json\n([\s\S]*?)```/.exec(section("### Causes and their matchers"));
    expect(block).not.toBeNull();
    const shown = JSON.parse(block?.[1] as string);
    expect(deviations.causes.get("wine-send-unconnected-epipe")?.match?.[0]).toEqual(shown);
  });
});
