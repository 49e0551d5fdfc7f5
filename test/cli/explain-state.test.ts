/**
 * `winsock-sim run --explain/--state`, its --json form, and `winsock-sim show`: the rules in
 * words, what changed, the state after each step, and the errors for options and files that
 * cannot be used.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/commands.js";
import { rule } from "../../src/rules/catalogue.js";
import { validate } from "../../src/scenario/schema-check.js";

const SPLIT = "examples/scenarios/split-read-write.json";
const SHARE = "examples/scenarios/option-seen-through-duplicate.json";
const SCHEMA = JSON.parse(readFileSync("docs/state-view.schema.json", "utf8"));

async function cli(...args: string[]): Promise<{ status: number; text: string }> {
  const lines: string[] = [];
  const status = await main(args, (line) => lines.push(line));
  return { status, text: lines.join("\n") };
}

/** The lines printed under step `index` (up to the next step's line). */
function under(text: string, index: number): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  [${index}] `));
  const end = lines.findIndex((l, i) => i > start && /^ {2}\[\d+\] |^\d+ passed/.test(l));
  return lines.slice(start + 1, end);
}

describe("winsock-sim run --explain", () => {
  it("prints each rule's statement and what the step changed", async () => {
    const { status, text } = await cli("run", "--explain", SHARE);
    expect(status).toBe(0);
    const closing = under(text, 7).join(" ").replace(/\s+/g, " ");
    const statement = rule("LIFE-SHARED-CLOSE")?.statement ?? "missing";
    expect(closing).toContain(`LIFE-SHARED-CLOSE: ${statement.split(/\s+/).join(" ")}`);
    expect(closing).toContain("changed: A's descriptor 4 closed; socket #1 reference count 2 → 1");
    expect(under(text, 5)).toContain("        changed: socket #1 SO_SNDBUF default → 4096");
    // A step that changes nothing says so by saying nothing.
    expect(under(text, 6).some((l) => l.includes("changed:"))).toBe(false);
  });

  it("names the registration that replaced another, and through which descriptor", async () => {
    const { text } = await cli("run", "--explain", SPLIT);
    expect(under(text, 14).join("\n")).toContain(
      "changed: B's WSAEventSelect through descriptor 8 replaced A's registration on socket #3",
    );
  });
});

describe("winsock-sim run --state", () => {
  it("draws the state after every step", async () => {
    const { status, text } = await cli("run", "--state", SHARE);
    expect(status).toBe(0);
    const afterDuplicate = under(text, 3).join("\n");
    expect(afterDuplicate).toContain("refcount 2: A:4, B:4");
    expect(afterDuplicate).toContain("4 ⇢ socket #1 (awaiting WSASocket)");
    expect(under(text, 7).join("\n")).toContain("refcount 1: B:4");
    expect(text.includes("\u001b[")).toBe(false);
  });

  it("--json carries the view, the changes and the rules in words", async () => {
    const { status, text } = await cli("run", "--json", "--state", "--explain", SHARE);
    expect(status).toBe(0);
    const [scenario] = JSON.parse(text).scenarios;
    const step = scenario.steps[7];
    expect(step.changes).toEqual(["A's descriptor 4 closed; socket #1 reference count 2 → 1"]);
    expect(step.explanation[0]).toMatchObject({ id: step.rules[0], statement: expect.any(String) });
    expect(step.explanation[0].links.length).toBeGreaterThan(0);
    for (const s of scenario.steps) expect(validate(SCHEMA, s.state)).toEqual([]);
    expect(step.state.sockets[0].refCount).toBe(1);
  });

  it("--json without them is the plain trace", async () => {
    const { text } = await cli("run", "--json", SHARE);
    const step = JSON.parse(text).scenarios[0].steps[7];
    expect(step.state).toBeUndefined();
    expect(step.changes).toBeUndefined();
  });
});

describe("a file that stops partway", () => {
  it("prints the steps that ran, then the error, and exits 2", async () => {
    const scenario = JSON.parse(readFileSync(SHARE, "utf8"));
    scenario.steps.splice(3, 0, { process: "A", call: "frobnicate" });
    const lines: string[] = [];
    const { runFiles } = await import("../../src/cli/run.js");
    const status = runFiles(
      ["stops.json"],
      { out: (l) => lines.push(l), readFile: () => JSON.stringify(scenario) },
      false,
      { explain: true },
    );
    expect(status).toBe(2);
    const text = lines.join("\n");
    expect(text).toContain("  [2] A: socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4");
    expect(text).toMatch(
      /stops\.json: step 3 \(line \d+\), field "call": unknown call "frobnicate"/,
    );
    expect(text.indexOf("[2] A: socket")).toBeLessThan(text.indexOf("frobnicate"));
  });
});

describe("winsock-sim show", () => {
  it("writes the state after a step in every format", async () => {
    const text = await cli("show", SPLIT, "--step", "14", "--format", "text");
    expect(text.status).toBe(0);
    expect(text.text).toContain("registered FD_WRITE via B:8 on event B:12");
    const mermaid = await cli("show", SPLIT, "--step", "14", "--format", "mermaid");
    expect(mermaid.text.startsWith("flowchart LR")).toBe(true);
    const dot = await cli("show", SPLIT, "--step", "14", "--format", "dot");
    expect(dot.text).toMatch(/^digraph /);
    const svg = await cli("show", SPLIT, "--step", "14", "--format", "svg");
    expect(svg.text).toContain("<svg");
    const json = await cli("show", SPLIT, "--step", "14", "--format", "json");
    const view = JSON.parse(json.text);
    expect(validate(SCHEMA, view)).toEqual([]);
    expect(view.sockets[2].registration.through).toMatchObject({ process: "B", handle: 8 });
  });

  it("shows the last step by default, and a different one when asked", async () => {
    const last = await cli("show", SHARE, "--format", "json");
    const first = await cli("show", SHARE, "--step", "0", "--format", "json");
    expect(JSON.parse(last.text).sockets[0].refCount).toBe(1);
    expect(JSON.parse(first.text).sockets).toEqual([]);
  });

  it("exits 2 naming what is wrong", async () => {
    const cases: [string[], string][] = [
      [["show"], "name exactly one scenario file"],
      [["show", SHARE, SPLIT], "name exactly one scenario file"],
      [["show", SHARE, "--step", "99"], "expected a step number from 0 to 9"],
      [["show", SHARE, "--step", "-1"], 'expected a step number, got "-1"'],
      [
        ["show", SHARE, "--format", "png"],
        'expected one of text, mermaid, dot, svg, json, got "png"',
      ],
      [["show", SHARE, "--step"], "--step needs a value"],
      [["show", SHARE, "--frame", "1"], 'unknown option "--frame"'],
      [["show", "no/such/file.json"], "no/such/file.json: file: expected a readable scenario file"],
      [["run", "--states", SHARE], 'unknown option "--states"'],
    ];
    for (const [args, message] of cases) {
      const { status, text } = await cli(...args);
      expect(status, args.join(" ")).toBe(2);
      expect(text, args.join(" ")).toContain(message);
    }
  });
});

describe("README: See what the kernel holds", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## See what the kernel holds"));

  it("the --explain --state excerpt is what the command prints, in order", async () => {
    const command = /```sh\nnpx tsx src\/cli\/main\.ts (run [^\n]+)\n```/.exec(section)?.[1];
    expect(command).toBe("run --explain --state docs/lessons/01-descriptor-is-not-a-socket.json");
    const { status, text } = await cli(...(command as string).split(" "));
    expect(status).toBe(0);
    const excerpt = /```\n( {2}\[5\][\s\S]*?)```/.exec(section)?.[1] ?? "";
    const lines = text.split("\n");
    let at = 0;
    for (const line of excerpt.split("\n").filter((l) => l !== "" && l.trim() !== "...")) {
      const found = lines.indexOf(line, at);
      expect(found, `README line not printed (in order): ${line}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(at).toBeGreaterThan(10);
  });

  it("the show command it names draws the step as SVG", async () => {
    const command = /`npx tsx src\/cli\/main\.ts (show [^`]+)`/.exec(section)?.[1];
    expect(command).toBeDefined();
    const { status, text } = await cli(...(command as string).split(" "));
    expect(status).toBe(0);
    expect(text).toContain("<svg");
    expect(text).toContain("socket #1");
  });
});
