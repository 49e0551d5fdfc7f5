/**
 * The compact form of the overlapped calls: WSARecv's buffers as a list of lengths, WSASend's as
 * "g N HEX ...", an OVERLAPPED as "v NAME", and the DWORD out pointers as the handle calls'.
 */
import { describe, expect, it } from "vitest";
import { CompileError, compileScenario } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: WSARecv, WSASend, WSAGetOverlappedResult", () => {
  it("encodes buffers, OVERLAPPED names, events and out pointers", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "WSARecv",
          args: { s: "$s", lpBuffers: [4, "8"], lpOverlapped: "ov1", hEvent: "$ev", lpFlags: null },
        },
        {
          process: "A",
          call: "WSASend",
          args: { s: "$s", lpBuffers: ["ab", "", "$$x"], lpNumberOfBytesSent: "invalid" },
        },
        { process: "A", call: "WSARecv", args: { s: "$s", lpBuffers: null, lpOverlapped: null } },
        { process: "A", call: "WSASend", args: { s: "$s", lpBuffers: "invalid" } },
        {
          process: "A",
          call: "WSAGetOverlappedResult",
          args: { s: "$s", lpOverlapped: "ov1", fWait: "TRUE", lpcbTransfer: 7 },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main WSARecv",
      "A s s s",
      "L lpBuffers 2 i 4 i 8",
      "A lpOverlapped v ov1",
      "A hEvent s ev",
      "A lpFlags n",
      ".",
      "S 1 0 main WSASend",
      "A s s s",
      "A lpBuffers g 3 6162 - 2478",
      "A lpNumberOfBytesSent b",
      ".",
      "S 2 0 main WSARecv",
      "A s s s",
      "A lpBuffers n",
      "A lpOverlapped n",
      ".",
      "S 3 0 main WSASend",
      "A s s s",
      "A lpBuffers b",
      ".",
      "S 4 0 main WSAGetOverlappedResult",
      "A s s s",
      "A lpOverlapped v ov1",
      "A fWait i 1",
      "A lpcbTransfer i 7",
      ".",
    ]);
  });

  it("refuses saved data in WSASend's buffers and OVERLAPPED names with spaces", () => {
    const step = (args: Record<string, unknown>): Scenario => ({
      title: "t",
      steps: [{ process: "A", call: "WSASend", args: { s: 1, ...args } }],
    });
    expect(() => compileScenario(step({ lpBuffers: ["$info"] }))).toThrow(CompileError);
    expect(() => compileScenario(step({ lpBuffers: "ab" }))).toThrow(/expected an array/);
    expect(() => compileScenario(step({ lpBuffers: [], lpOverlapped: "o v" }))).toThrow(
      /must not contain spaces/,
    );
  });
});
