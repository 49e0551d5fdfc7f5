/**
 * Constant names in a step's `expect`, checked before the step runs: a misspelt name
 * ("WSAENOTSOKC") would otherwise only fail to match, and pass for a wrong expectation about
 * Windows rather than a wrong file.
 *
 * Only `ret` and `error` are checked here: they are numbers whatever the call, so every string in
 * them is a number form or constant names. An output may be text ("buf": "HELLO"), which cannot
 * be told from a misspelt constant before the call says what it holds.
 */
import { CONSTANTS } from "../constants/index.js";
import { didYouMean } from "./suggest.js";
import { toNumber, ValueError } from "./values.js";

/** The constant names every misspelling is compared with, in a fixed order. */
const NAMES = Object.keys(CONSTANTS);

/** Every string in `value`, however nested (the forms "oneOf" and "not" hold their values). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/**
 * The field ("ret" or "error") and the reason when an expected `ret` or `error` names no
 * constant; undefined when every name is known. "$name" and "@P" are resolved later.
 */
export function unknownExpectName(
  expect: Readonly<Record<string, unknown>> | undefined,
): { field: string; reason: string } | undefined {
  for (const field of ["ret", "error"]) {
    for (const text of strings(expect?.[field])) {
      if (text.startsWith("$") || text.startsWith("@")) continue;
      try {
        toNumber(text);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        const unknown = text
          .split(/[|+]/)
          .map((t) => t.trim())
          .find((t) => !/^(0x[0-9a-f]+|\d+)$/i.test(t) && !Object.hasOwn(CONSTANTS, t));
        const reason =
          unknown === undefined
            ? error.message
            : `unknown constant "${unknown}"${didYouMean(unknown, NAMES)}`;
        return { field, reason };
      }
    }
  }
  return undefined;
}
