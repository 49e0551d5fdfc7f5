import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/commands.js";

function run(...args: string[]): { status: number; text: string } {
  const lines: string[] = [];
  const status = main(args, (line) => lines.push(line));
  return { status, text: lines.join("\n") };
}

describe("winsock-sim CLI", () => {
  it("lists the rules", () => {
    const { status, text } = run("rules");
    expect(status).toBe(0);
    expect(text).toContain("LIFE-LAST-CLOSE");
    expect(text).toContain("DUP-SINGLE-USE");
  });

  it("shows a rule with its source and the Windows note", () => {
    const { status, text } = run("rule", "DUP-SINGLE-USE");
    expect(status).toBe(0);
    expect(text).toContain("source:");
    expect(text).toContain("windows:");
  });

  it("exits 2 with a message for an unknown rule or command", () => {
    expect(run("rule", "NO-SUCH-RULE")).toMatchObject({ status: 2 });
    expect(run("rule").status).toBe(2);
    expect(run("frobnicate").text).toContain('unknown command "frobnicate"');
    expect(run().status).toBe(2);
    expect(run("help").status).toBe(0);
  });
});
