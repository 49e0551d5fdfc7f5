/** Which scenario files a run covers, and how each is named in reports and in the deviations file. */
import { existsSync, readdirSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { ROOT } from "./paths.js";

/**
 * Every scenario file under examples/ and spec/ (in directories named scenarios) and the
 * lessons' (docs/lessons/), sorted.
 */
export function defaultScenarios(): string[] {
  const found: string[] = [];
  const walk = (dir: string, inScenarios: boolean) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, inScenarios || entry.name === "scenarios");
      else if (inScenarios && /\.(json|ya?ml)$/.test(entry.name)) found.push(path);
    }
  };
  walk(join(ROOT, "examples"), false);
  walk(join(ROOT, "spec"), false);
  // The lessons' scenarios sit beside their texts: what they teach is checked on Wine too.
  walk(join(ROOT, "docs", "lessons"), true);
  return found.sort();
}

/** A scenario's path relative to the repository root with "/" separators, as deviations name it. */
export const repositoryPath = (path: string) => relative(ROOT, path).split(sep).join("/");

/** The scenario's base name without its extension: the name of its trace file. */
export const traceName = (path: string) => basename(path).replace(/\.[^.]+$/, "");

/** The trace file of a scenario in a traces directory. */
export const traceFileIn = (dir: string, path: string) =>
  join(dir, `${traceName(path)}.trace.jsonl`);
