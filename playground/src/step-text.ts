/**
 * A step in words, as `winsock-sim run` prints it: who calls, the call with its arguments, the
 * result (with the last error when the call failed by its own convention), the expectations.
 */
import { expectedText } from "../../src/scenario/expected-forms.js";
import type { ExpectationResult, StepTrace } from "../../src/scenario/run.js";
import type { ScenarioStep } from "../../src/scenario/types.js";

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function whoText(step: StepTrace): string {
  return step.thread === "main" ? step.process : `${step.process}/${step.thread}`;
}

/**
 * The call with its arguments, as the runner wrote it with the values it resolved
 * ("setsockopt(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4)"); a trace without that text shows the
 * arguments as the file gives them.
 */
export function callText(step: StepTrace, written: ScenarioStep | undefined): string {
  if (step.text !== undefined) return step.text;
  const args = Object.entries(written?.args ?? {}).map(([name, value]) => `${name}=${show(value)}`);
  return `${step.call}(${args.join(", ")})`;
}

export function resultText(step: StepTrace): string {
  if (step.blocked) return "blocked";
  // Functions that return their error (WSAStartup) leave WSAGetLastError at 0: nothing to add.
  const error = step.ok || step.error === "0" ? "" : `, ${step.error}`;
  return `${show(step.ret ?? "(void)")}${error}`;
}

export function expectationText(e: ExpectationResult): string {
  return e.held
    ? `${e.name} = ${expectedText(e.expected)}`
    : `${e.name}: expected ${expectedText(e.expected)}, got ${show(e.actual)}`;
}

/** The step's comment, which lessons use to say what the step shows. */
export function commentOf(written: ScenarioStep | undefined): string | undefined {
  const comment = (written as (ScenarioStep & { readonly comment?: unknown }) | undefined)?.comment;
  return typeof comment === "string" ? comment : undefined;
}
