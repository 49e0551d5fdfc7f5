/**
 * The rules catalogue is complete and honest: every rule has an id, a statement and a source;
 * every rule is checked by at least one property (a rule(...) call whose body asserts, not a mere
 * mention in a test title); every id a property or the kernel cites exists;
 * every rule links the primary sources it names, at addresses a reader can open.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { scanRuleCalls } from "./support/rule-calls.js";

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

/**
 * The ids of rules a property checks: those passed to rule(...) calls with literal ids, a body
 * that asserts (expect or fc.assert) and an unconditional registration (spec/support/rule-calls.ts).
 * A rule named only in a test title, a comment or a string is not among them.
 */
function scanProperties(): { ids: Set<string>; defects: string[] } {
  const ids = new Set<string>();
  const defects: string[] = [];
  for (const file of filesUnder(specDir, ".property.test.ts")) {
    const scan = scanRuleCalls(relative(specDir, file), readFileSync(file, "utf8"));
    for (const call of scan.calls) for (const id of call.ids) ids.add(id);
    defects.push(...scan.defects);
  }
  return { ids, defects };
}

function idsCheckedByProperties(): Set<string> {
  return scanProperties().ids;
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

  it("registers every rule(...) property with literal ids, an assertion and no condition", () => {
    expect(scanProperties().defects).toEqual([]);
  });

  it("does not count a rule whose only mention is a test title, a comment or a string", () => {
    const text = [
      'import fc from "fast-check";',
      'import { describe, expect, it } from "vitest";',
      'import { rule } from "./support/rule.js";',
      '// rule("RULE-IN-COMMENT", "x", () => expect(1).toBe(1));',
      'const note = \'rule("RULE-IN-STRING", "x", () => expect(1).toBe(1))\';',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is a template of the example file
      'const template = `${note} rule("RULE-IN-TEMPLATE", "x", () => expect(1).toBe(1))`;',
      'describe("d", () => {',
      '  it("RULE-IN-TITLE: checks something", () => expect(1).toBe(1));',
      '  rule("RULE-NO-ASSERTION", "calls nothing", () => {',
      "    // expect(1).toBe(1);",
      '    const s = "fc.assert(";',
      "  });",
      '  rule("RULE-ASSERTS", "asserts", () => expect(1).toBe(1));',
      '  rule(["RULE-A", "RULE-B"], "asserts by fast-check", () =>',
      "    fc.assert(fc.property(fc.nat(), (n) => n >= 0)),",
      "  );",
      '  if (process.env.X) rule("RULE-CONDITIONAL", "x", () => expect(1).toBe(1));',
      "});",
      // A skipped describe, spelled so that a search for skipped tests does not take this
      // fixture (text the scanner reads, not a test) for one.
      `describe.${"skip"}("skipped", () => {`,
      '  rule("RULE-SKIPPED", "x", () => expect(1).toBe(1));',
      "});",
      "function helper() {",
      '  rule("RULE-IN-HELPER", "x", () => expect(1).toBe(1));',
      "}",
      'const id = "RULE-COMPUTED";',
      'rule(id, "x", () => expect(1).toBe(1));',
    ].join("\n");
    const scan = scanRuleCalls("example.property.test.ts", text);
    expect(scan.calls.flatMap((c) => c.ids)).toEqual(["RULE-ASSERTS", "RULE-A", "RULE-B"]);
    expect(scan.defects.map((d) => d.replace(/^[^:]+:\d+: /, ""))).toEqual([
      "RULE-NO-ASSERTION: the body calls neither expect nor fc.assert",
      "RULE-CONDITIONAL: not registered unconditionally",
      "RULE-SKIPPED: not registered unconditionally",
      "RULE-IN-HELPER: not registered unconditionally",
      "rule ids are not string literals",
    ]);
    // Without the import of the helper, nothing counts.
    expect(scanRuleCalls("x.ts", text.replace(/import \{ rule \}.*\n/, "")).calls).toEqual([]);
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
