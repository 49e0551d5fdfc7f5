/**
 * The rules catalogue is complete and honest: every rule has an id, a statement and a source;
 * every rule is checked by at least one property; every id a property or the kernel cites exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

interface RuleEntry {
  id: string;
  statement: string;
  source: string;
  windows?: string;
}

const specDir = import.meta.dirname;
const rulesDir = join(specDir, "rules");

function load(): Map<string, RuleEntry & { file: string }> {
  const rules = new Map<string, RuleEntry & { file: string }>();
  for (const file of readdirSync(rulesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const entries = JSON.parse(readFileSync(join(rulesDir, file), "utf8")) as RuleEntry[];
    for (const entry of entries) {
      if (rules.has(entry.id)) throw new Error(`rule ${entry.id} defined twice (${file})`);
      rules.set(entry.id, { ...entry, file });
    }
  }
  return rules;
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(suffix))
    .map((d) => join(d.parentPath, d.name));
}

/** The ids named by rule(...) calls: the first argument, a string or an array of strings. */
function idsCheckedByProperties(): Set<string> {
  const ids = new Set<string>();
  for (const file of filesUnder(specDir, ".property.test.ts")) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\brule\(\s*(\[[^\]]*\]|"[^"]+")/g)) {
      for (const id of (match[1] as string).matchAll(/"([^"]+)"/g)) ids.add(id[1] as string);
    }
  }
  return ids;
}

/** Ids the source code cites: fail(code, "ID") and why.cite("ID", ...). */
function idsCitedBySource(): Set<string> {
  const ids = new Set<string>();
  for (const file of filesUnder(join(specDir, "..", "src"), ".ts")) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\b(?:fail\([^,]+,|cite\()\s*([^)]*)\)/g)) {
      for (const id of (match[1] as string).matchAll(/"([A-Z][A-Z0-9-]+)"/g))
        ids.add(id[1] as string);
    }
  }
  return ids;
}

describe("rules catalogue", () => {
  const rules = load();

  it("has rules, each with an id, a one-line statement and a source", () => {
    expect(rules.size).toBeGreaterThan(0);
    for (const rule of rules.values()) {
      expect(rule.id, rule.file).toMatch(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/);
      expect(rule.statement.length, rule.id).toBeGreaterThan(20);
      expect(rule.statement, rule.id).not.toContain("\n");
      expect(rule.source.length, rule.id).toBeGreaterThan(10);
    }
  });

  it("checks every rule with at least one property", () => {
    const checked = idsCheckedByProperties();
    const unchecked = [...rules.keys()].filter((id) => !checked.has(id));
    expect(unchecked).toEqual([]);
  });

  it("names only existing rules in properties", () => {
    const unknown = [...idsCheckedByProperties()].filter((id) => !rules.has(id));
    expect(unknown).toEqual([]);
  });

  it("names only existing rules in the kernel's citations", () => {
    const unknown = [...idsCitedBySource()].filter((id) => !rules.has(id));
    expect(unknown).toEqual([]);
  });
});
