/**
 * The fc.commands model (commands.ts, model.ts): the simulator compared with itself agrees on
 * every command sequence (even with other handle values, ports and pids), and each broken
 * adapter of broken.ts is caught, with the formatted difference as the failure's message.
 */
import { describe, expect, it } from "vitest";
import {
  type CheckCommandsOptions,
  checkCommands,
  compareScenario,
  OracleFailure,
  runScenario,
  simulatorWorld,
  type World,
  winsockCommands,
} from "../../src/oracle/index.js";
import { closeClosesAll, keepsFirstRegistration } from "./broken.js";
import { proxyWorld, shiftedWorld } from "./worlds.js";

/** checkCommands's failure, which the test expects. */
function failure(world: () => World, options: CheckCommandsOptions): OracleFailure {
  try {
    checkCommands(world, options);
  } catch (error) {
    if (error instanceof OracleFailure) return error;
    throw error;
  }
  throw new Error("the command model did not catch the broken implementation");
}

/** What every caught difference must be: a replayable file whose last step differs. */
function expectReplayable(error: OracleFailure, world: () => World): void {
  const { difference, scenario } = error;
  expect(error.message.startsWith("The implementation differs from the simulator at step")).toBe(
    true,
  );
  expect(error.message).toContain(difference.reason);
  expect(scenario.steps).toHaveLength(difference.index + 1);
  // The file passes on the simulator and fails on the broken adapter at its last step.
  expect(runScenario("counterexample", scenario, simulatorWorld()).passed).toBe(true);
  const broken = runScenario("counterexample", scenario, world());
  expect(broken.steps.findIndex((s) => s.expectations.some((e) => !e.held))).toBe(difference.index);
  expect(compareScenario(scenario, world)?.index).toBe(difference.index);
}

describe("the simulator compared with itself", () => {
  // A ScenarioError (a command made where the model says it cannot be) would fail these too.
  it("agrees on every command sequence", () => {
    expect(checkCommands(proxyWorld, { numRuns: 150, seed: 1 })).toBe(150);
  });

  it("agrees when handle values, ports and pids differ", () => {
    expect(checkCommands(shiftedWorld, { numRuns: 150, seed: 2 })).toBe(150);
  });
});

describe("broken adapters", () => {
  it("a WSAEventSelect that keeps another descriptor's registration differs at WSAEventSelect", () => {
    const error = failure(keepsFirstRegistration, { numRuns: 300, seed: 42 });
    expect(error.difference.step.call).toBe("WSAEventSelect");
    const calls = error.scenario.steps.map((s) => s.call);
    // The bug needs two descriptors of one socket, each registered.
    expect(calls).toContain("WSADuplicateSocket");
    expect(calls).toContain("WSASocket");
    expect(calls.filter((c) => c === "WSAEventSelect")).toHaveLength(2);
    expectReplayable(error, keepsFirstRegistration);
  });

  it("a closesocket that closes every descriptor differs after a duplicate's close", () => {
    const error = failure(closeClosesAll, { numRuns: 300, seed: 42 });
    const calls = error.scenario.steps.map((s) => s.call);
    expect(calls).toContain("WSASocket");
    expect(calls).toContain("closesocket");
    expect(calls.indexOf("closesocket")).toBeGreaterThan(calls.indexOf("WSASocket"));
    expectReplayable(error, closeClosesAll);
  });

  it("replays a failure from the seed, path and replayPath its message gives", () => {
    const error = failure(keepsFirstRegistration, { numRuns: 300, seed: 42 });
    const replay = /Replay this run with checkCommands\(\.\.\., (\{.*\})\)\.$/.exec(error.message);
    expect(replay).not.toBeNull();
    const again = failure(keepsFirstRegistration, JSON.parse(replay?.[1] ?? "{}"));
    expect(again.message).toBe(error.message);
  });
});

describe("winsockCommands", () => {
  it("leaves out calls of weight 0 and rejects names no command makes", () => {
    const onlySockets = { calls: { WSACreateEvent: 0, WSAEventSelect: 0 } } as const;
    // Without event objects the registration bug cannot show.
    expect(checkCommands(keepsFirstRegistration, { ...onlySockets, numRuns: 100, seed: 42 })).toBe(
      100,
    );
    expect(() => winsockCommands({ calls: { select: 1 } as never })).toThrow(/no command/);
  });
});
