/**
 * docs/state-view.md's example runs as written and prints what the page says it prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it, vi } from "vitest";

function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (m) => m[1] as string,
  );
}

it("docs/state-view.md: the example prints the output shown under it", async () => {
  const doc = readFileSync("docs/state-view.md", "utf8");
  const [code] = blocks(doc, "ts");
  const [expected] = blocks(doc, "text");
  expect(code).toBeDefined();
  const index = pathToFileURL(resolve("src/index.ts")).href;
  const dir = mkdtempSync(join(tmpdir(), "state-view-doc-"));
  const file = join(dir, "example.ts");
  writeFileSync(file, (code as string).replace('from "winsock-sim"', `from "${index}"`));
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    await import(pathToFileURL(file).href);
  } finally {
    log.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
  expect(`${lines.join("\n")}\n`).toBe(expected);
});
