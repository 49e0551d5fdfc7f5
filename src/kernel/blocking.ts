/**
 * Blocking calls, waking, and the virtual clock.
 *
 * A call on a blocking socket that cannot complete records a PendingCall on its thread and
 * returns BLOCKED. After every step the kernel retries the blocked calls whose socket changed
 * (`wake`), first blocked first served, until nothing more completes; a retried call that now
 * completes stores its result as the thread's Completion, which `collect` hands back. Time moves
 * only through `advanceClock`: timers fire in deadline order, each once, and complete calls with
 * their timeout error or their timeout action's result; an action that fails completes its call
 * with that failure.
 *
 * A retried call runs in its own transaction, so a retry that fails changes nothing but its own
 * thread's completion, exactly like a call that fails when first made.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../constants/errors.js";
import { FD_EVENTS } from "../constants/values.js";
import { finishIo, isReceive, resultOf, STATUS_PENDING, statusOf, watchedBy } from "./io.js";
import { occur } from "./notify/record.js";
import { type CallContext, findProcess, requireThread } from "./processes.js";
import type {
  BlockedRef,
  Completion,
  IoRecord,
  KernelState,
  PendingCall,
  SocketId,
  SocketRecord,
} from "./state.js";
import { type Citations, fail, KeptFailure, transact, WinsockFailure } from "./transaction.js";
import { trieDelete, trieEntries, trieGet, trieSet } from "./trie.js";
import { DraftWriter, type Writer } from "./writer.js";

/** What an attempt returns when it cannot complete now. */
export const WOULD_BLOCK: unique symbol = Symbol("WOULD_BLOCK");

/**
 * What an attempt returns when it made progress but must keep waiting, with the arguments to
 * retry with (MSG_WAITALL keeps the bytes it has gathered).
 */
export class Rewait {
  constructor(readonly args: unknown) {}
}

/** What a call returns when its thread is now blocked in it. */
export const BLOCKED: Readonly<{ blocked: true }> = Object.freeze({ blocked: true });
export type Blocked = typeof BLOCKED;

/**
 * One try at a blocking call, given the socket it waits on (not a descriptor). It returns the
 * call's value, WOULD_BLOCK, or fails.
 */
export type Attempt = (
  draft: Draft<KernelState>,
  ctx: CallContext,
  socket: SocketId,
  args: never,
  why: Citations,
) => unknown;

const ATTEMPTS = new Map<string, Attempt>();

/** Makes `call` retryable; every blocking call registers its attempt once, at module load. */
export function registerAttempt<A>(
  call: string,
  attempt: (d: Draft<KernelState>, ctx: CallContext, s: SocketId, a: A, w: Citations) => unknown,
): void {
  ATTEMPTS.set(call, attempt as Attempt);
}

/**
 * Blocks the calling thread in `call`, or fails with WSAEWOULDBLOCK if the socket is
 * non-blocking (rule NET-BLOCKING). `timeout` is in milliseconds, 0 for none.
 */
export function block(
  draft: Draft<KernelState>,
  ctx: CallContext,
  call: string,
  socket: Draft<SocketRecord> | SocketRecord,
  args: unknown,
  timeout: number,
  why: Citations,
): Blocked {
  if (socket.nonBlocking) fail(WSA_ERRORS.WSAEWOULDBLOCK, "NET-BLOCKING");
  why.cite("NET-BLOCKING");
  return blockOn(draft, ctx, call, socket.id, args, timeout);
}

/**
 * Blocks the calling thread in `call` until what `key` names changes: a socket id, ANY_SOCKET
 * (select, WSAPoll) or OWN_HANDLES (WSAWaitForMultipleEvents). `timeout` in ms, 0 for none.
 */
export function blockOn(
  draft: Draft<KernelState>,
  ctx: CallContext,
  call: string,
  key: number,
  args: unknown,
  timeout: number,
  timeoutError: number = WSA_ERRORS.WSAETIMEDOUT,
): Blocked {
  const thread = requireThread(draft, ctx);
  const seq = draft.nextSeq;
  draft.nextSeq += 1;
  const deadline = timeout > 0 ? draft.clock + timeout : null;
  thread.pending = {
    seq,
    call,
    socket: key,
    args,
    deadline,
    timeoutError,
  } as Draft<PendingCall>;
  trieSet(draft.blocked, seq, { pid: ctx.pid, tid: ctx.tid });
  if (deadline !== null) {
    trieSet(draft.timers, seq, { kind: "call", deadline, pid: ctx.pid, tid: ctx.tid });
  }
  return BLOCKED;
}

/**
 * The socket a blocked call waits on. Its last descriptor closed means the call was interrupted
 * (NET-CLOSE-WAKES): the socket is gone, or lives on without descriptors only to finish a
 * graceful close (an orphan, NET-GRACEFUL), which must not keep the waiter blocked for ever.
 */
export function waitedSocket(draft: Draft<KernelState>, id: SocketId): Draft<SocketRecord> {
  const socket = trieGet(draft.sockets as KernelState["sockets"], id) as
    | Draft<SocketRecord>
    | undefined;
  if (socket === undefined || socket.refCount === 0) fail(WSA_ERRORS.WSAEINTR, "NET-CLOSE-WAKES");
  return socket;
}

/** Ends a thread's wait with `completion` (inside a transaction). */
export function complete(
  draft: Draft<KernelState>,
  ctx: CallContext,
  completion: Completion,
): void {
  const thread = requireThread(draft, ctx);
  const pending = thread.pending;
  if (pending === null)
    throw new Error("kernel invariant: completing a thread that is not blocked");
  trieDelete(draft.blocked, pending.seq);
  trieDelete(draft.timers, pending.seq);
  thread.pending = null;
  thread.completion = completion as Draft<Completion>;
}

/** Retries one blocked call; returns the state after it (unchanged if still blocked). */
function retry(state: KernelState, ctx: CallContext, pending: PendingCall): KernelState {
  const attempt = ATTEMPTS.get(pending.call);
  if (attempt === undefined) throw new Error(`kernel invariant: no attempt for ${pending.call}`);
  let failure: WinsockFailure | undefined;
  const outcome = transact(state, (draft, why) => {
    let value: unknown;
    try {
      value = attempt(draft, ctx, pending.socket, pending.args as never, why);
    } catch (error) {
      if (error instanceof WinsockFailure) failure = error;
      throw error;
    }
    if (value === WOULD_BLOCK) return false;
    if (value instanceof Rewait) {
      const thread = requireThread(draft, ctx);
      thread.pending = {
        ...(thread.pending as PendingCall),
        args: value.args,
      } as Draft<PendingCall>;
      return true;
    }
    if (value instanceof KeptFailure) {
      complete(draft, ctx, {
        ok: false,
        value: undefined,
        error: value.code,
        output: value.output,
        rules: [...why.rules, value.rule],
      });
      return true;
    }
    complete(draft, ctx, { ok: true, value, error: 0, rules: [...why.rules] });
    return true;
  });
  if (outcome.ok) return outcome.value ? outcome.state : state;
  const failed = failure as WinsockFailure;
  return transact(state, (draft) => {
    complete(draft, ctx, {
      ok: false,
      value: undefined,
      error: failed.code,
      output: failed.output,
      rules: outcome.rules,
    });
  }).state as KernelState;
}

/**
 * Retries one pending overlapped operation (io.ts); returns the state after it, unchanged if it
 * still waits. Like a retried call, an attempt that fails changes nothing but the operation,
 * which completes with the failure's status.
 */
function retryIo(state: KernelState, record: IoRecord): KernelState {
  const attempt = ATTEMPTS.get(`io:${record.call}`);
  if (attempt === undefined) throw new Error(`kernel invariant: no attempt for io:${record.call}`);
  const ctx = { pid: record.pid, tid: record.tid };
  let failure: WinsockFailure | undefined;
  const outcome = transact(state, (draft, why) => {
    let value: unknown;
    try {
      value = attempt(draft, ctx, record.socket, record.args as never, why);
    } catch (error) {
      if (error instanceof WinsockFailure) failure = error;
      throw error;
    }
    if (value === WOULD_BLOCK) return false;
    const w = new DraftWriter(draft);
    if (value instanceof Rewait) {
      const io = w.editIn<IoRecord>(w.root(), "io", record.seq);
      if (io !== undefined) io.args = value.args;
      return true;
    }
    finishIo(w, record.seq, resultOf(value, why.rules));
    // FD_READ was held back for this receive (IO-FD-READ); what it left is reported now.
    const socket = trieGet(w.state.sockets, record.socket);
    if (isReceive(record.call) && socket !== undefined && socket.net.receiveQueue.bytes > 0)
      occur(w, record.socket, FD_EVENTS.FD_READ, why);
    return true;
  });
  if (outcome.ok) return outcome.value ? outcome.state : state;
  const failed = failure as WinsockFailure;
  return transact(state, (draft) => {
    finishIo(new DraftWriter(draft), record.seq, {
      status: statusOf(failed.code),
      bytes: 0,
      flags: 0,
      data: null,
      rules: outcome.rules,
    });
  }).state as KernelState;
}

/** Wait keys below 0: a select or WSAPoll waits on any socket; an event wait on its handles. */
export const ANY_SOCKET = -1;
export const OWN_HANDLES = -2;
/** WSAGetOverlappedResult with fWait waits for an overlapped operation to complete. */
export const OWN_IO = -3;
/** GetQueuedCompletionStatus waits for a packet on a port. */
export const OWN_PORTS = -4;
/** An alertable SleepEx waits for an APC and nothing else. */
export const OWN_APCS = -5;

/** Whether what a wait depends on changed between two states (a cheap identity check). */
function waitChanged(
  previous: KernelState,
  next: KernelState,
  ref: BlockedRef,
  key: number,
): boolean {
  // An APC queued to the waiting thread may end an alertable wait, whatever else it waits on.
  const apcs = (state: KernelState) => findProcess(state, ref.pid)?.threads[ref.tid]?.apcs;
  if (apcs(previous) !== apcs(next)) return true;
  if (key === OWN_APCS) return false;
  if (key === ANY_SOCKET) return previous.sockets !== next.sockets;
  if (key === OWN_IO) return previous.io !== next.io;
  if (key === OWN_PORTS) return previous.completionPorts !== next.completionPorts;
  // An event object may be set through another process's handle (inherited or duplicated).
  if (key === OWN_HANDLES)
    return (
      previous.events !== next.events ||
      findProcess(previous, ref.pid)?.handles !== findProcess(next, ref.pid)?.handles
    );
  return trieGet(previous.sockets, key) !== trieGet(next.sockets, key);
}

/**
 * The waits in the order they are served: first come, first served, except threads waiting on a
 * completion port, which the system releases last in, first out (I/O Completion Ports page,
 * rule PORT-LIFO). They come after the others; they wait on nothing the others take.
 */
function wakeOrder(state: KernelState): [number, BlockedRef][] {
  const ordered: [number, BlockedRef][] = [];
  const portWaiters: [number, BlockedRef][] = [];
  for (const entry of trieEntries(state.blocked)) {
    const [, ref] = entry;
    const pending =
      ref.io === true ? undefined : findProcess(state, ref.pid)?.threads[ref.tid]?.pending;
    if (pending?.socket === OWN_PORTS) portWaiters.push(entry);
    else ordered.push(entry);
  }
  return portWaiters.length === 0 ? ordered : [...ordered, ...portWaiters.reverse()];
}

/** Bound on wake rounds: each round must complete a call, and calls are finite. */
const MAX_ROUNDS = 10_000;

/**
 * After a step from `before` to `after`, retries every blocked call whose socket changed, in
 * block order, until a round completes nothing (rule NET-WAKE-ORDER).
 */
export function wake(before: KernelState, after: KernelState): KernelState {
  let previous = before;
  let current = after;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (current.blocked.size === 0) return current;
    let next = current;
    for (const [seq, ref] of wakeOrder(current)) {
      if (ref.io === true) {
        const record = trieGet(next.io, seq);
        if (record === undefined || record.status !== STATUS_PENDING) continue;
        const changed = watchedBy(record).some(
          (id) => trieGet(previous.sockets, id) !== trieGet(next.sockets, id),
        );
        if (!changed) continue;
        next = retryIo(next, record);
        continue;
      }
      const thread = findProcess(next, ref.pid)?.threads[ref.tid];
      const pending = thread?.pending;
      if (pending === null || pending === undefined) continue;
      if (!waitChanged(previous, next, ref, pending.socket)) continue;
      next = retry(next, ref, pending);
    }
    if (next === current) return current;
    previous = current;
    current = next;
  }
  throw new Error("kernel invariant: blocked calls kept completing without end");
}

/** The earliest timer, if any: [seq, timer]. */
export function nextTimer(state: KernelState): { seq: number; deadline: number } | undefined {
  let best: { seq: number; deadline: number } | undefined;
  for (const [seq, timer] of trieEntries(state.timers)) {
    if (best === undefined || timer.deadline < best.deadline)
      best = { seq, deadline: timer.deadline };
  }
  return best;
}

/** What firing a timer of a given kind does; connect timers are handled by the network. */
const TIMER_HANDLERS = new Map<
  string,
  (draft: Draft<KernelState>, seq: number, why: Citations) => void
>();

export function registerTimer(
  kind: string,
  handler: (draft: Draft<KernelState>, seq: number, why: Citations) => void,
): void {
  TIMER_HANDLERS.set(kind, handler);
}

/**
 * What a call does when its timeout expires, for calls that do more than fail with their
 * timeout error (a lingering closesocket resets the connection and succeeds).
 */
const TIMEOUT_ACTIONS = new Map<string, Attempt>();

export function registerTimeoutAction<A>(
  call: string,
  action: (d: Draft<KernelState>, ctx: CallContext, s: SocketId, a: A, w: Citations) => unknown,
): void {
  TIMEOUT_ACTIONS.set(call, action as Attempt);
}

registerTimer("call", (draft, seq, why) => {
  const timer = trieGet(draft.timers as KernelState["timers"], seq);
  if (timer?.kind !== "call") return;
  const ctx = { pid: timer.pid, tid: timer.tid };
  const thread = requireThread(draft, ctx);
  const pending = thread.pending;
  if (pending === null || pending.seq !== seq) return;
  const action = TIMEOUT_ACTIONS.get(pending.call);
  if (action !== undefined) {
    const value = action(draft, ctx, pending.socket, pending.args as never, why);
    complete(draft, ctx, { ok: true, value, error: 0, rules: [...why.rules] });
    return;
  }
  complete(draft, ctx, {
    ok: false,
    value: undefined,
    error: pending.timeoutError,
    rules: ["NET-TIMEOUT"],
  });
});

/**
 * Fires one due timer: the clock moves to its deadline, its handler runs and the timer goes, in
 * one step. A handler that fails (a timeout action such as a lingering close finding its
 * descriptor already closed by another thread) changes nothing of its own, like any failed call
 * (ERR-FAILED-UNCHANGED), but the timer still ends: the call it timed completes with that
 * failure and the timer is deleted in one transaction, so no timer can fire twice.
 */
function fireTimer(state: KernelState, due: { seq: number; deadline: number }): KernelState {
  const fired = transact(state, (draft, why) => {
    draft.clock = Math.max(draft.clock, due.deadline);
    const timer = trieGet(draft.timers as KernelState["timers"], due.seq);
    if (timer !== undefined) TIMER_HANDLERS.get(timer.kind)?.(draft, due.seq, why);
    trieDelete(draft.timers, due.seq);
  });
  if (fired.ok) return fired.state;
  const ended = transact(state, (draft) => {
    draft.clock = Math.max(draft.clock, due.deadline);
    const timer = trieGet(draft.timers as KernelState["timers"], due.seq);
    if (timer?.kind === "call") {
      const ctx = { pid: timer.pid, tid: timer.tid };
      if (requireThread(draft, ctx).pending?.seq === due.seq) {
        complete(draft, ctx, {
          ok: false,
          value: undefined,
          error: fired.error,
          output: fired.output,
          rules: fired.rules,
        });
      }
    }
    trieDelete(draft.timers, due.seq);
  });
  if (!ended.ok) throw new Error(`kernel invariant: timer ${due.seq} could not end its wait`);
  return ended.state;
}

/**
 * Moves the virtual clock to `to`, firing every timer due on the way in deadline order (ties in
 * the order they were armed), with waking after each (rule NET-CLOCK).
 */
export function advanceClock(state: KernelState, to: number): KernelState {
  let current = state;
  for (;;) {
    const due = nextTimer(current);
    if (due === undefined || due.deadline > to) break;
    const fired = fireTimer(current, due);
    // Each firing must remove its timer; one that survived would fire again for ever.
    if (trieGet(fired.timers, due.seq) !== undefined)
      throw new Error(`kernel invariant: timer ${due.seq} survived its firing`);
    current = wake(current, fired);
  }
  if (current.clock >= to) return current;
  return transact(current, (draft) => {
    draft.clock = to;
  }).state;
}

/** Takes a finished blocking call's result off its thread (the await of a scenario). */
export function collect(
  state: KernelState,
  ctx: CallContext,
): { state: KernelState; completion: Completion | null } {
  const thread = requireThread(state, ctx);
  if (thread.completion === null) return { state, completion: null };
  const completion = thread.completion as Completion;
  const next = transact(state, (draft) => {
    requireThread(draft, ctx).completion = null;
  }).state;
  return { state: next, completion };
}

/** Removes every trace of a thread's wait (process exit). */
export function forgetWait(w: Writer, pending: PendingCall | null): void {
  if (pending === null) return;
  w.deleteIn(w.root(), "blocked", pending.seq);
  w.deleteIn(w.root(), "timers", pending.seq);
}
