/** renderText: what the golden files cannot show (widths, colour, escaping, determinism). */
import { beforeEach, describe, expect, it } from "vitest";
import { sharedSocket } from "../../examples/pictures.js";
import {
  AF_INET,
  DUPLICATE_SAME_ACCESS,
  HANDLE_FLAG_INHERIT,
  HANDLE_FLAG_PROTECT_FROM_CLOSE,
  IPPROTO_TCP,
  intRef,
  renderText,
  Simulation,
  SOCK_STREAM,
  type StateView,
  WSADATA,
} from "../../src/index.js";
import {
  emptyState,
  HOSTILE_NAMES,
  hostileNames,
  networkTour,
  overlappedTour,
} from "./scenarios.js";

const STATES: readonly [string, () => StateView][] = [
  ["shared socket", sharedSocket],
  ["network tour", networkTour],
  ["hostile names", hostileNames],
  ["overlapped tour", overlappedTour],
  ["empty state", emptyState],
];

/**
 * Terminal columns, counted here independently of the renderer: the only wide characters the
 * test states contain are CJK ideographs, two columns each.
 */
function columns(line: string): number {
  let n = 0;
  for (const c of line) n += /\p{Script=Han}/u.test(c) ? 2 : 1;
  return n;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: it matches the escape codes of colour.
const ANSI = /\x1b\[[0-9;]*m/g;

describe("renderText", () => {
  describe.each(STATES)("%s", (_, build) => {
    it.each([24, 30, 45, 60, 75, 80, 100, 120, 200])(
      "no line is wider than %i columns",
      (width) => {
        const lines = renderText(build(), { width }).split("\n");
        const widest = Math.max(...lines.map(columns));
        expect(widest).toBeLessThanOrEqual(width);
      },
    );

    it("is 100 columns wide unless told otherwise", () => {
      expect(renderText(build())).toBe(renderText(build(), { width: 100 }));
    });

    it("has no escape codes without colour, and only escape codes more with it", () => {
      const plain = renderText(build());
      const coloured = renderText(build(), { color: true });
      expect(plain.includes("\x1b")).toBe(false);
      expect(renderText(build(), { color: false })).toBe(plain);
      expect(coloured.replace(ANSI, "")).toBe(plain);
    });

    it("gives the same bytes for the same view, built twice or read back from JSON", () => {
      const once = renderText(build());
      expect(renderText(build())).toBe(once);
      expect(renderText(JSON.parse(JSON.stringify(build())) as StateView)).toBe(once);
    });

    it("has no trailing spaces and ends with one newline", () => {
      const text = renderText(build(), { width: 60 });
      expect(text).toMatch(/[^\n]\n$/);
      for (const line of text.split("\n")) expect(line).not.toMatch(/ $/);
    });
  });

  it("colours the states that need attention when asked", () => {
    const coloured = renderText(networkTour(), { color: true });
    expect(coloured).toContain("\x1b[31mSO_ERROR WSAECONNREFUSED\x1b[0m");
    expect(coloured).toContain("\x1b[33m  blocked in recv on socket #2\x1b[0m");
    expect(coloured).toContain("\x1b[1msocket #1\x1b[0m");
  });

  it("refuses a width too narrow for a box, or not a whole number", () => {
    expect(() => renderText(networkTour(), { width: 23 })).toThrow(RangeError);
    expect(() => renderText(networkTour(), { width: 80.5 })).toThrow(RangeError);
    expect(() => renderText(networkTour(), { width: Number.NaN })).toThrow(RangeError);
  });

  it("says so when there is nothing to show", () => {
    const text = renderText(emptyState());
    expect(text).toContain("state at t = 0 ms");
    expect(text).toContain("no processes");
    expect(text).toContain("no sockets");
  });

  it("names every descriptor of every socket and every socket of every handle", () => {
    const state = networkTour();
    const text = renderText(state, { width: 200 });
    for (const socket of state.sockets) {
      const names = socket.descriptors.map((d) => `${d.process}:${d.handle}`).join(", ");
      expect(text).toContain(`refcount ${socket.refCount}${names === "" ? "" : `: ${names}`}`);
    }
    for (const process of state.processes) {
      for (const handle of process.handles) {
        if (handle.kind !== "socket") continue;
        const arrow = handle.status === "usable" ? "→" : "⇢";
        expect(text).toMatch(new RegExp(` ${handle.value} ${arrow} socket #${handle.socket}\\b`));
      }
    }
  });

  describe("hostile process names", () => {
    // Built in beforeEach, not in the describe body: code run while a file loads has no test to
    // belong to, and mutation testing would then run every test for each kernel mutant it reaches.
    let text = "";
    beforeEach(() => {
      text = renderText(hostileNames(), { width: 200 });
    });

    it("cannot break a line, send a terminal escape or reverse the text", () => {
      for (const line of text.split("\n")) expect(line).not.toMatch(/[\p{Cc}\u202e]/u);
      // Every line is a row of the picture: a newline inside a name would start one that is not.
      for (const line of text.split("\n").slice(3)) {
        expect(line === "" || /^[┌│└ ]/.test(line)).toBe(true);
      }
    });

    it("are shown, with invisible characters written as escapes", () => {
      expect(text).toContain('process say "hi" (pid');
      expect(text).toContain("process <script>alert(1)</script> (pid");
      expect(text).toContain("process two\\nlines (pid");
      expect(text).toContain("process \\u{1b}[31mred\\u{1b}[0m (pid");
      expect(text).toContain("process \\u{202e}evil (pid");
      expect(text).toContain("process 進程 (pid");
      // A backslash is doubled, so this name does not read as the one with a newline.
      expect(text).toContain("process back\\\\nslash (pid");
      expect(text).toMatch(/process \(pid \d+\)/);
      expect(HOSTILE_NAMES.length).toBe(9);
    });
  });
});

describe("renderText: handles that came from the kernel", () => {
  it("says which handles were inherited or copied, and which are protected", () => {
    const sim = new Simulation();
    const parent = sim.createProcess("parent").main;
    parent.WSAStartup(0x0202, new WSADATA());
    const s = parent.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    const event = parent.WSACreateEvent();
    parent.SetHandleInformation(event, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    parent.CreateProcess("child", true);
    parent.DuplicateHandle(-1, s, -1, intRef(0), 0, false, DUPLICATE_SAME_ACCESS);
    parent.SetHandleInformation(s, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    const text = renderText(sim.view(), { width: 200 });
    expect(text).toContain("4 → socket #1 (protected from close)");
    expect(text).toContain("4 → socket #1 (inherited)");
    expect(text).toContain("12 → socket #1 (not inheritable, DuplicateHandle copy)");
    expect(text).toContain("8 event (not signalled, inheritable, inherited)");
    expect(text).toContain("8 event (not signalled, inheritable)");
  });
});
