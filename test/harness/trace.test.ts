/** harness/trace.ts: reading harness.exe's JSON-lines trace strictly (no Wine). */
import { beforeEach, describe, expect, it } from "vitest";
import type { HarnessStep } from "../../harness/trace.js";
import { parseTrace, TraceError } from "../../harness/trace.js";
import { completeEnd, harnessSteps, shippedScenario, traceText } from "./synthetic.js";

const scenario = shippedScenario("examples/scenarios/split-read-write.json");
// The simulator's run is made before each test, not while the file loads: code run at load time
// belongs to no test, and mutation testing would then run every test for each kernel mutant it
// reaches (docs/mutation.md).
let steps: HarnessStep[] = [];
let good: string[] = [];
beforeEach(() => {
  steps = harnessSteps(scenario);
  good = traceText(steps, completeEnd(scenario)).split("\n");
});

/** The error parseTrace gives for the text, or a failure when it gives none. */
function errorOf(text: string): TraceError {
  try {
    parseTrace("t.trace.jsonl", text);
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error("expected a TraceError");
}

/** The good trace with line `n` (1-based) replaced. */
const withLine = (n: number, line: string) =>
  good.map((l, i) => (i === n - 1 ? line : l)).join("\n");

/** Line `n` of the good trace as an object, changed by `edit`, then as text. */
function editLine(n: number, edit: (o: Record<string, unknown>) => void): string {
  const object = JSON.parse(good[n - 1] as string) as Record<string, unknown>;
  edit(object);
  return withLine(n, JSON.stringify(object));
}

describe("parseTrace", () => {
  it("reads every step and the end line of a well-formed trace", () => {
    const trace = parseTrace("t.trace.jsonl", good.join("\n"));
    expect(trace.steps).toEqual(steps);
    expect(trace.end).toEqual(completeEnd(scenario));
    expect(trace.file).toBe("t.trace.jsonl");
  });

  it("accepts Windows line ends and blank lines", () => {
    const trace = parseTrace("t", good.join("\r\n").replace("\r\n", "\r\n\r\n"));
    expect(trace.steps.length).toBe(steps.length);
    expect(trace.end?.end).toBe("complete");
  });

  it("exposes the timing fields, which are optional", () => {
    const timed = good
      .map((line) => {
        if (line === "") return line;
        const o = JSON.parse(line) as Record<string, unknown>;
        if ("end" in o) return JSON.stringify({ ...o, startMs: 12.5, stepsMs: 340 });
        return JSON.stringify({ ...o, us: 1000 + (o.index as number) });
      })
      .join("\n");
    const trace = parseTrace("t", timed);
    expect(trace.steps.map((s) => s.us)).toEqual(steps.map((s) => 1000 + s.index));
    expect(trace.end?.startMs).toBe(12.5);
    expect(trace.end?.stepsMs).toBe(340);
  });

  it("reads a crashed run's end line: the step that reported it and the exception code", () => {
    // What harness.exe writes when a real call raises an exception nothing handles (on_crash):
    // no line for the step, and an end line that names it.
    const crashed = [
      ...good.slice(0, 3),
      JSON.stringify({
        end: "crashed",
        detail:
          "step 3 (A: send) crashed: exception 0xC0000005 (access violation writing address 0x0)",
        pids: { A: 32 },
        step: 3,
        exception: "0xC0000005",
      }),
    ].join("\n");
    const trace = parseTrace("t", crashed);
    expect(trace.steps.length).toBe(3);
    expect(trace.end).toMatchObject({ end: "crashed", step: 3, exception: "0xC0000005" });
  });

  it("leaves the end undefined when the harness stopped without its end line", () => {
    const trace = parseTrace("t", traceText(steps.slice(0, 5)));
    expect(trace.steps.length).toBe(5);
    expect(trace.end).toBeUndefined();
  });

  // Each case is made inside its test, from the trace that test's beforeEach made.
  const cases: [string, () => [string, number, string]][] = [
    [
      "text that is not JSON",
      () => [withLine(3, "Wine says hello"), 3, "expected a JSON object (a step or the end line)"],
    ],
    [
      "a JSON array",
      () => [
        withLine(2, "[1,2]"),
        2,
        "expected a JSON object (a step or the end line), got an array",
      ],
    ],
    [
      "a missing field",
      () => [editLine(4, (o) => delete o.ok), 4, 'field "ok": expected true or false, got nothing'],
    ],
    [
      "a wrong type",
      () => [
        editLine(5, (o) => (o.blocked = "no")),
        5,
        'field "blocked": expected true or false, got the string "no"',
      ],
    ],
    [
      "an object ret",
      () => [
        editLine(1, (o) => (o.ret = {})),
        1,
        'field "ret": expected a number, a string or null, got an object',
      ],
    ],
    [
      "outputs that are not an object",
      () => [
        editLine(6, (o) => (o.outputs = [])),
        6,
        'field "outputs": expected an object of decoded outputs',
      ],
    ],
    [
      "an unknown field",
      () => [
        editLine(2, (o) => (o.rules = [])),
        2,
        'field "rules": expected only the fields of a step line',
      ],
    ],
    [
      "a negative step time",
      () => [editLine(2, (o) => (o.us = -1)), 2, 'field "us": expected microseconds'],
    ],
    [
      "an index out of order",
      () => [
        editLine(3, (o) => (o.index = 7)),
        3,
        'field "index": expected 2 (the next step), got the number 7',
      ],
    ],
    [
      "an unknown end",
      () => [
        editLine(good.length - 1, (o) => (o.end = "done")),
        good.length - 1,
        'field "end": expected "complete", "blocked", "failed" or "crashed"',
      ],
    ],
    [
      "an exception code that is not 0x and 8 hex digits",
      () => [
        editLine(good.length - 1, (o) => Object.assign(o, { end: "crashed", exception: "5" })),
        good.length - 1,
        'field "exception": expected an exception code ("0x" and 8 hex digits), got',
      ],
    ],
    [
      "a crashed step that is not an index",
      () => [
        editLine(good.length - 1, (o) => Object.assign(o, { end: "crashed", step: -1 })),
        good.length - 1,
        'field "step": expected a step index',
      ],
    ],
    [
      "pids that are not numbers",
      () => [
        editLine(good.length - 1, (o) => (o.pids = { A: "x" })),
        good.length - 1,
        'field "pids": expected an object of process name → pid',
      ],
    ],
    [
      "a line after the end line",
      () => [
        `${good.join("\n")}${good[0]}\n`,
        good.length,
        `expected nothing after the end line (line ${good.length - 1})`,
      ],
    ],
  ];
  it.each(cases)("names the file, the line and the expectation for %s", (_, make) => {
    const [text, line, expected] = make();
    const error = errorOf(text);
    expect(error.line).toBe(line);
    expect(error.message).toBe(`t.trace.jsonl: line ${line}: ${error.expected}`);
    expect(error.expected).toContain(expected);
  });
});
