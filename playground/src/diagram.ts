/** The state diagram: the simulator's SVG renderer (Graphviz's dot, compiled to WebAssembly). */
export { renderSvg } from "../../src/view/render/svg.js";
