/**
 * Values in scenario files: numbers, "0x…" hex, constant names ("AF_INET", "FD_READ|FD_WRITE"),
 * "$name" for a saved value, "@P" for the process id of process P, null for NULL.
 */
import { CONSTANTS } from "../constants/index.js";

/** What a step's values are resolved against. */
export interface Bindings {
  /** Saved values, scenario-wide. */
  readonly saved: Map<string, unknown>;
  /** The pid of process `name`, creating the process if this is its first mention. */
  pidOf(name: string): number;
}

/** Thrown with the reason; the runner adds the file and the step. */
export class ValueError extends Error {}

/** Resolves "$name" and "@P" anywhere in a value; other strings stay strings. */
export function substitute(value: unknown, bindings: Bindings): unknown {
  if (typeof value === "string") {
    if (value.startsWith("$")) {
      const name = value.slice(1);
      if (!bindings.saved.has(name))
        throw new ValueError(
          `"${value}" was never saved (expected a name saved by an earlier step)`,
        );
      return bindings.saved.get(name);
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

/** A number from a number, "0x…", a decimal string, or constant names joined by "|". */
export function toNumber(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const text = value.trim();
    if (/^-?0x[0-9a-f]+$/i.test(text))
      return text.startsWith("-") ? -Number.parseInt(text.slice(1), 16) : Number.parseInt(text, 16);
    if (/^-?\d+$/.test(text)) return Number(text);
    const parts = text.split("|").map((p) => p.trim());
    let result = 0;
    for (const part of parts) {
      const constant = CONSTANTS[part];
      if (constant === undefined)
        throw new ValueError(
          `unknown constant "${part}" (expected a winsock2.h name such as AF_INET or FD_READ)`,
        );
      result = parts.length === 1 ? constant : result | constant;
    }
    return result;
  }
  throw new ValueError(`expected a number, "0x…" or a constant name, got ${JSON.stringify(value)}`);
}
