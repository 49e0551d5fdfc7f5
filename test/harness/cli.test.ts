/**
 * harness/conformance.ts end to end, as a child process in --traces mode (no Wine, no compiler):
 * the recorded Wine traces in fixtures/wine stand for a directory of traces from elsewhere.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../harness/paths.js";

const FIXTURES = fileURLToPath(new URL("fixtures/wine", import.meta.url));
/** What `npx tsx` runs, without npm in between. */
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

const OPTION = "examples/scenarios/option-seen-through-duplicate.json";
const SPLIT = "examples/scenarios/split-read-write.json";
const LINGER = "spec/scenarios/linger-close.json";
const DUPLICATE = "spec/scenarios/duplicate-info-single-use.json";
const SELECT = "spec/scenarios/select-sets.json";

/** Temporary directories of this file, removed at the end. */
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function conformance(...args: string[]) {
  const result = spawnSync(process.execPath, [TSX, "harness/conformance.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    lines: result.stdout.split("\n").filter((l) => l !== ""),
  };
}

describe("conformance.ts --traces", () => {
  it("exits 0 when every scenario agrees, with no progress output in a log", () => {
    const run = conformance("--traces", FIXTURES, OPTION, SPLIT);
    expect(run.stderr).toBe("");
    expect(run.lines).toEqual([
      expect.stringMatching(new RegExp(`^agree ${OPTION} \\(\\d+ steps, [0-9.]+ s\\)$`)),
      expect.stringMatching(new RegExp(`^agree ${SPLIT} \\(\\d+ steps, [0-9.]+ s\\)$`)),
      "2 scenarios: 2 agree, 0 with explained differences only, 0 failed; 0 stale deviations",
      expect.stringMatching(
        /^(\d+) steps compared: \1 agree, 0 explained, 0 carried, 0 unexplained$/,
      ),
      "2 passed, 0 failed",
    ]);
    // stdout is a pipe here, not a terminal: no "[1/2] ..." line, carriage return or escape.
    expect(run.stdout).not.toContain("[1/2]");
    expect(run.stdout).not.toContain("\r");
    expect(run.stdout).not.toContain("\u001b");
    expect(run.status).toBe(0);
  });

  it("exits 1 on a difference and prints both results under the label", () => {
    const run = conformance("--traces", FIXTURES, "--label", "wine-recorded", LINGER, OPTION);
    expect(run.lines[0]).toMatch(
      new RegExp(
        `^DIFFER ${LINGER} \\(25 steps(, [0-9.]+ s)?\\): step 23 \\(Client: recv\\): ok: simulator false, wine-recorded true$`,
      ),
    );
    expect(run.lines[1]).toBe('    simulator:     ret -1, failed, error WSAECONNRESET {"buf":""}');
    expect(run.lines[2]).toBe('    wine-recorded: ret 0, ok, error 0 {"buf":""}');
    expect(run.lines.at(-1)).toBe("1 passed, 1 failed");
    expect(run.status).toBe(1);
  });

  it("does not apply the Wine deviations to traces unless --deviations is given", () => {
    const plain = conformance("--traces", FIXTURES, DUPLICATE);
    expect(plain.lines[0]).toMatch(
      new RegExp(
        `^DIFFER ${DUPLICATE} .*: step 5 \\(C: WSASocket\\): ok: simulator false, windows true$`,
      ),
    );
    expect(plain.status).toBe(1);

    const listed = conformance(
      "--traces",
      FIXTURES,
      "--label",
      "wine",
      "--deviations",
      "harness/wine-deviations.json",
      DUPLICATE,
    );
    expect(listed.lines[0]).toMatch(
      new RegExp(`^listed ${DUPLICATE} \\(14 steps, [0-9.]+ s\\): \\d+ explained differences$`),
    );
    expect(listed.lines[1]).toBe(
      "    step 5 (C: WSASocket) wine-duplicate-socket: ok: simulator false, wine true",
    );
    expect(listed.lines).toContain(
      "1 scenario: 0 agree, 1 with explained differences only, 0 failed; 0 stale deviations",
    );
    // The causes with matchers that this one scenario did not need are reported as unused.
    const unused = listed.lines.filter((l) => l.startsWith("unused cause "));
    expect(unused).toContain(
      "unused cause wine-send-unconnected-epipe: its matchers explained no step of this run",
    );
    expect(listed.lines.at(-2 - unused.length)).toMatch(
      /^14 steps compared: \d+ agree, \d+ explained \(\d+ wine-duplicate-socket\), \d+ carried, 0 unexplained$/,
    );
    expect(listed.lines.at(-1)).toBe("1 passed, 0 failed");
    expect(listed.status).toBe(0);
  });

  it("reports a scenario without a trace as missing, which fails", () => {
    const dir = tempDir("traces-");
    const run = conformance("--traces", dir, SELECT);
    expect(run.lines[0]).toBe(
      `missing ${SELECT}: no trace ${join(dir, "select-sets.trace.jsonl")}`,
    );
    expect(run.lines.at(-3)).toContain("1 failed (1 missing)");
    expect(run.status).toBe(1);
  });

  it("fails a scenario whose trace is malformed, naming the file and the line", () => {
    const dir = tempDir("traces-");
    const good = readFileSync(join(FIXTURES, "split-read-write.trace.jsonl"), "utf8").split("\n");
    good[3] = "not json";
    writeFileSync(join(dir, "split-read-write.trace.jsonl"), good.join("\n"));
    const run = conformance("--traces", dir, SPLIT);
    expect(run.lines[0]).toMatch(
      new RegExp(
        `^FAIL ${SPLIT}: unreadable trace: .*split-read-write\\.trace\\.jsonl: line 4: expected a JSON object`,
      ),
    );
    expect(run.status).toBe(1);
  });

  it("exits 2 with every problem when the deviations file is malformed", () => {
    const dir = tempDir("deviations-");
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({
        causes: {},
        deviations: [{ scenario: DUPLICATE, step: 99, cause: "none" }],
        extra: 1,
      }),
    );
    const run = conformance("--traces", FIXTURES, "--deviations", file, OPTION);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(": extra: expected only the keys $comment, causes and deviations");
    expect(run.stderr).toContain(": deviations[0].step: expected a step index of");
    expect(run.stderr).toContain(
      ': deviations[0].cause: expected a key of causes (none defined), got the string "none"',
    );
    expect(run.status).toBe(2);
  });

  it("prints the usage with --help and refuses unknown options", () => {
    const help = conformance("--help");
    expect(help.stdout).toMatch(/^Usage: npx tsx harness\/conformance\.ts/);
    expect(help.stdout).toContain("--traces DIR");
    expect(help.status).toBe(0);
    const wrong = conformance("--trace", FIXTURES);
    expect(wrong.stderr).toBe("conformance: unknown option --trace (see --help)\n");
    expect(wrong.status).toBe(2);
  });
});
