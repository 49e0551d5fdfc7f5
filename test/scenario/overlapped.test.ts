/**
 * WSARecv, WSASend and WSAGetOverlappedResult in scenario files: buffers as lengths or data, an
 * OVERLAPPED named by the step and kept per process, the outputs of a receive (immediate or read
 * back by WSAGetOverlappedResult), and the messages of a step that cannot be used.
 */
import { describe, expect, it } from "vitest";
import { parameterNames } from "../../src/scenario/parameters.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { failure, play, tcp } from "./connected-pair.js";

const recv = (args: Record<string, unknown>, process = "A"): ScenarioStep => ({
  process,
  call: "WSARecv",
  args: { s: "$conn", ...args },
});
const result = (args: Record<string, unknown> = {}): ScenarioStep => ({
  process: "A",
  call: "WSAGetOverlappedResult",
  args: { s: "$conn", lpOverlapped: "ov", fWait: 0, ...args },
});
const send = (buf: string): ScenarioStep => ({
  process: "B",
  call: "send",
  args: { s: "$client", buf },
});

describe("WSARecv, WSASend and WSAGetOverlappedResult in a scenario", () => {
  it("take their parameters by their Winsock names", () => {
    expect(parameterNames("WSARecv")).toEqual([
      "s",
      "lpBuffers",
      "dwBufferCount",
      "lpNumberOfBytesRecvd",
      "lpFlags",
      "lpOverlapped",
      "hEvent",
      "hEventLowBit",
      "lpCompletionRoutine",
    ]);
    expect(parameterNames("WSASend")).toContain("dwFlags");
    expect(parameterNames("WSAGetOverlappedResult")).toEqual([
      "s",
      "lpOverlapped",
      "lpcbTransfer",
      "fWait",
      "lpdwFlags",
    ]);
  });

  it("show an immediate receive's bytes per buffer, and nothing for a pending one", () => {
    const [sent, immediate, pending] = play([
      send("abcdef"),
      recv({ lpBuffers: [4, 4] }),
      recv({ lpBuffers: [2, 2], lpOverlapped: "ov" }),
    ]);
    expect(sent?.ret).toBe(6);
    expect(immediate?.outputs).toEqual({
      lpBuffers: ["abcd", "ef"],
      lpNumberOfBytesRecvd: 6,
      lpFlags: 0,
    });
    expect([pending?.ret, pending?.error, pending?.outputs]).toEqual([-1, "WSA_IO_PENDING", {}]);
  });

  it("read back what a pending receive put in the buffers of its named OVERLAPPED", () => {
    const traces = play([
      { process: "A", call: "WSACreateEvent", save: "ev" },
      recv({ lpBuffers: [3, 8], lpOverlapped: "ov", hEvent: "$ev" }),
      result({ lpcbTransfer: 9 }),
      send("hello"),
      result(),
      // The name is the same structure: a send with it leaves no receive buffers to show.
      { process: "A", call: "WSASend", args: { s: "$conn", lpBuffers: ["x"], lpOverlapped: "ov" } },
      result(),
    ]);
    const [, , incomplete, , done, sent, afterSend] = traces;
    expect([incomplete?.ret, incomplete?.error, incomplete?.outputs]).toEqual([
      0,
      "WSA_IO_INCOMPLETE",
      { lpcbTransfer: 9, lpdwFlags: 0 },
    ]);
    expect(done?.outputs).toEqual({ lpcbTransfer: 5, lpdwFlags: 0, lpBuffers: ["hel", "lo"] });
    expect(sent?.outputs).toEqual({ lpNumberOfBytesSent: 1 });
    expect(afterSend?.outputs).toEqual({ lpcbTransfer: 1, lpdwFlags: 0 });
  });

  it("keep OVERLAPPEDs per process: the same name in another process is another structure", () => {
    const traces = play([
      recv({ lpBuffers: [4], lpOverlapped: "ov" }),
      { process: "B", call: "socket", args: tcp, save: "other" },
      {
        process: "B",
        call: "WSAGetOverlappedResult",
        args: { s: "$other", lpOverlapped: "ov", fWait: 0 },
      },
    ]);
    // B's "ov" is a zeroed structure: Internal 0 is STATUS_SUCCESS, 0 bytes.
    expect([traces[2]?.ret, traces[2]?.outputs]).toEqual([1, { lpcbTransfer: 0, lpdwFlags: 0 }]);
  });

  it("name the file, the step and what was expected for arguments they cannot use", () => {
    expect(failure([recv({})])).toMatch(
      /step 9, field "args": argument "lpBuffers" is missing \(expected an array of buffer lengths, null or "invalid"\)/,
    );
    expect(failure([recv({ lpBuffers: [4, "x"] })])).toMatch(
      /argument "lpBuffers": element 1: .*"x"/,
    );
    expect(failure([recv({ lpBuffers: [-1] })])).toMatch(
      /argument "lpBuffers": element 0: expected a buffer length from 0 to 16777216, got -1/,
    );
    expect(
      failure([{ process: "A", call: "WSASend", args: { s: "$conn", lpBuffers: [5] } }]),
    ).toMatch(/argument "lpBuffers": element 0: expected a string of data, got 5/);
    expect(failure([recv({ lpBuffers: [4], lpOverlapped: 7 })])).toMatch(
      /argument "lpOverlapped": expected the name of an OVERLAPPED .* got 7/,
    );
    expect(failure([recv({ lpBuffers: [4], hEvent: 5 })])).toMatch(
      /argument "hEvent": an OVERLAPPED's event is given only with an "lpOverlapped" name/,
    );
    expect(failure([result({ fWiat: 1 })])).toMatch(/takes no parameter "fWiat"/);
  });
});
