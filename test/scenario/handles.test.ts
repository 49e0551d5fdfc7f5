/**
 * The kernel32 handle calls in scenario files: CreateProcess registers its child under its name
 * for later steps, DuplicateHandle reads processes as "@P", -1 or 0 and its out pointer as
 * left out, a number, null or "invalid", and the outputs and saved values are what the calls
 * wrote.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cli/run.js";
import { Simulation } from "../../src/index.js";
import { parameterNames } from "../../src/scenario/parameters.js";
import { parseScenario } from "../../src/scenario/read.js";
import { runScenario, type StepTrace, startScenario } from "../../src/scenario/run.js";
import { ScenarioError, type ScenarioStep } from "../../src/scenario/types.js";
import { simulatorWorld, type World } from "../../src/scenario/world.js";

const startup = (process: string): ScenarioStep => ({ process, call: "WSAStartup" });
const socket = (process: string, save: string): ScenarioStep => ({
  process,
  call: "socket",
  args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
  save,
});
const spawn = (process: string, name: unknown, inherit: unknown = 1): ScenarioStep => ({
  process,
  call: "CreateProcess",
  args: { lpApplicationName: name, bInheritHandles: inherit },
});
const info = (process: string, hObject: unknown, more: object = {}): ScenarioStep => ({
  process,
  call: "GetHandleInformation",
  args: { hObject, ...more },
});
const duplicate = (process: string, args: Record<string, unknown>): ScenarioStep => ({
  process,
  call: "DuplicateHandle",
  args: { bInheritHandle: 0, dwOptions: "DUPLICATE_SAME_ACCESS", ...args },
});

/** Runs steps one by one on a fresh simulator; returns the traces, the saved values and the sim. */
function play(steps: readonly ScenarioStep[]) {
  const world = simulatorWorld();
  const stepper = startScenario("h.json", world);
  const traces: StepTrace[] = steps.map((step) => stepper.step(step));
  return { traces, saved: stepper.saved, sim: world.sim };
}

/** The ScenarioError the steps end in. */
function failure(steps: readonly ScenarioStep[]): ScenarioError {
  try {
    play(steps);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("the steps ran without a ScenarioError");
}

describe("CreateProcess in a scenario", () => {
  it("registers the child under its name: later steps run on it, with its inherited handles", () => {
    const { traces, saved, sim } = play([
      startup("A"),
      socket("A", "s"),
      { ...spawn("A", "child"), save: "pid" },
      startup("child"),
      info("child", "$s"),
    ]);
    expect(traces[2]).toMatchObject({ ret: 1, ok: true, text: 'CreateProcess("child", TRUE)' });
    // Had the runner made a new process for "child", $s would name nothing there.
    expect(traces[4]).toMatchObject({ ret: 1, outputs: { lpdwFlags: 1 } });
    expect(sim.processes.map((p) => p.name).sort()).toEqual(["A", "child"]);
    expect(saved.get("pid")).toBe(sim.process("child").pid);
  });

  it('gives "@child" its pid once created, and refuses "@child" before', () => {
    const { traces, saved } = play([
      startup("A"),
      { ...spawn("A", "child", 0), save: "pid" },
      { process: "A", call: "WSASetLastError", args: { iError: "@child" } },
      { process: "A", call: "WSAGetLastError" },
    ]);
    expect(traces[3]?.ret).toBe(saved.get("pid"));
    const early = failure([
      startup("A"),
      { process: "A", call: "WSASetLastError", args: { iError: "@child" } },
      spawn("A", "child"),
    ]);
    expect(early.place).toBe('step 1, field "args"');
    expect(early.expected).toContain('"@child" names no process mentioned before');
  });

  it("refuses a live process's name, its own included, naming the file and the step", () => {
    for (const name of ["B", "A"]) {
      const error = failure([startup("A"), startup("B"), spawn("A", name)]);
      expect(error.file).toBe("h.json");
      expect(error.place).toBe('step 2, field "args"');
      expect(error.expected).toBe(
        `argument "lpApplicationName": "${name}" is a live process of this scenario already (expected a new name, or that of a process that has exited)`,
      );
    }
  });

  it("takes the name of a process that has exited, for a new process", () => {
    const { traces, sim } = play([
      startup("A"),
      socket("A", "s"),
      startup("B"),
      { process: "B", call: "ExitProcess" },
      spawn("A", "B"),
      info("B", "$s"),
    ]);
    expect(traces[4]?.ret).toBe(1);
    expect(traces[5]).toMatchObject({ ret: 1, outputs: { lpdwFlags: 1 } });
    expect(sim.processes.map((p) => p.name).sort()).toEqual(["A", "B"]);
  });

  it("re-creates an exited child as a fresh process when a later step names it", () => {
    const { traces, saved, sim } = play([
      startup("A"),
      socket("A", "s"),
      { ...spawn("A", "child"), save: "pid" },
      { process: "child", call: "ExitProcess" },
      startup("child"),
      info("child", "$s"),
    ]);
    expect(traces[4]?.ret).toBe(0);
    expect(sim.process("child").pid).not.toBe(saved.get("pid"));
    // The fresh process inherited nothing.
    expect(traces[5]).toMatchObject({ ret: 0, error: "WSA_INVALID_HANDLE" });
  });

  it("requires lpApplicationName as a non-empty string taken as written, and bInheritHandles", () => {
    expect(failure([startup("A"), spawn("A", "")]).expected).toBe(
      'argument "lpApplicationName": expected a process name (a non-empty string), got ""',
    );
    expect(failure([startup("A"), spawn("A", 7)]).expected).toContain("got 7");
    expect(
      failure([startup("A"), { process: "A", call: "CreateProcess", args: { bInheritHandles: 1 } }])
        .expected,
    ).toBe('argument "lpApplicationName" is missing (expected a process name)');
    expect(
      failure([
        startup("A"),
        { process: "A", call: "CreateProcess", args: { lpApplicationName: "c" } },
      ]).expected,
    ).toContain('argument "bInheritHandles" is missing');
    // "$x" is a name here, not a saved value: no step saved x.
    const { sim } = play([startup("A"), spawn("A", "$x"), startup("$x")]);
    expect(sim.processes.map((p) => p.name).sort()).toEqual(["$x", "A"]);
  });

  it("reports a world whose threads lack CreateProcess plainly", () => {
    const hidden = new Set(["CreateProcess"]);
    const sim = new Simulation();
    const world: World = {
      createProcess(name) {
        const process = sim.createProcess(name);
        const main = new Proxy(process.main, {
          get: (target, key) => {
            if (typeof key === "string" && hidden.has(key)) return undefined;
            const value: unknown = Reflect.get(target, key, target);
            return typeof value === "function" ? value.bind(target) : value;
          },
        });
        return { pid: process.pid, alive: true, main, createThread: () => main, exit() {} };
      },
    };
    const scenario = { title: "t", steps: [startup("A"), spawn("A", "child")] };
    expect(() => runScenario("h.json", scenario, world)).toThrow(
      "the implementation has no CreateProcess",
    );
  });

  it("says in the CLI which line the refused step is on, with exit status 2", () => {
    const text = `{\n  "title": "t",\n  "steps": [\n    ${[startup("A"), spawn("A", "A")]
      .map((s) => JSON.stringify(s))
      .join(",\n    ")}\n  ]\n}\n`;
    const lines: string[] = [];
    const status = runFiles(["a.json"], { out: (l) => lines.push(l), readFile: () => text }, false);
    expect(status).toBe(2);
    expect(lines).toContain(
      'a.json: step 1 (line 5), field "args": argument "lpApplicationName": "A" is a live process of this scenario already (expected a new name, or that of a process that has exited)',
    );
  });
});

describe("DuplicateHandle arguments", () => {
  const pair = [startup("A"), startup("B"), socket("A", "s")];

  it("reads its parameters in C order, with dwDesiredAccess and lpTargetHandle optional", () => {
    expect(parameterNames("DuplicateHandle")).toEqual([
      "hSourceProcessHandle",
      "hSourceHandle",
      "hTargetProcessHandle",
      "lpTargetHandle",
      "dwDesiredAccess",
      "bInheritHandle",
      "dwOptions",
    ]);
    const { traces } = play([
      ...pair,
      duplicate("A", { hSourceProcessHandle: -1, hSourceHandle: "$s", hTargetProcessHandle: -1 }),
    ]);
    expect(traces[3]?.text).toBe("DuplicateHandle(-1, 4, -1, &0, 0, FALSE, DUPLICATE_SAME_ACCESS)");
    const missing = failure([
      ...pair,
      {
        process: "A",
        call: "DuplicateHandle",
        args: { hSourceProcessHandle: -1, hSourceHandle: "$s", hTargetProcessHandle: -1 },
      },
    ]);
    expect(missing.expected).toContain('argument "bInheritHandle" is missing');
  });

  it('takes "@P" as process P: the copy is made there, with bInheritHandle\'s flag', () => {
    const { traces, saved } = play([
      ...pair,
      {
        ...duplicate("A", {
          hSourceProcessHandle: "@A",
          hSourceHandle: "$s",
          hTargetProcessHandle: "@B",
          bInheritHandle: "TRUE",
        }),
        save: "copy",
      },
      info("B", "$copy"),
      { process: "B", call: "closesocket", args: { s: "$copy" } },
    ]);
    expect(traces[3]).toMatchObject({ ret: 1, ok: true });
    expect(saved.get("copy")).toBe(traces[3]?.outputs.lpTargetHandle);
    // B made no handle of its own: the one it has is the copy, and a socket to its Winsock.
    expect(traces[4]).toMatchObject({ ret: 1, outputs: { lpdwFlags: 1 } });
    expect(traces[5]).toMatchObject({ ret: 0, rules: ["LIFE-SHARED-CLOSE"] });
  });

  it("takes -1 as the calling process and 0 as no target, which only closes the source", () => {
    const { traces, saved } = play([
      ...pair,
      {
        ...duplicate("A", {
          hSourceProcessHandle: -1,
          hSourceHandle: "$s",
          hTargetProcessHandle: -1,
        }),
        save: "copy",
      },
      info("A", "$copy"),
      duplicate("A", {
        hSourceProcessHandle: -1,
        hSourceHandle: "$s",
        hTargetProcessHandle: 0,
        dwOptions: "DUPLICATE_CLOSE_SOURCE",
      }),
      info("A", "$s"),
    ]);
    expect(traces[3]?.ret).toBe(1);
    expect(saved.get("copy")).not.toBe(saved.get("s"));
    expect(traces[4]).toMatchObject({ ret: 1, outputs: { lpdwFlags: 0 } });
    expect(traces[5]?.ret).toBe(1);
    expect(traces[6]).toMatchObject({ ret: 0, error: "WSA_INVALID_HANDLE" });
  });

  it('takes null and "invalid" as the out pointer, with no output for either', () => {
    const source = { hSourceProcessHandle: -1, hSourceHandle: "$s", hTargetProcessHandle: -1 };
    const { traces } = play([
      ...pair,
      duplicate("A", { ...source, lpTargetHandle: null }),
      duplicate("A", { ...source, lpTargetHandle: "invalid" }),
    ]);
    expect(traces[3]).toMatchObject({ ret: 1, outputs: {} });
    expect(traces[3]?.text).toContain("-1, NULL, 0");
    expect(traces[4]).toMatchObject({ ret: 0, error: "ERROR_NOACCESS", outputs: {} });
    expect(traces[4]?.text).toContain("<invalid pointer>");
    const expected = failure([
      ...pair,
      { ...duplicate("A", { ...source, lpTargetHandle: null }), expect: { lpTargetHandle: 0 } },
    ]);
    expect(expected.place).toBe('step 3, field "expect.lpTargetHandle"');
  });

  it("passes a number as the pointer's first value, which a failure overwrites with 0", () => {
    const { traces } = play([
      ...pair,
      duplicate("A", {
        hSourceProcessHandle: 12345,
        hSourceHandle: "$s",
        hTargetProcessHandle: -1,
        lpTargetHandle: 9,
      }),
    ]);
    expect(traces[3]).toMatchObject({
      ret: 0,
      ok: false,
      error: "WSA_INVALID_HANDLE",
      outputs: { lpTargetHandle: 0 },
    });
    expect(traces[3]?.text).toContain("&9");
  });

  it('refuses a pointer that is neither a number, null nor "invalid", saying which forms exist', () => {
    const error = failure([
      ...pair,
      duplicate("A", {
        hSourceProcessHandle: -1,
        hSourceHandle: "$s",
        hTargetProcessHandle: -1,
        lpTargetHandle: "invlid",
      }),
    ]);
    expect(error.expected).toMatch(/^argument "lpTargetHandle": unknown constant "invlid"/);
    expect(error.expected).toContain('(expected an initial value, null or "invalid")');
  });
});

describe("GetHandleInformation, SetHandleInformation and CloseHandle", () => {
  it("reports lpdwFlags after a success, leaves a given first value after a failure, skips NULL", () => {
    const { traces } = play([
      startup("A"),
      socket("A", "s"),
      { process: "A", call: "WSACreateEvent", save: "ev" },
      {
        process: "A",
        call: "SetHandleInformation",
        args: {
          hObject: "$ev",
          dwMask: "HANDLE_FLAG_INHERIT|HANDLE_FLAG_PROTECT_FROM_CLOSE",
          dwFlags: 3,
        },
      },
      info("A", "$ev"),
      info("A", 4000, { lpdwFlags: 5 }),
      info("A", "$s", { lpdwFlags: null }),
      info("A", "$s", { lpdwFlags: "invalid" }),
    ]);
    expect(traces[3]).toMatchObject({ ret: 1, ok: true, outputs: {} });
    expect(traces[4]).toMatchObject({ ret: 1, outputs: { lpdwFlags: 3 } });
    expect(traces[5]).toMatchObject({ ret: 0, ok: false, outputs: { lpdwFlags: 5 } });
    // NULL is skipped, as Wine's kernelbase does; an unwritable pointer is ERROR_NOACCESS.
    expect(traces[6]).toMatchObject({ ret: 1, ok: true, outputs: {} });
    expect(traces[7]).toMatchObject({ ret: 0, error: "ERROR_NOACCESS", outputs: {} });
  });

  it("closes any handle with CloseHandle, FALSE for one that is no handle", () => {
    const { traces } = play([
      startup("A"),
      { process: "A", call: "WSACreateEvent", save: "ev" },
      { process: "A", call: "CloseHandle", args: { hObject: "$ev" } },
      { process: "A", call: "CloseHandle", args: { hObject: "$ev" } },
    ]);
    expect(traces[2]).toMatchObject({ ret: 1, ok: true });
    expect(traces[3]).toMatchObject({ ret: 0, ok: false, error: "WSA_INVALID_HANDLE" });
  });

  it("has no outputs for SetHandleInformation and CloseHandle", () => {
    const error = failure([
      startup("A"),
      socket("A", "s"),
      { process: "A", call: "CloseHandle", args: { hObject: "$s" }, expect: { lpdwFlags: 0 } },
    ]);
    expect(error.expected).toContain('"CloseHandle" has no output "lpdwFlags"');
  });
});

describe("docs/scenario-format.md, Processes and handles", () => {
  const doc = readFileSync(
    join(import.meta.dirname, "..", "..", "docs", "scenario-format.md"),
    "utf8",
  );

  it("shows a sample that passes as written", () => {
    const sample = /keeps it after the parent's close:\n\n```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(sample).toBeDefined();
    const trace = runScenario("sample.json", parseScenario("sample.json", sample ?? ""));
    expect(trace.passed).toBe(true);
    expect(trace.steps.map((s) => s.call)).toContain("DuplicateHandle");
  });

  it("quotes the runner's message for a live process's name", () => {
    const error = failure([startup("A"), spawn("A", "child"), spawn("A", "child")]);
    expect(doc).toContain(`field "args": ${error.expected}`);
  });
});
