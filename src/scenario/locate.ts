/**
 * From a value's path in a parsed scenario back to its place in the text: so that an editor can
 * put a schema error (`$.steps[3].call`) or a runner error (`step 3, field "call"`) where the
 * person typed it. JSON is scanned here; YAML positions come from the `yaml` package's nodes.
 *
 * No node: imports: the playground runs this in a browser.
 */
import { isMap, isScalar, isSeq, type Node, parseDocument } from "yaml";
import type { SchemaPath } from "./schema-check.js";

export interface SourceSpan {
  /** Offsets into the text (UTF-16 code units), end exclusive. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /**
   * Whether the whole path was found. When a part is missing (a required field left out), the
   * span is that of the deepest value that exists on the way, which is where it belongs.
   */
  readonly exact: boolean;
}

export type Syntax = "json" | "yaml";

/** 1-based line and column of an offset, counted as the scenario reader counts them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split("\n").length;
  return { line, column: before.length - before.lastIndexOf("\n") };
}

/** The offset of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf("\n", offset);
  const limit = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + Math.max(0, column - 1), limit);
}

function span(text: string, start: number, end: number, exact: boolean): SourceSpan {
  return { start, end, ...lineColumn(text, start), exact };
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** A small scanner over JSON text that JSON.parse accepted; positions only, no values. */
class JsonScanner {
  constructor(readonly text: string) {}

  skipSpace(at: number): number {
    while (at < this.text.length && " \t\r\n".includes(this.text[at] as string)) at++;
    return at;
  }

  /** The end of the string token that starts at `at` (a double quote). */
  stringEnd(at: number): number {
    let i = at + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === "\\" ? 2 : 1;
    return i + 1;
  }

  /** The end of the value that starts at `at` (after white space). */
  valueEnd(at: number): number {
    const c = this.text[at];
    if (c === '"') return this.stringEnd(at);
    if (c === "{" || c === "[") {
      let depth = 0;
      let i = at;
      while (i < this.text.length) {
        const d = this.text[i];
        if (d === '"') {
          i = this.stringEnd(i);
          continue;
        }
        if (d === "{" || d === "[") depth++;
        else if (d === "}" || d === "]") {
          depth--;
          if (depth === 0) return i + 1;
        }
        i++;
      }
      return i;
    }
    let i = at;
    while (i < this.text.length && !",}] \t\r\n".includes(this.text[i] as string)) i++;
    return i;
  }

  /**
   * The members of the object or elements of the array at `at`: for each, its key (the property
   * name, or the index), the key's range (objects only) and the value's range.
   */
  children(at: number): { key: string | number; keyRange: Range | null; value: Range }[] {
    const open = this.text[at];
    if (open !== "{" && open !== "[") return [];
    const close = open === "{" ? "}" : "]";
    const out: { key: string | number; keyRange: Range | null; value: Range }[] = [];
    let i = this.skipSpace(at + 1);
    while (i < this.text.length && this.text[i] !== close) {
      let key: string | number = out.length;
      let keyRange: Range | null = null;
      if (open === "{") {
        const keyEnd = this.stringEnd(i);
        key = JSON.parse(this.text.slice(i, keyEnd)) as string;
        keyRange = { start: i, end: keyEnd };
        i = this.skipSpace(this.skipSpace(keyEnd) + 1); // past the colon
      }
      const end = this.valueEnd(i);
      out.push({ key, keyRange, value: { start: i, end } });
      i = this.skipSpace(end);
      if (this.text[i] === ",") i = this.skipSpace(i + 1);
    }
    return out;
  }
}

function locateJson(text: string, path: SchemaPath, key: boolean): SourceSpan {
  const scanner = new JsonScanner(text);
  const first = scanner.skipSpace(0);
  let current: Range = { start: first, end: scanner.valueEnd(first) };
  for (const [depth, part] of path.entries()) {
    // JSON.parse keeps the last of duplicate keys, so the last match is the value it validated.
    const child = scanner
      .children(current.start)
      .filter((c) => c.key === part)
      .at(-1);
    if (child === undefined) return span(text, current.start, current.end, false);
    const last = depth === path.length - 1;
    current = last && key && child.keyRange !== null ? child.keyRange : child.value;
  }
  return span(text, current.start, current.end, true);
}

function locateYaml(text: string, path: SchemaPath, key: boolean): SourceSpan {
  const document = parseDocument(text, { uniqueKeys: false });
  let node = document.contents as Node | null;
  const rangeOf = (n: Node | null): Range => {
    const r = n?.range;
    return r == null ? { start: 0, end: 0 } : { start: r[0], end: r[1] };
  };
  let current = rangeOf(node);
  for (const [depth, part] of path.entries()) {
    let next: Node | null = null;
    let keyNode: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.filter((p) => isScalar(p.key) && String(p.key.value) === part).at(-1);
      if (pair !== undefined) {
        next = (pair.value as Node | null) ?? null;
        keyNode = pair.key as Node;
      }
    } else if (isSeq(node) && typeof part === "number") {
      next = (node.items[part] as Node | undefined) ?? null;
    }
    if (next === null && keyNode === null) return span(text, current.start, current.end, false);
    const last = depth === path.length - 1;
    // A key with no value (`call:`) has an empty node, or none: place it at the key.
    const value = rangeOf(next);
    current = (last && key) || value.start === value.end ? rangeOf(keyNode) : value;
    node = next;
  }
  return span(text, current.start, current.end, true);
}

/**
 * Where the value at `path` is written in `text`; with `key`, where its property name is (for a
 * property that is not allowed). The text must be one the parser accepted.
 */
export function locate(
  text: string,
  syntax: Syntax,
  path: SchemaPath,
  options: { key?: boolean } = {},
): SourceSpan {
  const key = options.key === true;
  return syntax === "json" ? locateJson(text, path, key) : locateYaml(text, path, key);
}

/**
 * The path a ScenarioError's place names ("step 3, field \"expect.ok\"", "field \"title\"",
 * "step 2", "lane 1 step 0", "after step 2"), or null for a place that is already a line and
 * column or names no value.
 */
export function placePath(place: string): SchemaPath | null {
  const match = /^(?:(after )|lane (\d+) ?)?(?:step (\d+))?(?:, )?(?:field "([^"]*)")?$/.exec(
    place,
  );
  if (match === null || match[0] === "") return null;
  const [, after, lane, step, field] = match;
  const path: (string | number)[] = [];
  // A lane's step is in "concurrent" (lane 1 step 0), an after step in "after".
  if (lane !== undefined) path.push("concurrent", Number(lane));
  if (step !== undefined) path.push(after === undefined ? "steps" : "after", Number(step));
  else if (after !== undefined) return null;
  if (field !== undefined) path.push(...field.split("."));
  return path;
}

/** The 1-based line and column a place written as "line L, column C" gives, or null. */
export function placeLineColumn(place: string): { line: number; column: number } | null {
  const match = /^line (\d+), column (\d+)$/.exec(place);
  return match === null ? null : { line: Number(match[1]), column: Number(match[2]) };
}
