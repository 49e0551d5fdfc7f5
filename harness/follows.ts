/**
 * Differences that follow from an earlier one. When a step's result differs in what it hands on
 * (its return value, success or outputs), a later step that uses what it saved (`$name`) runs on
 * different things on the two sides: a socket on one, INVALID_SOCKET on the other. Such a later
 * difference is a consequence, not a finding of its own, and takes the earlier step's account.
 * Likewise, once a handle-returning call succeeded on one side only, the two sides number that
 * process's later handles differently (h3 against h2): a later step whose only difference is
 * which symbolic handle it returned follows from that step.
 *
 * A name saved by a differing step names different things on the two sides (often a socket on
 * one and INVALID_SOCKET on the other), so a step that uses it follows from that step before any
 * cause is tried: a cause's matcher that happens to fit it (WSAENOTSOCK from a handle that never
 * was a socket) would explain it by the wrong account. A name only marked by a cause that
 * changes state names the same thing in another state, and there a cause is tried first.
 */
import type { ObservedStep } from "../src/oracle/compare.js";
import type { ScenarioStep } from "../src/scenario/types.js";
import type { Field } from "./causes.js";

/** The base names of the `$name` references anywhere in a step's arguments. */
export function namesUsed(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") {
    // "$$text" is literal text; "$info.iAddressFamily" is a part of "$info".
    if (value.startsWith("$") && !value.startsWith("$$"))
      into.add(value.slice(1).split(".")[0] as string);
  } else if (Array.isArray(value)) for (const v of value) namesUsed(v, into);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) namesUsed(v, into);
  return into;
}

/** The names a step saves. */
export function namesSaved(step: ScenarioStep): string[] {
  if (step.save === undefined) return [];
  return typeof step.save === "string" ? [step.save] : Object.values(step.save);
}

/** Where a consequence comes from: the step, and the cause that explained it (if any). */
export interface Origin {
  readonly index: number;
  readonly cause: string | undefined;
}

const SYMBOLIC_HANDLE = /^h\d+$/;

/** Tracks, step by step, which saved names and which processes' handle numbers differ. */
export class Consequences {
  readonly #names = new Map<string, Origin>();
  /** The names of #names that a differing step saved (the rest: marked by changesState). */
  readonly #saved = new Set<string>();
  readonly #numbering = new Map<string, Origin>();

  /**
   * The earlier step that saved a name `step` uses, when that step differed in what it handed
   * on: the step runs on different things on the two sides, whatever its own answer.
   */
  savedOriginOf(step: ScenarioStep): Origin | undefined {
    for (const name of namesUsed(step.args))
      if (this.#saved.has(name)) return this.#names.get(name);
    return undefined;
  }

  /** The earlier step a difference at `step` follows from, or undefined. */
  originOf(
    step: ScenarioStep,
    simulator: ObservedStep,
    differs: readonly Field[],
  ): Origin | undefined {
    for (const name of namesUsed(step.args)) {
      const origin = this.#names.get(name);
      if (origin !== undefined) return origin;
    }
    const numbering = this.#numbering.get(simulator.process);
    if (
      numbering !== undefined &&
      differs.join() === "ret" &&
      SYMBOLIC_HANDLE.test(String(simulator.ret))
    )
      return numbering;
    return undefined;
  }

  /**
   * Records a step that differs in `differs`, explained by `origin.cause` (undefined: not
   * explained): what it saved differs, and so may the process's handle numbering.
   */
  differed(
    step: ScenarioStep,
    simulator: ObservedStep,
    native: ObservedStep,
    differs: readonly Field[],
    origin: Origin,
    changesState = false,
  ): void {
    // A cause may say its step leaves what it used in another state on the two sides (a connect
    // that Wine starts and the simulator refuses): later differences on those names follow.
    if (changesState)
      for (const name of namesUsed(step.args))
        if (!this.#names.has(name)) this.#names.set(name, origin);
    const handsOn = differs.some((f) => f === "ok" || f === "ret" || f === "outputs");
    if (!handsOn) return;
    for (const name of namesSaved(step))
      if (!this.#names.has(name)) {
        this.#names.set(name, origin);
        this.#saved.add(name);
      }
    const madeHandle = [simulator.ret, native.ret].some((r) => SYMBOLIC_HANDLE.test(String(r)));
    if (differs.includes("ok") && madeHandle && !this.#numbering.has(simulator.process))
      this.#numbering.set(simulator.process, origin);
  }
}
