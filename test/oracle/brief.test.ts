/**
 * Failure reports abbreviate long values (a whole WSAPROTOCOL_INFO), and the error object keeps
 * them in full.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { brief } from "../../src/oracle/brief.js";
import {
  compareScenario,
  counterexample,
  type ObservedStep,
  OracleFailure,
  readScenario,
  stepDifference,
} from "../../src/oracle/index.js";
import { proxyWorld } from "./worlds.js";

const file = "examples/scenarios/option-seen-through-duplicate.json";
const scenario = readScenario(file, readFileSync(file, "utf8"));

describe("brief", () => {
  it("leaves short values as JSON and cuts long ones at a field, with …", () => {
    expect(brief({ a: 1, b: "x" })).toBe('{"a":1,"b":"x"}');
    expect(brief(undefined)).toBe("(absent)");
    const long = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, i]));
    const text = brief(long, 60);
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text).toMatch(/^\{"field0":0,"field1":1,.*,…\}$/);
    expect(
      brief(
        Array.from({ length: 100 }, (_, i) => i),
        30,
      ),
    ).toMatch(/^\[0,1,2,.*,…\]$/);
    expect(brief("y".repeat(200), 20)).toBe(`"${"y".repeat(18)}…`);
  });
});

describe("a failure report", () => {
  it("shows the first fields of a WSAPROTOCOL_INFO, and the error object has all of them", () => {
    const failing = () => proxyWorld(() => ({ WSADuplicateSocketW: () => -1 }));
    const difference = compareScenario(scenario, failing);
    expect(difference?.reason).toBe("ok: simulator true, implementation false");
    if (difference === undefined) return;
    const error = new OracleFailure(difference, counterexample(difference));
    const simulatorLine = error.message.split("\n").find((l) => l.startsWith("  simulator:"));
    expect(simulatorLine).toContain('outputs {"lpProtocolInfo":{"dwServiceFlags1":131174,');
    expect(simulatorLine).toContain("…");
    expect(simulatorLine?.length).toBeLessThan(160);
    // Every line but the counterexample file's (which must stay whole) is short.
    const report = error.message.split("\nCounterexample")[0] ?? "";
    for (const line of report.split("\n")) expect(line.length).toBeLessThan(260);
    // In full on the error object.
    const info = error.difference.reference.outputs.lpProtocolInfo as Record<string, unknown>;
    expect(info.szProtocol).toBeTypeOf("string");
    expect(Object.keys(info).length).toBeGreaterThan(15);
    expect(error.difference.values).toEqual({
      field: "ok",
      reference: true,
      implementation: false,
    });
  });

  it("abbreviates a whole output that one side lacks in the reason line", () => {
    const info = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`dwField${i}`, i * 1000]),
    );
    const step = (outputs: Record<string, unknown>): ObservedStep => ({
      index: 0,
      process: "A",
      thread: "main",
      call: "WSADuplicateSocket",
      text: "WSADuplicateSocketW(...)",
      ret: 0,
      error: "0",
      blocked: false,
      ok: true,
      outputs,
    });
    const reason = stepDifference(step({ lpProtocolInfo: info }), step({}));
    expect(reason).toMatch(
      /^outputs\.lpProtocolInfo: simulator \{"dwField0":0,"dwField1":1000,.*,…\}, implementation \(absent\)$/,
    );
    expect(reason?.length).toBeLessThan(200);
  });
});
