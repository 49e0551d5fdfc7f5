import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/commands.js";
import { rule } from "../../src/rules/catalogue.js";

async function run(...args: string[]): Promise<{ status: number; lines: string[] }> {
  const lines: string[] = [];
  const status = await main(args, (line) => lines.push(...line.split("\n")));
  return { status, lines };
}

describe("winsock-sim rule ID: links", () => {
  it("prints every link of the rule: its title, then its url alone on a line", async () => {
    const { status, lines } = await run("rule", "DUP-SINGLE-USE");
    expect(status).toBe(0);
    const start = lines.indexOf("  links:");
    expect(start).toBeGreaterThan(0);
    const shown = lines.slice(start + 1).map((l) => l.trim());
    const links = rule("DUP-SINGLE-USE")?.links ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(shown).toContain(link.url);
      // A long title is wrapped; its first words open a line of their own.
      expect(shown.some((l) => link.title.startsWith(l))).toBe(true);
    }
  });
});
