/**
 * docs/scenario.schema.json: every shipped scenario satisfies it, malformed files do not, and it
 * agrees with the reader, the runner's call table and docs/scenario-format.md.
 *
 * Ajv, a maintained draft 2020-12 validator, is the judge of what the schema says. The playground's
 * validator (src/scenario/schema-check.ts), small and placing each error on a path, implements only
 * the keywords the schema uses and refuses any other; it must give ajv's verdict on every file here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
// The named export: ajv is CommonJS, and under NodeNext its default import types as the module.
import { Ajv2020 } from "ajv/dist/2020.js";
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

/** The lessons' scenarios sit beside their pages, in no scenarios directory. */
function lessonFiles(): string[] {
  return readdirSync(join(root, "docs", "lessons"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => join("docs", "lessons", name))
    .sort();
}

const shipped = [...scenarioFiles("examples"), ...scenarioFiles("spec"), ...lessonFiles()];

// strict: an unknown keyword or a misspelt $ref in the schema is an error, not ignored.
// Union types (["number", "string"]) are meant; the rest of strict mode stays on.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const ajvCheck = ajv.compile(schema);

/** Ajv's errors for `value` as "instancePath message" lines; [] when it is valid. */
function ajvErrors(value: unknown): string[] {
  return ajvCheck(value)
    ? []
    : (ajvCheck.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Whether the reader accepts `value` (its shape; calls and values are checked when run). */
function readerAccepts(value: unknown): boolean {
  try {
    parseScenario("f.json", JSON.stringify(value));
    return true;
  } catch (error) {
    if (error instanceof ScenarioError) return false;
    throw error;
  }
}

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

  it("compiles in ajv's strict mode", () => {
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it.each(shipped)("accepts %s, in ajv, the playground's validator and the reader", (file) => {
    const value = JSON.parse(readFileSync(join(root, file), "utf8"));
    expect(ajvErrors(value)).toEqual([]);
    expect(validate(schema, value)).toEqual([]);
    expect(readerAccepts(value)).toBe(true);
  });

  it("finds the lessons' scenarios", () => {
    expect(shipped.filter((f) => f.startsWith(join("docs", "lessons"))).length).toBeGreaterThan(0);
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
    expect(ajvErrors(value)).not.toEqual([]);
    expect(validate(schema, value)).not.toEqual([]);
    expect(readerAccepts(value)).toBe(false);
  });

  const runtime: Record<string, unknown> = {
    "an unknown call": { title: "t", steps: [{ process: "A", call: "WSAStartupEx" }] },
    "expect.ok that is not a boolean": {
      title: "t",
      steps: [{ ...step, expect: { ok: "true" } }],
    },
    "a oneOf that is not an array": {
      title: "t",
      steps: [{ ...step, expect: { ret: { oneOf: 0 } } }],
    },
    "an empty oneOf": { title: "t", steps: [{ ...step, expect: { lpWSAData: { oneOf: [] } } }] },
    "a nested empty oneOf": {
      title: "t",
      steps: [{ ...step, expect: { lpWSAData: { wVersion: { oneOf: [] } } } }],
    },
    "a ret that is a partial object": {
      title: "t",
      steps: [{ ...step, expect: { ret: { a: 1 } } }],
    },
  };

  it.each(Object.entries(runtime))(
    "rejects %s, which the reader leaves to the run",
    (_name, value) => {
      expect(ajvErrors(value)).not.toEqual([]);
      expect(validate(schema, value)).not.toEqual([]);
      expect(readerAccepts(value)).toBe(true);
    },
  );

  it("rejects what the runner rejects in the expected forms", () => {
    for (const name of ["a oneOf that is not an array", "an empty oneOf"]) {
      const scenario = parseScenario("bad.json", JSON.stringify(runtime[name]));
      expect(() => runScenario("bad.json", scenario), name).toThrow(/"oneOf" takes a non-empty/);
    }
  });

  it("rejects an unknown call, as the runner does", () => {
    const value = runtime["an unknown call"];
    const scenario = parseScenario("bad.json", JSON.stringify(value));
    expect(() => runScenario("bad.json", scenario)).toThrow(/unknown call "WSAStartupEx"/);
  });
});

describe("the playground's validator agrees with ajv", () => {
  const step = { process: "A", call: "WSAStartup" };
  // Valid and invalid files that exercise each keyword the schema uses, the expected forms above all.
  const files: Record<string, unknown> = {
    "oneOf and not": {
      title: "t",
      steps: [{ ...step, expect: { ret: { oneOf: [0, "WSAEINVAL"] }, error: { not: 1 } } }],
    },
    "not of oneOf": {
      title: "t",
      steps: [{ ...step, expect: { ret: { not: { oneOf: [0, 1] } } } }],
    },
    "a partial object next to a oneOf key": {
      title: "t",
      steps: [{ ...step, expect: { lpWSAData: { oneOf: [1], wVersion: 2 } } }],
    },
    "nested forms": {
      title: "t",
      steps: [{ ...step, expect: { lpWSAData: { wVersion: { not: 0 }, x: [{ oneOf: [1] }] } } }],
    },
    "ok as a oneOf": { title: "t", steps: [{ ...step, expect: { ok: { oneOf: [true] } } }] },
    "a not with a second key": {
      title: "t",
      steps: [{ ...step, expect: { error: { not: 1, x: 2 } } }],
    },
    "an address with parts replaced": {
      title: "t",
      steps: [{ process: "A", call: "bind", args: { s: "$s", name: { from: "$a", port: 0 } } }],
    },
  };

  const invalid = new Set(["ok as a oneOf", "a not with a second key"]);

  it.each(Object.entries(files))("on %s", (name, value) => {
    expect(ajvErrors(value).length === 0).toBe(!invalid.has(name));
    expect(validate(schema, value).length === 0).toBe(!invalid.has(name));
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
    expect(ajvErrors(JSON.parse(text))).toEqual([]);
    const trace = runScenario("example.json", parseScenario("example.json", text));
    expect(trace.passed).toBe(true);
    expect(trace.steps.at(-1)).toMatchObject({ call: "await", ret: 5, blocked: false });
  });

  it("links the schema", () => {
    expect(doc).toContain("scenario.schema.json");
  });
});
