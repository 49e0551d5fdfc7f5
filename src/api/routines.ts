/**
 * The program's routines as the kernel names them: QueueUserAPC's pfnAPC and the completion
 * routines of WSARecv and WSASend get an address the first time a call sees them, from a counter
 * of their simulation, so the kernel's APC queues hold numbers and the same run gives the same
 * numbers. When an alertable wait runs APCs, the facade finds the functions here and calls them.
 */
import type { Apc } from "../kernel/index.js";
import type { Simulation } from "./simulation.js";
import type { WSAOVERLAPPED } from "./structs.js";

/** PAPCFUNC: a user APC, called with QueueUserAPC's dwData. */
export type ApcRoutine = (dwData: number) => void;

/** LPWSAOVERLAPPED_COMPLETION_ROUTINE: called with the operation's outcome. */
export type CompletionRoutine = (
  dwError: number,
  cbTransferred: number,
  lpOverlapped: WSAOVERLAPPED | null,
  dwFlags: number,
) => void;

/** Routine addresses start here and go up by 16, clear of the OVERLAPPEDs' range. */
const FIRST_ROUTINE = 0x7ff00000;

class RoutineTable {
  readonly #addresses = new WeakMap<object, number>();
  readonly #functions = new Map<number, (...args: never[]) => void>();
  #next = FIRST_ROUTINE;

  addressOf(routine: (...args: never[]) => void): number {
    let address = this.#addresses.get(routine);
    if (address === undefined) {
      address = this.#next;
      this.#next += 16;
      this.#addresses.set(routine, address);
      this.#functions.set(address, routine);
    }
    return address;
  }

  at(address: number): ((...args: never[]) => void) | undefined {
    return this.#functions.get(address);
  }
}

const TABLES = new WeakMap<Simulation, RoutineTable>();

function table(sim: Simulation): RoutineTable {
  let found = TABLES.get(sim);
  if (found === undefined) {
    found = new RoutineTable();
    TABLES.set(sim, found);
  }
  return found;
}

/** The routine's address in `sim`, or 0 for anything that is not a function (NULL). */
export function routineAddress(sim: Simulation, routine: unknown): number {
  return typeof routine === "function" ? table(sim).addressOf(routine as () => void) : 0;
}

/** Calls one APC's routine as Windows does: a user APC with its data, an I/O one with its outcome. */
export function callApc(sim: Simulation, apc: Apc): void {
  const routine = table(sim).at(apc.routine);
  if (routine === undefined) throw new Error(`no routine at address ${apc.routine}`);
  if (apc.kind === "user") (routine as ApcRoutine)(apc.data);
  else
    (routine as CompletionRoutine)(
      apc.error,
      apc.bytes,
      sim.memory.objectAt(apc.overlapped),
      apc.flags,
    );
}
