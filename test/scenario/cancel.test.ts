/**
 * CancelIo and CancelIoEx in scenario files: CancelIoEx's lpOverlapped by the name the process
 * gave the OVERLAPPED, or null; a cancelled receive seen through WSAGetOverlappedResult; and the
 * messages of a step that cannot be used.
 */
import { describe, expect, it } from "vitest";
import { parameterNames } from "../../src/scenario/parameters.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { failure, play } from "./connected-pair.js";

const recv = (ov: string, thread?: string): ScenarioStep => ({
  process: "A",
  ...(thread === undefined ? {} : { thread }),
  call: "WSARecv",
  args: { s: "$conn", lpBuffers: [8], lpOverlapped: ov },
});
const result = (ov: string): ScenarioStep => ({
  process: "A",
  call: "WSAGetOverlappedResult",
  args: { s: "$conn", lpOverlapped: ov, fWait: 0 },
});
const cancelEx = (lpOverlapped: unknown): ScenarioStep => ({
  process: "A",
  call: "CancelIoEx",
  args: { hFile: "$conn", lpOverlapped },
});
const cancel = (thread?: string): ScenarioStep => ({
  process: "A",
  ...(thread === undefined ? {} : { thread }),
  call: "CancelIo",
  args: { hFile: "$conn" },
});

describe("cancelling in a scenario", () => {
  it("takes the parameters by their kernel32 names", () => {
    expect(parameterNames("CancelIo")).toEqual(["hFile"]);
    expect(parameterNames("CancelIoEx")).toEqual(["hFile", "lpOverlapped"]);
  });

  it("cancels the receive of the OVERLAPPED named, then the rest with null, then finds nothing", () => {
    const traces = play([
      recv("ov1"),
      recv("ov2"),
      cancelEx("ov1"),
      result("ov1"),
      result("ov2"),
      cancelEx(null),
      result("ov2"),
      cancelEx(null),
      cancelEx("never-used"),
    ]);
    expect(traces[2]?.ret).toBe(1);
    expect([traces[3]?.ret, traces[3]?.error]).toEqual([0, "WSA_OPERATION_ABORTED"]);
    expect([traces[4]?.ret, traces[4]?.error]).toEqual([0, "WSA_IO_INCOMPLETE"]);
    expect(traces[5]?.ret).toBe(1);
    expect(traces[6]?.error).toBe("WSA_OPERATION_ABORTED");
    expect([traces[7]?.ret, traces[7]?.ok, traces[7]?.error]).toEqual([
      0,
      false,
      "ERROR_NOT_FOUND",
    ]);
    expect(traces[8]?.error).toBe("ERROR_NOT_FOUND");
  });

  it("CancelIo cancels only the calling thread's operations and succeeds with none", () => {
    const traces = play([
      recv("ov", "issuer"),
      cancel(),
      result("ov"),
      cancel("issuer"),
      result("ov"),
      cancel("issuer"),
    ]);
    expect(traces[1]?.ret).toBe(1);
    expect(traces[2]?.error).toBe("WSA_IO_INCOMPLETE");
    expect(traces[3]?.ret).toBe(1);
    expect(traces[4]?.error).toBe("WSA_OPERATION_ABORTED");
    expect(traces[5]?.ret).toBe(1);
  });

  it("names the file, the step and what was expected for an lpOverlapped it cannot use", () => {
    expect(failure([cancelEx("invalid")])).toMatch(
      /step 9, field "args": argument "lpOverlapped": expected the name of an OVERLAPPED or null/,
    );
    expect(failure([cancelEx(7)])).toMatch(/argument "lpOverlapped": expected the name/);
    expect(failure([{ process: "A", call: "CancelIo" }])).toMatch(/argument "hFile" is missing/);
  });
});
