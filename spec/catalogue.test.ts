/**
 * The rules catalogue is complete and honest: every rule has an id, a statement and a source;
 * every rule is checked by at least one property; every id a property or the kernel cites exists;
 * every rule links the primary sources it names, at addresses a reader can open.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

interface RuleEntry {
  id: string;
  statement: string;
  source: string;
  windows?: string;
  links: { title: string; url: string }[];
}

/** Hosts of primary sources: Microsoft's pages, Wine's repository and bug tracker, GitHub
 * threads and files, and the RFC Editor for the TCP/UDP standards. */
const ALLOWED_HOSTS = new Set([
  "learn.microsoft.com",
  "gitlab.winehq.org",
  "github.com",
  "bugs.winehq.org",
  "www.rfc-editor.org",
]);

/** Notes that live outside this repository; a rule must name the public source instead. */
const OUTSIDE_FILES =
  /winsock-documented-rules|windows-observed-behaviour|wine-as-reference|research-network|research-kernel|DEVELOPERS\.md|shared\/reference/;

/** A file of Wine's repository at a release tag, optionally at a line or a range of lines. */
const WINE_BLOB =
  /^https:\/\/gitlab\.winehq\.org\/wine\/wine\/-\/blob\/wine-(\d+\.\d+(?:\.\d+)?)\/([\w./-]+?)(?:#L(\d+)(?:-(\d+))?)?$/;

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

  it("links every rule to at least one source, each with a title and a distinct url", () => {
    for (const rule of rules.values()) {
      expect(Array.isArray(rule.links), rule.id).toBe(true);
      expect(rule.links.length, rule.id).toBeGreaterThan(0);
      for (const link of rule.links) {
        expect(link.title.trim().length, `${rule.id} ${link.url}`).toBeGreaterThan(0);
      }
      const urls = rule.links.map((l) => l.url);
      expect(new Set(urls).size, rule.id).toBe(urls.length);
    }
  });

  it("links only https addresses on the hosts of primary sources", () => {
    const bad: string[] = [];
    for (const rule of rules.values()) {
      for (const { url } of rule.links) {
        const parsed = URL.canParse(url) ? new URL(url) : undefined;
        if (parsed?.protocol !== "https:" || !ALLOWED_HOSTS.has(parsed.hostname)) {
          bad.push(`${rule.id}: ${url}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("links Wine sources at a release tag, and a test in sock.c at its line", () => {
    for (const rule of rules.values()) {
      for (const { title, url } of rule.links) {
        if (!url.startsWith("https://gitlab.winehq.org/")) continue;
        const where = `${rule.id}: ${url}`;
        const match = WINE_BLOB.exec(url);
        expect(match, where).not.toBeNull();
        const [, release, path, first, last] = match as RegExpExecArray;
        // The title says which release and file were read, and the line the url points at.
        expect(title, where).toContain(`Wine ${release}, ${path}`);
        if (first !== undefined) {
          expect(title, where).toContain(last === undefined ? `line ${first}` : `${first}-${last}`);
        } else if (path === "dlls/ws2_32/tests/sock.c") {
          // Only a test that could not be found in any readable copy goes without a line.
          expect(title, where).toMatch(/no line/);
        }
      }
    }
  });

  it("names no notes kept outside this repository", () => {
    const named: string[] = [];
    for (const rule of rules.values()) {
      for (const text of [rule.source, rule.windows ?? ""]) {
        const found = OUTSIDE_FILES.exec(text);
        if (found !== null) named.push(`${rule.id}: ${found[0]}`);
      }
    }
    expect(named).toEqual([]);
  });
});
