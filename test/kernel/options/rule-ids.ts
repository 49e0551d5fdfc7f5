/**
 * The rule ids of the catalogue (spec/rules/*.json, as src/rules/catalogue-data.ts carries them;
 * spec/rules/generated.test.ts keeps the two in step), for tests that check which rules a call
 * cites: every id a call names must be one of these (a citation of anything else names no rule).
 */
import { expect } from "vitest";
import { rules } from "../../../src/rules/catalogue.js";
import type { Result } from "./harness.js";

export const RULE_IDS: ReadonlySet<string> = new Set(rules().keys());

/** Every rule the call cites, and the rule of its failure, is a rule of the catalogue. */
export function expectKnownRules(result: Result): void {
  const named = result.ok ? result.rules : [...result.rules, result.rule];
  expect(named.filter((id) => !RULE_IDS.has(id))).toEqual([]);
}
