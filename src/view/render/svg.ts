/**
 * renderSvg: the DOT picture laid out by Graphviz compiled to WebAssembly (@viz-js/viz), so it
 * needs no installed Graphviz and runs the same in Node and in a browser bundle.
 */
import { instance, type Viz } from "@viz-js/viz";
import type { StateView } from "../types.js";
import { renderDot } from "./dot.js";
import { clockText } from "./facts.js";

/**
 * One Graphviz instance for every call: compiling the WebAssembly module is the slow part. A
 * failed start is forgotten, so a later call tries again.
 */
let viz: Promise<Viz> | null = null;

function graphviz(): Promise<Viz> {
  viz ??= instance().catch((error: unknown) => {
    viz = null;
    throw error;
  });
  return viz;
}

/** What a screen reader says for the picture: a summary, since the picture holds the detail. */
function summary(view: StateView): string {
  const processes =
    view.processes.length === 1 ? "1 process" : `${view.processes.length} processes`;
  const sockets = view.sockets.length === 1 ? "1 socket" : `${view.sockets.length} sockets`;
  return `winsock-sim state, ${clockText(view)}: ${processes}, ${sockets}`;
}

/**
 * The SVG picture of a state view (renderDot's graph, laid out by Graphviz's dot), with a
 * <title> as the root's first child: Graphviz titles only its inner group, and a picture without
 * its own title is anonymous to assistive technology.
 */
export async function renderSvg(view: StateView): Promise<string> {
  const svg = (await graphviz()).renderString(renderDot(view), { format: "svg", engine: "dot" });
  return svg.replace(/(<svg\b[^>]*>)/, `$1\n<title>${summary(view)}</title>`);
}
