/**
 * The state view of APC queues: each thread's queued APCs in words, their arrival and their run
 * told by the diff, and the text rendering (docs/state-view.md).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  diff,
  intRef,
  renderText,
  type Simulation,
  type WinsockThread,
  WSABUF,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { validate } from "../../src/scenario/schema-check.js";
import { pair, sendText, world } from "../net/helpers.js";

const SCHEMA = JSON.parse(
  readFileSync(new URL("../../docs/state-view.schema.json", import.meta.url), "utf8"),
);

function change(sim: Simulation, act: () => unknown): string[] {
  const before = sim.view();
  act();
  const after = sim.view();
  expect(validate(SCHEMA, after)).toEqual([]);
  return diff(before, after);
}

function apcsOf(sim: Simulation, t: WinsockThread): readonly string[] {
  const process = sim.view().processes.find((p) => p.pid === t.pid);
  return process?.threads.find((th) => th.tid === t.tid)?.apcs ?? [];
}

describe("the view of APC queues", () => {
  it("shows a completion routine and a user APC queued, then the wait that ran them", () => {
    const { sim, t } = world("A");
    const a = t.A as WinsockThread;
    const { client, server } = pair(a, a);
    const ov = new WSAOVERLAPPED();
    a.WSARecv(server, [new WSABUF(8, new Uint8Array(8))], 1, null, intRef(0), ov, () => {});
    const sent = change(sim, () => sendText(a, client, "hey"));
    expect(
      sent.some((s) =>
        /has an APC queued: completion routine 0x[0-9a-f]+ for OVERLAPPED 0x10000 \(error 0, 3 bytes\)/.test(
          s,
        ),
      ),
    ).toBe(true);
    change(sim, () => a.QueueUserAPC(() => {}, a, 9));
    expect(apcsOf(sim, a)).toHaveLength(2);
    expect(apcsOf(sim, a)[1]).toMatch(/^user APC 0x[0-9a-f]+\(9\)$/);
    expect(renderText(sim.view())).toContain("queued: user APC");
    const ran = change(sim, () => a.SleepEx(0, true));
    expect(ran.some((s) => s.endsWith("ran its 2 APCs"))).toBe(true);
    expect(apcsOf(sim, a)).toEqual([]);
  });
});
