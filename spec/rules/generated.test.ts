/**
 * src/rules/catalogue-data.ts is generated from spec/rules/*.json. These checks keep the two in
 * step, and keep the runtime catalogue loadable in a browser (no node: module on its import path).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../../src/rules/catalogue.js";
import { GENERATE_COMMAND, MODULE_PATH, readRules, renderModule } from "./generate.js";

const SRC_RULES = new URL("../../src/rules/", import.meta.url);

/** Module specifiers of the static and dynamic imports (and re-exports) in a source text. */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/g)) {
    found.push(m[1] as string);
  }
  for (const m of text.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)/g)) found.push(m[1] as string);
  for (const m of text.matchAll(/^\s*import\s*"([^"]+)"/gm)) found.push(m[1] as string);
  return found;
}

describe("generated rules module", () => {
  it("matches spec/rules/*.json", () => {
    const expected = renderModule(readRules());
    const actual = readFileSync(MODULE_PATH, "utf8");
    if (actual !== expected) {
      expect.fail(
        `src/rules/catalogue-data.ts is out of date with spec/rules/*.json: run \`${GENERATE_COMMAND}\``,
      );
    }
  });

  it("gives rules() every rule of the JSON files, links included", () => {
    const fromJson = readRules();
    expect([...rules().keys()]).toEqual(fromJson.map((r) => r.id));
    for (const entry of fromJson) expect(rules().get(entry.id)).toEqual(entry);
  });

  it("imports no node: module on the catalogue's import path", () => {
    // Follow the relative imports from catalogue.ts; every file reached must stay browser-safe.
    const pending = ["catalogue.ts"];
    const seen = new Set<string>();
    const offending: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(new URL(file, SRC_RULES), "utf8");
      for (const spec of importsOf(text)) {
        if (spec.startsWith("./")) pending.push(spec.slice(2).replace(/\.js$/, ".ts"));
        else offending.push(`${file} imports ${spec}`);
      }
    }
    expect(seen).toEqual(new Set(["catalogue.ts", "catalogue-data.ts"]));
    expect(offending).toEqual([]);
  });
});
