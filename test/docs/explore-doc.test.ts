/**
 * docs/explore.md: its TypeScript sample runs as written and prints what its comments say, its
 * commands run with the statuses it gives, and its scenario file explores.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/commands.js";
import { explore } from "../../src/explore/explore.js";
import { parseScenario } from "../../src/scenario/read.js";
import { runTsSample } from "./sample.js";

describe("docs/explore.md", () => {
  it("the TypeScript sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("explore.md", 0);
    expect(promised).toEqual(["2 2", "WSAEINTR WSAENOTSOCK", "lane 0 step 1 error 2", "false"]);
    expect(printed).toEqual(promised);
  });
});

describe("docs/explore.md's commands and its scenario", () => {
  const root = join(import.meta.dirname, "..", "..");
  const doc = readFileSync(join(root, "docs", "explore.md"), "utf8");
  const out = mkdtempSync(join(tmpdir(), "explore-doc-"));

  it("run as written, with the exit statuses the text gives", async () => {
    const lines = [...doc.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) =>
      (m[1] ?? "").split("\n").filter((line) => line.trim() !== ""),
    );
    const statuses: number[] = [];
    for (const line of lines) {
      expect(line.startsWith("npx tsx src/cli/main.ts ")).toBe(true);
      // Paths of the repository as they are; the written failures go to a fresh directory.
      const args = line
        .split(/\s+/)
        .slice(3)
        .map((arg) =>
          arg.startsWith("explore-failures")
            ? join(out, arg)
            : existsSync(join(root, arg))
              ? join(root, arg)
              : arg,
        );
      statuses.push(await main(args, () => {}));
    }
    expect(statuses).toEqual([0, 1, 1]);
  });

  it("its scenario file explores with every expectation holding", () => {
    const json = /^```json\n([\s\S]*?)^```$/m.exec(doc)?.[1] ?? "";
    const result = explore("doc.json", parseScenario("doc.json", json));
    expect(result.passed).toBe(true);
    expect(result.outcomes).toHaveLength(4);
  });
});
