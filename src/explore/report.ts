/**
 * An exploration as text: the counts, each distinct outcome with how many schedules reach it
 * and the first of them, and each expectation that fails in some schedule with the shortest
 * schedule that fails it. `winsock-sim explore` prints it.
 */
import type { Scenario } from "../scenario/types.js";
import type { ExploreResult, Outcome, StepResult } from "./explore.js";
import { scheduleText } from "./schedule.js";

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function resultText(step: StepResult): string {
  if (step.blocked) return `${step.text}: still blocked`;
  const error = step.error === "0" ? "" : `, ${step.error}`;
  const outputs = Object.entries(step.outputs)
    .map(([name, value]) => `${name} ${JSON.stringify(value)}`)
    .join(", ");
  const failed = step.failed.length === 0 ? "" : `   FAIL ${step.failed.join(", ")}`;
  return `${step.text} = ${step.ret ?? "(void)"}${error}${outputs === "" ? "" : `  ${outputs}`}${failed}`;
}

function outcomeLines(scenario: Scenario, outcome: Outcome, n: number, total: number): string[] {
  const verdict = outcome.passed ? "every expectation holds" : "an expectation fails";
  const lines = [
    `  outcome ${n}: ${outcome.schedules} of ${plural(total, "schedule")}, ${verdict}`,
  ];
  const width = Math.max(...outcome.lanes.map((lane) => lane.label.length), "after".length);
  for (const lane of outcome.lanes)
    lane.calls.forEach((step, i) => {
      lines.push(`    ${(i === 0 ? lane.label : "").padEnd(width)}  ${resultText(step)}`);
    });
  outcome.after.forEach((step, i) => {
    lines.push(`    ${(i === 0 ? "after" : "").padEnd(width)}  ${resultText(step)}`);
  });
  if (outcome.deadlock.length > 0)
    lines.push(
      `    deadlock: ${outcome.deadlock.join(", ")} wait forever (nothing left can end their calls)`,
    );
  lines.push(`    first schedule: ${scheduleText(scenario, outcome.example)}`);
  return lines;
}

/**
 * The report. `written` names the file each failure's shortest schedule was written to, in
 * the order of `result.failures`, when the caller wrote them.
 */
export function exploreReport(
  scenario: Scenario,
  result: ExploreResult,
  written: readonly string[] = [],
): string[] {
  const { stats } = result;
  const lanes = (scenario.concurrent ?? []).map(
    (lane, l) =>
      `${scheduleText(scenario, [{ lane: l, step: 0 }])} (${plural(lane.steps.length, "step")})`,
  );
  const lines = [
    `explore ${result.file}: ${result.title}`,
    `  ${plural(lanes.length, "lane")}: ${lanes.join(", ")}`,
    `  ${plural(stats.schedules, "schedule")}: ${stats.explored.toLocaleString("en-US")} run to the end, ${stats.pruned.toLocaleString("en-US")} pruned (they reach a point already explored); ${plural(stats.states, "distinct point")}, ${plural(stats.steps, "step")} run`,
  ];
  if (result.bound !== undefined) lines.push(`  incomplete: ${result.bound}`);
  lines.push("");
  result.outcomes.forEach((outcome, i) => {
    lines.push(...outcomeLines(scenario, outcome, i + 1, stats.schedules), "");
  });
  if (result.failures.length > 0) {
    lines.push("  expectations that fail in some schedule:");
    result.failures.forEach((failure, i) => {
      lines.push(
        `    ${failure.place}, expect.${failure.expectation}: expected ${JSON.stringify(failure.expected)}, got ${JSON.stringify(failure.actual)} in ${failure.schedules} of ${plural(stats.schedules, "schedule")}`,
        `      shortest: ${scheduleText(scenario, failure.replay.schedule) || "(before the lanes start)"} (${plural(failure.scenario.steps.length, "step")} in all)${
          written[i] === undefined ? "" : `: ${written[i]}`
        }`,
      );
    });
    lines.push("");
  }
  const failing = result.outcomes.filter((outcome) => !outcome.passed).length;
  lines.push(
    `${plural(result.outcomes.length, "outcome")}, ${failing} with a failed expectation${result.complete ? "" : " (incomplete)"}`,
  );
  return lines;
}
