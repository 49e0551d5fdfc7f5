/**
 * Simulated processes and threads: creation, lookup, thread exit and process exit.
 *
 * Asking for a process or thread that does not exist is a mistake in the simulation's driver
 * (a test or a scenario runner), not a Winsock error, so it raises `SimulationError`.
 */
import type { Draft } from "immer";
import {
  FIRST_HANDLE,
  type KernelState,
  type ProcessId,
  type ProcessRecord,
  type ThreadId,
  type ThreadRecord,
} from "./state.js";
import { emptyTrie, trieGet, trieSet } from "./trie.js";

/** The calling thread of a kernel call. */
export interface CallContext {
  readonly pid: ProcessId;
  readonly tid: ThreadId;
}

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationError";
  }
}

export function processKey(pid: ProcessId): number {
  return Number.isSafeInteger(pid) && pid > 0 && pid % 4 === 0 ? pid / 4 : -1;
}

export function findProcess(state: KernelState, pid: ProcessId): ProcessRecord | undefined {
  const key = processKey(pid);
  return key < 0 ? undefined : trieGet(state.processes, key);
}

/**
 * The helpers below take drafts and return drafts; a plain state is accepted too (readonly is
 * not enforced by assignability), and then the caller must only read.
 */
export function requireProcess(
  state: KernelState | Draft<KernelState>,
  pid: ProcessId,
): Draft<ProcessRecord> {
  const process = findProcess(state as KernelState, pid);
  if (process === undefined) throw new SimulationError(`no live process with id ${pid}`);
  return process as Draft<ProcessRecord>;
}

export function requireThread(
  state: KernelState | Draft<KernelState>,
  ctx: CallContext,
): Draft<ThreadRecord> {
  const thread = requireProcess(state, ctx.pid).threads[ctx.tid];
  if (thread === undefined) {
    throw new SimulationError(`process ${ctx.pid} has no live thread with id ${ctx.tid}`);
  }
  return thread;
}

function newThread(tid: ThreadId): ThreadRecord {
  return { tid, lastError: 0, openType: 0, pending: null, completion: null };
}

/** Creates a process with its main thread; returns the pid and the main thread's id. */
export function createProcess(draft: Draft<KernelState>, name: string): CallContext {
  const pid = draft.nextClientId;
  const tid = pid + 4;
  draft.nextClientId += 8;
  const process: ProcessRecord = {
    pid,
    name,
    startupCount: 0,
    wsaVersion: 0,
    handles: emptyTrie(),
    freeHandles: null,
    nextHandle: FIRST_HANDLE,
    threads: { [tid]: newThread(tid) },
    mainThread: tid,
  };
  trieSet(draft.processes, pid / 4, process);
  return { pid, tid };
}

export function createThread(draft: Draft<KernelState>, pid: ProcessId): ThreadId {
  const process = requireProcess(draft, pid);
  const tid = draft.nextClientId;
  draft.nextClientId += 4;
  process.threads[tid] = newThread(tid) as Draft<ThreadRecord>;
  return tid;
}
