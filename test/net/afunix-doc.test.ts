/**
 * The AF_UNIX section of docs/network.md: its sample runs as written and prints what its
 * comments say, and the two AF_UNIX scenario files pass on the simulator.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario } from "../../src/scenario/run.js";

const root = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(root, "docs", "network.md"), "utf8");
const section = doc.slice(doc.indexOf("## AF_UNIX stream sockets"));

describe("docs/network.md, AF_UNIX stream sockets", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it("the sample prints what its comments say", async () => {
    const found = /```ts\n([\s\S]*?)```/.exec(section);
    if (found === null) throw new Error("the AF_UNIX section has no ts block");
    const source = (found[1] as string).replace(
      'from "winsock-sim"',
      `from ${JSON.stringify(join(root, "src", "index.js"))}`,
    );
    const dir = mkdtempSync(join(root, "test", "net", ".sample-"));
    dirs.push(dir);
    const file = join(dir, "sample.ts");
    writeFileSync(file, source);
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => {
      printed.push(values.map(String).join(" "));
    });
    await import(file);
    const promised = [...source.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(promised).toEqual(["0", "5", "unix:", "-1 10048"]);
    expect(printed).toEqual(promised);
  });
});

describe("spec/scenarios/afunix", () => {
  for (const name of ["two-processes.json", "duplicate-to-worker.json"]) {
    it(`${name} passes on the simulator`, () => {
      const file = join(root, "spec", "scenarios", "afunix", name);
      const trace = runScenario(file, parseScenario(file, readFileSync(file, "utf8")));
      const failed = trace.steps.flatMap((s) => s.expectations.filter((e) => !e.held));
      expect(failed).toEqual([]);
      expect(trace.passed).toBe(true);
    });
  }
});
