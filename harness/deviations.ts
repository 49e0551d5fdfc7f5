/**
 * The known-deviations file (harness/wine-deviations.json): differences between the simulator
 * (which follows Windows) and Wine that are understood and explained, so that the conformance run
 * reports them as such instead of failing. Each entry names one step of one scenario; a deviation
 * that spreads to later steps lists each of those steps too (never a wildcard), so that a new
 * difference can never hide behind an old entry.
 *
 * The reader is strict and reports every problem at once, each with the file, the place as a
 * JSON path (`deviations[2].step`) and what was expected: a malformed file stops the run (exit 2)
 * rather than silently excusing or failing steps.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseScenario } from "../src/scenario/read.js";
import { BASES, type Basis, type Matcher, type Pin, readMatchers, readPin } from "./causes.js";
import { isObject, kindOf, listWords } from "./json-kind.js";
import { ROOT } from "./paths.js";

/** Why Wine differs: one explanation shared by every step it causes. */
export interface Cause {
  /** One sentence: what Wine does differently. */
  readonly summary: string;
  /** What Windows does (the simulator's answer). */
  readonly windows: string;
  /** Where this is known from (a todo_wine test, a reference section, a Microsoft page). */
  readonly evidence: string;
  /**
   * How far `windows` is established: "windows" (observed on Windows: a Wine test that passes
   * there, or a Windows trace), "documentation" (a Microsoft page, nothing observed), or
   * "unverified" (neither: an open question for a Windows trace, listed in docs/conformance.md).
   */
  readonly basis: Basis;
  /** The differences it explains wherever they occur; absent for a cause of listed steps only. */
  readonly match?: readonly Matcher[];
}

export interface Deviation {
  /** The scenario file, relative to the repository root, with "/" separators. */
  readonly scenario: string;
  readonly step: number;
  /** A key of the file's causes. */
  readonly cause: string;
  readonly wine?: Pin;
  /** Why this step is listed, when it is a consequence of another listed step. */
  readonly comment?: string;
  /** Where the entry is in the file (`deviations[3]`), for reports. */
  readonly place: string;
}

export type { Pin } from "./causes.js";

export interface Deviations {
  /** The file as given (empty for no file). */
  readonly file: string;
  readonly causes: ReadonlyMap<string, Cause>;
  readonly deviations: readonly Deviation[];
}

/** No deviations: every difference fails (traces from real Windows, or --deviations none). */
export const NO_DEVIATIONS: Deviations = { file: "", causes: new Map(), deviations: [] };

/** One problem of a deviations file. */
export interface DeviationsProblem {
  readonly place: string;
  readonly expected: string;
}

/** A deviations file that cannot be used; the message has one line per problem. */
export class DeviationsError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly DeviationsProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.place}: ${p.expected}`).join("\n"));
    this.name = "DeviationsError";
  }
}

const TOP_KEYS = ["$comment", "causes", "deviations"];
const CAUSE_KEYS = ["summary", "windows", "evidence", "basis", "match"];
const ENTRY_KEYS = ["scenario", "step", "cause", "wine", "comment"];
const CAUSE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A JSON path step: `.name` for plain names, `["odd name"]` otherwise. */
const member = (path: string, key: string) =>
  /^[A-Za-z_$][\w$-]*$/.test(key)
    ? `${path}${path === "" ? "" : "."}${key}`
    : `${path}[${JSON.stringify(key)}]`;

class Reader {
  readonly problems: DeviationsProblem[] = [];
  /** Every cause name defined, valid or not: a bad cause is reported once, not at each use. */
  readonly causeNames = new Set<string>();
  /** Step counts of the scenarios already read (undefined: unreadable, already reported). */
  readonly #steps = new Map<string, number | undefined>();

  constructor(readonly root: string) {}

  problem(place: string, expected: string): void {
    this.problems.push({ place, expected });
  }

  /** Checks that only `keys` appear in `object` at `path`. */
  onlyKeys(object: Record<string, unknown>, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (!keys.includes(key))
        this.problem(member(path, key), `expected only the keys ${listWords(keys)} here`);
    }
  }

  text(
    object: Record<string, unknown>,
    path: string,
    key: string,
    what: string,
  ): string | undefined {
    const value = object[key];
    if (typeof value === "string" && value.trim() !== "") return value;
    this.problem(member(path, key), `expected ${what} (a non-empty string), got ${kindOf(value)}`);
    return undefined;
  }

  causes(value: unknown): Map<string, Cause> {
    const causes = new Map<string, Cause>();
    if (!isObject(value)) {
      this.problem(
        "causes",
        `expected an object of cause name → {${CAUSE_KEYS.join(", ")}}, got ${kindOf(value)}`,
      );
      return causes;
    }
    for (const [name, cause] of Object.entries(value)) {
      this.causeNames.add(name);
      const path = member("causes", name);
      if (!CAUSE_NAME.test(name))
        this.problem(path, "expected a cause name of lowercase words joined by hyphens");
      if (!isObject(cause)) {
        this.problem(
          path,
          `expected an object with ${listWords(CAUSE_KEYS)}, got ${kindOf(cause)}`,
        );
        continue;
      }
      this.onlyKeys(cause, path, CAUSE_KEYS);
      const summary = this.text(
        cause,
        path,
        "summary",
        "one sentence on what Wine does differently",
      );
      const windows = this.text(cause, path, "windows", "what Windows does");
      const evidence = this.text(cause, path, "evidence", "where this is known from");
      const basis = cause.basis;
      const basisOk = (BASES as readonly unknown[]).includes(basis);
      if (!basisOk)
        this.problem(
          `${path}.basis`,
          `expected how far the Windows side is established: ${listWords(BASES.map((b) => `"${b}"`))}, got ${kindOf(basis)}`,
        );
      const problem = (place: string, expected: string) => this.problem(place, expected);
      const match =
        "match" in cause ? readMatchers(cause.match, `${path}.match`, problem) : undefined;
      const matchOk = !("match" in cause) || match !== undefined;
      if (
        summary !== undefined &&
        windows !== undefined &&
        evidence !== undefined &&
        basisOk &&
        matchOk
      )
        causes.set(name, {
          summary,
          windows,
          evidence,
          basis: basis as Basis,
          ...(match === undefined ? {} : { match }),
        });
    }
    return causes;
  }

  /** The number of steps of a scenario named relative to the root, or undefined with a problem. */
  scenarioSteps(path: string, scenario: string): number | undefined {
    if (this.#steps.has(scenario)) return this.#steps.get(scenario);
    let count: number | undefined;
    const full = resolve(this.root, scenario);
    if (!existsSync(full) || !statSync(full).isFile()) {
      this.problem(
        path,
        `expected a scenario file relative to the repository root; ${scenario} does not exist`,
      );
    } else {
      try {
        count = parseScenario(scenario, readFileSync(full, "utf8")).steps.length;
      } catch (error) {
        this.problem(path, `expected a readable scenario file: ${(error as Error).message}`);
      }
    }
    this.#steps.set(scenario, count);
    return count;
  }

  scenario(entry: Record<string, unknown>, path: string): string | undefined {
    const value = entry.scenario;
    const where = `${path}.scenario`;
    if (typeof value !== "string" || value === "") {
      this.problem(
        where,
        `expected a scenario file relative to the repository root, got ${kindOf(value)}`,
      );
      return undefined;
    }
    // One spelling per file, so that entries compare by their text and duplicates are found.
    if (
      isAbsolute(value) ||
      value.includes("\\") ||
      value.split("/").some((p) => p === ".." || p === "." || p === "")
    ) {
      this.problem(
        where,
        `expected a path relative to the repository root with "/" separators and no "." or ".." parts, got ${kindOf(value)}`,
      );
      return undefined;
    }
    return value;
  }

  pin(value: unknown, path: string): Pin | undefined {
    return readPin(value, path, (place, expected) => this.problem(place, expected));
  }

  entry(value: unknown, i: number): Deviation | undefined {
    const path = `deviations[${i}]`;
    if (!isObject(value)) {
      this.problem(
        path,
        `expected an object with scenario, step, cause and optionally wine and comment, got ${kindOf(value)}`,
      );
      return undefined;
    }
    this.onlyKeys(value, path, ENTRY_KEYS);
    const scenario = this.scenario(value, path);
    const steps =
      scenario === undefined ? undefined : this.scenarioSteps(`${path}.scenario`, scenario);
    const step = value.step;
    let stepOk = Number.isInteger(step) && (step as number) >= 0;
    if (!stepOk)
      this.problem(`${path}.step`, `expected a step index (an integer ≥ 0), got ${kindOf(step)}`);
    else if (steps !== undefined && (step as number) >= steps) {
      this.problem(
        `${path}.step`,
        `expected a step index of ${scenario} (0 to ${steps - 1}), got ${step}`,
      );
      stepOk = false;
    }
    const cause = value.cause;
    const causeOk = typeof cause === "string" && this.causeNames.has(cause);
    if (!causeOk) {
      const known = [...this.causeNames].sort();
      this.problem(
        `${path}.cause`,
        `expected a key of causes (${known.length === 0 ? "none defined" : listWords(known)}), got ${kindOf(cause)}`,
      );
    }
    const pin = "wine" in value ? this.pin(value.wine, `${path}.wine`) : undefined;
    const pinOk = !("wine" in value) || pin !== undefined;
    if ("comment" in value) this.text(value, path, "comment", "why this step is listed");
    if (scenario === undefined || steps === undefined || !stepOk || !causeOk || !pinOk)
      return undefined;
    return {
      scenario,
      step: step as number,
      cause: cause as string,
      ...(pin === undefined ? {} : { wine: pin }),
      ...(typeof value.comment === "string" ? { comment: value.comment } : {}),
      place: path,
    };
  }
}

/** Reads a deviations file's text; `root` is where the scenario paths start (the repository). */
export function parseDeviations(file: string, text: string, root: string = ROOT): Deviations {
  const reader = new Reader(root);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeviationsError(file, [
      { place: "(the whole file)", expected: `expected JSON: ${(error as Error).message}` },
    ]);
  }
  if (!isObject(json))
    throw new DeviationsError(file, [
      {
        place: "(top level)",
        expected: `expected an object with ${listWords(TOP_KEYS)}, got ${kindOf(json)}`,
      },
    ]);
  reader.onlyKeys(json, "", TOP_KEYS);
  if ("$comment" in json && typeof json.$comment !== "string")
    reader.problem("$comment", `expected a string, got ${kindOf(json.$comment)}`);
  const causes = reader.causes(json.causes);
  const deviations: Deviation[] = [];
  if (!Array.isArray(json.deviations)) {
    reader.problem(
      "deviations",
      `expected an array of {scenario, step, cause, wine?}, got ${kindOf(json.deviations)}`,
    );
  } else {
    const seen = new Map<string, string>();
    json.deviations.forEach((value, i) => {
      const entry = reader.entry(value, i);
      if (entry === undefined) return;
      const key = `${entry.scenario}#${entry.step}`;
      const first = seen.get(key);
      if (first !== undefined)
        reader.problem(
          entry.place,
          `expected each (scenario, step) once; ${entry.scenario} step ${entry.step} is already listed at ${first}`,
        );
      else {
        seen.set(key, entry.place);
        deviations.push(entry);
      }
    });
  }
  if (reader.problems.length > 0) throw new DeviationsError(file, reader.problems);
  return { file, causes, deviations };
}

/** Reads a deviations file (see parseDeviations); a missing file is a problem like any other. */
export function readDeviations(file: string, root: string = ROOT): Deviations {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DeviationsError(file, [
      {
        place: "(the whole file)",
        expected: `expected a readable file: ${(error as Error).message}`,
      },
    ]);
  }
  return parseDeviations(file, text, root);
}

/** The entries for one scenario (named relative to the root, "/" separators), by step. */
export function deviationsFor(
  deviations: Deviations,
  scenario: string,
): ReadonlyMap<number, Deviation> {
  return new Map(
    deviations.deviations.filter((d) => d.scenario === scenario).map((d) => [d.step, d]),
  );
}
