/**
 * Ties a property test to rules of the catalogue (spec/rules/*.json).
 *
 * `rule("LIFE-LAST-CLOSE", "…", () => fc.assert(…))` registers a vitest test whose name starts
 * with the rule ids. spec/catalogue.test.ts counts a rule as checked only through such calls
 * (found by spec/support/rule-calls.ts: literal ids, a body that calls expect or fc.assert,
 * registered unconditionally), and checks that every id named in such a call exists. A rule id
 * in a test title alone does not count.
 *
 * The registered test also fails if its body returns without having made a single expect
 * assertion or check (support/check.ts): a property whose checks never ran checks nothing.
 */
import { expect, it } from "vitest";
import { checksMade } from "./check.js";

export function rule(
  ids: string | readonly string[],
  name: string,
  body: () => void | Promise<void>,
): void {
  const list = typeof ids === "string" ? [ids] : ids;
  const title = `${list.join(", ")}: ${name}`;
  it(title, async () => {
    const before = expect.getState().assertionCalls + checksMade();
    await body();
    if (expect.getState().assertionCalls + checksMade() === before) {
      throw new Error(`${title}: the property made no expect assertion`);
    }
  });
}
