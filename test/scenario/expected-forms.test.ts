/**
 * Expected values that accept one of several values ({ "oneOf": [...] }) or exclude one
 * ({ "not": v }): how they match, how the trace prints them, and when they make a file unusable.
 */
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cli/run.js";
import { checkExpected, expectedForm, expectedText } from "../../src/scenario/expected-forms.js";
import { parseScenario } from "../../src/scenario/read.js";
import { matches, runScenario } from "../../src/scenario/run.js";

describe("matches", () => {
  it("holds a oneOf when any of its values matches", () => {
    expect(matches({ oneOf: ["0", "WSAEINVAL"] }, 0)).toBe(true);
    expect(matches({ oneOf: ["0", "WSAEINVAL"] }, 10022)).toBe(true);
    expect(matches({ oneOf: ["0", "WSAEINVAL"] }, 10038)).toBe(false);
    expect(matches({ oneOf: ["127.0.0.1:80", null] }, undefined)).toBe(true);
  });

  it("holds a not when its value does not match", () => {
    expect(matches({ not: 1 }, 0)).toBe(true);
    expect(matches({ not: 1 }, 1)).toBe(false);
    expect(matches({ not: "INVALID_SOCKET" }, 4)).toBe(true);
    expect(matches({ not: { oneOf: [0, 1] } }, 1)).toBe(false);
    expect(matches({ not: { oneOf: [0, 1] } }, 2)).toBe(true);
  });

  it("applies the forms inside objects and arrays", () => {
    const events = { lNetworkEvents: 1, iErrorCode: [0, 0, 0, 0, 0, 10053, 0, 0, 0, 0] };
    expect(matches({ lNetworkEvents: { not: 0 } }, events)).toBe(true);
    expect(matches({ iErrorCode: { FD_CLOSE: { oneOf: [0, "WSAECONNABORTED"] } } }, events)).toBe(
      true,
    );
    expect(matches([{ oneOf: [4, 8] }], [8])).toBe(true);
  });

  it("reads an object with another key besides oneOf or not as a partial match", () => {
    expect(expectedForm({ oneOf: [1], x: 1 })).toBeUndefined();
    expect(matches({ not: 1, x: 2 }, { not: 1, x: 2 })).toBe(true);
    expect(matches({ not: 1, x: 2 }, { not: 3, x: 2 })).toBe(false);
  });
});

describe("expectedText", () => {
  it("prints the forms in words", () => {
    expect(expectedText({ oneOf: ["0", "WSAEINVAL"] })).toBe("one of 0, WSAEINVAL");
    expect(expectedText({ not: 1 })).toBe("not 1");
    expect(expectedText({ not: { oneOf: [0, 1] } })).toBe("not one of 0, 1");
    expect(expectedText("WSAEINVAL")).toBe("WSAEINVAL");
    expect(expectedText({ lNetworkEvents: "FD_READ" })).toBe('{"lNetworkEvents":"FD_READ"}');
  });
});

describe("checkExpected", () => {
  it("refuses a oneOf that is not a non-empty array, nested or not", () => {
    expect(() => checkExpected({ oneOf: 0 })).toThrow(
      '"oneOf" takes a non-empty array of values, got 0',
    );
    expect(() => checkExpected({ a: [{ oneOf: [] }] })).toThrow(/non-empty array/);
    expect(() => checkExpected({ oneOf: [0], not: 1 })).not.toThrow();
  });
});

const scenario = (expect: Record<string, unknown>) =>
  JSON.stringify({
    title: "t",
    steps: [
      { process: "A", call: "WSAStartup" },
      { process: "A", call: "closesocket", args: { s: 4 }, expect },
    ],
  });

describe("in a run", () => {
  it("checks the forms against the step's results", () => {
    const text = scenario({ ret: { not: 0 }, error: { oneOf: ["WSAEINVAL", "WSAENOTSOCK"] } });
    const trace = runScenario("f.json", parseScenario("f.json", text));
    expect(trace.passed).toBe(true);
    expect(trace.steps[1]?.expectations.map((e) => e.expected)).toEqual([
      { not: 0 },
      { oneOf: ["WSAEINVAL", "WSAENOTSOCK"] },
    ]);
  });

  it("prints them readably, held or failed", () => {
    const lines: string[] = [];
    const text = scenario({ error: { oneOf: ["0", "WSAENOTSOCK"] }, ret: { not: -1 } });
    const status = runFiles(["f.json"], { out: (l) => lines.push(l), readFile: () => text }, false);
    expect(status).toBe(1);
    expect(lines).toContain("      ok   error = one of 0, WSAENOTSOCK");
    expect(lines).toContain("      FAIL ret: expected not -1, got -1");
  });

  it("makes a file with an empty oneOf unusable, at its expectation", () => {
    const text = scenario({ error: { oneOf: [] } });
    expect(() => runScenario("f.json", parseScenario("f.json", text))).toThrow(
      'f.json: step 1, field "expect.error": "oneOf" takes a non-empty array of values, got []',
    );
  });
});
