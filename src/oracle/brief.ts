/**
 * Short renderings of values for failure reports: a whole WSAPROTOCOL_INFO is some 600
 * characters of JSON, which buries the one field that matters. Long objects and arrays show
 * their first fields and then "…"; the full values stay on the error object (Difference's
 * reference, implementation and values).
 */

/** The longest rendering of one value in a report line. */
export const BRIEF_LENGTH = 120;

/** JSON text of `value`, cut to about `max` characters at a field boundary, ending in "…". */
export function brief(value: unknown, max = BRIEF_LENGTH): string {
  const full = value === undefined ? "(absent)" : JSON.stringify(value);
  if (full === undefined || full.length <= max) return full ?? String(value);
  if (Array.isArray(value))
    return cut(
      "[",
      value.map((v) => (v === undefined ? "null" : brief(v, max >> 1))),
      "]",
      max,
    );
  if (typeof value === "object" && value !== null)
    return cut(
      "{",
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${brief(v, max >> 1)}`),
      "}",
      max,
    );
  return `${full.slice(0, max - 1)}…`;
}

/** As many parts as fit in `max`, then "…" (always at least the first part, itself brief). */
function cut(open: string, parts: readonly string[], close: string, max: number): string {
  let text = open;
  for (const [i, part] of parts.entries()) {
    const next = `${i === 0 ? "" : ","}${part}`;
    if (i > 0 && text.length + next.length + 2 > max) return `${text},…${close}`;
    text += next;
  }
  return `${text}${close}`;
}
