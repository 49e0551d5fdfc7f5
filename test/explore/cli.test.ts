/**
 * `winsock-sim explore`: its report, its exit statuses, and the shortest failing schedules it
 * writes with --out, which `winsock-sim run` replays and which fail there the same way.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/commands.js";

const root = join(import.meta.dirname, "..", "..");
const RACE = join(root, "test", "explore", "fixtures", "close-races-recv.json");
const LESSON = join(root, "docs", "lessons", "08-every-order-of-a-race.json");

async function cli(...args: string[]): Promise<{ status: number; text: string }> {
  const lines: string[] = [];
  const status = await main(args, (line) => lines.push(line));
  return { status, text: lines.join("\n") };
}

describe("winsock-sim explore", () => {
  it("prints the counts and every outcome, exit 0 when every expectation holds", async () => {
    const { status, text } = await cli("explore", LESSON);
    expect(status).toBe(0);
    expect(text).toContain(
      "10 schedules: 9 run to the end, 1 pruned (they reach a point already explored)",
    );
    expect(text).toContain("outcome 4: 1 of 10 schedules, every expectation holds");
    expect(text).toContain("first schedule: B A A:reader A:reader");
    expect(text.split("\n").at(-1)).toBe("4 outcomes, 0 with a failed expectation");
  });

  it("exit 1 with a failing expectation; --out writes its shortest schedule, which run replays", async () => {
    const out = mkdtempSync(join(tmpdir(), "explore-"));
    const { status, text } = await cli("explore", RACE, "--out", out);
    expect(status).toBe(1);
    expect(text).toContain("lane 0 step 1, expect.ret: expected 5, got -1 in 6 of 10 schedules");
    expect(readdirSync(out)).toEqual(["close-races-recv.fail-1.json"]);
    const file = join(out, "close-races-recv.fail-1.json");
    expect(text).toContain(`shortest: A:reader A A:reader (12 steps in all): ${file}`);
    const written = JSON.parse(readFileSync(file, "utf8")) as {
      steps: unknown[];
      concurrent?: unknown;
    };
    expect(written.concurrent).toBeUndefined();
    expect(written.steps).toHaveLength(12);
    const replay = await cli("run", file);
    expect(replay.status).toBe(1);
    expect(replay.text).toContain("A/reader: await recv(8, <64 bytes>, 64, 0) = -1, WSAEINTR");
    expect(replay.text).toContain("FAIL ret: expected 5, got -1");
    expect(replay.text.split("\n").at(-1)).toBe("0 passed, 1 failed");
  });

  it("exit 3 when a bound stops it, saying which", async () => {
    const { status, text } = await cli("explore", LESSON, "--max-steps", "20");
    expect(status).toBe(3);
    expect(text).toContain("incomplete: stopped after 20 steps");
    expect(text.split("\n").at(-1)).toContain("(incomplete)");
  });

  it("prints what the README shows for the two workers", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.split("## Every order: races between threads and processes")[1] ?? "";
    const command = /```sh\nnpx tsx src\/cli\/main.ts (.*)\n```/.exec(section)?.[1] ?? "";
    const shown = /```\n( {2}3 lanes[\s\S]*?)\n```/.exec(section)?.[1] ?? "";
    expect(shown).not.toBe("");
    const [name, file] = command.split(" ");
    const { status, text } = await cli(name ?? "", join(root, file ?? ""));
    expect(status).toBe(0);
    expect(text).toContain(shown);
    expect(text.split("\n").at(-1)).toBe("2 outcomes, 0 with a failed expectation");
  });

  it("--json prints the result", async () => {
    const { status, text } = await cli("explore", LESSON, "--json");
    expect(status).toBe(0);
    const result = JSON.parse(text) as { stats: { schedules: number }; outcomes: unknown[] };
    expect(result.stats.schedules).toBe(10);
    expect(result.outcomes).toHaveLength(4);
  });

  it("exit 2 for a file it cannot use, or bad options", async () => {
    const plain = join(root, "examples", "scenarios", "split-read-write.json");
    expect(await cli("explore", plain)).toMatchObject({ status: 2 });
    expect((await cli("explore", plain)).text).toContain(
      'field "concurrent": expected concurrent lanes to explore',
    );
    const dir = mkdtempSync(join(tmpdir(), "explore-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ title: "t", steps: [], concurrent: [] }));
    expect((await cli("explore", bad)).text).toContain(
      'bad.json: field "concurrent": expected an array of at least two lanes',
    );
    // A lane's or an after step's place names its line, as a step's does.
    const lanes = join(dir, "lanes.json");
    writeFileSync(
      lanes,
      [
        '{ "title": "t", "steps": [],',
        '  "concurrent": [ { "process": "A", "steps": [ { "call": "WSAGetLastError" } ] },',
        '    { "process": "B", "steps": [',
        '      { "call": "closesocket", "args": { "s": "$nope" } } ] } ] }',
      ].join("\n"),
    );
    expect((await cli("explore", lanes)).text).toContain(
      'lanes.json: lane 1 step 0 (line 4), field "args": argument "s": "$nope" was never saved',
    );
    expect((await cli("explore", LESSON, "--max-steps", "0")).status).toBe(2);
    expect((await cli("explore", LESSON, "--max-depth", "x")).text).toContain(
      "--max-depth: expected a whole number",
    );
    expect((await cli("explore")).status).toBe(2);
    expect((await cli("explore", "--help")).text).toMatch(/^usage: winsock-sim explore FILE/);
  });
});
