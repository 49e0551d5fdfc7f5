/**
 * 6. Scenario files are read without hanging: only regular files, and at most MAX_FILE_BYTES.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readScenarioFile } from "../../src/cli/read-file.js";
import { runFiles } from "../../src/cli/run.js";
import { MAX_FILE_BYTES } from "../../src/scenario/limits.js";

const dir = mkdtempSync(join(tmpdir(), "winsock-sim-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string) {
  const lines: string[] = [];
  const status = runFiles([file], { out: (l) => lines.push(l) }, false);
  return { status, text: lines.join("\n") };
}

describe("reading scenario files", () => {
  it("reads a regular file", () => {
    const file = join(dir, "ok.json");
    writeFileSync(file, '{ "title": "ok", "steps": [] }');
    expect(run(file)).toEqual({ status: 0, text: `PASS ${file}: ok\n1 passed, 0 failed` });
  });

  it.runIf(process.platform === "linux")("refuses /dev/zero and /dev/urandom at once", () => {
    for (const file of ["/dev/zero", "/dev/urandom"]) {
      expect(run(file)).toEqual({
        status: 2,
        text: `${file}: file: expected a regular file, not a character device\n0 passed, 1 failed`,
      });
    }
  });

  it.runIf(process.platform !== "win32")("refuses a FIFO without waiting for a writer", () => {
    const fifo = join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    expect(run(fifo).text).toContain(`${fifo}: file: expected a regular file, not a FIFO`);
  });

  it("refuses a directory", () => {
    expect(run(dir).text).toContain(`${dir}: file: expected a regular file, not a directory`);
  });

  it("refuses a file bigger than the limit, and reads one of exactly the limit", () => {
    const big = join(dir, "big.json");
    writeFileSync(big, Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    expect(run(big)).toEqual({
      status: 2,
      text: `${big}: file: expected a scenario file of at most ${MAX_FILE_BYTES} bytes (16 MiB)\n0 passed, 1 failed`,
    });
    writeFileSync(big, Buffer.alloc(MAX_FILE_BYTES, 0x20));
    expect(readScenarioFile(big).length).toBe(MAX_FILE_BYTES);
  });

  it("names a missing file", () => {
    const missing = join(dir, "missing.json");
    expect(run(missing).text).toMatch(
      new RegExp(
        `^${missing.replace(/[.\\]/g, "\\$&")}: file: expected a readable scenario file \\(ENOENT`,
      ),
    );
  });
});
