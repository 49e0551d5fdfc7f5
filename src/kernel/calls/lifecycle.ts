/**
 * Processes and threads coming and going, and the per-thread last error.
 *
 * These are not Winsock functions but the simulated operating system around them: a scenario
 * or test creates processes and threads, and ends them with ExitThread and ExitProcess.
 */

import { forgetWait } from "../blocking.js";
import { releaseDescriptor } from "../descriptors.js";
import { cancelThreadIo, forgetProcessIo } from "../io.js";
import {
  createProcess as addProcess,
  createThread as addThread,
  type CallContext,
  requireProcess,
  requireThread,
} from "../processes.js";
import type { KernelState, ProcessId, ThreadId } from "../state.js";
import { type Citations, type Outcome, transact, transactWith } from "../transaction.js";
import { trieEntries } from "../trie.js";
import { editProcess, editThread, type Writer } from "../writer.js";

export function createProcess(state: KernelState, name: string): Outcome<CallContext> {
  return transact(state, (draft) => addProcess(draft, name));
}

export function createThread(state: KernelState, pid: ProcessId): Outcome<ThreadId> {
  return transact(state, (draft, why) => {
    why.cite("THREAD-SHARE");
    return addThread(draft, pid);
  });
}

/**
 * ExitThread. Descriptors belong to the process, not the thread, so only the thread's own state
 * goes (rule THREAD-SHARE). The exit of the last thread ends the process, as on Windows.
 */
export function exitThread(state: KernelState, ctx: CallContext): Outcome<void> {
  return transactWith(state, (w, why) => {
    requireThread(state, ctx);
    cancelThreadIo(w, ctx, why);
    const threads = w.own(editProcess(w, ctx.pid), "threads") as Record<number, unknown>;
    delete threads[ctx.tid];
    why.cite("THREAD-SHARE");
    if (Object.keys(threads).length === 0) endProcess(w, ctx.pid, why);
  });
}

/** ExitProcess: every handle the process holds is closed, as if one by one (rule LIFE-EXIT). */
export function exitProcess(state: KernelState, pid: ProcessId): Outcome<void> {
  return transactWith(state, (w, why) => endProcess(w, pid, why));
}

function endProcess(w: Writer, pid: ProcessId, why: Citations): void {
  const process = requireProcess(w.state, pid);
  why.cite("LIFE-EXIT");
  for (const thread of Object.values(process.threads)) {
    forgetWait(w, thread.pending);
    cancelThreadIo(w, { pid, tid: thread.tid }, why);
  }
  // Collect first: releasing descriptors edits the table being walked.
  const values = Array.from(trieEntries(process.handles), ([key]) => key * 4);
  for (const value of values) releaseDescriptor(w, pid, value, why);
  // Its windows go with it; messages for them are dropped from then on.
  const windows = Array.from(trieEntries(w.state.windows))
    .filter(([, window]) => window.pid === pid)
    .map(([key]) => key);
  for (const key of windows) w.deleteIn(w.root(), "windows", key);
  forgetProcessIo(w, pid);
  w.deleteIn(w.root(), "processes", pid / 4);
}

/** WSASetLastError / SetLastError, and what a facade records after each call (rule ERR-THREAD). */
export function setLastError(state: KernelState, ctx: CallContext, code: number): KernelState {
  const thread = requireThread(state, ctx);
  if (thread.lastError === code) return state;
  const outcome = transactWith(state, (w) => {
    editThread(w, ctx.pid, ctx.tid).lastError = code;
  });
  return outcome.state;
}

export function getLastError(state: KernelState, ctx: CallContext): number {
  return requireThread(state, ctx).lastError;
}
