/** harness/compile.ts: the compact form harness.exe reads (fast; no Wine). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CompileError,
  compileFile,
  compileScenario,
  SUPPORTED_CALLS,
} from "../../harness/compile.js";
import { defaultScenarios, repositoryPath } from "../../harness/scenarios.js";
import { firstSchedule } from "../../src/explore/explore.js";
import { linearize } from "../../src/explore/schedule.js";
import { ADAPTERS } from "../../src/scenario/calls.js";
import { parseScenario } from "../../src/scenario/read.js";
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

  it("sends an AF_UNIX address as its whole 110-byte SOCKADDR_UN, spaces and all", () => {
    const compact = compileScenario({
      title: "t",
      steps: [
        { process: "A", call: "bind", args: { s: 4, name: "unix:C:\\my dir\\a.sock" } },
        { process: "A", call: "connect", args: { s: 4, name: "unix:" } },
        { process: "A", call: "sendto", args: { s: 4, buf: "x", to: "unix:b" } },
        { process: "A", call: "bind", args: { s: 4, name: "127.0.0.1:0" } },
      ],
    });
    const names = body(compact).filter((l) => /^A (name|to) /.test(l));
    const path = Buffer.from("C:\\my dir\\a.sock").toString("hex");
    const whole = (hex: string) => `0100${hex}`.padEnd(220, "0");
    expect(names).toEqual([
      `A name d ${whole(path)}`,
      `A name d ${whole("")}`,
      `A to d ${whole("62")}`,
      "A name a 127.0.0.1:0",
    ]);
    // A path that does not fit sun_path with its NUL is refused, naming the step.
    expect(() =>
      compileScenario({
        title: "t",
        steps: [{ process: "A", call: "bind", args: { s: 4, name: `unix:${"p".repeat(108)}` } }],
      }),
    ).toThrow(/step 0: argument "name": not an address/);
  });

  it("encodes select's timeval and fd sets, and WSAPoll's entries as (fd, events) pairs", () => {
    const compact = compileScenario({
      title: "t",
      steps: [
        {
          process: "A",
          call: "select",
          args: { readfds: ["$conn"], writefds: null, timeout: { tv_sec: 2 } },
        },
        { process: "A", call: "select", args: { readfds: [], timeout: null } },
        {
          process: "A",
          call: "WSAPoll",
          args: { fdArray: [{ fd: "$conn", events: "POLLRDNORM|POLLWRNORM" }, {}], timeout: 0 },
        },
        { process: "A", call: "WSAPoll", args: { fdArray: null, fds: 0 } },
      ],
    });
    expect(body(compact)).toEqual([
      "WSH 1",
      "P 0 A",
      "S 0 0 main select",
      "L readfds 1 s conn",
      "A writefds n",
      "A timeout t 2 0",
      ".",
      "S 1 0 main select",
      "L readfds 0",
      "A timeout n",
      ".",
      "S 2 0 main WSAPoll",
      "L fdArray 4 s conn i 272 i -1 i 0",
      "A timeout i 0",
      ".",
      "S 3 0 main WSAPoll",
      "A fdArray n",
      "A fds i 0",
      ".",
    ]);
  });

  it("refuses malformed timevals and poll entries, naming the step and the argument", () => {
    const one = (args: Record<string, unknown>, call = "select") =>
      compileScenario({ title: "t", steps: [{ process: "A", call, args }] });
    expect(() => one({ timeout: 5 })).toThrow(/step 0: argument "timeout": expected \{tv_sec/);
    expect(() => one({ timeout: { tv_sec: "SOMETHING_UNKNOWN" } })).toThrow(
      /step 0: argument "timeout": /,
    );
    expect(() => one({ fdArray: [5] }, "WSAPoll")).toThrow(/argument "fdArray\[0\]": expected/);
    expect(() => one({ fdArray: 5 }, "WSAPoll")).toThrow(/expected an array or null/);
  });

  it("marks a process that a CreateProcess step creates, which the harness does not start", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "socket", args: { af: 2, type: 1, protocol: 6 }, save: "s" },
        {
          process: "A",
          call: "CreateProcess",
          args: { lpApplicationName: "child", bInheritHandles: "TRUE" },
          save: "pid",
        },
        { process: "child", call: "WSAStartup" },
        {
          process: "A",
          call: "CreateProcess",
          args: { lpApplicationName: "B", bInheritHandles: 0 },
        },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "P 1 child c",
      "P 2 B c",
      "S 0 0 main socket",
      "A af i 2",
      "A type i 1",
      "A protocol i 6",
      "V s -",
      ".",
      "S 1 0 main CreateProcess",
      "A lpApplicationName c 1",
      "A bInheritHandles i 1",
      "V pid -",
      ".",
      "S 2 1 main WSAStartup",
      ".",
      "S 3 0 main CreateProcess",
      "A lpApplicationName c 2",
      "A bInheritHandles i 0",
      ".",
    ]);
  });

  it("a process named before its CreateProcess is started by the harness, as any other", () => {
    // It must have exited by then (the simulator refuses a live name); the harness then starts
    // the new one in the caller.
    const compact = compileScenario({
      title: "t",
      steps: [
        { process: "B", call: "ExitProcess" },
        {
          process: "A",
          call: "CreateProcess",
          args: { lpApplicationName: "B", bInheritHandles: 1 },
        },
      ],
    });
    expect(body(compact).slice(0, 3)).toEqual(["WSH 1", "P 0 B", "P 1 A"]);
    expect(compact).toContain("A lpApplicationName c 0");
  });

  it("encodes DuplicateHandle's processes and the out pointers of the handle calls", () => {
    const scenario: Scenario = {
      title: "t",
      steps: [
        {
          process: "A",
          call: "DuplicateHandle",
          args: {
            hSourceProcessHandle: -1,
            hSourceHandle: "$s",
            hTargetProcessHandle: "@B",
            bInheritHandle: "FALSE",
            dwOptions: "DUPLICATE_SAME_ACCESS|DUPLICATE_CLOSE_SOURCE",
          },
          save: "copy",
        },
        {
          process: "A",
          call: "DuplicateHandle",
          args: {
            hSourceProcessHandle: "@A",
            hSourceHandle: "$s",
            hTargetProcessHandle: 0,
            lpTargetHandle: "invalid",
            dwDesiredAccess: 0,
            bInheritHandle: 1,
            dwOptions: "DUPLICATE_CLOSE_SOURCE",
          },
        },
        { process: "B", call: "GetHandleInformation", args: { hObject: "$copy", lpdwFlags: null } },
        { process: "B", call: "GetHandleInformation", args: { hObject: "$copy", lpdwFlags: 7 } },
        {
          process: "B",
          call: "SetHandleInformation",
          args: { hObject: "$copy", dwMask: "HANDLE_FLAG_INHERIT", dwFlags: 0 },
        },
        { process: "B", call: "CloseHandle", args: { hObject: "$copy" } },
      ],
    };
    expect(body(compileScenario(scenario))).toEqual([
      "WSH 1",
      "P 0 A",
      "P 1 B",
      "S 0 0 main DuplicateHandle",
      "A hSourceProcessHandle i -1",
      "A hSourceHandle s s",
      "A hTargetProcessHandle p 1",
      "A bInheritHandle i 0",
      "A dwOptions i 3",
      "V copy -",
      ".",
      "S 1 0 main DuplicateHandle",
      "A hSourceProcessHandle p 0",
      "A hSourceHandle s s",
      "A hTargetProcessHandle i 0",
      "A lpTargetHandle b",
      "A dwDesiredAccess i 0",
      "A bInheritHandle i 1",
      "A dwOptions i 1",
      ".",
      "S 2 1 main GetHandleInformation",
      "A hObject s copy",
      "A lpdwFlags n",
      ".",
      "S 3 1 main GetHandleInformation",
      "A hObject s copy",
      "A lpdwFlags i 7",
      ".",
      "S 4 1 main SetHandleInformation",
      "A hObject s copy",
      "A dwMask i 1",
      "A dwFlags i 0",
      ".",
      "S 5 1 main CloseHandle",
      "A hObject s copy",
      ".",
    ]);
  });

  it("refuses a CreateProcess whose process name is not a plain name", () => {
    const create = (lpApplicationName: unknown) =>
      compileScenario({
        title: "t",
        steps: [{ process: "A", call: "CreateProcess", args: { lpApplicationName } }],
      });
    expect(() => create(5)).toThrow(/step 0: .*expected a process name, got 5/);
    expect(() => create(null)).toThrow(/step 0: .*expected a process name, got null/);
    expect(() => create("two words")).toThrow(/step 0: process name "two words"/);
  });

  it("refuses calls the harness does not play, and names with spaces, naming the step", () => {
    const unsupported: Scenario = {
      title: "t",
      steps: [
        { process: "A", call: "WSAStartup" },
        { process: "A", call: "TransmitFile", args: {} },
      ],
    };
    expect(() => compileScenario(unsupported)).toThrow(CompileError);
    expect(() => compileScenario(unsupported)).toThrow(/step 1: .*"TransmitFile"/);
    expect(() =>
      compileScenario({ title: "t", steps: [{ process: "A", call: "socket", save: "a b" }] }),
    ).toThrow(/step 0: saved name "a b"/);
  });

  it("plays every call of the scenario format (src/scenario/calls.ts)", () => {
    for (const call of Object.keys(ADAPTERS)) expect(SUPPORTED_CALLS.has(call), call).toBe(true);
  });

  // Scenarios that use a form of the format the native harness cannot play yet, with the reason
  // it gives; conformance runs report them as not playable.
  const notPlayable: Record<string, RegExp> = {
    "test/scenario/fixtures/built-from-earlier-results.json":
      /does not read parts of saved values yet/,
  };

  it("refuses the scenarios it cannot play yet, saying why", () => {
    for (const [file, reason] of Object.entries(notPlayable))
      expect(() => compileFile(file), file).toThrow(reason);
    expect(() =>
      compileScenario({
        title: "t",
        steps: [{ process: "A", call: "bind", args: { s: "$s", name: { from: "$a", port: 0 } } }],
      }),
    ).toThrow(/step 0: .*the harness does not replace parts of addresses yet/);
  });

  it("compiles every other shipped scenario, one S line per step", () => {
    // Every scenario the conformance run plays, in subdirectories too (spec/scenarios/facts/).
    const files = defaultScenarios()
      .map(repositoryPath)
      .filter((file) => !(file in notPlayable));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      // A file with lanes compiles its first schedule, the one `winsock-sim run` runs.
      const scenario = parseScenario(file, readFileSync(file, "utf8"));
      const steps =
        scenario.concurrent === undefined
          ? scenario.steps
          : linearize(scenario, firstSchedule(file, scenario)).steps;
      const compact = compileFile(file);
      expect(
        compact.split("\n").filter((l) => l.startsWith("S ")),
        file,
      ).toHaveLength(steps.length);
    }
    expect(compileFile("examples/scenarios/split-read-write.json")).toContain("P 1 B");
  });
});
