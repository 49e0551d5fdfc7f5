/**
 * locate(): a schema error's path, or a runner error's place, back to line and column in the
 * text the person wrote, JSON and YAML alike.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  lineColumn,
  locate,
  offsetOf,
  placeLineColumn,
  placePath,
} from "../../src/scenario/locate.js";
import { parseScenario } from "../../src/scenario/read.js";
import { schemaErrors } from "../../src/scenario/schema-check.js";
import { ScenarioError } from "../../src/scenario/types.js";

const root = join(import.meta.dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(root, "docs", "scenario.schema.json"), "utf8"));

const json = `{
  "title": "a {title} with \\"quotes\\" and [brackets]",
  "steps": [
    { "process": "A", "call": "WSAStartup" },
    {
      "process": "A",
      "call": "bind",
      "args": { "s": "$s", "name": "127.0.0.1:0" },
      "expected": { "ret": 0 }
    }
  ]
}`;

const yaml = `title: a title
steps:
  - process: A
    call: WSAStartup
  - process: A
    call: bind
    args: { s: $s, name: "127.0.0.1:0" }
    expected:
      ret: 0
`;

describe("locate in JSON", () => {
  it("finds a value by its path", () => {
    const at = locate(json, "json", ["steps", 1, "call"]);
    expect(json.slice(at.start, at.end)).toBe('"bind"');
    expect(at).toMatchObject({ line: 7, column: 15, exact: true });
  });

  it("finds nested values and array elements", () => {
    const at = locate(json, "json", ["steps", 1, "args", "name"]);
    expect(json.slice(at.start, at.end)).toBe('"127.0.0.1:0"');
    const step = locate(json, "json", ["steps", 0]);
    expect(json.slice(step.start, step.end)).toBe('{ "process": "A", "call": "WSAStartup" }');
  });

  it("finds the key of a property that is not allowed", () => {
    const at = locate(json, "json", ["steps", 1, "expected"], { key: true });
    expect(json.slice(at.start, at.end)).toBe('"expected"');
    expect(at).toMatchObject({ line: 9, column: 7 });
  });

  it("is not misled by braces, brackets and quotes inside strings", () => {
    const at = locate(json, "json", ["steps"]);
    expect(json.slice(at.start, at.start + 1)).toBe("[");
    expect(at.line).toBe(3);
  });

  it("places a missing value at the deepest value that exists", () => {
    const at = locate(json, "json", ["steps", 0, "thread"]);
    expect(at.exact).toBe(false);
    expect(json.slice(at.start, at.end)).toBe('{ "process": "A", "call": "WSAStartup" }');
  });

  it("takes the last of duplicate keys, as JSON.parse does", () => {
    const text = '{ "title": 1, "title": "t" }';
    const at = locate(text, "json", ["title"]);
    expect(text.slice(at.start, at.end)).toBe('"t"');
  });

  it("places every schema error of a file on the text at fault", () => {
    const errors = schemaErrors(schema, JSON.parse(json));
    expect(errors).toHaveLength(1);
    const [error] = errors;
    const at = locate(json, "json", error!.path, { key: error!.key ?? false });
    expect(json.slice(at.start, at.end)).toBe('"expected"');
  });
});

describe("locate in YAML", () => {
  it("finds a value by its path", () => {
    const at = locate(yaml, "yaml", ["steps", 1, "call"]);
    expect(yaml.slice(at.start, at.end)).toBe("bind");
    expect(at).toMatchObject({ line: 6, column: 11, exact: true });
  });

  it("finds flow values and keys", () => {
    const name = locate(yaml, "yaml", ["steps", 1, "args", "name"]);
    expect(yaml.slice(name.start, name.end)).toBe('"127.0.0.1:0"');
    const key = locate(yaml, "yaml", ["steps", 1, "expected"], { key: true });
    expect(yaml.slice(key.start, key.end)).toBe("expected");
    expect(key.line).toBe(8);
  });

  it("places a missing value at the deepest value that exists", () => {
    const at = locate(yaml, "yaml", ["steps", 0, "thread"]);
    expect(at.exact).toBe(false);
    expect(yaml.slice(at.start, at.end)).toContain("process: A");
  });

  it("places a key without a value at the key", () => {
    const text = "title: t\nsteps:\n  - process: A\n    call:\n";
    const at = locate(text, "yaml", ["steps", 0, "call"]);
    expect(text.slice(at.start, at.end)).toBe("call");
  });
});

describe("places of ScenarioErrors", () => {
  it("reads step and field places as paths", () => {
    expect(placePath('step 3, field "expect.ok"')).toEqual(["steps", 3, "expect", "ok"]);
    expect(placePath("step 2")).toEqual(["steps", 2]);
    expect(placePath('field "title"')).toEqual(["title"]);
    expect(placePath("line 2, column 5")).toBeNull();
    expect(placePath("file")).toBeNull();
  });

  it("reads the places of lanes and after steps as paths", () => {
    expect(placePath('lane 1 step 0, field "args"')).toEqual(["concurrent", 1, "steps", 0, "args"]);
    expect(placePath("lane 2")).toEqual(["concurrent", 2]);
    expect(placePath('lane 0, field "thread"')).toEqual(["concurrent", 0, "thread"]);
    expect(placePath('after step 3, field "call"')).toEqual(["after", 3, "call"]);
    expect(placePath("after")).toBeNull();
    expect(placePath("lane x step 1")).toBeNull();
  });

  it("reads line and column places", () => {
    expect(placeLineColumn("line 2, column 5")).toEqual({ line: 2, column: 5 });
    expect(placeLineColumn('field "title"')).toBeNull();
  });

  it("gives back the offset of the reader's line and column", () => {
    // A YAML error: the reader places it by the yaml package's line and column.
    const text = "title: t\nsteps: [\n  - a\n";
    let caught: unknown;
    try {
      parseScenario("bad.yaml", text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    const place = placeLineColumn((caught as ScenarioError).place);
    expect(place).not.toBeNull();
    const offset = offsetOf(text, place!.line, place!.column);
    expect(lineColumn(text, offset)).toEqual(place);
  });

  it("clamps an offset past the end of its line", () => {
    expect(offsetOf("ab\ncd", 1, 10)).toBe(2);
    expect(offsetOf("ab\ncd", 5, 1)).toBe(5);
  });
});
