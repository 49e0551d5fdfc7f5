/**
 * The playground: edit a scenario, step through its run, see the state, what changed and why.
 * Everything runs in the page: the simulator is imported from src/ and bundled with it.
 */
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
import { highlightStep, renderSteps } from "./steps.js";

const editor = new Editor(byId("source"), byId("backdrop"), byId("gutter"));
const library = byId<HTMLSelectElement>("library");
const slider = byId<HTMLInputElement>("slider");
const steps = byId<HTMLOListElement>("steps");
const problemsList = byId<HTMLUListElement>("problems");
const link = byId<HTMLInputElement>("link");

let checked: Checked = checkText("");
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
    title.append(" ", el("span", { class: `badge ${verdict}` }, verdict));
  }
}

/** Checks and replays the editor's text and shows everything at `at` (clamped). */
function run(at: number): void {
  checked = checkText(editor.text);
  byId("syntax").textContent = checked.syntax.toUpperCase();
  const problems = [...checked.problems];
  replay = null;
  views = [];
  if (checked.scenario !== null) {
    try {
      replay = replayScenario(fileName(checked.syntax), checked.scenario);
    } catch (error) {
      // A bug of the simulator, not of the scenario: say so rather than show nothing.
      problems.push({
        message: `the simulator failed: ${String(error)}`,
        start: 0,
        end: 0,
        line: 1,
        column: 1,
      });
    }
    if (replay?.error != null) {
      const placed = placeError(editor.text, checked.syntax, replay.error);
      // The runner's words ('unknown call "bnid"') say more than the schema's at the same place.
      const others = problems.filter((p) => p.start !== placed.start);
      problems.splice(0, problems.length, ...others, placed);
    }
  }
  showProblems(problems);
  showTitle();
  renderSteps(steps, replay, checked.scenario?.steps ?? [], (index) => go(index + 1));
  const entry = LIBRARY.find((e) => e.text === editor.text);
  library.value = entry?.id ?? "";
  go(at);
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
  const writtenStep = step === null ? undefined : checked.scenario?.steps[step.index];
  renderExplanation(byId("explain"), step, writtenStep, checked.scenario);
  void remember();
}

let remembering = 0;

/** Puts the scenario and step in the URL (replacing, not adding, a history entry). */
async function remember(): Promise<void> {
  const mine = ++remembering;
  const fragment = await encodePlace({ text: editor.text, position });
  if (mine !== remembering) return;
  written = fragment;
  history.replaceState(null, "", `#${fragment}`);
  link.value = location.href;
}

async function open(fragment: string): Promise<void> {
  const place = await decodePlace(fragment);
  const fallback = LIBRARY[0];
  editor.text = place?.text ?? fallback?.text ?? "";
  run(place?.position ?? 0);
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
    run(0);
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
