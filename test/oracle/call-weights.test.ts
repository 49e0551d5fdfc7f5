/**
 * scenarioArbitrary's `calls` and `only` options: an excluded call never appears in a generated
 * step (whatever else is excluded), weights change how often a call is made, mistakes in call
 * names are reported, and an implementation lacking some calls passes once they are excluded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkImplementation,
  GENERATED_CALLS,
  type Scenario,
  type ScenarioOptions,
  scenarioArbitrary,
} from "../../src/oracle/index.js";
import { proxyWorld } from "./worlds.js";

const excludable = GENERATED_CALLS.filter((c) => c !== "WSAStartup");

const callsIn = (scenarios: readonly Scenario[]) =>
  new Set(scenarios.flatMap((s) => s.steps.map((step) => step.call)));

const sample = (options: ScenarioOptions, seed: number, numRuns = 5) =>
  fc.sample(scenarioArbitrary(options), { numRuns, seed });

describe("choosing calls", () => {
  it("never generates a call given weight 0", () => {
    fc.assert(
      fc.property(fc.subarray(excludable, { maxLength: 4 }), fc.integer(), (excluded, seed) => {
        const calls = Object.fromEntries(excluded.map((c) => [c, 0]));
        const made = callsIn(sample({ calls }, seed));
        expect(excluded.filter((c) => made.has(c))).toEqual([]);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it("generates only the calls in `only`, and WSAStartup", () => {
    fc.assert(
      fc.property(fc.subarray(excludable), fc.integer(), (chosen, seed) => {
        // Sleep keeps something to generate whatever the subset.
        const only = [...chosen, "Sleep"];
        const made = callsIn(sample({ only }, seed));
        expect([...made].filter((c) => c !== "WSAStartup" && !only.includes(c))).toEqual([]);
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it("still generates everything it can without the excluded calls", () => {
    // Without events, sockets and their data are still generated.
    const made = callsIn(sample({ calls: { WSACreateEvent: 0 } }, 1, 200));
    for (const call of ["socket", "send", "recv", "WSADuplicateSocket", "WSAPoll"])
      expect(made.has(call), call).toBe(true);
  });

  it("makes a call more frequent with a higher weight", () => {
    const polls = (options: ScenarioOptions) =>
      sample(options, 5, 200)
        .flatMap((s) => s.steps)
        .filter((step) => step.call === "WSAPoll").length;
    expect(polls({ calls: { WSAPoll: 40 } })).toBeGreaterThan(4 * polls({}));
  });

  it("reports call names it never generates and excluding WSAStartup, which stays when all else goes", () => {
    expect(() => scenarioArbitrary({ calls: { WSAPol: 0 } })).toThrow(/WSAPol/);
    expect(() => scenarioArbitrary({ only: ["recv", "WSARecv"] })).toThrow(/WSARecv/);
    expect(() => scenarioArbitrary({ calls: { WSAStartup: 0 } })).toThrow(/WSAStartup/);
    expect([...callsIn(sample({ only: [] }, 3))]).toEqual(["WSAStartup"]);
  });

  it("lets an implementation without WSAEventSelect and WSAAsyncSelect pass", () => {
    const missing = () => {
      throw new TypeError("not implemented");
    };
    const partial = () => proxyWorld(() => ({ WSAEventSelect: missing, WSAAsyncSelect: missing }));
    expect(() => checkImplementation(partial, { numRuns: 100, seed: 2 })).toThrow(
      /not implemented/,
    );
    const generate = { calls: { WSAEventSelect: 0, WSAAsyncSelect: 0 } };
    expect(checkImplementation(partial, { numRuns: 40, seed: 2, generate })).toBe(40);
  });
});
