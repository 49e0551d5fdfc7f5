/**
 * The Winsock facade: one object per simulated thread whose methods are Winsock functions with
 * Winsock's parameters and return conventions (SOCKET or INVALID_SOCKET, 0 or SOCKET_ERROR, the
 * error in this thread's WSAGetLastError, WSAStartup returning its code directly).
 *
 * Every method translates its arguments for the kernel, runs one kernel call, copies outputs into
 * the caller's memory, and commits the outcome. Which successful calls reset the last error to 0
 * is listed in CLEARS_ON_SUCCESS (rule ERR-SUCCESS-CLEARS, in thread/core.ts).
 *
 * WinsockThread is the last of a chain of classes, one per family of calls, each in its own file
 * under thread/ and each extending the one before:
 *
 *   thread/core.ts         ThreadCore         the thread's state, blocking calls and await, Sleep,
 *                                             and the protected helpers every family uses
 *   thread/startup.ts      ThreadStartup      WSAStartup, WSACleanup, WSAGet/SetLastError,
 *                                             GetCurrentProcessId, GetCurrentThreadId
 *   thread/sockets.ts      ThreadSockets      socket, WSASocketA/W, closesocket,
 *                                             WSADuplicateSocketA/W
 *   thread/connections.ts  ThreadConnections  bind, listen, accept, connect, getsockname,
 *                                             getpeername, shutdown
 *   thread/transfer.ts     ThreadTransfer     send, sendto, recv, recvfrom
 *   thread/options.ts      ThreadOptions      getsockopt, setsockopt, ioctlsocket
 *   thread/events.ts       ThreadEvents       event objects, WSAWaitForMultipleEvents,
 *                                             WSAEventSelect, WSAEnumNetworkEvents, WSAAsyncSelect,
 *                                             CreateWindow, PeekMessage
 *   thread/polling.ts      ThreadPolling      select, WSAPoll
 *   thread/handles.ts      ThreadHandles      CreateProcess, DuplicateHandle,
 *                                             Get/SetHandleInformation, CloseHandle, ExitThread
 *   thread/overlapped.ts   ThreadOverlapped   WSARecv, WSARecvFrom, WSASend, WSASendTo,
 *                                             WSAGetOverlappedResult
 *   thread/ports.ts        ThreadPorts        CreateIoCompletionPort, GetQueuedCompletionStatus(Ex),
 *                                             PostQueuedCompletionStatus, CancelIo, CancelIoEx,
 *                                             SetFileCompletionNotificationModes
 *   thread/accept-ex.ts    ThreadAcceptEx     AcceptEx, GetAcceptExSockaddrs
 *   thread/connect-ex.ts   ThreadConnectEx    ConnectEx, DisconnectEx
 *   thread/ioctl.ts        ThreadIoctl        WSAIoctl
 *   thread/alertable.ts    ThreadAlertable    SleepEx, QueueUserAPC
 *
 * thread/arguments.ts holds the argument helpers several families share. A family's own helpers
 * are #private to its class; only ThreadCore has protected ones (PROTECTED_HELPERS), so every
 * other method on the chain is a call of the facade (facadeMethodNames).
 */

import { ThreadAlertable } from "./thread/alertable.js";
import { PROTECTED_HELPERS } from "./thread/core.js";

export class WinsockThread extends ThreadAlertable {}

/**
 * The names of the facade's methods, sorted: every function on the prototype chain of
 * `threadClass` (a WinsockThread, passed in so that a test uses the one of its own module graph)
 * up to Object.prototype, without the constructor and ThreadCore's protected helpers. Getters
 * (alive, blockedIn, pid, ctx, last) are not methods.
 */
export function facadeMethodNames(threadClass: { prototype: object }): string[] {
  const names = new Set<string>();
  let proto: object | null = threadClass.prototype;
  while (proto !== null && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === "constructor" || PROTECTED_HELPERS.has(name)) continue;
      if (typeof Object.getOwnPropertyDescriptor(proto, name)?.value === "function")
        names.add(name);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names].sort();
}
