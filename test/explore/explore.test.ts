/**
 * The explorer: every schedule of a scenario's lanes, found by branching from checkpoints and
 * merging points already explored, gives the same answers as running every schedule to its end,
 * and as running each schedule from scratch as a plain scenario.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explore, firstSchedule, scheduleTree } from "../../src/explore/explore.js";
import { linearize, scheduleText } from "../../src/explore/schedule.js";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario } from "../../src/scenario/run.js";
import { type Scenario, ScenarioError } from "../../src/scenario/types.js";
import { pair } from "./pair.js";
import { expectReplays } from "./replay.js";

const root = join(import.meta.dirname, "..", "..");

function load(path: string): Scenario {
  return parseScenario(path, readFileSync(join(root, path), "utf8"));
}

const FILES = [
  "examples/scenarios/every-order/two-workers-accept.json",
  "examples/scenarios/every-order/close-while-select.json",
  "examples/scenarios/every-order/fd-read-fd-write-split.json",
  "docs/lessons/08-every-order-of-a-race.json",
  "test/explore/fixtures/close-races-recv.json",
  "test/explore/fixtures/accept-races-close.json",
  "test/explore/fixtures/same-state-different-saved.json",
  "test/explore/fixtures/same-state-different-repeat.json",
  "test/explore/fixtures/failing-setup.json",
  "test/explore/fixtures/failing-after.json",
];

/** Outcomes and counts without the example schedules (which pruning may find elsewhere). */
const answers = (result: ReturnType<typeof explore>) => ({
  outcomes: result.outcomes.map(({ example: _, ...outcome }) => outcome),
  failures: result.failures.map((f) => [f.place, f.expectation, f.schedules, f.replay]),
  schedules: result.stats.schedules,
});

/**
 * The files whose every schedule is run one by one to compare: not the two workers, whose
 * 6,916 schedules take seconds that way (explore-property.test.ts compares the two ways on many
 * small scenarios).
 */
const RUN_EVERY_SCHEDULE = FILES.filter((file) => !file.includes("two-workers"));

describe.each(RUN_EVERY_SCHEDULE)("%s, every schedule run to its end", (file) => {
  const scenario = load(file);

  it("counts what the schedules, each seen whole at its end, say", () => {
    // Independent of how subtrees are counted: every schedule's own outcome (made from what
    // its lanes saw, at its end) and the expectations that failed in it, tallied here.
    const tally = new Map<string, number>();
    const failing = new Map<string, number>();
    const result = explore(file, scenario, {
      prune: false,
      onSchedule: (_, outcome) => {
        const key = JSON.stringify(outcome);
        tally.set(key, (tally.get(key) ?? 0) + 1);
        // The place of a lane's failed expectation: its lane, and the step of the call.
        outcome.lanes.forEach((lane, l) => {
          const steps = scenario.concurrent?.[l]?.steps ?? [];
          const calls = steps.flatMap((step, s) => (step.call === "await" ? [] : [s]));
          lane.calls.forEach((call, c) => {
            for (const name of call.failed) {
              // A name failed on the call or on the await after it.
              const at = calls[c] as number;
              const own = steps[at]?.expect !== undefined && name in (steps[at]?.expect ?? {});
              const key = `lane ${l} step ${own ? at : at + 1} ${name}`;
              failing.set(key, (failing.get(key) ?? 0) + 1);
            }
          });
        });
        outcome.after.forEach((step, i) => {
          for (const name of step.failed) {
            const key = `after step ${i} ${name}`;
            failing.set(key, (failing.get(key) ?? 0) + 1);
          }
        });
      },
    });
    const counted = new Map(
      result.outcomes.map(({ example: _, schedules, ...outcome }) => [
        JSON.stringify(outcome),
        schedules,
      ]),
    );
    expect(counted).toEqual(tally);
    for (const outcome of result.outcomes)
      expect(outcome.passed).toBe(
        result.failures.every((f) => f.place.startsWith("lane") || f.place.startsWith("after")) &&
          outcome.lanes.every((lane) => lane.calls.every((call) => call.failed.length === 0)) &&
          outcome.after.every((step) => step.failed.length === 0),
      );
    const reported = result.failures.filter((f) => !/^step /.test(f.place));
    expect(new Map(reported.map((f) => [`${f.place} ${f.expectation}`, f.schedules]))).toEqual(
      failing,
    );
    // A setup step's failure is in every schedule.
    for (const failure of result.failures.filter((f) => /^step /.test(f.place)))
      expect(failure.schedules).toBe(result.stats.schedules);
  });

  it("finds the same outcomes, counts and failures as with pruning", () => {
    const pruned = explore(file, scenario);
    const full = explore(file, scenario, { prune: false });
    expect(full.stats.pruned).toBe(0);
    expect(full.stats.explored).toBe(full.stats.schedules);
    expect(answers(pruned)).toEqual(answers(full));
    expect(pruned.stats.explored).toBeLessThanOrEqual(full.stats.explored);
  });
});

describe.each(FILES)("%s", (file) => {
  const scenario = load(file);
  const pruned = explore(file, scenario);

  it("gives, for each outcome and failure, what a run from scratch gives", () => {
    expectReplays(scenario, pruned);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(explore(file, scenario))).toBe(JSON.stringify(pruned));
  });

  it("runs its first schedule with `run`, the first one it explores", () => {
    const first = firstSchedule(file, scenario);
    expect(pruned.outcomes[0]?.example).toEqual(first);
    const plain = runScenario(file, linearize(scenario, first));
    expect(runScenario(file, scenario).steps).toEqual(plain.steps);
  });
});

/** Each lane's calls as "ret error buf". */
function calls(result: ReturnType<typeof explore>, n: number): string[][] {
  return (result.outcomes[n]?.lanes ?? []).map((lane) =>
    lane.calls.map((call) =>
      [call.ret, call.error, call.outputs.buf ?? call.outputs.addr ?? ""].join(" ").trim(),
    ),
  );
}

describe("the examples' outcome sets", () => {
  it("two workers accepting on one duplicated listener: each connection to exactly one worker", () => {
    const file = FILES[0] as string;
    const result = explore(file, load(file));
    expect(result.passed).toBe(true);
    expect(result.stats.schedules).toBe(6916);
    expect(result.outcomes.map((o) => o.schedules)).toEqual([3458, 3458]);
    const got = result.outcomes.map((outcome) =>
      outcome.lanes.slice(0, 2).map((lane) => lane.calls[1]?.outputs.buf),
    );
    // Which worker gets which connection depends on the order; in no order is one lost or
    // delivered twice.
    expect(got).toEqual([
      ["one", "two"],
      ["two", "one"],
    ]);
    for (const outcome of result.outcomes) {
      const [w1, w2] = outcome.lanes.map((lane) => lane.calls[0]?.outputs.addr);
      expect(w1).not.toBe(w2);
      expect(outcome.after[0]?.ret).toBe(0);
    }
  });

  it("a close in one process while another blocks in select", () => {
    const file = FILES[1] as string;
    const result = explore(file, load(file));
    expect(result.passed).toBe(true);
    expect(
      result.outcomes.map((o) => [calls(result, result.outcomes.indexOf(o)), o.schedules]),
    ).toEqual([
      [[["1 0", "4 0 ping"], ["0 0"], ["-1 WSAENOTSOCK"], ["4 0"]], 112],
      [[["1 0", "4 0 ping"], ["0 0"], ["1 0"], ["4 0"]], 181],
      [[["1 0", "4 0 ping"], ["0 0"], ["0 0"], ["4 0"]], 6],
    ]);
    // The watcher that waited out its 5 s: A's close was not the last, so nothing woke it.
    const waited = result.outcomes[2];
    expect(scheduleText(load(file), waited?.example ?? [])).toBe(
      "B peer B B B A:watcher A A:watcher",
    );
  });

  it("the FD_READ/FD_WRITE split across processes under every order", () => {
    const file = FILES[2] as string;
    const result = explore(file, load(file));
    expect(result.passed).toBe(true);
    // [A's WSAEnumNetworkEvents, B's], as FD_ bits: 1 FD_READ, 2 FD_WRITE.
    const told = result.outcomes.map((outcome) =>
      outcome.lanes.slice(0, 2).map((lane) => {
        const events = lane.calls[1]?.outputs.lpNetworkEvents as { lNetworkEvents: number };
        return events.lNetworkEvents;
      }),
    );
    expect(told).toEqual([
      [0, 2],
      [2, 0],
      [1, 2],
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(result.outcomes.map((o) => o.schedules)).toEqual([9, 5, 6, 2, 4, 4]);
  });
});

describe("waiting, time and deadlock", () => {
  it("lets time pass when every lane waits, and runs first the wait that ends first", () => {
    const scenario = pair([
      {
        process: "A",
        steps: [
          { call: "select", args: { readfds: ["$a"], timeout: { tv_sec: 2, tv_usec: 0 } } },
          { call: "await", expect: { ret: 0 } },
        ],
      },
      {
        process: "B",
        steps: [
          { call: "select", args: { readfds: ["$b"], timeout: { tv_sec: 1, tv_usec: 0 } } },
          { call: "await", expect: { ret: 0 } },
        ],
      },
    ]);
    const result = explore("pair.json", scenario);
    expect(result.passed).toBe(true);
    expect(result.outcomes).toHaveLength(1);
    // Both selects start, in either order; B's 1 s ends first, then A's 2 s.
    expect(result.stats.schedules).toBe(2);
    for (const outcome of result.outcomes)
      expect(scheduleText(scenario, outcome.example).endsWith("B A")).toBe(true);
    const replay = runScenario("pair.json", linearize(scenario, result.outcomes[0]?.example ?? []));
    expect(replay.steps.slice(-2).map((s) => [s.process, s.clock])).toEqual([
      ["B", 1000],
      ["A", 2000],
    ]);
  });

  it("reports lanes that nothing can wake as deadlocked, and skips the after steps", () => {
    const scenario = pair(
      [
        { process: "A", steps: [{ call: "recv", args: { s: "$a", len: 4 } }, { call: "await" }] },
        { process: "B", steps: [{ call: "recv", args: { s: "$b", len: 4 } }, { call: "await" }] },
      ],
      [{ process: "A", call: "closesocket", args: { s: "$a" } }],
    );
    const result = explore("pair.json", scenario);
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]?.deadlock).toEqual(["A", "B"]);
    expect(result.outcomes[0]?.after).toEqual([]);
    expect(result.outcomes[0]?.lanes.map((lane) => lane.calls.map((c) => c.blocked))).toEqual([
      [true],
      [true],
    ]);
  });
});

describe("bounds", () => {
  const file = FILES[0] as string;
  const scenario = load(file);

  it("stops after maxSteps and says so; the counts are then incomplete", () => {
    const result = explore(file, scenario, { maxSteps: 200 });
    expect(result.complete).toBe(false);
    expect(result.passed).toBe(false);
    expect(result.bound).toMatch(/stopped after 200 steps .*--max-steps/);
    expect(result.stats.steps).toBeLessThanOrEqual(200);
    expect(result.stats.schedules).toBeLessThan(6916);
  });

  it("cuts schedules longer than maxDepth and says so", () => {
    const result = explore(file, scenario, { maxDepth: 5 });
    expect(result.complete).toBe(false);
    expect(result.bound).toMatch(/cut at 5 lane steps .*--max-depth/);
    expect(result.stats.cut).toBeGreaterThan(0);
    expect(result.outcomes).toEqual([]);
  });
});

describe("scheduleTree", () => {
  it("has a node per step run, its outcomes and schedule counts adding up", () => {
    const file = FILES[3] as string;
    const tree = scheduleTree(file, load(file));
    expect(tree.roots.map((node) => node.lane)).toEqual([0, 1, 2]);
    expect(tree.roots.reduce((sum, node) => sum + node.schedules, 0)).toBe(10);
    const first = tree.roots[0];
    expect(first?.result.blocked).toBe(true);
    // After the reader blocks, the close or the send can run, not the reader's await.
    expect(first?.children.map((node) => node.lane)).toEqual([1, 2]);
    expect(first?.outcomes).toEqual([0, 1]);
    expect(first?.children[0]?.outcomes).toEqual([0]);
  });
});

describe("files the explorer refuses", () => {
  const lanes = (extra: object = {}) => [
    { process: "A", steps: [{ call: "WSAGetLastError" }] },
    { process: "B", steps: [{ call: "WSAGetLastError" }], ...extra },
  ];
  const refuse = (text: object) => () =>
    parseScenario("bad.json", JSON.stringify({ title: "t", steps: [], ...text }));

  it("names the place and what was expected", () => {
    expect(refuse({ concurrent: [lanes()[0]] })).toThrow(/field "concurrent".*at least two lanes/);
    expect(refuse({ concurrent: lanes({ process: "A" }) })).toThrow(
      /lane 1, field "thread": expected a thread no other lane runs/,
    );
    expect(
      refuse({
        concurrent: [
          lanes()[0],
          { process: "B", steps: [{ process: "C", call: "WSAGetLastError" }] },
        ],
      }),
    ).toThrow(/lane 1 step 0, field "process": expected the lane's process "B"/);
    expect(refuse({ after: [] })).toThrow(/field "after": expected "after" only with "concurrent"/);
    expect(refuse({ concurrent: lanes({ steps: [] }) })).toThrow(/lane 1, field "steps"/);
  });

  it("refuses overlapped calls in lanes", () => {
    const scenario = pair([
      { process: "A", steps: [{ call: "WSAGetLastError" }] },
      { process: "B", steps: [{ call: "SleepEx", args: { dwMilliseconds: 0, bAlertable: true } }] },
    ]);
    expect(() => explore("pair.json", scenario)).toThrow(
      /lane 1 step 0, field "call".*"SleepEx" is overlapped I\/O/,
    );
  });

  it("names the order in which a lane used a name another lane saves", () => {
    const scenario = pair([
      {
        process: "A",
        steps: [
          {
            call: "socket",
            args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
            save: "x",
          },
        ],
      },
      { process: "B", steps: [{ call: "closesocket", args: { s: "$x" } }] },
    ]);
    let error: unknown;
    try {
      explore("pair.json", scenario);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toMatch(
      /lane 1 step 0, field "args": argument "s": "\$x" was never saved.*\(when the lanes ran in the order B\)/,
    );
  });
});
