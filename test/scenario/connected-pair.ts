/**
 * Steps played after a connected TCP pair, for the overlapped and completion port tests: A's
 * accepted "conn", B's "client", A's listener's address "addr".
 */
import { type StepTrace, startScenario } from "../../src/scenario/run.js";
import { ScenarioError, type ScenarioStep } from "../../src/scenario/types.js";
import { simulatorWorld } from "../../src/scenario/world.js";

export const tcp = { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" };

/** A connected pair: A's accepted "conn", B's "client". */
export const pair: ScenarioStep[] = [
  { process: "A", call: "WSAStartup" },
  { process: "A", call: "socket", args: tcp, save: "listener" },
  { process: "A", call: "bind", args: { s: "$listener", name: "127.0.0.1:0" } },
  { process: "A", call: "getsockname", args: { s: "$listener" }, save: "addr" },
  { process: "A", call: "listen", args: { s: "$listener" } },
  { process: "B", call: "WSAStartup" },
  { process: "B", call: "socket", args: tcp, save: "client" },
  { process: "B", call: "connect", args: { s: "$client", name: "$addr" } },
  { process: "A", call: "accept", args: { s: "$listener" }, save: "conn" },
];

/** The traces of `steps`, played after the pair (step numbers in messages count the pair). */
export function play(steps: readonly ScenarioStep[], file = "o.json"): StepTrace[] {
  const stepper = startScenario(file, simulatorWorld());
  return [...pair, ...steps].map((step) => stepper.step(step)).slice(pair.length);
}

/** The ScenarioError's message of the first step that cannot be used. */
export function failure(steps: readonly ScenarioStep[], file = "o.json"): string {
  try {
    play(steps, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  throw new Error("the steps ran without a ScenarioError");
}
