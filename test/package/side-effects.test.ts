/**
 * package.json's `sideEffects` lists exactly the modules that do something when imported, so that
 * a bundler may drop any other module whose exports go unused, and must keep these. The blocking
 * calls register their retry attempts and timers at module load (src/kernel/blocking.ts,
 * registerAttempt); dropping such a module would leave its calls blocked for ever.
 *
 * A module has an import-time effect here when a top-level statement is not a declaration: the
 * code is formatted by Biome, so top-level statements start at column 0 and continuations are
 * indented.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Top-level statements that only fill the module's own private tables: no effect outside it. */
const LOCAL_ONLY: Record<string, string> = {
  "src/kernel/options/table.ts": "fills its own lookup maps BY_LEVEL and BY_NAME",
};

const DECLARATION =
  /^(export|import|const|let|var|function|async function|class|interface|type|declare|enum|abstract)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The top-level statements of a module that are not declarations, outside template literals. */
function effects(text: string): string[] {
  const found: string[] = [];
  let inTemplate = false;
  for (const line of text.split("\n")) {
    const startsStatement = !inTemplate && /^(await |new |\(|[A-Za-z_$][\w$]*[^\w$:])/.test(line);
    if (startsStatement && !DECLARATION.test(line)) found.push(line);
    // Track multi-line template literals (a line with an odd number of backticks toggles).
    if ((line.match(/(?<!\\)`/g) ?? []).length % 2 === 1) inTemplate = !inTemplate;
  }
  return found;
}

describe("package.json sideEffects", () => {
  const listed: string[] = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).sideEffects;
  const withEffects = sources(join(root, "src"))
    .map((path) => relative(root, path).split("\\").join("/"))
    .filter((path) => effects(readFileSync(join(root, path), "utf8")).length > 0)
    .filter((path) => !(path in LOCAL_ONLY))
    .sort();

  it("finds the registration modules (the scan works)", () => {
    expect(withEffects).toContain("src/kernel/blocking.ts");
    expect(withEffects).toContain("src/kernel/calls/transfer.ts");
    expect(withEffects).toContain("src/cli/main.ts");
  });

  it("lists exactly the built modules with import-time effects", () => {
    const expected = withEffects.map((path) => `./dist/${path.slice("src/".length, -3)}.js`);
    expect([...listed].sort()).toEqual(expected);
  });

  it("the allowed local-only modules still exist and still have top-level statements", () => {
    for (const path of Object.keys(LOCAL_ONLY)) {
      expect(effects(readFileSync(join(root, path), "utf8")).length).toBeGreaterThan(0);
    }
  });
});
