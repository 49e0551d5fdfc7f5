/** startScenario: a scenario run one step at a time gives the trace runScenario gives. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario, startScenario } from "../../src/scenario/run.js";
import { ScenarioError } from "../../src/scenario/types.js";
import { simulatorWorld } from "../../src/scenario/world.js";

const file = "examples/scenarios/split-read-write.json";
const scenario = parseScenario(file, readFileSync(file, "utf8"));

it("steps through a scenario exactly as runScenario runs it", () => {
  const stepper = startScenario(file, simulatorWorld());
  const steps = scenario.steps.map((step) => stepper.step(step));
  expect(steps).toEqual(runScenario(file, scenario, simulatorWorld()).steps);
  expect(stepper.saved.get("addr")).toMatch(/^127\.0\.0\.1:\d+$/);
});

it("numbers steps in the order they run and leaves a step that cannot run unrun", () => {
  const stepper = startScenario("by hand", simulatorWorld());
  expect(stepper.step({ process: "A", call: "WSAStartup" }).index).toBe(0);
  expect(() => stepper.step({ process: "A", call: "closesocket", args: { s: "$nope" } })).toThrow(
    ScenarioError,
  );
  expect(stepper.step({ process: "A", call: "WSACleanup" }).index).toBe(1);
});
