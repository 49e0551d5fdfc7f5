/**
 * The right-hand panes for one snapshot: the state diagram, what the step changed, and why (the
 * rules that decided the call, from the catalogue).
 */
import type { StepTrace } from "../../src/scenario/run.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { diff } from "../../src/view/diff.js";
import type { StateView } from "../../src/view/types.js";
import { rule } from "./catalogue.js";
import { renderSvg } from "./diagram.js";
import { el, linkified } from "./dom.js";
import { callText, commentOf, expectationText, resultText, whoText } from "./step-text.js";

let drawing = 0;
let drawn = false;

/**
 * Draws `view` into `target`; a later call wins over an earlier one still rendering. `position`
 * goes to data-position once drawn, so that tests can wait for the diagram of a given snapshot.
 */
export async function drawDiagram(
  target: HTMLElement,
  view: StateView,
  position: number,
): Promise<void> {
  const mine = ++drawing;
  // Until the new drawing is in, the diagram is not that of `position`.
  delete target.dataset.position;
  const svg = await renderSvg(view);
  if (mine !== drawing) return;
  // The renderer escapes every text it draws; the SVG is its output, not the scenario's text.
  target.innerHTML = svg;
  target.dataset.position = String(position);
  fitDiagram(target);
  if (!drawn) {
    drawn = true;
    // bench/playground-bench.ts reads this mark: navigation to the first diagram.
    performance.mark("first-diagram");
  }
}

/** Replaces the diagram with a note (no state to draw), cancelling a drawing in progress. */
export function clearDiagram(target: HTMLElement, note: string): void {
  drawing++;
  delete target.dataset.position;
  target.replaceChildren(el("p", { class: "quiet" }, note));
}

/** Zoom no further than this: a state of one socket should not fill the pane with huge text. */
const MAX_ZOOM = 1.5;
/** Below this, fitting the whole height makes text unreadable: fit the width and scroll. */
const MIN_READABLE = 0.6;

/** Scales the diagram in `target` to fit its pane (the SVG's own size is the renderer's guess). */
export function fitDiagram(target: HTMLElement): void {
  const svg = target.querySelector("svg");
  if (svg === null) return;
  const box = svg.viewBox.baseVal;
  const width = box !== null && box.width > 0 ? box.width : svg.getBBox().width;
  const height = box !== null && box.height > 0 ? box.height : svg.getBBox().height;
  if (width === 0 || height === 0) return;
  const style = getComputedStyle(target);
  const roomX = target.clientWidth - Number.parseFloat(style.paddingLeft) * 2;
  const roomY = target.clientHeight - Number.parseFloat(style.paddingTop) * 2;
  const byWidth = roomX / width;
  let scale = Math.min(byWidth, roomY / height, MAX_ZOOM);
  if (scale < MIN_READABLE) scale = Math.min(byWidth, 1);
  svg.setAttribute("width", String(Math.floor(width * scale)));
  svg.setAttribute("height", String(Math.floor(height * scale)));
}

export function renderDiff(target: HTMLUListElement, before: StateView | null, after: StateView) {
  target.replaceChildren();
  if (before === null) {
    target.append(el("li", { class: "quiet" }, "The start: nothing has run yet."));
    return;
  }
  const lines = diff(before, after);
  if (lines.length === 0) target.append(el("li", { class: "quiet" }, "Nothing changed."));
  for (const line of lines) target.append(el("li", {}, line));
}

function ruleArticle(id: string): HTMLElement {
  const found = rule(id);
  if (found === undefined) {
    return el("article", { class: "rule" }, el("h4", {}, id), el("p", {}, "Not in the catalogue."));
  }
  const links = found.links;
  return el(
    "article",
    { class: "rule", "data-rule": id },
    el("h4", {}, id),
    el("p", {}, found.statement),
    el("p", { class: "source" }, "Source: ", ...linkified(found.source)),
    found.windows !== undefined &&
      el("p", { class: "windows" }, "Observed Windows: ", ...linkified(found.windows)),
    links.length > 0 &&
      el(
        "ul",
        { class: "links" },
        ...links.map((l) => {
          const a = el("a", {}, l.title);
          a.href = l.url;
          a.target = "_blank";
          a.rel = "noopener";
          return el("li", {}, a);
        }),
      ),
  );
}

export function renderExplanation(
  target: HTMLElement,
  step: StepTrace | null,
  written: ScenarioStep | undefined,
  scenario: { readonly title: string; readonly source?: string } | null,
): void {
  target.replaceChildren();
  if (step === null) {
    target.append(el("p", {}, "Before the first step. Step forward (→) to make the first call."));
    if (scenario?.source !== undefined)
      target.append(el("p", { class: "source" }, ...linkified(scenario.source)));
    return;
  }
  const comment = commentOf(written);
  const broken = step.expectations.filter((e) => !e.held);
  target.append(
    el(
      "p",
      { class: "call-line" },
      el("code", {}, `[${step.index}] ${whoText(step)}: ${callText(step, written)}`),
      el("code", {}, ` = ${resultText(step)}`),
    ),
  );
  if (comment !== undefined) target.append(el("p", { class: "comment" }, comment));
  target.append(...broken.map((e) => el("p", { class: "broken" }, `✗ ${expectationText(e)}`)));
  if (step.rules.length === 0) {
    target.append(el("p", { class: "quiet" }, "No rule of the catalogue decided this call."));
  }
  for (const id of step.rules) target.append(ruleArticle(id));
}
