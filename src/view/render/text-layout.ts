/**
 * Terminal layout for renderText: display widths, word wrapping, boxes drawn with box-drawing
 * characters, two columns side by side, and ANSI colour.
 *
 * Lines are built as rows of segments, each with a tone, and coloured only at the very end: the
 * layout measures and pads text without escape codes, so colour can never change a width, and
 * output without colour is the coloured output with the codes removed.
 */
import type { Fact, Tone } from "./facts.js";

export type SegmentTone = Tone | "border";

export interface Segment {
  readonly text: string;
  readonly tone: SegmentTone;
}

export type Row = readonly Segment[];

/**
 * Code points a terminal draws two columns wide (East Asian Wide and Fullwidth, and the emoji
 * blocks), as ranges. Escaped invisible characters (escape.ts) never reach here, so the only
 * zero-width code points left are combining marks.
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

const COMBINING = /^\p{M}$/u;

function charWidth(c: string): number {
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0x300 && COMBINING.test(c)) return 0;
  for (const [low, high] of WIDE) if (code >= low && code <= high) return 2;
  return 1;
}

/** The columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += charWidth(c);
  return width;
}

/** `word` cut into pieces of at most `width` columns (a name longer than a whole line). */
function cut(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (const c of word) {
    if (piece !== "" && displayWidth(piece) + charWidth(c) > width) {
      pieces.push(piece);
      piece = "";
    }
    piece += c;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * A fact wrapped at spaces into lines of at most `width` columns. Continuation lines are indented
 * two columns more than the first, so a wrapped fact reads as one item.
 */
export function wrap(fact: Fact, width: number): Fact[] {
  if (displayWidth(fact.text) <= width) return [fact];
  const body = fact.text.trimStart();
  const indent = Math.min(fact.text.length - body.length, Math.floor(width / 2));
  const first = " ".repeat(indent);
  const next = " ".repeat(Math.min(indent + 2, Math.floor(width / 2)));
  const lines: string[] = [];
  let line = first;
  let fresh = true; // nothing but indentation on `line` yet
  for (const word of body.split(" ")) {
    if (!fresh && displayWidth(line) + 1 + displayWidth(word) <= width) {
      line += ` ${word}`;
      continue;
    }
    if (!fresh) {
      lines.push(line);
      line = next;
    }
    const pieces = cut(word, width - displayWidth(line));
    for (const piece of pieces.slice(0, -1)) {
      lines.push(line + piece);
      line = next;
    }
    line += pieces[pieces.length - 1];
    fresh = false;
  }
  lines.push(line);
  return lines.map((text) => ({ text, tone: fact.tone }));
}

/** The box drawn around facts: its title on the top border, or inside when it does not fit. */
export interface Box {
  readonly title: string;
  readonly facts: readonly Fact[];
}

const BORDER_AROUND_TITLE = 6; // "┌─ " + " ─┐" at the least
const BORDER_AROUND_TEXT = 4; // "│ " + " │"

/** The width a box would take with nothing wrapped. */
export function naturalWidth(box: Box): number {
  let width = displayWidth(box.title) + BORDER_AROUND_TITLE;
  for (const fact of box.facts) {
    width = Math.max(width, displayWidth(fact.text) + BORDER_AROUND_TEXT);
  }
  return width;
}

function border(text: string): Segment {
  return { text, tone: "border" };
}

function pad(width: number): Segment {
  return { text: " ".repeat(Math.max(0, width)), tone: "plain" };
}

/** A box exactly `width` columns wide, its facts wrapped to fit. */
export function drawBox(box: Box, width: number): Row[] {
  const inner = width - BORDER_AROUND_TEXT;
  const titleWidth = displayWidth(box.title);
  const rows: Row[] = [];
  let facts: Fact[] = [...box.facts];
  if (titleWidth + BORDER_AROUND_TITLE <= width) {
    rows.push([
      border("┌─ "),
      { text: box.title, tone: "title" },
      border(` ${"─".repeat(width - titleWidth - 5)}┐`),
    ]);
  } else {
    rows.push([border(`┌${"─".repeat(width - 2)}┐`)]);
    facts = [{ text: box.title, tone: "title" }, ...facts];
  }
  for (const fact of facts.flatMap((f) => wrap(f, inner))) {
    rows.push([
      border("│ "),
      { text: fact.text, tone: fact.tone },
      pad(inner - displayWidth(fact.text)),
      border(" │"),
    ]);
  }
  rows.push([border(`└${"─".repeat(width - 2)}┘`)]);
  return rows;
}

function rowWidth(row: Row): number {
  let width = 0;
  for (const segment of row) width += displayWidth(segment.text);
  return width;
}

/** Two columns of rows, the left one padded to `leftWidth`, `gap` spaces between them. */
export function sideBySide(
  left: readonly Row[],
  leftWidth: number,
  right: readonly Row[],
  gap: number,
): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? [];
    rows.push([...l, pad(leftWidth - rowWidth(l) + gap), ...(right[i] ?? [])]);
  }
  return rows;
}

const ANSI: Readonly<Record<SegmentTone, string>> = {
  plain: "",
  title: "\x1b[1m",
  error: "\x1b[31m",
  waiting: "\x1b[33m",
  border: "\x1b[2m",
};

/** A row as one line: trailing spaces removed, each toned segment coloured when `color`. */
export function paint(row: Row, color: boolean): string {
  const segments = [...row];
  while (segments.length > 0) {
    const last = segments[segments.length - 1] as Segment;
    const trimmed = last.text.replace(/ +$/, "");
    if (trimmed !== "") {
      segments[segments.length - 1] = { text: trimmed, tone: last.tone };
      break;
    }
    segments.pop();
  }
  return segments
    .map((s) => (color && ANSI[s.tone] !== "" ? `${ANSI[s.tone]}${s.text}\x1b[0m` : s.text))
    .join("");
}
