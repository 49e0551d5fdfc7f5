/**
 * Helpers for the network event tests. `Watch` plays the part of Wine's select_events and
 * check_events: the same scenario runs in event mode (WSAEventSelect, then a zero-timeout wait
 * and WSAEnumNetworkEvents, which resets the event) and in message mode (WSAAsyncSelect, then
 * every message the window got). "Nothing" means: in event mode the event is not signalled and
 * the enumeration reports 0; in message mode no message arrives.
 */
import { expect } from "vitest";
import {
  MSG,
  type WinsockThread,
  WSA_WAIT_EVENT_0,
  WSA_WAIT_TIMEOUT,
  WSANETWORKEVENTS,
} from "../../src/index.js";

export * from "../net/helpers.js";

export type Mode = "event" | "message";
export const MODES: readonly Mode[] = ["event", "message"];
export const WM_SOCKET = 0x400 + 7;

export interface Posted {
  readonly wParam: number;
  readonly event: number;
  readonly error: number;
}

/** Whether `e` is signalled, by a zero-timeout wait (which resets nothing). */
export function signalled(t: WinsockThread, e: number): boolean {
  const r = t.WSAWaitForMultipleEvents(1, [e], false, 0, false);
  expect([WSA_WAIT_EVENT_0, WSA_WAIT_TIMEOUT]).toContain(r);
  return r === WSA_WAIT_EVENT_0;
}

/** Every message waiting for `hwnd`, removed. */
export function messages(t: WinsockThread, hwnd: number): (Posted & { message: number })[] {
  const out: (Posted & { message: number })[] = [];
  const msg = new MSG();
  while (t.PeekMessage(msg, hwnd) === 1)
    out.push({ message: msg.message, wParam: msg.wParam, event: msg.event, error: msg.error });
  return out;
}

export function enumerate(t: WinsockThread, s: number, e: number): WSANETWORKEVENTS {
  const ne = new WSANETWORKEVENTS();
  ne.iErrorCode.fill(0xabababab);
  expect(t.WSAEnumNetworkEvents(s, e, ne)).toBe(0);
  return ne;
}

/** One socket watched in one mode, with its own event object and window. */
export class Watch {
  readonly event: number;
  readonly hwnd: number;

  constructor(
    readonly t: WinsockThread,
    public s: number,
    readonly mode: Mode,
  ) {
    this.event = t.WSACreateEvent();
    this.hwnd = t.CreateWindow();
  }

  select(mask: number): void {
    if (this.mode === "event") expect(this.t.WSAEventSelect(this.s, this.event, mask)).toBe(0);
    else expect(this.t.WSAAsyncSelect(this.s, this.hwnd, WM_SOCKET, mask)).toBe(0);
  }

  /**
   * Expects exactly `events` (message mode: one message each, in this order, with wParam `s`;
   * event mode: the event signalled and the enumeration reporting their union), each with the
   * error given in `errors` or 0.
   */
  expect(events: readonly number[], errors: Readonly<Record<number, number>> = {}): void {
    if (this.mode === "message") {
      expect(messages(this.t, this.hwnd)).toEqual(
        events.map((event) => ({
          message: WM_SOCKET,
          wParam: this.s,
          event,
          error: errors[event] ?? 0,
        })),
      );
      return;
    }
    const union = events.reduce((a, b) => a | b, 0);
    expect(signalled(this.t, this.event)).toBe(union !== 0);
    const ne = enumerate(this.t, this.s, this.event);
    expect(ne.lNetworkEvents).toBe(union);
    for (let bit = 0; bit < 10; bit++) {
      const event = 1 << bit;
      expect(ne.iErrorCode[bit]).toBe((union & event) !== 0 ? (errors[event] ?? 0) : 0xabababab);
    }
    expect(signalled(this.t, this.event)).toBe(false);
  }

  /** The mode's answer: `ifEvent` in event mode, `ifMessage` in message mode. */
  expectByMode(ifEvent: readonly number[], ifMessage: readonly number[]): void {
    this.expect(this.mode === "event" ? ifEvent : ifMessage);
  }

  nothing(): void {
    this.expect([]);
  }
}
