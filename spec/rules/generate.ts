/**
 * Turns the rules catalogue (spec/rules/*.json) into src/rules/catalogue-data.ts.
 *
 * The JSON files are what people edit and review; the simulator reads the generated module
 * instead, because a browser has no file system to read JSON from at run time.
 *
 *     npm run rules:generate
 *
 * spec/rules/generated.test.ts renders the module again in memory and fails when the file on disk
 * differs, so a rule edited without regenerating cannot go unnoticed.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const RULES_DIR = fileURLToPath(new URL("./", import.meta.url));
export const MODULE_PATH = fileURLToPath(
  new URL("../../src/rules/catalogue-data.ts", import.meta.url),
);
export const GENERATE_COMMAND = "npm run rules:generate";

interface LinkEntry {
  readonly title: string;
  readonly url: string;
}

interface RuleEntry {
  readonly id: string;
  readonly statement: string;
  readonly source: string;
  readonly windows?: string;
  readonly links: readonly LinkEntry[];
}

/** Every rule of every JSON file, files in name order, rules in file order. */
export function readRules(dir: string = RULES_DIR): RuleEntry[] {
  const all: RuleEntry[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const entries: unknown = JSON.parse(readFileSync(dir + file, "utf8"));
    if (!Array.isArray(entries)) throw new Error(`${file}: expected an array of rules`);
    for (const entry of entries) {
      const rule = checkRule(entry, file);
      if (seen.has(rule.id)) throw new Error(`${file}: rule ${rule.id} defined twice`);
      seen.add(rule.id);
      all.push(rule);
    }
  }
  return all;
}

/** The shape the Rule type promises, checked here so that a malformed file fails generation. */
function checkRule(entry: unknown, file: string): RuleEntry {
  const where = `${file}: ${JSON.stringify(entry).slice(0, 60)}`;
  if (typeof entry !== "object" || entry === null) throw new Error(`${where}: not an object`);
  const r = entry as Record<string, unknown>;
  for (const key of ["id", "statement", "source"]) {
    if (typeof r[key] !== "string") throw new Error(`${where}: "${key}" must be a string`);
  }
  if (r.windows !== undefined && typeof r.windows !== "string") {
    throw new Error(`${where}: "windows" must be a string`);
  }
  if (!Array.isArray(r.links)) throw new Error(`${where}: "links" must be an array`);
  for (const link of r.links as unknown[]) {
    const l = link as Record<string, unknown> | null;
    if (typeof l?.title !== "string" || typeof l.url !== "string") {
      throw new Error(`${where}: every link needs a string "title" and "url"`);
    }
  }
  const known = new Set(["id", "statement", "source", "windows", "links"]);
  const extra = Object.keys(r).filter((k) => !known.has(k));
  if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(", ")}`);
  return r as unknown as RuleEntry;
}

/**
 * A string literal as Biome writes it (double quotes, unless the text holds more double quotes
 * than single ones), so that the generated file passes `biome check` unchanged.
 */
function literal(text: string): string {
  const doubles = text.split('"').length - 1;
  const singles = text.split("'").length - 1;
  const json = JSON.stringify(text);
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/**
 * `key: "value",` at this indentation, laid out as Biome lays it out: a line longer than 100
 * columns breaks after the colon, except for keys of at most four characters (Biome keeps a
 * short key on the value's line, as Prettier does).
 */
function property(indent: string, key: string, value: string): string {
  const line = `${indent}${key}: ${literal(value)},`;
  if (line.length <= 100 || key.length <= 4) return line;
  return `${indent}${key}:\n${indent}  ${literal(value)},`;
}

/** The text of src/rules/catalogue-data.ts for these rules. */
export function renderModule(rules: readonly RuleEntry[]): string {
  const out: string[] = [
    "// Generated from spec/rules/*.json by spec/rules/generate.ts. Do not edit: change the JSON",
    `// and run \`${GENERATE_COMMAND}\`.`,
    'import type { Rule } from "./catalogue.js";',
    "",
    "export const RULES: readonly Rule[] = [",
  ];
  for (const rule of rules) {
    out.push("  {");
    out.push(property("    ", "id", rule.id));
    out.push(property("    ", "statement", rule.statement));
    out.push(property("    ", "source", rule.source));
    if (rule.windows !== undefined) out.push(property("    ", "windows", rule.windows));
    if (rule.links.length === 0) {
      out.push("    links: [],");
    } else {
      out.push("    links: [");
      for (const link of rule.links) {
        out.push("      {");
        out.push(property("        ", "title", link.title));
        out.push(property("        ", "url", link.url));
        out.push("      },");
      }
      out.push("    ],");
    }
    out.push("  },");
  }
  out.push("];", "");
  return out.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rules = readRules();
  writeFileSync(MODULE_PATH, renderModule(rules));
  console.log(`wrote ${rules.length} rules to src/rules/catalogue-data.ts`);
}
