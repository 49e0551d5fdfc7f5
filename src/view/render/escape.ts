/**
 * Escaping for the renderers. Process names are the only text in a view that a user chooses, and
 * they reach terminals, Mermaid and Graphviz: each output has its own escaping, and all three
 * first make invisible characters visible, so a name cannot move the cursor, colour a terminal,
 * reverse the text after it (U+202E), break a line of Mermaid, or hide a character.
 */

/**
 * Control characters (C0, DEL, C1), format characters (bidi overrides, zero-width joiners),
 * lone surrogates, private-use characters, line and paragraph separators, and the noncharacters
 * U+FFFE/U+FFFF. The categories are stable Unicode properties, so the output does not depend on
 * the Unicode version of the JavaScript engine, as unassigned code points (Cn) would.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFFFE\uFFFF\\]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\\": "\\\\",
};

/**
 * `text` with invisible characters written as escapes: a newline as `\n`, U+202E as `\u{202e}`.
 * The backslash is doubled, so a name that contains the text `\n` stays distinguishable from one
 * that contains a newline.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) return short;
    return `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  });
}

/**
 * Text for a quoted Mermaid label (`id["..."]`, `-->|"..."|`). Mermaid turns `#name;` and
 * `#123;` into entities, so `#` itself must be written `#35;`, and `"` (which would end the
 * label), `<`, `>`, `&` (which Mermaid would read as HTML) become entities too. The backtick
 * would start a Markdown string and `|` ends an edge label in some Mermaid versions; both are
 * written as numeric entities so the syntax stays conservative.
 */
export function mermaidText(text: string): string {
  return visible(text).replace(/[#"<>&`|]/g, (c) => {
    switch (c) {
      case '"':
        return "#quot;";
      case "<":
        return "#lt;";
      case ">":
        return "#gt;";
      case "&":
        return "#amp;";
      default:
        return `#${c.charCodeAt(0)};`;
    }
  });
}

/** Text inside a Graphviz HTML-like label (`label=<...>`), which Graphviz parses as XML. */
export function htmlText(text: string): string {
  return visible(text).replace(/[&<>"]/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      default:
        return "&quot;";
    }
  });
}
