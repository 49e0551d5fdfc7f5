/**
 * `winsock-sim show FILE [--step N] [--format text|mermaid|dot|svg|json]`: the state after one
 * step of a scenario, as a picture or as the state view's JSON.
 *
 * Exit status: 0 when the picture was written, 2 when the file or the options cannot be used
 * (the message names the file or the option and what was expected).
 */
import { withStepLine } from "../scenario/error-line.js";
import { parseScenario } from "../scenario/read.js";
import { ScenarioError } from "../scenario/types.js";
import { renderDot } from "../view/render/dot.js";
import { renderMermaid } from "../view/render/mermaid.js";
import { renderText } from "../view/render/text.js";
import { replayScenario } from "../view/replay.js";
import type { StateView } from "../view/types.js";
import { view } from "../view/view.js";
import { readScenarioFile } from "./read-file.js";

export const SHOW_FORMATS = ["text", "mermaid", "dot", "svg", "json"] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export interface ShowOptions {
  readonly file: string;
  /** The step whose after-state is shown (as the trace numbers steps); the last when absent. */
  readonly step?: number;
  readonly format: ShowFormat;
  readonly color?: boolean;
}

export interface ShowIo {
  readonly out: (text: string) => void;
  readonly readFile?: (path: string) => string;
}

export async function render(state: StateView, format: ShowFormat, color = false) {
  switch (format) {
    case "text":
      return renderText(state, { color });
    case "mermaid":
      return renderMermaid(state);
    case "dot":
      return renderDot(state);
    case "svg": {
      // Loaded only when asked for: Graphviz's WebAssembly is most of what the CLI would
      // otherwise read at every start (docs/performance.md, "The CLI's start").
      const { renderSvg } = await import("../view/render/svg.js");
      return renderSvg(state);
    }
    case "json":
      return `${JSON.stringify(state, null, 2)}\n`;
  }
}

export async function show(options: ShowOptions, io: ShowIo): Promise<number> {
  const read = io.readFile ?? readScenarioFile;
  const { file } = options;
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    if (error instanceof ScenarioError) {
      io.out(error.message);
      return 2;
    }
    io.out(`${file}: file: expected a readable scenario file (${(error as Error).message})`);
    return 2;
  }
  let replay: ReturnType<typeof replayScenario>;
  try {
    replay = replayScenario(file, parseScenario(file, text));
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    io.out(withStepLine(error, text).message);
    return 2;
  }
  if (replay.error !== null) {
    io.out(withStepLine(replay.error, text).message);
    return 2;
  }
  const last = replay.steps.length - 1;
  const step = options.step ?? last;
  if (!Number.isInteger(step) || step < 0 || step > last) {
    io.out(
      `winsock-sim show: --step: expected a step number from 0 to ${last} (${file} has ${
        replay.steps.length
      } steps), got ${step}`,
    );
    return 2;
  }
  const state = replay.states[step + 1];
  if (state === undefined) throw new Error(`no snapshot after step ${step}`);
  const picture = await render(view(state), options.format, options.color === true);
  io.out(picture.endsWith("\n") ? picture.slice(0, -1) : picture);
  return 0;
}
