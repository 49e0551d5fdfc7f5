/** harness/compile.ts: the compact form harness.exe reads (fast; no Wine). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, compileFile, compileScenario } from "../../harness/compile.js";
import type { Scenario } from "../../src/scenario/types.js";

const body = (compact: string) =>
  compact.split("\n").filter((line) => !line.startsWith("E ") && line !== "");

describe("compileScenario", () => {
  it("resolves constants, keeps $names and @P as symbols, and lists processes first", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "socket",
          args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
          save: "s",
        },
        { process: "A", call: "WSADuplicateSocket", args: { s: "$s", dwProcessId: "@C" } },
        { process: "B", thread: "t2", call: "bind", args: { s: "$s", name: "127.0.0.1:0" } },
        { process: "B", call: "getsockname", args: { s: "$s" }, save: { addr: "name" } },
        { process: "B", call: "send", args: { s: "$s", buf: "ping", flags: "0x0" } },
        {
          process: "A",
          call: "WSAWaitForMultipleEvents",
          args: { lphEvents: ["$ev", 5], fWaitAll: true, dwTimeout: "WSA_INFINITE" },
        },
        {
          process: "A",
          call: "setsockopt",
          args: { s: "$s", level: "SOL_SOCKET", optname: "SO_LINGER", optval: { l_onoff: 1 } },
        },
        {
          process: "A",
          call: "WSASocket",
          args: { af: "FROM_PROTOCOL_INFO", lpProtocolInfo: null },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "P 1 C",
      "P 2 B",
      "S 0 0 main socket",
      "A af i 2",
      "A type i 1",
      "A protocol i 6",
      "V s -",
      ".",
      "S 1 0 main WSADuplicateSocket",
      "A s s s",
      "A dwProcessId p 1",
      ".",
      "S 2 2 t2 bind",
      "A s s s",
      "A name a 127.0.0.1:0",
      ".",
      "S 3 2 main getsockname",
      "A s s s",
      "V addr name",
      ".",
      "S 4 2 main send",
      "A s s s",
      "A buf d 70696e67",
      "A flags i 0",
      ".",
      "S 5 0 main WSAWaitForMultipleEvents",
      "L lphEvents 2 s ev i 5",
      "A fWaitAll i 1",
      "A dwTimeout i 4294967295",
      ".",
      "S 6 0 main setsockopt",
      "A s s s",
      "A level i 65535",
      "A optname i 128",
      "A optval o 1 0",
      ".",
      "S 7 0 main WSASocket",
      "A af i -1",
      "A lpProtocolInfo n",
      ".",
    ]);
  });

  it("carries the error-name table the harness prints WSAGetLastError with", () => {
    const lines = compileScenario({ title: "t", steps: [] }).split("\n");
    expect(lines).toContain("E 10038 WSAENOTSOCK");
    expect(lines).toContain("E 10022 WSAEINVAL");
  });

  it("doubled $ and @ are data, and INVALID_SOCKET is -1", () => {
    const compact = compileScenario({
      title: "t",
      steps: [
        { process: "A", call: "send", args: { s: "INVALID_SOCKET", buf: "$$5" } },
        { process: "A", call: "send", args: { s: 4, buf: "" } },
      ],
    });
    expect(body(compact)).toContain("A s i -1");
    expect(body(compact)).toContain("A buf d 2435");
    expect(body(compact)).toContain("A buf d -");
  });

  it("refuses calls the harness does not play yet, and names with spaces, naming the step", () => {
    const unsupported: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "WSAStartup" },
        { process: "A", call: "select", args: {} },
      ],
    };
    expect(() => compileScenario(unsupported)).toThrow(CompileError);
    expect(() => compileScenario(unsupported)).toThrow(/step 1: .*"select"/);
    expect(() =>
      compileScenario({ title: "t", steps: [{ process: "A", call: "socket", save: "a b" }] }),
    ).toThrow(/step 0: saved name "a b"/);
  });

  it("compiles both example scenarios", () => {
    for (const name of ["option-seen-through-duplicate", "split-read-write"]) {
      const file = `examples/scenarios/${name}.json`;
      const steps = (JSON.parse(readFileSync(file, "utf8")) as Scenario).steps;
      const compact = compileFile(file);
      expect(compact.split("\n").filter((l) => l.startsWith("S "))).toHaveLength(steps.length);
      expect(compact).toContain("P 1 B");
    }
  });
});
