/**
 * The compact form of ConnectEx and DisconnectEx: ConnectEx's name as an address like connect's,
 * lpSendBuffer as data, lpdwBytesSent as a DWORD out pointer, the OVERLAPPED by name; DisconnectEx's
 * TF_REUSE_SOCKET by its value.
 */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: ConnectEx, DisconnectEx", () => {
  it("are supported calls", () => {
    expect(SUPPORTED_CALLS.has("ConnectEx")).toBe(true);
    expect(SUPPORTED_CALLS.has("DisconnectEx")).toBe(true);
  });

  it("encodes the address, the send buffer, the out pointer, the OVERLAPPED and the flags", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "ConnectEx",
          args: {
            s: 4,
            name: "127.0.0.1:5000",
            lpSendBuffer: "abc",
            lpdwBytesSent: null,
            lpOverlapped: "ov",
            hEvent: 8,
            hEventLowBit: true,
          },
        },
        {
          process: "A",
          call: "DisconnectEx",
          args: { s: 4, lpOverlapped: null, dwFlags: "TF_REUSE_SOCKET", dwReserved: 0 },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main ConnectEx",
      "A s i 4",
      "A name a 127.0.0.1:5000",
      "A lpSendBuffer d 616263",
      "A lpdwBytesSent n",
      "A lpOverlapped v ov",
      "A hEvent i 8",
      "A hEventLowBit i 1",
      ".",
      "S 1 0 main DisconnectEx",
      "A s i 4",
      "A lpOverlapped n",
      "A dwFlags i 2",
      "A dwReserved i 0",
      ".",
    ]);
  });
});
