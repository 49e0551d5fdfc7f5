/**
 * The oracle against the simulator's own facade as a second implementation (it must agree),
 * against an implementation whose handles, ports and pids all differ (it must still agree), and
 * against two deliberately broken adapters (it must catch both and name the first differing
 * step).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkImplementation,
  compareScenario,
  counterexample,
  OracleFailure,
  observe,
  readScenario,
  runScenario,
  type Scenario,
  scenarioArbitrary,
  simulatorWorld,
} from "../../src/oracle/index.js";
import { closeClosesAll, keepsFirstRegistration } from "./broken.js";
import { proxyWorld, shiftedWorld } from "./worlds.js";

const example = (name: string): Scenario =>
  readScenario(name, readFileSync(`examples/scenarios/${name}`, "utf8"));

/** checkImplementation's failure, which the test expects. */
function failure(run: () => unknown): OracleFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof OracleFailure) return error;
    throw error;
  }
  throw new Error("the oracle did not catch the broken implementation");
}

describe("generated scenarios", () => {
  it("run on the simulator without blocking or a file error, and shrink to valid scenarios", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const trace = runScenario("generated", scenario, simulatorWorld());
        expect(trace.steps.some((s) => s.blocked)).toBe(false);
        // Every process starts Winsock before anything else.
        const first = new Map<string, string>();
        for (const step of scenario.steps)
          if (!first.has(step.process)) first.set(step.process, step.call);
        expect([...first.values()].every((call) => call === "WSAStartup")).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("print as the scenario file's JSON", () => {
    const [scenario] = fc.sample(scenarioArbitrary(), { numRuns: 1, seed: 1 });
    expect(JSON.parse(fc.stringify(scenario))).toEqual(JSON.parse(JSON.stringify(scenario)));
  });
});

describe("the simulator's facade as a second implementation", () => {
  it("agrees on the shipped examples", () => {
    for (const name of ["option-seen-through-duplicate.json", "split-read-write.json"])
      expect(compareScenario(example(name), proxyWorld)).toBeUndefined();
  });

  it("agrees on generated scenarios", () => {
    expect(checkImplementation(proxyWorld, { numRuns: 150 })).toBe(150);
  });

  it("agrees even when its handle values, ports and pids all differ", () => {
    const scenario = example("split-read-write.json");
    const sim = runScenario("s", scenario, simulatorWorld()).steps;
    const shifted = runScenario("s", scenario, shiftedWorld()).steps;
    // The raw values differ ...
    expect(shifted.map((s) => s.ret)).not.toEqual(sim.map((s) => s.ret));
    expect(JSON.stringify(shifted.map((s) => s.outputs))).not.toEqual(
      JSON.stringify(sim.map((s) => s.outputs)),
    );
    // ... the symbolic ones do not.
    expect(observe(shifted, undefined, scenario)).toEqual(observe(sim, undefined, scenario));
    expect(checkImplementation(shiftedWorld, { numRuns: 60 })).toBe(60);
  });

  it("agrees on the handle scenarios, DuplicateHandle's copy being symbolic", () => {
    const file = "spec/scenarios/handles/duplicatehandle-same-process.json";
    const scenario = readScenario(file, readFileSync(file, "utf8"));
    const sim = runScenario("s", scenario, simulatorWorld()).steps;
    const shifted = runScenario("s", scenario, shiftedWorld()).steps;
    const copy = sim.findIndex((s) => s.call === "DuplicateHandle");
    expect(shifted[copy]?.outputs).not.toEqual(sim[copy]?.outputs);
    expect(observe(shifted, undefined, scenario)).toEqual(observe(sim, undefined, scenario));
    for (const name of ["inherited-listener-keeps-port", "sethandleinformation"]) {
      const other = `spec/scenarios/handles/${name}.json`;
      expect(compareScenario(readScenario(other, readFileSync(other, "utf8")), shiftedWorld)).toBe(
        undefined,
      );
    }
  });

  it("reads an await's result as the blocked call's: handles from accept and select are symbolic", () => {
    const file = "spec/scenarios/select-sets.json";
    const scenario = readScenario(file, readFileSync(file, "utf8"));
    const sim = runScenario("s", scenario, simulatorWorld()).steps;
    const shifted = runScenario("s", scenario, shiftedWorld()).steps;
    const awaited = sim.findIndex((s) => s.call === "await" && !s.blocked);
    expect(awaited).toBeGreaterThan(0);
    expect(shifted[awaited]?.outputs).not.toEqual(sim[awaited]?.outputs);
    const observed = observe(sim, undefined, scenario);
    expect(observe(shifted, undefined, scenario)).toEqual(observed);
    expect(observed[awaited]?.outputs.readfds).toEqual(["h1"]);
  });

  it("numbers GetAcceptExSockaddrs's ports with the AcceptEx listener's", () => {
    const file = "spec/scenarios/overlapped/acceptex-get-sockaddrs.json";
    const scenario = readScenario(file, readFileSync(file, "utf8"));
    const observed = observe(
      runScenario("s", scenario, simulatorWorld()).steps,
      undefined,
      scenario,
    );
    const read = observed.find((s) => s.call === "GetAcceptExSockaddrs");
    const name = observed.find((s) => s.call === "getsockname")?.outputs.name;
    // The listener's own getsockname (a SOCK_STREAM socket's) named the same port p1.
    expect(name).toBe("127.0.0.1:p1");
    expect(read?.outputs.LocalSockaddr).toBe(name);
  });
});

describe("a WSAEventSelect that does not cancel another descriptor's registration", () => {
  it("differs at the wait that should time out in the split-read-write example", () => {
    const difference = compareScenario(example("split-read-write.json"), keepsFirstRegistration);
    expect(difference?.index).toBe(16);
    expect(difference?.step.call).toBe("WSAWaitForMultipleEvents");
    expect(difference?.reason).toBe("ret: simulator 258, implementation 0");
  });

  it("is caught by checkImplementation, with a small counterexample", () => {
    const error = failure(() =>
      checkImplementation(keepsFirstRegistration, { numRuns: 300, seed: 42 }),
    );
    const { difference, scenario } = error;
    const calls = scenario.steps.map((s) => s.call);
    // The bug needs a duplicated socket and two registrations through different descriptors.
    expect(calls).toContain("WSADuplicateSocket");
    expect(calls.filter((c) => c === "WSAEventSelect").length).toBeGreaterThanOrEqual(2);
    expect(scenario.steps.length).toBeLessThanOrEqual(40);
    expect(error.message).toContain(`at step ${difference.index} (`);
    expect(error.message).toContain(difference.reason);
    // The counterexample file passes on the simulator and fails on the broken adapter, at its
    // last step, which carries the simulator's result as expectations.
    expect(runScenario("counterexample", scenario, simulatorWorld()).passed).toBe(true);
    const broken = runScenario("counterexample", scenario, keepsFirstRegistration());
    expect(broken.passed).toBe(false);
    expect(broken.steps.findIndex((s) => s.expectations.some((e) => !e.held))).toBe(
      difference.index,
    );
    // And replaying it finds the same difference.
    expect(compareScenario(scenario, keepsFirstRegistration)?.index).toBe(difference.index);
  });
});

describe("a closesocket that closes every descriptor of a duplicated socket", () => {
  it("differs at the read through the surviving duplicate in the shipped example", () => {
    const difference = compareScenario(
      example("option-seen-through-duplicate.json"),
      closeClosesAll,
    );
    expect(difference?.index).toBe(9);
    expect(difference?.reason).toBe("ok: simulator true, implementation false");
    expect(difference?.implementation?.error).toBe("WSAENOTSOCK");
  });

  it("is caught by checkImplementation", () => {
    const error = failure(() => checkImplementation(closeClosesAll, { numRuns: 300, seed: 7 }));
    const calls = error.scenario.steps.map((s) => s.call);
    expect(calls).toContain("closesocket");
    expect(calls).toContain("WSASocket");
    expect(counterexample(error.difference)).toEqual(error.scenario);
  });
});

describe("an implementation that throws", () => {
  it("is reported at the step that threw", () => {
    const throwing = () =>
      proxyWorld(() => ({
        getsockopt: () => {
          throw new TypeError("not implemented");
        },
      }));
    const difference = compareScenario(example("option-seen-through-duplicate.json"), throwing);
    expect(difference?.index).toBe(6);
    expect(difference?.implementation).toBeUndefined();
    expect(difference?.reason).toContain("TypeError: not implemented");
  });
});
