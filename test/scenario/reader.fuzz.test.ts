/**
 * The scenario reader and runner never crash: random and mutated files, JSON or YAML, always end
 * in exit status 0, 1 or 2, and an unusable file's message starts with the file's name.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runs } from "../../spec/support/budget.js";
import { runFiles } from "../../src/cli/run.js";
import { ADAPTERS } from "../../src/scenario/calls.js";
import { parameterNames } from "../../src/scenario/parameters.js";

const seed = readFileSync(
  join(import.meta.dirname, "..", "..", "examples", "scenarios", "split-read-write.json"),
  "utf8",
);

function status(text: string, file = "fuzz.json"): { status: number; out: string } {
  const lines: string[] = [];
  const code = runFiles([file], { out: (l) => lines.push(l), readFile: () => text }, false);
  // An unusable file's message is the line before the count, and names the file first.
  if (code === 2) expect(lines.at(-2)?.startsWith(`${file}: `)).toBe(true);
  return { status: code, out: lines.join("\n") };
}

/** Names every JS object has: lookups that are not by own name find them. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Values a scenario might contain, sensible or not. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer(),
    fc.constantFrom(
      "AF_INET",
      "SOCK_STREAM",
      "$s",
      "@A",
      "@Z",
      "0x10",
      "FD_READ|FD_WRITE",
      "127.0.0.1:0",
      "nope",
      "",
      "$",
      "$s.constructor",
      "$s.port",
      "SOCKET_ERROR+1",
      "9".repeat(400),
      "-0x80000000",
      ...PROTOTYPE_NAMES,
      ...PROTOTYPE_NAMES.map((n) => `${n}+1`),
    ),
    // Extreme numbers and lengths: ints at their limits, sizes no buffer can have.
    fc.constantFrom(
      0,
      -1,
      1.5,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 32,
      1e10,
      2 ** 53,
      Number.MAX_VALUE,
      16 * 1024 * 1024 + 1,
    ),
    fc.string(),
    fc.string({ minLength: 200, maxLength: 2000 }),
    fc.constant(null),
    fc.boolean(),
  ),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        "s",
        "af",
        "type",
        "protocol",
        "buf",
        "len",
        "name",
        "optval",
        "lpProtocolInfo",
        "x",
        "l_onoff",
        "tv_sec",
        "fd",
        "events",
        "from",
        "port",
        "host",
        "oneOf",
        "not",
        ...PROTOTYPE_NAMES,
      ),
      tie("node"),
      { maxKeys: 4 },
    ),
  ),
})).node;

const step = fc.record(
  {
    process: fc.constantFrom("A", "B", ""),
    thread: fc.constantFrom("main", "t1"),
    call: fc.constantFrom(
      "WSAStartup",
      "socket",
      "bind",
      "connect",
      "send",
      "recv",
      "closesocket",
      "await",
      "select",
      "WSAPoll",
      "frob",
      "WSAEventSelect",
      "getsockopt",
    ),
    args: fc.dictionary(
      fc.constantFrom(
        "s",
        "af",
        "type",
        "protocol",
        "buf",
        "len",
        "name",
        "optval",
        "level",
        "optname",
        "readfds",
        "fdArray",
        "timeout",
      ),
      value,
      { maxKeys: 4 },
    ),
    save: fc.constantFrom("s", "t"),
    expect: fc.dictionary(fc.constantFrom("ret", "error", "ok", "buf", "blocked", "nope"), value, {
      maxKeys: 2,
    }),
  },
  { requiredKeys: ["process", "call"] },
);

/** Every call of the format with its own parameter names, and names it does not take. */
const CALLS = Object.keys(ADAPTERS);
const callStep = fc
  .constantFrom(...CALLS, "await", "WSADuplicateSocket", ...PROTOTYPE_NAMES)
  .chain((call) =>
    fc.record(
      {
        process: fc.constantFrom("A", "B"),
        thread: fc.constantFrom("main", "t1"),
        call: fc.constant(call),
        args: fc.dictionary(
          fc.constantFrom(...(parameterNames(call) ?? []), "x", ...PROTOTYPE_NAMES.slice(0, 3)),
          value,
          { maxKeys: 5 },
        ),
        save: fc.oneof(
          fc.constantFrom("s", "t", "addr", "info"),
          fc.dictionary(
            fc.constantFrom("s", "addr"),
            fc.constantFrom("name", "constructor", "buf"),
          ),
        ),
        expect: fc.dictionary(
          fc.constantFrom("ret", "error", "ok", "blocked", "buf", "optval", ...PROTOTYPE_NAMES),
          value,
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: ["process", "call"] },
    ),
  );

/** A start that gives later steps sockets, addresses and saved structures to work on. */
const prelude = [
  { process: "A", call: "WSAStartup" },
  { process: "B", call: "WSAStartup" },
  {
    process: "A",
    call: "socket",
    args: { af: "AF_INET", type: "SOCK_STREAM", protocol: 0 },
    save: "s",
  },
  { process: "A", call: "bind", args: { s: "$s", name: "127.0.0.1:0" } },
  { process: "A", call: "getsockname", args: { s: "$s" }, save: "addr" },
  { process: "A", call: "WSADuplicateSocket", args: { s: "$s", dwProcessId: "@B" }, save: "info" },
];

describe("scenario reader fuzz", () => {
  it("random scenarios end in 0, 1 or 2 with a message", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const { status: code, out } = status(JSON.stringify({ title: "fuzz", steps }));
        expect([0, 1, 2]).toContain(code);
        expect(out).toMatch(/\d+ passed, \d+ failed/);
      }),
      runs(300),
    );
  });

  it("every call with every kind of argument, in JSON or YAML, runs to 0, 1 or 2", () => {
    fc.assert(
      fc.property(fc.array(callStep, { maxLength: 8 }), fc.boolean(), (steps, yaml) => {
        const scenario = { title: "fuzz", steps: [...prelude, ...steps] };
        const file = yaml ? "fuzz.yaml" : "fuzz.json";
        const text = yaml ? stringify(scenario) : JSON.stringify(scenario);
        const { status: code, out } = status(text, file);
        expect([0, 1, 2]).toContain(code);
        expect(out).toMatch(/\d+ passed, \d+ failed$/);
      }),
      runs(250),
    );
  });

  it("mutated files end in 0, 1 or 2 with a message", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: seed.length }),
        fc.nat({ max: 40 }),
        fc.string({ maxLength: 5 }),
        (at, cut, insert) => {
          const text = seed.slice(0, at) + insert + seed.slice(at + cut);
          const { status: code, out } = status(text);
          expect([0, 1, 2]).toContain(code);
          expect(out.length).toBeGreaterThan(0);
        },
      ),
      runs(300),
    );
  });
});
