/**
 * The Schedules panel's way down the tree, in Node: the picks followed, the first schedule below
 * them, the plain run the page shows for them (checked against what the explorer saw in every
 * schedule), and the link's `schedule` parameter.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  follow,
  outcomeLines,
  parseScheduleParam,
  positionAfter,
  runOf,
  scheduleOf,
  scheduleParam,
  stepWords,
} from "../../playground/src/schedule-choice.js";
import { firstSchedule, type ScheduleNode, scheduleTree } from "../../src/explore/explore.js";
import { laneLabel } from "../../src/explore/schedule.js";
import { parseScenario } from "../../src/scenario/read.js";
import { replayScenario } from "../../src/view/replay.js";

const file = join(import.meta.dirname, "fixtures", "close-while-reading.json");
const scenario = parseScenario(file, readFileSync(file, "utf8"));
const tree = scheduleTree(file, scenario);
const label = (lane: number) => laneLabel(scenario, lane);
const setup = scenario.steps.length;
const READER = 0;
const CLOSER = 1;
const PEER = 2;

/** Every way from the top of the tree to a leaf: every schedule. */
function leaves(nodes: readonly ScheduleNode[], above: ScheduleNode[] = []): ScheduleNode[][] {
  return nodes.flatMap((node) =>
    node.children.length === 0 ? [[...above, node]] : leaves(node.children, [...above, node]),
  );
}

describe("following picks down the tree of schedules", () => {
  it("without a pick, runs the first schedule: the one `winsock-sim run` runs", () => {
    const way = follow(tree.roots, [], label);
    expect(way.picked).toEqual([]);
    expect(way.problem).toBeNull();
    expect(scheduleOf(way.below)).toEqual(firstSchedule(file, scenario));
  });

  it("follows the picks, then the first child at each level", () => {
    const way = follow(tree.roots, [READER, CLOSER], label);
    expect(way.picked.map((n) => n.lane)).toEqual([READER, CLOSER]);
    expect(way.below.map((n) => n.lane)).toEqual([READER, PEER]);
    expect(stepWords(way.below[0]?.result as ScheduleNode["result"])).toBe(
      "await recv(8, <16 bytes>, 16, 0) = -1, WSAEINTR",
    );
    // The close came first: the reader's recv fails at once and its await repeats it.
    const early = follow(tree.roots, [CLOSER, READER], label);
    expect(early.picked.map((n) => stepWords(n.result))).toEqual([
      "closesocket(8) = 0",
      "recv(8, <16 bytes>, 16, 0) = -1, WSAENOTSOCK",
    ]);
    expect(early.below[0]?.result.atOnce).toBe(true);
  });

  it("keeps the picks the tree has and says why it stopped at the first it has not", () => {
    const way = follow(tree.roots, [READER, READER, CLOSER], label);
    // After the reader's recv blocked, its await cannot run until the close or the data.
    expect(way.picked.map((n) => n.lane)).toEqual([READER]);
    expect(way.problem).toBe(
      "pick 2 names lane 0, which cannot run there; the lanes that can: 1 (A), 2 (B)",
    );
    const past = follow(tree.roots, [PEER, READER, READER, CLOSER, CLOSER], label);
    expect(past.picked).toHaveLength(4);
    expect(past.problem).toBe("pick 5 names lane 1, but the schedule ended after 4 picks");
  });
});

describe("the run shown for a way", () => {
  const ways = leaves(tree.roots);

  it("covers every schedule the explorer counted", () => {
    expect(ways).toHaveLength(tree.stats.schedules);
    expect(tree.stats.schedules).toBe(10);
  });

  it.each(ways.map((nodes) => [scheduleParam(nodes.map((n) => n.lane)), nodes] as const))(
    "schedule %s: the plain run repeats what the explorer saw, step by step",
    (_, nodes) => {
      const way = follow(
        tree.roots,
        nodes.map((n) => n.lane),
        label,
      );
      expect(way.problem).toBeNull();
      expect(way.below).toEqual([]);
      const outcome = tree.outcomes[nodes.at(-1)?.outcomes[0] as number];
      const replay = replayScenario(file, runOf(scenario, way, tree.outcomes));
      expect(replay.error).toBeNull();
      expect(replay.passed).toBe(outcome?.passed);
      // An await that repeated its call's result at once is folded into the call.
      const ran = nodes.filter((n) => n.result.atOnce !== true);
      expect(replay.steps).toHaveLength(setup + ran.length);
      ran.forEach((node, k) => {
        const step = replay.steps[setup + k];
        expect({ ret: step?.ret ?? null, error: step?.error, blocked: step?.blocked }).toEqual({
          ret: node.result.ret,
          error: node.result.error,
          blocked: node.result.blocked,
        });
      });
      expect(positionAfter(setup, way.picked)).toBe(setup + ran.length);
    },
  );
});

describe("the words", () => {
  it("say what each lane saw in an outcome, and which expectation failed", () => {
    const lines = outcomeLines(tree.outcomes[0] as (typeof tree.outcomes)[number]);
    expect(lines).toEqual([
      {
        who: "A:reader",
        text: "recv(8, <16 bytes>, 16, 0) = -1, WSAEINTR ✗ ret",
        failed: true,
      },
      { who: "A", text: "closesocket(8) = 0", failed: false },
      { who: "B", text: "send(4, <4 bytes>, 4, 0) = 4", failed: false },
    ]);
  });
});

describe("the link's schedule parameter", () => {
  it("is the lane of each pick, dotted, and reads back", () => {
    expect(scheduleParam([0, 1, 0, 2])).toBe("0.1.0.2");
    expect(parseScheduleParam("0.1.0.2")).toEqual([0, 1, 0, 2]);
    expect(parseScheduleParam("3")).toEqual([3]);
  });

  it.each(["", "a", "0..1", "0.1.", "-1", "1e3", "0,1", "12345"])("rejects %j", (text) => {
    expect(parseScheduleParam(text)).toBeNull();
  });
});
