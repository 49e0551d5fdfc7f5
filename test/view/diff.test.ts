/**
 * diff(before, after): the sentences for the situations a learner meets, and over random
 * scenarios that it says nothing when nothing changed and something whenever the view changed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  FD_WRITE,
  FROM_PROTOCOL_INFO,
  intRef,
  type Simulation,
  SOCK_STREAM,
  type WinsockThread,
  WSA_FLAG_OVERLAPPED,
} from "../../src/index.js";
import { scenarioArbitrary } from "../../src/oracle/generate.js";
import { diff } from "../../src/view/diff.js";
import { replayScenario } from "../../src/view/replay.js";
import { view } from "../../src/view/view.js";
import { world } from "../net/helpers.js";
import { splitRegistration } from "./split.js";

/** The sentences for what `act` changes. */
function change(sim: Simulation, act: () => void): string[] {
  const before = sim.view();
  act();
  return diff(before, sim.view());
}

describe("diff sentences", () => {
  it("closing one of two descriptors: the descriptor and the count", () => {
    const { sim, t } = world("A", "B");
    const { A: a, B: b } = t as { A: WinsockThread; B: WinsockThread };
    const s = a.socket(AF_INET, SOCK_STREAM, 0) as number;
    const info = new Uint8Array(628);
    expect(change(sim, () => a.WSADuplicateSocketW(s, b.pid, info))).toEqual([
      "handle 4 placed in B for socket #1, awaiting WSASocket; socket #1 reference count 1 → 2",
      "A duplicated socket #1: WSAPROTOCOL_INFO #1 from A for B (handle 4 in B)",
    ]);
    const fpi = FROM_PROTOCOL_INFO;
    expect(change(sim, () => b.WSASocketW(fpi, fpi, fpi, info, 0, WSA_FLAG_OVERLAPPED))).toEqual([
      "WSASocket claimed B's handle 4: now a descriptor of socket #1",
    ]);
    expect(change(sim, () => a.closesocket(s))).toEqual([
      "A's descriptor 4 closed; socket #1 reference count 2 → 1",
    ]);
    expect(change(sim, () => a.closesocket(s))).toEqual([
      "A's main thread's last error 0 → WSAENOTSOCK",
    ]);
    expect(change(sim, () => b.closesocket(4))).toEqual([
      "B's descriptor 4 closed; socket #1 reference count 1 → 0",
      "socket #1 destroyed: nothing names it any more",
    ]);
  });

  it("a registration through another process's descriptor replaces the first", () => {
    const { sim, b, client: c, connB, peer, evA, evB } = splitRegistration();
    // The write event is already recorded, so B's registration delivers it at once.
    expect(change(sim, () => b.WSAEventSelect(connB, evB, FD_WRITE))).toEqual([
      `B's event ${evB} not signalled → signalled`,
      `B's WSAEventSelect through descriptor ${connB} replaced A's registration on socket #3 ` +
        `(was FD_READ on A's event ${evA}, now FD_WRITE on B's event ${evB})`,
      "FD_WRITE delivered for socket #3 (event signalled)",
    ]);
    expect(change(sim, () => c.send(peer, new Uint8Array(3), 3, 0))).toEqual([
      "socket #3 receive queue 0 → 3 bytes",
      "FD_READ recorded on socket #3 (3 bytes arrived)",
    ]);
  });

  it("says nothing for a call that changes nothing", () => {
    const { sim, t } = world("A");
    const a = t.A as WinsockThread;
    const s = a.socket(AF_INET, SOCK_STREAM, 0) as number;
    expect(change(sim, () => a.getsockname(s, new Uint8Array(16), intRef(16)))).toEqual([
      "A's main thread's last error 0 → WSAEINVAL",
    ]);
    expect(change(sim, () => a.getsockname(s, new Uint8Array(16), intRef(16)))).toEqual([]);
  });
});

describe("diff over random scenarios", () => {
  it("is empty exactly when the view did not change", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxActions: 30 }), (scenario) => {
        const views = replayScenario("random", scenario).states.map(view);
        for (let i = 1; i < views.length; i++) {
          const before = views[i - 1] as ReturnType<typeof view>;
          const after = views[i] as ReturnType<typeof view>;
          expect(diff(before, before)).toEqual([]);
          const changed = JSON.stringify(before) !== JSON.stringify(after);
          const sentences = diff(before, after);
          if (changed && sentences.length === 0) {
            throw new Error(
              `step ${i - 1} changed the view without a sentence:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`,
            );
          }
          if (!changed) expect(sentences).toEqual([]);
          expect(new Set(sentences).size).toBe(sentences.length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
