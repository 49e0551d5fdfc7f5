/**
 * GetAcceptExSockaddrs in scenario files: it names the OVERLAPPED of an AcceptEx, reads that
 * AcceptEx's buffer with its lengths (or the step's), and shows the addresses as getsockname's.
 */
import { describe, expect, it } from "vitest";
import { parameterNames } from "../../src/scenario/parameters.js";
import type { ScenarioStep } from "../../src/scenario/types.js";
import { failure, play, tcp } from "./connected-pair.js";

/** An AcceptEx with two bytes of data completed by B's second connection "c2". */
const accepted: ScenarioStep[] = [
  { process: "A", call: "socket", args: tcp, save: "into" },
  {
    process: "A",
    call: "AcceptEx",
    args: {
      sListenSocket: "$listener",
      sAcceptSocket: "$into",
      dwReceiveDataLength: 2,
      lpOverlapped: "ov",
    },
  },
  { process: "B", call: "socket", args: tcp, save: "c2" },
  { process: "B", call: "connect", args: { s: "$c2", name: "$addr" } },
  { process: "B", call: "getsockname", args: { s: "$c2" }, save: "c2addr" },
  { process: "B", call: "send", args: { s: "$c2", buf: "hi", len: 2 } },
];

const sockaddrs = (args: Record<string, unknown>): ScenarioStep => ({
  process: "A",
  call: "GetAcceptExSockaddrs",
  args: { lpOutputBuffer: "ov", ...args },
});

describe("GetAcceptExSockaddrs in a scenario", () => {
  it("takes the parameters by the GetAcceptExSockaddrs page's names", () => {
    expect(parameterNames("GetAcceptExSockaddrs")).toEqual([
      "lpOutputBuffer",
      "dwReceiveDataLength",
      "dwLocalAddressLength",
      "dwRemoteAddressLength",
      "LocalSockaddr",
      "LocalSockaddrLength",
      "RemoteSockaddr",
      "RemoteSockaddrLength",
    ]);
  });

  it("shows the listener's address and the client's, with the AcceptEx's lengths, and returns nothing", () => {
    const traces = play([
      ...accepted,
      sockaddrs({}),
      { process: "A", call: "getsockname", args: { s: "$listener" } },
    ]);
    const addr = traces[7]?.outputs.name;
    const client = traces[4]?.outputs.name;
    expect(typeof client).toBe("string");
    expect(traces[6]).toMatchObject({
      ret: null,
      ok: true,
      outputs: {
        LocalSockaddr: addr,
        LocalSockaddrLength: 16,
        RemoteSockaddr: client,
        RemoteSockaddrLength: 16,
      },
    });
  });

  it("reads with the step's lengths: a data length that is not the AcceptEx's misses the slots", () => {
    const traces = play([...accepted, sockaddrs({ dwReceiveDataLength: 0 })]);
    // The local slot is read where the data is: no address comes out of it.
    expect(traces[6]?.outputs.LocalSockaddr).toBeUndefined();
  });

  it("refuses a name no AcceptEx with a buffer was made with, and NULL pointers", () => {
    expect(failure([sockaddrs({})])).toMatch(/no AcceptEx with a buffer .*"ov"/);
    expect(failure([sockaddrs({ lpOutputBuffer: null })])).toMatch(/lpOutputBuffer/);
    // The function writes through its pointers unchecked: NULL is not a scenario's to give.
    expect(failure([...accepted, sockaddrs({ LocalSockaddr: null })])).toMatch(/LocalSockaddr/);
    expect(failure([...accepted, sockaddrs({ RemoteSockaddrLength: null })])).toMatch(
      /RemoteSockaddrLength/,
    );
  });
});
