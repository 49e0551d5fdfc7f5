/**
 * The line of the step a ScenarioError names ("a.json: step 3 (line 27), field ..."), found in
 * the file's text with the locator the playground uses: in a long file, "step 3" alone means
 * counting steps by hand.
 */
import { locate, placePath } from "./locate.js";
import { ScenarioError } from "./types.js";

/** `error` with the line of its step in `text`; unchanged when it names no step or has a line. */
export function withStepLine(error: ScenarioError, text: string): ScenarioError {
  const path = placePath(error.place);
  if (error.line !== undefined || path === null) return error;
  // The step itself: steps[N], after[N], or concurrent[L].steps[N].
  const length = { steps: 2, after: 2, concurrent: path[2] === "steps" ? 4 : 0 }[String(path[0])];
  if (length === undefined || length === 0 || path.length < length) return error;
  const syntax = /\.ya?ml$/i.test(error.file) ? "yaml" : "json";
  const found = locate(text, syntax, path.slice(0, length));
  if (!found.exact) return error;
  return new ScenarioError(error.file, error.place, error.expected, found.line);
}
