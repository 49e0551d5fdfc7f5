/**
 * WSARecvFrom, WSASendTo and SetFileCompletionNotificationModes in scenario files: lpFrom and
 * lpFromlen shown after the call or, for a pending receive, by WSAGetOverlappedResult; lpTo as an
 * address; the modes' Flags by name.
 */
import { describe, expect, it } from "vitest";
import { parameterNames } from "../../src/scenario/parameters.js";
import { startScenario } from "../../src/scenario/run.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { simulatorWorld } from "../../src/scenario/world.js";

const udp = { af: "AF_INET", type: "SOCK_DGRAM", protocol: "IPPROTO_UDP" };

const sockets: ScenarioStep[] = [
  { process: "A", call: "WSAStartup" },
  { process: "A", call: "socket", args: udp, save: "r" },
  { process: "A", call: "bind", args: { s: "$r", name: "127.0.0.1:0" } },
  { process: "A", call: "getsockname", args: { s: "$r" }, save: "raddr" },
  { process: "A", call: "socket", args: udp, save: "s" },
  { process: "A", call: "bind", args: { s: "$s", name: "127.0.0.1:0" } },
  { process: "A", call: "getsockname", args: { s: "$s" }, save: "saddr" },
];

function play(steps: readonly ScenarioStep[]) {
  const stepper = startScenario("d.json", simulatorWorld());
  const traces = [...sockets, ...steps].map((step) => stepper.step(step));
  const saddr = traces[6]?.outputs.name;
  return { traces: traces.slice(sockets.length), saddr };
}

const sendTo = (data: string): ScenarioStep => ({
  process: "A",
  call: "WSASendTo",
  args: { s: "$s", lpBuffers: [data], lpTo: "$raddr" },
});

describe("datagram I/O in a scenario", () => {
  it("takes the parameters by their Winsock names", () => {
    expect(parameterNames("WSASendTo")).toEqual([
      "s",
      "lpBuffers",
      "dwBufferCount",
      "lpNumberOfBytesSent",
      "dwFlags",
      "lpTo",
      "iTolen",
      "lpOverlapped",
      "hEvent",
      "hEventLowBit",
      "lpCompletionRoutine",
    ]);
    expect(parameterNames("WSARecvFrom")).toContain("lpFromlen");
    expect(parameterNames("SetFileCompletionNotificationModes")).toEqual(["FileHandle", "Flags"]);
  });

  it("shows lpFrom and lpFromlen after a receive that completes at once", () => {
    const { traces, saddr } = play([
      sendTo("hello"),
      { process: "A", call: "WSARecvFrom", args: { s: "$r", lpBuffers: [3, 8] } },
    ]);
    expect(traces[0]?.outputs).toEqual({ lpNumberOfBytesSent: 5 });
    expect(traces[1]?.outputs).toMatchObject({
      lpBuffers: ["hel", "lo"],
      lpFrom: saddr,
      lpFromlen: 16,
    });
  });

  it("shows a pending receive's lpFrom through WSAGetOverlappedResult, and none with lpFrom null", () => {
    const { traces, saddr } = play([
      { process: "A", call: "WSARecvFrom", args: { s: "$r", lpBuffers: [8], lpOverlapped: "ov" } },
      sendTo("later"),
      {
        process: "A",
        call: "WSAGetOverlappedResult",
        args: { s: "$r", lpOverlapped: "ov", fWait: 0 },
      },
      {
        process: "A",
        call: "WSARecvFrom",
        args: { s: "$r", lpBuffers: [8], lpFrom: null, lpOverlapped: "ov" },
      },
      sendTo("again"),
      {
        process: "A",
        call: "WSAGetOverlappedResult",
        args: { s: "$r", lpOverlapped: "ov", fWait: 0 },
      },
    ]);
    expect(traces[0]?.error).toBe("WSA_IO_PENDING");
    expect(traces[0]?.outputs).toEqual({});
    expect(traces[2]?.outputs).toMatchObject({
      lpBuffers: ["later"],
      lpFrom: saddr,
      lpFromlen: 16,
    });
    expect(traces[5]?.outputs).toMatchObject({ lpBuffers: ["again"], lpFromlen: 0 });
    expect(traces[5]?.outputs).not.toHaveProperty("lpFrom");
  });

  it("reads Flags by name and reports the handle errors", () => {
    const { traces } = play([
      {
        process: "A",
        call: "SetFileCompletionNotificationModes",
        args: { FileHandle: "$r", Flags: "FILE_SKIP_SET_EVENT_ON_HANDLE" },
      },
      {
        process: "A",
        call: "SetFileCompletionNotificationModes",
        args: { FileHandle: 12345, Flags: 1 },
      },
    ]);
    expect([traces[0]?.ret, traces[0]?.ok]).toEqual([1, true]);
    expect([traces[1]?.ret, traces[1]?.ok, traces[1]?.error]).toEqual([
      0,
      false,
      "WSA_INVALID_HANDLE",
    ]);
  });
});
