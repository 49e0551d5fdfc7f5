/** harness/deviations.ts and the shipped harness/wine-deviations.json (no Wine). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DeviationsError,
  deviationsFor,
  parseDeviations,
  readDeviations,
} from "../../harness/deviations.js";
import { DEFAULT_DEVIATIONS, ROOT } from "../../harness/paths.js";
import { shippedScenario } from "./synthetic.js";

describe("the shipped wine-deviations.json", () => {
  const shipped = readDeviations(DEFAULT_DEVIATIONS);

  it("is valid and lists at least one deviation", () => {
    expect(shipped.deviations.length).toBeGreaterThan(0);
  });

  it("names existing scenarios, steps inside them and defined causes", () => {
    for (const d of shipped.deviations) {
      expect(existsSync(join(ROOT, d.scenario)), d.scenario).toBe(true);
      const steps = shippedScenario(d.scenario).steps;
      expect(d.step, `${d.place}.step`).toBeLessThan(steps.length);
      expect(shipped.causes.has(d.cause), `${d.place}.cause`).toBe(true);
    }
  });

  it("explains every cause it defines", () => {
    for (const [name, cause] of shipped.causes) {
      for (const text of [cause.summary, cause.windows, cause.evidence])
        expect(text.length, name).toBeGreaterThan(20);
    }
  });

  it("lists the known Wine deviation of duplicate-info-single-use at step 5", () => {
    const steps = deviationsFor(shipped, "spec/scenarios/duplicate-info-single-use.json");
    expect(steps.get(5)?.cause).toBe("wine-duplicate-socket");
  });
});

/** A valid file: one cause, one entry for a shipped 14-step scenario. */
function valid(): Record<string, unknown> {
  return {
    $comment: "test",
    causes: {
      "some-cause": {
        summary: "Wine does X.",
        windows: "Windows does Y.",
        evidence: "somewhere",
        basis: "windows",
      },
    },
    deviations: [
      {
        scenario: "spec/scenarios/duplicate-info-single-use.json",
        step: 5,
        cause: "some-cause",
        wine: { ret: "h1", ok: true, error: "0", outputs: {} },
      },
    ],
  };
}

/** The problems parseDeviations reports for a changed valid file. */
function problems(edit: (file: Record<string, unknown>) => void): string[] {
  const json = valid();
  edit(json);
  try {
    parseDeviations("d.json", JSON.stringify(json));
  } catch (error) {
    if (error instanceof DeviationsError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected a DeviationsError");
}

const entries = (f: Record<string, unknown>) => f.deviations as Record<string, unknown>[];
const entry = (f: Record<string, unknown>) => entries(f)[0] as Record<string, unknown>;
const cause = (f: Record<string, unknown>) =>
  (f.causes as Record<string, Record<string, unknown>>)["some-cause"] as Record<string, unknown>;

describe("parseDeviations", () => {
  it("reads a valid file", () => {
    const read = parseDeviations("d.json", JSON.stringify(valid()));
    expect([...read.causes.keys()]).toEqual(["some-cause"]);
    expect(read.deviations).toEqual([
      {
        scenario: "spec/scenarios/duplicate-info-single-use.json",
        step: 5,
        cause: "some-cause",
        wine: { ret: "h1", ok: true, error: "0", outputs: {} },
        place: "deviations[0]",
      },
    ]);
  });

  const cases: [string, (f: Record<string, unknown>) => void, string, string][] = [
    [
      "an unknown top-level key",
      (f) => (f.extra = 1),
      "extra",
      "expected only the keys $comment, causes and deviations",
    ],
    ["no causes", (f) => delete f.causes, "causes", "expected an object of cause name"],
    [
      "deviations that are not an array",
      (f) => (f.deviations = {}),
      "deviations",
      "expected an array",
    ],
    [
      "a scenario file that does not exist",
      (f) => (entry(f).scenario = "spec/scenarios/nope.json"),
      "deviations[0].scenario",
      "spec/scenarios/nope.json does not exist",
    ],
    [
      "a scenario path with ..",
      (f) => (entry(f).scenario = "spec/../spec/scenarios/linger-close.json"),
      "deviations[0].scenario",
      'expected a path relative to the repository root with "/" separators',
    ],
    [
      "a step out of range",
      (f) => (entry(f).step = 14),
      "deviations[0].step",
      "expected a step index of spec/scenarios/duplicate-info-single-use.json (0 to 13), got 14",
    ],
    [
      "a step of the wrong type",
      (f) => (entry(f).step = "5"),
      "deviations[0].step",
      'expected a step index (an integer ≥ 0), got the string "5"',
    ],
    [
      "an unknown cause",
      (f) => (entry(f).cause = "other"),
      "deviations[0].cause",
      'expected a key of causes (some-cause), got the string "other"',
    ],
    [
      "a duplicate (scenario, step)",
      (f) => entries(f).push({ ...entry(f) }),
      "deviations[1]",
      "expected each (scenario, step) once; spec/scenarios/duplicate-info-single-use.json step 5 is already listed at deviations[0]",
    ],
    [
      "an unknown key in an entry",
      (f) => (entry(f).because = "x"),
      "deviations[0].because",
      "expected only the keys scenario, step, cause, wine and comment here",
    ],
    [
      "a pin of the wrong type",
      (f) => (entry(f).wine = { ok: "yes" }),
      "deviations[0].wine.ok",
      'expected true or false, got the string "yes"',
    ],
    [
      "an empty pin",
      (f) => (entry(f).wine = {}),
      "deviations[0].wine",
      "expected at least one of blocked, ok, ret, error and outputs",
    ],
    [
      "an unknown pin key",
      (f) => (entry(f).wine = { rett: 1 }),
      "deviations[0].wine.rett",
      "expected only the keys blocked, ok, ret, error and outputs here",
    ],
    [
      "a numeric error in a pin",
      (f) => (entry(f).wine = { error: 10022 }),
      "deviations[0].wine.error",
      "expected an error name as a string",
    ],
    [
      "a cause without evidence",
      (f) => delete (f.causes as Record<string, Record<string, unknown>>)["some-cause"]?.evidence,
      "causes.some-cause.evidence",
      "expected where this is known from (a non-empty string), got nothing",
    ],
    [
      "a badly named cause",
      (f) =>
        ((f.causes as Record<string, unknown>)["Some Cause"] = {
          summary: "a",
          windows: "b",
          evidence: "c",
          basis: "unverified",
        }),
      'causes["Some Cause"]',
      "expected a cause name of lowercase words joined by hyphens",
    ],
    [
      "a cause without a basis",
      (f) => delete (f.causes as Record<string, Record<string, unknown>>)["some-cause"]?.basis,
      "causes.some-cause.basis",
      'expected how far the Windows side is established: "windows", "documentation" and "unverified", got nothing',
    ],
    [
      "an empty match",
      (f) => (cause(f).match = []),
      "causes.some-cause.match",
      "expected a non-empty array of matchers, got an array",
    ],
    [
      "a matcher without differs",
      (f) => (cause(f).match = [{ calls: ["send"] }]),
      "causes.some-cause.match[0].differs",
      "expected a non-empty array of distinct fields among blocked, ok, ret, error and outputs, got nothing",
    ],
    [
      "a matcher with an unknown field in differs",
      (f) => (cause(f).match = [{ differs: ["errno"] }]),
      "causes.some-cause.match[0].differs",
      "expected a non-empty array of distinct fields",
    ],
    [
      "a matcher with calls that are not names",
      (f) => (cause(f).match = [{ calls: "send", differs: ["error"] }]),
      "causes.some-cause.match[0].calls",
      'expected a non-empty array of call names, got the string "send"',
    ],
    [
      "a matcher with an unknown key",
      (f) => (cause(f).match = [{ call: ["send"], differs: ["error"] }]),
      "causes.some-cause.match[0].call",
      "expected only the keys calls, args, differs, crashes, changesState, simulator and wine here",
    ],
    [
      "a matcher whose pin is of the wrong type",
      (f) => (cause(f).match = [{ differs: ["error"], simulator: { error: 0 } }]),
      "causes.some-cause.match[0].simulator.error",
      "expected an error name as a string",
    ],
    [
      "a crash matcher with differs",
      (f) => (cause(f).match = [{ crashes: true, differs: ["ok"] }]),
      "causes.some-cause.match[0].differs",
      "expected no differs with crashes: true",
    ],
    [
      "a crash matcher with a wine answer",
      (f) => (cause(f).match = [{ crashes: true, wine: { ok: true } }]),
      "causes.some-cause.match[0].wine",
      "expected no wine answer with crashes: true",
    ],
    [
      "crashes that is not true",
      (f) => (cause(f).match = [{ crashes: false, differs: ["ok"] }]),
      "causes.some-cause.match[0].crashes",
      "expected true (or no crashes key), got false",
    ],
    [
      "a matcher whose args are not an object",
      (f) => (cause(f).match = [{ differs: ["error"], args: [1] }]),
      "causes.some-cause.match[0].args",
      "expected an object of arguments, got an array",
    ],
  ];
  it.each(cases)(
    "reports %s with the file, the place and the expectation",
    (_, edit, place, expected) => {
      const lines = problems(edit);
      const line = lines.find((l) => l.startsWith(`d.json: ${place}: `));
      expect(line, lines.join("\n")).toBeDefined();
      expect(line).toContain(`: ${place}: expected`);
      expect(line).toContain(expected);
    },
  );

  it("reports every problem at once", () => {
    const lines = problems((f) => {
      f.extra = true;
      entry(f).step = -1;
      entry(f).cause = 3;
    });
    expect(lines.map((l) => l.split(": ")[1])).toEqual([
      "extra",
      "deviations[0].step",
      "deviations[0].cause",
    ]);
  });

  it("reports text that is not JSON", () => {
    expect(() => parseDeviations("d.json", "{ causes: }")).toThrow(
      /^d\.json: \(the whole file\): expected JSON: /,
    );
  });

  it("reports a missing file", () => {
    expect(() => readDeviations(join(ROOT, "no-such-deviations.json"))).toThrow(DeviationsError);
  });

  it("keeps only the entries of the scenario asked for, by step", () => {
    const json = valid();
    entries(json).push({
      scenario: "spec/scenarios/linger-close.json",
      step: 14,
      cause: "some-cause",
    });
    const read = parseDeviations("d.json", JSON.stringify(json));
    expect([...deviationsFor(read, "spec/scenarios/linger-close.json").keys()]).toEqual([14]);
    expect(deviationsFor(read, "spec/scenarios/select-sets.json").size).toBe(0);
  });

  it("parses the shipped file's text the same as readDeviations", () => {
    const text = readFileSync(DEFAULT_DEVIATIONS, "utf8");
    expect(parseDeviations(DEFAULT_DEVIATIONS, text)).toEqual(readDeviations(DEFAULT_DEVIATIONS));
  });
});
