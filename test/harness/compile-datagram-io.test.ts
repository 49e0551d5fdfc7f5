/**
 * The compact form of WSARecvFrom, WSASendTo and SetFileCompletionNotificationModes: WSASendTo's
 * buffers as data and lpTo as an address, WSARecvFrom's buffers as lengths and lpFrom NULL.
 */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: WSARecvFrom, WSASendTo, SetFileCompletionNotificationModes", () => {
  it("are supported calls", () => {
    for (const call of ["WSARecvFrom", "WSASendTo", "SetFileCompletionNotificationModes"])
      expect(SUPPORTED_CALLS.has(call), call).toBe(true);
  });

  it("encodes WSASendTo's data and lpTo, WSARecvFrom's lengths, lpFrom and lpFromlen", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "WSASendTo",
          args: { s: 4, lpBuffers: ["hi", ""], lpTo: "127.0.0.1:9", iTolen: 16 },
        },
        {
          process: "A",
          call: "WSARecvFrom",
          args: { s: 4, lpBuffers: [2, 8], lpFrom: null, lpFromlen: 1, lpOverlapped: "ov" },
        },
        {
          process: "A",
          call: "SetFileCompletionNotificationModes",
          args: { FileHandle: 4, Flags: "FILE_SKIP_COMPLETION_PORT_ON_SUCCESS" },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main WSASendTo",
      "A s i 4",
      "A lpBuffers g 2 6869 -",
      "A lpTo a 127.0.0.1:9",
      "A iTolen i 16",
      ".",
      "S 1 0 main WSARecvFrom",
      "A s i 4",
      "L lpBuffers 2 i 2 i 8",
      "A lpFrom n",
      "A lpFromlen i 1",
      "A lpOverlapped v ov",
      ".",
      "S 2 0 main SetFileCompletionNotificationModes",
      "A FileHandle i 4",
      "A Flags i 1",
      ".",
    ]);
  });
});
