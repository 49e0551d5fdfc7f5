/**
 * docs/scenario.schema.json: every shipped scenario satisfies it, malformed files do not, and it
 * agrees with the reader, the runner's call table and docs/scenario-format.md.
 *
 * The validator (src/scenario/schema-check.ts) implements only the JSON Schema (draft 2020-12)
 * keywords the schema uses, and refuses any other keyword, so the schema cannot quietly rely on
 * one it does not check.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "../../src/scenario/calls.js";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario } from "../../src/scenario/run.js";
import { validate } from "../../src/scenario/schema-check.js";
import { ScenarioError } from "../../src/scenario/types.js";

const root = join(import.meta.dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(root, "docs", "scenario.schema.json"), "utf8"));
const doc = readFileSync(join(root, "docs", "scenario-format.md"), "utf8");

function scenarioFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".json") && d.parentPath.includes("scenarios"))
    .map((d) => relative(root, join(d.parentPath, d.name)))
    .sort();
}

const shipped = [...scenarioFiles("examples"), ...scenarioFiles("spec")];

describe("the validator", () => {
  it("checks the keywords it implements", () => {
    const s = {
      type: "object",
      required: ["a"],
      additionalProperties: false,
      properties: {
        a: { type: "array", items: { anyOf: [{ type: "integer" }, { enum: ["x"] }] } },
        b: { type: "string", minLength: 2 },
      },
    };
    expect(validate(s, { a: [1, "x"], b: "ok" })).toEqual([]);
    expect(validate(s, { a: [1.5] })).toHaveLength(1);
    expect(validate(s, { a: [], b: "o" })).toEqual(["$.b: shorter than 2"]);
    expect(validate(s, { b: "ok" })).toEqual(['$: missing required "a"']);
    expect(validate(s, { a: [], c: 1 })).toEqual(["$.c: not an allowed property"]);
    expect(validate(s, [])).toEqual(["$: expected object, got array"]);
  });

  it("refuses a keyword it does not implement", () => {
    expect(() => validate({ type: "string", pattern: "^a" }, "a")).toThrow(/pattern/);
  });
});

describe("docs/scenario.schema.json", () => {
  it("is a draft 2020-12 schema", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(validate(schema, { title: "t", steps: [] })).toEqual([]);
  });

  it("finds shipped scenarios to check", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(5);
    expect(shipped.some((f) => f.startsWith(join("spec", "scenarios")))).toBe(true);
  });

  it.each(shipped)("accepts %s", (file) => {
    const value = JSON.parse(readFileSync(join(root, file), "utf8"));
    expect(validate(schema, value)).toEqual([]);
  });

  it("names every call the runner knows, and nothing else", () => {
    const calls = schema.$defs.call.enum as string[];
    expect([...calls].sort()).toEqual([...Object.keys(ADAPTERS), "await"].sort());
  });

  it("keeps the step fields the reader accepts", () => {
    const fields = Object.keys(schema.$defs.step.properties).sort();
    expect(fields).toEqual(["args", "call", "comment", "expect", "process", "save", "thread"]);
    for (const field of fields) {
      const step: Record<string, unknown> = { process: "A", call: "WSAStartup" };
      step[field] = field === "args" || field === "expect" ? {} : "x";
      if (field === "call") step.call = "WSAStartup";
      expect(() =>
        parseScenario("f.json", JSON.stringify({ title: "t", steps: [step] })),
      ).not.toThrow();
    }
  });
});

describe("malformed scenario files", () => {
  const step = { process: "A", call: "WSAStartup" };
  const cases: Record<string, unknown> = {
    "not an object": [step],
    "no title": { steps: [step] },
    "a numeric title": { title: 1, steps: [step] },
    "steps not an array": { title: "t", steps: step },
    "an unknown top-level field": { title: "t", steps: [step], step: [] },
    "a step that is not an object": { title: "t", steps: ["WSAStartup"] },
    "a step without process": { title: "t", steps: [{ call: "WSAStartup" }] },
    "an empty process name": { title: "t", steps: [{ process: "", call: "WSAStartup" }] },
    "an empty thread name": { title: "t", steps: [{ ...step, thread: "" }] },
    "a step without call": { title: "t", steps: [{ process: "A" }] },
    "an unknown step field": { title: "t", steps: [{ ...step, expected: { ret: 0 } }] },
    "args as an array": { title: "t", steps: [{ ...step, args: [514] }] },
    "save mapping to a number": { title: "t", steps: [{ ...step, save: { data: 1 } }] },
    "expect as a string": { title: "t", steps: [{ ...step, expect: "ok" }] },
  };

  it.each(Object.entries(cases))("rejects %s, as the reader does", (_name, value) => {
    expect(validate(schema, value)).not.toEqual([]);
    expect(() => parseScenario("bad.json", JSON.stringify(value))).toThrow(ScenarioError);
  });

  const runtime: Record<string, unknown> = {
    "an unknown call": { title: "t", steps: [{ process: "A", call: "WSAStartupEx" }] },
    "expect.ok that is not a boolean": {
      title: "t",
      steps: [{ ...step, expect: { ok: "true" } }],
    },
  };

  it.each(Object.entries(runtime))("rejects %s", (_name, value) => {
    expect(validate(schema, value)).not.toEqual([]);
  });

  it("rejects an unknown call, as the runner does", () => {
    const value = runtime["an unknown call"];
    const scenario = parseScenario("bad.json", JSON.stringify(value));
    expect(() => runScenario("bad.json", scenario)).toThrow(/unknown call "WSAStartupEx"/);
  });
});

describe("docs/scenario-format.md", () => {
  it.each([...Object.keys(ADAPTERS), "await"])("documents %s", (call) => {
    expect(doc).toContain(`\`${call}\``);
  });

  it("opens with a complete example that is valid and passes", () => {
    const block = /## A complete example\s+```json\n([\s\S]*?)\n```/.exec(doc);
    expect(block).not.toBeNull();
    const text = block?.[1] ?? "";
    expect(validate(schema, JSON.parse(text))).toEqual([]);
    const trace = runScenario("example.json", parseScenario("example.json", text));
    expect(trace.passed).toBe(true);
    expect(trace.steps.at(-1)).toMatchObject({ call: "await", ret: 5, blocked: false });
  });

  it("links the schema", () => {
    expect(doc).toContain("scenario.schema.json");
  });
});
