import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/commands.js";

async function run(...args: string[]): Promise<{ status: number; text: string }> {
  const lines: string[] = [];
  const status = await main(args, (line) => lines.push(line));
  return { status, text: lines.join("\n") };
}

describe("winsock-sim CLI", () => {
  it("lists the rules", async () => {
    const { status, text } = await run("rules");
    expect(status).toBe(0);
    expect(text).toContain("LIFE-LAST-CLOSE");
    expect(text).toContain("DUP-SINGLE-USE");
  });

  it("shows a rule with its source and the Windows note", async () => {
    const { status, text } = await run("rule", "DUP-SINGLE-USE");
    expect(status).toBe(0);
    expect(text).toContain("source:");
    expect(text).toContain("windows:");
  });

  it("prints one command's usage with --help, exit 0", async () => {
    for (const command of ["run", "show", "rules"]) {
      const { status, text } = await run(command, "--help");
      expect(status).toBe(0);
      expect(text.split("\n")[0]).toMatch(new RegExp(`^usage: winsock-sim ${command} `));
      expect(text).not.toContain("commands:");
    }
  });

  it("lists only the rules whose id starts with a prefix, case ignored", async () => {
    const { status, text } = await run("rules", "dup-");
    expect(status).toBe(0);
    expect(text).toContain("DUP-SINGLE-USE");
    expect(text).not.toContain("LIFE-LAST-CLOSE");
  });

  it("exits 2 when no rule id starts with the prefix", async () => {
    const { status, text } = await run("rules", "NOPE-");
    expect(status).toBe(2);
    expect(text).toBe(
      'winsock-sim rules: no rule id starts with "NOPE-" (see `winsock-sim rules`)',
    );
  });

  it("exits 2 for more than one prefix", async () => {
    const { status, text } = await run("rules", "DUP", "LIFE");
    expect(status).toBe(2);
    expect(text).toBe("winsock-sim rules: name at most one prefix of rule ids");
  });

  it("exits 2 with a message for an unknown rule or command", async () => {
    expect(await run("rule", "NO-SUCH-RULE")).toMatchObject({ status: 2 });
    expect((await run("rule")).status).toBe(2);
    expect((await run("frobnicate")).text).toContain('unknown command "frobnicate"');
    expect((await run()).status).toBe(2);
    expect((await run("help")).status).toBe(0);
  });
});
