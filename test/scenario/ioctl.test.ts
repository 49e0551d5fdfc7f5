/**
 * WSAIoctl in scenario files: inputs written as what they hold (a GUID by name, a tcp_keepalive
 * object, a u_long), the output shown by value or by function name, lpcbBytesReturned shown after
 * failures too, and the messages of a step that cannot be used.
 */
import { describe, expect, it } from "vitest";
import { GUID, tcp_keepalive } from "../../src/index.js";
import { ioctlInput } from "../../src/scenario/ioctl-calls.js";
import { parameterNames } from "../../src/scenario/parameters.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { failure, play } from "./connected-pair.js";

const DEAD = 0xdeadbeef;
const ioctl = (args: Record<string, unknown>): ScenarioStep => ({
  process: "A",
  call: "WSAIoctl",
  args: { s: "$conn", lpcbBytesReturned: DEAD, ...args },
});

describe("WSAIoctl in a scenario", () => {
  it("takes the parameters by their Winsock names, lpCompletionRoutine last", () => {
    expect(parameterNames("WSAIoctl")).toEqual([
      "s",
      "dwIoControlCode",
      "lpvInBuffer",
      "cbInBuffer",
      "cbOutBuffer",
      "lpvOutBuffer",
      "lpcbBytesReturned",
      "lpOverlapped",
      "hEvent",
      "hEventLowBit",
      "lpCompletionRoutine",
    ]);
  });

  it("builds a GUID from its name or text, a tcp_keepalive from its object, a u_long from a number", () => {
    expect(ioctlInput("WSAID_CONNECTEX")).toEqual(GUID("WSAID_CONNECTEX"));
    expect(ioctlInput("{25a207b9-ddf3-4660-8ee9-76e58c74063e}")).toEqual(GUID("WSAID_CONNECTEX"));
    expect(ioctlInput({ onoff: 1, keepalivetime: 5, keepaliveinterval: 6 })).toEqual(
      tcp_keepalive({ onoff: 1, keepalivetime: 5, keepaliveinterval: 6 }),
    );
    expect(Array.from(ioctlInput(1))).toEqual([1, 0, 0, 0]);
    expect(() => ioctlInput({ onoff: 1, time: 5 })).toThrow(/not "time"/);
  });

  it("lpCompletionRoutine names a routine whose line the next alertable wait shows", () => {
    const traces = play([
      ioctl({
        dwIoControlCode: "FIONREAD",
        cbOutBuffer: 4,
        lpOverlapped: "ov",
        lpCompletionRoutine: "done",
      }),
      ioctl({ dwIoControlCode: "0xdeadbeef", lpOverlapped: "ov", lpCompletionRoutine: "done" }),
      { process: "A", call: "SleepEx", args: { dwMilliseconds: 0, bAlertable: true } },
    ]);
    expect(traces[0]?.outputs).toEqual({ lpcbBytesReturned: 4, lpvOutBuffer: 0 });
    expect(traces[1]?.error).toBe("WSA_IO_PENDING");
    expect(traces[2]?.outputs).toEqual({ apcs: ["done(0, 0, ov, 0)", "done(10045, 0, ov, 0)"] });
  });

  it("shows the extension function by name and FIONREAD's count, and the size after a failure", () => {
    const traces = play([
      ioctl({
        dwIoControlCode: "SIO_GET_EXTENSION_FUNCTION_POINTER",
        lpvInBuffer: "WSAID_DISCONNECTEX",
        cbOutBuffer: 8,
      }),
      ioctl({
        dwIoControlCode: "SIO_GET_EXTENSION_FUNCTION_POINTER",
        lpvInBuffer: "WSAID_ACCEPTEX",
        cbOutBuffer: 16,
      }),
      ioctl({ dwIoControlCode: "FIONREAD", cbOutBuffer: 4 }),
      ioctl({ dwIoControlCode: "FIONREAD", cbOutBuffer: 3 }),
      ioctl({ dwIoControlCode: "SIO_KEEPALIVE_VALS", lpvInBuffer: null, cbInBuffer: 12 }),
      ioctl({ dwIoControlCode: "0xdeadbeef", lpOverlapped: "ov" }),
    ]);
    expect(traces[0]?.outputs).toEqual({ lpcbBytesReturned: 8, lpvOutBuffer: "DisconnectEx" });
    // Room for more than a pointer: raw memory, named through its stand-in address.
    expect(traces[1]?.outputs).toEqual({ lpcbBytesReturned: 8, lpvOutBuffer: "AcceptEx" });
    expect(traces[2]?.outputs).toEqual({ lpcbBytesReturned: 4, lpvOutBuffer: 0 });
    expect([traces[3]?.error, traces[3]?.outputs]).toEqual([
      "WSAEFAULT",
      { lpcbBytesReturned: DEAD },
    ]);
    expect([traces[4]?.error, traces[4]?.outputs]).toEqual(["WSAEFAULT", { lpcbBytesReturned: 0 }]);
    expect([traces[5]?.ret, traces[5]?.error]).toEqual([-1, "WSA_IO_PENDING"]);
  });

  it("names the file, the step and what was expected for a buffer it cannot use", () => {
    expect(failure([ioctl({ dwIoControlCode: "FIONREAD", lpvOutBuffer: 4 })])).toMatch(
      /argument "lpvOutBuffer": left out \(cbOutBuffer bytes of memory\), null or "invalid"/,
    );
    expect(
      failure([ioctl({ dwIoControlCode: "SIO_KEEPALIVE_VALS", lpvInBuffer: { on: 1 } })]),
    ).toMatch(/argument "lpvInBuffer": a tcp_keepalive has onoff/);
    expect(failure([ioctl({ dwIoControlCode: "FIONBIO", lpCompletionRoutine: 1 })])).toMatch(
      /lpCompletionRoutine/,
    );
  });
});
