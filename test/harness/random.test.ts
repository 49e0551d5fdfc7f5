/**
 * harness/random.ts without Wine: the generated scenarios are a function of the seed, and
 * shrinking keeps the kind of the first unexplained difference, with a made-up `play`.
 */
import { describe, expect, it } from "vitest";
import {
  differenceKind,
  type Play,
  randomName,
  randomScenarios,
  savedScenarioText,
  shrinkScenario,
} from "../../harness/random.js";
import type { ScenarioVerdict, StepDifference } from "../../harness/verdict.js";
import type { ObservedStep } from "../../src/oracle/compare.js";
import { parseScenario } from "../../src/scenario/read.js";
import type { Scenario, ScenarioStep } from "../../src/scenario/types.js";

const result = (ok: boolean, error: string): ObservedStep => ({
  index: 0,
  process: "A",
  thread: "main",
  call: "send",
  ret: ok ? 0 : -1,
  error,
  blocked: false,
  ok,
  outputs: {},
});

function verdictFor(steps: number, failureAt?: number, error = "WSAECONNRESET"): ScenarioVerdict {
  const failure: StepDifference | undefined =
    failureAt === undefined
      ? undefined
      : {
          index: failureAt,
          where: "A",
          call: "send",
          reason: "error differs",
          simulator: result(false, "WSAEOPNOTSUPP"),
          native: result(false, error),
        };
  return {
    kind: failure === undefined ? "agree" : "failed",
    steps,
    compared: steps,
    agreed: failure === undefined ? steps : steps - 1,
    listed: [],
    explained: [],
    unexplained: failure === undefined ? 0 : 1,
    carried: 0,
    uncompared: 0,
    stale: [],
    ...(failure === undefined ? {} : { failure }),
  };
}

const step = (call: string, save?: string): ScenarioStep => ({
  process: "A",
  call,
  ...(save === undefined ? {} : { save }),
});

/** Differs at its send when a socket step comes before it; agrees otherwise. */
const play: Play = (scenario) => {
  const send = scenario.steps.findIndex((s) => s.call === "send");
  const socket = scenario.steps.findIndex((s) => s.call === "socket");
  const differs = send >= 0 && socket >= 0 && socket < send;
  return verdictFor(scenario.steps.length, differs ? send : undefined);
};

describe("randomScenarios", () => {
  it("gives the same scenarios for the same seed, and others for another seed", () => {
    const a = randomScenarios(5, 7);
    expect(a).toHaveLength(5);
    expect(JSON.stringify(randomScenarios(5, 7))).toBe(JSON.stringify(a));
    expect(JSON.stringify(randomScenarios(5, 8))).not.toBe(JSON.stringify(a));
  });

  it("names scenarios by seed and position", () => {
    expect(randomName(7, 0)).toBe("random-s7-001");
    expect(randomName(42, 99)).toBe("random-s42-100");
  });
});

describe("shrinkScenario", () => {
  const padding = (n: number) => Array.from({ length: n }, () => step("Sleep"));
  const scenario: Scenario = {
    title: "t",
    steps: [...padding(5), step("socket", "s1"), ...padding(6), step("send"), ...padding(4)],
  };

  it("keeps only what the difference needs", () => {
    const verdict = play(scenario) as ScenarioVerdict;
    expect(verdict.failure?.index).toBe(12);
    const shrunk = shrinkScenario(scenario, verdict, play, 100);
    expect(shrunk.scenario.steps.map((s) => s.call)).toEqual(["socket", "send"]);
    expect(shrunk.verdict.failure?.index).toBe(1);
    expect(shrunk.attempts).toBeGreaterThan(0);
    expect(shrunk.attempts).toBeLessThanOrEqual(100);
  });

  it("spends no more plays than its budget", () => {
    let plays = 0;
    const counted: Play = (s) => {
      plays++;
      return play(s);
    };
    const shrunk = shrinkScenario(scenario, play(scenario) as ScenarioVerdict, counted, 3);
    expect(plays).toBe(3);
    expect(shrunk.attempts).toBe(3);
  });

  it("keeps a candidate only when its difference is of the same kind", () => {
    // Without the padding, the native side answers another error: not the same difference.
    const picky: Play = (s) => {
      const v = play(s);
      if (v?.failure === undefined || s.steps.length > 4) return v;
      return verdictFor(s.steps.length, v.failure.index, "WSAEINVAL");
    };
    const shrunk = shrinkScenario(scenario, play(scenario) as ScenarioVerdict, picky, 200);
    expect(shrunk.scenario.steps.length).toBe(5);
    expect(shrunk.verdict.failure?.native?.error).toBe("WSAECONNRESET");
  });

  it("returns a scenario without a failure as it is", () => {
    const agreeing: Scenario = { title: "t", steps: [step("send")] };
    const shrunk = shrinkScenario(agreeing, verdictFor(1), play, 10);
    expect(shrunk).toEqual({ scenario: agreeing, verdict: verdictFor(1), attempts: 0 });
  });
});

describe("differenceKind", () => {
  it("names the call, the fields that differ and both answers", () => {
    const failure = verdictFor(3, 2).failure as StepDifference;
    expect(differenceKind(failure)).toBe(
      "send error: simulator failed WSAEOPNOTSUPP, native failed WSAECONNRESET",
    );
  });
});

describe("savedScenarioText", () => {
  it("is a scenario file whose title says where it came from and what differs", () => {
    const scenario: Scenario = { title: "generated", steps: [step("WSAStartup"), step("send")] };
    const text = savedScenarioText(scenario, "random-s7-001", {
      index: 1,
      call: "send",
      reason: "error (WSAGetLastError): simulator WSAEOPNOTSUPP, wine WSAECONNRESET",
      simulator: undefined,
      native: undefined,
    });
    const read = parseScenario("saved.json", text);
    expect(read.title).toBe(
      "random-s7-001: step 1 (send): error (WSAGetLastError): simulator WSAEOPNOTSUPP, wine WSAECONNRESET",
    );
    expect(read.steps.map((s) => s.call)).toEqual(["WSAStartup", "send"]);
  });
});
