/**
 * renderMermaid: a state view as a Mermaid flowchart (graph.ts says what is drawn).
 *
 * The syntax is kept to the forms every Mermaid version since 9 reads: quoted labels
 * (`id["..."]`, `subgraph id["..."]`, `-->|"..."|`), `-->` and `-.->` arrows, `classDef` and
 * `class`. Every label goes through mermaidText, so no name can end a label or inject HTML.
 */
import type { StateView } from "../types.js";
import { mermaidText } from "./escape.js";
import type { Fact } from "./facts.js";
import { type GraphEdge, type GraphNode, graphOf } from "./graph.js";

/** Lines of a label joined by `<br>`, the line break Mermaid's HTML labels understand. */
function label(lines: readonly Fact[]): string {
  return `"${lines.map((line) => mermaidText(line.text.trim())).join("<br>")}"`;
}

function node(n: GraphNode, indent: string): string {
  return `${indent}${n.id}[${label(n.lines)}]`;
}

function edge(e: GraphEdge): string {
  const arrow = e.dashed ? "-.->" : "-->";
  const text = e.label === null ? "" : `|"${mermaidText(e.label)}"|`;
  return `  ${e.from} ${arrow}${text} ${e.to}`;
}

const CLASSES = {
  waiting: "stroke-dasharray: 5 5",
  error: "stroke:#c00,stroke-width:2px",
} as const;

/** The Mermaid flowchart of a state view; paste it into any Mermaid renderer. */
export function renderMermaid(view: StateView): string {
  const graph = graphOf(view);
  const lines = ["flowchart LR", `  clock[${label([{ text: graph.clock, tone: "title" }])}]`];
  for (const group of graph.groups) {
    lines.push(`  subgraph ${group.id}[${label([{ text: group.title, tone: "title" }])}]`);
    for (const n of group.nodes) lines.push(node(n, "    "));
    lines.push("  end");
  }
  for (const e of graph.edges) lines.push(edge(e));
  for (const [name, style] of Object.entries(CLASSES)) {
    const members = graph.groups.flatMap((g) => g.nodes.filter((n) => n.emphasis === name));
    if (members.length === 0) continue;
    lines.push(`  classDef ${name} ${style}`);
    lines.push(`  class ${members.map((n) => n.id).join(",")} ${name}`);
  }
  return `${lines.join("\n")}\n`;
}
