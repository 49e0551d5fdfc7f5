/**
 * jsonSyntaxError(): the place where text stops being JSON, and agreement with JSON.parse on
 * which texts are JSON at all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "../../src/scenario/json-syntax.js";

function accepted(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("jsonSyntaxError", () => {
  it.each([
    ['{ "a": [1, 2,] }', 13, "a value"],
    ['{ "a": 1 "b": 2 }', 9, '"," or "}"'],
    ["{ a: 1 }", 2, "a property name in double quotes"],
    ['{ "a" 1 }', 6, '":"'],
    ['{ "a": tru }', 7, '"true"'],
    ['{ "a": "x\\q" }', 10, "an escape"],
    ['{ "a": 1 } x', 11, "the end of the text"],
    ['{ "a": "open', 12, 'a closing "'],
    ["", 0, "a value"],
    ["[01]", 2, '"," or "]"'],
  ])("places the error in %j at %i", (text, offset, expected) => {
    const error = jsonSyntaxError(text);
    expect(error?.offset).toBe(offset);
    expect(error?.expected).toContain(expected);
    expect(accepted(text)).toBe(false);
  });

  it("accepts what JSON.parse accepts", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonSyntaxError(text)).toBeNull();
        expect(jsonSyntaxError(JSON.stringify(JSON.parse(text), null, 2))).toBeNull();
      }),
      { seed: 10, numRuns: 500 },
    );
  });

  it("rejects what JSON.parse rejects, on texts one character away from JSON", () => {
    const sample = fc.tuple(fc.json(), fc.nat(), fc.constantFrom(",", "]", "}", '"', "x", "\\"));
    fc.assert(
      fc.property(sample, ([text, position, inserted]) => {
        const at = position % (text.length + 1);
        const broken = text.slice(0, at) + inserted + text.slice(at);
        expect(jsonSyntaxError(broken) === null).toBe(accepted(broken));
      }),
      { seed: 10, numRuns: 2000 },
    );
  });
});
