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

export interface Scenario {
  readonly title: string;
  readonly source?: string;
  readonly steps: readonly ScenarioStep[];
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
      line === undefined ? place : place.replace(/^step (\d+)/, `step $1 (line ${line})`);
    super(`${file}: ${where}: ${expected}`);
    this.name = "ScenarioError";
  }
}
