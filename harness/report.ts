/**
 * The conformance report: one block per scenario, then the counts and the totals. Pure functions
 * of the outcomes, so the output is the same for the same traces (times aside) and testable
 * without running anything.
 */
import type { ObservedStep } from "../src/oracle/compare.js";
import type { ScenarioVerdict, StepDifference } from "./verdict.js";

/** What happened to one scenario. */
export type Outcome =
  | {
      readonly kind: "compared";
      readonly file: string;
      readonly verdict: ScenarioVerdict;
      /** The run's time in seconds, when known. */
      readonly seconds?: number;
    }
  /** The scenario could not be read, compiled for the harness, or its trace could not be read. */
  | { readonly kind: "failed"; readonly file: string; readonly why: string }
  /** --traces: no trace file for the scenario. */
  | { readonly kind: "missing"; readonly file: string; readonly trace: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describe(step: ObservedStep | undefined): string {
  if (step === undefined) return "(no result)";
  const ret = step.blocked ? "blocked" : `ret ${JSON.stringify(step.ret)}`;
  const outputs = Object.keys(step.outputs).length === 0 ? "" : ` ${JSON.stringify(step.outputs)}`;
  return `${ret}, ${step.ok ? "ok" : "failed"}, error ${step.error}${outputs}`;
}

/** The two results of a step, names padded so that the results line up. */
function results(difference: StepDifference, label: string, indent: string): string[] {
  const width = Math.max("simulator".length, label.length) + 2;
  return [
    `${indent}${"simulator:".padEnd(width)}${describe(difference.simulator)}`,
    `${indent}${`${label}:`.padEnd(width)}${describe(difference.native)}`,
  ];
}

/** "step 5 (C: WSASocket)", or "step 14" past the scenario's end. */
function stepName(d: { index: number; where?: string; call?: string }): string {
  return d.where === undefined ? `step ${d.index}` : `step ${d.index} (${d.where}: ${d.call})`;
}

function size(verdict: ScenarioVerdict, seconds: number | undefined): string {
  const steps = plural(verdict.steps, "step");
  return seconds === undefined ? `(${steps})` : `(${steps}, ${seconds.toFixed(1)} s)`;
}

/** Listed and matched differences together, in step order, each with its cause. */
function explanations(
  verdict: ScenarioVerdict,
): (StepDifference & { cause: string; follows?: number })[] {
  return [
    ...verdict.listed.map((d) => ({ ...d, cause: d.deviation.cause })),
    ...verdict.explained,
  ].sort((a, b) => a.index - b.index);
}

/** The report lines of one scenario. */
export function outcomeLines(outcome: Outcome, label: string): string[] {
  if (outcome.kind === "failed") return [`FAIL ${outcome.file}: ${outcome.why}`];
  if (outcome.kind === "missing") return [`missing ${outcome.file}: no trace ${outcome.trace}`];
  const { file, verdict, seconds } = outcome;
  const lines: string[] = [];
  const head = `${file} ${size(verdict, seconds)}`;
  if (verdict.failure !== undefined) {
    const f = verdict.failure;
    lines.push(`DIFFER ${head}: ${stepName(f)}: ${f.reason}`, ...results(f, label, "    "));
    // A failure after explained steps may be one more consequence of them: say which came before.
    const before = explanations(verdict).filter((d) => d.index < f.index);
    if (before.length > 0)
      lines.push(
        `    after ${plural(before.length, "explained difference")}: ${before
          .map((d) => `step ${d.index} ${d.cause}`)
          .join(", ")}`,
      );
    const later = verdict.unexplained - 1;
    if (later > 0)
      lines.push(`    and ${plural(later, "later step")} differing without explanation`);
  } else if (verdict.kind === "listed") {
    const all = explanations(verdict);
    lines.push(`listed ${head}: ${plural(all.length, "explained difference")}`);
    for (const d of all)
      lines.push(
        `    ${stepName(d)} ${d.cause}${d.follows === undefined ? "" : ` (follows step ${d.follows})`}: ${d.reason}`,
        ...results(d, label, "        "),
      );
  } else {
    lines.push(`agree ${head}`);
  }
  for (const s of verdict.stale)
    lines.push(
      `stale ${file}: ${stepName(s)} ${s.deviation.cause}: listed at ${s.deviation.place}, but the simulator and ${label} agree`,
    );
  return lines;
}

/** Counts over a run's outcomes: scenarios, and steps. */
export class Tally {
  agree = 0;
  listedOnly = 0;
  failed = 0;
  missing = 0;
  stale = 0;
  /** Steps compared, agreeing, and differing without explanation (every scenario). */
  stepsCompared = 0;
  stepsAgree = 0;
  stepsUnexplained = 0;
  /** Steps whose only difference is a last error carried from an earlier differing step. */
  stepsCarried = 0;
  /** Steps left uncompared after an explained native crash. */
  stepsUncompared = 0;
  /** Explained steps (listed or matched) by cause, every scenario, the failed ones included. */
  readonly causes = new Map<string, number>();

  add(outcome: Outcome): void {
    if (outcome.kind !== "compared") {
      this.failed++;
      if (outcome.kind === "missing") this.missing++;
      return;
    }
    const { verdict } = outcome;
    this.stale += verdict.stale.length;
    if (verdict.kind === "agree") this.agree++;
    else if (verdict.kind === "failed") this.failed++;
    else this.listedOnly++;
    const explained = explanations(verdict);
    for (const d of explained) this.causes.set(d.cause, (this.causes.get(d.cause) ?? 0) + 1);
    this.stepsCompared += verdict.compared;
    this.stepsUnexplained += verdict.unexplained;
    this.stepsAgree += verdict.agreed;
    this.stepsCarried += verdict.carried;
    this.stepsUncompared += verdict.uncompared;
  }

  get passed(): number {
    return this.agree + this.listedOnly;
  }

  /** "9 scenarios: 5 agree, 3 with explained differences only, 1 failed; 0 stale deviations" */
  countsLine(): string {
    const total = this.passed + this.failed;
    const missing = this.missing === 0 ? "" : ` (${this.missing} missing)`;
    return (
      `${plural(total, "scenario")}: ${this.agree} agree, ${this.listedOnly} with explained differences only, ` +
      `${this.failed} failed${missing}; ${plural(this.stale, "stale deviation")}`
    );
  }

  /**
   * "120 steps compared: 110 agree, 7 explained (5 wine-x, 2 wine-y), 1 carried, 2 unexplained";
   * carried: only the last error differs, each side's left from an earlier differing step.
   */
  stepsLine(): string {
    // Most frequent cause first, then by name: the order is the same for the same counts.
    const causes = [...this.causes].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
    const explained = causes.reduce((sum, [, n]) => sum + n, 0);
    const byCause =
      causes.length === 0 ? "" : ` (${causes.map(([cause, n]) => `${n} ${cause}`).join(", ")})`;
    return (
      `${plural(this.stepsCompared, "step")} compared: ${this.stepsAgree} agree, ` +
      `${explained} explained${byCause}, ${this.stepsCarried} carried, ${this.stepsUnexplained} unexplained` +
      (this.stepsUncompared === 0
        ? ""
        : `; ${this.stepsUncompared} not compared after explained crashes`)
    );
  }

  /** The last line: passed counts agreeing and listed-only scenarios. */
  totalsLine(): string {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}
