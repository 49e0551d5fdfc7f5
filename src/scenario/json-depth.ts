/**
 * How deeply JSON text nests. JSON.parse itself takes 5,000 levels in its stride, but every reader
 * of values after it recurses (substituting saved names, matching expectations), and there they
 * end in "Maximum call stack size exceeded", which names no place. The text is scanned rather
 * than the parsed value so that the place is the bracket that went too deep.
 */

/** The offset of the first "[" or "{" nested deeper than `max` in valid JSON `text`, or -1. */
export function tooDeepOffset(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth > max) return i;
    } else if (c === "]" || c === "}") depth--;
  }
  return -1;
}
