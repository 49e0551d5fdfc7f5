/**
 * CreateIoCompletionPort, GetQueuedCompletionStatus and PostQueuedCompletionStatus in scenario
 * files: a port saved like an event, INVALID_HANDLE_VALUE and INFINITE by name, the dequeued
 * OVERLAPPED shown by the name the process gave it, and the messages of a step that cannot be
 * used.
 */
import { describe, expect, it } from "vitest";
import { parameterNames } from "../../src/scenario/parameters.js";
import type { StepTrace } from "../../src/scenario/run.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { failure, play } from "./connected-pair.js";

const newPort = (key = 0, file: unknown = "INVALID_HANDLE_VALUE"): ScenarioStep => ({
  process: "A",
  call: "CreateIoCompletionPort",
  args: { FileHandle: file, CompletionKey: key },
  save: "port",
});
const dequeue = (args: Record<string, unknown> = {}, thread?: string): ScenarioStep => ({
  process: "A",
  ...(thread === undefined ? {} : { thread }),
  call: "GetQueuedCompletionStatus",
  args: { CompletionPort: "$port", dwMilliseconds: 0, ...args },
});
const post = (args: Record<string, unknown>): ScenarioStep => ({
  process: "A",
  call: "PostQueuedCompletionStatus",
  args: { CompletionPort: "$port", ...args },
});
const sees = (t: StepTrace | undefined) => [t?.ret, t?.error, t?.outputs];

describe("completion ports in a scenario", () => {
  it("take their parameters by their kernel32 names", () => {
    expect(parameterNames("CreateIoCompletionPort")).toEqual([
      "FileHandle",
      "ExistingCompletionPort",
      "CompletionKey",
      "NumberOfConcurrentThreads",
    ]);
    expect(parameterNames("GetQueuedCompletionStatus")).toEqual([
      "CompletionPort",
      "lpNumberOfBytesTransferred",
      "lpCompletionKey",
      "lpOverlapped",
      "dwMilliseconds",
    ]);
    expect(parameterNames("PostQueuedCompletionStatus")).toEqual([
      "CompletionPort",
      "dwNumberOfBytesTransferred",
      "dwCompletionKey",
      "lpOverlapped",
    ]);
    expect(parameterNames("WSARecv")).toContain("hEventLowBit");
  });

  it("show a dequeued packet's OVERLAPPED by its name, null for none, and WAIT_TIMEOUT when empty", () => {
    const traces = play([
      newPort(),
      post({ dwNumberOfBytesTransferred: 7, dwCompletionKey: 42, lpOverlapped: "ov" }),
      post({ dwCompletionKey: 43, lpOverlapped: null }),
      dequeue(),
      dequeue({ lpCompletionKey: 9 }),
      dequeue({ lpNumberOfBytesTransferred: 5, lpCompletionKey: 9 }),
    ]);
    expect(traces[0]?.ok).toBe(true);
    expect(sees(traces[3])).toEqual([
      1,
      "0",
      { lpNumberOfBytesTransferred: 7, lpCompletionKey: 42, lpOverlapped: "ov" },
    ]);
    expect(sees(traces[4])).toEqual([
      1,
      "0",
      { lpNumberOfBytesTransferred: 0, lpCompletionKey: 43, lpOverlapped: null },
    ]);
    // No packet: the pointers are left as given, the OVERLAPPED's set to NULL.
    expect(sees(traces[5])).toEqual([
      0,
      "WAIT_TIMEOUT",
      { lpNumberOfBytesTransferred: 5, lpCompletionKey: 9, lpOverlapped: null },
    ]);
  });

  it("name the OVERLAPPED of a completed receive; a second association of the socket fails", () => {
    const traces = play([
      newPort(125, "$conn"),
      {
        ...newPort(126, "$conn"),
        save: undefined,
        args: { FileHandle: "$conn", ExistingCompletionPort: "$port" },
      },
      {
        process: "A",
        call: "WSARecv",
        args: { s: "$conn", lpBuffers: [8], lpOverlapped: "first" },
      },
      dequeue({ dwMilliseconds: "INFINITE" }, "worker"),
      { process: "B", call: "send", args: { s: "$client", buf: "abc" } },
      { process: "A", thread: "worker", call: "await" },
    ]);
    expect(traces[1]?.ok).toBe(false);
    expect(traces[3]?.blocked).toBe(true);
    expect(sees(traces[5])).toEqual([
      1,
      "0",
      { lpNumberOfBytesTransferred: 3, lpCompletionKey: 125, lpOverlapped: "first" },
    ]);
  });

  it("set hEvent's low bit with hEventLowBit: the receive completes, no packet is queued", () => {
    const traces = play([
      newPort(1, "$conn"),
      { process: "A", call: "WSACreateEvent", save: "ev" },
      {
        process: "A",
        call: "WSARecv",
        args: { s: "$conn", lpBuffers: [8], lpOverlapped: "ov", hEvent: "$ev", hEventLowBit: 1 },
      },
      { process: "B", call: "send", args: { s: "$client", buf: "x" } },
      {
        process: "A",
        call: "WSAGetOverlappedResult",
        args: { s: "$conn", lpOverlapped: "ov", fWait: 0 },
      },
      dequeue(),
    ]);
    expect(traces[4]?.ret).toBe(1);
    expect(sees(traces[5])?.slice(0, 2)).toEqual([0, "WAIT_TIMEOUT"]);
  });

  it("pass NULL and unwritable out pointers as written", () => {
    const traces = play([
      newPort(),
      post({}),
      dequeue({ lpOverlapped: "invalid" }),
      dequeue({ lpOverlapped: null }),
      dequeue({ lpCompletionKey: null }),
    ]);
    expect(sees(traces[2])).toEqual([
      0,
      "ERROR_NOACCESS",
      { lpNumberOfBytesTransferred: 0, lpCompletionKey: 0 },
    ]);
    expect(traces[3]?.error).toBe("ERROR_NOACCESS");
    expect(traces[4]?.error).toBe("ERROR_NOACCESS");
  });

  it("name the file, the step and what was expected for arguments they cannot use", () => {
    expect(failure([newPort(0, "INVALID_HANDLE")])).toMatch(
      /step 9, field "args": argument "FileHandle": unknown constant "INVALID_HANDLE"/,
    );
    expect(failure([newPort(), dequeue({ lpOverlapped: "ov" })])).toMatch(
      /argument "lpOverlapped": expected null or "invalid" .* got "ov"/,
    );
    expect(failure([newPort(), post({ lpOverlapped: "invalid" })])).toMatch(
      /argument "lpOverlapped": expected the name of an OVERLAPPED or null/,
    );
    const noTimeout = {
      process: "A",
      call: "GetQueuedCompletionStatus",
      args: { CompletionPort: "$port" },
    };
    expect(failure([newPort(), noTimeout])).toMatch(/argument "dwMilliseconds" is missing/);
    expect(
      failure([
        {
          process: "A",
          call: "WSARecv",
          args: { s: "$conn", lpBuffers: [4], lpOverlapped: "ov", hEventLowBit: 1 },
        },
      ]),
    ).toMatch(/argument "hEventLowBit": given only with an "hEvent"/);
  });
});
