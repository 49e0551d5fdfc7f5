/**
 * The list of steps with their results: one row per step that ran, the current one highlighted;
 * a click on a row shows the state after it.
 */
import type { StepTrace } from "../../src/scenario/run.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import type { Replay } from "../../src/view/replay.js";
import { el } from "./dom.js";
import { callText, commentOf, expectationText, resultText, whoText } from "./step-text.js";

function stepRow(step: StepTrace, written: ScenarioStep | undefined): HTMLLIElement {
  const failed = step.expectations.some((e) => !e.held);
  const expectations = step.expectations.map((e) =>
    el(
      "li",
      { class: e.held ? "held" : "broken", title: e.held ? "held" : "failed" },
      `${e.held ? "✓" : "✗"} ${expectationText(e)}`,
    ),
  );
  const comment = commentOf(written);
  return el(
    "li",
    { class: `step${failed ? " failed" : ""}`, "data-index": String(step.index) },
    el(
      "div",
      { class: "head" },
      el("span", { class: "index" }, `[${step.index}]`),
      el("span", { class: "who" }, whoText(step)),
      el("code", { class: "call" }, callText(step, written)),
      el("code", { class: `result${step.ok || step.blocked ? "" : " error"}` }, resultText(step)),
    ),
    comment !== undefined && el("div", { class: "comment" }, comment),
    step.rules.length > 0 &&
      el(
        "div",
        { class: "rules" },
        ...step.rules.map((id) => el("span", { class: "rule-id" }, id)),
      ),
    expectations.length > 0 && el("ul", { class: "expectations" }, ...expectations),
  );
}

/** Fills `list` with the replay's steps; `onPick(k)` is called with a clicked step's index. */
export function renderSteps(
  list: HTMLOListElement,
  replay: Replay | null,
  written: readonly ScenarioStep[],
  onPick: (index: number) => void,
): void {
  list.replaceChildren();
  if (replay === null) return;
  for (const step of replay.steps) {
    const row = stepRow(step, written[step.index]);
    row.addEventListener("click", () => onPick(step.index));
    list.append(row);
  }
  if (replay.error !== null) {
    list.append(
      el(
        "li",
        { class: "step stopped" },
        el("div", { class: "head" }, `stopped: ${replay.error.place}: ${replay.error.expected}`),
      ),
    );
  }
}

/** Highlights the row of step `index` (-1: none, before the first step) and scrolls to it. */
export function highlightStep(list: HTMLOListElement, index: number): void {
  for (const row of list.querySelectorAll<HTMLLIElement>("li.step")) {
    const current = row.dataset.index === String(index);
    row.classList.toggle("current", current);
    if (current) row.scrollIntoView({ block: "nearest" });
  }
}

/**
 * Marks the rows of steps [from, to): lane steps the learner did not pick, which the run takes
 * from the first schedule below the picks.
 */
export function markUnpicked(list: HTMLOListElement, from: number, to: number): void {
  for (const row of list.querySelectorAll<HTMLLIElement>("li.step[data-index]")) {
    const index = Number(row.dataset.index);
    const unpicked = index >= from && index < to;
    row.classList.toggle("unpicked", unpicked);
    if (unpicked) row.title = "Not picked: the first schedule below the picks runs this step";
  }
}
