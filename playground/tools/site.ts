/**
 * Building the playground and opening it in Chromium from its folder (file://), for the browser
 * tests, the load-time benchmark and the screenshot script: the same build and the same way in
 * as a person who downloads the site and double-clicks index.html.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
export const PLAYGROUND = join(here, "..");
export const REPO = join(PLAYGROUND, "..");
export const CONFIG = join(PLAYGROUND, "vite.config.ts");
export const DIST = join(PLAYGROUND, "dist");

/** Builds the site into playground/dist (or `outDir`), as `npm run playground:build` does. */
export async function buildSite(outDir: string = DIST): Promise<string> {
  await build({ configFile: CONFIG, logLevel: "warn", build: { outDir } });
  return outDir;
}

/** The Chromium to drive: $CHROMIUM_PATH, or Debian's. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `no Chromium at ${path}: install Debian's (apt-get install -y --no-install-recommends ` +
        "chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable",
    );
  }
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true });
}

/** The built page's file:// URL, with a fragment ("#lesson=...") if given. */
export function pageUrl(outDir: string = DIST, fragment = ""): string {
  return pathToFileURL(join(outDir, "index.html")).href + fragment;
}
