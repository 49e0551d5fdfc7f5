/** Word wrapping for the CLI's prose (rule statements, sources, changes), at 96 columns. */

const WIDTH = 96;

/** `text` wrapped into lines, the first starting with `first`, the others with `rest`. */
export function wrap(text: string, first: string, rest: string = first): string[] {
  const lines: string[] = [];
  let line = "";
  let indent = first;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      indent = rest;
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(indent + line);
  return lines;
}
