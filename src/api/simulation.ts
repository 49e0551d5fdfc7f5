/**
 * A running simulation: the current kernel snapshot, the simulated processes and threads, and
 * the record of each call made through the facade.
 *
 * The kernel is pure; this is the one place that holds "the current state". Each facade call
 * replaces the snapshot with the one its outcome carries, so any earlier snapshot a caller kept
 * stays valid, comparable and printable.
 */

import type { CallContext, KernelState, Outcome, RuleId } from "../kernel/index.js";
import * as kernel from "../kernel/index.js";
import type { StateView } from "../view/types.js";
import { view } from "../view/view.js";
import { CHECKPOINT, type Restore } from "./checkpoint.js";
import { ProcessExitedError } from "./errors.js";
import { OverlappedMemory } from "./overlapped-memory.js";
import { WinsockThread } from "./thread.js";

/** One facade call as it happened. */
export interface CallRecord {
  readonly index: number;
  readonly process: string;
  readonly pid: number;
  readonly tid: number;
  readonly call: string;
  readonly args: readonly unknown[];
  /** The value the function returned, by its own convention. */
  readonly ret: number | undefined;
  /** Whether the call succeeded by its own convention. */
  readonly ok: boolean;
  /** The thread's WSAGetLastError after the call. */
  readonly lastError: number;
  /** The call blocked its thread; a later `await` on that thread finishes it. */
  readonly blocked: boolean;
  /** The call failed yet changed state, as Windows does for some (a non-blocking connect). */
  readonly kept: boolean;
  /** Virtual time after the call, in milliseconds. */
  readonly clock: number;
  /** Rule ids (spec/rules) that decided the outcome. */
  readonly rules: readonly RuleId[];
  readonly before: KernelState;
  readonly after: KernelState;
}

export interface SimulationOptions {
  /** Keep every CallRecord in `steps` (default false: only `last` is kept). */
  readonly record?: boolean;
}

export class Simulation {
  #state: KernelState = kernel.initialState();
  #processes = new Map<string, SimProcess>();
  #index = 0;
  readonly steps: CallRecord[] = [];
  last: CallRecord | undefined;
  readonly #record: boolean;
  /** @internal The caller's memory that overlapped operations write (overlapped-memory.ts). */
  readonly memory = new OverlappedMemory();

  constructor(options: SimulationOptions = {}) {
    this.#record = options.record ?? false;
  }

  get state(): KernelState {
    return this.#state;
  }

  /**
   * @internal Everything a later call may change outside the kernel's snapshot (the processes
   * by name, each thread's blocked call, the record), with the snapshot itself, so that the
   * explorer can go back to this point (./checkpoint.ts). Overlapped memory is not captured:
   * the explorer refuses overlapped operations (docs/explore.md).
   */
  [CHECKPOINT](): Restore {
    const state = this.#state;
    const processes = new Map(this.#processes);
    const index = this.#index;
    const last = this.last;
    const steps = this.steps.length;
    const parts = [...processes.values()].map((process) => process[CHECKPOINT]());
    return () => {
      this.#state = state;
      this.#processes = new Map(processes);
      this.#index = index;
      this.last = last;
      this.steps.length = steps;
      for (const restore of parts) restore();
    };
  }

  /** The current state as a person reads it (docs/state-view.md); `view(record.after)` for a step. */
  view(): StateView {
    return view(this.#state);
  }

  /**
   * Creates a process with a main thread. Names must be unique among live processes. This is a
   * process started from outside the simulation, with nothing inherited; a process that starts
   * another one, and may pass it handles, calls `thread.CreateProcess` (recorded as a step).
   */
  createProcess(name?: string): SimProcess {
    if (name !== undefined) this.#requireFreeName(name);
    const outcome = kernel.createProcess(this.#state, name ?? "");
    if (!outcome.ok) throw new kernel.SimulationError("process creation failed");
    const { pid, tid } = outcome.value;
    const processName = name ?? `process-${pid}`;
    this.#requireFreeName(processName);
    this.#state = outcome.state;
    return this.#adopt(processName, pid, tid);
  }

  #requireFreeName(name: string): void {
    if (this.#processes.has(name)) {
      throw new kernel.SimulationError(`a process named "${name}" already exists`);
    }
  }

  /** @internal A process the kernel has created (by createProcess or CreateProcess). */
  adopt(name: string, pid: number, tid: number): SimProcess {
    this.#requireFreeName(name);
    return this.#adopt(name, pid, tid);
  }

  #adopt(name: string, pid: number, tid: number): SimProcess {
    const process = new SimProcess(this, name, pid, tid);
    this.#processes.set(name, process);
    return process;
  }

  /** @internal Whether `name` names a live process (CreateProcess refuses a name in use). */
  hasProcess(name: string): boolean {
    return this.#processes.has(name);
  }

  process(name: string): SimProcess {
    const process = this.#processes.get(name);
    if (process === undefined) throw new kernel.SimulationError(`no process named "${name}"`);
    return process;
  }

  get processes(): SimProcess[] {
    return [...this.#processes.values()];
  }

  /** @internal Applies a non-Winsock kernel outcome (thread creation, exits). */
  apply<T>(outcome: Outcome<T>): T {
    if (!outcome.ok) throw new kernel.SimulationError(`kernel refused: error ${outcome.error}`);
    this.#state = outcome.state;
    // An exit cancels the operations its threads issued; their memory learns it now.
    this.memory.deliver(this.#state);
    return outcome.value;
  }

  /**
   * @internal Replaces the state with one derived from it outside a Winsock call (the clock
   * moving, a completion collected), recording it as `call` on `ctx`'s thread.
   */
  advanceTo(
    ctx: CallContext,
    call: string,
    args: readonly unknown[],
    state: KernelState,
    rules: readonly string[],
  ): CallRecord {
    return this.commit(
      ctx,
      call,
      args,
      { ok: true, state, rules: [...rules] },
      undefined,
      undefined,
    );
  }

  /** @internal Called by SimProcess when the kernel has removed the process. */
  forget(name: string): void {
    this.#processes.delete(name);
  }

  /**
   * @internal Commits a facade call: the new state, the thread's last error, and the record.
   * `lastError` undefined leaves the thread's value as it was.
   */
  commit(
    ctx: CallContext,
    call: string,
    args: readonly unknown[],
    outcome: Pick<Outcome<unknown>, "ok" | "state" | "rules"> & { readonly kept?: boolean },
    ret: number | undefined,
    lastError: number | undefined,
    blocked = false,
  ): CallRecord {
    const before = this.#state;
    // Whatever the call changed may let blocked calls of other threads finish (NET-WAKE-ORDER).
    let after = kernel.wake(before, outcome.state);
    if (lastError !== undefined) after = kernel.setLastError(after, ctx, lastError);
    this.#state = after;
    this.memory.deliver(after);
    const process = kernel.findProcess(before, ctx.pid);
    const record: CallRecord = {
      index: this.#index++,
      process: process?.name ?? String(ctx.pid),
      pid: ctx.pid,
      tid: ctx.tid,
      call,
      args,
      ret,
      ok: outcome.ok,
      lastError: kernel.getLastError(after, ctx),
      blocked,
      kept: outcome.kept === true,
      clock: after.clock,
      rules: outcome.rules,
      before,
      after,
    };
    this.last = record;
    if (this.#record) this.steps.push(record);
    return record;
  }
}

export class SimProcess {
  readonly main: WinsockThread;
  readonly #threads: WinsockThread[] = [];

  constructor(
    readonly sim: Simulation,
    readonly name: string,
    readonly pid: number,
    mainTid: number,
  ) {
    this.main = new WinsockThread(sim, this, mainTid);
    this.#threads.push(this.main);
  }

  get alive(): boolean {
    return kernel.findProcess(this.sim.state, this.pid) !== undefined;
  }

  /** @internal Its threads and each one's blocked call (./checkpoint.ts). */
  [CHECKPOINT](): Restore {
    const threads = [...this.#threads];
    const parts = threads.map((thread) => thread[CHECKPOINT]());
    return () => {
      this.#threads.length = 0;
      this.#threads.push(...threads);
      for (const restore of parts) restore();
    };
  }

  createThread(): WinsockThread {
    if (!this.alive) throw new ProcessExitedError(this.name, this.pid, "createThread");
    const tid = this.sim.apply(kernel.createThread(this.sim.state, this.pid));
    const thread = new WinsockThread(this.sim, this, tid);
    this.#threads.push(thread);
    return thread;
  }

  /** ExitProcess: closes every handle the process holds. */
  exit(): void {
    // A process that has exited cannot exit again: a typed error, as for its threads (errors.ts).
    if (!this.alive) throw new ProcessExitedError(this.name, this.pid, "exit");
    this.sim.apply(kernel.exitProcess(this.sim.state, this.pid));
    this.sim.forget(this.name);
  }

  /** @internal */
  threadExited(): void {
    if (!this.alive) this.sim.forget(this.name);
  }
}
