/**
 * A step's call as text with its arguments ("shutdown(4, SD_SEND)"), for worlds that keep no
 * record of their calls and for the simulator's pseudo-calls, which make none (CreateWindow).
 *
 * The step's thread is wrapped so that the call its adapter makes is written down with the
 * arguments the adapter resolved from the step (saved names, constants, defaults), in the same
 * format as the simulator's records. The text is made before the call runs, because a call may
 * rewrite its in-out arguments (optlen, select's sets) and the text shows what was passed.
 */
import { formatCall } from "../api/describe.js";
import type { WinsockApi } from "./world.js";

export interface CallTextRecorder {
  /** The thread to give the adapter. */
  readonly thread: WinsockApi;
  /** The last call made through `thread`, as text; undefined when none was made. */
  text(): string | undefined;
  /**
   * The arguments of the calls made through `thread`, as the adapter passed them: the caller's
   * memory a blocked call will write when it ends (the explorer puts it back when it goes back).
   */
  args(): readonly unknown[];
}

export function recordCallText(thread: WinsockApi): CallTextRecorder {
  let text: string | undefined;
  const passed: unknown[] = [];
  const wrapped = new Proxy(thread, {
    get(target, key) {
      // The target as receiver: a class's private fields are not reachable through a proxy.
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function" || typeof key !== "string") return value;
      return (...args: unknown[]) => {
        text = formatCall(key, args);
        passed.push(...args);
        return value.apply(target, args);
      };
    },
  });
  return { thread: wrapped, text: () => text, args: () => passed };
}
