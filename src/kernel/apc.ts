/**
 * Per-thread APC queues: user APCs (QueueUserAPC) and overlapped operations' completion routines
 * wait on their thread until it enters an alertable wait, which runs them all, oldest first
 * (Asynchronous Procedure Calls page; rules APC-*).
 *
 * The kernel keeps only data: the routine is an address the facade gave it. Taking the queue is
 * a change of state (the APCs ran), made by the wait that ran them, so a snapshot before that
 * wait still shows them queued.
 */
import { findProcess } from "./processes.js";
import type { Apc, KernelState, ProcessId, ThreadId } from "./state.js";
import { editThread, type Writer } from "./writer.js";

/** The thread's queued APCs, oldest first (none for a thread that is gone). */
export function queuedApcs(state: KernelState, pid: ProcessId, tid: ThreadId): readonly Apc[] {
  return findProcess(state, pid)?.threads[tid]?.apcs ?? [];
}

/**
 * Queues an APC to a thread. A thread that has exited takes none: its queue went with it (the
 * completion of an operation whose thread is gone runs no routine).
 */
export function queueApc(w: Writer, pid: ProcessId, tid: ThreadId, apc: Apc): void {
  if (findProcess(w.state, pid)?.threads[tid] === undefined) return;
  const thread = editThread(w, pid, tid);
  thread.apcs = [...(thread.apcs ?? []), apc];
}

/** An alertable wait runs the thread's APCs: they leave its queue, and are returned in order. */
export function takeApcs(w: Writer, pid: ProcessId, tid: ThreadId): readonly Apc[] {
  const queued = queuedApcs(w.state, pid, tid);
  if (queued.length === 0) return [];
  editThread(w, pid, tid).apcs = [];
  return queued;
}
