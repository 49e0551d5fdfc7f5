/**
 * Network event notification state of a socket, and simulated windows with message queues.
 *
 * The model (rules EVT-*, spec/rules/events.json) is the one Windows' AFD driver exposes and
 * Wine's event tests pin down on Windows:
 * - `pending` is the socket's record of network events. An event is recorded when it occurs,
 *   whatever is registered (observed fact 33), and leaves the record when WSAEnumNetworkEvents
 *   reports it, or, for the level-triggered FD_READ, FD_OOB and FD_ACCEPT, when its condition ends.
 * - `reported` holds the events delivered under the current registration (event signalled or
 *   message posted) that their re-enabling function has not re-armed yet: a recorded event is
 *   delivered at most once until re-enabled.
 * - `registration` is the one WSAEventSelect or WSAAsyncSelect in force for the underlying socket,
 *   whichever descriptor and process made it.
 */
import type { HandleValue, ProcessId } from "../state.js";

/**
 * The descriptor a registration was made through, and its process: for the state view only
 * (an accepted socket's inherited registration is made through the descriptor accept returned).
 */
export interface DescriptorOf {
  readonly pid: ProcessId;
  readonly handle: HandleValue;
}

export type Registration =
  | {
      readonly kind: "event";
      readonly mask: number;
      /** The process whose handle table holds the event, and the event's handle there. */
      readonly pid: ProcessId;
      readonly event: HandleValue;
      readonly through: DescriptorOf;
    }
  | {
      readonly kind: "window";
      readonly mask: number;
      readonly hwnd: number;
      readonly message: number;
      /** The descriptor value the registering process used: what wParam carries (X24). */
      readonly wParam: number;
      readonly through: DescriptorOf;
    };

export interface NotifyState {
  readonly registration: Registration | null;
  readonly pending: number;
  /** iErrorCode of each recorded event, by FD_x_BIT. */
  readonly errors: readonly number[];
  readonly reported: number;
  /** A send failed with WSAEWOULDBLOCK: FD_WRITE is recorded when space frees (rule EVT-WRITE). */
  readonly writeBlocked: boolean;
}

export const FRESH_NOTIFY: NotifyState = Object.freeze({
  registration: null,
  pending: 0,
  errors: Object.freeze([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  reported: 0,
  writeBlocked: false,
});

/** A posted window message. */
export interface WindowMessage {
  readonly hwnd: number;
  readonly message: number;
  readonly wParam: number;
  readonly lParam: number;
}

/**
 * A message waiting in a window's queue. `seq` (from the kernel's sequence counter) orders the
 * messages of all windows as they were posted: PeekMessage with a NULL hWnd takes the oldest.
 */
export interface QueuedMessage extends WindowMessage {
  readonly seq: number;
}

export interface WindowRecord {
  readonly hwnd: number;
  readonly pid: ProcessId;
  readonly queue: readonly QueuedMessage[];
}
