/** harness/report.ts: the lines of the conformance report, from verdicts made on synthetic traces. */
import { beforeEach, describe, expect, it } from "vitest";
import type { Deviation } from "../../harness/deviations.js";
import { type Outcome, outcomeLines, Tally } from "../../harness/report.js";
import type { HarnessStep } from "../../harness/trace.js";
import { compareTrace, type ScenarioVerdict } from "../../harness/verdict.js";
import { completeEnd, harnessSteps, shippedScenario } from "./synthetic.js";

const FILE = "examples/scenarios/split-read-write.json";
const scenario = shippedScenario(FILE);
const end = completeEnd(scenario);
// The simulator's run is made before each test, not while the file loads: code run at load time
// belongs to no test, and mutation testing would then run every test for each kernel mutant it
// reaches (docs/mutation.md).
let simulated: HarnessStep[] = [];
let SEND = -1;
let RECV = -1;
beforeEach(() => {
  simulated = harnessSteps(scenario);
  SEND = simulated.findIndex((s) => s.call === "send");
  RECV = simulated.findIndex((s, i) => i > SEND && s.call === "recv");
});

const entry = (step: number, cause: string): Deviation => ({
  scenario: FILE,
  step,
  cause,
  place: `deviations[${step}]`,
});

function verdict(
  edits: Record<number, (s: HarnessStep) => HarnessStep>,
  listed: Deviation[] = [],
  label = "wine",
): ScenarioVerdict {
  const steps = simulated.map((s, i) => edits[i]?.(s) ?? s);
  return compareTrace(
    scenario,
    { steps, end },
    { label, deviations: new Map(listed.map((d) => [d.step, d])) },
  );
}

const shortSend = (s: HarnessStep): HarnessStep => ({ ...s, ret: (s.ret as number) - 1 });
const otherData = (s: HarnessStep): HarnessStep => ({ ...s, outputs: { buf: "pong" } });
const compared = (v: ScenarioVerdict, seconds?: number): Outcome => ({
  kind: "compared",
  file: FILE,
  verdict: v,
  ...(seconds === undefined ? {} : { seconds }),
});

describe("outcomeLines", () => {
  it("prints an agreeing scenario on one line, with its time when known", () => {
    const n = simulated.length;
    expect(outcomeLines(compared(verdict({}), 0.25), "wine")).toEqual([
      `agree ${FILE} (${n} steps, 0.3 s)`,
    ]);
    expect(outcomeLines(compared(verdict({})), "wine")).toEqual([`agree ${FILE} (${n} steps)`]);
  });

  it("prints each listed deviation with both results under it", () => {
    const v = verdict({ [SEND]: shortSend, [RECV]: otherData }, [
      entry(SEND, "cause-a"),
      entry(RECV, "cause-b"),
    ]);
    const lines = outcomeLines(compared(v), "wine");
    expect(lines[0]).toBe(`listed ${FILE} (${simulated.length} steps): 2 explained differences`);
    expect(lines[1]).toMatch(
      new RegExp(`^ {4}step ${SEND} \\(\\w+: send\\) cause-a: ret: simulator \\d+, wine \\d+$`),
    );
    expect(lines[2]).toMatch(/^ {8}simulator: ret \d+, ok, error 0$/);
    expect(lines[3]).toMatch(/^ {8}wine: {6}ret \d+, ok, error 0$/);
    expect(lines[4]).toContain(`step ${RECV} (`);
    expect(lines.length).toBe(7);
  });

  it("prints a failure with both results, the label padded to line them up", () => {
    const v = verdict({ [SEND]: shortSend }, [], "wine-recorded");
    const lines = outcomeLines(compared(v), "wine-recorded");
    expect(lines[0]).toMatch(
      new RegExp(`^DIFFER ${FILE} \\(\\d+ steps\\): step ${SEND} \\(\\w+: send\\): ret: `),
    );
    expect(lines[1]?.indexOf("ret")).toBe(lines[2]?.indexOf("ret"));
    expect(lines[2]).toMatch(/^ {4}wine-recorded: ret \d+/);
  });

  it("says which explained differences came before a failure", () => {
    const v = verdict({ [SEND]: shortSend, [RECV]: otherData }, [entry(SEND, "cause-a")]);
    const lines = outcomeLines(compared(v), "wine");
    expect(lines[0]).toContain(`DIFFER ${FILE}`);
    expect(lines[0]).toContain(`step ${RECV} (`);
    expect(lines.at(-1)).toBe(`    after 1 explained difference: step ${SEND} cause-a`);
  });

  it("counts the steps that differ after the failure", () => {
    const v = verdict({ [SEND]: shortSend, [RECV]: otherData });
    const lines = outcomeLines(compared(v), "wine");
    expect(lines[0]).toContain(`step ${SEND} (`);
    expect(lines.at(-1)).toBe("    and 1 later step differing without explanation");
  });

  it("prints a stale deviation on its own line", () => {
    const lines = outcomeLines(compared(verdict({}, [entry(RECV, "cause-a")])), "windows");
    expect(lines).toEqual([
      `agree ${FILE} (${simulated.length} steps)`,
      `stale ${FILE}: step ${RECV} (${simulated[RECV]?.process}: recv) cause-a: listed at deviations[${RECV}], but the simulator and windows agree`,
    ]);
  });

  it("prints scenarios that could not be compared", () => {
    expect(
      outcomeLines({ kind: "failed", file: "x.json", why: "not playable: step 3: no" }, "wine"),
    ).toEqual(["FAIL x.json: not playable: step 3: no"]);
    expect(
      outcomeLines({ kind: "missing", file: "x.json", trace: "d/x.trace.jsonl" }, "wine"),
    ).toEqual(["missing x.json: no trace d/x.trace.jsonl"]);
  });
});

describe("Tally", () => {
  it("counts scenarios, listed steps by cause (most first) and stale entries", () => {
    const tally = new Tally();
    tally.add(compared(verdict({})));
    tally.add(compared(verdict({ [SEND]: shortSend }, [entry(SEND, "zz-cause")])));
    tally.add(
      compared(
        verdict({ [SEND]: shortSend, [RECV]: otherData }, [
          entry(SEND, "aa-cause"),
          entry(RECV, "zz-cause"),
        ]),
      ),
    );
    tally.add(compared(verdict({ [SEND]: shortSend })));
    tally.add(compared(verdict({}, [entry(RECV, "aa-cause")])));
    tally.add({ kind: "missing", file: "m.json", trace: "t" });
    tally.add({ kind: "failed", file: "f.json", why: "unusable" });
    expect(tally.countsLine()).toBe(
      "7 scenarios: 2 agree, 2 with explained differences only, 3 failed (1 missing); 1 stale deviation",
    );
    // Steps of every compared scenario, the failed one's included.
    const n = simulated.length;
    expect(tally.stepsLine()).toBe(
      `${5 * n} steps compared: ${5 * n - 4} agree, 3 explained (2 zz-cause, 1 aa-cause), 0 carried, 1 unexplained`,
    );
    expect(tally.totalsLine()).toBe("4 passed, 3 failed");
  });

  it("counts an empty run", () => {
    const tally = new Tally();
    expect(tally.countsLine()).toBe(
      "0 scenarios: 0 agree, 0 with explained differences only, 0 failed; 0 stale deviations",
    );
    expect(tally.stepsLine()).toBe(
      "0 steps compared: 0 agree, 0 explained, 0 carried, 0 unexplained",
    );
    expect(tally.totalsLine()).toBe("0 passed, 0 failed");
  });
});
