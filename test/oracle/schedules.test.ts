/**
 * Comparing an implementation on every schedule of a concurrent scenario: a faithful one agrees
 * in every schedule; one whose bug shows only in some orders is caught in exactly those, and the
 * plain scenario reported for a difference reproduces it when run alone.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explore, firstSchedule, type Outcome } from "../../src/explore/explore.js";
import { SOCKET_ERROR, WSAEADDRINUSE } from "../../src/index.js";
import {
  compareScenario,
  compareSchedules,
  counterexample,
  DEFAULT_MAX_SCHEDULES,
  type Difference,
  formatSchedules,
  linearize,
  readScenario,
  runScenario,
  type Scenario,
  type Schedule,
  type SchedulesComparison,
  scenarioJson,
  simulatorWorld,
  type World,
} from "../../src/oracle/index.js";
import {
  interruptedAsAborted,
  oneBlockingAcceptPerProcess,
  resetAsGracefulClose,
} from "./order-bugs.js";
import { proxyWorld, shiftedWorld } from "./worlds.js";

function fixture(name: string): Scenario {
  const file = `test/oracle/fixtures/${name}`;
  return readScenario(file, readFileSync(file, "utf8"));
}

const RECV_RACE = fixture("recv-close-send.json");
const TWO_ACCEPTS = fixture("two-accepts.json");
const TWO_READERS = fixture("two-readers.json");

/** Every schedule with the simulator's outcome, from the explorer itself (nothing pruned). */
function simulatorSchedules(
  scenario: Scenario,
): { schedule: Schedule; outcome: Omit<Outcome, "schedules" | "example"> }[] {
  const all: { schedule: Schedule; outcome: Omit<Outcome, "schedules" | "example"> }[] = [];
  explore("fixture", scenario, {
    prune: false,
    onSchedule: (schedule, outcome) => all.push({ schedule, outcome }),
  });
  return all;
}

const key = (schedule: Schedule): string => JSON.stringify(schedule);

/** The schedules a comparison found a difference in. */
const differing = (result: SchedulesComparison): string[] =>
  result.schedules.filter((s) => s.difference !== undefined).map((s) => key(s.schedule));

/** The plain file of a difference, written out and read back as a user would save it. */
function savedCounterexample(difference: Difference): Scenario {
  return readScenario("counterexample.json", scenarioJson(counterexample(difference)));
}

describe("compareSchedules with a faithful implementation", () => {
  it.each([
    ["the simulator's facade", () => proxyWorld()],
    ["an implementation with other handle values, ports and pids", shiftedWorld],
  ] as [string, () => World][])("agrees in every schedule: %s", (_, world) => {
    for (const scenario of [RECV_RACE, TWO_ACCEPTS]) {
      const all = simulatorSchedules(scenario);
      const result = compareSchedules(scenario, world);
      expect(result.agree, formatSchedules(result)).toBe(true);
      expect(result.complete).toBe(true);
      expect(result.differences).toEqual([]);
      // Every schedule was compared, each once, in exploration order.
      expect(result.schedules.map((s) => key(s.schedule))).toEqual(all.map((s) => key(s.schedule)));
      expect(result.schedules.every((s) => s.scenario.concurrent === undefined)).toBe(true);
    }
  });

  it("lists as many schedules as the explorer counts", () => {
    expect(compareSchedules(RECV_RACE, () => proxyWorld()).schedules).toHaveLength(
      explore("fixture", RECV_RACE).stats.schedules,
    );
    expect(compareSchedules(TWO_ACCEPTS, () => proxyWorld()).schedules).toHaveLength(
      explore("fixture", TWO_ACCEPTS).stats.schedules,
    );
  });

  it("compares a deadlocked schedule up to the deadlock, without the after steps", () => {
    const all = simulatorSchedules(TWO_READERS);
    expect(all.every((s) => s.outcome.deadlock.length > 0)).toBe(true);
    const result = compareSchedules(TWO_READERS, () => proxyWorld());
    expect(result.agree, formatSchedules(result)).toBe(true);
    expect(result.schedules).toHaveLength(all.length);
    const closes = (steps: Scenario["steps"]) =>
      steps.filter((step) => step.call === "closesocket").length;
    for (const compared of result.schedules) expect(closes(compared.scenario.steps)).toBe(0);
  });

  it("compares a scenario without lanes as its one schedule", () => {
    const plain: Scenario = { title: "plain", steps: RECV_RACE.steps };
    const result = compareSchedules(plain, () => proxyWorld());
    expect(result.agree).toBe(true);
    expect(result.schedules).toHaveLength(1);
    expect(result.schedules[0]?.scenario).toBe(plain);
  });
});

describe("compareSchedules with a bug that shows only in some orders", () => {
  it("finds a recv interrupted by closesocket reported as WSAECONNABORTED, in exactly the orders where recv was blocked", () => {
    const expected = simulatorSchedules(RECV_RACE)
      // The call's result is its await's: WSAEINTR only when it was blocked when the close came.
      .filter((s) => s.outcome.lanes[0]?.calls[0]?.error === "WSAEINTR")
      .map((s) => key(s.schedule));
    expect(expected.length).toBeGreaterThan(0);
    const result = compareSchedules(RECV_RACE, interruptedAsAborted);
    expect(result.agree).toBe(false);
    expect(result.complete).toBe(true);
    expect(differing(result)).toEqual(expected);
    expect(result.schedules.length).toBeGreaterThan(expected.length);
    expect(result.differences).toHaveLength(1);
    const [found] = result.differences;
    expect(found?.place).toBe("lane 0 step 1");
    expect(found?.schedules).toBe(expected.length);
    expect(found?.reason).toBe(
      "error (WSAGetLastError): simulator WSAEINTR, implementation WSAECONNABORTED",
    );
    expect(key(found?.example.schedule ?? [])).toBe(expected[0]);
    expect(found?.example.order).toBe("A:reader A A:reader B");
    expect(formatSchedules(result)).toContain(
      "at lane 0 step 1 in 2 schedules, first in the schedule A:reader A A:reader B",
    );
  });

  it("finds an accept that fails while another thread's accept waits, in exactly those orders", () => {
    // Independently of the comparison: the orders in which a lane calls accept while another
    // lane is blocked in accept (its accept blocked and its await has not run yet).
    const expected = simulatorSchedules(TWO_ACCEPTS)
      .filter(({ schedule }) => {
        const waiting = new Set<number>();
        return schedule.some((entry) => {
          if (entry.step === 1 && entry.lane !== 2) waiting.delete(entry.lane);
          if (entry.step !== 0 || entry.lane === 2) return false;
          if (waiting.size > 0) return true;
          // The accept blocked unless its await, in this schedule, had nothing to wait for.
          const wait = schedule.find((e) => e.lane === entry.lane && e.step === 1);
          if (wait !== undefined && wait.atOnce !== true) waiting.add(entry.lane);
          return false;
        });
      })
      .map((s) => key(s.schedule));
    const result = compareSchedules(TWO_ACCEPTS, oneBlockingAcceptPerProcess);
    expect(result.agree).toBe(false);
    expect(differing(result)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.schedules.length).toBeGreaterThan(expected.length);
    // Either thread may be the one that comes second; its accept fails at once where the
    // simulator blocks, or where it takes a connection already queued: four distinct ones.
    const blocks = "blocked: simulator true, implementation false";
    const takes = "ok: simulator true, implementation false";
    expect(result.differences.map((d) => `${d.place}: ${d.reason}`).sort()).toEqual([
      `lane 0 step 0: ${blocks}`,
      `lane 0 step 0: ${takes}`,
      `lane 1 step 0: ${blocks}`,
      `lane 1 step 0: ${takes}`,
    ]);
    expect(result.differences.reduce((n, d) => n + d.schedules, 0)).toBe(expected.length);
  });

  it("finds a bug the first schedule does not show, which comparing one run misses", () => {
    const first = linearize(RECV_RACE, firstSchedule("fixture", RECV_RACE));
    expect(compareScenario(first, resetAsGracefulClose)).toBeUndefined();
    const result = compareSchedules(RECV_RACE, resetAsGracefulClose);
    expect(result.agree).toBe(false);
    expect(result.differences.map((d) => [d.place, d.schedules])).toEqual([["after step 0", 1]]);
    expect(result.differences[0]?.example.order).toBe("B A A:reader A:reader");
  });

  it("groups a difference in the setup steps as one, shown by every schedule", () => {
    const refusesBind = () =>
      proxyWorld((real) => ({
        bind: () => {
          real.WSASetLastError(WSAEADDRINUSE);
          return SOCKET_ERROR;
        },
      }));
    const result = compareSchedules(RECV_RACE, refusesBind);
    expect(result.differences.map((d) => [d.place, d.schedules])).toEqual([
      ["step 3", result.schedules.length],
    ]);
    expect(result.schedules.every((s) => s.difference?.index === 3)).toBe(true);
  });

  it.each([
    ["recv", RECV_RACE, interruptedAsAborted],
    ["accept", TWO_ACCEPTS, oneBlockingAcceptPerProcess],
    ["close", RECV_RACE, resetAsGracefulClose],
  ] as [string, Scenario, () => World][])(
    "reports for the %s bug a plain scenario that fails the same way alone",
    (_, scenario, broken) => {
      for (const found of compareSchedules(scenario, broken).differences) {
        const difference = found.example.difference;
        const saved = savedCounterexample(difference);
        expect(saved.concurrent).toBeUndefined();
        expect(saved.title).toContain(`(schedule ${found.example.order})`);
        // Compared alone, the saved file shows the same difference at its last step ...
        const again = compareScenario(saved, broken);
        expect(again?.reason).toBe(found.reason);
        expect(again?.index).toBe(saved.steps.length - 1);
        // ... a faithful implementation agrees on it ...
        expect(compareScenario(saved, () => proxyWorld())).toBeUndefined();
        // ... and as a scenario file it passes on the simulator and fails on the broken one.
        expect(runScenario("saved", saved, simulatorWorld()).passed).toBe(true);
        const run = runScenario("saved", saved, broken());
        expect(run.passed).toBe(false);
        expect(run.steps.findIndex((s) => s.expectations.some((e) => !e.held))).toBe(
          difference.index,
        );
      }
    },
  );
});

describe("the bound on schedules", () => {
  it("defaults to 1,000", () => {
    expect(DEFAULT_MAX_SCHEDULES).toBe(1000);
  });

  it("stops at maxSchedules and says so, never reporting agreement", () => {
    const result = compareSchedules(TWO_ACCEPTS, () => proxyWorld(), { maxSchedules: 5 });
    expect(result.schedules).toHaveLength(5);
    expect(result.complete).toBe(false);
    expect(result.agree).toBe(false);
    expect(result.differences).toEqual([]);
    expect(result.bound).toContain("more than 5 schedules");
    expect(formatSchedules(result)).toContain("Incomplete: the scenario has more than 5 schedules");
    // Exactly as many schedules as the bound is complete.
    const all = explore("fixture", TWO_ACCEPTS).stats.schedules;
    expect(compareSchedules(TWO_ACCEPTS, () => proxyWorld(), { maxSchedules: all }).agree).toBe(
      true,
    );
  });

  it("is incomplete when the explorer's own bound stops it", () => {
    const result = compareSchedules(TWO_ACCEPTS, () => proxyWorld(), { maxSteps: 20 });
    expect(result.complete).toBe(false);
    expect(result.agree).toBe(false);
    expect(result.bound).toContain("stopped early");
  });

  it("rejects a bound that is not a positive integer", () => {
    expect(() => compareSchedules(RECV_RACE, () => proxyWorld(), { maxSchedules: 0 })).toThrow(
      RangeError,
    );
  });
});

describe("compareScenario given a scenario with lanes", () => {
  it("compares every schedule: undefined only when all agree", () => {
    expect(compareScenario(RECV_RACE, () => proxyWorld())).toBeUndefined();
    expect(compareScenario(TWO_ACCEPTS, shiftedWorld)).toBeUndefined();
  });

  it("returns the first differing schedule's difference, on its plain scenario", () => {
    const difference = compareScenario(RECV_RACE, resetAsGracefulClose);
    const expected = compareSchedules(RECV_RACE, resetAsGracefulClose).differences[0]?.example;
    expect(difference).toEqual(expected?.difference);
    expect(difference?.scenario).toEqual(expected?.scenario);
    expect(difference?.scenario.concurrent).toBeUndefined();
    expect(difference?.step).toEqual(difference?.scenario.steps[difference.index]);
  });

  it("throws rather than pass when maxSchedules stopped it before any difference", () => {
    expect(() => compareScenario(RECV_RACE, () => proxyWorld(), { maxSchedules: 3 })).toThrow(
      /no difference in the 3 schedules compared, but the scenario has more than 3 schedules/,
    );
    // A difference found within the bound is reported all the same.
    expect(compareScenario(RECV_RACE, interruptedAsAborted, { maxSchedules: 1 })?.reason).toBe(
      "error (WSAGetLastError): simulator WSAEINTR, implementation WSAECONNABORTED",
    );
  });
});
