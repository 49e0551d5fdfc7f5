/**
 * The root of the facade's class chain (../thread.ts lists it): what every call shares. The
 * thread's identity (sim, process, tid), whether it is alive and what it is blocked in, the
 * blocking-call machinery (a blocked call's state and `await`), Sleep, and the helpers that commit
 * a call's outcome with its last error and re-enabled network events.
 *
 * The family classes reach this state only through the protected helpers (PROTECTED_HELPERS):
 * the blocked call itself stays private here.
 */
import type { Blocked, CallContext, KernelState, Outcome } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { BLOCKED } from "../../kernel/index.js";
import { cDword, cHandle } from "../args.js";
import { CHECKPOINT, type Restore } from "../checkpoint.js";
import {
  ThreadBlockedError,
  ThreadExitedError,
  type ThreadName,
  ThreadNotBlockedError,
} from "../errors.js";
import { callApc } from "../routines.js";
import type { CallRecord, SimProcess, Simulation } from "../simulation.js";

/**
 * Calls whose success sets the last error to 0 (rule ERR-SUCCESS-CLEARS). Observed on Windows
 * (Wine's tests, run on Windows, set 0xdeadbeef first): send, recv, recvfrom, sendto, WSAPoll,
 * setsockopt, getsockopt, bind, WSASocket, shutdown, getsockname; WSAStartup per its apitest.
 * The other calls that reach the socket provider are listed too: every provider call Windows
 * was seen on resets the value since Windows 7, and Wine 8 resets it for most of them. Wine 8
 * does not after a successful closesocket, WSADuplicateSocket, WSAStartup, connect, or WSASocket
 * on a duplicated WSAPROTOCOL_INFO: Wine deviations whose Windows side is unverified (except a
 * process's first WSAStartup, checked by ReactOS's apitest), so they stay listed here.
 * WSACreateEvent is CreateEvent, which sets the last error to 0 on success (kernel32's own
 * test, run on Windows, checks it). The other event-object calls are thin kernel32 wrappers
 * (SetEvent, WaitForMultipleObjectsEx) and leave it as it was, as do WSACleanup and the
 * pseudo-calls.
 */
const CLEARS_ON_SUCCESS = new Set([
  // Observed on Windows.
  "WSAStartup",
  "socket",
  "WSASocketA",
  "WSASocketW",
  "setsockopt",
  "getsockopt",
  "bind",
  "send",
  "sendto",
  "recv",
  "recvfrom",
  "shutdown",
  "getsockname",
  "WSAPoll",
  // Wine's test_fionread_siocatmark, test_keepalive_vals and test_get_extension_func, run on
  // Windows, find the last error 0 after a WSAIoctl that succeeds.
  "WSAIoctl",
  // test_DisconnectEx and test_shutdown_completion_port: 0 after DisconnectEx(s, NULL) returns
  // TRUE (0xdeadbeef before Windows 7; rule DISCONNECTEX-SHUTDOWN).
  "DisconnectEx",
  // CreateEventW ends with SetLastError(0) on success (Wine's kernelbase, and kernel32's
  // test_event checks GetLastError() == 0 after a successful CreateEventA on Windows).
  "WSACreateEvent",
  // Inferred from the pattern above and Wine's behaviour (no Windows test either way).
  "select",
  "accept",
  "connect",
  "listen",
  "closesocket",
  "ioctlsocket",
  "getpeername",
  "WSAEventSelect",
  "WSAAsyncSelect",
  "WSAEnumNetworkEvents",
  "WSADuplicateSocketA",
  "WSADuplicateSocketW",
  // Wine's WS2_recv_base and WS2_sendto set the error from the call's status, 0 on success;
  // WSAGetOverlappedResult sets the status's error, 0 for STATUS_SUCCESS on Windows 10 1809 and
  // later (Wine's test_WSAGetOverlappedResult, run on Windows).
  "WSARecv",
  "WSARecvFrom",
  "WSASend",
  "WSASendTo",
  "WSAGetOverlappedResult",
]);

/** Turns a finished call's kernel result into its return value, writing its outputs. */
type Finish = (ok: boolean, value: unknown, output: unknown) => number;

/** A blocking call in progress on this thread. */
interface Waiting {
  readonly call: string;
  readonly finish: Finish;
  /** The call's arguments as recorded; the await record repeats them. */
  readonly args: readonly unknown[];
  /** The call's first argument (its socket, for re-enabling events when it ends). */
  readonly socket: unknown;
}

/**
 * ThreadCore's protected helpers: methods on the prototype chain that are not Winsock calls, so
 * facadeMethodNames (../thread.ts) leaves them out. A family's own helpers stay #private there.
 */
export const PROTECTED_HELPERS: ReadonlySet<string> = new Set([
  "live",
  "ready",
  "blocking",
  "commit",
  "bool",
  "alerted",
]);

export abstract class ThreadCore {
  #waiting: Waiting | null = null;
  /** APCs an alertable wait took, to be called once the wait's step is committed. */
  #alerted: kernel.Apc[] = [];

  constructor(
    readonly sim: Simulation,
    readonly process: SimProcess,
    readonly tid: number,
  ) {}

  /**
   * Whether the call this thread is blocked in has a result waiting, so that `await` returns it
   * without virtual time moving; false when the thread is not blocked.
   */
  get finishable(): boolean {
    if (this.#waiting === null) return false;
    return kernel.findProcess(this.sim.state, this.pid)?.threads[this.tid]?.completion != null;
  }

  /** @internal The blocked call and the APCs to run (../checkpoint.ts). */
  [CHECKPOINT](): Restore {
    const waiting = this.#waiting;
    const alerted = [...this.#alerted];
    return () => {
      this.#waiting = waiting;
      this.#alerted = [...alerted];
    };
  }

  /** The call this thread is blocked in, if any; undefined once the thread has exited. */
  get blockedIn(): string | undefined {
    return this.alive ? this.#waiting?.call : undefined;
  }

  /**
   * Whether the thread still exists: false after its ExitThread or its process's exit. Every
   * call on a thread that is not alive throws ThreadExitedError (errors.ts says why).
   */
  get alive(): boolean {
    return kernel.findProcess(this.sim.state, this.pid)?.threads[this.tid] !== undefined;
  }

  #who(): ThreadName {
    return { process: this.process.name, pid: this.pid, tid: this.tid };
  }

  /** A thread that has exited runs no code, so it makes no call (see errors.ts). */
  protected live(call: string): void {
    if (!this.alive)
      throw new ThreadExitedError(
        this.#who(),
        call,
        kernel.findProcess(this.sim.state, this.pid) === undefined,
      );
  }

  /**
   * A thread makes one call at a time: a blocked thread cannot make another until `await`
   * finishes the first. Checked before anything is computed, so the throw changes nothing.
   */
  protected ready(call: string): void {
    this.live(call);
    if (this.#waiting !== null) throw new ThreadBlockedError(this.#who(), call, this.#waiting.call);
  }

  /**
   * Runs a call that may block: an immediate result is finished at once; a blocked call
   * returns BLOCKED and is finished by `await`.
   */
  protected blocking(
    call: string,
    args: readonly unknown[],
    outcome: Outcome<unknown>,
    finish: Finish,
  ): number | Blocked {
    if (outcome.ok && outcome.value === BLOCKED) {
      this.#waiting = { call, finish, args, socket: args[0] };
      this.sim.commit(
        this.ctx,
        call,
        args,
        this.#reenabled(call, args[0], outcome, 0),
        undefined,
        undefined,
        true,
      );
      return BLOCKED;
    }
    const ret = outcome.ok
      ? finish(true, outcome.value, undefined)
      : finish(false, undefined, outcome.output);
    this.commit(call, args, outcome, ret);
    this.#runAlerted();
    return ret;
  }

  /**
   * Hands the APCs an alertable wait ran to this thread: their routines are called after the
   * wait's own step is committed, in queue order, each able to make calls of its own, as they
   * run on Windows inside the wait, before it returns.
   */
  protected alerted(apcs: readonly kernel.Apc[] | undefined): void {
    if (apcs !== undefined) this.#alerted.push(...apcs);
  }

  #runAlerted(): void {
    while (this.#alerted.length > 0) {
      const apc = this.#alerted.shift() as kernel.Apc;
      callApc(this.sim, apc);
    }
  }

  /**
   * Finishes the call this thread is blocked in. When nothing can make it finish now, virtual
   * time moves to the next timer (a timeout somewhere) until it finishes; with no timer left
   * the thread stays blocked and BLOCKED is returned (rule NET-CLOCK).
   */
  await(): number | Blocked {
    this.live("await");
    const waiting = this.#waiting;
    // A typed error rather than a value: any number returned here could pass for a call's
    // result, and a driver that awaits a call that never blocked has lost track of its thread.
    if (waiting === null) throw new ThreadNotBlockedError(this.#who());
    let state = this.sim.state;
    let collected = kernel.collect(state, this.ctx);
    while (collected.completion === null) {
      const timer = kernel.nextTimer(state);
      if (timer === undefined) return BLOCKED;
      state = kernel.advanceClock(state, timer.deadline);
      collected = kernel.collect(state, this.ctx);
    }
    const completion = collected.completion;
    this.#waiting = null;
    const ret = completion.ok
      ? waiting.finish(true, completion.value, undefined)
      : waiting.finish(false, undefined, completion.output);
    let lastError: number | undefined;
    if (!completion.ok) lastError = completion.error;
    else if (CLEARS_ON_SUCCESS.has(waiting.call)) lastError = 0;
    const finished = { ok: completion.ok, state: collected.state, rules: [...completion.rules] };
    this.sim.commit(
      this.ctx,
      `await ${waiting.call}`,
      waiting.args,
      this.#reenabled(waiting.call, waiting.socket, finished, lastError ?? 0),
      ret,
      lastError,
    );
    this.#runAlerted();
    return ret;
  }

  /** Sleep: this thread waits `ms` of virtual time; timers due meanwhile fire (NET-CLOCK). */
  Sleep(dwMilliseconds: number): void {
    this.ready("Sleep");
    const ms = cDword(dwMilliseconds);
    const state = kernel.advanceClock(this.sim.state, this.sim.state.clock + ms);
    this.sim.advanceTo(this.ctx, "Sleep", [ms], state, ["NET-CLOCK"]);
  }

  get pid(): number {
    return this.process.pid;
  }

  get ctx(): CallContext {
    return { pid: this.process.pid, tid: this.tid };
  }

  /** The record of the last call this simulation made (on any thread). */
  get last(): CallRecord | undefined {
    return this.sim.last;
  }

  protected commit(
    call: string,
    args: readonly unknown[],
    outcome: Outcome<unknown>,
    ret: number | undefined,
  ): void {
    let lastError: number | undefined;
    if (!outcome.ok) lastError = outcome.error;
    else if (CLEARS_ON_SUCCESS.has(call)) lastError = 0;
    this.sim.commit(
      this.ctx,
      call,
      args,
      this.#reenabled(call, args[0], outcome, lastError ?? 0),
      ret,
      lastError,
    );
  }

  /** The outcome after `call`'s re-enabling of network events on socket `s` (EVT-REENABLE). */
  #reenabled<T extends { readonly state: KernelState; readonly rules: readonly string[] }>(
    call: string,
    s: unknown,
    outcome: T,
    error: number,
  ): T {
    const after = kernel.reenableAfterCall(outcome.state, this.ctx, call, cHandle(s), error);
    if (after.state === outcome.state) return outcome;
    return { ...outcome, state: after.state, rules: [...outcome.rules, ...after.rules] };
  }

  /** The kernel call runs only after this.ready: on an exited thread it would have no process. */
  protected bool(call: string, handle: number, run: () => Outcome<void>): number {
    this.ready(call);
    const outcome = run();
    const ret = outcome.ok ? 1 : 0;
    this.commit(call, [handle], outcome, ret);
    return ret;
  }
}
