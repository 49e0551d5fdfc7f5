/**
 * The rule ids of spec/rules/*.json, for tests that check which rules a call cites: every id a
 * call names must be one of these (a citation of anything else names no rule).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Result } from "./harness.js";

const RULES_DIR = fileURLToPath(new URL("../../../spec/rules", import.meta.url));

export const RULE_IDS: ReadonlySet<string> = new Set(
  readdirSync(RULES_DIR)
    .filter((file) => file.endsWith(".json"))
    .flatMap((file) =>
      (JSON.parse(readFileSync(join(RULES_DIR, file), "utf8")) as { id: string }[]).map(
        (r) => r.id,
      ),
    ),
);

/** Every rule the call cites, and the rule of its failure, is a rule of the catalogue. */
export function expectKnownRules(result: Result): void {
  const named = result.ok ? result.rules : [...result.rules, result.rule];
  expect(named.filter((id) => !RULE_IDS.has(id))).toEqual([]);
}
