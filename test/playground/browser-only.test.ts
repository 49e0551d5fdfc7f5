/**
 * Nothing the playground reaches imports Node: the build follows every import from
 * playground/src (the simulator in src/, the yaml package, ...) and the browser-only plugin
 * fails it on the first Node built-in. Shown to work on fixtures that do and do not reach Node.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, resolveConfig } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { browserOnly, isNodeBuiltin } from "../../playground/tools/browser-only.js";
import { CONFIG } from "../../playground/tools/site.js";

const fixtures = join(import.meta.dirname, "fixtures");
const scratch = mkdtempSync(join(tmpdir(), "playground-imports-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Builds one fixture as a library entry with only the browser-only plugin. */
function buildFixture(name: string) {
  return build({
    configFile: false,
    logLevel: "silent",
    plugins: [browserOnly()],
    build: {
      write: false,
      outDir: join(scratch, name),
      lib: { entry: join(fixtures, `${name}.ts`), formats: ["es"], fileName: name },
    },
  });
}

describe("the browser-only check", () => {
  it("knows Node's built-ins by either name", () => {
    expect(isNodeBuiltin("node:fs")).toBe(true);
    expect(isNodeBuiltin("fs")).toBe(true);
    expect(isNodeBuiltin("fs/promises")).toBe(true);
    expect(isNodeBuiltin("yaml")).toBe(false);
    expect(isNodeBuiltin("./fs.js")).toBe(false);
  });

  it("fails a build that imports node:fs, naming the module", async () => {
    await expect(buildFixture("uses-node")).rejects.toThrow(/uses-node\.ts imports "node:fs"/);
  });

  it("follows imports: a module that reaches node:fs through another fails too", async () => {
    await expect(buildFixture("reaches-node")).rejects.toThrow(/uses-node\.ts imports "node:fs"/);
  });

  it("lets a module that needs no Node through", async () => {
    await expect(buildFixture("browser-safe")).resolves.toBeDefined();
  });
});

describe("the playground", () => {
  it("builds with the check in force", async () => {
    const config = await resolveConfig({ configFile: CONFIG }, "build");
    expect(config.plugins.map((p) => p.name)).toContain("winsock-sim:browser-only");
  });

  it("reaches no Node built-in from playground/src", async () => {
    // The whole graph: simulator, scenario reader, yaml, lessons, catalogue, renderer.
    const output = await build({
      configFile: CONFIG,
      logLevel: "silent",
      build: { write: false, outDir: join(scratch, "site") },
    });
    const outputs = Array.isArray(output) ? output : [output];
    const files = outputs.flatMap((o) => ("output" in o ? o.output : []));
    expect(files.map((f) => f.fileName)).toContain("assets/playground.js");
  });
});
