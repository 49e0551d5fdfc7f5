/**
 * The scenario reader never crashes: random and mutated files always end in exit status 0, 1 or
 * 2, with a message.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cli/run.js";

const seed = readFileSync(
  join(import.meta.dirname, "..", "..", "examples", "scenarios", "split-read-write.json"),
  "utf8",
);

function status(text: string): { status: number; out: string } {
  const lines: string[] = [];
  const code = runFiles(["fuzz.json"], { out: (l) => lines.push(l), readFile: () => text }, false);
  return { status: code, out: lines.join("\n") };
}

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
    ),
    fc.string(),
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

describe("scenario reader fuzz", () => {
  it("random scenarios end in 0, 1 or 2 with a message", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const { status: code, out } = status(JSON.stringify({ title: "fuzz", steps }));
        expect([0, 1, 2]).toContain(code);
        expect(out).toMatch(/\d+ passed, \d+ failed/);
      }),
      { numRuns: 1000 },
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
      { numRuns: 1000 },
    );
  });
});
