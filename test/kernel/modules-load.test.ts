/**
 * Every module of the kernel loads without throwing. The imports are made inside the test, not at
 * the top of the file: a module that throws while it loads (a broken option table, say) must fail
 * a test, not only the loading of test files. Stryker counts only failed tests; a test file that
 * cannot even be imported runs no test, so without this one a static mutant that breaks a table
 * would be reported as surviving (docs/mutation.md). mutation/vitest.config.ts runs this file first.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** Every .ts file under src/kernel, in path order. */
function kernelModules(dir = join(ROOT, "src", "kernel")): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) =>
      entry.isDirectory()
        ? kernelModules(join(dir, entry.name))
        : entry.name.endsWith(".ts")
          ? [join(dir, entry.name)]
          : [],
    );
}

it("every module under src/kernel loads, and the package's entry point with them", async () => {
  const modules = kernelModules();
  // The kernel is more than a handful of files; an empty list would make this test pass vacuously.
  expect(modules.length).toBeGreaterThan(40);
  for (const path of modules) {
    const loaded: unknown = await import(path).catch((error: unknown) => error);
    expect(loaded instanceof Error ? `${relative(ROOT, path)}: ${loaded.message}` : "").toBe("");
  }
  const entry = (await import("../../src/index.js")) as Record<string, unknown>;
  expect(typeof entry.Simulation).toBe("function");
});
