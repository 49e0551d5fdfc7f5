/** The compact form of AcceptEx: the sockets, the lengths, the buffer left out or NULL. */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: AcceptEx", () => {
  it("is a supported call", () => {
    expect(SUPPORTED_CALLS.has("AcceptEx")).toBe(true);
  });

  it("encodes the sockets, the lengths, the OVERLAPPED by name, and a NULL buffer", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "AcceptEx",
          args: { sListenSocket: 4, sAcceptSocket: 8, dwReceiveDataLength: 2, lpOverlapped: "ov" },
        },
        {
          process: "A",
          call: "AcceptEx",
          args: { sListenSocket: 4, sAcceptSocket: 8, lpOutputBuffer: null, lpOverlapped: "ov" },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main AcceptEx",
      "A sListenSocket i 4",
      "A sAcceptSocket i 8",
      "A dwReceiveDataLength i 2",
      "A lpOverlapped v ov",
      ".",
      "S 1 0 main AcceptEx",
      "A sListenSocket i 4",
      "A sAcceptSocket i 8",
      "A lpOutputBuffer n",
      "A lpOverlapped v ov",
      ".",
    ]);
  });
});
