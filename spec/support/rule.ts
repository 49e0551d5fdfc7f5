/**
 * Ties a property test to rules of the catalogue (spec/rules/*.json).
 *
 * `rule("LIFE-LAST-CLOSE", "…", () => fc.assert(…))` registers a vitest test whose name starts
 * with the rule ids. spec/catalogue.test.ts checks that every rule in the catalogue is checked by
 * at least one such call, and that every id named in such a call exists.
 */
import { it } from "vitest";

export function rule(
  ids: string | readonly string[],
  name: string,
  body: () => void | Promise<void>,
): void {
  const list = typeof ids === "string" ? [ids] : ids;
  it(`${list.join(", ")}: ${name}`, body);
}
