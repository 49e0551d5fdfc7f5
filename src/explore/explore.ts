/**
 * Exploring every schedule of a scenario's concurrent lanes on the simulator.
 *
 * The setup steps run once. From there the explorer walks the tree of schedules depth first,
 * lanes in file order: at each point every lane whose next step can run now is a branch. It
 * goes back to a point by restoring the checkpoint taken there (the kernel's snapshot, the
 * facade's and the runner's own state, the caller's memory), never by replaying from the start.
 *
 * Independent steps are not permuted needlessly: a point is known by what decides everything
 * after it (the lanes' positions, the kernel's state, the saved names, what a lane's next await
 * would repeat), not by what the lanes observed before it. Two orders of independent steps reach
 * the same point, and its subtree is explored once and reused: the schedules under it are
 * "pruned", counted without being run. A subtree is counted as suffixes (what its steps
 * observed, how many schedules end each way, which expectations fail); on the way back up each
 * step's result goes in front of its lane's part of every suffix (#extend), and at the top the
 * suffixes are whole outcomes.
 *
 * An `await` waits: it can run only when the call it finishes has its result. When no lane can
 * run and some are waiting, time passes: the lane whose call ends first (a timeout) runs its
 * await, which moves virtual time. When nothing can end a wait, the lanes are deadlocked.
 */
import { CHECKPOINT, type Restore } from "../api/checkpoint.js";
import { Simulation } from "../api/simulation.js";
import type { WinsockThread } from "../api/thread.js";
import { OVERLAPPED_FAMILY_CALLS } from "../scenario/calls.js";
import { Runner, type StepTrace } from "../scenario/runner.js";
import { type Lane, type Scenario, ScenarioError } from "../scenario/types.js";
import { simulatorWorld } from "../scenario/world.js";
import { fingerprint, freshFingerprint, textFingerprint } from "./fingerprint.js";
import { captureMemory } from "./memory.js";
import {
  laneLabel,
  linearize,
  type ReplayPoint,
  type Schedule,
  type ScheduleEntry,
  scheduleText,
} from "./schedule.js";

export interface ExploreOptions {
  /** Steps to run in all before stopping (default 200,000). */
  readonly maxSteps?: number;
  /** Lane steps in one schedule before it is cut short (default 1,000). */
  readonly maxDepth?: number;
  /**
   * Reuse the subtree of a point already explored (default true). False runs every schedule
   * to its end: the same outcomes and counts, found the slow way (the tests compare the two).
   */
  readonly prune?: boolean;
  /** Called at the end of every schedule run to its end (with prune false: every schedule). */
  readonly onSchedule?: (
    schedule: Schedule,
    outcome: Omit<Outcome, "schedules" | "example">,
  ) => void;
}

export const DEFAULT_MAX_STEPS = 200_000;
export const DEFAULT_MAX_DEPTH = 1_000;

/** What one step observed, as an outcome shows it. */
export interface StepResult {
  /** The call as text with its arguments: "accept(4, NULL, NULL)", "await recv(...)". */
  readonly text: string;
  readonly ret: number | string | null;
  readonly error: string;
  readonly blocked: boolean;
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The names of the step's expectations that did not hold. */
  readonly failed: readonly string[];
  /** An `await` whose call had returned at once in this order: it repeats that result. */
  readonly atOnce?: true;
}

export interface LaneOutcome {
  /** The lane's process, and its thread unless main: "A", "A:t2". */
  readonly label: string;
  /**
   * What each of the lane's calls returned, in order. A call that blocked has the result its
   * `await` got (`blocked` only when the lanes ended with it still waiting), so an order in
   * which a call waited and one in which it returned at once have the same outcome.
   */
  readonly calls: readonly StepResult[];
}

/** A distinct end of the lanes: what every lane (and every `after` step) observed. */
export interface Outcome {
  readonly lanes: readonly LaneOutcome[];
  readonly after: readonly StepResult[];
  /** The lanes blocked forever (nothing left could end their calls), or none. */
  readonly deadlock: readonly string[];
  /** Every expectation held. */
  readonly passed: boolean;
  /** How many schedules end this way. */
  readonly schedules: number;
  /** The first schedule, in exploration order, that ends this way. */
  readonly example: Schedule;
}

/** An expectation that fails in some schedule. */
export interface Failure {
  /** The step as the file places it: "lane 1 step 2", "after step 0", "step 3". */
  readonly place: string;
  readonly expectation: string;
  readonly expected: unknown;
  /** The value the step had in the shortest failing schedule. */
  readonly actual: unknown;
  /** How many schedules fail it. */
  readonly schedules: number;
  /** The shortest run that fails it: it stops at the failing step. */
  readonly replay: ReplayPoint;
  /** That run as a plain scenario, which `winsock-sim run` replays. */
  readonly scenario: Scenario;
}

export interface ExploreStats {
  /** Schedules in all: every order of the lanes' steps that can happen. */
  readonly schedules: number;
  /** Schedules run to their end. */
  readonly explored: number;
  /** Schedules counted without being run: they reach a point already explored. */
  readonly pruned: number;
  /** Distinct points (positions, state, what the lanes saw) explored. */
  readonly states: number;
  /** Steps run, trials of waiting lanes included. */
  readonly steps: number;
  /** Schedules cut short by the depth bound. */
  readonly cut: number;
}

export interface ExploreResult {
  readonly file: string;
  readonly title: string;
  /** Every expectation held in every schedule explored, and exploration was complete. */
  readonly passed: boolean;
  /** False when a bound stopped exploration: the counts below are then a lower bound. */
  readonly complete: boolean;
  /** Which bound stopped it, as a sentence, when one did. */
  readonly bound?: string;
  readonly outcomes: readonly Outcome[];
  readonly failures: readonly Failure[];
  readonly stats: ExploreStats;
}

/** A node of the schedule tree as it is built: `keys` are its outcomes' keys. */
interface TreeNode {
  readonly lane: number;
  readonly step: number;
  readonly result: StepResult;
  readonly children: TreeNode[];
  readonly keys: string[];
  schedules: number;
}

/** A persistent list, prepended in constant time: the rest of a schedule, or of a lane. */
interface Cons<T> {
  readonly head: T;
  readonly tail: Cons<T> | null;
}

function toArray<T>(list: Cons<T> | null): T[] {
  const out: T[] = [];
  for (let at = list; at !== null; at = at.tail) out.push(at.head);
  return out;
}

/**
 * What the steps after a point observed until the end of a schedule: each lane's later steps,
 * the `after` steps and any deadlock. A subtree is counted by these, not by whole outcomes, so
 * that two points reached by different histories (a getsockopt that saw one value or another)
 * share one subtree: the history is put in front on the way back up (#extend).
 */
interface Suffix {
  readonly lanes: readonly (Cons<StepResult> | null)[];
  /** Each lane's later steps as one fingerprint, built from the last step back. */
  readonly laneKeys: readonly string[];
  readonly after: readonly StepResult[];
  readonly deadlock: readonly string[];
  /** The fingerprint of `after` and `deadlock`. */
  readonly tailKey: string;
  /** No expectation of these steps failed. */
  readonly passed: boolean;
}

interface Branch {
  readonly suffix: Suffix;
  count: number;
  /** The first schedule's rest, in exploration order, that ends this way. */
  readonly example: Cons<ScheduleEntry> | null;
}

/**
 * A subtree's counts: how its schedules end, how many of them fail each expectation of the
 * steps after its point, and (for a tree or a schedule callback) the whole outcomes below it.
 */
interface Subtree {
  readonly outcomes: Map<string, Branch>;
  readonly failing: Map<string, number>;
  schedules: number;
  complete: boolean;
  /** The keys of the whole outcomes below (only where `scheduleTree` needs them). */
  readonly full: Set<string>;
}

function emptySubtree(): Subtree {
  return { outcomes: new Map(), failing: new Map(), schedules: 0, complete: true, full: new Set() };
}

function addSubtree(into: Subtree, from: Subtree): void {
  for (const [key, branch] of from.outcomes) {
    const known = into.outcomes.get(key);
    if (known === undefined) into.outcomes.set(key, { ...branch });
    else known.count += branch.count;
  }
  for (const [key, count] of from.failing)
    into.failing.set(key, (into.failing.get(key) ?? 0) + count);
  for (const key of from.full) into.full.add(key);
  into.schedules += from.schedules;
  into.complete &&= from.complete;
}

function suffixKey(suffix: Suffix): string {
  return `${suffix.laneKeys.join(",")}|${suffix.tailKey}`;
}

/** The key of a whole outcome: what its calls, `after` steps and deadlock were. */
function outcomeKey(outcome: Omit<Outcome, "schedules" | "example">): string {
  const { lanes, after, deadlock, passed } = outcome;
  return JSON.stringify({ lanes, after, deadlock, passed });
}

interface BestFailure {
  readonly place: string;
  readonly expectation: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly replay: ReplayPoint;
}

/**
 * A deep copy of a step's result: its plain objects and arrays (what the runner decodes outputs
 * to) copied by hand, several times faster than structuredClone on such small trees; bytes and
 * any other object go through structuredClone. Results are trees: no cycles, no sharing to keep.
 */
function copyValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyValue);
  if (ArrayBuffer.isView(value)) return structuredClone(value);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    copy[key] = copyValue((value as Record<string, unknown>)[key]);
  return copy;
}

export function resultOf(trace: StepTrace): StepResult {
  // A copy: a blocked call's buffers are written again in another branch.
  return copyValue({
    text: trace.text ?? trace.call,
    ret: trace.ret,
    error: trace.error,
    blocked: trace.blocked,
    outputs: trace.outputs,
    failed: trace.expectations.filter((e) => !e.held).map((e) => e.name),
    ...(trace.atOnce ? { atOnce: true } : {}),
  }) as StepResult;
}

/**
 * A lane's steps as calls: each await folded into the call it finished (its result, and the
 * expectations that failed on either step).
 */
export function callsOf(steps: readonly StepResult[]): StepResult[] {
  const calls: StepResult[] = [];
  for (const step of steps) {
    const call = calls.at(-1);
    if (!step.text.startsWith("await ") || call === undefined) {
      calls.push(step);
      continue;
    }
    const failed = [...call.failed, ...step.failed.filter((name) => !call.failed.includes(name))];
    const { atOnce: _, ...result } = step;
    calls[calls.length - 1] =
      step.atOnce === true ? { ...call, failed } : { ...result, text: call.text, failed };
  }
  return calls;
}

class Explorer {
  readonly #sim = new Simulation();
  readonly #runner: Runner;
  readonly #lanes: readonly Lane[];
  readonly #maxSteps: number;
  readonly #maxDepth: number;
  readonly #memo = new Map<string, Subtree>();
  readonly #positions: number[];
  readonly #histories: StepResult[][];
  /** The fingerprint of each step in #histories. */
  readonly #historyKeys: string[][];
  /** Expectations of the setup steps that failed: they fail in every schedule. */
  readonly #setupFailed: string[] = [];
  readonly #path: ScheduleEntry[] = [];
  /** Expectations failed so far on the current path (key "place\0name"), with repeats. */
  readonly #failedOnPath: string[] = [];
  readonly #best = new Map<string, BestFailure>();
  #steps = 0;
  #explored = 0;
  #cut = 0;
  #bound: string | undefined;
  #outcomeKeys: string[] = [];
  /** Stop at the first schedule's end (firstSchedule). */
  readonly #firstOnly: boolean;
  #first: Schedule | undefined;
  readonly #prune: boolean;
  readonly #onSchedule: ExploreOptions["onSchedule"];
  /** The children of the tree node being built, when a tree is asked for (scheduleTree). */
  #treeLevel: TreeNode[] | undefined;

  constructor(
    readonly file: string,
    readonly scenario: Scenario,
    options: ExploreOptions & { readonly firstOnly?: boolean; readonly tree?: TreeNode[] },
  ) {
    this.#runner = new Runner(file, simulatorWorld(this.#sim));
    this.#lanes = scenario.concurrent ?? [];
    this.#maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#firstOnly = options.firstOnly === true;
    this.#prune = options.prune ?? true;
    this.#onSchedule = options.onSchedule;
    if (options.tree !== undefined) this.#treeLevel = options.tree;
    this.#positions = this.#lanes.map(() => 0);
    this.#histories = this.#lanes.map(() => []);
    this.#historyKeys = this.#lanes.map(() => []);
    this.#lanes.forEach((lane, l) => {
      lane.steps.forEach((step, s) => {
        if (OVERLAPPED_FAMILY_CALLS.has(step.call))
          throw new ScenarioError(
            file,
            `lane ${l} step ${s}, field "call"`,
            `a call the explorer can interleave: "${step.call}" is overlapped I/O, a completion port, an extension function or an APC, which lanes cannot use yet (docs/explore.md)`,
          );
      });
    });
  }

  run(): Subtree {
    this.scenario.steps.forEach((step, index) => {
      const trace = this.#runner.step(index, step, { place: `step ${index}` });
      this.#steps += 1;
      this.#noteFailures(trace, `step ${index}`, { setup: index + 1, schedule: [], after: 0 });
    });
    this.#setupFailed.push(...this.#failedOnPath);
    if (this.#sim.memory.outstanding > 0)
      throw new ScenarioError(
        this.file,
        'field "concurrent"',
        "no overlapped operation pending when the lanes start: the explorer does not follow overlapped I/O yet (docs/explore.md)",
      );
    return this.#node();
  }

  result(root: Subtree): ExploreResult {
    // The root's suffixes are whole schedules: each lane's steps become its calls, and the
    // orders that differ only in which calls had to wait are one outcome.
    const merged = new Map<string, { outcome: Omit<Outcome, "schedules">; count: number }>();
    for (const { suffix, count, example } of root.outcomes.values()) {
      const seen = {
        lanes: suffix.lanes.map((list, l) => ({
          label: laneLabel(this.scenario, l),
          calls: callsOf(toArray(list)),
        })),
        after: suffix.after,
        deadlock: suffix.deadlock,
        passed: suffix.passed && this.#setupFailed.length === 0,
      };
      const key = outcomeKey(seen);
      const known = merged.get(key);
      if (known === undefined)
        merged.set(key, { outcome: { ...seen, example: toArray(example) }, count });
      else known.count += count;
    }
    this.#outcomeKeys = [...merged.keys()];
    const outcomes = [...merged.values()].map(({ outcome, count }) => ({
      ...outcome,
      schedules: count,
    }));
    const failing = new Map(root.failing);
    for (const key of new Set(this.#setupFailed)) failing.set(key, root.schedules);
    const failures = [...this.#best].map(([key, best]) => ({
      ...best,
      schedules: failing.get(key) ?? 0,
      scenario: linearize(this.scenario, best.replay.schedule, best.replay),
    }));
    const complete = root.complete && this.#bound === undefined;
    return {
      file: this.file,
      title: this.scenario.title,
      passed: complete && failures.length === 0,
      complete,
      ...(this.#bound === undefined ? {} : { bound: this.#bound }),
      outcomes,
      failures,
      stats: {
        schedules: root.schedules,
        explored: this.#explored,
        pruned: root.schedules - this.#explored,
        states: this.#memo.size,
        steps: this.#steps,
        cut: this.#cut,
      },
    };
  }

  /** The outcomes' keys in the order of `result().outcomes`. */
  outcomeKeys(): string[] {
    return this.#outcomeKeys;
  }

  get first(): Schedule | undefined {
    return this.#first;
  }

  /** Everything a step may change, captured to come back to this point. */
  #checkpoint(): Restore {
    const runner = this.#runner.checkpoint();
    const sim = this.#sim[CHECKPOINT]();
    const memory = captureMemory(this.#runner.liveMemory());
    return () => {
      runner();
      sim();
      memory();
    };
  }

  /**
   * What decides everything after this point: the lanes' positions, the kernel's state, the
   * names saved so far, and the result a lane's next `await` would repeat (its last call's,
   * when that returned at once). Not what the lanes observed before: that goes in front of the
   * subtree's suffixes on the way back (#extend).
   */
  #key(): string {
    const repeatable = this.#histories.map((steps, l) => {
      const last = steps.at(-1);
      const returned = last !== undefined && !last.blocked && !last.text.startsWith("await ");
      return returned ? (this.#historyKeys[l]?.at(-1) ?? "") : "";
    });
    const saved = freshFingerprint("", [...this.#runner.saved]);
    return `${this.#positions.join(",")}|${fingerprint(this.#sim.state)}|${saved}|${repeatable.join(",")}`;
  }

  /** The thread a lane runs on, once a step has named it. */
  #thread(lane: Lane): WinsockThread | undefined {
    return this.#runner.existingThread(lane.process, lane.thread ?? "main") as
      | WinsockThread
      | undefined;
  }

  /** Lanes whose next step can run now, and lanes whose next step waits for a blocked call. */
  #ready(): { enabled: number[]; waiting: number[] } {
    const enabled: number[] = [];
    const waiting: number[] = [];
    this.#lanes.forEach((lane, l) => {
      const step = lane.steps[this.#positions[l] as number];
      if (step === undefined) return;
      const thread = this.#thread(lane);
      if (step.call === "await" && thread !== undefined && this.#runner.isPending(thread)) {
        (thread.finishable ? enabled : waiting).push(l);
      } else enabled.push(l);
    });
    return { enabled, waiting };
  }

  #budgetLeft(): boolean {
    if (this.#steps < this.#maxSteps) return true;
    this.#bound ??= `stopped after ${this.#maxSteps.toLocaleString("en-US")} steps (the bound on steps run; raise it with --max-steps): the outcomes and counts cover only the schedules explored`;
    return false;
  }

  #node(): Subtree {
    if (this.#first !== undefined) return { ...emptySubtree(), complete: false };
    const { enabled, waiting } = this.#ready();
    if (enabled.length === 0 && waiting.length === 0) return this.#leaf([]);
    if (this.#path.length >= this.#maxDepth) {
      this.#cut += 1;
      this.#bound ??= `schedules cut at ${this.#maxDepth} lane steps (the bound on depth; raise it with --max-depth): their outcomes are not counted`;
      return { ...emptySubtree(), complete: false };
    }
    const key = this.#key();
    const known = this.#prune ? this.#memo.get(key) : undefined;
    if (known !== undefined) return known;
    const restore = this.#checkpoint();
    let choices = enabled;
    if (choices.length === 0) {
      choices = this.#firstToEnd(waiting, restore);
      if (choices.length === 0) {
        const subtree = this.#leaf(waiting.map((l) => laneLabel(this.scenario, l)));
        this.#memo.set(key, subtree);
        return subtree;
      }
    }
    const subtree = emptySubtree();
    for (const lane of choices) {
      if (this.#first !== undefined || !this.#budgetLeft()) {
        subtree.complete = false;
        break;
      }
      const undo = this.#take(lane);
      const level = this.#treeLevel;
      let child: Subtree;
      if (level === undefined) child = this.#node();
      else {
        const node: TreeNode = {
          lane,
          step: this.#path.at(-1)?.step ?? 0,
          result: this.#histories[lane]?.at(-1) as StepResult,
          children: [],
          keys: [],
          schedules: 0,
        };
        level.push(node);
        this.#treeLevel = node.children;
        child = this.#node();
        this.#treeLevel = level;
        node.keys.push(...child.full);
        node.schedules = child.schedules;
      }
      addSubtree(subtree, this.#extend(child, lane));
      undo();
      restore();
    }
    if (subtree.complete) this.#memo.set(key, subtree);
    return subtree;
  }

  /**
   * No lane can run and some wait: time passes until a wait ends. Each waiting lane's await is
   * tried (it moves virtual time to its call's end); the lanes whose calls end first are the
   * branches. None when no timer can end any of them.
   */
  #firstToEnd(waiting: readonly number[], restore: Restore): number[] {
    const ends: { lane: number; clock: number }[] = [];
    for (const lane of waiting) {
      const step = this.#lanes[lane]?.steps[this.#positions[lane] as number];
      if (step === undefined) continue;
      const trace = this.#runner.step(this.#index(), step, {
        place: this.#place(lane),
        lane: true,
      });
      this.#steps += 1;
      if (!trace.blocked) ends.push({ lane, clock: trace.clock ?? 0 });
      restore();
    }
    const soonest = Math.min(...ends.map((end) => end.clock));
    return ends.filter((end) => end.clock === soonest).map((end) => end.lane);
  }

  #index(): number {
    return this.scenario.steps.length + this.#path.length;
  }

  #place(lane: number): string {
    return `lane ${lane} step ${this.#positions[lane]}`;
  }

  /** Runs lane `lane`'s next step; returns the function that forgets it (not the state). */
  #take(lane: number): () => void {
    const position = this.#positions[lane] as number;
    const step = this.#lanes[lane]?.steps[position];
    if (step === undefined) throw new RangeError(`lane ${lane} has no step ${position}`);
    const place = this.#place(lane);
    let trace: StepTrace;
    try {
      trace = this.#runner.step(this.#index(), step, { place, lane: true });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      const order = scheduleText(this.scenario, [...this.#path, { lane, step: position }]);
      throw new ScenarioError(
        error.file,
        error.place,
        `${error.expected} (when the lanes ran in the order ${order})`,
      );
    }
    this.#steps += 1;
    const entry: ScheduleEntry = trace.atOnce
      ? { lane, step: position, atOnce: true }
      : { lane, step: position };
    this.#path.push(entry);
    this.#positions[lane] = position + 1;
    const result = resultOf(trace);
    const history = this.#histories[lane] as StepResult[];
    const keys = this.#historyKeys[lane] as string[];
    history.push(result);
    const { failed, ...seen } = result;
    keys.push(freshFingerprint("", [seen, failed, trace.clock]));
    const failedBefore = this.#failedOnPath.length;
    this.#noteFailures(trace, place, {
      setup: this.scenario.steps.length,
      schedule: [...this.#path],
      after: 0,
    });
    return () => {
      this.#path.pop();
      this.#positions[lane] = position;
      history.pop();
      keys.pop();
      this.#failedOnPath.length = failedBefore;
    };
  }

  /** Records the step's failed expectations on the path, and as the shortest run if it is. */
  #noteFailures(trace: StepTrace, place: string, replay: ReplayPoint): void {
    for (const expectation of trace.expectations) {
      if (expectation.held) continue;
      const key = `${place}\u0000${expectation.name}`;
      this.#failedOnPath.push(key);
      const known = this.#best.get(key);
      const length = replay.setup + replay.schedule.length + replay.after;
      const knownLength =
        known === undefined
          ? Number.POSITIVE_INFINITY
          : known.replay.setup + known.replay.schedule.length + known.replay.after;
      if (length < knownLength)
        this.#best.set(key, {
          place,
          expectation: expectation.name,
          expected: expectation.expected,
          actual: structuredClone(expectation.actual),
          replay,
        });
    }
  }

  /** The end of a schedule: the `after` steps (unless deadlocked), and its one outcome. */
  #leaf(deadlock: readonly string[]): Subtree {
    const failedBefore = this.#failedOnPath.length;
    const after: StepResult[] = [];
    if (deadlock.length === 0) {
      (this.scenario.after ?? []).forEach((step, index) => {
        const trace = this.#runner.step(this.#index() + index, step, {
          place: `after step ${index}`,
        });
        this.#steps += 1;
        after.push(resultOf(trace));
        this.#noteFailures(trace, `after step ${index}`, {
          setup: this.scenario.steps.length,
          schedule: [...this.#path],
          after: index + 1,
        });
      });
    }
    this.#explored += 1;
    if (this.#firstOnly) this.#first = [...this.#path];
    // Only the after steps' failures count here; each lane step's count on the way back.
    const failing = new Map<string, number>();
    for (const key of new Set(this.#failedOnPath.slice(failedBefore))) failing.set(key, 1);
    const passed = this.#failedOnPath.length === 0;
    const full = new Set<string>();
    if (this.#treeLevel !== undefined || this.#onSchedule !== undefined) {
      const outcome = {
        lanes: this.#histories.map((steps, l) => ({
          label: laneLabel(this.scenario, l),
          calls: callsOf(steps),
        })),
        after,
        deadlock,
        passed,
      };
      full.add(outcomeKey(outcome));
      this.#onSchedule?.([...this.#path], outcome);
    }
    this.#failedOnPath.length = failedBefore;
    const suffix: Suffix = {
      lanes: this.#lanes.map(() => null),
      laneKeys: this.#lanes.map(() => ""),
      after,
      deadlock,
      tailKey: freshFingerprint("", [after, deadlock]),
      passed: after.every((step) => step.failed.length === 0),
    };
    return {
      outcomes: new Map([[suffixKey(suffix), { suffix, count: 1, example: null }]]),
      failing,
      schedules: 1,
      complete: true,
      full,
    };
  }

  /**
   * The subtree below lane `lane`'s step just taken, seen from the point before it: the step's
   * result goes in front of that lane's part of every suffix, its entry in front of every
   * example, and every schedule through it fails what the step failed.
   */
  #extend(child: Subtree, lane: number): Subtree {
    const entry = this.#path.at(-1) as ScheduleEntry;
    const result = this.#histories[lane]?.at(-1) as StepResult;
    const hash = this.#historyKeys[lane]?.at(-1) as string;
    const outcomes = new Map<string, Branch>();
    for (const { suffix, count, example } of child.outcomes.values()) {
      const lanes = [...suffix.lanes];
      lanes[lane] = { head: result, tail: suffix.lanes[lane] ?? null };
      const laneKeys = [...suffix.laneKeys];
      laneKeys[lane] = textFingerprint(`${hash}${suffix.laneKeys[lane] ?? ""}`);
      const extended: Suffix = {
        ...suffix,
        lanes,
        laneKeys,
        passed: suffix.passed && result.failed.length === 0,
      };
      outcomes.set(suffixKey(extended), {
        suffix: extended,
        count,
        example: { head: entry, tail: example },
      });
    }
    const failing = new Map(child.failing);
    for (const name of new Set(result.failed)) {
      const key = `lane ${lane} step ${entry.step}\u0000${name}`;
      failing.set(key, (failing.get(key) ?? 0) + child.schedules);
    }
    return { ...child, outcomes, failing };
  }
}

/**
 * Explores every schedule of `scenario`'s concurrent lanes on the simulator. A ScenarioError
 * means the file cannot be used (in some schedule, which its message names).
 */
export function explore(
  file: string,
  scenario: Scenario,
  options: ExploreOptions = {},
): ExploreResult {
  const explorer = new Explorer(file, scenario, options);
  return explorer.result(explorer.run());
}

/** The first schedule in exploration order: the one `winsock-sim run` runs for a lane file. */
export function firstSchedule(file: string, scenario: Scenario): Schedule {
  const explorer = new Explorer(file, scenario, { firstOnly: true });
  explorer.run();
  return explorer.first ?? [];
}

/** A step in the tree of schedules: one lane's step, run after the steps on the way to it. */
export interface ScheduleNode {
  readonly lane: number;
  /** The step's index in its lane. */
  readonly step: number;
  readonly result: StepResult;
  /** What can run next, one branch per lane, in lane order. */
  readonly children: readonly ScheduleNode[];
  /** The outcomes (indexes into `outcomes`) that schedules through this node reach. */
  readonly outcomes: readonly number[];
  /** How many schedules go through this node. */
  readonly schedules: number;
}

export interface ScheduleTree extends ExploreResult {
  /** The lanes that can run first: the tree's top level. */
  readonly roots: readonly ScheduleNode[];
}

/**
 * Every schedule as a tree, for a learner to pick a branch at each point (the playground).
 * Nothing is pruned: each node is a step that ran. `maxSteps` bounds the work, and with it the
 * tree's size (default 5,000 steps); a cut tree says so in `complete` and `bound`.
 */
export function scheduleTree(
  file: string,
  scenario: Scenario,
  options: Omit<ExploreOptions, "prune" | "onSchedule"> = {},
): ScheduleTree {
  const roots: TreeNode[] = [];
  const explorer = new Explorer(file, scenario, {
    maxSteps: 5_000,
    ...options,
    prune: false,
    tree: roots,
  });
  const result = explorer.result(explorer.run());
  const keys = explorer.outcomeKeys();
  const index = new Map(keys.map((key, i) => [key, i]));
  const finish = (node: TreeNode): ScheduleNode => ({
    lane: node.lane,
    step: node.step,
    result: node.result,
    children: node.children.map(finish),
    outcomes: node.keys.map((key) => index.get(key) as number).sort((a, b) => a - b),
    schedules: node.schedules,
  });
  return { ...result, roots: roots.map(finish) };
}
