/**
 * The explorer benchmark's scenario (bench/explore/three-threads.json, issue 17) is a valid
 * file whose expectations hold in every schedule: the benchmark times an exploration that
 * passes, so a change to the simulator that breaks one of its expectations, or that changes how
 * many schedules and outcomes it has, shows here rather than as a quietly different benchmark.
 * No timing is checked: the benchmark measures that (docs/performance.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explore } from "../../src/explore/explore.js";
import { parseScenario } from "../../src/scenario/read.js";

const file = join(import.meta.dirname, "..", "..", "bench", "explore", "three-threads.json");
const scenario = parseScenario(file, readFileSync(file, "utf8"));

describe("the explorer benchmark's scenario", () => {
  it("has 3 lanes of 8 steps each", () => {
    expect(scenario.concurrent?.map((lane) => lane.steps.length)).toEqual([8, 8, 8]);
  });

  it("passes in every schedule, explored completely within the default bounds", () => {
    const result = explore(file, scenario);
    expect(result.failures).toEqual([]);
    expect(result.complete).toBe(true);
    expect(result.passed).toBe(true);
    expect(result.outcomes.every((outcome) => outcome.passed)).toBe(true);
    expect(result.outcomes.some((outcome) => outcome.deadlock.length > 0)).toBe(false);
    // What the scenario means, whatever the explorer prunes: every order of the 24 lane steps
    // that can happen, and the distinct ends they reach (docs/performance.md reports both; how
    // many points and steps it takes to find them belongs to the explorer, and is not checked).
    expect(result.stats.schedules).toBe(5_329_470_795);
    expect(result.stats.cut).toBe(0);
    expect(result.outcomes).toHaveLength(64);
    expect(result.outcomes.reduce((sum, outcome) => sum + outcome.schedules, 0)).toBe(
      result.stats.schedules,
    );
  });
});
