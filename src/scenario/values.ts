/**
 * Values in scenario files: numbers, "0x…" hex, constant names ("AF_INET", "FD_READ|FD_WRITE"),
 * "$name" for a saved value ("$name.field" for a part of it), "@P" for the process id of process P,
 * null for NULL.
 */
import { CONSTANTS } from "../constants/index.js";
import { partOf } from "./parts.js";
import { didYouMean } from "./suggest.js";

/** What a step's values are resolved against. */
export interface Bindings {
  /** Saved values, scenario-wide. */
  readonly saved: Map<string, unknown>;
  /** The pid of process `name`; a name no step has mentioned before is an error (ValueError). */
  pidOf(name: string): number;
}

/** Thrown with the reason; the runner adds the file and the step. */
export class ValueError extends Error {}

/**
 * Resolves "$name" and "@P" anywhere in a value; other strings stay strings. "$$…" and "@@…"
 * stand for text that starts with "$" or "@".
 */
export function substitute(value: unknown, bindings: Bindings): unknown {
  if (typeof value === "string") {
    if (value.startsWith("$$") || value.startsWith("@@")) return value.slice(1);
    if (value.startsWith("$")) {
      const name = value.slice(1);
      if (bindings.saved.has(name)) return bindings.saved.get(name);
      // "$info.iAddressFamily": a part of a saved value. A saved name that contains a dot wins.
      const [base, ...path] = name.split(".");
      if (path.length > 0 && bindings.saved.has(base as string))
        return partOf(base as string, bindings.saved.get(base as string), path);
      throw new ValueError(`"$${base}" was never saved (expected a name saved by an earlier step)`);
    }
    if (value.startsWith("@")) return bindings.pidOf(value.slice(1));
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, bindings));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bindings)]));
  }
  return value;
}

function term(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text, 16);
  if (/^\d+$/.test(text)) return Number(text);
  // Own names only: "constructor" or "__proto__" are on every object and are no constants.
  const constant = Object.hasOwn(CONSTANTS, text) ? CONSTANTS[text] : undefined;
  if (constant === undefined) {
    throw new ValueError(
      `unknown constant "${text}"${
        didYouMean(text, Object.keys(CONSTANTS)) ||
        " (expected a winsock2.h name such as AF_INET or FD_READ)"
      }`,
    );
  }
  return constant;
}

/** A number from a number, "0x…", a decimal string, or constant names joined by "|". */
export function toNumber(value: unknown): number {
  const number = anyNumber(value);
  // 400 decimal digits, or a JSON 1e400, are Infinity: no Winsock parameter holds that.
  if (!Number.isFinite(number))
    throw new ValueError(
      `expected a finite number, got ${typeof value === "string" ? value : String(value)}`,
    );
  return number;
}

function anyNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const text = value.trim();
    if (/^-?0x[0-9a-f]+$/i.test(text))
      return text.startsWith("-") ? -Number.parseInt(text.slice(1), 16) : Number.parseInt(text, 16);
    if (/^-?\d+$/.test(text)) return Number(text);
    // Terms joined by "|" (flags) or "+" (an offset, as in WM_USER+1), left to right.
    const tokens = text.split(/([|+])/).map((p) => p.trim());
    let result = term(tokens[0] as string);
    for (let i = 1; i < tokens.length; i += 2) {
      const value = term(tokens[i + 1] as string);
      result = tokens[i] === "|" ? result | value : result + value;
    }
    return result;
  }
  throw new ValueError(`expected a number, "0x…" or a constant name, got ${JSON.stringify(value)}`);
}
