/**
 * WSAEventSelect, WSAAsyncSelect and WSAEnumNetworkEvents, and the windows WSAAsyncSelect posts to.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { FD_BITS, FD_EVENTS, INVALID_SOCKET } from "../../constants/values.js";
import { resolveSocket } from "../descriptors.js";
import { setSignalled } from "../event-objects.js";
import { lookupHandle } from "../handles.js";
import type { OutPointer } from "../memory.js";
import { notifyOf, registerEvents, registerMessages } from "../notify/record.js";
import type { QueuedMessage, WindowMessage, WindowRecord } from "../notify/types.js";
import { type CallContext, requireProcess } from "../processes.js";
import type { KernelState, ProcessRecord } from "../state.js";
import { fail, type Outcome, transact, transactWith } from "../transaction.js";
import { trieGet, trieSet, trieValues } from "../trie.js";
import { editSocket } from "../writer.js";

/** Event bits a registration may carry; others are ignored, as AFD ignores them. */
const SELECTABLE = FD_EVENTS.FD_ALL_EVENTS;

function isEvent(process: ProcessRecord, handle: number): boolean {
  return lookupHandle(process, handle)?.kind === "event";
}

/**
 * WSAEventSelect(s, hEventObject, lNetworkEvents). A non-zero mask needs an event handle of the
 * calling process (WSAEINVAL otherwise); mask 0 cancels and ignores the handle. Either way the
 * socket becomes non-blocking and any earlier registration, made through any descriptor in any
 * process and of either kind, is replaced (rules EVT-ONE-REGISTRATION, EVT-NONBLOCKING).
 */
export function eventSelect(
  state: KernelState,
  ctx: CallContext,
  s: number,
  hEvent: number,
  mask: number,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    const socket = resolveSocket(state, ctx, s);
    const process = requireProcess(state, ctx.pid);
    const events = mask & SELECTABLE;
    if (events !== 0 && !isEvent(process as ProcessRecord, hEvent))
      fail(WSA_ERRORS.WSAEINVAL, "EVT-ONE-REGISTRATION");
    why.cite("EVT-NONBLOCKING");
    editSocket(w, socket.id).nonBlocking = true;
    registerEvents(
      w,
      socket.id,
      events === 0
        ? null
        : {
            kind: "event",
            mask: events,
            pid: ctx.pid,
            event: hEvent,
            through: { pid: ctx.pid, handle: s },
          },
      why,
    );
  });
}

/**
 * WSAAsyncSelect(s, hWnd, wMsg, lEvent): like WSAEventSelect, with messages posted to a window;
 * an hWnd that is not a window is WSAEINVAL (WSAAsyncSelect page).
 */
export function asyncSelect(
  state: KernelState,
  ctx: CallContext,
  s: number,
  hwnd: number,
  message: number,
  mask: number,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    const socket = resolveSocket(state, ctx, s);
    const events = mask & SELECTABLE;
    if (events !== 0 && windowOf(state, hwnd) === undefined)
      fail(WSA_ERRORS.WSAEINVAL, "EVT-MESSAGE-MODE");
    why.cite("EVT-NONBLOCKING");
    editSocket(w, socket.id).nonBlocking = true;
    if (events === 0) {
      registerEvents(w, socket.id, null, why);
      return;
    }
    registerMessages(
      w,
      socket.id,
      {
        kind: "window",
        mask: events,
        hwnd,
        message,
        wParam: s,
        through: { pid: ctx.pid, handle: s },
      },
      why,
    );
  });
}

export interface NetworkEvents {
  readonly lNetworkEvents: number;
  /** iErrorCode entries for the reported events only, by FD_x_BIT (others are not written). */
  readonly iErrorCode: ReadonlyMap<number, number>;
}

/**
 * WSAEnumNetworkEvents(s, hEventObject, lpNetworkEvents): reports and clears the recorded events
 * the current WSAEventSelect mask selects, and resets hEventObject, all or nothing (rule
 * EVT-ENUM). Events outside the mask stay recorded (observed fact 32).
 */
export function enumNetworkEvents(
  state: KernelState,
  ctx: CallContext,
  s: number,
  hEvent: number,
  lpNetworkEvents: OutPointer,
): Outcome<NetworkEvents> {
  return transactWith(state, (w, why) => {
    const socket = resolveSocket(state, ctx, s);
    const process = requireProcess(state, ctx.pid);
    if (lpNetworkEvents.kind !== "valid") fail(WSA_ERRORS.WSAEFAULT, "EVT-ENUM");
    if (hEvent !== 0 && !isEvent(process as ProcessRecord, hEvent))
      fail(WSA_ERRORS.WSAEINVAL, "EVT-ENUM");
    why.cite("EVT-ENUM");
    const notify = notifyOf(socket);
    const registration = notify.registration;
    const mask = registration?.kind === "event" ? registration.mask : 0;
    const reported = notify.pending & mask;
    const iErrorCode = new Map<number, number>();
    for (let bit = 0; bit < FD_BITS.FD_MAX_EVENTS; bit++) {
      if ((reported & (1 << bit)) !== 0) iErrorCode.set(bit, notify.errors[bit] ?? 0);
    }
    // Only what changes is written: a call that finds nothing to report or reset writes nothing.
    if (reported !== 0 && socket.notify !== undefined) {
      const notify = w.own(editSocket(w, socket.id), "notify");
      notify.pending &= ~reported;
    }
    if (hEvent !== 0) {
      const entry = lookupHandle(process as ProcessRecord, hEvent);
      if (entry?.kind === "event") setSignalled(w, entry.event, false);
    }
    return { lNetworkEvents: reported, iErrorCode };
  });
}

// ---- Windows -------------------------------------------------------------------------------------

export function windowOf(
  state: KernelState | Draft<KernelState>,
  hwnd: number,
): WindowRecord | undefined {
  if (!Number.isSafeInteger(hwnd) || hwnd <= 0 || hwnd % 4 !== 0) return undefined;
  return trieGet((state as KernelState).windows, hwnd / 4);
}

/** CreateWindow (a message-only window of the calling process): returns its HWND. */
export function createWindow(state: KernelState, ctx: CallContext): Outcome<number> {
  return transact(state, (draft, why) => {
    requireProcess(draft, ctx.pid);
    why.cite("EVT-MESSAGE-MODE");
    const hwnd = draft.nextHwnd;
    draft.nextHwnd += 4;
    trieSet(draft.windows, hwnd / 4, { hwnd, pid: ctx.pid, queue: [] });
    return hwnd;
  });
}

/**
 * PeekMessage(hwnd) with PM_REMOVE: the next message for that window, or null (rule
 * EVT-MESSAGE-MODE). Windows belong to the process that created them (not to a thread, as in
 * Windows: the simulator has one message queue per window, read by any thread of the process).
 * - NULL (0): the oldest message of any window of the calling process, as Windows takes the
 *   next message of any window of the calling thread.
 * - -1: only messages posted with no window (PostThreadMessage), which nothing here posts, so
 *   none. INVALID_SOCKET's all-ones value is the same HWND on x64.
 * - a value that is no window (never one, or destroyed): ERROR_INVALID_WINDOW_HANDLE, as user32
 *   answers (Wine's test_invalid_window, run on Windows).
 * - a window of another process: WSA_INVALID_HANDLE.
 * Only a failure changes the last error; finding no message leaves it as it was.
 */
export function peekMessage(
  state: KernelState,
  ctx: CallContext,
  hwnd: number,
): Outcome<WindowMessage | null> {
  return transact(state, (draft, why) => {
    requireProcess(draft, ctx.pid);
    let window: WindowRecord | undefined;
    if (hwnd === 0) window = oldestMessageWindow(state, ctx.pid);
    else if (hwnd !== -1 && hwnd !== INVALID_SOCKET) {
      window = windowOf(state, hwnd);
      if (window === undefined) fail(WSA_ERRORS.ERROR_INVALID_WINDOW_HANDLE, "EVT-MESSAGE-MODE");
      if (window.pid !== ctx.pid) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "EVT-MESSAGE-MODE");
    }
    why.cite("EVT-MESSAGE-MODE");
    const [first, ...rest] = window?.queue ?? [];
    if (window === undefined || first === undefined) return null;
    const target = trieGet(
      draft.windows as KernelState["windows"],
      window.hwnd / 4,
    ) as Draft<WindowRecord>;
    target.queue = rest;
    // A plain copy: the draft's objects are revoked once the call ends.
    const message: WindowMessage = {
      hwnd: first.hwnd,
      message: first.message,
      wParam: first.wParam,
      lParam: first.lParam,
    };
    return message;
  });
}

/** The window of process `pid` whose first message was posted first, if any has one. */
function oldestMessageWindow(state: KernelState, pid: number): WindowRecord | undefined {
  let oldest: WindowRecord | undefined;
  for (const window of trieValues(state.windows)) {
    const head = window.queue[0];
    if (window.pid !== pid || head === undefined) continue;
    if (oldest === undefined || head.seq < (oldest.queue[0] as QueuedMessage).seq) oldest = window;
  }
  return oldest;
}
