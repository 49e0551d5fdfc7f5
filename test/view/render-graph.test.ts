/**
 * renderMermaid and renderDot: what the golden files cannot show. Mermaid output is checked
 * against a conservative grammar written here (no Mermaid parser runs offline); DOT output is
 * parsed by Graphviz itself (@viz-js/viz), whose JSON output gives the edges as Graphviz read them.
 */
import { instance } from "@viz-js/viz";
import { beforeEach, describe, expect, it } from "vitest";
import { sharedSocket } from "../../examples/pictures.js";
import { renderDot, renderMermaid, type StateView } from "../../src/index.js";
import { emptyState, hostileNames, networkTour, overlappedTour } from "./scenarios.js";

const STATES: readonly [string, () => StateView][] = [
  ["shared socket", sharedSocket],
  ["network tour", networkTour],
  ["hostile names", hostileNames],
  ["overlapped tour", overlappedTour],
  ["empty state", emptyState],
];

/** Every socket handle of a view, with the node ids docs/pictures.md documents. */
function socketHandles(view: StateView) {
  return view.processes.flatMap((p) =>
    p.handles.flatMap((h) =>
      h.kind === "socket"
        ? [
            {
              pid: p.pid,
              node: `p${p.pid}_h${h.value}`,
              socket: `s${h.socket}`,
              awaiting: h.status !== "usable",
            },
          ]
        : [],
    ),
  );
}

const ID = "[A-Za-z][A-Za-z0-9_]*";
/** Label text: no quote, no HTML but <br>, every # an entity, no & | ` (written as entities). */
const TEXT = '(?:[^"<>&#`|\\n]|#[A-Za-z0-9]+;|<br>)*';
const MERMAID_LINE = [
  /^flowchart LR$/,
  new RegExp(`^ {2}(?:subgraph )?(${ID})\\["${TEXT}"\\]$`),
  new RegExp(`^ {4}(${ID})\\["${TEXT}"\\]$`),
  /^ {2}end$/,
  new RegExp(`^ {2}(${ID}) (?:-->|-\\.->)(?:\\|"${TEXT}"\\|)? (${ID})$`),
  new RegExp(`^ {2}classDef (${ID}) [a-z-]+: ?[#0-9a-z ]+(?:,[a-z-]+: ?[#0-9a-z ]+)*$`),
  new RegExp(`^ {2}class ${ID}(?:,${ID})* ${ID}$`),
];

interface MermaidEdge {
  readonly from: string;
  readonly to: string;
  readonly dashed: boolean;
}

function mermaidEdges(text: string): MermaidEdge[] {
  const edges: MermaidEdge[] = [];
  for (const line of text.split("\n")) {
    const m = new RegExp(`^ {2}(${ID}) (-->|-\\.->)(?:\\|"[^"]*"\\|)? (${ID})$`).exec(line);
    if (m !== null)
      edges.push({ from: m[1] as string, to: m[3] as string, dashed: m[2] === "-.->" });
  }
  return edges;
}

describe("renderMermaid", () => {
  describe.each(STATES)("%s", (_, build) => {
    // Built in beforeEach, not in the describe body: code run while a file loads has no test to
    // belong to, and mutation testing would then run every test for each kernel mutant it reaches.
    let text = "";
    beforeEach(() => {
      text = renderMermaid(build());
    });

    it("uses only the conservative syntax, with every label quoted and escaped", () => {
      expect(text.endsWith("\n")).toBe(true);
      const lines = text.slice(0, -1).split("\n");
      for (const line of lines) {
        const matched = MERMAID_LINE.some((pattern) => pattern.test(line));
        expect(matched, line).toBe(true);
      }
      const ids = lines.flatMap((line) => [
        ...line.matchAll(new RegExp(`(?:^ +|subgraph )(${ID})\\[`, "g")),
      ]);
      expect(ids.map((m) => m[1])).not.toContain("end");
      expect(lines.filter((l) => /^ {2}subgraph /.test(l)).length).toBe(
        lines.filter((l) => l === "  end").length,
      );
    });

    it("draws exactly one arrow from each socket handle, to its socket, dashed while it awaits WSASocket", () => {
      const view = build();
      const edges = mermaidEdges(text);
      for (const handle of socketHandles(view)) {
        const out = edges.filter((e) => e.from === handle.node);
        expect(out).toEqual([{ from: handle.node, to: handle.socket, dashed: handle.awaiting }]);
      }
      for (const socket of view.sockets) {
        const references = edges.filter((e) => e.to === `s${socket.id}` && /_h\d+$/.test(e.from));
        const events = view.processes.flatMap((p) =>
          p.handles.filter((h) => h.kind === "event").map((h) => `p${p.pid}_h${h.value}`),
        );
        const fromDescriptors = references.filter((e) => !events.includes(e.from));
        expect(fromDescriptors.length).toBe(socket.refCount);
      }
    });

    it("gives the same bytes for the same view, built twice or read back from JSON", () => {
      expect(renderMermaid(build())).toBe(text);
      expect(renderMermaid(JSON.parse(JSON.stringify(build())) as StateView)).toBe(text);
    });
  });

  it("draws registrations and pending duplications as arrows of their own", () => {
    const edges = mermaidEdges(renderMermaid(networkTour()));
    // worker's event 8 is registered on socket #3; client's window on socket #4.
    expect(edges).toContainEqual({ from: "p1032_h8", to: "s3", dashed: false });
    expect(edges).toContainEqual({ from: "w65552", to: "s4", dashed: false });
    // server duplicated the listener into worker, whose handle 12 awaits WSASocket.
    expect(edges).toContainEqual({ from: "p1024_info", to: "p1032_h12", dashed: true });
  });

  it("escapes hostile names into entities Mermaid decodes back", () => {
    const text = renderMermaid(hostileNames());
    expect(text).not.toContain("<script");
    expect(text).toContain('subgraph p1024["process say #quot;hi#quot; (pid 1024)"]');
    expect(text).toContain('["process #lt;script#gt;alert(1)#lt;/script#gt; (pid 1032)"]');
    expect(text).toContain('["process ]} end --#gt; x[#quot; (pid 1048)"]');
    expect(text).toContain('["process #35;35;#amp;amp; #124;pipe#124; #96;tick#96; (pid 1056)"]');
    expect(text).toContain('["process two\\\\nlines (pid 1040)"]');
  });
});

/** Graphviz's own reading of a DOT text: its edges, by node name and port, and its messages. */
async function parseDot(dot: string) {
  const viz = await instance();
  const result = viz.render(dot, { format: "json" });
  expect(result.status).toBe("success");
  const graph = JSON.parse(result.output ?? "{}") as {
    objects?: { _gvid: number; name: string; label?: string }[];
    edges?: { tail: number; head: number; tailport?: string; headport?: string; style?: string }[];
  };
  const name = (gvid: number) => graph.objects?.find((o) => o._gvid === gvid)?.name;
  return {
    errors: result.errors.filter((e) => e.level === "error"),
    objects: graph.objects ?? [],
    edges: (graph.edges ?? []).map((e) => ({
      tail: name(e.tail),
      tailport: e.tailport ?? null,
      head: name(e.head),
      headport: e.headport ?? null,
      dashed: e.style === "dashed",
    })),
  };
}

describe("renderDot", () => {
  describe.each(STATES)("%s", (_, build) => {
    it("is read by Graphviz without errors", async () => {
      expect((await parseDot(renderDot(build()))).errors).toEqual([]);
    });

    it("draws exactly one arrow from each socket handle's row, to its socket", async () => {
      const view = build();
      const { edges } = await parseDot(renderDot(view));
      for (const handle of socketHandles(view)) {
        const out = edges.filter(
          (e) => e.tail === `p${handle.pid}` && e.tailport === `${handle.node}:e`,
        );
        expect(out).toEqual([
          {
            tail: `p${handle.pid}`,
            tailport: `${handle.node}:e`,
            head: handle.socket,
            headport: "w",
            dashed: handle.awaiting,
          },
        ]);
      }
    });

    it("gives the same bytes for the same view, built twice or read back from JSON", () => {
      const dot = renderDot(build());
      expect(renderDot(build())).toBe(dot);
      expect(renderDot(JSON.parse(JSON.stringify(build())) as StateView)).toBe(dot);
    });
  });

  it("has a cluster per process and one for the sockets", async () => {
    const view = networkTour();
    const { objects } = await parseDot(renderDot(view));
    const clusters = objects.map((o) => o.name).filter((n) => n.startsWith("cluster_"));
    expect(clusters).toEqual([
      ...view.processes.map((p) => `cluster_p${p.pid}`),
      "cluster_sockets",
    ]);
  });

  it("escapes hostile names so that Graphviz reads them as text", async () => {
    const dot = renderDot(hostileNames());
    expect(dot).not.toContain("<script");
    const { objects, errors } = await parseDot(dot);
    expect(errors).toEqual([]);
    const label = objects.find((o) => o.name === "cluster_p1032")?.label;
    expect(label).toBe("<B>process &lt;script&gt;alert(1)&lt;/script&gt; (pid 1032)</B>");
  });
});
