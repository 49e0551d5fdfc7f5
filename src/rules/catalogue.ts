/**
 * The rules catalogue (spec/rules/*.json) at run time, so that a call's record can say not only
 * which rules decided it but what they state and where they come from.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Rule {
  readonly id: string;
  readonly statement: string;
  readonly source: string;
  /** Where observed Windows behaviour differs from the documentation, and what is followed. */
  readonly windows?: string;
}

/** src/rules/ and dist/rules/ both sit two levels below the package root. */
const RULES_DIR = fileURLToPath(new URL("../../spec/rules/", import.meta.url));

let cache: ReadonlyMap<string, Rule> | undefined;

export function rules(): ReadonlyMap<string, Rule> {
  if (cache === undefined) {
    const map = new Map<string, Rule>();
    for (const file of readdirSync(RULES_DIR)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      for (const rule of JSON.parse(readFileSync(RULES_DIR + file, "utf8")) as Rule[]) {
        map.set(rule.id, rule);
      }
    }
    cache = map;
  }
  return cache;
}

export function rule(id: string): Rule | undefined {
  return rules().get(id);
}
