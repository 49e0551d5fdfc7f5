/**
 * The rules catalogue at run time, so that a call's record can say not only which rules decided
 * it but what they state and where they come from.
 *
 * The rules are written in spec/rules/*.json; the data here is src/rules/catalogue-data.ts,
 * generated from them by spec/rules/generate.ts (`npm run rules:generate`). Reading a module
 * rather than the JSON files keeps this file free of node: imports, so a browser can load it.
 */
import { RULES } from "./catalogue-data.js";

/** A primary source of a rule: a Microsoft page, a Wine test at a release, an issue thread. */
export interface RuleLink {
  readonly title: string;
  readonly url: string;
}

export interface Rule {
  readonly id: string;
  readonly statement: string;
  readonly source: string;
  /** Where observed Windows behaviour differs from the documentation, and what is followed. */
  readonly windows?: string;
  /** The sources that `source` and `windows` name, as addresses a reader can open. */
  readonly links: readonly RuleLink[];
}

let cache: ReadonlyMap<string, Rule> | undefined;

export function rules(): ReadonlyMap<string, Rule> {
  if (cache === undefined) cache = new Map(RULES.map((r) => [r.id, r]));
  return cache;
}

export function rule(id: string): Rule | undefined {
  return rules().get(id);
}
