/**
 * The lines `winsock-sim run --explain` and `--state` print under a step: the statement of every
 * rule that decided it, what changed (diff), and the state after it as a picture.
 */
import { rule } from "../rules/catalogue.js";
import type { StepTrace } from "../scenario/run.js";
import { diff } from "../view/diff.js";
import { renderText } from "../view/render/text.js";
import type { StateView } from "../view/types.js";
import { wrap } from "./wrap.js";

const INDENT = "        ";

/** "RULE-ID: statement", wrapped, for each rule the step cites; unknown ids are said to be so. */
export function ruleLines(step: StepTrace): string[] {
  const lines: string[] = [];
  for (const id of step.rules) {
    const found = rule(id);
    const text = found === undefined ? "(not in the rules catalogue)" : found.statement;
    lines.push(...wrap(`${id}: ${text}`, INDENT, `${INDENT}  `));
  }
  return lines;
}

/** "changed: sentence" for each difference between the views before and after the step. */
export function changeLines(before: StateView, after: StateView): string[] {
  return diff(before, after).flatMap((sentence) =>
    wrap(`changed: ${sentence}`, INDENT, `${INDENT}  `),
  );
}

/** The state after the step, as the terminal picture, indented under it. */
export function stateLines(after: StateView, color: boolean): string[] {
  return renderText(after, { color, width: 100 - INDENT.length })
    .split("\n")
    .filter((line, i, all) => !(i === all.length - 1 && line === ""))
    .map((line) => (line === "" ? "" : INDENT + line));
}
