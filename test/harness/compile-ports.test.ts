/**
 * The compact form of the completion port calls, and their handles in the comparison: a port is
 * a handle whose number differs between the simulator and Windows, so it is compared by name.
 */
import { describe, expect, it } from "vitest";
import { CompileError, compileScenario } from "../../harness/compile.js";
import { compareTrace } from "../../harness/verdict.js";
import type { Scenario } from "../../src/scenario/types.js";
import { completeEnd, harnessSteps, shippedScenario } from "./synthetic.js";

const body = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("E "));

describe("compile: CreateIoCompletionPort, GetQueuedCompletionStatus, PostQueuedCompletionStatus", () => {
  it("encodes INVALID_HANDLE_VALUE, INFINITE, the out pointers and OVERLAPPED names", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "CreateIoCompletionPort",
          args: { FileHandle: "INVALID_HANDLE_VALUE", CompletionKey: 5 },
          save: "port",
        },
        {
          process: "A",
          call: "CreateIoCompletionPort",
          args: { FileHandle: -1, ExistingCompletionPort: "$port" },
        },
        {
          process: "A",
          call: "PostQueuedCompletionStatus",
          args: { CompletionPort: "$port", dwCompletionKey: 3, lpOverlapped: "ov" },
        },
        {
          process: "A",
          call: "GetQueuedCompletionStatus",
          args: {
            CompletionPort: "$port",
            lpCompletionKey: 9,
            lpNumberOfBytesTransferred: null,
            dwMilliseconds: "INFINITE",
          },
        },
        {
          process: "A",
          call: "GetQueuedCompletionStatus",
          args: { CompletionPort: "$port", lpOverlapped: "invalid", dwMilliseconds: 0 },
        },
        {
          process: "A",
          call: "WSARecv",
          args: { s: 4, lpBuffers: [1], lpOverlapped: "ov", hEvent: 8, hEventLowBit: true },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main CreateIoCompletionPort",
      "A FileHandle i -1",
      "A CompletionKey i 5",
      "V port -",
      ".",
      "S 1 0 main CreateIoCompletionPort",
      "A FileHandle i -1",
      "A ExistingCompletionPort s port",
      ".",
      "S 2 0 main PostQueuedCompletionStatus",
      "A CompletionPort s port",
      "A dwCompletionKey i 3",
      "A lpOverlapped v ov",
      ".",
      "S 3 0 main GetQueuedCompletionStatus",
      "A CompletionPort s port",
      "A lpCompletionKey i 9",
      "A lpNumberOfBytesTransferred n",
      "A dwMilliseconds i 4294967295",
      ".",
      "S 4 0 main GetQueuedCompletionStatus",
      "A CompletionPort s port",
      "A lpOverlapped b",
      "A dwMilliseconds i 0",
      ".",
      "S 5 0 main WSARecv",
      "A s i 4",
      "L lpBuffers 1 i 1",
      "A lpOverlapped v ov",
      "A hEvent i 8",
      "A hEventLowBit i 1",
      ".",
    ]);
  });

  it("refuses an OVERLAPPED name as GetQueuedCompletionStatus's output, and an invalid one to post", () => {
    const step = (call: string, lpOverlapped: unknown): Scenario => ({
      title: "t",
      steps: [{ process: "A", call, args: { CompletionPort: 1, lpOverlapped, dwMilliseconds: 0 } }],
    });
    expect(() => compileScenario(step("GetQueuedCompletionStatus", "ov"))).toThrow(CompileError);
    expect(() => compileScenario(step("PostQueuedCompletionStatus", "invalid"))).toThrow(
      /expected the name of an OVERLAPPED or null/,
    );
  });
});

describe("compare: completion port handles", () => {
  it("compares CreateIoCompletionPort's handles by name, per port, not by number", () => {
    const file = "spec/scenarios/overlapped/port-post-then-dequeue.json";
    const scenario = shippedScenario(file);
    const renumbered = harnessSteps(scenario).map((s) =>
      s.call === "CreateIoCompletionPort" ? { ...s, ret: 0x88 } : s,
    );
    const trace = { steps: renumbered, end: completeEnd(scenario) };
    expect(compareTrace(scenario, trace, { file }).kind).toBe("agree");
    // An association must return the port it was given: another handle there differs.
    const joined: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "CreateIoCompletionPort", args: { FileHandle: -1 }, save: "port" },
        { process: "A", call: "WSAStartup" },
        {
          process: "A",
          call: "socket",
          args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
          save: "s",
        },
        {
          process: "A",
          call: "CreateIoCompletionPort",
          args: { FileHandle: "$s", ExistingCompletionPort: "$port", CompletionKey: 1 },
        },
      ],
    };
    const steps = harnessSteps(joined);
    expect(compareTrace(joined, { steps, end: completeEnd(joined) }).kind).toBe("agree");
    const other = steps.map((s, i) => (i === 3 ? { ...s, ret: 0x1234 } : s));
    const verdict = compareTrace(joined, { steps: other, end: completeEnd(joined) });
    expect(verdict.kind).toBe("failed");
    expect(verdict.failure?.index).toBe(3);
  });
});
