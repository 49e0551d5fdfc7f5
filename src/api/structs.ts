/** Output structures of the notification calls, as objects the calls fill. */
import { FD_BITS } from "../constants/values.js";

/** WSANETWORKEVENTS: lNetworkEvents, and iErrorCode indexed by FD_x_BIT. */
export class WSANETWORKEVENTS {
  lNetworkEvents = 0;
  iErrorCode: number[] = new Array<number>(FD_BITS.FD_MAX_EVENTS).fill(0);
}

/** MSG, as PeekMessage fills it. `event` and `error` decode lParam (WSAGETSELECTEVENT/ERROR). */
export class MSG {
  hwnd = 0;
  message = 0;
  wParam = 0;
  lParam = 0;
  get event(): number {
    return this.lParam & 0xffff;
  }
  get error(): number {
    return (this.lParam >>> 16) & 0xffff;
  }
}

/** struct timeval: seconds and microseconds. */
export interface TIMEVAL {
  tv_sec: number;
  tv_usec: number;
}

/** WSAPOLLFD: revents is written by WSAPoll. */
export interface WSAPOLLFD {
  fd: number;
  events: number;
  revents: number;
}
