/**
 * renderSvg: the DOT picture laid out by Graphviz compiled to WebAssembly (@viz-js/viz), so it
 * needs no installed Graphviz and runs the same in Node and in a browser bundle.
 */
import { instance, type Viz } from "@viz-js/viz";
import type { StateView } from "../types.js";
import { renderDot } from "./dot.js";

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

/** The SVG picture of a state view (renderDot's graph, laid out by Graphviz's dot). */
export async function renderSvg(view: StateView): Promise<string> {
  return (await graphviz()).renderString(renderDot(view), { format: "svg", engine: "dot" });
}
