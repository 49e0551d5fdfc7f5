/**
 * Finds the rule(...) calls of a property test file, so that spec/catalogue.test.ts counts a rule
 * as checked only when a property asserts something for it. A call counts when:
 * - the callee is the `rule` imported from spec/support/rule.ts;
 * - the ids are string literals (a string or an array of strings);
 * - the body (third argument) is a function whose code calls expect(...) or fc.assert(...);
 * - the call starts a statement of the file or of a describe(...) callback, so the test it
 *   registers always runs (not under describe.skip, an if, or a helper nobody calls).
 * Comments, strings and template literals are masked before the code is read, so a rule id that
 * only appears in a test title, a comment or a string is not found, and neither is an expect
 * that only appears in one.
 *
 * (The project's TypeScript 7 has no JavaScript compiler API, hence this small scanner.)
 */

export interface RuleCall {
  readonly ids: readonly string[];
  readonly line: number;
}

export interface RuleCallScan {
  /** Calls that meet every condition above. */
  readonly calls: readonly RuleCall[];
  /** Calls of the imported rule helper that fail a condition, with the reason. */
  readonly defects: readonly string[];
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_BEFORE = new Set([..."(,=:[!&|?{};+-*%<>~^"]);

/**
 * The text with the content of comments, strings, templates and regular expressions replaced by
 * spaces (quotes kept, line breaks kept), and the string literals found, by start offset.
 */
function mask(text: string): { code: string; strings: Map<number, string> } {
  const out = [...text];
  const strings = new Map<number, string>();
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  let lastSignificant = "";
  // Template literals nest: `a ${ `b` } c`; the stack holds the brace depth of each ${.
  const templateDepths: number[] = [];
  let braceDepth = 0;
  const readTemplate = (start: number): number => {
    // From just after ` (or after the } closing a ${), to just after the closing ` or the ${.
    let k = start;
    while (k < text.length) {
      if (text[k] === "\\") k += 2;
      else if (text[k] === "`") {
        blank(start, k);
        return k + 1;
      } else if (text[k] === "$" && text[k + 1] === "{") {
        blank(start, k);
        templateDepths.push(braceDepth);
        braceDepth++;
        return k + 2;
      } else k++;
    }
    blank(start, k);
    return k;
  };
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== "\n") k += text[k] === "\\" ? 2 : 1;
      strings.set(i, JSON.parse(`"${text.slice(i + 1, k).replaceAll('"', '\\"')}"`) as string);
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = c;
    } else if (c === "`") {
      i = readTemplate(i + 1);
      lastSignificant = "`";
    } else if (c === "/" && (lastSignificant === "" || REGEX_BEFORE.has(lastSignificant))) {
      let k = i + 1;
      let inClass = false;
      while (k < text.length && text[k] !== "\n") {
        if (text[k] === "\\") k += 2;
        else if (text[k] === "/" && !inClass) break;
        else {
          if (text[k] === "[") inClass = true;
          if (text[k] === "]") inClass = false;
          k++;
        }
      }
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = "/";
    } else {
      if (c === "{") braceDepth++;
      if (c === "}") {
        braceDepth--;
        if (templateDepths.length > 0 && templateDepths.at(-1) === braceDepth) {
          templateDepths.pop();
          i = readTemplate(i + 1);
          lastSignificant = "`";
          continue;
        }
      }
      if (!/\s/.test(c)) lastSignificant = c;
      i++;
    }
  }
  return { code: out.join(""), strings };
}

/** The offset of the bracket closing the one at `open`, in masked code. */
function closing(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    const c = code[k];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return k;
    }
  }
  return code.length;
}

/** The top-level arguments of the call whose "(" is at `open`, as [start, end) ranges. */
function callArguments(code: string, open: number): [number, number][] {
  const close = closing(code, open);
  const args: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let k = open + 1; k < close; k++) {
    const c = code[k];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      args.push([start, k]);
      start = k + 1;
    }
  }
  if (code.slice(start, close).trim() !== "") args.push([start, close]);
  return args;
}

const RULE_IMPORT =
  /import\s*\{([^}]*)\}\s*from\s*"(?:\.\.?\/)+(?:spec\/)?support\/rule(?:\.js|\.ts)?"/;

function importedRuleName(text: string): string | undefined {
  const found = RULE_IMPORT.exec(text);
  if (found === null) return undefined;
  for (const part of (found[1] as string).split(",")) {
    const named = /^\s*rule(?:\s+as\s+(\w+))?\s*$/.exec(part);
    if (named !== null) return named[1] ?? "rule";
  }
  return undefined;
}

/** String literals filling the range exactly: "ID" or ["ID", "ID2"]. */
function literalIds(
  code: string,
  strings: Map<number, string>,
  [from, to]: [number, number],
): string[] | undefined {
  const ids: string[] = [];
  let rest = code.slice(from, to).trim();
  const base = from + code.slice(from, to).indexOf(rest);
  const array = rest.startsWith("[") && rest.endsWith("]");
  if (array) rest = rest.slice(1, -1);
  const offset = base + (array ? 1 : 0);
  const token = /\s*"\s*"\s*(,|$)/y;
  let k = 0;
  while (rest.slice(k).trim() !== "") {
    token.lastIndex = k;
    const m = token.exec(rest);
    if (m === null) return undefined;
    const quote = offset + k + (m[0].indexOf('"') as number);
    const value = strings.get(quote);
    if (value === undefined) return undefined;
    ids.push(value);
    k = token.lastIndex;
    if (m[1] === "") break;
  }
  return ids.length > 0 && (array || ids.length === 1) ? ids : undefined;
}

/** Whether the call at `at` starts a statement of the file or of describe(...) callbacks only. */
function alwaysRegistered(code: string, at: number): boolean {
  const before = code.slice(0, at).trimEnd();
  if (!(before === "" || /[;{}]$/.test(before))) return false;
  // Walk the open brackets enclosing `at`: each "{" must be the body of an arrow or function that
  // is an argument of a plain describe( call.
  const stack: number[] = [];
  for (let k = 0; k < at; k++) {
    const c = code[k];
    if (c === "(" || c === "[" || c === "{") stack.push(k);
    else if (c === ")" || c === "]" || c === "}") stack.pop();
  }
  for (let j = stack.length - 1; j >= 0; j -= 2) {
    const brace = stack[j] as number;
    const paren = stack[j - 1];
    if (code[brace] !== "{" || paren === undefined || code[paren] !== "(") return false;
    const head = code.slice(0, brace).trimEnd();
    if (!/(=>|function\s*\w*\s*\([^()]*\))$/.test(head)) return false;
    if (!/(^|[^\w.$])describe\s*$/.test(code.slice(0, paren))) return false;
  }
  return true;
}

export function scanRuleCalls(fileName: string, text: string): RuleCallScan {
  const calls: RuleCall[] = [];
  const defects: string[] = [];
  const name = importedRuleName(text);
  if (name === undefined) return { calls, defects };
  const { code, strings } = mask(text);
  const call = new RegExp(`(^|[^\\w.$])${name}\\s*\\(`, "g");
  for (const match of code.matchAll(call)) {
    const at = (match.index as number) + (match[1] as string).length;
    const open = (match.index as number) + match[0].length - 1;
    const line = code.slice(0, at).split("\n").length;
    const where = `${fileName}:${line}`;
    if (/(function|import)\s*$/.test(code.slice(Math.max(0, at - 20), at))) continue;
    const args = callArguments(code, open);
    const ids = args[0] === undefined ? undefined : literalIds(code, strings, args[0]);
    const body = args[2] === undefined ? "" : code.slice(...args[2]).trim();
    if (ids === undefined) defects.push(`${where}: rule ids are not string literals`);
    else if (!/^(\([^()]*\)\s*=>|function\b)/.test(body))
      defects.push(`${where}: ${ids.join(", ")}: the body is not a function`);
    else if (!/(^|[^\w.$])(expect|fc\.assert)\s*\(/.test(body))
      defects.push(`${where}: ${ids.join(", ")}: the body calls neither expect nor fc.assert`);
    else if (!alwaysRegistered(code, at))
      defects.push(`${where}: ${ids.join(", ")}: not registered unconditionally`);
    else calls.push({ ids, line });
  }
  return { calls, defects };
}
