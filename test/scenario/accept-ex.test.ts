/**
 * AcceptEx in scenario files: the OVERLAPPED by name, the buffer's data part seen through
 * WSAGetOverlappedResult, a NULL buffer, and SO_UPDATE_ACCEPT_CONTEXT's SOCKET-sized value.
 */
import { describe, expect, it } from "vitest";
import { parameterNames } from "../../src/scenario/parameters.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { failure, play, tcp } from "./connected-pair.js";

const acceptEx = (args: Record<string, unknown>): ScenarioStep => ({
  process: "A",
  call: "AcceptEx",
  args: { sListenSocket: "$listener", sAcceptSocket: "$into", lpOverlapped: "ov", ...args },
});

describe("AcceptEx in a scenario", () => {
  it("takes the parameters by the AcceptEx page's names", () => {
    expect(parameterNames("AcceptEx")).toEqual([
      "sListenSocket",
      "sAcceptSocket",
      "lpOutputBuffer",
      "dwReceiveDataLength",
      "dwLocalAddressLength",
      "dwRemoteAddressLength",
      "lpdwBytesReceived",
      "lpOverlapped",
      "hEvent",
      "hEventLowBit",
    ]);
  });

  it("is pending, then completed by a connection with its first data, which WSAGetOverlappedResult shows", () => {
    const traces = play([
      { process: "A", call: "socket", args: tcp, save: "into" },
      acceptEx({ dwReceiveDataLength: 4 }),
      { process: "B", call: "socket", args: tcp, save: "c2" },
      { process: "B", call: "connect", args: { s: "$c2", name: "$addr" } },
      { process: "B", call: "send", args: { s: "$c2", buf: "hey", len: 3 } },
      {
        process: "A",
        call: "WSAGetOverlappedResult",
        args: { s: "$listener", lpOverlapped: "ov", fWait: 0 },
      },
      {
        process: "A",
        call: "setsockopt",
        args: {
          s: "$into",
          level: "SOL_SOCKET",
          optname: "SO_UPDATE_ACCEPT_CONTEXT",
          optval: "$listener",
          optlen: 8,
        },
      },
    ]);
    expect(traces[1]).toMatchObject({ ret: 0, error: "WSA_IO_PENDING" });
    expect(traces[5]).toMatchObject({ ret: 1, outputs: { lpcbTransfer: 3, lpBuffers: ["hey"] } });
    expect(traces[6]).toMatchObject({ ret: 0 });
  });

  it("fails with WSAEFAULT for a NULL buffer and refuses other buffer values", () => {
    const traces = play([
      { process: "A", call: "socket", args: tcp, save: "into" },
      acceptEx({ lpOutputBuffer: null }),
    ]);
    expect(traces[1]).toMatchObject({ ret: 0, error: "WSAEFAULT" });
    expect(
      failure([
        { process: "A", call: "socket", args: tcp, save: "into" },
        acceptEx({ lpOutputBuffer: 8 }),
      ]),
    ).toMatch(/lpOutputBuffer/);
  });
});
