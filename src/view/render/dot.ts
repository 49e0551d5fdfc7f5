/**
 * renderDot: a state view as a Graphviz digraph (graph.ts says what is drawn), laid out left to
 * right so that handles sit left of their sockets. Each process is a cluster holding one table,
 * as Python Tutor draws a frame: its threads in the first row, then a row per handle, each row a
 * port that the handle's arrow leaves from. Sockets and windows are tables of their facts.
 *
 * Labels are HTML-like (`label=<...>`), which Graphviz parses as XML: every text goes through
 * htmlText, and the only markup is what this file writes.
 */
import type { StateView } from "../types.js";
import { htmlText } from "./escape.js";
import type { Fact, Tone } from "./facts.js";
import { type GraphEdge, type GraphGroup, type GraphNode, graphOf } from "./graph.js";

const FONT = "Courier";
const WAITING = "darkorange3";
const ERROR = "red3";
const REGISTRATION = "blue4";
const HEADER = "gray90";
const TABLE = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4"';

function styled(text: string, tone: Tone): string {
  const escaped = htmlText(text);
  switch (tone) {
    case "title":
      return `<B>${escaped}</B>`;
    case "error":
      return `<FONT COLOR="${ERROR}">${escaped}</FONT>`;
    case "waiting":
      return `<FONT COLOR="${WAITING}">${escaped}</FONT>`;
    default:
      return escaped;
  }
}

/** A left-aligned cell of lines; BALIGN aligns the lines that <BR/> separates. */
function cell(lines: readonly Fact[], attributes = ""): string {
  const text = lines.map((l) => styled(l.text, l.tone)).join("<BR/>");
  return `<TR><TD ALIGN="LEFT" BALIGN="LEFT"${attributes}>${text}</TD></TR>`;
}

/** A node whose label is a table, one row a line: Graphviz ignores the space between tags. */
function tableNode(id: string, table: string, rows: readonly string[]): string {
  return [
    `    ${id} [label=<`,
    `      ${table}>`,
    ...rows.map((r) => `        ${r}`),
    "      </TABLE>",
    "    >];",
  ].join("\n");
}

/** A socket or window: its title on a shaded row, its facts below. */
function objectNode(n: GraphNode): string {
  const [title, ...facts] = n.lines;
  const color = n.emphasis === "error" ? ` COLOR="${ERROR}"` : "";
  const rows = [
    ...(title === undefined ? [] : [cell([title], ` BGCOLOR="${HEADER}"`)]),
    ...(facts.length === 0 ? [] : [cell(facts)]),
  ];
  return tableNode(n.id, `${TABLE}${color}`, rows);
}

/** A process's table: threads, then one row per handle, each row a port named by its node id. */
function processTable(group: GraphGroup): string {
  const rows = group.nodes
    .filter((n) => n.kind === "info" || n.kind === "handle")
    .map((n) => {
      // Colour, not STYLE="dashed": Graphviz 16's JSON output garbles a cell's dashed style.
      const waiting = n.emphasis === "waiting" ? ` COLOR="${WAITING}"` : "";
      return cell(n.lines, ` PORT="${n.id}"${waiting}`);
    });
  return tableNode(group.id, TABLE, rows);
}

function cluster(group: GraphGroup): string[] {
  const table = group.nodes.some((n) => n.kind === "info" || n.kind === "handle");
  return [
    `  subgraph cluster_${group.id} {`,
    `    label=<${styled(group.title, "title")}>;`,
    ...(table ? [processTable(group)] : []),
    ...group.nodes.filter((n) => n.kind === "window" || n.kind === "socket").map(objectNode),
    "  }",
  ];
}

/**
 * Where an edge attaches: a process table's row, or a node. Arrows leave from the right side and
 * arrive on the left, so they run left to right like the layout and never cross a table.
 */
function endpoints(groups: readonly GraphGroup[]): Map<string, string> {
  const ports = new Map<string, string>();
  for (const group of groups) {
    for (const n of group.nodes) {
      if (n.kind === "info" || n.kind === "handle") ports.set(n.id, `${group.id}:${n.id}`);
    }
  }
  return ports;
}

function edge(e: GraphEdge, ports: ReadonlyMap<string, string>): string {
  const from = `${ports.get(e.from) ?? e.from}:e`;
  const to = `${ports.get(e.to) ?? e.to}:w`;
  const attributes: string[] = [];
  if (e.dashed) attributes.push("style=dashed");
  if (e.kind === "duplication" || e.kind === "operation")
    attributes.push(`color=${WAITING}`, `fontcolor=${WAITING}`);
  if (e.kind === "registration")
    attributes.push(`color=${REGISTRATION}`, `fontcolor=${REGISTRATION}`);
  if (e.label !== null) attributes.push(`label=<${htmlText(e.label)}>`);
  const list = attributes.length === 0 ? "" : ` [${attributes.join(", ")}]`;
  return `  ${from} -> ${to}${list};`;
}

/** The Graphviz DOT text of a state view (`dot -Tsvg`, or renderSvg). */
export function renderDot(view: StateView): string {
  const graph = graphOf(view);
  const ports = endpoints(graph.groups);
  const title = styled(graph.clock, "title");
  return `${[
    "digraph winsock {",
    `  graph [rankdir=LR, fontname="${FONT}", fontsize=11, labelloc=t, labeljust=l, label=<${title}>];`,
    `  node [shape=plain, fontname="${FONT}", fontsize=10];`,
    `  edge [fontname="${FONT}", fontsize=9];`,
    ...graph.groups.flatMap(cluster),
    ...graph.edges.map((e) => edge(e, ports)),
    "}",
  ].join("\n")}\n`;
}
