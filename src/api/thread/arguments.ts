/** Argument helpers that several of the facade's families share (../thread.ts lists them). */
import { WSA_ERRORS } from "../../constants/errors.js";
import type { KernelState, Outcome } from "../../kernel/index.js";
import { isIntRef } from "../memory.js";

/**
 * An argument as the record keeps it: a copy of what the call may rewrite (an int* it writes
 * back, select's sets, WSAPoll's revents, a timeval the caller may reuse), so that printing the
 * record later shows what was passed. Buffers are kept as they are: a record shows only their
 * size, or the address a caller passed in, which the call does not change.
 */
export function asPassed(arg: unknown): unknown {
  if (isIntRef(arg)) return { value: arg.value };
  if (Array.isArray(arg))
    return arg.map((e) => (typeof e === "object" && e !== null ? { ...e } : e));
  if (typeof arg === "object" && arg !== null && !(arg instanceof Uint8Array)) return { ...arg };
  return arg;
}

/** A call that fails with WSAEFAULT for an output it cannot write, leaving `state` as it was. */
export function faulted(state: KernelState, rule: string): Outcome<never> {
  return { ok: false, state, error: WSA_ERRORS.WSAEFAULT, rules: [rule, "ERR-FAILED-UNCHANGED"] };
}
