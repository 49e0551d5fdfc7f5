/**
 * docs/pictures.md's example is true: its program is examples/pictures.ts (imports aside), and
 * each output it shows is exactly what the renderer prints for that program's state, as is
 * docs/pictures-example.svg.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedSocket } from "../../examples/pictures.js";
import { renderDot, renderMermaid, renderSvg, renderText } from "../../src/index.js";

const doc = readFileSync("docs/pictures.md", "utf8");

/** The fenced block after `<!-- example: name -->`, without its fences. */
function example(name: string): string {
  const block = new RegExp(`<!-- example: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`).exec(
    doc,
  );
  if (block === null) throw new Error(`docs/pictures.md has no "${name}" example block`);
  return block[1] as string;
}

describe("docs/pictures.md", () => {
  it("shows examples/pictures.ts as its program", () => {
    const file = readFileSync("examples/pictures.ts", "utf8");
    const program = file
      .slice(file.indexOf("import {"))
      .replace('from "../src/index.js"', 'from "winsock-sim"');
    expect(example("program")).toBe(program);
  });

  it("builds the state it describes", () => {
    // The program checks no results; the picture would be wrong if a call had failed.
    const [socket] = sharedSocket().sockets;
    expect(socket?.refCount).toBe(2);
    expect(socket?.options).toEqual({ SO_SNDBUF: 4096 });
    expect(socket?.registration?.mask).toEqual(["FD_READ", "FD_CLOSE"]);
  });

  it("shows what renderText prints", () => {
    expect(example("text")).toBe(renderText(sharedSocket()));
  });

  it("shows what renderMermaid prints", () => {
    expect(example("mermaid")).toBe(renderMermaid(sharedSocket()));
  });

  it("shows what renderDot prints", () => {
    expect(example("dot")).toBe(renderDot(sharedSocket()));
  });

  it("links the SVG renderSvg makes", async () => {
    expect(doc).toContain("](pictures-example.svg)");
    expect(readFileSync("docs/pictures-example.svg", "utf8")).toBe(await renderSvg(sharedSocket()));
  });
});
