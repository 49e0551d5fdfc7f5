/**
 * The facade's event calls: event objects and waiting on them, WSAEventSelect and
 * WSAEnumNetworkEvents, WSAAsyncSelect and the window and message pseudo-calls it needs.
 */
import { SOCKET_ERROR, WAIT_VALUES } from "../../constants/values.js";
import type { Blocked, Outcome } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import { type InvalidPointer, reusedOut, writable, writeOut } from "../memory.js";
import { MSG, WSANETWORKEVENTS } from "../structs.js";
import { faulted } from "./arguments.js";
import { ThreadOptions } from "./options.js";

export abstract class ThreadEvents extends ThreadOptions {
  // ---- Event objects --------------------------------------------------------------------------

  /** Returns a WSAEVENT handle, or WSA_INVALID_EVENT (0). */
  WSACreateEvent(): number {
    this.ready("WSACreateEvent");
    const outcome = kernel.createEvent(this.sim.state, this.ctx);
    const ret = outcome.ok ? outcome.value : 0;
    this.commit("WSACreateEvent", [], outcome, ret);
    return ret;
  }

  /** TRUE (1) or FALSE (0). */
  WSACloseEvent(hEvent: number): number {
    return this.bool("WSACloseEvent", hEvent, () =>
      kernel.closeEvent(this.sim.state, this.ctx, cHandle(hEvent)),
    );
  }

  WSASetEvent(hEvent: number): number {
    return this.bool("WSASetEvent", hEvent, () =>
      kernel.signalEvent(this.sim.state, this.ctx, cHandle(hEvent), true),
    );
  }

  WSAResetEvent(hEvent: number): number {
    return this.bool("WSAResetEvent", hEvent, () =>
      kernel.signalEvent(this.sim.state, this.ctx, cHandle(hEvent), false),
    );
  }

  // ---- Network event notification ---------------------------------------------------------------

  WSAEventSelect(s: number, hEventObject: number, lNetworkEvents: number): number {
    this.ready("WSAEventSelect");
    const outcome = kernel.eventSelect(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cHandle(hEventObject),
      cInt(lNetworkEvents),
    );
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("WSAEventSelect", [s, hEventObject, lNetworkEvents], outcome, ret);
    return ret;
  }

  WSAAsyncSelect(s: number, hWnd: number, wMsg: number, lEvent: number): number {
    this.ready("WSAAsyncSelect");
    const outcome = kernel.asyncSelect(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cHandle(hWnd),
      cDword(wMsg),
      cInt(lEvent),
    );
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("WSAAsyncSelect", [s, hWnd, wMsg, lEvent], outcome, ret);
    return ret;
  }

  /** Fills lpNetworkEvents (only the iErrorCode slots of reported events are written). */
  WSAEnumNetworkEvents(
    s: number,
    hEventObject: number,
    lpNetworkEvents: WSANETWORKEVENTS | null | InvalidPointer,
  ): number {
    this.ready("WSAEnumNetworkEvents");
    let outcome: Outcome<kernel.NetworkEvents> = kernel.enumNetworkEvents(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cHandle(hEventObject ?? 0) || 0,
      reusedOut(lpNetworkEvents),
    );
    if (outcome.ok && lpNetworkEvents instanceof WSANETWORKEVENTS) {
      const events = outcome.value;
      const written = writeOut(() => {
        lpNetworkEvents.lNetworkEvents = events.lNetworkEvents;
        for (const [bit, code] of events.iErrorCode) lpNetworkEvents.iErrorCode[bit] = code;
      });
      if (!written) outcome = faulted(this.sim.state, "EVT-ENUM");
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("WSAEnumNetworkEvents", [s, hEventObject, lpNetworkEvents], outcome, ret);
    return ret;
  }

  /**
   * Returns WSA_WAIT_EVENT_0 + i, WSA_WAIT_TIMEOUT, WSA_WAIT_FAILED, or BLOCKED; with fAlertable,
   * WSA_WAIT_IO_COMPLETION after running this thread's queued APCs (rule APC-WAITS).
   */
  WSAWaitForMultipleEvents(
    cEvents: number,
    lphEvents: readonly number[] | null,
    fWaitAll: boolean | number,
    dwTimeout: number,
    fAlertable: boolean | number,
  ): number | Blocked {
    this.ready("WSAWaitForMultipleEvents");
    const outcome = kernel.waitForMultipleEvents(this.sim.state, this.ctx, {
      cEvents: cDword(cEvents),
      events: Array.isArray(lphEvents) ? lphEvents.map(cHandle) : null,
      waitAll: Boolean(fWaitAll),
      timeout: cDword(dwTimeout),
      alertable: Boolean(fAlertable),
    });
    return this.blocking(
      "WSAWaitForMultipleEvents",
      [cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable],
      outcome,
      (ok, value) => {
        if (!ok) return WAIT_VALUES.WSA_WAIT_FAILED;
        // An alertable wait that ran APCs: WSA_WAIT_IO_COMPLETION, the routines called next.
        if (typeof value === "number") return value;
        const alerted = value as kernel.Alerted;
        this.alerted(alerted.apcs);
        return alerted.ret;
      },
    );
  }

  // ---- Windows and messages (pseudo-calls) --------------------------------------------------------

  /** A message-only window of this process, for WSAAsyncSelect; returns its HWND. */
  CreateWindow(): number {
    this.ready("CreateWindow");
    const hwnd = this.sim.apply(kernel.createWindow(this.sim.state, this.ctx));
    return hwnd;
  }

  /**
   * PeekMessage with PM_REMOVE: TRUE and lpMsg filled if a message was waiting, else FALSE.
   * hWnd NULL reads every window of this process, -1 only thread messages (there are none); a
   * value that is no window fails with ERROR_INVALID_WINDOW_HANDLE (rule EVT-MESSAGE-MODE).
   */
  PeekMessage(lpMsg: MSG, hWnd: number): number {
    this.ready("PeekMessage");
    let outcome: Outcome<kernel.WindowMessage | null> = kernel.peekMessage(
      this.sim.state,
      this.ctx,
      cHandle(hWnd),
    );
    // A message that cannot be written into lpMsg (memory.ts) is not removed either: the call
    // fails with WSAEFAULT and the queue stays as it was.
    if (outcome.ok && outcome.value !== null && lpMsg instanceof MSG && !writable(lpMsg))
      outcome = faulted(this.sim.state, "EVT-MESSAGE-MODE");
    const message = outcome.ok ? outcome.value : null;
    if (message !== null && lpMsg instanceof MSG) Object.assign(lpMsg, message);
    const ret = message === null ? 0 : 1;
    this.commit("PeekMessage", [lpMsg, hWnd], outcome, ret);
    return ret;
  }
}
