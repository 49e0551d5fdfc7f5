/**
 * Seeing the kernel: the state view, what changed between two views, and renderers.
 */

export { diff } from "./diff.js";
export { type Replay, replayScenario } from "./replay.js";
export * from "./types.js";
export { eventNames, view } from "./view.js";
