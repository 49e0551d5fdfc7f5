/**
 * The fast write path (Edit, src/kernel/writer.ts) and the reference path (an immer draft of
 * the whole state) are two ways of making the same next state. Random multi-process scenarios,
 * hostile arguments included, run once on each; every step must give the same trace (return
 * value, error, outputs, rules) and an equal kernel snapshot. The suite runs with frozen
 * snapshots (WINSOCK_SIM_FREEZE=1), so a fast-path write to a shared object would throw.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { runs } from "../../spec/support/budget.js";
import {
  FIONBIO,
  intRef,
  Simulation,
  type WinsockThread,
  WSABUF,
  WSADATA,
  WSAOVERLAPPED,
} from "../../src/index.js";
import type { KernelState } from "../../src/kernel/state.js";
import { useReferencePath, writePaths } from "../../src/kernel/transaction.js";
import { scenarioArbitrary } from "../../src/oracle/generate.js";
import { runScenario, type StepTrace } from "../../src/scenario/run.js";
import type { Scenario } from "../../src/scenario/types.js";
import { simulatorWorld } from "../../src/scenario/world.js";
import { pair } from "../net/helpers.js";

interface Run {
  readonly steps: StepTrace[];
  readonly states: KernelState[];
  readonly error?: string;
}

function play(scenario: Scenario, reference: boolean): Run {
  useReferencePath(reference);
  const world = simulatorWorld();
  const steps: StepTrace[] = [];
  const states: KernelState[] = [];
  try {
    runScenario("generated", scenario, world, (step) => {
      steps.push(step);
      states.push(world.sim.state);
    });
    return { steps, states };
  } catch (error) {
    return { steps, states, error: String(error) };
  } finally {
    useReferencePath(false);
  }
}

afterEach(() => useReferencePath(false));

describe("the fast write path makes the states the reference path makes", () => {
  it("step by step, on random scenarios of several processes", () => {
    const before = { ...writePaths };
    fc.assert(
      fc.property(scenarioArbitrary({ maxActions: 12 }), (scenario) => {
        const fast = play(scenario, false);
        const reference = play(scenario, true);
        expect(fast.error).toEqual(reference.error);
        expect(fast.steps).toEqual(reference.steps);
        expect(fast.states.length).toBe(reference.states.length);
        fast.states.forEach((state, index) => {
          expect(state, `kernel state after step ${index}`).toEqual(reference.states[index]);
        });
      }),
      runs(60),
    );
    // Both paths really ran: calls that finished on Edit, and calls made on a draft.
    expect(writePaths.edit).toBeGreaterThan(before.edit);
    expect(writePaths.draft).toBeGreaterThan(before.draft);
  });

  it("a call that needs a whole draft starts again on one and gives the same answer", () => {
    const before = writePaths.escalated;
    // A connected pair and a close: the last close of a connected socket runs on a draft.
    const tcp = { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" };
    const scenario = {
      title: "a connected socket closed",
      steps: [
        { process: "A", call: "WSAStartup" },
        { process: "A", call: "socket", args: tcp, save: "listener" },
        { process: "A", call: "bind", args: { s: "$listener", name: "127.0.0.1:0" } },
        { process: "A", call: "getsockname", args: { s: "$listener" }, save: "addr" },
        { process: "A", call: "listen", args: { s: "$listener" } },
        { process: "A", call: "socket", args: tcp, save: "client" },
        { process: "A", call: "connect", args: { s: "$client", name: { from: "$addr" } } },
        { process: "A", call: "closesocket", args: { s: "$client" }, expect: { ret: 0 } },
      ],
    } as unknown as Scenario;
    const fast = play(scenario, false);
    expect(fast.error).toBeUndefined();
    expect(fast.steps.at(-1)?.ret).toBe(0);
    expect(writePaths.escalated).toBeGreaterThan(before);
    const reference = play(scenario, true);
    expect(fast).toEqual(reference);
  });
});

/** One step of a random overlapped workload on a connected pair (the facade, not a scenario). */
type IoStep =
  | { kind: "send"; n: number }
  | { kind: "WSARecv"; len: number; event: boolean }
  | { kind: "WSASend"; n: number }
  | { kind: "recv"; len: number }
  | { kind: "close"; which: number }
  | { kind: "exitWorker" };

const ioStep: fc.Arbitrary<IoStep> = fc.oneof(
  fc.record({ kind: fc.constant("send" as const), n: fc.integer({ min: 1, max: 9 }) }),
  fc.record({
    kind: fc.constant("WSARecv" as const),
    len: fc.integer({ min: 1, max: 6 }),
    event: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("WSASend" as const), n: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant("recv" as const), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("close" as const), which: fc.nat(2) }),
  fc.constant({ kind: "exitWorker" as const }),
);

/** Plays the workload and returns the kernel state after every step. */
function playIo(steps: readonly IoStep[], reference: boolean): KernelState[] {
  useReferencePath(reference);
  try {
    const sim = new Simulation();
    const [a, b] = ["A", "B"].map((name) => {
      const t = sim.createProcess(name).main;
      t.WSAStartup(0x0202, new WSADATA());
      return t;
    }) as [WinsockThread, WinsockThread];
    const worker = b.process.createThread();
    const { client: c, server: s, listening: l } = pair(a, b);
    b.ioctlsocket(s, FIONBIO, intRef(1));
    const descriptors = [s, l, c];
    const states: KernelState[] = [];
    for (const step of steps) {
      const t = worker.alive ? worker : b;
      if (step.kind === "send") a.send(c, new Uint8Array(step.n), step.n, 0);
      else if (step.kind === "WSARecv") {
        const o = new WSAOVERLAPPED();
        if (step.event) o.hEvent = t.WSACreateEvent();
        t.WSARecv(s, [new WSABUF(step.len, new Uint8Array(step.len))], 1, null, intRef(0), o);
      } else if (step.kind === "WSASend") {
        const o = new WSAOVERLAPPED();
        a.WSASend(c, [new WSABUF(step.n, new Uint8Array(step.n))], 1, intRef(0), 0, o);
      } else if (step.kind === "recv") b.recv(s, new Uint8Array(step.len), step.len, 0);
      else if (step.kind === "close") {
        const d = descriptors[step.which] as number;
        (d === c ? a : b).closesocket(d);
      } else if (worker.alive) worker.ExitThread();
      states.push(sim.state);
    }
    return states;
  } finally {
    useReferencePath(false);
  }
}

describe("overlapped operations take the same states on both write paths", () => {
  it("for random workloads of pending and immediate operations, closes and a thread exit", () => {
    fc.assert(
      fc.property(fc.array(ioStep, { minLength: 1, maxLength: 20 }), (steps) => {
        const fast = playIo(steps, false);
        const reference = playIo(steps, true);
        expect(fast.length).toBe(reference.length);
        fast.forEach((state, index) => {
          expect(state, `kernel state after step ${index}`).toEqual(reference[index]);
        });
      }),
      runs(40),
    );
  });
});
