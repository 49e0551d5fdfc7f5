/**
 * renderSvg: the SVG is well-formed, shows every socket, shows hostile names as text, and the
 * renderers can go into a browser bundle (nothing under src/view imports a node: module).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedSocket } from "../../examples/pictures.js";
import { renderSvg, type StateView } from "../../src/index.js";
import { emptyState, hostileNames, networkTour, overlappedTour } from "./scenarios.js";

const STATES: readonly [string, () => StateView][] = [
  ["shared socket", sharedSocket],
  ["network tour", networkTour],
  ["hostile names", hostileNames],
  ["overlapped tour", overlappedTour],
  ["empty state", emptyState],
];

/**
 * Checks that tags nest: each start tag closed in order, attributes quoted, nothing but
 * comments, the XML declaration and the DOCTYPE outside the tags. Returns the problem or null.
 */
function nestingProblem(svg: string): string | null {
  const open: string[] = [];
  const tag =
    /<!--[\s\S]*?-->|<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|</g;
  for (const m of svg.matchAll(tag)) {
    if (m[0] === "<") return `a stray < at ${m.index}`;
    const name = m[2];
    if (name === undefined) continue;
    if (m[1] === "/") {
      if (open.pop() !== name) return `</${name}> at ${m.index} closes nothing open`;
    } else if (m[4] !== "/") {
      open.push(name);
    }
  }
  return open.length === 0 ? null : `unclosed ${open.join(", ")}`;
}

/** The text of every <text> element, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] as string)
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  );
}

describe("renderSvg", () => {
  describe.each(STATES)("%s", (_, build) => {
    it("is a well-formed SVG document naming every socket", async () => {
      const view = build();
      const svg = await renderSvg(view);
      expect(svg.startsWith("<?xml") || svg.startsWith("<svg")).toBe(true);
      expect(svg).toMatch(/<svg[\s>]/);
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
      expect(nestingProblem(svg)).toBeNull();
      const shown = texts(svg);
      for (const socket of view.sockets) expect(shown).toContain(`socket #${socket.id}`);
      expect(shown).toContain(`t = ${view.clock} ms`);
    });
  });

  it("shows hostile names as text, never as markup", async () => {
    const svg = await renderSvg(hostileNames());
    expect(svg).not.toMatch(/<script/i);
    const shown = texts(svg);
    for (const title of [
      'process say "hi" (pid 1024)',
      "process <script>alert(1)</script> (pid 1032)",
      "process two\\nlines (pid 1040)",
      'process ]} end --> x[" (pid 1048)',
      "process #35;&amp; |pipe| `tick` (pid 1056)",
      "process \\u{1b}[31mred\\u{1b}[0m (pid 1064)",
      "process \\u{202e}evil (pid 1072)",
      "process 進程 (pid 1080)",
      "process back\\\\nslash (pid 1088)",
      "process (pid 1096)",
    ]) {
      expect(shown).toContain(title);
    }
  });

  it("opens with a title that summarises the state, for assistive technology", async () => {
    const svg = await renderSvg(networkTour());
    const root = /<svg\b[^>]*>\n<title>([^<]*)<\/title>/.exec(svg);
    const view = networkTour();
    expect(root?.[1]).toBe(
      `winsock-sim state, t = ${view.clock} ms: ${view.processes.length} processes, ${view.sockets.length} sockets`,
    );
    expect(await renderSvg(emptyState())).toContain(
      "<title>winsock-sim state, t = 0 ms: 0 processes, 0 sockets</title>",
    );
  });

  it("gives the same bytes each time, also when called concurrently", async () => {
    const [a, b] = await Promise.all([renderSvg(networkTour()), renderSvg(networkTour())]);
    expect(a).toBe(b);
    expect(await renderSvg(networkTour())).toBe(a);
  });

  it("goes into a browser bundle: no file under src/view imports a node: module", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    const sources = files("src/view").filter((f) => f.endsWith(".ts"));
    expect(sources).toContain(join("src/view/render/svg.ts"));
    for (const file of sources) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/from\s+["']node:|import\(\s*["']node:/);
    }
  });
});
