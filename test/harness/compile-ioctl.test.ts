/** The compact form of WSAIoctl: the input's bytes as the simulator builds them, the output by kind. */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: WSAIoctl", () => {
  it("is a supported call", () => {
    expect(SUPPORTED_CALLS.has("WSAIoctl")).toBe(true);
  });

  it("encodes a GUID, a tcp_keepalive, a u_long, NULL and invalid pointers", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "WSAIoctl",
          args: {
            s: 4,
            dwIoControlCode: "SIO_GET_EXTENSION_FUNCTION_POINTER",
            lpvInBuffer: "WSAID_ACCEPTEX",
            cbOutBuffer: 8,
            lpcbBytesReturned: null,
          },
        },
        {
          process: "A",
          call: "WSAIoctl",
          args: {
            s: 4,
            dwIoControlCode: "SIO_KEEPALIVE_VALS",
            lpvInBuffer: { onoff: 1, keepalivetime: 1000, keepaliveinterval: 2 },
            lpvOutBuffer: "invalid",
            lpOverlapped: "ov",
          },
        },
        {
          process: "A",
          call: "WSAIoctl",
          args: { s: 4, dwIoControlCode: "FIONBIO", lpvInBuffer: 1, lpvOutBuffer: null },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main WSAIoctl",
      "A s i 4",
      "A dwIoControlCode i 3355443206",
      "A lpvInBuffer d f17d36b5accbcf1195ca00805f48a192",
      "A cbOutBuffer i 8",
      "A lpcbBytesReturned n",
      ".",
      "S 1 0 main WSAIoctl",
      "A s i 4",
      "A dwIoControlCode i 2550136836",
      "A lpvInBuffer d 01000000e803000002000000",
      "A lpvOutBuffer b",
      "A lpOverlapped v ov",
      ".",
      "S 2 0 main WSAIoctl",
      "A s i 4",
      "A dwIoControlCode i 2147772030",
      "A lpvInBuffer d 01000000",
      "A lpvOutBuffer n",
      ".",
    ]);
  });

  it("refuses an output buffer given as anything but null or invalid", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "WSAIoctl", args: { s: 4, dwIoControlCode: 1, lpvOutBuffer: 8 } },
      ],
    };
    expect(() => compileScenario(scenario)).toThrow(/expected null or "invalid"/);
  });
});
