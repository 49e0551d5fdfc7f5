/**
 * StepTrace.text: each step's call with its arguments, from the simulator's record when the world
 * is the simulator, and from the arguments the step's adapter passed for any other world.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/api/simulation.js";
import { runScenario } from "../../src/scenario/run.js";
import type { Scenario } from "../../src/scenario/types.js";
import { simulatorWorld, type World } from "../../src/scenario/world.js";

const scenario: Scenario = {
  title: "every kind of step",
  steps: [
    { process: "A", call: "WSAStartup" },
    {
      process: "A",
      call: "socket",
      args: { af: "AF_INET", type: "SOCK_STREAM", protocol: 0 },
      save: "s",
    },
    { process: "A", call: "bind", args: { s: "$s", name: "127.0.0.1:0" } },
    { process: "A", call: "getsockname", args: { s: "$s" }, save: "addr" },
    { process: "A", call: "listen", args: { s: "$s" } },
    { process: "A", call: "CreateWindow", save: "hwnd" },
    { process: "B", call: "WSAStartup", args: { wVersionRequested: "0x0101" } },
    {
      process: "B",
      call: "socket",
      args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
      save: "c",
    },
    { process: "B", call: "connect", args: { s: "$c", name: "$addr" } },
    { process: "A", call: "accept", args: { s: "$s" }, save: "conn" },
    {
      process: "A",
      thread: "reader",
      call: "recv",
      args: { s: "$conn", len: 16, flags: "MSG_PEEK" },
      expect: { blocked: true },
    },
    // Nothing can finish the recv yet and no timer runs: the await leaves it blocked.
    { process: "A", thread: "reader", call: "await", expect: { blocked: true } },
    { process: "B", call: "send", args: { s: "$c", buf: "hello" } },
    { process: "A", thread: "reader", call: "await", expect: { ret: 5 } },
    { process: "A", call: "Sleep", args: { dwMilliseconds: 100 } },
    // Made last on its socket: message mode makes the socket (and those it accepts) non-blocking.
    {
      process: "A",
      call: "WSAAsyncSelect",
      args: { s: "$s", hWnd: "$hwnd", wMsg: "WM_USER+1", lEvent: "FD_ACCEPT|FD_CLOSE" },
    },
    { process: "B", call: "WSASetLastError", args: { iError: "WSAEINVAL" } },
    { process: "B", call: "WSAGetLastError", expect: { ret: "WSAEINVAL" } },
    { process: "B", thread: "t2", call: "ExitThread" },
    { process: "B", call: "ExitProcess" },
  ],
};

const TEXTS = [
  "WSAStartup(0x0202, <WSADATA>)",
  "socket(AF_INET, SOCK_STREAM, 0)",
  "bind(4, 127.0.0.1:0, 16)",
  "getsockname(4, <28 bytes>, &28)",
  "listen(4, SOMAXCONN)",
  "CreateWindow()",
  "WSAStartup(0x0101, <WSADATA>)",
  "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)",
  "connect(4, 127.0.0.1:49152, 16)",
  "accept(4, <28 bytes>, &28)",
  "recv(8, <16 bytes>, 16, MSG_PEEK)",
  "await recv(8, <16 bytes>, 16, MSG_PEEK)",
  "send(4, <5 bytes>, 5, 0)",
  "await recv(8, <16 bytes>, 16, MSG_PEEK)",
  "Sleep(100)",
  "WSAAsyncSelect(4, 65552, WM_USER+1, FD_ACCEPT|FD_CLOSE)",
  "WSASetLastError(WSAEINVAL)",
  "WSAGetLastError()",
  "ExitThread()",
  "ExitProcess()",
];

/** The simulator behind a World that keeps no record of its calls, as another implementation. */
function unrecordedWorld(): World {
  const sim = new Simulation();
  return { createProcess: (name) => sim.createProcess(name) };
}

describe("StepTrace.text", () => {
  it("is the simulator's record of each step, pseudo-calls and awaits included", () => {
    const trace = runScenario("t.json", scenario, simulatorWorld());
    expect(trace.passed).toBe(true);
    expect(trace.steps.map((s) => s.text)).toEqual(TEXTS);
  });

  it("is made from the step's own arguments, the same, for a world that records nothing", () => {
    const trace = runScenario("t.json", scenario, unrecordedWorld());
    expect(trace.passed).toBe(true);
    expect(trace.steps.map((s) => s.text)).toEqual(TEXTS);
  });

  it("takes the world's text when it has one, and only for a step that recorded a call", () => {
    const inner = simulatorWorld();
    let calls = 0;
    const world: World = {
      createProcess: (name) => inner.createProcess(name),
      lastCall: () => {
        const last = inner.sim.last;
        if (last === undefined) return undefined;
        calls += 1;
        return { index: last.index, text: `#${last.index} ${last.call}` };
      },
    };
    const texts = runScenario("t.json", scenario, world).steps.map((s) => s.text);
    expect(calls).toBeGreaterThan(0);
    expect(texts.slice(0, 7)).toEqual([
      "#0 WSAStartup",
      "#1 socket",
      "#2 bind",
      "#3 getsockname",
      "#4 listen",
      // CreateWindow records nothing: the world's last call is still listen's.
      "CreateWindow()",
      "#5 WSAStartup",
    ]);
    // The await that found nothing to finish recorded nothing either: it repeats its call's text.
    expect(texts[10]).toBe("#9 recv");
    expect(texts[11]).toBe("await #9 recv");
    expect(texts[13]).toMatch(/^#\d+ await recv$/);
  });
});
