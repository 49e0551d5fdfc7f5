/**
 * `npm run playground:screenshots`: pictures of the playground for the README and the lessons,
 * written to docs/images/ as PNG. Builds the site and opens it from its folder, as the browser
 * tests do:
 *
 *   playground.png                 the first lesson, partway through
 *   playground-error.png           a scenario with a mistake, placed in the text
 *   playground-NN-name.png         the state pane of each lesson (docs/lessons/NN-name.json) at
 *                                  the step its text links to (`#lesson=lessons/NN-name&step=K`
 *                                  in docs/lessons/NN-name.md), or its last step: diagram, what
 *                                  changed, and why
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildSite, launchChromium, pageUrl, REPO } from "./site.js";

const OUT = join(REPO, "docs", "images");
/** Pictures in the repository stay small: warn above this. */
const LIMIT = 200 * 1024;

const lessons = readdirSync(join(REPO, "docs", "lessons"))
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => name.replace(/\.json$/, ""));

/** Saves the page, or only its state pane (diagram, changes, rules) when `pane` is given. */
async function save(page: Page, name: string, pane?: string): Promise<void> {
  const path = join(OUT, name);
  if (pane === undefined) await page.screenshot({ path });
  else await page.locator(pane).screenshot({ path });
  const size = statSync(path).size;
  const warning = size > LIMIT ? `  (over ${LIMIT / 1024} KB: consider a smaller view)` : "";
  console.log(`${path}: ${Math.round(size / 1024)} KB${warning}`);
}

/** A new page on a fragment, once the diagram of snapshot `position` is drawn. */
async function show(browser: Browser, fragment: string, position: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
  await page.goto(`${pageUrl()}${fragment}`);
  await page.waitForSelector(`#diagram[data-position="${position}"] svg`);
  return page;
}

mkdirSync(OUT, { recursive: true });
await buildSite();
const browser = await launchChromium();
try {
  const [first] = lessons;
  if (first !== undefined) {
    const page = await show(browser, `#lesson=lessons/${first}&step=5`, 6);
    await save(page, "playground.png");
    await page.close();
  }
  const broken =
    '{\n  "title": "A mistake, placed",\n  "steps": [\n    { "process": "A", "call": "WSAStartup" },\n' +
    '    { "process": "A", "call": "socket",\n' +
    '      "args": { "af": "AF_INET", "type": "SOCK_STREAM", "protocol": "IPPROTO_TCP" },\n' +
    '      "save": "s" },\n    { "process": "A", "call": "bnid", "args": { "s": "$s" } }\n  ]\n}\n';
  const error = await show(browser, `#s=${Buffer.from(broken).toString("base64url")}&step=1`, 2);
  // A click on the message selects the place in the text, scrolling it into view.
  await error.locator("#problems li").first().click();
  await save(error, "playground-error.png");
  await error.close();
  for (const lesson of lessons) {
    // The picture shows the step the lesson's text points at, so text and picture agree.
    const text = readFileSync(join(REPO, "docs", "lessons", `${lesson}.md`), "utf8");
    const linked = new RegExp(`#lesson=lessons/${lesson}&step=(\\d+)`).exec(text)?.[1];
    let page: Page;
    if (linked === undefined) {
      page = await show(browser, `#lesson=lessons/${lesson}`, 0);
      await page.click("#last");
      const last = await page.locator("#slider").getAttribute("max");
      await page.waitForSelector(`#diagram[data-position="${last}"] svg`);
    } else {
      // Snapshot K + 1 is the state after step [K].
      page = await show(browser, `#lesson=lessons/${lesson}&step=${linked}`, Number(linked) + 1);
    }
    await save(page, `playground-${lesson}.png`, "#state-pane");
    await page.close();
  }
} finally {
  await browser.close();
}
