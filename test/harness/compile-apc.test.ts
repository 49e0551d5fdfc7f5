/**
 * The compact form of the APC calls: routine and thread names as text ("v NAME"), INFINITE for
 * SleepEx and GetQueuedCompletionStatusEx, and GetQueuedCompletionStatusEx's entries (only null
 * is written: left out, the harness's own array).
 */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: QueueUserAPC, SleepEx, GetQueuedCompletionStatusEx, lpCompletionRoutine", () => {
  it("are supported calls", () => {
    for (const call of ["QueueUserAPC", "SleepEx", "GetQueuedCompletionStatusEx"])
      expect(SUPPORTED_CALLS.has(call), call).toBe(true);
  });

  it("encodes routine and thread names, INFINITE and the entries", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "QueueUserAPC",
          args: { pfnAPC: "wake", hThread: "main", dwData: 7 },
        },
        { process: "A", call: "SleepEx", args: { dwMilliseconds: "INFINITE", bAlertable: true } },
        {
          process: "A",
          call: "WSARecv",
          args: { s: 4, lpBuffers: [8], lpOverlapped: "ov", lpCompletionRoutine: "done" },
        },
        {
          process: "A",
          call: "GetQueuedCompletionStatusEx",
          args: {
            CompletionPort: 8,
            lpCompletionPortEntries: null,
            ulCount: 2,
            dwMilliseconds: "INFINITE",
            fAlertable: true,
          },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main QueueUserAPC",
      "A pfnAPC v wake",
      "A hThread v main",
      "A dwData i 7",
      ".",
      "S 1 0 main SleepEx",
      "A dwMilliseconds i 4294967295",
      "A bAlertable i 1",
      ".",
      "S 2 0 main WSARecv",
      "A s i 4",
      "L lpBuffers 1 i 8",
      "A lpOverlapped v ov",
      "A lpCompletionRoutine v done",
      ".",
      "S 3 0 main GetQueuedCompletionStatusEx",
      "A CompletionPort i 8",
      "A lpCompletionPortEntries n",
      "A ulCount i 2",
      "A dwMilliseconds i 4294967295",
      "A fAlertable i 1",
      ".",
    ]);
  });

  it("refuses entries other than null, and a routine that is not a name", () => {
    const entries: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "GetQueuedCompletionStatusEx",
          args: { CompletionPort: 8, lpCompletionPortEntries: [1], ulCount: 1, dwMilliseconds: 0 },
        },
      ],
    };
    expect(() => compileScenario(entries)).toThrow(/expected null/);
    const routine: Scenario = {
      title: "t",
      steps: [{ process: "A", call: "QueueUserAPC", args: { pfnAPC: 5, hThread: "main" } }],
    };
    expect(() => compileScenario(routine)).toThrow(/expected a name or null/);
  });
});
