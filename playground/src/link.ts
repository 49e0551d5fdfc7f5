/**
 * The scenario, the schedule picked and the current step in the URL's fragment, so that a link
 * reproduces them.
 *
 *   #lesson=lessons/01-descriptor-is-not-a-socket&step=4   an unchanged lesson or example
 *   #z=<base64url of the deflated UTF-8 text>&step=4       any text (deflate-raw, RFC 1951)
 *   #s=<base64url of the UTF-8 text>&step=4                any text, where the browser has no
 *                                                          CompressionStream
 *
 * `step=K` is the state after step [K] (the CLI's numbering); no `step` is the state before the
 * first step. For a scenario with concurrent lanes, `schedule=0.1.0.2` (before `step`) is the
 * lane of each branch picked in the tree of schedules. The fragment never reaches a server, and
 * the same text always gives the same link.
 */
import { entryWithText, libraryEntry } from "./library.js";

export interface Place {
  readonly text: string;
  /** The snapshot shown: 0 before the first step, K + 1 after step [K]. */
  readonly position: number;
  /** The `schedule` parameter as written ("0.1.0.2"), unchecked: only the tree can say. */
  readonly schedule?: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export async function encodePlace(place: Place): Promise<string> {
  const entry = entryWithText(place.text);
  let scenario: string;
  if (entry !== undefined) scenario = `lesson=${entry.id}`;
  else {
    const bytes = new TextEncoder().encode(place.text);
    scenario =
      typeof CompressionStream === "function"
        ? `z=${base64url(await through(bytes, new CompressionStream("deflate-raw")))}`
        : `s=${base64url(bytes)}`;
  }
  const schedule = place.schedule === undefined ? "" : `&schedule=${place.schedule}`;
  const step = place.position === 0 ? "" : `&step=${place.position - 1}`;
  return `${scenario}${schedule}${step}`;
}

/** The place a fragment names (with or without its "#"), or null when it names none. */
export async function decodePlace(fragment: string): Promise<Place | null> {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const step = params.get("step");
  const position = step !== null && /^\d+$/.test(step) ? Number(step) + 1 : 0;
  const lesson = params.get("lesson");
  const z = params.get("z");
  const s = params.get("s");
  const schedule = params.get("schedule");
  try {
    let text: string | undefined;
    if (lesson !== null) text = libraryEntry(lesson)?.text;
    else if (z !== null)
      text = new TextDecoder().decode(
        await through(fromBase64url(z), new DecompressionStream("deflate-raw")),
      );
    else if (s !== null) text = new TextDecoder().decode(fromBase64url(s));
    if (text === undefined) return null;
    return schedule === null ? { text, position } : { text, position, schedule };
  } catch {
    // A link cut short or mangled in transit: open the default scenario instead.
    return null;
  }
}
