/**
 * renderText: a state view as a terminal picture. Processes (threads, then the handle table) and
 * their windows on the left, underlying sockets on the right, as in Python Tutor's frames and
 * objects; each handle row names the socket it points to, and each socket lists the descriptors
 * that name it, since a terminal cannot draw the arrows. When the two columns do not fit in the
 * width, the sockets go below the processes.
 */
import type { ProcessView, SocketView, StateView, WindowView } from "../types.js";
import {
  clockText,
  type Fact,
  handleRow,
  processFacts,
  processTitle,
  socketFacts,
  socketTitle,
  windowFacts,
  windowTitle,
} from "./facts.js";
import {
  type Box,
  drawBox,
  naturalWidth,
  paint,
  type Row,
  sideBySide,
  wrap,
} from "./text-layout.js";

export interface TextOptions {
  /** ANSI colour; off unless asked for (the caller knows whether it writes to a terminal). */
  readonly color?: boolean;
  /** No line is longer than this many columns (default 100, at least 24). */
  readonly width?: number;
}

export const DEFAULT_TEXT_WIDTH = 100;
/** Narrower than this, boxes would have almost no room inside their borders. */
export const MIN_TEXT_WIDTH = 24;
/** Below this width per column, the sockets go under the processes instead of beside them. */
const MIN_COLUMN = 36;
const GAP = 3;

function processBox(process: ProcessView): Box {
  const digits = Math.max(0, ...process.handles.map((h) => String(h.value).length));
  const handles: Fact[] =
    process.handles.length === 0
      ? [{ text: "handles: none", tone: "plain" }]
      : [
          { text: "handles:", tone: "plain" },
          ...process.handles.map((h) => {
            const row = handleRow(h, digits);
            return { text: `  ${row.text}`, tone: row.tone };
          }),
        ];
  return { title: processTitle(process), facts: [...processFacts(process), ...handles] };
}

function windowBox(window: WindowView): Box {
  return { title: windowTitle(window), facts: windowFacts(window) };
}

function socketBox(socket: SocketView, view: StateView): Box {
  return { title: socketTitle(socket.id), facts: socketFacts(socket, view) };
}

/** A column: its heading, then its boxes `width` wide with a blank row between them. */
function column(heading: string, empty: string, boxes: readonly Box[], width: number): Row[] {
  const rows: Row[] = wrap({ text: heading, tone: "title" }, width).map((f) => [f]);
  if (boxes.length === 0) {
    rows.push(...wrap({ text: empty, tone: "plain" }, width).map((f) => [f]));
  }
  boxes.forEach((box, i) => {
    if (i > 0) rows.push([]);
    rows.push(...drawBox(box, width));
  });
  return rows;
}

function columnWidth(heading: string, empty: string, boxes: readonly Box[]): number {
  return Math.max(heading.length, empty.length, ...boxes.map(naturalWidth));
}

/**
 * The process column's width when both columns share `available` columns: its natural width if
 * the two fit. Otherwise the process column is due two fifths, the sockets' longer facts the
 * rest; a column that needs less than its due keeps what it needs and the other gets the rest,
 * so one very long line (a socket named by ten descriptors) cannot squeeze the other column.
 */
function leftColumnWidth(leftNatural: number, rightNatural: number, available: number): number {
  const due = Math.max(MIN_COLUMN, Math.floor((available * 2) / 5));
  if (leftNatural + rightNatural <= available || leftNatural <= due) return leftNatural;
  if (rightNatural <= available - due) return available - rightNatural;
  return due;
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < MIN_TEXT_WIDTH) {
    throw new RangeError(`width must be an integer of at least ${MIN_TEXT_WIDTH}, not ${width}`);
  }
}

/** The terminal picture of a state view; every line at most `options.width` columns. */
export function renderText(view: StateView, options: TextOptions = {}): string {
  const width = options.width ?? DEFAULT_TEXT_WIDTH;
  checkWidth(width);
  const left = [...view.processes.map(processBox), ...view.windows.map(windowBox)];
  const right = view.sockets.map((socket) => socketBox(socket, view));
  const leftHeading = "processes";
  const rightHeading = "underlying sockets";
  const leftEmpty = "no processes";
  const rightEmpty = "no sockets";
  const leftNatural = columnWidth(leftHeading, leftEmpty, left);
  const rightNatural = columnWidth(rightHeading, rightEmpty, right);

  const rows: Row[] = [];
  for (const fact of wrap({ text: `state at ${clockText(view)}`, tone: "title" }, width)) {
    rows.push([fact]);
  }
  rows.push([]);
  const available = width - GAP;
  if (leftNatural + rightNatural <= available || available >= 2 * MIN_COLUMN) {
    const leftWidth = leftColumnWidth(leftNatural, rightNatural, available);
    const rightWidth = Math.min(rightNatural, available - leftWidth);
    const l = column(leftHeading, leftEmpty, left, leftWidth);
    const r = column(rightHeading, rightEmpty, right, rightWidth);
    rows.push(...sideBySide(l, leftWidth, r, GAP));
  } else {
    rows.push(...column(leftHeading, leftEmpty, left, Math.min(leftNatural, width)));
    rows.push([]);
    rows.push(...column(rightHeading, rightEmpty, right, Math.min(rightNatural, width)));
  }
  return `${rows.map((row) => paint(row, options.color === true)).join("\n")}\n`;
}
