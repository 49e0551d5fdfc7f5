/**
 * Parts of saved values: "$info.iAddressFamily", "$addr.port", and an address with parts replaced,
 * { "from": "$addr", "port": 0 }; with the errors for a part that is not there.
 */
import { describe, expect, it } from "vitest";
import { encodeProtocolInfo } from "../../src/kernel/protocol-info.js";
import { changedAddress } from "../../src/scenario/parts.js";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario } from "../../src/scenario/run.js";
import { type Bindings, substitute } from "../../src/scenario/values.js";

const info = {
  dwServiceFlags1: 0,
  dwServiceFlags2: 0,
  dwServiceFlags3: 0,
  dwServiceFlags4: 0,
  dwProviderFlags: 0,
  ProviderId: "{E70F1AA0-AB8B-11CF-8CA3-00805F48A192}",
  dwCatalogEntryId: 1001,
  ProtocolChain: { ChainLen: 1, ChainEntries: [0, 0, 0, 0, 0, 0, 0] },
  iVersion: 2,
  iAddressFamily: 23,
  iMaxSockAddr: 28,
  iMinSockAddr: 28,
  iSocketType: 2,
  iProtocol: 17,
  iProtocolMaxOffset: 0,
  iNetworkByteOrder: 0,
  iSecurityScheme: 0,
  dwMessageSize: 65527,
  dwProviderReserved: 0,
  szProtocol: "MSAFD Tcpip [UDP/IPv6]",
};

function bindings(saved: Record<string, unknown>): Bindings {
  return { saved: new Map(Object.entries(saved)), pidOf: () => 0x400 };
}

describe("$name.field", () => {
  it("reads a field of saved WSAPROTOCOL_INFO bytes, A or W form", () => {
    for (const charSet of ["A", "W"] as const) {
      const b = bindings({ info: encodeProtocolInfo(info, charSet) });
      expect(substitute("$info.iAddressFamily", b)).toBe(23);
      expect(substitute("$info.iProtocol", b)).toBe(17);
      expect(substitute("$info.szProtocol", b)).toBe("MSAFD Tcpip [UDP/IPv6]");
      expect(substitute("$info.ProtocolChain.ChainLen", b)).toBe(1);
    }
  });

  it("reads a field of a saved decoded structure and the parts of a saved address", () => {
    const b = bindings({ info, addr: "127.0.0.1:49152", v6: "[::1]:80" });
    expect(substitute("$info.iSocketType", b)).toBe(2);
    expect(substitute("$addr.port", b)).toBe(49152);
    expect(substitute("$addr.host", b)).toBe("127.0.0.1");
    expect(substitute("$v6.host", b)).toBe("::1");
  });

  it("prefers a saved name that contains a dot", () => {
    expect(substitute("$a.b", bindings({ "a.b": 1, a: { b: 2 } }))).toBe(1);
  });

  it("names the field that is missing and the fields there are", () => {
    const b = bindings({ addr: "127.0.0.1:80", s: 4, info: encodeProtocolInfo(info, "A") });
    expect(() => substitute("$addr.family", b)).toThrow(
      '"$addr" has no field "family" (it has host, port)',
    );
    expect(() => substitute("$info.iFamily", b)).toThrow(
      /"\$info" has no field "iFamily" \(it has dwServiceFlags1, /,
    );
    expect(() => substitute("$s.port", b)).toThrow(
      '"$s" is 4, which has no fields (expected a saved WSAPROTOCOL_INFO, address or structure)',
    );
    expect(() => substitute("$addr.port.x", b)).toThrow('"$addr.port" is 80, which has no fields');
    expect(() => substitute("$nope.port", b)).toThrow('"$nope" was never saved');
  });
});

describe("an address with parts replaced", () => {
  it("replaces the port, the host, or both", () => {
    expect(changedAddress({ from: "127.0.0.1:49152", port: 0 })).toBe("127.0.0.1:0");
    expect(changedAddress({ from: "127.0.0.1:49152", port: "0x50" })).toBe("127.0.0.1:80");
    expect(changedAddress({ from: "127.0.0.1:49152", host: "0.0.0.0" })).toBe("0.0.0.0:49152");
    expect(changedAddress({ from: "[::1]:5", host: "::", port: 6 })).toBe("[::]:6");
    expect(changedAddress({ from: "127.0.0.1:49152" })).toBe("127.0.0.1:49152");
  });

  it("says what is wrong with it", () => {
    expect(() => changedAddress({ from: 4, port: 0 })).toThrow(
      '"from" must be an address such as "127.0.0.1:80" or a saved "$addr", got 4',
    );
    expect(() => changedAddress({ from: "127.0.0.1:1", host: "::1" })).toThrow(/same family/);
    expect(() => changedAddress({ from: "127.0.0.1:1", port: 70000 })).toThrow(/0 to 65535/);
    expect(() => changedAddress({ from: "127.0.0.1:1", prot: 0 })).toThrow(
      'an address object has no field "prot" (expected from, and host or port)',
    );
  });
});

describe("in a run", () => {
  const steps = [
    { process: "A", call: "WSAStartup" },
    {
      process: "A",
      call: "socket",
      args: { af: "AF_INET", type: "SOCK_DGRAM", protocol: 0 },
      save: "s",
    },
    {
      process: "A",
      call: "getsockopt",
      args: { s: "$s", level: "SOL_SOCKET", optname: "SO_PROTOCOL_INFOW" },
      save: { info: "optval" },
    },
    { process: "A", call: "bind", args: { s: "$s", name: "127.0.0.1:0" } },
    { process: "A", call: "getsockname", args: { s: "$s" }, save: "addr" },
  ];

  it("builds arguments and expectations from parts", () => {
    const text = JSON.stringify({
      title: "t",
      steps: [
        ...steps,
        {
          process: "A",
          call: "socket",
          args: {
            af: "$info.iAddressFamily",
            type: "$info.iSocketType",
            protocol: "$info.iProtocol",
          },
          save: "t",
          expect: { ok: true },
        },
        {
          process: "A",
          call: "bind",
          args: { s: "$t", name: { from: "$addr", port: 0 } },
          expect: { ret: 0 },
        },
        {
          process: "A",
          call: "getsockname",
          args: { s: "$t" },
          expect: { name: { not: "$addr" } },
        },
        {
          process: "A",
          call: "bind",
          args: { s: "$s", name: { from: "$addr", port: "$addr.port" } },
          expect: { error: "WSAEINVAL" },
        },
      ],
    });
    const trace = runScenario("f.json", parseScenario("f.json", text));
    expect(trace.steps.flatMap((s) => s.expectations.filter((e) => !e.held))).toEqual([]);
    expect(trace.steps[5]?.text).toBe("socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)");
    expect(trace.steps[6]?.text).toBe("bind(8, 127.0.0.1:0, 16)");
  });

  it("makes the file unusable at the step, naming the missing field", () => {
    const text = JSON.stringify({
      title: "t",
      steps: [...steps, { process: "A", call: "socket", args: { af: "$info.family" } }],
    });
    expect(() => runScenario("f.json", parseScenario("f.json", text))).toThrow(
      /f\.json: step 5, field "args": argument "af": "\$info" has no field "family" \(it has dwServiceFlags1, /,
    );
  });
});
