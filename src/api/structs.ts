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

/**
 * WSABUF: `len` bytes at `buf`. A `buf` shorter than `len`, or not a Uint8Array, is memory
 * outside the caller's address space (WSAEFAULT), as for the other buffers (memory.ts).
 */
export class WSABUF {
  constructor(
    public len: number,
    public buf: Uint8Array | null,
  ) {}
}

/**
 * WSAOVERLAPPED (OVERLAPPED): the program's memory for an overlapped operation. The kernel
 * writes Internal (an NTSTATUS: STATUS_PENDING while the operation runs), InternalHigh (bytes
 * transferred) and Offset (the flags out) when the operation starts and when it completes, as
 * Windows does, so a program may read them directly; hEvent is the event to set, or 0.
 */
export class WSAOVERLAPPED {
  Internal = 0;
  InternalHigh = 0;
  Offset = 0;
  OffsetHigh = 0;
  hEvent = 0;
}

/**
 * OVERLAPPED_ENTRY: one packet as GetQueuedCompletionStatusEx hands it out. Internal is the
 * operation's NTSTATUS (a failed operation's packet does not fail the call); lpOverlapped is the
 * WSAOVERLAPPED the operation was issued with, or null for a posted packet without one.
 */
export class OVERLAPPED_ENTRY {
  lpCompletionKey = 0;
  lpOverlapped: WSAOVERLAPPED | null = null;
  Internal = 0;
  dwNumberOfBytesTransferred = 0;
}
