/**
 * Alertable waits and user APCs: SleepEx and QueueUserAPC (kernel32; rules APC-*).
 *
 * An alertable wait runs every APC queued to its thread and returns WAIT_IO_COMPLETION. Which
 * comes first decides the answer, as the NT wait does it: what the wait is for (a signalled
 * event, a ready socket, a packet) wins over queued APCs, which stay queued; APCs win over a
 * timeout. The kernel hands the APCs it took to the facade, which runs the routines.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { queueApc, takeApcs } from "../apc.js";
import {
  type Blocked,
  blockOn,
  OWN_APCS,
  registerAttempt,
  registerTimeoutAction,
  WOULD_BLOCK,
} from "../blocking.js";
import { type CallContext, requireThread } from "../processes.js";
import type { Apc, KernelState, ProcessRecord, ThreadId } from "../state.js";
import { fail, type Outcome, transactWith } from "../transaction.js";
import { trieValues } from "../trie.js";
import { DraftWriter, type Writer } from "../writer.js";

/** winbase.h: WAIT_IO_COMPLETION (STATUS_USER_APC), what an alertable wait that ran APCs returns. */
export const WAIT_IO_COMPLETION = 0xc0;

/** SleepEx's and the waits' INFINITE. */
const INFINITE = 0xffffffff;

/** What an alertable wait returns: its value, and the APCs it ran (the facade calls them). */
export interface Alerted {
  readonly ret: number;
  readonly apcs: readonly Apc[];
}

/** The APCs an alertable wait runs now: the thread's whole queue, oldest first. */
export function runApcs(w: Writer, ctx: CallContext): readonly Apc[] {
  return takeApcs(w, ctx.pid, ctx.tid);
}

registerAttempt<Record<string, never>>("SleepEx", (draft, ctx) => {
  const apcs = takeApcs(new DraftWriter(draft), ctx.pid, ctx.tid);
  return apcs.length === 0 ? WOULD_BLOCK : ({ ret: WAIT_IO_COMPLETION, apcs } satisfies Alerted);
});

registerTimeoutAction("SleepEx", (): Alerted => ({ ret: 0, apcs: [] }));

/**
 * SleepEx with bAlertable TRUE: queued APCs run at once and the call returns WAIT_IO_COMPLETION
 * (0xC0); otherwise it waits dwMilliseconds of virtual time (INFINITE for ever) for an APC,
 * returning 0 at the end (rule APC-SLEEPEX). The facade handles bAlertable FALSE as Sleep.
 */
export function sleepEx(
  state: KernelState,
  ctx: CallContext,
  milliseconds: number,
): Outcome<Alerted | Blocked> {
  return transactWith(state, (w, why) => {
    requireThread(state, ctx);
    why.cite("APC-SLEEPEX");
    const apcs = runApcs(w, ctx);
    if (apcs.length > 0) return { ret: WAIT_IO_COMPLETION, apcs };
    if (milliseconds === 0) return { ret: 0, apcs: [] };
    const timeout = milliseconds === INFINITE ? 0 : milliseconds;
    return blockOn(w.draft(), ctx, "SleepEx", OWN_APCS, {}, timeout);
  });
}

/** Where QueueUserAPC sends its APC: a thread of any process, by its id. */
export interface QueueApcArgs {
  /**
   * The target: a thread id, "exited" for a thread handle whose thread has ended, or null for a
   * handle that names no thread.
   */
  readonly thread: ThreadId | "exited" | null;
  /** pfnAPC's address (the facade numbers routines). */
  readonly routine: number;
  readonly data: number;
}

/** The process a thread id belongs to (thread ids are unique across processes). */
function processOfThread(state: KernelState, tid: ThreadId): ProcessRecord | undefined {
  for (const process of trieValues(state.processes)) {
    if (process.threads[tid] !== undefined) return process;
  }
  return undefined;
}

/**
 * QueueUserAPC: the APC joins the end of the thread's queue; a blocked alertable wait of that
 * thread wakes (blocking.ts sees the queue change). A thread that has exited takes none
 * (ERROR_GEN_FAILURE, STATUS_UNSUCCESSFUL from the kernel); a handle that names no thread is
 * ERROR_INVALID_HANDLE (rule APC-QUEUE).
 */
export function queueUserApc(
  state: KernelState,
  ctx: CallContext,
  args: QueueApcArgs,
): Outcome<number> {
  return transactWith(state, (w, why) => {
    requireThread(state, ctx);
    // A NULL routine would fault in the target thread when the APC ran; refused here instead
    // (not a Windows answer: see docs/overlapped.md).
    if (args.routine === 0) fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "APC-QUEUE");
    if (args.thread === "exited") fail(WSA_ERRORS.ERROR_GEN_FAILURE, "APC-QUEUE");
    const tid = args.thread;
    const target = tid === null ? undefined : processOfThread(state, tid);
    if (target === undefined || tid === null) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "APC-QUEUE");
    why.cite("APC-QUEUE");
    queueApc(w, target.pid, tid, { kind: "user", routine: args.routine, data: args.data });
    return 1;
  });
}
