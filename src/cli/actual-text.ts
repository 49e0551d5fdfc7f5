/**
 * How a failed expectation shows the actual value: by name when the file expected a named
 * constant, so that "expected WSAENOTSOCK, got WSAEINVAL (10022)" needs no table of codes to read.
 * The number stays beside the name: two constants of different groups can share it.
 */
import { CONSTANTS, errorName } from "../constants/index.js";

/** The first constant name in `expected` (a string, or inside the "oneOf"/"not" forms). */
function expectedName(expected: unknown): string | undefined {
  if (typeof expected === "string") {
    const first = expected.split(/[|+]/)[0]?.trim() ?? "";
    return Object.hasOwn(CONSTANTS, first) ? first : undefined;
  }
  if (typeof expected === "object" && expected !== null)
    for (const value of Object.values(expected)) {
      const name = expectedName(value);
      if (name !== undefined) return name;
    }
  return undefined;
}

/** The group a constant belongs to, by its prefix: "AF_", "SOCK_", "WSAE" for error codes. */
function group(name: string): string {
  if (/^WSA[A-Z]/.test(name) && !name.startsWith("WSA_")) return "WSAE";
  const underscore = name.indexOf("_");
  return underscore < 0 ? name : name.slice(0, underscore + 1);
}

/** The actual value as text; a number as "NAME (number)" when the expected value was a name. */
export function actualText(field: string, expected: unknown, actual: unknown): string {
  if (typeof actual !== "number")
    return typeof actual === "string" ? actual : JSON.stringify(actual);
  const wanted = expectedName(expected);
  if (wanted === undefined) return String(actual);
  let name: string | undefined;
  if (field === "error" || group(wanted) === "WSAE") {
    const found = errorName(actual);
    name = found === String(actual) || found === "0" ? undefined : found;
  } else {
    name = Object.keys(CONSTANTS).find(
      (candidate) => CONSTANTS[candidate] === actual && group(candidate) === group(wanted),
    );
  }
  return name === undefined ? String(actual) : `${name} (${actual})`;
}
