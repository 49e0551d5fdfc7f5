/**
 * oracleTest and commandsTest register one test through the `it` they are given, with its name
 * and timeout, and the test's failure is an OracleFailure whose message is the report.
 */
import { expect, it } from "vitest";
import {
  commandsTest,
  OracleFailure,
  oracleTest,
  type TestRegistrar,
} from "../../src/oracle/index.js";
import { closeClosesAll } from "./broken.js";
import { proxyWorld } from "./worlds.js";

/** A stand-in for vitest's `it` that keeps what it is given. */
function recorder(): {
  it: TestRegistrar;
  tests: { name: string; body: () => void; timeout?: number }[];
} {
  const tests: { name: string; body: () => void; timeout?: number }[] = [];
  return { it: (name, body, timeout) => tests.push({ name, body, timeout }), tests };
}

it("register a test with its name and timeout, which passes on an agreeing implementation", () => {
  const { it: register, tests } = recorder();
  oracleTest(register, "scenarios", proxyWorld, { numRuns: 10, timeout: 20_000 });
  commandsTest(register, "commands", proxyWorld, { numRuns: 10 });
  expect(tests.map((t) => [t.name, t.timeout])).toEqual([
    ["scenarios", 20_000],
    ["commands", undefined],
  ]);
  for (const test of tests) expect(test.body).not.toThrow();
});

it("fail with the formatted difference on a broken implementation", () => {
  const { it: register, tests } = recorder();
  oracleTest(register, "scenarios", closeClosesAll, { numRuns: 300, seed: 7 });
  commandsTest(register, "commands", closeClosesAll, { numRuns: 300, seed: 42 });
  for (const test of tests) {
    let thrown: unknown;
    try {
      test.body();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OracleFailure);
    expect((thrown as Error).message).toMatch(/^The implementation differs from the simulator/);
  }
});

it("accept vitest's own it", () => {
  // Type-checked: vitest's `it` is a TestRegistrar (tsc runs over the tests).
  const registrar: TestRegistrar = it;
  expect(typeof registrar).toBe("function");
});
