/**
 * Runs a doc's TypeScript sample as written (with "winsock-sim" pointed at this checkout) and
 * returns what it printed and what the comments beside its console.log calls promise.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";

const root = join(import.meta.dirname, "..", "..");

export async function runTsSample(
  docName: string,
  index = 0,
): Promise<{ promised: string[]; printed: string[] }> {
  const doc = readFileSync(join(root, "docs", docName), "utf8");
  const found = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)][index];
  if (found === undefined) throw new Error(`docs/${docName} has no ts block number ${index + 1}`);
  const source = (found[1] as string).replace(
    'from "winsock-sim"',
    `from ${JSON.stringify(join(root, "src", "index.js"))}`,
  );
  const dir = mkdtempSync(join(root, "test", "docs", ".sample-"));
  const printed: unknown[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((value: unknown) => {
    printed.push(value);
  });
  try {
    const file = join(dir, "sample.ts");
    writeFileSync(file, source);
    await import(file);
  } finally {
    log.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
  // The comments beside each console.log give the value it prints.
  const promised = [...source.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map(
    (m) => m[1] as string,
  );
  return { promised, printed: printed.map(String) };
}
