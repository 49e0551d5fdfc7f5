/**
 * The playground's bundle size and load time: builds the site, sums the bytes of the files it
 * ships (and their gzip -9 size, what a server would send), then opens the page from its folder
 * (file://) N times in fresh Chromium pages and reports the median time from navigation to the
 * first state diagram (the page's own performance mark "first-diagram").
 *
 *   npm run bench:playground                 # 20 loads
 *   npm run bench:playground -- --runs 50
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { buildSite, launchChromium, pageUrl } from "../playground/tools/site.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && !path.includes("screenshots"))
    .sort();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const runs = option("runs", 20);
const dist = await buildSite();

console.log("| file | bytes | gzip -9 |");
console.log("| --- | ---: | ---: |");
let total = 0;
let totalGzip = 0;
for (const path of filesUnder(dist)) {
  const bytes = readFileSync(path);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += bytes.length;
  totalGzip += gzipped;
  console.log(`| ${relative(dist, path)} | ${bytes.length} | ${gzipped} |`);
}
console.log(`| total | ${total} | ${totalGzip} |`);

const browser = await launchChromium();
const times: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: nothing parsed or compiled is kept from the previous load.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(pageUrl(dist));
    await page.waitForSelector("#diagram svg");
    const ms = (await page.evaluate(
      'performance.getEntriesByName("first-diagram")[0]?.startTime ?? -1',
    )) as number;
    if (ms < 0) throw new Error("the page set no first-diagram mark");
    times.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `\nnavigation to first diagram, file://, ${runs} loads: median ${median(times).toFixed(1)} ms ` +
    `(min ${sorted[0]?.toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)})`,
);
