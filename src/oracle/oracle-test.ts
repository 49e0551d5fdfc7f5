/**
 * Test registration in the style of @fast-check/vitest, without depending on vitest: pass your
 * runner's `it` (or `test`) and the oracle registers a test whose failure message is the
 * formatted difference. vitest stays the user's choice; any runner whose `it` takes a name, a
 * body and a timeout works.
 */
import type { World } from "../scenario/world.js";
import { type CheckOptions, checkImplementation } from "./check.js";
import { type CheckCommandsOptions, checkCommands } from "./commands.js";

/** vitest's `it` or `test`, or any function of that shape. */
export type TestRegistrar = (name: string, body: () => void, timeout?: number) => unknown;

export interface TestTimeout {
  /** The test's timeout in ms, passed to `it` (default: the runner's, 5 s in vitest). */
  readonly timeout?: number;
}

/**
 * Registers `it(name, ...)`: checkImplementation on generated scenarios. A failure is an
 * OracleFailure whose message is the report (the differing step, both results, the file).
 */
export function oracleTest(
  it: TestRegistrar,
  name: string,
  implementation: () => World,
  options: CheckOptions & TestTimeout = {},
): void {
  it(
    name,
    () => {
      checkImplementation(implementation, options);
    },
    options.timeout,
  );
}

/** Registers `it(name, ...)`: checkCommands, the fc.commands model run step by step. */
export function commandsTest(
  it: TestRegistrar,
  name: string,
  implementation: () => World,
  options: CheckCommandsOptions & TestTimeout = {},
): void {
  it(
    name,
    () => {
      checkCommands(implementation, options);
    },
    options.timeout,
  );
}
