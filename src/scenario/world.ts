/**
 * What a scenario runs against: the simulator, or any other Winsock implementation that offers
 * the same small interface (the oracle's adapter interface, docs/oracle.md).
 *
 * A thread is an object with the Winsock functions as methods, with the facade's parameter and
 * return conventions (src/api/thread.ts): SOCKET or INVALID_SOCKET, 0 or SOCKET_ERROR, the error
 * in WSAGetLastError, BLOCKED for a call that blocks and `await()` to finish it.
 */
import { formatCall } from "../api/describe.js";
import { Simulation } from "../api/simulation.js";
import type { WinsockApi } from "./winsock-api.js";

export type { WinsockApi } from "./winsock-api.js";

export interface WorldProcess {
  /** The process id, for "@P" values. */
  readonly pid: number;
  readonly alive: boolean;
  readonly main: WinsockApi;
  createThread(): WinsockApi;
  /** ExitProcess. */
  exit(): void;
}

export interface World {
  createProcess(name: string): WorldProcess;
  /** The rule ids behind the last call, when the implementation can say (the simulator can). */
  lastRules?(): readonly string[];
  /** Virtual time in milliseconds, when the implementation keeps one (the simulator does). */
  clock?(): number;
  /**
   * The last call the implementation recorded, as text with its arguments
   * ("setsockopt(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4)"), and its position among the calls it
   * recorded: a step whose index is the one seen before the step recorded nothing (a pseudo-call
   * such as CreateWindow), and the runner describes it from the step's own arguments.
   */
  lastCall?(): { readonly index: number; readonly text: string } | undefined;
}

/** The simulator as a World. */
export function simulatorWorld(
  sim: Simulation = new Simulation({ record: true }),
): World & { readonly sim: Simulation } {
  return {
    sim,
    createProcess: (name) => sim.createProcess(name),
    lastRules: () => sim.last?.rules ?? [],
    clock: () => sim.state.clock,
    lastCall: () => {
      const last = sim.last;
      return last === undefined
        ? undefined
        : { index: last.index, text: formatCall(last.call, last.args) };
    },
  };
}
