/** The compact form of CancelIo and CancelIoEx: the socket as hFile, the OVERLAPPED by name. */
import { describe, expect, it } from "vitest";
import { compileScenario, SUPPORTED_CALLS } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: CancelIo, CancelIoEx", () => {
  it("are supported calls", () => {
    expect(SUPPORTED_CALLS.has("CancelIo")).toBe(true);
    expect(SUPPORTED_CALLS.has("CancelIoEx")).toBe(true);
  });

  it("encodes hFile, an OVERLAPPED name and NULL", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "CancelIo", args: { hFile: 4 } },
        { process: "A", call: "CancelIoEx", args: { hFile: 4, lpOverlapped: "ov" } },
        { process: "A", call: "CancelIoEx", args: { hFile: 4, lpOverlapped: null } },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main CancelIo",
      "A hFile i 4",
      ".",
      "S 1 0 main CancelIoEx",
      "A hFile i 4",
      "A lpOverlapped v ov",
      ".",
      "S 2 0 main CancelIoEx",
      "A hFile i 4",
      "A lpOverlapped n",
      ".",
    ]);
  });

  it("refuses an invalid pointer as CancelIoEx's lpOverlapped", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [{ process: "A", call: "CancelIoEx", args: { hFile: 4, lpOverlapped: "invalid" } }],
    };
    expect(() => compileScenario(scenario)).toThrow(/expected the name of an OVERLAPPED or null/);
  });
});
