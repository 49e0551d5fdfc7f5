/**
 * WSAStartup and WSACleanup (src/kernel/calls/startup.ts): the rule each answer cites, the version
 * the process keeps, and what a refused version writes. Written to kill the mutants that survived
 * the mutation run of src/kernel/calls (docs/mutation/calls-sockets-bind-duplicate.md).
 */
import { describe, expect, it } from "vitest";
import { kernel, Simulation, type WinsockThread, WSA_ERRORS, WSADATA } from "../../../src/index.js";
import { tcp, world } from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

/** The last call cited every rule of `ids`, and only catalogue rules. */
function cites(t: WinsockThread, ...ids: string[]): readonly string[] {
  const rules = t.last?.rules ?? [];
  for (const id of ids) expect(rules).toContain(id);
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

describe("WSAStartup (START-VERSION, START-COUNT)", () => {
  it("a refused version and a NULL lpWSAData cite START-VERSION", () => {
    const a = new Simulation().createProcess("A").main;
    expect(a.WSAStartup(0x0000, new WSADATA())).toBe(WSA_ERRORS.WSAVERNOTSUPPORTED);
    cites(a, "START-VERSION");
    expect(a.WSAStartup(0x0202, null)).toBe(WSA_ERRORS.WSAEFAULT);
    cites(a, "START-VERSION");
  });

  it("a refused version with a NULL lpWSAData has nothing to write (kernel output undefined)", () => {
    const sim = new Simulation();
    const a = sim.createProcess("A").main;
    const outcome = kernel.wsaStartup(sim.state, a.ctx, {
      wVersionRequested: 0x0000,
      lpWSAData: { kind: "null" },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBe(WSA_ERRORS.WSAVERNOTSUPPORTED);
    expect(outcome.output).toBeUndefined();
  });

  it("the process keeps the version of its first WSAStartup; a later one answers its own", () => {
    const sim = new Simulation();
    const a = sim.createProcess("A").main;
    expect(a.WSAStartup(0x0202, new WSADATA())).toBe(0);
    const data = new WSADATA();
    expect(a.WSAStartup(0x0101, data)).toBe(0);
    expect(data.wVersion).toBe(0x0101);
    expect(sim.view().processes[0]?.wsaVersion).toBe("2.2");
  });
});

describe("WSACleanup (START-COUNT, LIFE-CLEANUP)", () => {
  it("each cites START-COUNT; the last also LIFE-CLEANUP and closes the sockets", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    expect(a.WSAStartup(0x0202, new WSADATA())).toBe(0);
    tcp(a);
    expect(a.WSACleanup()).toBe(0);
    expect(cites(a, "START-COUNT")).not.toContain("LIFE-CLEANUP");
    expect(sim.state.sockets.size).toBe(1);
    expect(a.WSACleanup()).toBe(0);
    cites(a, "START-COUNT", "LIFE-CLEANUP");
    expect(sim.state.sockets.size).toBe(0);
  });
});
