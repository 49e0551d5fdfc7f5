/**
 * YAML scenario text to the same plain values JSON gives, or a ScenarioError at a line.
 *
 * The `yaml` package does more than JSON can say, and each extra is refused rather than let
 * through: `!!binary` (a Buffer), `!!timestamp` and YAML 1.1's bare dates (a Date), `!!set` and
 * `!!omap` (a Set, a Map), `.inf` and `.nan`, and unknown tags. Downstream those became plain
 * objects or strings with no sign of what happened. Its warnings (an unknown tag, an unsupported
 * %YAML version) are refused too: the package would otherwise print them to stderr, outside the
 * CLI's own output. Aliases are bounded (a "billion laughs" expands to billions of nodes) and so
 * is nesting (every reader of values after this one recurses).
 */
import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from "yaml";
import { MAX_DEPTH, MAX_YAML_ALIASES } from "./limits.js";
import { ScenarioError } from "./types.js";

/** The tags of JSON's values in YAML's core schema; any other tag has no JSON equivalent. */
const JSON_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

function place(lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
}

/** Why `node` has no JSON equivalent, or undefined when it has one. */
function notJson(node: Node): string | undefined {
  if (node.tag !== undefined && !JSON_TAGS.has(node.tag))
    return `expected JSON's kinds of value only (a string, number, boolean, null, array or object), got a value tagged ${node.tag}`;
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === "number" && !Number.isFinite(v))
      return `expected a finite number (JSON has no ${String(v)}), got ${String(node.source)}`;
    if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
      return `expected a string, number, boolean or null, got a YAML ${v instanceof Date ? "timestamp" : typeof v}`;
  } else if (!isMap(node) && !isSeq(node) && !isAlias(node)) {
    return "expected an array or object";
  }
  return undefined;
}

/**
 * Every node, aliases followed (toJS has already bounded their expansion), checked for a JSON
 * equivalent and for depth. Iterative: the depth is what is being checked.
 */
function check(
  file: string,
  root: Node,
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
) {
  const stack: { node: Node; depth: number; at: number }[] = [{ node: root, depth: 1, at: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    // An alias is placed where it is written, not where its anchor is.
    const at = node.range?.[0] ?? item.at;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target !== undefined) stack.push({ node: target, depth, at });
      continue;
    }
    const reason = notJson(node);
    if (reason !== undefined) throw new ScenarioError(file, place(lines, at), reason);
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH)
      throw new ScenarioError(
        file,
        place(lines, at),
        `expected arrays and objects nested at most ${MAX_DEPTH} deep`,
      );
    for (const entry of node.items as unknown[]) {
      const pair = entry as { key?: unknown; value?: unknown };
      const children = isMap(node) ? [pair.key, pair.value] : [entry];
      for (const child of children)
        if (child !== null && typeof child === "object" && "range" in (child as object))
          stack.push({ node: child as Node, depth: depth + 1, at });
    }
  }
}

/** The value of YAML `text`, as plain as JSON.parse would give it. */
export function parseYamlText(file: string, text: string): unknown {
  const lines = new LineCounter();
  // logLevel "silent": warnings are collected on the document, never printed.
  const doc = parseDocument(text, {
    prettyErrors: false,
    lineCounter: lines,
    logLevel: "silent",
    merge: false,
    uniqueKeys: true,
  });
  const problem: YAMLError | undefined = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const what =
      doc.errors.length > 0
        ? `expected valid YAML (${problem.code})`
        : `expected YAML without warnings (${problem.code}: ${problem.message.split("\n")[0]})`;
    throw new ScenarioError(file, place(lines, problem.pos[0]), what);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // The yaml package throws a ReferenceError for too many aliases or an alias it cannot resolve.
    if (!(error instanceof ReferenceError)) throw error;
    // The place is the first alias: every expansion starts at one.
    let at = 0;
    visit(doc, {
      Alias(_, node) {
        at = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new ScenarioError(
      file,
      place(lines, at),
      `expected YAML whose aliases expand at most ${MAX_YAML_ALIASES} times (${error.message})`,
    );
  }
  if (doc.contents !== null) check(file, doc.contents as Node, doc, lines);
  return value;
}
