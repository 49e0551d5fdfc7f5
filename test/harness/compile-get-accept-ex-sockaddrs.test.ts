/** The compact form of GetAcceptExSockaddrs: the buffer by its AcceptEx's OVERLAPPED name. */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: GetAcceptExSockaddrs", () => {
  it("is a supported call", () => {
    expect(SUPPORTED_CALLS.has("GetAcceptExSockaddrs")).toBe(true);
  });

  it("names the OVERLAPPED whose buffer it reads, and passes the lengths and initial values given", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "GetAcceptExSockaddrs", args: { lpOutputBuffer: "ov" } },
        {
          process: "A",
          call: "GetAcceptExSockaddrs",
          args: {
            lpOutputBuffer: "ov",
            dwReceiveDataLength: 2,
            dwLocalAddressLength: 32,
            dwRemoteAddressLength: 32,
            LocalSockaddrLength: 5,
          },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main GetAcceptExSockaddrs",
      "A lpOutputBuffer v ov",
      ".",
      "S 1 0 main GetAcceptExSockaddrs",
      "A lpOutputBuffer v ov",
      "A dwReceiveDataLength i 2",
      "A dwLocalAddressLength i 32",
      "A dwRemoteAddressLength i 32",
      "A LocalSockaddrLength i 5",
      ".",
    ]);
  });
});
