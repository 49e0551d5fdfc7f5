/**
 * Checking the editor's text: JSON or YAML syntax, docs/scenario.schema.json, and the scenario
 * reader; every problem placed on the text (offsets, line and column) so the editor can mark it.
 */
import { parse as parseYaml } from "yaml";
import schema from "../../docs/scenario.schema.json";
import { jsonSyntaxError } from "../../src/scenario/json-syntax.js";
import {
  lineColumn,
  locate,
  offsetOf,
  placeLineColumn,
  placePath,
  type Syntax,
} from "../../src/scenario/locate.js";
import { parseScenario } from "../../src/scenario/read.js";
import { errorText, type Schema, schemaErrors } from "../../src/scenario/schema-check.js";
import { type Scenario, ScenarioError } from "../../src/scenario/types.js";

export interface Problem {
  /** "line 7, column 15: ..." */
  readonly message: string;
  /** The text to mark, end exclusive; start === end marks a point. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export interface Checked {
  readonly syntax: Syntax;
  /** The scenario, when the reader accepted it (schema problems may remain). */
  readonly scenario: Scenario | null;
  readonly problems: readonly Problem[];
}

/** JSON when the text opens with { or [, YAML otherwise: the two need no other switch. */
export function syntaxOf(text: string): Syntax {
  const first = /\S/.exec(text)?.[0];
  return first === undefined || first === "{" || first === "[" ? "json" : "yaml";
}

export function fileName(syntax: Syntax): string {
  return syntax === "json" ? "scenario.json" : "scenario.yaml";
}

function problem(text: string, start: number, end: number, what: string): Problem {
  // Mark only the first line of a long value (a whole step object): enough to find it.
  const lineEnd = text.indexOf("\n", start);
  const clipped = Math.min(end, lineEnd < 0 ? text.length : lineEnd);
  const { line, column } = lineColumn(text, start);
  return {
    message: `line ${line}, column ${column}: ${what}`,
    start,
    end: Math.max(start, clipped),
    line,
    column,
  };
}

/**
 * A ScenarioError (from the reader or from a run) placed on the text: its place is a line and
 * column, a step and field, or neither (then the start of the text).
 */
export function placeError(text: string, syntax: Syntax, error: ScenarioError): Problem {
  const at = placeLineColumn(error.place);
  if (at !== null) {
    const offset = offsetOf(text, at.line, at.column);
    return problem(text, offset, offset + 1, error.expected);
  }
  const path = placePath(error.place);
  if (path !== null) {
    const span = locate(text, syntax, path);
    return problem(text, span.start, span.end, `${error.place}: ${error.expected}`);
  }
  return problem(text, 0, 0, `${error.place}: ${error.expected}`);
}

export function checkText(text: string): Checked {
  const syntax = syntaxOf(text);
  if (syntax === "json") {
    // The engine's JSON.parse message does not always say where; this recognizer does.
    const bad = jsonSyntaxError(text);
    if (bad !== null) {
      const problems = [problem(text, bad.offset, bad.offset + 1, `expected ${bad.expected}`)];
      return { syntax, scenario: null, problems };
    }
  }
  const problems: Problem[] = [];
  let scenario: Scenario | null = null;
  try {
    scenario = parseScenario(fileName(syntax), text);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    problems.push(placeError(text, syntax, error));
    // A YAML syntax error leaves nothing for the schema to check.
    if (placeLineColumn(error.place) !== null) return { syntax, scenario, problems };
  }
  const value: unknown = syntax === "json" ? JSON.parse(text) : parseYaml(text);
  for (const error of schemaErrors(schema as Schema, value)) {
    const span = locate(text, syntax, error.path, { key: error.key ?? false });
    const placed = problem(text, span.start, span.end, `schema: ${errorText(error)}`);
    // The reader already said what is wrong at this place, in its own words.
    if (!problems.some((p) => p.start === placed.start)) problems.push(placed);
  }
  return { syntax, scenario, problems };
}
