/**
 * Expected values that accept one of several values, { "oneOf": [0, "WSAEINVAL"] }, or exclude
 * one, { "not": 1 }: Windows test suites assert "success or WSAEINVAL" where versions differ.
 *
 * An object is such a form only when `oneOf` or `not` is its only key. Any other object is a
 * partial match of an output that is an object, and no output has a field named oneOf or not, so
 * the two readings cannot meet.
 */
import { ValueError } from "./values.js";

export type ExpectedForm =
  | { readonly kind: "oneOf"; readonly values: readonly unknown[] }
  | { readonly kind: "not"; readonly value: unknown };

function soleKey(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The form `expected` is written in, or undefined for a plain expected value. */
export function expectedForm(expected: unknown): ExpectedForm | undefined {
  const key = soleKey(expected);
  if (key === undefined) return undefined;
  const body = (expected as Record<string, unknown>)[key];
  if (key === "oneOf" && Array.isArray(body) && body.length > 0)
    return { kind: "oneOf", values: body };
  if (key === "not") return { kind: "not", value: body };
  return undefined;
}

/**
 * Throws ValueError when `expected`, or a value nested in it, has `oneOf` as its only key but not
 * a non-empty array after it: read as a partial object, it would match nothing and say nothing.
 */
export function checkExpected(expected: unknown): void {
  if (soleKey(expected) === "oneOf" && expectedForm(expected) === undefined)
    throw new ValueError(
      `"oneOf" takes a non-empty array of values, got ${JSON.stringify((expected as { oneOf: unknown }).oneOf)}`,
    );
  if (Array.isArray(expected)) for (const item of expected) checkExpected(item);
  else if (typeof expected === "object" && expected !== null)
    for (const item of Object.values(expected)) checkExpected(item);
}

function plainText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** An expected value as the trace prints it: "one of 0, WSAEINVAL", "not 1", or the value. */
export function expectedText(expected: unknown): string {
  const form = expectedForm(expected);
  if (form === undefined) return plainText(expected);
  if (form.kind === "not") return `not ${expectedText(form.value)}`;
  return `one of ${form.values.map(expectedText).join(", ")}`;
}
