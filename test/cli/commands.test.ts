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

  it("exits 2 with a message for an unknown rule or command", async () => {
    expect(await run("rule", "NO-SUCH-RULE")).toMatchObject({ status: 2 });
    expect((await run("rule")).status).toBe(2);
    expect((await run("frobnicate")).text).toContain('unknown command "frobnicate"');
    expect((await run()).status).toBe(2);
    expect((await run("help")).status).toBe(0);
  });
});
