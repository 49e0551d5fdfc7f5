/**
 * APCs in scenarios (rules APC-*): QueueUserAPC, SleepEx and GetQueuedCompletionStatusEx, and the
 * named routines that WSARecv's and WSASend's lpCompletionRoutine and QueueUserAPC's pfnAPC
 * stand for.
 *
 * A routine is a name ("pfnAPC": "wake", "lpCompletionRoutine": "done") that belongs to the
 * step's process. Each time one runs it writes a line into its process's log: a user APC as
 * `wake(7)` (its dwData), a completion routine as `done(0, 4, ov1, 0)` (dwError, cbTransferred,
 * the OVERLAPPED by the name the process gave it, dwFlags). Routines run only inside an alertable
 * wait; the runner takes the log after each step and shows it as the step's output "apcs", so
 * the step that ran them shows them, in the order they ran (the native harness prints the same).
 */
import { type IntArg, isIntRef } from "../api/memory.js";
import type { ApcRoutine, CompletionRoutine } from "../api/routines.js";
import { OVERLAPPED_ENTRY, type WSAOVERLAPPED } from "../api/structs.js";
import { WAIT_VALUES } from "../constants/values.js";
import { BLOCKED } from "../kernel/index.js";
import type { Args } from "./args.js";
import type { Adapter, StepProcesses } from "./calls.js";
import { method } from "./handle-calls.js";
import { nameOf } from "./overlapped-calls.js";
import { INFINITE_TEXT, UNNAMED_OVERLAPPED } from "./port-calls.js";
import { ValueError } from "./values.js";
import type { WorldProcess } from "./world.js";

/** What ran in each process since the runner last looked, as text lines. */
const logs = new WeakMap<WorldProcess, string[]>();
/** Each process's routines by name: one function per name, as a C program has. */
const routines = new WeakMap<WorldProcess, Map<string, (...args: never[]) => void>>();

function logOf(process: WorldProcess): string[] {
  let log = logs.get(process);
  if (log === undefined) {
    log = [];
    logs.set(process, log);
  }
  return log;
}

/** The lines the process's routines wrote since the last call, which empties the log. */
export function takeApcLog(process: WorldProcess): string[] {
  const log = logs.get(process);
  if (log === undefined || log.length === 0) return [];
  return log.splice(0);
}

/** The OVERLAPPED as a routine's line shows it: its name, "unnamed", or null. */
function shown(process: WorldProcess, o: WSAOVERLAPPED | null): string {
  return o === null ? "null" : (nameOf(process, o) ?? UNNAMED_OVERLAPPED);
}

function routine<T extends (...args: never[]) => void>(
  process: WorldProcess,
  name: string,
  make: (log: string[]) => T,
): T {
  let named = routines.get(process);
  if (named === undefined) {
    named = new Map();
    routines.set(process, named);
  }
  let found = named.get(name);
  if (found === undefined) {
    found = make(logOf(process));
    // The facade prints a routine by its function's name.
    Object.defineProperty(found, "name", { value: name });
    named.set(name, found);
  }
  return found as T;
}

/** The completion routine `name` of `process`. */
export function completionRoutine(process: WorldProcess, name: string): CompletionRoutine {
  return routine(
    process,
    `${name}`,
    (log) => (dwError, cbTransferred, lpOverlapped, dwFlags) =>
      log.push(
        `${name}(${dwError}, ${cbTransferred}, ${shown(process, lpOverlapped)}, ${dwFlags})`,
      ),
  );
}

/** The user APC `name` of `process`. */
function apcRoutine(process: WorldProcess, name: string): ApcRoutine {
  return routine(process, `${name}`, (log) => (dwData) => log.push(`${name}(${dwData})`));
}

/** A routine's or thread's name as the step writes it: a non-empty string without spaces. */
function nameArg(a: Args, param: string, what: string): string | null {
  if (!a.has(param)) {
    a.raw(param);
    return null;
  }
  const value = a.raw(param);
  if (value === null) return null;
  if (typeof value !== "string" || value === "" || /\s/.test(value))
    throw new ValueError(
      `argument "${param}": expected ${what} (a string without spaces) or null, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** lpCompletionRoutine of WSARecv and WSASend: a routine name of the process, or NULL. */
export function completionArg(a: Args, process: WorldProcess): CompletionRoutine | null {
  const name = nameArg(a, "lpCompletionRoutine", "the name of a completion routine");
  return name === null ? null : completionRoutine(process, name);
}

const isTrue = (ret: number | undefined) => ret !== 0;

export const APC_ADAPTERS: Readonly<Record<string, Adapter>> = {
  SleepEx: (t, a) => {
    const ms =
      a.has("dwMilliseconds") && a.raw("dwMilliseconds") === INFINITE_TEXT
        ? WAIT_VALUES.WSA_INFINITE
        : a.int("dwMilliseconds");
    const ret = method(t, "SleepEx")(ms, a.bool("bAlertable", false));
    const blocked = ret === BLOCKED;
    return {
      ret: blocked ? undefined : (ret as number),
      blocked,
      ok: () => true,
      outputs: () => ({}),
    };
  },
  QueueUserAPC: (t, a, process, processes?: StepProcesses) => {
    const name = nameArg(a, "pfnAPC", "the name of an APC routine");
    const threadName = nameArg(a, "hThread", "the name of a thread of the step's process");
    const target = threadName === null ? undefined : processes?.threadOf?.(process, threadName);
    if (threadName !== null && processes?.threadOf !== undefined && target === undefined)
      throw new ValueError(
        `argument "hThread": "${threadName}" names no thread of the step's process mentioned before`,
      );
    const ret = method(t, "QueueUserAPC")(
      // NULL pfnAPC: the call is told so (the simulator refuses it; docs/overlapped.md).
      (name === null ? null : apcRoutine(process, name)) as ApcRoutine,
      target ?? 0,
      a.int("dwData", 0),
    );
    return { ret: ret as number, blocked: false, ok: isTrue, outputs: () => ({}) };
  },
  GetQueuedCompletionStatusEx: (t, a, process) => {
    const port = a.handle("CompletionPort");
    const ulCount = a.int("ulCount");
    // The entries: left out, an array of ulCount; null, NULL.
    const given = a.has("lpCompletionPortEntries") ? a.raw("lpCompletionPortEntries") : undefined;
    if (given !== undefined && given !== null)
      throw new ValueError(
        'argument "lpCompletionPortEntries": expected null (left out, an array of ulCount entries, the output)',
      );
    const entries =
      given === null
        ? null
        : Array.from({ length: Math.max(0, Math.min(ulCount, 64)) }, () => new OVERLAPPED_ENTRY());
    const removed: IntArg = a.outPointer("ulNumEntriesRemoved");
    const ms =
      a.has("dwMilliseconds") && a.raw("dwMilliseconds") === INFINITE_TEXT
        ? WAIT_VALUES.WSA_INFINITE
        : a.int("dwMilliseconds");
    const ret = method(t, "GetQueuedCompletionStatusEx")(
      port,
      entries,
      ulCount,
      removed,
      ms,
      a.bool("fAlertable", false),
    );
    const blocked = ret === BLOCKED;
    return {
      ret: blocked ? undefined : (ret as number),
      blocked,
      ok: isTrue,
      outputs: (r) => {
        const count = isIntRef(removed) ? removed.value : 0;
        return {
          ...(isIntRef(removed) ? { ulNumEntriesRemoved: removed.value } : {}),
          ...(r === 1 && entries !== null
            ? {
                lpCompletionPortEntries: entries.slice(0, count).map((e) => ({
                  lpCompletionKey: e.lpCompletionKey,
                  lpOverlapped:
                    e.lpOverlapped === null
                      ? null
                      : (nameOf(process, e.lpOverlapped) ?? UNNAMED_OVERLAPPED),
                  Internal: e.Internal,
                  dwNumberOfBytesTransferred: e.dwNumberOfBytesTransferred,
                })),
              }
            : {}),
        };
      },
    };
  },
};
