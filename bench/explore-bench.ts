/**
 * Explorer benchmark (issue 17): how long exploring every schedule of a 3-thread scenario of
 * 8 steps per thread takes, how many schedules it covers, how many of them it prunes, and what
 * a step run costs. Results and the machine go to docs/performance.md.
 *
 *   npm run bench:explore      (= node --expose-gc --import tsx bench/explore-bench.ts)
 *   npm run bench:explore -- --runs 3 --memory off     (a quicker look)
 *
 * The work is deterministic: the explorer visits the same points in the same order every time,
 * so every run reports the same counts (the script checks that it does); only the time varies.
 *
 * Each round runs the full exploration (pruning on, the default) and then the same file with
 * `prune: false`, cut by `maxSteps` at the number of steps the pruned exploration ran, so both
 * do the same amount of work in the same moment of the shared machine and their ratio is taken
 * within the round. Without pruning the scenario has billions of schedules: it cannot finish.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { type ExploreOptions, type ExploreResult, explore } from "../src/explore/explore.js";
import { parseScenario } from "../src/scenario/read.js";
import type { Scenario } from "../src/scenario/types.js";
import { fmt, gc, heapUsed, median, numberField, readOptions } from "./measure.js";

interface Settings {
  file: string;
  /** Measured rounds (each: one pruned exploration and one unpruned cut). */
  runs: number;
  /** Untimed explorations before the rounds, to let the JIT settle. */
  warmup: number;
  /** The unpruned run's bound on steps; 0: as many steps as the pruned exploration ran. */
  unprunedSteps: number;
  /** Whether to sample the live heap during one extra exploration (1 or 0). */
  memory: number;
}

function parseSettings(argv: readonly string[]): Settings {
  const settings: Settings = {
    file: "bench/explore/three-threads.json",
    runs: 5,
    warmup: 1,
    unprunedSteps: 0,
    memory: 1,
  };
  readOptions(argv, settings, [
    [
      "--file",
      (s, value) => {
        s.file = value;
      },
    ],
    ["--runs", numberField<Settings>("runs")],
    ["--warmup", numberField<Settings>("warmup")],
    ["--unpruned-steps", numberField<Settings>("unprunedSteps")],
    [
      "--memory",
      (s, value) => {
        if (value !== "on" && value !== "off") throw new Error("--memory takes on or off");
        s.memory = value === "on" ? 1 : 0;
      },
    ],
  ]);
  if (settings.runs < 1) throw new Error("--runs must be at least 1");
  return settings;
}

interface Timed {
  /** Wall-clock time: what a user waits. */
  readonly ms: number;
  /**
   * The process's CPU time (user and system, all its threads: the collector's helpers too).
   * On a shared machine it moves less than the wall clock, which counts the moments another
   * program had the core.
   */
  readonly cpuMs: number;
  readonly result: ExploreResult;
}

/** One exploration, timed alone: the garbage of the previous one is collected first. */
function timed(file: string, scenario: Scenario, options: ExploreOptions): Timed {
  gc();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = explore(file, scenario, options);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, result };
}

/** The counts of a result as one line, to check that every run explored the same points. */
function countsOf(result: ExploreResult): string {
  const { stats } = result;
  return JSON.stringify([stats, result.outcomes.length, result.passed, result.complete]);
}

/**
 * The live heap while exploring: one more (untimed) exploration that collects garbage and
 * reads `heapUsed` at every `every`-th schedule end. Returns the largest reading above the heap
 * before it started, and the heap left once its result is dropped.
 */
function liveHeap(
  file: string,
  scenario: Scenario,
  every: number,
): { peak: number; samples: number; retained: number } {
  const before = heapUsed();
  let peak = 0;
  let samples = 0;
  let ends = 0;
  let result: ExploreResult | undefined = explore(file, scenario, {
    onSchedule: () => {
      ends += 1;
      if (ends % every !== 0) return;
      samples += 1;
      peak = Math.max(peak, heapUsed() - before);
    },
  });
  const withResult = heapUsed() - before;
  result = undefined;
  void result;
  return { peak, samples, retained: withResult };
}

function main(): void {
  const settings = parseSettings(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const startLoad = loadavg()
    .map((l) => fmt(l, 2))
    .join(", ");
  const file = settings.file;
  const scenario = parseScenario(file, readFileSync(file, "utf8"));
  const lanes = scenario.concurrent ?? [];
  console.log(
    `node ${process.version}, ${file}: ${scenario.steps.length} setup steps, ${lanes.length} lanes ` +
      `(${lanes.map((lane) => `${lane.process}:${lane.thread ?? "main"} ${lane.steps.length}`).join(", ")} steps)`,
  );

  // The first exploration in the process: what a one-off run (the CLI) pays, JIT included.
  const cold = timed(file, scenario, {});
  const reference = countsOf(cold.result);
  for (let i = 1; i < settings.warmup; i++) timed(file, scenario, {});
  const { stats } = cold.result;
  const unprunedSteps = settings.unprunedSteps > 0 ? settings.unprunedSteps : stats.steps;

  const pruned: number[] = [];
  const prunedCpu: number[] = [];
  const unpruned: number[] = [];
  const unprunedCpu: number[] = [];
  const ratios: number[] = [];
  let cut: ExploreResult | undefined;
  for (let round = 0; round < settings.runs; round++) {
    const a = timed(file, scenario, {});
    if (countsOf(a.result) !== reference) throw new Error("a pruned run explored other points");
    const b = timed(file, scenario, { prune: false, maxSteps: unprunedSteps });
    if (cut !== undefined && countsOf(b.result) !== countsOf(cut))
      throw new Error("an unpruned run explored other schedules");
    cut = b.result;
    pruned.push(a.ms);
    prunedCpu.push(a.cpuMs);
    unpruned.push(b.ms);
    unprunedCpu.push(b.cpuMs);
    // Per step run, within the round, in CPU time (the wall clock counts other programs' turns).
    ratios.push(b.cpuMs / b.result.stats.steps / (a.cpuMs / a.result.stats.steps));
  }
  if (cut === undefined) throw new Error("no round ran");

  const total = median(pruned);
  const perStep = (total * 1000) / stats.steps;
  console.log(
    `\nPruning on (the default), median of ${settings.runs} runs after ${settings.warmup} warm-up:`,
  );
  console.log(`| Measure | Value |`);
  console.log(`| --- | ---: |`);
  console.log(`| schedules in all | ${fmt(stats.schedules)} |`);
  console.log(`| run to the end | ${fmt(stats.explored)} |`);
  console.log(`| pruned (counted, not run) | ${fmt(stats.pruned)} |`);
  console.log(`| distinct points | ${fmt(stats.states)} |`);
  console.log(`| steps run | ${fmt(stats.steps)} |`);
  console.log(`| distinct outcomes | ${fmt(cold.result.outcomes.length)} |`);
  console.log(
    `| every expectation holds in every schedule | ${cold.result.passed ? "yes" : "no"} |`,
  );
  const cpu = median(prunedCpu);
  console.log(
    `| total time | ${fmt(total)} ms (${fmt(Math.min(...pruned))} to ${fmt(Math.max(...pruned))}) |`,
  );
  console.log(
    `| CPU time | ${fmt(cpu)} ms (${fmt(Math.min(...prunedCpu))} to ${fmt(Math.max(...prunedCpu))}) |`,
  );
  console.log(
    `| time per step run | ${fmt(perStep, 1)} µs (CPU ${fmt((cpu * 1000) / stats.steps, 1)} µs) |`,
  );
  console.log(
    `| time per distinct point | ${fmt((total * 1000) / stats.states, 1)} µs (CPU ${fmt((cpu * 1000) / stats.states, 1)} µs) |`,
  );
  console.log(
    `| first exploration in the process (cold) | ${fmt(cold.ms)} ms (CPU ${fmt(cold.cpuMs)} ms) |`,
  );
  console.log(`| target: under 2,000 ms | ${total < 2000 ? "met" : "not met"} |`);

  const cs = cut.stats;
  const unprunedTotal = median(unpruned);
  const unprunedPerStep = (unprunedTotal * 1000) / cs.steps;
  const perSchedule = median(unprunedCpu) / cs.explored;
  console.log(
    `\nPruning off (\`prune: false\`), cut by \`maxSteps: ${unprunedSteps}\`, median of ${settings.runs} runs:`,
  );
  console.log(`| Measure | Value |`);
  console.log(`| --- | ---: |`);
  console.log(`| complete | ${cut.complete ? "yes" : "no"} |`);
  console.log(`| schedules run to the end at the cut | ${fmt(cs.explored)} |`);
  console.log(`| share of all schedules | ${(cs.explored / stats.schedules).toExponential(2)} |`);
  console.log(`| steps run | ${fmt(cs.steps)} |`);
  console.log(`| steps per schedule | ${fmt(cs.steps / cs.explored, 2)} |`);
  console.log(`| distinct outcomes seen | ${fmt(cut.outcomes.length)} |`);
  console.log(`| total time | ${fmt(unprunedTotal)} ms (CPU ${fmt(median(unprunedCpu))} ms) |`);
  console.log(
    `| time per step run | ${fmt(unprunedPerStep, 1)} µs (CPU ${fmt((median(unprunedCpu) * 1000) / cs.steps, 1)} µs) |`,
  );
  console.log(
    `| CPU time per step, unpruned / pruned (median of per-round ratios) | ${fmt(median(ratios), 2)}x (${fmt(Math.min(...ratios), 2)} to ${fmt(Math.max(...ratios), 2)}) |`,
  );
  const days = (perSchedule * stats.schedules) / 1000 / 86_400;
  console.log(
    `| every schedule, at the CPU time per schedule above (extrapolated) | ${fmt(days, 0)} days |`,
  );

  if (settings.memory === 1) {
    const every = Math.max(1, Math.floor(stats.explored / 40));
    const heap = liveHeap(file, scenario, every);
    console.log(
      `\nLive heap (after a full collection every ${every} schedule ends, ${heap.samples} samples): ` +
        `peak ${fmt(heap.peak / 1024 / 1024, 1)} MiB above the heap before; ` +
        `${fmt(heap.retained / 1024 / 1024, 1)} MiB held by the result; ` +
        `${fmt(heap.peak / stats.states)} bytes per distinct point at the peak`,
    );
  }
  console.log(
    `\nTotal time ${fmt(Number(process.hrtime.bigint() - started) / 1e9, 1)} s; load average ` +
      `${loadavg()
        .map((l) => fmt(l, 2))
        .join(", ")} at the end (${startLoad} at the start)`,
  );
}

main();
