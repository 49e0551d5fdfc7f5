/**
 * harness/verdict.ts on synthetic traces: the simulator's own run of a shipped scenario written in
 * the harness's line shape, then altered, so every kind of verdict is reached without Wine.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Field } from "../../harness/causes.js";
import type { Cause, Deviation, Pin } from "../../harness/deviations.js";
import type { HarnessStep } from "../../harness/trace.js";
import { compareTrace, pinDifference } from "../../harness/verdict.js";
import { completeEnd, harnessSteps, shippedScenario } from "./synthetic.js";

const FILE = "examples/scenarios/split-read-write.json";
const scenario = shippedScenario(FILE);
const end = completeEnd(scenario);

/** The step where `call` is first made (found, not assumed, so a changed scenario fails loudly). */
function stepOf(call: string, from = 0): number {
  const i = simulated.findIndex((s, k) => k >= from && s.call === call);
  if (i < 0) throw new Error(`${FILE} has no ${call} step after ${from}`);
  return i;
}

// The simulator's run is made before each test, not while the file loads: code run at load time
// belongs to no test, and mutation testing would then run every test for each kernel mutant it
// reaches (docs/mutation.md).
let simulated: HarnessStep[] = [];
let SEND = -1;
let RECV = -1;
beforeEach(() => {
  simulated = harnessSteps(scenario);
  SEND = stepOf("send");
  RECV = stepOf("recv", SEND);
});

/** The simulated steps with some replaced by `edit` of a copy. */
function altered(edits: Record<number, (s: HarnessStep) => HarnessStep>): HarnessStep[] {
  return simulated.map((s, i) => edits[i]?.(structuredClone(s)) ?? s);
}

const shortSend = (s: HarnessStep): HarnessStep => ({ ...s, ret: (s.ret as number) - 1 });
const otherData = (s: HarnessStep): HarnessStep => ({
  ...s,
  outputs: { ...s.outputs, buf: "pong" },
});

function listed(step: number, wine?: Pin): ReadonlyMap<number, Deviation> {
  const deviation: Deviation = {
    scenario: FILE,
    step,
    cause: "test-cause",
    place: "deviations[0]",
    ...(wine === undefined ? {} : { wine }),
  };
  return new Map([[step, deviation]]);
}

describe("compareTrace", () => {
  it("agrees with an unchanged trace", () => {
    const verdict = compareTrace(scenario, { steps: simulated, end });
    const n = scenario.steps.length;
    expect(verdict).toEqual({
      kind: "agree",
      steps: n,
      compared: n,
      agreed: n,
      listed: [],
      explained: [],
      unexplained: 0,
      carried: 0,
      uncompared: 0,
      stale: [],
    });
  });

  it("fails an unlisted difference and shows both results", () => {
    const verdict = compareTrace(
      scenario,
      { steps: altered({ [SEND]: shortSend }), end },
      { label: "wine" },
    );
    const sent = simulated[SEND]?.ret as number;
    expect(verdict.kind).toBe("failed");
    expect(verdict.failure).toMatchObject({
      index: SEND,
      where: simulated[SEND]?.process,
      call: "send",
      reason: `ret: simulator ${sent}, wine ${sent - 1}`,
    });
    expect(verdict.failure?.simulator?.ret).toBe(sent);
    expect(verdict.failure?.native?.ret).toBe(sent - 1);
  });

  it("reports a listed difference and goes on comparing the later steps", () => {
    const steps = altered({ [SEND]: shortSend });
    const verdict = compareTrace(scenario, { steps, end }, { deviations: listed(SEND) });
    expect(verdict.kind).toBe("listed");
    expect(verdict.listed.map((d) => [d.index, d.deviation.cause])).toEqual([[SEND, "test-cause"]]);
    expect(verdict.listed[0]?.reason).toMatch(/^ret: simulator \d+, wine \d+$/);

    // The same listed step, and a later unlisted one: the later one is found and fails.
    const later = altered({ [SEND]: shortSend, [RECV]: otherData });
    const failed = compareTrace(scenario, { steps: later, end }, { deviations: listed(SEND) });
    expect(failed.kind).toBe("failed");
    expect(failed.failure?.index).toBe(RECV);
    expect(failed.failure?.reason).toContain("outputs.buf: simulator ping, wine pong");
    expect(failed.listed.map((d) => d.index)).toEqual([SEND]);
  });

  it("goes on after the first unexplained difference and counts the later ones", () => {
    const steps = altered({ [SEND]: shortSend, [RECV]: otherData });
    const verdict = compareTrace(scenario, { steps, end });
    expect(verdict.kind).toBe("failed");
    expect(verdict.failure?.index).toBe(SEND);
    expect(verdict.unexplained).toBe(2);
    expect(verdict.compared).toBe(scenario.steps.length);
    expect(verdict.agreed).toBe(scenario.steps.length - 2);
  });

  it("explains a difference by the first cause whose matcher fits, anywhere", () => {
    const steps = altered({ [SEND]: shortSend, [RECV]: otherData });
    const cause = (match: Cause["match"]): Cause => ({
      summary: "s",
      windows: "w",
      evidence: "e",
      basis: "unverified",
      ...(match === undefined ? {} : { match }),
    });
    const causes = new Map<string, Cause>([
      ["no-matcher", cause(undefined)],
      ["other-call", cause([{ calls: ["recv"], differs: ["ret"] }])],
      ["send-ret", cause([{ calls: ["send"], differs: ["ret"], wine: { ok: true } }])],
      ["recv-data", cause([{ calls: ["recv"], differs: ["outputs"] }])],
    ]);
    const verdict = compareTrace(scenario, { steps, end }, { causes });
    expect(verdict.kind).toBe("listed");
    expect(verdict.explained.map((d) => [d.index, d.cause])).toEqual([
      [SEND, "send-ret"],
      [RECV, "recv-data"],
    ]);
    expect(verdict.unexplained).toBe(0);
    // A matcher that allows the field but pins another answer explains nothing.
    const pinned = new Map([["send-ret", cause([{ differs: ["ret"], wine: { ok: false } }])]]);
    const failed = compareTrace(scenario, { steps, end }, { causes: pinned });
    expect(failed.failure?.index).toBe(SEND);
    expect(failed.unexplained).toBe(2);
  });

  it("does not explain a step that differs in a field the matcher does not allow", () => {
    const both = (s: HarnessStep): HarnessStep => ({ ...shortSend(s), error: "WSAEINVAL" });
    const steps = altered({ [SEND]: both });
    const causes = new Map<string, Cause>([
      [
        "ret-only",
        {
          summary: "s",
          windows: "w",
          evidence: "e",
          basis: "windows",
          match: [{ calls: ["send"], differs: ["ret"] }],
        },
      ],
    ]);
    const verdict = compareTrace(scenario, { steps, end }, { causes });
    expect(verdict.kind).toBe("failed");
    expect(verdict.explained).toEqual([]);
  });

  it("counts a last error both sides left as it was as carried, not as a difference", () => {
    // The send's error differs (explained here by a cause); the next step of the same thread
    // that leaves the last error as it was shows both old values: carried.
    const thread = simulated[SEND] as HarnessStep;
    const next = simulated.findIndex(
      (s, i) => i > SEND && s.process === thread.process && s.thread === thread.thread,
    );
    expect(next).toBeGreaterThan(SEND);
    const stale = (s: HarnessStep): HarnessStep => ({ ...s, error: "WSAEINVAL" });
    const steps = altered({ [SEND]: stale, [next]: stale });
    const causes = new Map<string, Cause>([
      [
        "send-error",
        {
          summary: "s",
          windows: "w",
          evidence: "e",
          basis: "unverified",
          match: [{ calls: ["send"], differs: ["error"] }],
        },
      ],
    ]);
    const verdict = compareTrace(scenario, { steps, end }, { causes });
    expect(verdict.explained.map((d) => d.index)).toEqual([SEND]);
    expect(verdict.carried).toBe(1);
    expect(verdict.kind).toBe("listed");
    // Without the earlier difference, the same error at the later step is a difference of its own.
    const alone = compareTrace(scenario, { steps: altered({ [next]: stale }), end }, { causes });
    expect(alone.carried).toBe(0);
    expect(alone.failure?.index).toBe(next);
  });

  it("explains a native crash only by a crash matcher, and leaves the later steps uncompared", () => {
    const crashed = {
      ...end,
      end: "crashed" as const,
      step: SEND,
      exception: "0xC0000005",
      detail: `step ${SEND} crashed: exception 0xC0000005`,
    };
    const steps = simulated.slice(0, SEND);
    const crashCause = (match: Cause["match"]): Map<string, Cause> =>
      new Map([
        ["c", { summary: "s", windows: "w", evidence: "e", basis: "documentation", match }],
      ]);
    const verdict = compareTrace(
      scenario,
      { steps, end: crashed },
      { causes: crashCause([{ calls: ["send"], differs: [], crashes: true }]) },
    );
    expect(verdict.kind).toBe("listed");
    expect(verdict.explained.map((d) => [d.index, d.cause])).toEqual([[SEND, "c"]]);
    expect(verdict.uncompared).toBe(scenario.steps.length - SEND - 1);
    // A matcher for another call, or an ordinary matcher, does not explain the crash.
    for (const match of [
      [{ calls: ["recv"], differs: [], crashes: true }],
      [{ calls: ["send"], differs: ["ok" as const] }],
    ]) {
      const failed = compareTrace(scenario, { steps, end: crashed }, { causes: crashCause(match) });
      expect(failed.kind).toBe("failed");
      expect(failed.failure?.reason).toContain("crashed: step");
    }
  });

  it("leaves a carried last error out of what a matcher must allow", () => {
    const thread = simulated[SEND] as HarnessStep;
    const next = simulated.findIndex(
      (s, i) => i > SEND && s.process === thread.process && s.thread === thread.thread,
    );
    const call = simulated[next]?.call as string;
    const stale = (s: HarnessStep): HarnessStep => ({ ...s, error: "WSAEINVAL" });
    const staleAndOther = (s: HarnessStep): HarnessStep => ({ ...s, error: "WSAEINVAL", ret: 77 });
    const steps = altered({ [SEND]: stale, [next]: staleAndOther });
    const cause = (calls: string[], differs: Field[]): Cause => ({
      summary: "s",
      windows: "w",
      evidence: "e",
      basis: "unverified",
      match: [{ calls, differs }],
    });
    const causes = new Map<string, Cause>([
      ["send-error", cause(["send"], ["error"])],
      ["next-ret", cause([call], ["ret"])],
    ]);
    const verdict = compareTrace(scenario, { steps, end }, { causes });
    expect(verdict.explained.map((d) => [d.index, d.cause])).toEqual([
      [SEND, "send-error"],
      [next, "next-ret"],
    ]);
    expect(verdict.kind).toBe("listed");
  });

  it("accepts a listed difference whose pin matches, outputs as a subset", () => {
    const steps = altered({ [RECV]: otherData });
    const pin = { ok: true, outputs: { buf: "pong" } };
    const verdict = compareTrace(scenario, { steps, end }, { deviations: listed(RECV, pin) });
    expect(verdict.kind).toBe("listed");
  });

  it("fails a listed difference whose pin no longer matches", () => {
    const steps = altered({ [SEND]: shortSend });
    const sent = simulated[SEND]?.ret as number;
    const pin = { ret: sent - 2 };
    const verdict = compareTrace(scenario, { steps, end }, { deviations: listed(SEND, pin) });
    expect(verdict.kind).toBe("failed");
    expect(verdict.failure?.index).toBe(SEND);
    expect(verdict.failure?.reason).toBe(
      `the listed deviation changed: ret: listed ${sent - 2}, wine ${sent - 1} (test-cause; ret: simulator ${sent}, wine ${sent - 1})`,
    );
    expect(verdict.failure?.native?.ret).toBe(sent - 1);
  });

  it("reports a listed step that agrees as stale, without failing", () => {
    const verdict = compareTrace(scenario, { steps: simulated, end }, { deviations: listed(RECV) });
    expect(verdict.kind).toBe("agree");
    expect(verdict.stale.map((s) => [s.index, s.call, s.deviation.place])).toEqual([
      [RECV, "recv", "deviations[0]"],
    ]);
  });

  it("fails a truncated trace at its first missing step, with the end line's reason", () => {
    const cut = SEND + 1;
    const stopped = { ...end, end: "failed" as const, detail: `step ${cut}: process B exited` };
    const verdict = compareTrace(scenario, { steps: simulated.slice(0, cut), end: stopped });
    expect(verdict.kind).toBe("failed");
    expect(verdict.failure?.index).toBe(cut);
    expect(verdict.failure?.reason).toBe(
      `the wine trace stops after ${cut} of ${simulated.length} steps; failed: step ${cut}: process B exited`,
    );
    expect(verdict.failure?.native).toBeUndefined();
    expect(verdict.failure?.simulator?.call).toBe(simulated[cut]?.call);
  });

  it("fails a truncated trace even when every missing step is listed", () => {
    const last = simulated.length - 1;
    const verdict = compareTrace(
      scenario,
      { steps: simulated.slice(0, last), end: undefined },
      { deviations: listed(last), stderr: "wine: crashed\n" },
    );
    expect(verdict.kind).toBe("failed");
    expect(verdict.failure?.reason).toContain("no end line (wine: crashed)");
  });

  it("fails a trace of another scenario, and one longer than the scenario", () => {
    const other = altered({ 0: (s) => ({ ...s, process: "Z" }) });
    expect(compareTrace(scenario, { steps: other, end }).failure?.reason).toContain(
      "the wine trace is not of this scenario: its step 0 is Z: WSAStartup",
    );
    const longer = [
      ...simulated,
      { ...(simulated.at(-1) as HarnessStep), index: simulated.length },
    ];
    expect(compareTrace(scenario, { steps: longer, end }).failure).toMatchObject({
      index: simulated.length,
      reason: `the wine trace has ${simulated.length + 1} steps, the scenario ${simulated.length}`,
    });
  });

  it("names the native side by its label", () => {
    const verdict = compareTrace(
      scenario,
      { steps: altered({ [SEND]: shortSend }), end },
      { label: "windows" },
    );
    expect(verdict.failure?.reason).toMatch(/^ret: simulator \d+, windows \d+$/);
  });

  it("ignores the timing fields", () => {
    const timed = simulated.map((s, i) => ({ ...s, us: 100 * i }));
    expect(
      compareTrace(scenario, { steps: timed, end: { ...end, startMs: 3, stepsMs: 9 } }).kind,
    ).toBe("agree");
  });
});

describe("pinDifference", () => {
  const step = {
    index: 0,
    process: "A",
    thread: "main",
    call: "recv",
    ret: 4,
    error: "0",
    blocked: false,
    ok: true,
    outputs: { buf: "ping", flags: { a: 1, b: [1, 2] } },
  };
  it("matches the fields given, outputs as a subset", () => {
    expect(
      pinDifference({ ret: 4, outputs: { flags: { b: [1, 2] } } }, step, "wine"),
    ).toBeUndefined();
  });
  it("says which field differs", () => {
    expect(pinDifference({ outputs: { flags: { b: [1, 3] } } }, step, "wine")).toBe(
      "outputs.flags.b[1]: listed 3, wine 2",
    );
    expect(pinDifference({ outputs: { flags: { b: [1] } } }, step, "wine")).toBe(
      "outputs.flags.b: listed [1], wine [1,2]",
    );
    expect(pinDifference({ error: "WSAEINVAL" }, step, "wine")).toBe(
      'error: listed "WSAEINVAL", wine "0"',
    );
    expect(pinDifference({ outputs: { missing: 1 } }, step, "wine")).toBe(
      "outputs.missing: listed 1, wine (absent)",
    );
  });
});
