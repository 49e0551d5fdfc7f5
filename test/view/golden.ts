/**
 * Golden files for the renderer tests, in test/view/golden/. A test compares a renderer's output
 * with its file byte for byte and fails on any difference, or when the file is missing.
 *
 * After an intended change of the pictures, rewrite the files and review the diff:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/view
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const DIRECTORY = fileURLToPath(new URL("./golden/", import.meta.url));

export const updating = process.env.UPDATE_GOLDEN === "1";

export function expectGolden(name: string, actual: string): void {
  const path = `${DIRECTORY}${name}`;
  if (updating) {
    mkdirSync(DIRECTORY, { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) {
    throw new Error(`missing golden file ${path}: run UPDATE_GOLDEN=1 npx vitest run test/view`);
  }
  expect(actual, `differs from test/view/golden/${name}`).toBe(readFileSync(path, "utf8"));
}
