/**
 * Seeing the kernel: the state view, what changed between two views, and renderers.
 */

export { diff } from "./diff.js";
export { renderDot } from "./render/dot.js";
export { renderMermaid } from "./render/mermaid.js";
export { renderSvg } from "./render/svg.js";
export { DEFAULT_TEXT_WIDTH, MIN_TEXT_WIDTH, renderText, type TextOptions } from "./render/text.js";
export { type Replay, replayScenario } from "./replay.js";
export * from "./types.js";
export { eventNames, view } from "./view.js";
