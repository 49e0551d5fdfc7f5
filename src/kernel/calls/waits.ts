/**
 * Waiting on several things at once: WSAWaitForMultipleEvents, select and WSAPoll.
 *
 * All three block on the virtual clock like any blocking call. They are not re-enabling
 * functions: they read state and change none of it (rules SEL-NO-SIDE-EFFECTS, EVT-WAIT).
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { POLL_FLAGS, WAIT_VALUES } from "../../constants/values.js";
import {
  ANY_SOCKET,
  type Blocked,
  blockOn,
  OWN_HANDLES,
  Rewait,
  registerAttempt,
  registerTimeoutAction,
  WOULD_BLOCK,
} from "../blocking.js";
import { requireStarted } from "../descriptors.js";
import { isSignalled } from "../event-objects.js";
import { lookupHandle } from "../handles.js";
import { pollEvents, readable, readiness } from "../notify/readiness.js";
import { type CallContext, requireProcess } from "../processes.js";
import type { Apc, KernelState, ProcessRecord, SocketId } from "../state.js";
import { fail, type Outcome, transactWith, WinsockFailure } from "../transaction.js";
import { trieGet } from "../trie.js";
import { DraftWriter, type Writer } from "../writer.js";
import { type Alerted, runApcs } from "./alertable.js";

// ---- WSAWaitForMultipleEvents ---------------------------------------------------------------------

export interface WaitArgs {
  readonly cEvents: number;
  /** The handles, or null for a NULL (or unreadable) array. */
  readonly events: readonly number[] | null;
  readonly waitAll: boolean;
  readonly timeout: number;
  /** fAlertable: queued APCs end the wait with WSA_WAIT_IO_COMPLETION (APC-WAITS). */
  readonly alertable?: boolean;
}

function signalledIndex(
  state: KernelState,
  process: ProcessRecord,
  args: WaitArgs,
): number | typeof WOULD_BLOCK {
  const handles = (args.events as readonly number[]).slice(0, args.cEvents);
  const signalled = handles.map((h) => isSignalled(state, lookupHandle(process, h)));
  if (args.waitAll) return signalled.every(Boolean) ? WAIT_VALUES.WSA_WAIT_EVENT_0 : WOULD_BLOCK;
  const index = signalled.indexOf(true);
  return index < 0 ? WOULD_BLOCK : WAIT_VALUES.WSA_WAIT_EVENT_0 + index;
}

registerAttempt<WaitArgs>("WSAWaitForMultipleEvents", (draft, ctx, _key, args) => {
  const index = signalledIndex(
    draft as KernelState,
    requireProcess(draft, ctx.pid) as ProcessRecord,
    args,
  );
  if (index !== WOULD_BLOCK || args.alertable !== true) return index;
  return alerted(new DraftWriter(draft), ctx) ?? WOULD_BLOCK;
});

/**
 * An alertable wait that is not satisfied: the thread's queued APCs run, and the wait returns
 * WSA_WAIT_IO_COMPLETION (0xC0) with them; undefined when none is queued (APC-WAITS).
 */
function alerted(w: Writer, ctx: CallContext): Alerted | undefined {
  const apcs = runApcs(w, ctx);
  return apcs.length === 0 ? undefined : { ret: WAIT_VALUES.WSA_WAIT_IO_COMPLETION, apcs };
}
registerTimeoutAction("WSAWaitForMultipleEvents", () => WAIT_VALUES.WSA_WAIT_TIMEOUT);

/**
 * WSAWaitForMultipleEvents: the lowest signalled index (wait any) or WSA_WAIT_EVENT_0 (wait all),
 * WSA_WAIT_TIMEOUT, or failure: a count outside 1..64, a missing array or a duplicate in a wait-all
 * is WSA_INVALID_PARAMETER, a handle that is not an event of this process WSA_INVALID_HANDLE.
 * Waiting does not reset the events, which are manual-reset (rule EVT-WAIT).
 */
export function waitForMultipleEvents(
  state: KernelState,
  ctx: CallContext,
  args: WaitArgs,
): Outcome<number | Alerted | Blocked> {
  // Reads the snapshot; only a call that blocks writes (the wait), and that on a draft.
  return transactWith(state, (w, why) => {
    const process = requireProcess(state, ctx.pid) as ProcessRecord;
    const { cEvents, events } = args;
    if (
      !Number.isInteger(cEvents) ||
      cEvents < 1 ||
      cEvents > WAIT_VALUES.WSA_MAXIMUM_WAIT_EVENTS
    ) {
      fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "EVT-WAIT");
    }
    if (events === null || events.length < cEvents)
      fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "EVT-WAIT");
    const handles = events.slice(0, cEvents);
    for (const h of handles) {
      if (lookupHandle(process, h)?.kind !== "event")
        fail(WSA_ERRORS.WSA_INVALID_HANDLE, "EVT-WAIT");
    }
    if (args.waitAll && new Set(handles).size !== handles.length)
      fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "EVT-WAIT");
    why.cite("EVT-WAIT");
    const result = signalledIndex(state, process, args);
    if (result !== WOULD_BLOCK) return result;
    // A signalled event wins over queued APCs; queued APCs win over the timeout (APC-WAITS).
    if (args.alertable === true) {
      why.cite("APC-WAITS");
      const ran = alerted(w, ctx);
      if (ran !== undefined) return ran;
    }
    if (args.timeout === 0) return WAIT_VALUES.WSA_WAIT_TIMEOUT;
    const timeout = args.timeout === WAIT_VALUES.WSA_INFINITE ? 0 : args.timeout;
    return blockOn(w.draft(), ctx, "WSAWaitForMultipleEvents", OWN_HANDLES, args, timeout);
  });
}

// ---- select -------------------------------------------------------------------------------------

/** A set as select reads it: the descriptors, or null for a NULL pointer. */
export type FdSetArg = readonly number[] | null;

export interface SelectArgs {
  readonly readfds: FdSetArg;
  readonly writefds: FdSetArg;
  readonly exceptfds: FdSetArg;
  /** Milliseconds to wait; null waits for ever; 0 polls. */
  readonly timeout: number | null;
}

export interface SelectResult {
  readonly count: number;
  readonly readfds: readonly number[];
  readonly writefds: readonly number[];
  readonly exceptfds: readonly number[];
  /** The APCs the wait ran (select waits alertably: APC-SELECT); absent when none. */
  readonly apcs?: readonly Apc[];
}

/** Every set rewritten empty: a timeout, or a wait that a close ended in failure (SEL-CLOSED). */
const NOTHING_READY: SelectResult = { count: 0, readfds: [], writefds: [], exceptfds: [] };

/** Each descriptor of each set with the socket it named when select was called. */
interface SelectWait {
  readonly sets: readonly (readonly [number, SocketId][] | null)[];
  /** APCs the call ran when it found nothing ready, handed back with its result. */
  readonly apcs?: readonly Apc[];
}

/** A result with the APCs the wait ran, for the facade to call (absent when none ran). */
function withApcs<T extends object>(result: T, apcs: readonly Apc[] | undefined): T {
  return apcs === undefined || apcs.length === 0 ? result : { ...result, apcs };
}

function evaluate(
  current: KernelState | Draft<KernelState>,
  wait: SelectWait,
): SelectResult | typeof WOULD_BLOCK {
  const state = current as KernelState;
  const [read = null, write = null, except = null] = wait.sets;
  const pick = (set: readonly [number, SocketId][] | null, test: (id: SocketId) => boolean) =>
    set === null ? [] : set.filter(([, id]) => test(id)).map(([s]) => s);
  const gone = (id: SocketId) => trieGet(state.sockets, id) === undefined;
  // A socket closed under a waiting select counts as readable in readfds (observed fact 76); if
  // it was only in exceptfds, select fails with WSAENOTSOCK (fact 77). That failure still
  // rewrites the sets, and empties them: Windows does not leave the closed socket in exceptfds
  // (fact 77, test_select), and Wine 8.0, whose select clears every set before adding what the
  // completed poll reported, returns all three empty with idle or just-readable sockets in
  // readfds, writefds or exceptfds beside it. A select that fails when called (fact 82) writes
  // nothing: its failure carries no sets.
  const onlyExcept = (except ?? []).filter(
    ([, id]) => gone(id) && !(read ?? []).some(([, r]) => r === id),
  );
  if (onlyExcept.length > 0) fail(WSA_ERRORS.WSAENOTSOCK, "SEL-CLOSED", NOTHING_READY);
  const status = (id: SocketId) => {
    const socket = trieGet(state.sockets, id);
    return socket === undefined ? undefined : readiness(socket);
  };
  const readfds = pick(read, (id) => {
    const socket = trieGet(state.sockets, id);
    return socket === undefined || readable(socket);
  });
  const writefds = pick(write, (id) => status(id)?.write === true);
  const exceptfds = pick(except, (id) => status(id)?.except === true);
  const count = readfds.length + writefds.length + exceptfds.length;
  return count === 0 ? WOULD_BLOCK : { count, readfds, writefds, exceptfds };
}

/**
 * A wait that goes on after running APCs (select, WSAPoll): the APCs queued to the thread while
 * it waits run in the wait, which continues; they are kept with the wait, to be handed back with
 * its result (APC-SELECT). WOULD_BLOCK when none was queued.
 */
function keepWaiting<W extends { readonly apcs?: readonly Apc[] }>(
  draft: Draft<KernelState>,
  ctx: CallContext,
  wait: W,
): Rewait | typeof WOULD_BLOCK {
  const taken = runApcs(new DraftWriter(draft), ctx);
  if (taken.length === 0) return WOULD_BLOCK;
  return new Rewait({ ...wait, apcs: [...(wait.apcs ?? []), ...taken] });
}

registerAttempt<SelectWait>("select", (draft, ctx, _key, wait) => {
  let result: SelectResult | typeof WOULD_BLOCK;
  try {
    result = evaluate(draft, wait);
  } catch (error) {
    // A close that fails the wait (SEL-CLOSED) still hands back the APCs the wait ran.
    if (error instanceof WinsockFailure && (wait.apcs?.length ?? 0) > 0)
      fail(error.code, error.rule, withApcs(error.output as SelectResult, wait.apcs));
    throw error;
  }
  return result === WOULD_BLOCK ? keepWaiting(draft, ctx, wait) : withApcs(result, wait.apcs);
});
registerTimeoutAction<SelectWait>("select", (_d, _c, _k, wait) =>
  withApcs(NOTHING_READY, wait.apcs),
);

/**
 * select: WSAEINVAL when every set is NULL or empty, WSAENOTSOCK (with the sets unchanged) for
 * an entry that is not a socket; then the sets are rewritten to their ready members and the
 * count of (socket, set) pairs returned, or 0 at the timeout; a wait that fails because a socket
 * only in exceptfds was closed returns WSAENOTSOCK with every set empty (rules SEL-SELECT,
 * SEL-CLOSED).
 */
export function select(
  state: KernelState,
  ctx: CallContext,
  args: SelectArgs,
): Outcome<SelectResult | Blocked> {
  return transactWith(state, (w, why) => {
    const process = requireStarted(state, ctx) as ProcessRecord;
    const sets = [args.readfds, args.writefds, args.exceptfds];
    if (sets.every((set) => set === null || set.length === 0))
      fail(WSA_ERRORS.WSAEINVAL, "SEL-SELECT");
    const resolved = sets.map((set) =>
      set === null
        ? null
        : set.map((s): [number, SocketId] => {
            const entry = lookupHandle(process, s);
            if (entry?.kind !== "socket" || entry.pendingDuplication !== null)
              fail(WSA_ERRORS.WSAENOTSOCK, "SEL-SELECT");
            return [s, entry.socket];
          }),
    );
    why.cite("SEL-SELECT");
    const result = evaluate(state, { sets: resolved });
    if (result !== WOULD_BLOCK) return result;
    // Nothing ready at once: select waits alertably, and the thread's APCs run even with a zero
    // timeout; a socket ready at once leaves them queued (observed fact 107, APC-SELECT).
    const apcs = runApcs(w, ctx);
    if (apcs.length > 0) why.cite("APC-SELECT");
    const wait: SelectWait = withApcs({ sets: resolved }, apcs);
    if (args.timeout === 0) return withApcs(NOTHING_READY, apcs);
    return blockOn(w.draft(), ctx, "select", ANY_SOCKET, wait, args.timeout ?? 0);
  });
}

// ---- WSAPoll ------------------------------------------------------------------------------------

export interface PollEntry {
  readonly fd: number;
  readonly events: number;
}

export interface PollArgs {
  /** The array, null for NULL, "invalid" for an unreadable pointer. */
  readonly fds: readonly PollEntry[] | null | "invalid";
  readonly nfds: number;
  /** Milliseconds; negative waits for ever; 0 returns at once. */
  readonly timeout: number;
}

export interface PollResult {
  readonly count: number;
  readonly revents: readonly number[];
  /** The APCs the wait ran (WSAPoll waits alertably: APC-SELECT); absent when none. */
  readonly apcs?: readonly Apc[];
}

const POLL_REQUESTABLE = POLL_FLAGS.POLLRDNORM | POLL_FLAGS.POLLRDBAND | POLL_FLAGS.POLLWRNORM;

/** A SOCKET that is negative as an INT_PTR: -1 (INVALID_SOCKET) and the like. */
function negativeFd(fd: number): boolean {
  return fd < 0 || fd >= 2 ** 63;
}

interface PollWait {
  /** Each entry's socket when WSAPoll was called, or null for an entry that is no socket. */
  readonly entries: readonly { readonly socket: SocketId | null; readonly events: number }[];
  /** APCs the call ran when it found nothing ready, handed back with its result. */
  readonly apcs?: readonly Apc[];
}

function pollNow(
  current: KernelState | Draft<KernelState>,
  wait: PollWait,
  blocked: boolean,
): PollResult | typeof WOULD_BLOCK {
  const state = current as KernelState;
  let count = 0;
  const revents = wait.entries.map(({ socket, events }) => {
    if (socket === null) return POLL_FLAGS.POLLNVAL;
    const record = trieGet(state.sockets, socket);
    // Closed while WSAPoll waited: POLLNVAL, and it counts (observed fact 79).
    if (record === undefined) {
      count += 1;
      return POLL_FLAGS.POLLNVAL;
    }
    const bits = pollEvents(record, events);
    if (bits !== 0) count += 1;
    return bits;
  });
  if (count === 0 && blocked) return WOULD_BLOCK;
  return { count, revents };
}

registerAttempt<PollWait>("WSAPoll", (draft, ctx, _key, wait) => {
  const result = pollNow(draft, wait, true);
  return result === WOULD_BLOCK ? keepWaiting(draft, ctx, wait) : withApcs(result, wait.apcs);
});
registerTimeoutAction<PollWait>("WSAPoll", (draft, _ctx, _key, wait) =>
  withApcs(pollNow(draft, wait, false) as PollResult, wait.apcs),
);

/**
 * WSAPoll: (NULL, 0) is WSAEINVAL and (NULL, n) WSAEFAULT; if no entry is a socket the call fails
 * with WSAENOTSOCK (every revents POLLNVAL); then a requested flag other than POLLRDNORM,
 * POLLRDBAND or POLLWRNORM on an entry whose fd is not negative is WSAEINVAL (every revents 0);
 * an entry that is no socket gets POLLNVAL and does not count (rule SEL-POLL).
 */
export function poll(
  state: KernelState,
  ctx: CallContext,
  args: PollArgs,
): Outcome<PollResult | Blocked> {
  return transactWith(state, (w, why) => {
    const process = requireStarted(state, ctx) as ProcessRecord;
    if (args.fds === null)
      fail(args.nfds === 0 ? WSA_ERRORS.WSAEINVAL : WSA_ERRORS.WSAEFAULT, "SEL-POLL");
    if (args.fds === "invalid" || args.fds.length < args.nfds || args.nfds < 0)
      fail(WSA_ERRORS.WSAEFAULT, "SEL-POLL");
    const entries = args.fds.slice(0, args.nfds);
    if (entries.length === 0) fail(WSA_ERRORS.WSAEINVAL, "SEL-POLL");
    const wait: PollWait = {
      entries: entries.map((e) => {
        const entry = lookupHandle(process, e.fd);
        const socket =
          entry?.kind === "socket" && entry.pendingDuplication === null ? entry.socket : null;
        return { socket, events: e.events };
      }),
    };
    // The order of the checks is Windows' (Wine sock.c test_WSAPoll, fact 119): with no entry
    // a socket, WSAENOTSOCK and every revents POLLNVAL, whatever the flags ([-1, POLLERR] and
    // [0xabacab, POLLERR]); then a flag that may not be requested is WSAEINVAL with every revents
    // 0 ([listener, POLLIN] beside [0xabacab, POLLERR]), except on an entry whose fd is negative:
    // the WSAPoll page says such an entry is ignored, and Windows ignores its flags too
    // ([-1, POLLERR] beside [listener, POLLIN] returns 0 with POLLNVAL).
    const every = (revents: number) => entries.map(() => revents);
    if (wait.entries.every((e) => e.socket === null))
      fail(WSA_ERRORS.WSAENOTSOCK, "SEL-POLL", every(POLL_FLAGS.POLLNVAL));
    if (entries.some((e) => !negativeFd(e.fd) && (e.events & ~POLL_REQUESTABLE) !== 0))
      fail(WSA_ERRORS.WSAEINVAL, "SEL-POLL", every(0));
    why.cite("SEL-POLL");
    const now = pollNow(state, wait, true);
    if (now !== WOULD_BLOCK) return now;
    // Nothing ready at once: WSAPoll waits alertably, as select does (observed fact 79: an APC
    // queued before ran during the wait; APC-SELECT).
    const apcs = runApcs(w, ctx);
    if (apcs.length > 0) why.cite("APC-SELECT");
    if (args.timeout === 0) return withApcs(pollNow(state, wait, false) as PollResult, apcs);
    const waiting = withApcs(wait, apcs);
    return blockOn(w.draft(), ctx, "WSAPoll", ANY_SOCKET, waiting, Math.max(0, args.timeout));
  });
}
