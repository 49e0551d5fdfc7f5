/**
 * The runner of scenario steps: processes and threads from their first mention, each step's
 * call through its adapter, saved names, and expectations checked after each step. run.ts runs
 * a whole file with it; the explorer (src/explore/) runs every order of a file's lanes with it.
 */
import { errorName } from "../constants/errors.js";
import { FD_BITS, FD_EVENTS, INVALID_SOCKET } from "../constants/values.js";
import { takeApcLog } from "./apc-calls.js";
import { Args } from "./args.js";
import { recordCallText } from "./call-text.js";
import { ADAPTERS, adapterFor, type CallResult, type StepProcesses } from "./calls.js";
import { unknownExpectName } from "./expect-names.js";
import { checkExpected, expectedForm } from "./expected-forms.js";
import { parameterNames } from "./parameters.js";
import { didYouMean } from "./suggest.js";
import { ScenarioError, type ScenarioStep } from "./types.js";
import { type Bindings, substitute, toNumber, ValueError } from "./values.js";
import type { WinsockApi, World, WorldProcess } from "./world.js";

export interface ExpectationResult {
  readonly name: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly held: boolean;
}

export interface StepTrace {
  readonly index: number;
  readonly process: string;
  readonly thread: string;
  readonly call: string;
  /**
   * The call as text with its arguments, constants by name: "setsockopt(4, SOL_SOCKET,
   * SO_SNDBUF, <4 bytes>, 4)", "await recv(8, <16 bytes>, 16, 0)". Always set by runScenario;
   * absent from traces made elsewhere (a harness trace read back).
   */
  readonly text?: string;
  readonly ret: number | string | null;
  readonly error: string;
  readonly blocked: boolean;
  readonly ok: boolean;
  readonly outputs: Record<string, unknown>;
  readonly rules: readonly string[];
  readonly expectations: readonly ExpectationResult[];
  /** Virtual time after the step, in milliseconds, when the world keeps a clock. */
  readonly clock?: number;
  /**
   * In a concurrent lane, an `await` after a call that did not block (another lane made it
   * ready first): the step repeats that call's result, and waited for nothing.
   */
  readonly atOnce?: true;
}

export interface ScenarioTrace {
  readonly file: string;
  readonly title: string;
  readonly passed: boolean;
  readonly steps: readonly StepTrace[];
}

const MAIN_THREAD = "main";

/** The return value as the trace shows it: INVALID_SOCKET by name (its value is not exact). */
function showRet(ret: number | undefined): number | string | null {
  if (ret === undefined) return null;
  return ret === INVALID_SOCKET ? "INVALID_SOCKET" : ret;
}

/**
 * Compares an expected value (as written in the file) with an actual one, partially for objects;
 * { "oneOf": [...] } holds when one of its values matches, { "not": v } when v does not.
 */
export function matches(expected: unknown, actual: unknown): boolean {
  const form = expectedForm(expected);
  if (form?.kind === "oneOf") return form.values.some((value) => matches(value, actual));
  if (form?.kind === "not") return !matches(form.value, actual);
  if (expected === null || actual === null || actual === undefined)
    return expected === actual || (expected === null && actual === undefined);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((e, i) => matches(e, actual[i]))
    );
  }
  if (typeof expected === "object") {
    if (typeof actual !== "object") return false;
    return Object.entries(expected as Record<string, unknown>).every(([key, value]) => {
      // iErrorCode is indexed by FD_x_BIT; the file names the event ("FD_CLOSE").
      if (Array.isArray(actual) && Object.hasOwn(FD_EVENTS, key)) {
        const bit = FD_BITS[`${key}_BIT` as keyof typeof FD_BITS];
        return matches(value, actual[bit]);
      }
      // Own fields only: an expected "constructor" must not meet Object's.
      return matches(
        value,
        Object.hasOwn(actual, key) ? (actual as Record<string, unknown>)[key] : undefined,
      );
    });
  }
  if (typeof actual === "string") return typeof expected === "string" && expected === actual;
  if (typeof actual === "number") {
    if (expected === "INVALID_SOCKET") return actual === INVALID_SOCKET;
    try {
      return toNumber(expected) === actual;
    } catch {
      return false;
    }
  }
  if (typeof actual === "boolean") return expected === actual;
  return false;
}

/** What a step observed, kept per thread so that a lane's `await` can repeat it (atOnce). */
interface Observed {
  readonly result: CallResult;
  readonly ret: number | undefined;
  readonly ok: boolean;
  readonly lastError: number;
  readonly outputs: Record<string, unknown>;
  readonly text: string;
}

/** How the runner takes a step: where it is in the file, and whether it is a lane's. */
export interface StepPlace {
  /** The step as the file places it, for errors: "step 3", "lane 1 step 0", "after step 2". */
  readonly place: string;
  /** A step of a concurrent lane: an `await` after a call that returned at once repeats it. */
  readonly lane?: boolean;
}

/** @internal Runs steps on a World, keeping processes, threads and saved names (src/explore/). */
export class Runner {
  readonly saved = new Map<string, unknown>();
  readonly #processes = new Map<string, WorldProcess>();
  readonly #threads = new Map<string, { process: WorldProcess; thread: WinsockApi }>();
  /** The call each thread is blocked in: its result, to finish on await. */
  readonly #pending = new Map<WinsockApi, CallResult>();
  /** The text of the call each thread is blocked in, which its await repeats. */
  readonly #pendingText = new Map<WinsockApi, string>();
  /** The arguments the call each thread is blocked in was given: memory its end writes. */
  readonly #pendingArgs = new Map<WinsockApi, readonly unknown[]>();
  /**
   * Threads that called ExitThread. A process's main thread can exit while another thread keeps
   * the process alive; "main" then names a new thread, as any other exited thread's name does.
   */
  readonly #exited = new Set<WinsockApi>();
  /** Each thread's last step, when it was a call that returned (for a lane's await). */
  readonly #observed = new Map<WinsockApi, Observed>();
  /** The place of the step running, for errors. */
  #place = "";
  readonly bindings: Bindings;
  /** The scenario's live processes by name, for CreateProcess, which must not reuse one. */
  readonly #live: StepProcesses = {
    isLive: (name) => this.#processes.get(name)?.alive === true,
    threadOf: (process, name) => {
      for (const [key, entry] of this.#threads)
        if (entry.process === process && key.endsWith(`\u0000${name}`)) return entry.thread;
      return undefined;
    },
  };

  constructor(
    readonly file: string,
    readonly world: World,
  ) {
    this.bindings = { saved: this.saved, pidOf: (name) => this.pidOf(name) };
  }

  /**
   * The pid for "@NAME". Unlike a step's "process", "@NAME" does not create a process: a name
   * no step has mentioned yet is far more often a slip ("@b" for "@B") than a process that
   * exists only to be pointed at, and a new process would make the call fail for a reason the
   * file does not show.
   */
  pidOf(name: string): number {
    if (!this.#processes.has(name))
      throw new ValueError(
        `"@${name}" names no process mentioned before${didYouMean(name, this.#processes.keys(), "@")}`,
      );
    return this.process(name).pid;
  }

  process(name: string): WorldProcess {
    let process = this.#processes.get(name);
    if (process === undefined || !process.alive) {
      process = this.world.createProcess(name);
      this.#processes.set(name, process);
    }
    return process;
  }

  /** The thread a lane's step would run on, if a step has named it; creates nothing. */
  existingThread(processName: string, threadName: string): WinsockApi | undefined {
    const process = this.#processes.get(processName);
    const entry = this.#threads.get(`${processName}\u0000${threadName}`);
    return process?.alive === true && entry?.process === process ? entry.thread : undefined;
  }

  /**
   * The caller's memory a later step may write: the arguments of the calls threads are blocked
   * in, and the values steps saved.
   */
  liveMemory(): unknown[] {
    return [...this.#pendingArgs.values(), ...this.saved.values()];
  }

  /** Whether `thread` is blocked in a call that an `await` step must finish. */
  isPending(thread: WinsockApi): boolean {
    return this.#pending.has(thread);
  }

  /**
   * Captures the runner's own state (names, threads, blocked calls) and returns a function
   * putting it back; the World's state is the caller's to capture (src/explore/).
   */
  checkpoint(): () => void {
    const maps = [
      this.saved,
      this.#processes,
      this.#threads,
      this.#pending,
      this.#pendingText,
      this.#pendingArgs,
      this.#observed,
    ] as Map<unknown, unknown>[];
    const copies = maps.map((map) => [...map]);
    const exited = [...this.#exited];
    return () => {
      maps.forEach((map, i) => {
        map.clear();
        for (const [key, value] of copies[i] as [unknown, unknown][]) map.set(key, value);
      });
      this.#exited.clear();
      for (const thread of exited) this.#exited.add(thread);
    };
  }

  thread(processName: string, threadName: string): { process: WorldProcess; thread: WinsockApi } {
    const process = this.process(processName);
    const key = `${processName}\u0000${threadName}`;
    let entry = this.#threads.get(key);
    if (entry === undefined || entry.process !== process) {
      entry = {
        process,
        thread:
          threadName === MAIN_THREAD && !this.#exited.has(process.main)
            ? process.main
            : process.createThread(),
      };
      this.#threads.set(key, entry);
    }
    return entry;
  }

  fail(_index: number, field: string, expected: string): never {
    throw new ScenarioError(
      this.file,
      `${this.#place}${field === "" ? "" : `, field "${field}"`}`,
      expected,
    );
  }

  step(index: number, step: ScenarioStep, where?: StepPlace): StepTrace {
    this.#place = where?.place ?? `step ${index}`;
    // Names in expect are checked before the call, so a misspelt one stops the file here.
    const badExpect = unknownExpectName(step.expect);
    if (badExpect !== undefined) this.fail(index, `expect.${badExpect.field}`, badExpect.reason);
    const threadName = step.thread ?? MAIN_THREAD;
    const { process, thread } = this.thread(step.process, threadName);
    let result: CallResult;
    let ret: number | undefined;
    const before = this.world.lastRules?.();
    const seen = this.world.lastCall?.()?.index;
    // The call as text when the world records none: from the arguments the adapter passed.
    let ownText: string;
    if (step.call === "await") {
      if (step.args !== undefined && Object.keys(step.args).length > 0) {
        this.fail(index, "args", '"await" takes no parameters');
      }
      if (where?.lane === true && !this.#pending.has(thread))
        return this.repeat(index, step, threadName, thread);
      const pending = this.#pending.get(thread);
      if (pending === undefined)
        this.fail(
          index,
          "call",
          "await needs a call this thread is blocked in (no earlier step blocked)",
        );
      ownText = `await ${this.#pendingText.get(thread) ?? ""}`;
      const finished = thread.await();
      if (finished === undefined || typeof finished === "object") {
        this.#pending.set(thread, pending);
        result = { ...pending, blocked: true, ret: undefined };
        ret = undefined;
      } else {
        this.#pending.delete(thread);
        this.#pendingArgs.delete(thread);
        result = { ...pending, blocked: false, ret: finished };
        ret = finished;
      }
    } else {
      const adapter = adapterFor(step.call.replace(/^WSADuplicateSocket$/, "WSADuplicateSocketW"));
      if (adapter === undefined)
        this.fail(
          index,
          "call",
          `unknown call "${step.call}"${
            didYouMean(step.call, [...Object.keys(ADAPTERS), "await"]) ||
            " (expected a Winsock function or pseudo-call: see docs/scenario-format.md)"
          }`,
        );
      if (this.#pending.has(thread))
        this.fail(
          index,
          "call",
          `thread "${threadName}" of ${step.process} is blocked; the next step on it must be "await"`,
        );
      // Unknown names first: a misspelt required parameter would otherwise be called missing.
      const known = parameterNames(step.call) ?? [];
      const unknown = Object.keys(step.args ?? {}).find((name) => !known.includes(name));
      if (unknown !== undefined)
        this.fail(
          index,
          "args",
          `"${step.call}" takes no parameter "${unknown}"${didYouMean(unknown, known)}`,
        );
      const args = new Args(step.args, this.bindings);
      const recorder = recordCallText(thread);
      try {
        result = adapter(recorder.thread, args, process, this.#live);
      } catch (error) {
        if (error instanceof ValueError) this.fail(index, "args", error.message);
        throw error;
      }
      const unused = args.unused();
      if (unused.length > 0)
        this.fail(
          index,
          "args",
          `"${step.call}" takes no parameter ${unused.map((u) => `"${u}"`).join(", ")}`,
        );
      ret = result.ret;
      // The child of CreateProcess is the process later steps mean by its name.
      if (result.spawned !== undefined)
        this.#processes.set(result.spawned.name, result.spawned.process);
      if (result.blocked) {
        this.#pending.set(thread, result);
        this.#pendingArgs.set(thread, recorder.args());
      }
      // ExitProcess is made on the process, not through the thread: its name alone is its text.
      ownText = recorder.text() ?? `${step.call}()`;
    }
    const recorded = this.world.lastCall?.();
    const text = recorded !== undefined && recorded.index !== seen ? recorded.text : ownText;
    if (result.blocked) this.#pendingText.set(thread, text.replace(/^await /, ""));
    else this.#pendingText.delete(thread);
    const outputs = result.blocked ? {} : result.outputs(ret);
    // The routines the step's alertable wait ran, in order (src/scenario/apc-calls.ts).
    const ran = result.blocked ? [] : takeApcLog(process);
    if (ran.length > 0) outputs.apcs = ran;
    const ok = !result.blocked && result.ok(ret);
    // Rules only when this step made a call the world recorded (pseudo-calls record none).
    const after = this.world.lastRules?.();
    const rules = after !== undefined && after !== before ? after : [];
    const lastError = this.lastError(thread, process, step.call);
    if (result.blocked || step.call === "await") this.#observed.delete(thread);
    else this.#observed.set(thread, { result, ret, ok, lastError, outputs, text });
    this.save(index, step, result, ret, outputs);
    return this.trace(index, step, threadName, {
      text,
      ret,
      ok,
      blocked: result.blocked,
      lastError,
      outputs,
      rules,
    });
  }

  /** The step's trace, once its expectations are checked against what it observed. */
  trace(
    index: number,
    step: ScenarioStep,
    threadName: string,
    seen: Omit<Observed, "result"> & {
      readonly blocked: boolean;
      readonly rules: readonly string[];
    },
  ): StepTrace {
    const { text, ret, ok, blocked, lastError, outputs, rules } = seen;
    const expectations = this.check(index, step, { ret, ok, blocked, lastError, outputs });
    return {
      index,
      process: step.process,
      thread: threadName,
      call: step.call,
      text,
      ret: showRet(ret),
      error: errorName(lastError),
      blocked,
      ok,
      outputs,
      rules,
      expectations,
      ...(this.world.clock === undefined ? {} : { clock: this.world.clock() }),
    };
  }

  /**
   * A lane's `await` after a call that returned at once: in this order of the lanes the call
   * did not have to wait, so the await has the call's result, checked against its expectations.
   */
  repeat(index: number, step: ScenarioStep, threadName: string, thread: WinsockApi): StepTrace {
    const observed = this.#observed.get(thread);
    if (observed === undefined)
      this.fail(
        index,
        "call",
        "await needs a call before it on its lane (a call that blocks, or returns at once)",
      );
    this.#observed.delete(thread);
    const { result, ret, outputs, text } = observed;
    this.save(index, step, result, ret, outputs);
    const seen = { ...observed, text: `await ${text}`, blocked: false, rules: [] };
    return { ...this.trace(index, step, threadName, seen), atOnce: true };
  }

  /** The thread's WSAGetLastError, or 0 once the thread or its process has exited. */
  lastError(thread: WinsockApi, process: WorldProcess, call: string): number {
    if (!process.alive) return 0;
    if (call === "ExitThread") {
      this.forgetThread(thread);
      return 0;
    }
    return thread.WSAGetLastError();
  }

  /** An exited thread's name may be used again: it then names a new thread. */
  forgetThread(thread: WinsockApi): void {
    this.#exited.add(thread);
    for (const [key, entry] of this.#threads)
      if (entry.thread === thread) this.#threads.delete(key);
  }

  save(
    index: number,
    step: ScenarioStep,
    result: CallResult,
    ret: number | undefined,
    outputs: Record<string, unknown>,
  ): void {
    if (step.save === undefined || result.blocked) return;
    if (typeof step.save === "string") {
      this.saved.set(step.save, result.main === undefined ? ret : result.main(ret));
      return;
    }
    for (const [name, output] of Object.entries(step.save)) {
      if (!Object.hasOwn(outputs, output)) {
        this.fail(
          index,
          "save",
          `"${step.call}" has no output parameter "${output}" (it has ${Object.keys(outputs).join(", ") || "none"})`,
        );
      }
      this.saved.set(name, outputs[output]);
    }
  }

  check(
    index: number,
    step: ScenarioStep,
    actual: {
      ret: number | undefined;
      ok: boolean;
      blocked: boolean;
      lastError: number;
      outputs: Record<string, unknown>;
    },
  ): ExpectationResult[] {
    if (step.expect === undefined) return [];
    const results: ExpectationResult[] = [];
    for (const [name, raw] of Object.entries(step.expect)) {
      let expected: unknown;
      try {
        expected = substitute(raw, this.bindings);
        checkExpected(expected);
      } catch (error) {
        this.fail(index, `expect.${name}`, (error as Error).message);
      }
      let value: unknown;
      switch (name) {
        case "ret":
          value = actual.ret;
          break;
        case "error":
          value = actual.lastError;
          break;
        case "ok":
          value = actual.ok;
          break;
        case "blocked":
          value = actual.blocked;
          break;
        default:
          if (!Object.hasOwn(actual.outputs, name) && !actual.blocked) {
            this.fail(
              index,
              `expect.${name}`,
              `"${step.call}" has no output "${name}" (expected ret, error, ok, blocked${Object.keys(
                actual.outputs,
              )
                .map((o) => `, ${o}`)
                .join("")})`,
            );
          }
          value = actual.outputs[name];
      }
      results.push({ name, expected: raw, actual: value, held: matches(expected, value) });
    }
    return results;
  }
}
