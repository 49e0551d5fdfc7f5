/**
 * `check(actual).toBe(expected)` and its few siblings: the matchers the models call after
 * every random step, without vitest's bookkeeping on each call.
 *
 * Every `expect(...)` updates vitest's shared assertion state by redefining all its properties
 * (`setState` in @vitest/expect): profiled, that was 37% of the kernel property's time, more than
 * the simulator and the model together. A check compares first and calls `expect` only when the
 * comparison fails, so a failure reads exactly as before. Checks are counted (`checksMade`), and
 * `rule()` accepts them as the assertions a property must make (support/rule.ts).
 */
import { expect } from "vitest";

let made = 0;

/** Checks made so far in this test file. */
export function checksMade(): number {
  return made;
}

class Check {
  constructor(
    private readonly actual: unknown,
    private readonly message?: string,
  ) {}

  toBe(expected: unknown): void {
    made++;
    if (!Object.is(this.actual, expected)) expect(this.actual, this.message).toBe(expected);
  }

  toBeGreaterThan(bound: number): void {
    made++;
    if (!(typeof this.actual === "number" && this.actual > bound))
      expect(this.actual, this.message).toBeGreaterThan(bound);
  }

  toBeDefined(): void {
    made++;
    if (this.actual === undefined) expect(this.actual, this.message).toBeDefined();
  }

  toBeNull(): void {
    made++;
    if (this.actual !== null) expect(this.actual, this.message).toBeNull();
  }

  get not(): { toBe(unexpected: unknown): void } {
    return {
      toBe: (unexpected: unknown) => {
        made++;
        if (Object.is(this.actual, unexpected))
          expect(this.actual, this.message).not.toBe(unexpected);
      },
    };
  }
}

export function check(actual: unknown, message?: string): Check {
  return new Check(actual, message);
}
