/**
 * Every kernel call is one transaction: it returns a new state and its value, or the old state
 * unchanged and a Winsock error.
 *
 * A call's body mutates an immer draft and throws `WinsockFailure` to fail. On failure the draft
 * is simply dropped, so "a failed call changes nothing" holds by construction and not by the
 * care of each call. A thrown error of any other kind is a broken invariant inside the kernel:
 * it propagates, because silently swallowing it would hide a bug.
 */
import { type Draft, Immer } from "immer";
import type { KernelState } from "./state.js";
import { DraftWriter, Edit, Escalate, type Writer } from "./writer.js";

/**
 * Snapshots are immutable by contract, and the kernel only ever writes to drafts. Freezing every
 * new snapshot costs about half of a call (docs/performance.md), so it is off unless
 * WINSOCK_SIM_FREEZE=1, which the test suite sets: there any write to a kept snapshot throws.
 */
const FREEZE = globalThis.process?.env?.WINSOCK_SIM_FREEZE === "1";
const immer = new Immer({ autoFreeze: FREEZE });

// A private Immer instance: the setting must not leak into a host program's own use of immer.
const createDraft = immer.createDraft.bind(immer);
const finishDraft = immer.finishDraft.bind(immer);
/** Identifier of a rule in the catalogue (spec/rules.json), e.g. "LIFE-LAST-CLOSE". */
export type RuleId = string;

/** The rules that decided a call's outcome, in the order they were applied. */
export class Citations {
  readonly rules: RuleId[] = [];
  cite(...ids: RuleId[]): void {
    for (const id of ids) if (!this.rules.includes(id)) this.rules.push(id);
  }
}

/**
 * A Winsock error raised inside a call. `output` carries what Windows writes to the caller's
 * memory even when the call fails (for example getsockopt's optlen after a short buffer).
 */
export class WinsockFailure extends Error {
  constructor(
    readonly code: number,
    readonly rule: RuleId,
    readonly output?: unknown,
  ) {
    // A failure is how a call answers, not a fault: no stack trace is taken. Capturing one cost
    // 15% of the kernel property's time, where random calls fail all the time.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`Winsock error ${code} (${rule})`);
    Error.stackTraceLimit = limit;
    this.name = "WinsockFailure";
  }
}

/**
 * A failure that keeps the call's changes: Windows reports an error while the call's work goes
 * on, as a non-blocking connect does with WSAEWOULDBLOCK. A body returns it instead of throwing.
 * Only the calls whose rules say so use it; everything else fails with `fail` and changes nothing.
 */
export class KeptFailure {
  constructor(
    readonly code: number,
    readonly rule: RuleId,
    readonly output?: unknown,
  ) {}
}

/** Fails the current call with `code`, citing the rule that requires that error. */
export function fail(code: number, rule: RuleId, output?: unknown): never {
  throw new WinsockFailure(code, rule, output);
}

export type Outcome<T> =
  | { readonly ok: true; readonly state: KernelState; readonly value: T; readonly rules: RuleId[] }
  | {
      readonly ok: false;
      readonly state: KernelState;
      readonly error: number;
      readonly rules: RuleId[];
      readonly output?: unknown;
      /** True when the state changed despite the error (a KeptFailure). */
      readonly kept?: boolean;
    };

export type Body<T> = (draft: Draft<KernelState>, why: Citations) => T | KeptFailure;

export function transact<T>(state: KernelState, body: Body<T>): Outcome<T> {
  const why = new Citations();
  const draft = createDraft(state);
  let value: T | KeptFailure;
  try {
    value = body(draft, why);
  } catch (error) {
    if (error instanceof WinsockFailure) {
      why.cite(error.rule);
      return { ok: false, state, error: error.code, rules: why.rules, output: error.output };
    }
    throw error;
  }
  // Looked at before finishing: a body that wrongly returned a draft would be revoked after.
  const kept = value instanceof KeptFailure ? value : undefined;
  return settle(finishDraft(draft) as KernelState, kept ?? (value as T), why);
}

/** The outcome of a body that returned: its value, or a failure that keeps its changes. */
function settle<T>(next: KernelState, value: T | KeptFailure, why: Citations): Outcome<T> {
  if (value instanceof KeptFailure) {
    why.cite(value.rule);
    return {
      ok: false,
      state: next,
      error: value.code,
      rules: why.rules,
      output: value.output,
      kept: true,
    };
  }
  return { ok: true, state: next, value, rules: why.rules };
}

/** Reads without changing anything: the body gets the plain state, not a draft. */
export function inspect<T>(
  state: KernelState,
  body: (state: KernelState, why: Citations) => T,
): Outcome<T> {
  const why = new Citations();
  try {
    return { ok: true, state, value: body(state, why), rules: why.rules };
  } catch (error) {
    if (error instanceof WinsockFailure) {
      why.cite(error.rule);
      return { ok: false, state, error: error.code, rules: why.rules, output: error.output };
    }
    throw error;
  }
}

export type WriterBody<T> = (writer: Writer, why: Citations) => T | KeptFailure;

/**
 * How many calls ran on the fast path and how many had to start again on a draft; the
 * benchmarks print them, so a slow call shows whether it escalated.
 */
export const writePaths = { edit: 0, escalated: 0, draft: 0 };

let reference = false;

/**
 * Runs every `transactWith` call on an immer draft (the reference path) instead of `Edit`.
 * For the property that compares the two (test/kernel/write-paths.test.ts) and for measuring.
 */
export function useReferencePath(on: boolean): void {
  reference = on;
}

/**
 * A transaction whose body writes through a `Writer` (writer.ts): by hand-made copies of what
 * it changes, or, when a part of it needs a whole draft, again from the start on one.
 */
export function transactWith<T>(state: KernelState, body: WriterBody<T>): Outcome<T> {
  if (!reference) {
    const why = new Citations();
    const edit = new Edit(state);
    let value: T | KeptFailure | typeof Escalate.signal;
    try {
      value = body(edit, why);
    } catch (error) {
      if (error instanceof WinsockFailure) {
        writePaths.edit += 1;
        why.cite(error.rule);
        return { ok: false, state, error: error.code, rules: why.rules, output: error.output };
      }
      if (error !== Escalate.signal) throw error;
      value = Escalate.signal;
    }
    if (value !== Escalate.signal) {
      writePaths.edit += 1;
      return settle(edit.finish(FREEZE), value as T | KeptFailure, why);
    }
    writePaths.escalated += 1;
  } else {
    writePaths.draft += 1;
  }
  return transact(state, (draft, why) => body(new DraftWriter(draft), why));
}
