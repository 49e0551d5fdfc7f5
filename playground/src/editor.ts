/**
 * The scenario editor: a plain textarea over a backdrop that mirrors its text, where problems
 * are marked (a textarea cannot colour parts of its own text), and a gutter of line numbers.
 */
import { el } from "./dom.js";

export interface Mark {
  readonly start: number;
  readonly end: number;
}

export class Editor {
  constructor(
    readonly area: HTMLTextAreaElement,
    readonly backdrop: HTMLElement,
    readonly gutter: HTMLElement,
  ) {
    area.addEventListener("scroll", () => this.#sync());
  }

  get text(): string {
    return this.area.value;
  }

  set text(value: string) {
    this.area.value = value;
    this.area.scrollTop = 0;
  }

  /** Marks the spans (and the lines they start on, in the gutter). */
  mark(marks: readonly Mark[]): void {
    const text = this.area.value;
    const sorted = [...marks].sort((a, b) => a.start - b.start);
    const nodes: Node[] = [];
    let at = 0;
    const badLines = new Set<number>();
    for (const mark of sorted) {
      if (mark.start < at) continue; // overlapping marks: the first one is enough
      nodes.push(document.createTextNode(text.slice(at, mark.start)));
      const marked = text.slice(mark.start, mark.end);
      const node = el("mark", { class: marked === "" ? "point" : "" }, marked);
      node.dataset.start = String(mark.start);
      nodes.push(node);
      badLines.add(text.slice(0, mark.start).split("\n").length);
      at = mark.end;
    }
    // A final newline needs something after it, or the backdrop is one line short.
    nodes.push(document.createTextNode(`${text.slice(at)} `));
    this.backdrop.replaceChildren(...nodes);
    const lines = text.split("\n").length;
    const numbers: Node[] = [];
    for (let line = 1; line <= lines; line++) {
      numbers.push(el("span", { class: badLines.has(line) ? "bad" : "" }, `${line}\n`));
    }
    this.gutter.replaceChildren(...numbers);
    this.#sync();
  }

  /** Selects a span and scrolls it into view: where a problem is, for the person to fix it. */
  reveal(mark: Mark): void {
    this.area.focus();
    this.area.setSelectionRange(mark.start, Math.max(mark.end, mark.start));
    // The backdrop's mark sits where the text does: scroll the textarea until all of it shows.
    const shown = this.backdrop.querySelector<HTMLElement>(`mark[data-start="${mark.start}"]`);
    if (shown !== null) {
      const margin = 24;
      const { offsetLeft: left, offsetTop: top, offsetWidth: width } = shown;
      const area = this.area;
      if (left + width + margin > area.scrollLeft + area.clientWidth)
        area.scrollLeft = left + width + margin - area.clientWidth;
      if (left - margin < area.scrollLeft) area.scrollLeft = Math.max(0, left - margin);
      if (top < area.scrollTop || top > area.scrollTop + area.clientHeight - margin)
        area.scrollTop = Math.max(0, top - area.clientHeight / 3);
    }
    this.#sync();
  }

  #sync(): void {
    this.backdrop.scrollTop = this.area.scrollTop;
    this.backdrop.scrollLeft = this.area.scrollLeft;
    this.gutter.scrollTop = this.area.scrollTop;
  }
}
