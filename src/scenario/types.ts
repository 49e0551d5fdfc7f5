/**
 * Scenario files: the public format (docs/scenario-format.md) as TypeScript types, and the error a
 * file that cannot be used raises.
 */

export interface ScenarioStep {
  readonly process: string;
  readonly thread?: string;
  readonly call: string;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly save?: string | Readonly<Record<string, string>>;
  readonly expect?: Readonly<Record<string, unknown>>;
}

/**
 * One thread's steps in a concurrent block, in its own program order. Reading the file fills
 * each step's process and thread from the lane's, so a lane's steps are ordinary steps.
 */
export interface Lane {
  readonly process: string;
  readonly thread?: string;
  readonly steps: readonly ScenarioStep[];
}

export interface Scenario {
  readonly title: string;
  readonly source?: string;
  /** The steps in file order; with `concurrent`, the ones that run before the lanes start. */
  readonly steps: readonly ScenarioStep[];
  /**
   * Threads whose steps run concurrently once `steps` are done: each keeps its program order,
   * and the scheduler may interleave them in any way (docs/explore.md).
   */
  readonly concurrent?: readonly Lane[];
  /** Steps that run once every lane has finished (only with `concurrent`). */
  readonly after?: readonly ScenarioStep[];
}

/**
 * A file that cannot be used: malformed JSON, an unknown call or constant, an argument of the
 * wrong kind, an undefined $name. The message names the file, the place (line and column, or the
 * step and field) and what was expected.
 */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly place: string,
    readonly expected: string,
    /** The line of the file where the step that `place` names starts, when it is known. */
    readonly line?: number,
  ) {
    // The line goes in the message only: `place` stays "step N, field ..." for placePath.
    const where =
      line === undefined
        ? place
        : place.replace(/^((?:lane \d+ |after )?step \d+)/, `$1 (line ${line})`);
    super(`${file}: ${where}: ${expected}`);
    this.name = "ScenarioError";
  }
}
