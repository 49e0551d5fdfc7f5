/**
 * PeekMessage's hWnd filter (rule EVT-MESSAGE-MODE): NULL reads every window of the caller, -1
 * only thread messages, and a value that is no window fails with ERROR_INVALID_WINDOW_HANDLE
 * (Wine's user32 tests, run on Windows: test_PeekMessage and test_invalid_window in msg.c).
 */
import { describe, expect, it } from "vitest";
import { errorName } from "../../src/constants/errors.js";
import { FD_WRITE, INVALID_SOCKET, MSG, type WinsockThread, WSA_ERRORS } from "../../src/index.js";
import { messages, pair, WM_SOCKET, world } from "./helpers.js";

const PRESET = 0xdead;

/** Every message PeekMessage(NULL) finds, removed, as [hwnd, wParam]. */
function drainAll(t: WinsockThread): [number, number][] {
  const out: [number, number][] = [];
  const msg = new MSG();
  while (t.PeekMessage(msg, 0) === 1) out.push([msg.hwnd, msg.wParam]);
  return out;
}

/** Process A with two windows; FD_WRITE posted to w1, then w2, then w1 again. */
function twoWindows() {
  const { t } = world("A", "B");
  const a = t.A!;
  const first = pair(a);
  const second = pair(a);
  const w1 = a.CreateWindow();
  const w2 = a.CreateWindow();
  expect(a.WSAAsyncSelect(first.client, w1, WM_SOCKET, FD_WRITE)).toBe(0);
  expect(a.WSAAsyncSelect(first.server, w2, WM_SOCKET, FD_WRITE)).toBe(0);
  expect(a.WSAAsyncSelect(second.client, w1, WM_SOCKET, FD_WRITE)).toBe(0);
  return { a, b: t.B!, w1, w2, first, second };
}

describe("PeekMessage's hWnd", () => {
  it("NULL takes the messages of every window of the process, oldest first, keeping the last error", () => {
    const { a, w1, w2, first, second } = twoWindows();
    a.WSASetLastError(PRESET);
    expect(drainAll(a)).toEqual([
      [w1, first.client],
      [w2, first.server],
      [w1, second.client],
    ]);
    expect(a.WSAGetLastError()).toBe(PRESET);
    expect(messages(a, w1)).toEqual([]);
    expect(messages(a, w2)).toEqual([]);
  });

  it("NULL reads windows another thread of the process created (windows belong to the process)", () => {
    const { a, first } = twoWindows();
    const other = a.process.createThread();
    expect(drainAll(other).map(([, wParam]) => wParam)).toContain(first.server);
  });

  it("NULL does not take another process's messages", () => {
    const { a, b } = twoWindows();
    const wb = b.CreateWindow();
    const theirs = pair(b);
    expect(b.WSAAsyncSelect(theirs.client, wb, WM_SOCKET, FD_WRITE)).toBe(0);
    expect(drainAll(a)).toHaveLength(3);
    expect(drainAll(b)).toEqual([[wb, theirs.client]]);
  });

  it.each([
    ["-1", -1],
    ["INVALID_SOCKET (all ones)", INVALID_SOCKET],
  ])(
    "%s asks for thread messages only: none, the last error kept, the windows' messages left",
    (_, hwnd) => {
      const { a, w1, w2 } = twoWindows();
      a.WSASetLastError(PRESET);
      expect(a.PeekMessage(new MSG(), hwnd)).toBe(0);
      expect(a.WSAGetLastError()).toBe(PRESET);
      expect(messages(a, w1)).toHaveLength(2);
      expect(messages(a, w2)).toHaveLength(1);
    },
  );

  it.each([
    ["0xdeadbeef", 0xdeadbeef],
    ["a multiple of 4 that is no window", 0xdeadbee0],
  ])("%s fails with ERROR_INVALID_WINDOW_HANDLE and takes nothing", (_, hwnd) => {
    const { a, w1 } = twoWindows();
    a.WSASetLastError(PRESET);
    expect(a.PeekMessage(new MSG(), hwnd)).toBe(0);
    expect(a.WSAGetLastError()).toBe(WSA_ERRORS.ERROR_INVALID_WINDOW_HANDLE);
    expect(WSA_ERRORS.ERROR_INVALID_WINDOW_HANDLE).toBe(1400);
    // The name the harness prints too: it takes its error names from the same table.
    expect(errorName(a.WSAGetLastError())).toBe("ERROR_INVALID_WINDOW_HANDLE");
    expect(messages(a, w1)).toHaveLength(2);
  });

  it("a window of another process stays WSA_INVALID_HANDLE", () => {
    const { a, b } = twoWindows();
    const wb = b.CreateWindow();
    expect(a.PeekMessage(new MSG(), wb)).toBe(0);
    expect(a.WSAGetLastError()).toBe(WSA_ERRORS.WSA_INVALID_HANDLE);
  });
});
