/**
 * The playground: edit a scenario, step through its run, see the state, what changed and why.
 * Everything runs in the page: the simulator is imported from src/ and bundled with it.
 */
import { type ScheduleTree, scheduleTree } from "../../src/explore/explore.js";
import { laneLabel } from "../../src/explore/schedule.js";
import { type Scenario, ScenarioError } from "../../src/scenario/types.js";
import type { Replay } from "../../src/view/replay.js";
import { replayScenario } from "../../src/view/replay.js";
import type { StateView } from "../../src/view/types.js";
import { view } from "../../src/view/view.js";
import { type Checked, checkText, fileName, type Problem, placeError } from "./check.js";
import { byId, el } from "./dom.js";
import { Editor } from "./editor.js";
import { LIBRARY } from "./library.js";
import { decodePlace, encodePlace } from "./link.js";
import { clearDiagram, drawDiagram, fitDiagram, renderDiff, renderExplanation } from "./panes.js";
import {
  follow,
  parseScheduleParam,
  positionAfter,
  runOf,
  scheduleParam,
  type Way,
} from "./schedule-choice.js";
import { renderSchedules } from "./schedules.js";
import { highlightStep, markUnpicked, renderSteps } from "./steps.js";

const editor = new Editor(byId("source"), byId("backdrop"), byId("gutter"));
const library = byId<HTMLSelectElement>("library");
const slider = byId<HTMLInputElement>("slider");
const steps = byId<HTMLOListElement>("steps");
const problemsList = byId<HTMLUListElement>("problems");
const link = byId<HTMLInputElement>("link");

let checked: Checked = checkText("");
/** The problems of the text itself, before any schedule is picked. */
let textProblems: readonly Problem[] = [];
/** The tree of schedules, for a scenario with concurrent lanes whose every schedule can run. */
let tree: ScheduleTree | null = null;
/** Why there is no tree for a scenario with lanes, or null. */
let treeProblem: string | null = null;
/** The lane of each branch picked, from the top of the tree. */
let picks: readonly number[] = [];
let way: Way | null = null;
/** The plain scenario the steps show: the file itself, or the schedule picked, linearized. */
let shown: Scenario | null = null;
let replay: Replay | null = null;
let views: (StateView | undefined)[] = [];
let position = 0;
/** The fragment this page last wrote, so that its own change is not read back as a new link. */
let written = "";

function viewAt(index: number): StateView | null {
  if (replay === null || index < 0 || index >= replay.states.length) return null;
  let cached = views[index];
  if (cached === undefined) {
    cached = view(replay.states[index] as Replay["states"][number]);
    views[index] = cached;
  }
  return cached;
}

function showProblems(problems: readonly Problem[]): void {
  editor.mark(problems);
  problemsList.replaceChildren(
    ...problems.map((problem) => {
      const item = el("li", { title: "Show in the text" }, problem.message);
      item.addEventListener("click", () => editor.reveal(problem));
      return item;
    }),
  );
}

function showTitle(): void {
  const title = byId("title");
  title.replaceChildren();
  if (checked.scenario === null) {
    title.append("Steps");
    return;
  }
  title.append(checked.scenario.title);
  if (replay !== null) {
    const verdict = replay.error !== null ? "unusable" : replay.passed ? "passed" : "failed";
    // With lanes, the verdict is that of the one schedule shown; the panel has all of them.
    const of = tree === null ? verdict : `${verdict} in the schedule shown`;
    title.append(" ", el("span", { class: `badge ${verdict}`, title: of }, verdict));
  }
}

function simulatorFailed(error: unknown): Problem {
  // A bug of the simulator, not of the scenario: say so rather than show nothing.
  return {
    message: `the simulator failed: ${String(error)}`,
    start: 0,
    end: 0,
    line: 1,
    column: 1,
  };
}

/**
 * Checks the editor's text, builds its tree of schedules when it has lanes, and shows the run
 * of the schedule `wanted` names (as far as the tree has it) at snapshot `at`. `fromLink` is a
 * link's `schedule` parameter as written, to report when the tree does not have it.
 */
function run(at: number, wanted: readonly number[] = picks, fromLink: string | null = null): void {
  checked = checkText(editor.text);
  byId("syntax").textContent = checked.syntax.toUpperCase();
  const problems = [...checked.problems];
  tree = null;
  treeProblem = null;
  const scenario = checked.scenario;
  if (scenario?.concurrent !== undefined) {
    try {
      tree = scheduleTree(fileName(checked.syntax), scenario);
    } catch (error) {
      const placed =
        error instanceof ScenarioError
          ? placeError(editor.text, checked.syntax, error)
          : simulatorFailed(error);
      problems.push(placed);
      treeProblem = `No tree of schedules: ${placed.message}`;
    }
  }
  textProblems = problems;
  const entry = LIBRARY.find((e) => e.text === editor.text);
  library.value = entry?.id ?? "";
  show(wanted, at, fromLink);
}

/** What to say about a link's `schedule` that the page could not follow, or null. */
function linkNote(fromLink: string | null, problem: string | null): string | null {
  if (fromLink === null) return null;
  if (tree === null && checked.scenario?.concurrent === undefined)
    return `The link names a schedule (${fromLink}), but this scenario has no concurrent lanes.`;
  if (parseScheduleParam(fromLink) === null)
    return `The link's schedule "${fromLink}" is not a list of lane numbers such as 0.1.0.2: showing the first schedule.`;
  if (problem !== null)
    return `The link's schedule ${fromLink} is not one of this scenario's (${problem}): showing the picks before it.`;
  return null;
}

/** Runs the schedule `wanted` names (or the file, without lanes) and shows it at `at`. */
function show(wanted: readonly number[], at: number, fromLink: string | null = null): void {
  const scenario = checked.scenario;
  const file = fileName(checked.syntax);
  const problems = [...textProblems];
  way = null;
  shown = scenario;
  replay = null;
  views = [];
  if (scenario !== null && tree !== null) {
    way = follow(tree.roots, wanted, (lane) => laneLabel(scenario, lane));
    picks = way.picked.map((node) => node.lane);
    shown = runOf(scenario, way, tree.outcomes);
  } else picks = [];
  if (shown !== null) {
    try {
      replay = replayScenario(file, shown);
    } catch (error) {
      problems.push(simulatorFailed(error));
    }
    if (replay?.error != null) {
      // A schedule's own steps are not the text's: place only what the text's steps did.
      const placed =
        shown === scenario
          ? placeError(editor.text, checked.syntax, replay.error)
          : simulatorFailed(`${replay.error.place}: ${replay.error.expected}`);
      // The runner's words ('unknown call "bnid"') say more than the schema's at the same place.
      const others = problems.filter((p) => p.start !== placed.start);
      problems.splice(0, problems.length, ...others, placed);
    }
  }
  showProblems(problems);
  showTitle();
  renderSteps(steps, replay, shown?.steps ?? [], (index) => go(index + 1));
  const setup = scenario?.steps.length ?? 0;
  if (way !== null)
    markUnpicked(
      steps,
      positionAfter(setup, way.picked),
      positionAfter(setup, [...way.picked, ...way.below]),
    );
  const note = linkNote(fromLink, way?.problem ?? null) ?? treeProblem;
  renderSchedules(
    byId("schedules"),
    tree,
    way,
    (lane) => (scenario === null ? `lane ${lane}` : laneLabel(scenario, lane)),
    note,
    {
      pick: (lane) => choose([...picks, lane]),
      keep: (count) => choose(picks.slice(0, Math.max(0, count))),
      outcome: (index) => {
        const example = tree?.outcomes[index]?.example ?? [];
        choose(example.map((entry) => entry.lane));
      },
    },
  );
  go(at);
}

/** Follows the picks `lanes` and shows the state after the last one. */
function choose(lanes: readonly number[]): void {
  if (tree === null) return;
  const scenario = checked.scenario;
  const label = (lane: number) => (scenario === null ? `lane ${lane}` : laneLabel(scenario, lane));
  const picked = follow(tree.roots, lanes, label).picked;
  show(lanes, positionAfter(scenario?.steps.length ?? 0, picked));
}

/** Shows snapshot `at`: 0 before the first step, K + 1 after step [K]. */
function go(at: number): void {
  const last = replay === null ? 0 : replay.states.length - 1;
  position = Math.max(0, Math.min(at, last));
  slider.max = String(last);
  slider.value = String(position);
  const total = replay?.steps.length ?? 0;
  byId("position").textContent =
    position === 0 ? `start of ${total}` : `after [${position - 1}] of ${total}`;
  highlightStep(steps, position - 1);
  const after = viewAt(position);
  const before = position === 0 ? null : viewAt(position - 1);
  const step = position === 0 ? null : (replay?.steps[position - 1] ?? null);
  byId("clock").textContent = after === null ? "" : `t = ${after.clock} ms`;
  if (after !== null) {
    void drawDiagram(byId("diagram"), after, position);
    renderDiff(byId<HTMLUListElement>("diff"), before, after);
  } else {
    clearDiagram(byId("diagram"), "Fix the scenario to see it run.");
    byId("diff").replaceChildren();
  }
  const writtenStep = step === null ? undefined : shown?.steps[step.index];
  renderExplanation(byId("explain"), step, writtenStep, checked.scenario);
  void remember();
}

let remembering = 0;

/** Puts the scenario and step in the URL (replacing, not adding, a history entry). */
async function remember(): Promise<void> {
  const mine = ++remembering;
  const schedule = picks.length === 0 ? {} : { schedule: scheduleParam(picks) };
  const fragment = await encodePlace({ text: editor.text, position, ...schedule });
  if (mine !== remembering) return;
  written = fragment;
  history.replaceState(null, "", `#${fragment}`);
  link.value = location.href;
}

async function open(fragment: string): Promise<void> {
  const place = await decodePlace(fragment);
  const fallback = LIBRARY[0];
  editor.text = place?.text ?? fallback?.text ?? "";
  const schedule = place?.schedule ?? null;
  run(place?.position ?? 0, parseScheduleParam(schedule ?? "") ?? [], schedule);
}

function fillLibrary(): void {
  const groups = new Map<string, HTMLOptGroupElement>();
  library.append(el("option", { "data-edited": "" }, "(your scenario)"));
  (library.options[0] as HTMLOptionElement).value = "";
  for (const entry of LIBRARY) {
    let group = groups.get(entry.group);
    if (group === undefined) {
      group = el("optgroup");
      group.label = entry.group;
      groups.set(entry.group, group);
      library.append(group);
    }
    const option = el("option", { title: entry.title }, entry.title);
    option.value = entry.id;
    group.append(option);
  }
  library.addEventListener("change", () => {
    const entry = LIBRARY.find((e) => e.id === library.value);
    if (entry === undefined) return;
    editor.text = entry.text;
    run(0, []);
  });
}

function wireControls(): void {
  byId("first").addEventListener("click", () => go(0));
  byId("back").addEventListener("click", () => go(position - 1));
  byId("forward").addEventListener("click", () => go(position + 1));
  byId("last").addEventListener("click", () => go(Number.MAX_SAFE_INTEGER));
  slider.addEventListener("input", () => go(Number(slider.value)));
  document.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    // Arrows belong to whatever has the focus when it takes them (text, the slider, the menu).
    if (target.closest("textarea, input, select") !== null) return;
    const moves: Record<string, number> = {
      ArrowLeft: position - 1,
      ArrowRight: position + 1,
      Home: 0,
      End: Number.MAX_SAFE_INTEGER,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    go(to);
  });
  let typing: ReturnType<typeof setTimeout> | undefined;
  editor.area.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => run(position), 250);
  });
  byId("copy-link").addEventListener("click", async () => {
    await remember();
    link.select();
    const copied = byId("copied");
    try {
      await navigator.clipboard.writeText(link.value);
      copied.textContent = "Copied";
    } catch {
      // No clipboard (permissions, an old browser): the link is selected for Ctrl+C instead.
      copied.textContent = "Press Ctrl+C to copy";
    }
  });
  window.addEventListener("hashchange", () => {
    if (location.hash.replace(/^#/, "") !== written) void open(location.hash);
  });
}

fillLibrary();
wireControls();
const diagram = byId("diagram");
new ResizeObserver(() => fitDiagram(diagram)).observe(diagram);
void open(location.hash);
