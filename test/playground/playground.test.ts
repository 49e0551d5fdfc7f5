/**
 * The playground in Chromium, opened from its folder (file://) as a person would open a
 * downloaded copy: every lesson and example from the menu, stepped to the end and back, with the
 * diagram, the diff and the explanation checked at every snapshot against what the simulator,
 * run here in Node, says they must show; placed errors; links that reproduce scenario and step.
 *
 * Screenshots go to $SCREENSHOT_DIR (default playground/dist/screenshots).
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { follow, positionAfter, runOf } from "../../playground/src/schedule-choice.js";
import { resultText, whoText } from "../../playground/src/step-text.js";
import { buildSite, DIST, launchChromium, pageUrl, REPO } from "../../playground/tools/site.js";
import { scheduleTree } from "../../src/explore/explore.js";
import { laneLabel } from "../../src/explore/schedule.js";
import { rule } from "../../src/rules/catalogue.js";
import { parseScenario } from "../../src/scenario/read.js";
import { diff } from "../../src/view/diff.js";
import { replayScenario } from "../../src/view/replay.js";
import type { StateView } from "../../src/view/types.js";
import { view } from "../../src/view/view.js";

const screenshots = process.env.SCREENSHOT_DIR ?? join(DIST, "screenshots");

interface Entry {
  readonly id: string;
  readonly file: string;
  readonly text: string;
}

function entries(folder: string, prefix: string): Entry[] {
  // Subfolders too (examples/scenarios/every-order/), as the playground's glob has them.
  return readdirSync(join(REPO, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({
      id: `${prefix}/${name.replace(/\.json$/, "")}`,
      file: `${folder}/${name}`,
      text: readFileSync(join(REPO, folder, name), "utf8"),
    }));
}

const lessons = entries("docs/lessons", "lessons");
const examples = entries("examples/scenarios", "examples");

let browser: Browser;
let url: string;
/** Errors thrown in any page: each test ends by checking that there were none. */
const pageErrors: string[] = [];

beforeAll(async () => {
  url = pageUrl(await buildSite());
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

async function open(fragment = ""): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  await page.goto(url + fragment);
  await page.waitForSelector("#diagram svg");
  return page;
}

/** What the page shows now, read in one round trip. */
interface Shown {
  readonly drawn: string | null;
  readonly diagram: string;
  readonly diff: string[];
  readonly rules: { id: string; text: string }[];
  readonly current: string | null;
  readonly slider: string;
  readonly position: string;
  readonly text: string;
}

const READ = `(() => {
  const q = (s) => document.querySelector(s);
  return {
    drawn: q("#diagram").dataset.position ?? null,
    diagram: q("#diagram svg")?.textContent ?? "",
    diff: [...document.querySelectorAll("#diff li")].map((li) => li.textContent),
    rules: [...document.querySelectorAll("#explain article")].map((a) => ({
      id: a.dataset.rule, text: a.textContent })),
    current: q("#steps li.step.current")?.dataset.index ?? null,
    slider: q("#slider").value,
    position: q("#position").textContent,
    text: q("#source").value,
  };
})()`;

async function shown(page: Page, position: number): Promise<Shown> {
  await page.waitForSelector(`#diagram[data-position="${position}"]`);
  return (await page.evaluate(READ)) as Shown;
}

/** Checks everything the page shows at `position` against the simulator's own answer. */
function checkSnapshot(
  got: Shown,
  position: number,
  views: readonly StateView[],
  replay: ReturnType<typeof replayScenario>,
): void {
  const at = views[position] as StateView;
  expect(got.slider).toBe(String(position));
  expect(got.current).toBe(position === 0 ? null : String(position - 1));
  for (const process of at.processes) expect(got.diagram).toContain(`process ${process.name}`);
  for (const socket of at.sockets) expect(got.diagram).toContain(`socket #${socket.id}`);
  if (position === 0) {
    expect(got.position).toMatch(/^start/);
    expect(got.rules).toEqual([]);
    return;
  }
  expect(got.position).toBe(`after [${position - 1}] of ${replay.steps.length}`);
  const changes = diff(views[position - 1] as StateView, at);
  expect(got.diff).toEqual(changes.length === 0 ? ["Nothing changed."] : changes);
  const step = replay.steps[position - 1];
  expect(got.rules.map((r) => r.id)).toEqual(step?.rules);
  for (const shownRule of got.rules) {
    const known = rule(shownRule.id);
    expect(shownRule.text).toContain(known?.statement);
    for (const link of known?.links ?? []) expect(shownRule.text).toContain(link.title);
  }
}

async function blur(page: Page): Promise<void> {
  // Arrow keys belong to the focused menu or text; take the focus away as a reader would.
  await page.evaluate("document.activeElement?.blur()");
}

describe("the page, opened from its folder", () => {
  it("is a classic script and a plain stylesheet, which Chromium runs from file://", async () => {
    const html = readFileSync(join(DIST, "index.html"), "utf8");
    expect(html).not.toMatch(/type="module"|crossorigin/);
    expect(html).toContain('<script defer src="./assets/playground.js"></script>');
    expect(url.startsWith("file://")).toBe(true);
    const page = await open();
    expect(await page.locator("#steps li.step").count()).toBeGreaterThan(0);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it("offers every lesson and every example in its menu", async () => {
    const page = await open();
    const ids = await page.locator("#library option").evaluateAll(
      // A string body keeps the DOM types out of this Node-side file.
      (options) => options.map((o) => (o as unknown as { value: string }).value),
    );
    expect(lessons.length).toBeGreaterThan(0);
    expect(ids).toEqual(["", ...lessons.map((e) => e.id), ...examples.map((e) => e.id)]);
    await page.close();
  });
});

describe.each([...lessons, ...examples])("$id", (entry) => {
  it("steps from the menu to the end and back, showing state, changes and rules", async () => {
    const replay = replayScenario(entry.file, parseScenario(entry.file, entry.text));
    expect(replay.passed).toBe(true);
    const views = replay.states.map(view);
    const last = replay.states.length - 1;

    const page = await open("#lesson=nothing-here");
    await page.selectOption("#library", entry.id);
    await blur(page);
    let got = await shown(page, 0);
    expect(got.text).toBe(entry.text);
    expect(await page.locator("#title .badge").textContent()).toBe("passed");
    expect(await page.locator("#steps li.step").count()).toBe(replay.steps.length);
    const marks = await page.locator("#steps .expectations li.held").count();
    expect(marks).toBe(replay.steps.flatMap((s) => s.expectations).length);
    checkSnapshot(got, 0, views, replay);

    for (let position = 1; position <= last; position++) {
      await page.keyboard.press("ArrowRight");
      checkSnapshot(await shown(page, position), position, views, replay);
    }
    await page.keyboard.press("ArrowRight"); // past the end: stays on the last snapshot
    got = await shown(page, last);
    expect(got.slider).toBe(String(last));
    await page.screenshot({ path: join(screenshots, `${entry.id.replace("/", "-")}.png`) });

    for (let position = last - 1; position >= 0; position--) {
      await page.click("#back");
      checkSnapshot(await shown(page, position), position, views, replay);
    }
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

describe("moving through the snapshots", () => {
  it("follows the slider, Home and End, and a click on a step", async () => {
    const entry = lessons[0] as Entry;
    const steps = parseScenario(entry.file, entry.text).steps.length;
    const page = await open(`#lesson=${entry.id}`);
    await page.locator("#slider").fill("3");
    expect((await shown(page, 3)).current).toBe("2");
    await blur(page);
    await page.keyboard.press("End");
    expect((await shown(page, steps)).current).toBe(String(steps - 1));
    await page.keyboard.press("Home");
    expect((await shown(page, 0)).current).toBeNull();
    await page.locator('#steps li.step[data-index="1"]').click();
    expect((await shown(page, 2)).current).toBe("1");
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

describe("errors in the scenario", () => {
  async function edit(page: Page, text: string): Promise<void> {
    await page.locator("#source").fill(text);
    await page.waitForFunction(`document.querySelector("#source").value.length === ${text.length}`);
  }

  async function problems(page: Page): Promise<string[]> {
    await page.waitForSelector("#problems li");
    return page.locator("#problems li").allTextContents();
  }

  const valid = (call: string) =>
    [
      "{",
      '  "title": "t",',
      '  "steps": [',
      '    { "process": "A", "call": "WSAStartup" },',
      `    { "process": "A", "call": "${call}" }`,
      "  ]",
      "}",
    ].join("\n");

  it("places an unknown call on its line and column, marks it, and moves the caret there", async () => {
    const page = await open();
    const text = valid("bnid");
    await edit(page, text);
    const found = await problems(page);
    expect(found).toEqual([
      expect.stringMatching(/^line 5, column 31: step 1, field "call": unknown call "bnid"/),
    ]);
    expect(await page.locator("#backdrop mark").allTextContents()).toEqual(['"bnid"']);
    expect(await page.locator("#gutter .bad").allTextContents()).toEqual(["5\n"]);
    // The first step still ran: its row is there, and the stop is listed after it.
    expect(await page.locator("#steps li.step[data-index]").count()).toBe(1);
    await page.locator("#problems li").first().click();
    const caret = await page.evaluate(
      `[document.querySelector("#source").selectionStart, document.querySelector("#source").selectionEnd]`,
    );
    expect(caret).toEqual([text.indexOf('"bnid"'), text.indexOf('"bnid"') + 6]);
    await page.screenshot({ path: join(screenshots, "error-unknown-call.png") });
    await page.close();
  });

  it("places a schema error on the key that is not allowed", async () => {
    const page = await open();
    const text = valid("WSACleanup").replace(
      '"call": "WSACleanup"',
      '"call": "WSACleanup", "ex": 1',
    );
    await edit(page, text);
    const found = await problems(page);
    expect(found.some((p) => /^line 5, column \d+: .*"ex"/.test(p))).toBe(true);
    expect(await page.locator("#backdrop mark").allTextContents()).toContain('"ex"');
    await page.close();
  });

  it("places a JSON syntax error where the text stops being JSON", async () => {
    const page = await open();
    const text = valid("WSACleanup").replace('WSACleanup" }', 'WSACleanup" },');
    await edit(page, text);
    expect(await problems(page)).toEqual(["line 6, column 3: expected a value"]);
    expect(await page.locator("#backdrop mark").allTextContents()).toEqual(["]"]);
    expect(await page.locator("#steps li").count()).toBe(0);
    await page.close();
  });

  it("reads YAML, and places a YAML error by line and column", async () => {
    const page = await open();
    await edit(page, "title: in YAML\nsteps:\n  - process: A\n    call: WSAStartup\n");
    await page.waitForFunction(`document.querySelector("#syntax").textContent === "YAML"`);
    await page.waitForSelector('#steps li.step[data-index="0"]');
    expect(await page.locator("#problems li").count()).toBe(0);
    await edit(page, "title: in YAML\nsteps: [\n  - process: A\n");
    expect((await problems(page))[0]).toMatch(/^line \d+, column \d+: expected valid YAML/);
    expect(await page.locator("#backdrop mark").count()).toBe(1);
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

describe("links", () => {
  async function copyLink(page: Page): Promise<string> {
    await page.click("#copy-link");
    await page.waitForFunction(`document.querySelector("#copied").textContent !== ""`);
    return page.locator("#link").inputValue();
  }

  it("name an unchanged lesson and the step, and reopen there", async () => {
    const entry = lessons[1] as Entry;
    const page = await open();
    await page.selectOption("#library", entry.id);
    await blur(page);
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    await shown(page, 4);
    const link = await copyLink(page);
    expect(link).toBe(`${url}#lesson=${entry.id}&step=3`);
    expect(page.url()).toBe(link);
    const again = await browser.newPage();
    await again.goto(link);
    const got = await shown(again, 4);
    expect(got.text).toBe(entry.text);
    expect(got.current).toBe("3");
    await again.close();
    await page.close();
  });

  it("carry an edited scenario, deflated, and reopen it exactly", async () => {
    const entry = examples[0] as Entry;
    const page = await open(`#lesson=${entry.id}`);
    const edited = entry.text.replace(/"title": "/, '"title": "Edited: ');
    await page.locator("#source").fill(edited);
    await page.waitForFunction(`document.querySelector("#title").textContent.startsWith("Edited")`);
    await blur(page);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await shown(page, 2);
    const link = await copyLink(page);
    expect(link).toMatch(/#z=[A-Za-z0-9_-]+&step=1$/);
    const again = await browser.newPage();
    await again.goto(link);
    const got = await shown(again, 2);
    expect(got.text).toBe(edited);
    expect(got.current).toBe("1");
    // The same text gives the same link.
    expect(await copyLink(again)).toBe(link);
    await again.close();
    await page.close();
  });

  it("are plain deflate-raw and base64url, so that other tools can make them", async () => {
    const text =
      '{ "title": "made elsewhere", "steps": [{ "process": "A", "call": "WSAStartup" }] }';
    for (const fragment of [
      `#z=${deflateRawSync(Buffer.from(text)).toString("base64url")}&step=0`,
      `#s=${Buffer.from(text).toString("base64url")}&step=0`,
    ]) {
      const page = await open(fragment);
      const got = await shown(page, 1);
      expect(got.text).toBe(text);
      expect(got.current).toBe("0");
      await page.close();
    }
    expect(pageErrors).toEqual([]);
  });
});

describe("the schedules of a scenario with concurrent lanes", () => {
  const file = join(import.meta.dirname, "fixtures", "close-while-reading.json");
  const text = readFileSync(file, "utf8");
  const scenario = parseScenario(file, text);
  const tree = scheduleTree(file, scenario);
  const setup = scenario.steps.length;
  const fragment = `#z=${deflateRawSync(Buffer.from(text)).toString("base64url")}`;
  const READER = 0;
  const CLOSER = 1;
  const PEER = 2;

  /** The rows the simulator, run here, says the page must show for these picks. */
  function rowsFor(picks: readonly number[]): string[] {
    const way = follow(tree.roots, picks, (lane) => laneLabel(scenario, lane));
    const replay = replayScenario(file, runOf(scenario, way, tree.outcomes));
    return replay.steps.map((step) => `[${step.index}] ${whoText(step)} = ${resultText(step)}`);
  }

  /** What the panel and the steps show now, read in one round trip. */
  interface Panel {
    readonly hidden: boolean;
    readonly rows: string[];
    readonly unpicked: string[];
    readonly picked: string[];
    readonly choices: { lane: string; label: string; step: string; beyond: string }[];
    readonly reachable: string[];
    readonly unreachable: string[];
    readonly failing: string[];
    readonly shownOutcome: string | null;
    readonly alert: string | null;
    readonly cut: string | null;
    readonly slider: string;
  }

  const PANEL = `(() => {
    const all = (s) => [...document.querySelectorAll(s)];
    const text = (e) => e.textContent.replace(/\\s+/g, " ").trim();
    return {
      hidden: document.querySelector("#schedules").hidden,
      rows: all("#steps li.step[data-index]").map((li) => "[" + li.dataset.index + "] " +
        li.querySelector(".who").textContent + " = " + li.querySelector(".result").textContent),
      unpicked: all("#steps li.step.unpicked").map((li) => li.dataset.index),
      picked: all("#schedules .picked-step").map(text),
      choices: all("#schedules .choice").map((b) => ({ lane: b.dataset.lane,
        label: b.querySelector(".lane").textContent, step: b.querySelector("code").textContent,
        beyond: b.querySelector(".beyond").textContent })),
      reachable: all("#schedules .outcome.reachable").map((li) => li.dataset.outcome),
      unreachable: all("#schedules .outcome.unreachable").map((li) => li.dataset.outcome),
      failing: all("#schedules .outcome.fails").map((li) => li.dataset.outcome),
      shownOutcome: document.querySelector("#schedules .outcome.shown")?.dataset.outcome ?? null,
      alert: document.querySelector("#schedules .problem")?.textContent ?? null,
      cut: document.querySelector("#schedules .cut")?.textContent ?? null,
      slider: document.querySelector("#slider").value,
    };
  })()`;

  async function panel(page: Page, position: number): Promise<Panel> {
    await page.waitForSelector(`#diagram[data-position="${position}"]`);
    return (await page.evaluate(PANEL)) as Panel;
  }

  async function schedule(page: Page): Promise<string | null> {
    await page.waitForFunction(`location.hash.includes("z=")`);
    return new URLSearchParams(new URL(page.url()).hash.slice(1)).get("schedule");
  }

  it("has three outcomes in ten schedules, two of them failing (what the tests below rely on)", () => {
    expect(tree.complete).toBe(true);
    expect(tree.stats.schedules).toBe(10);
    expect(tree.outcomes.map((o) => o.passed)).toEqual([false, true, false]);
  });

  it("shows no panel for a scenario without lanes", async () => {
    const page = await open(`#lesson=${(lessons[0] as Entry).id}`);
    expect(((await page.evaluate(PANEL)) as Panel).hidden).toBe(true);
    await page.close();
  });

  it("offers a choice per lane, and follows each pick in the steps and the outcomes", async () => {
    const page = await open(fragment);
    let got = await panel(page, 0);
    expect(got.hidden).toBe(false);
    expect(got.cut).toBeNull();
    // No pick: every outcome is reachable, and the run is the first schedule.
    expect(got.picked).toEqual([]);
    expect(got.choices.map((c) => c.lane)).toEqual(["0", "1", "2"]);
    expect(got.choices.map((c) => [c.label, c.step, c.beyond])).toEqual([
      ["A:reader", "recv(8, <16 bytes>, 16, 0): blocked", "4 schedules → outcomes 1 ✗, 2"],
      ["A", "closesocket(8) = 0", "3 schedules → outcome 3 ✗"],
      ["B", "send(4, <4 bytes>, 4, 0) = 4", "3 schedules → outcomes 2, 3 ✗"],
    ]);
    expect(got.reachable).toEqual(["0", "1", "2"]);
    expect(got.failing).toEqual(["0", "2"]);
    expect(got.shownOutcome).toBe("0");
    expect(got.rows).toEqual(rowsFor([]));
    expect(got.unpicked).toEqual(["9", "10", "11", "12"]);
    expect(await schedule(page)).toBeNull();

    // The reader blocks in recv, then B's data comes before the close: the reader gets it.
    await page.click(`#schedules .choice[data-lane="${READER}"]`);
    got = await panel(page, setup + 1);
    expect(got.picked).toEqual(["A:reader recv(8, <16 bytes>, 16, 0): blocked"]);
    expect(got.reachable).toEqual(["0", "1"]);
    expect(got.unreachable).toEqual(["2"]);
    // The reader's await cannot run before a close or data end its wait.
    expect(got.choices.map((c) => c.lane)).toEqual(["1", "2"]);
    await page.click(`#schedules .choice[data-lane="${PEER}"]`);
    got = await panel(page, setup + 2);
    expect(got.reachable).toEqual(["1"]);
    expect(got.shownOutcome).toBe("1");
    expect(got.choices.find((c) => c.lane === String(READER))).toEqual({
      lane: String(READER),
      label: "A:reader",
      step: "await recv(8, <16 bytes>, 16, 0) = 4",
      beyond: "1 schedule → outcome 2",
    });
    expect(got.rows).toEqual(rowsFor([READER, PEER]));
    expect(got.rows).toContain("[11] A/reader = 4");
    expect(got.unpicked).toEqual(["11", "12"]);
    expect(await schedule(page)).toBe("0.2");

    // Back up one, and let the close come first: the reader's await fails with WSAEINTR.
    await page.click("#schedules button.up");
    got = await panel(page, setup + 1);
    expect(got.picked).toHaveLength(1);
    await page.click(`#schedules .choice[data-lane="${CLOSER}"]`);
    got = await panel(page, setup + 2);
    expect(got.reachable).toEqual(["0"]);
    expect(got.shownOutcome).toBe("0");
    expect(got.rows).toEqual(rowsFor([READER, CLOSER]));
    expect(got.rows).toContain("[11] A/reader = -1, WSAEINTR");
    expect(await schedule(page)).toBe("0.1");

    // Start over and close before the reader even calls recv: recv itself fails.
    await page.click("#schedules button.top");
    got = await panel(page, setup);
    expect(got.picked).toEqual([]);
    await page.click(`#schedules .choice[data-lane="${CLOSER}"]`);
    await page.click(`#schedules .choice[data-lane="${READER}"]`);
    got = await panel(page, setup + 2);
    expect(got.reachable).toEqual(["2"]);
    expect(got.rows).toEqual(rowsFor([CLOSER, READER]));
    expect(got.rows).toContain("[10] A/reader = -1, WSAENOTSOCK");
    // Its await repeats that result at once: folded into the recv, so one row fewer.
    expect(got.rows).toHaveLength(setup + 3);

    // A click on an outcome shows the first schedule that ends in it.
    await page.locator('#schedules .outcome[data-outcome="2"]').click();
    const example = tree.outcomes[2]?.example.map((e) => e.lane) ?? [];
    const way = follow(tree.roots, example, String);
    got = await panel(page, positionAfter(setup, way.picked));
    expect(got.shownOutcome).toBe("2");
    expect(got.picked).toHaveLength(example.length);
    expect(got.rows).toEqual(rowsFor(example));
    expect(await schedule(page)).toBe(example.join("."));
    await page.screenshot({ path: join(screenshots, "schedules.png") });
    // And from the keyboard.
    await page.locator('#schedules .outcome[data-outcome="1"]').focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      `location.hash.includes("schedule=${tree.outcomes[1]?.example.map((e) => e.lane).join(".")}&")`,
    );
    expect(((await page.evaluate(PANEL)) as Panel).shownOutcome).toBe("1");
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it("opens the schedule and step a link names, and copies the same link", async () => {
    const page = await open(`${fragment}&schedule=2.0.1&step=11`);
    const got = await panel(page, 12);
    expect(got.picked).toEqual([
      "B send(4, <4 bytes>, 4, 0) = 4",
      "A:reader recv(8, <16 bytes>, 16, 0) = 4",
      "A closesocket(8) = 0",
    ]);
    expect(got.rows).toEqual(rowsFor([PEER, READER, CLOSER]));
    expect(got.slider).toBe("12");
    expect(got.alert).toBeNull();
    await page.click("#copy-link");
    await page.waitForFunction(`document.querySelector("#copied").textContent !== ""`);
    const link = await page.locator("#link").inputValue();
    expect(link).toMatch(/#z=[A-Za-z0-9_-]+&schedule=2\.0\.1&step=11$/);
    const again = await open(link.slice(url.length));
    expect(await panel(again, 12)).toEqual(got);
    await again.close();
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it("reports a link's schedule that the tree does not have, and shows what it can", async () => {
    let page = await open(`${fragment}&schedule=0.0.1`);
    let got = await panel(page, 0);
    expect(got.alert).toContain("pick 2 names lane 0, which cannot run there");
    expect(got.picked).toEqual(["A:reader recv(8, <16 bytes>, 16, 0): blocked"]);
    expect(got.rows).toEqual(rowsFor([READER]));
    await page.close();

    page = await open(`${fragment}&schedule=first`);
    got = await panel(page, 0);
    expect(got.alert).toContain('"first" is not a list of lane numbers');
    expect(got.picked).toEqual([]);
    expect(got.rows).toEqual(rowsFor([]));
    // A pick of the learner's own replaces the report.
    await page.click(`#schedules .choice[data-lane="${PEER}"]`);
    got = await panel(page, setup + 1);
    expect(got.alert).toBeNull();
    await page.close();

    page = await open(`#lesson=${(lessons[0] as Entry).id}&schedule=0.1`);
    got = await panel(page, 0);
    expect(got.hidden).toBe(false);
    expect(got.alert).toContain("this scenario has no concurrent lanes");
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
