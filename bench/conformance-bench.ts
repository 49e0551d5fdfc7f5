/**
 * Side by side: the shipped scenarios through the simulator and through the native harness under
 * Wine, in one run (rounds alternate the two, so machine noise falls on both alike).
 *
 *   npm run bench:conformance [-- --rounds 3 --repeat 20]
 *
 * Reported per scenario and in total:
 * - whole run: the simulator's runScenario (median of `repeat` runs) against the harness's wall
 *   time under Wine (process start included: wine, the parent, one child per scenario process);
 * - per call, process start excluded: the harness's step time (`stepsMs` of its trace) divided by
 *   the steps, and the same with waiting left out (only the round trip `us` of steps that are
 *   not blocked, Sleep or await: the cost of the calls themselves).
 * Needs Wine and mingw-w64 (docs/conformance.md); results are recorded in docs/performance.md.
 */
import { readFileSync } from "node:fs";
import { compileScenario } from "../harness/compile.js";
import {
  buildHarness,
  endSession,
  ensurePrefix,
  missingTool,
  runHarness,
  startSession,
} from "../harness/native.js";
import { defaultScenarios, repositoryPath, traceName } from "../harness/scenarios.js";
import { parseScenario } from "../src/scenario/read.js";
import { runScenario } from "../src/scenario/run.js";
import type { Scenario } from "../src/scenario/types.js";
import { fmt, median, numberField, readOptions } from "./measure.js";

interface Settings {
  /** Rounds; each runs every scenario once on each side. */
  rounds: number;
  /** Simulator runs per scenario and round (its time is their median). */
  repeat: number;
}

const options = readOptions<Settings>(process.argv.slice(2), { rounds: 3, repeat: 20 }, [
  ["--rounds", numberField<Settings>("rounds")],
  ["--repeat", numberField<Settings>("repeat")],
]);

interface Sample {
  simMs: number;
  wineMs: number;
  startMs: number;
  stepsMs: number;
  /** Round trips of the steps that do not wait (microseconds). */
  callUs: number[];
}

function simulate(path: string, scenario: Scenario): number {
  const times: number[] = [];
  for (let i = 0; i < options.repeat; i++) {
    const start = performance.now();
    runScenario(path, scenario);
    times.push(performance.now() - start);
  }
  return median(times);
}

const WAITING = new Set(["Sleep", "await"]);

function main(): number {
  const missing = missingTool();
  if (missing !== undefined) {
    process.stderr.write(`bench: ${missing} not found (see docs/conformance.md)\n`);
    return 2;
  }
  buildHarness();
  ensurePrefix();
  const scenarios = defaultScenarios().map((path) => {
    const shown = repositoryPath(path);
    const scenario = parseScenario(shown, readFileSync(path, "utf8"));
    return { shown, scenario, compact: compileScenario(scenario), name: traceName(path) };
  });
  const samples = new Map<string, Sample[]>(scenarios.map((s) => [s.shown, []]));
  // A resident wineserver, as `npm run conformance` uses.
  startSession();
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const { shown, scenario, compact, name } of scenarios) {
        const simMs = simulate(shown, scenario);
        const run = runHarness(compact, `bench-${name}`);
        if (run.end?.end !== "complete") throw new Error(`${shown}: the harness did not finish`);
        samples.get(shown)?.push({
          simMs,
          wineMs: run.ms,
          startMs: run.end.startMs ?? Number.NaN,
          stepsMs: run.end.stepsMs ?? Number.NaN,
          callUs: run.steps
            .filter((s) => !s.blocked && !WAITING.has(s.call))
            .map((s) => s.us ?? Number.NaN),
        });
      }
    }
  } finally {
    endSession();
  }

  const rows: string[] = [];
  const totals = { sim: 0, wine: 0, start: 0, steps: 0, count: 0, calls: [] as number[] };
  for (const { shown, scenario } of scenarios) {
    const list = samples.get(shown) ?? [];
    const sim = median(list.map((s) => s.simMs));
    const wine = median(list.map((s) => s.wineMs));
    const start = median(list.map((s) => s.startMs));
    const steps = median(list.map((s) => s.stepsMs));
    const calls = list.flatMap((s) => s.callUs);
    const n = scenario.steps.length;
    totals.sim += sim;
    totals.wine += wine;
    totals.start += start;
    totals.steps += steps;
    totals.count += n;
    totals.calls.push(...calls);
    rows.push(
      `| ${shown.replace(/^.*\//, "")} | ${n} | ${fmt(sim, 2)} | ${fmt(wine)} | ${fmt(wine / sim)}x | ${fmt(start)} | ${fmt(steps)} | ${fmt((sim * 1000) / n, 1)} | ${fmt(median(calls))} |`,
    );
  }
  const simPerCallUs = (totals.sim * 1000) / totals.count;
  const callUs = median(totals.calls);
  process.stdout.write(
    [
      `conformance bench: ${scenarios.length} scenarios, ${totals.count} steps, ${options.rounds} rounds (medians), simulator repeated ${options.repeat}x per round`,
      "",
      "| scenario | steps | simulator ms | harness under Wine ms | ratio | process start ms | steps ms | simulator µs/call | harness µs/call (not waiting) |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
      `| **all** | ${totals.count} | ${fmt(totals.sim, 2)} | ${fmt(totals.wine)} | ${fmt(totals.wine / totals.sim)}x | ${fmt(totals.start)} | ${fmt(totals.steps)} | ${fmt(simPerCallUs, 1)} | ${fmt(callUs)} |`,
      "",
      `whole run: harness under Wine ${fmt(totals.wine / totals.sim)}x the simulator's time`,
      `per call, process start excluded: ${fmt((totals.steps * 1000) / totals.count)} µs (steps ms / steps, waits included) = ${fmt((totals.steps * 1000) / totals.count / simPerCallUs)}x; calls that do not wait ${fmt(callUs)} µs (median round trip) = ${fmt(callUs / simPerCallUs)}x the simulator's ${fmt(simPerCallUs, 1)} µs`,
      "",
    ].join("\n"),
  );
  return 0;
}

process.exitCode = main();
