/**
 * The Schedules panel, for a scenario with concurrent lanes: the branching points of the tree of
 * schedules (scheduleTree), one choice per lane that can run next with the result its step has
 * there, the way picked so far (to go back up), and every outcome with how many schedules reach
 * it, the ones still reachable from the picks highlighted.
 */
import type { ScheduleTree } from "../../src/explore/explore.js";
import { el } from "./dom.js";
import { choicesAfter, outcomeLines, stepWords, type Way } from "./schedule-choice.js";

export interface ScheduleActions {
  /** Run lane `lane` next. */
  readonly pick: (lane: number) => void;
  /** Keep the first `count` picks, forgetting the rest (go back up). */
  readonly keep: (count: number) => void;
  /** Show the first schedule that ends in outcome `index`. */
  readonly outcome: (index: number) => void;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

function outcomeRefs(tree: ScheduleTree, indexes: readonly number[]): string {
  const refs = indexes.map((i) => `${i + 1}${tree.outcomes[i]?.passed === false ? " ✗" : ""}`);
  return `${indexes.length === 1 ? "outcome" : "outcomes"} ${refs.join(", ")}`;
}

function summary(tree: ScheduleTree): HTMLElement {
  const failing = tree.outcomes.filter((o) => !o.passed).length;
  return el(
    "p",
    { class: "summary" },
    `${plural(tree.stats.schedules, "schedule")} end in ${plural(tree.outcomes.length, "outcome")}`,
    failing > 0 ? `, ${failing} with an expectation that fails.` : ", every expectation holds.",
  );
}

function pickedList(way: Way, label: (lane: number) => string, actions: ScheduleActions) {
  const items = way.picked.map((node, i) => {
    const button = el(
      "button",
      { class: "picked-step", title: "Go back up to this point" },
      el("span", { class: "lane" }, label(node.lane)),
      " ",
      el("code", {}, stepWords(node.result)),
    );
    button.type = "button";
    button.addEventListener("click", () => actions.keep(i + 1));
    return el("li", {}, button);
  });
  return el("ol", { class: "picked" }, ...items);
}

function choiceList(
  tree: ScheduleTree,
  way: Way,
  label: (lane: number) => string,
  actions: ScheduleActions,
) {
  const items = choicesAfter(tree.roots, way.picked).map((node) => {
    const fails = node.outcomes.some((i) => tree.outcomes[i]?.passed === false);
    const button = el(
      "button",
      { class: `choice${fails ? " fails" : ""}`, "data-lane": String(node.lane) },
      el("span", { class: "lane" }, label(node.lane)),
      " ",
      el("code", {}, stepWords(node.result)),
      el(
        "span",
        { class: "beyond" },
        `${plural(node.schedules, "schedule")} → ${outcomeRefs(tree, node.outcomes)}`,
      ),
    );
    button.type = "button";
    button.title = `Run ${label(node.lane)} next`;
    button.addEventListener("click", () => actions.pick(node.lane));
    return el("li", {}, button);
  });
  return el("ul", { class: "choices" }, ...items);
}

/** Why there is nothing more to pick: the end of a schedule, a deadlock, or the bound. */
function endNote(tree: ScheduleTree, way: Way): HTMLElement {
  const last = way.picked.at(-1);
  if (last !== undefined && last.outcomes.length === 0)
    return el("p", { class: "cut" }, "The bound cut the tree here: nothing below is known.");
  const outcome = last === undefined ? undefined : tree.outcomes[last.outcomes[0] as number];
  if (outcome !== undefined && outcome.deadlock.length > 0)
    return el("p", {}, `No lane can run: ${outcome.deadlock.join(", ")} wait for ever.`);
  return el("p", {}, "Every lane has finished: this is one whole schedule.");
}

function outcomeList(tree: ScheduleTree, way: Way, actions: ScheduleActions) {
  const reachable = new Set(way.picked.at(-1)?.outcomes ?? tree.outcomes.map((_, i) => i));
  const end = [...way.picked, ...way.below].at(-1);
  const shown = end !== undefined && end.children.length === 0 ? end.outcomes[0] : undefined;
  const items = tree.outcomes.map((outcome, i) => {
    const classes = [
      "outcome",
      outcome.passed ? "holds" : "fails",
      reachable.has(i) ? "reachable" : "unreachable",
      ...(i === shown ? ["shown"] : []),
    ];
    const item = el(
      "li",
      { class: classes.join(" "), "data-outcome": String(i), title: "Show its first schedule" },
      el(
        "div",
        { class: "head" },
        el("span", { class: "number" }, String(i + 1)),
        el("span", { class: "mark" }, outcome.passed ? "✓" : "✗"),
        el("span", { class: "count" }, `${outcome.schedules} of ${tree.stats.schedules}`),
        i === shown && el("span", { class: "badge" }, "shown"),
      ),
      ...outcomeLines(outcome).map((line) =>
        el(
          "div",
          { class: `line${line.failed ? " failed" : ""}` },
          el("span", { class: "lane" }, line.who),
          " ",
          el("code", {}, line.text),
        ),
      ),
    );
    item.addEventListener("click", () => actions.outcome(i));
    // Reachable from the keyboard too, like the buttons above it.
    item.tabIndex = 0;
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        actions.outcome(i);
      }
    });
    return item;
  });
  return el("ol", { class: "outcomes" }, ...items);
}

/**
 * Fills the panel for `tree` and the way picked; hides it when there is no tree (a scenario
 * without lanes). `note` is a problem to show above it all (a link's schedule not followed, or
 * why the tree could not be built).
 */
export function renderSchedules(
  panel: HTMLElement,
  tree: ScheduleTree | null,
  way: Way | null,
  label: (lane: number) => string,
  note: string | null,
  actions: ScheduleActions,
): void {
  const body = panel.querySelector<HTMLElement>(".body") ?? panel;
  body.replaceChildren();
  panel.hidden = tree === null && note === null;
  if (note !== null) {
    const problem = el("p", { class: "problem" }, note);
    problem.setAttribute("role", "alert");
    body.append(problem);
  }
  if (tree === null || way === null) return;
  body.append(summary(tree));
  if (!tree.complete)
    body.append(
      el("p", { class: "cut" }, `Not every schedule is here: ${tree.bound ?? "a bound cut it"}.`),
    );
  const up = el("button", { class: "up", title: "Forget the last pick" }, "↑ Back up");
  up.type = "button";
  up.disabled = way.picked.length === 0;
  up.addEventListener("click", () => actions.keep(way.picked.length - 1));
  const top = el("button", { class: "top", title: "Forget every pick" }, "Start over");
  top.type = "button";
  top.disabled = way.picked.length === 0;
  top.addEventListener("click", () => actions.keep(0));
  body.append(
    el(
      "div",
      { class: "where" },
      el("h4", {}, way.picked.length === 0 ? "No pick yet" : `Picked (${way.picked.length})`),
      up,
      top,
    ),
    pickedList(way, label, actions),
  );
  const choices = choicesAfter(tree.roots, way.picked);
  if (choices.length > 0) {
    body.append(el("h4", {}, "Next, one of"), choiceList(tree, way, label, actions));
    const then = way.below.map((node) => label(node.lane)).join(" ");
    body.append(
      el(
        "p",
        { class: "then quiet" },
        `Steps show the first schedule below the picks: then ${then}.`,
      ),
    );
  } else body.append(endNote(tree, way));
  body.append(el("h4", {}, "Outcomes"), outcomeList(tree, way, actions));
}
