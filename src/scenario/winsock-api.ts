/**
 * WinsockApi: the methods a scenario calls on a thread, and nothing else, so that another
 * implementation (the oracle's adapter, docs/oracle.md) can write exactly this list and
 * type-check. The simulator's WinsockThread has more (blockedIn, GetCurrentProcessId, the A and
 * unsuffixed aliases, ...) and accepts more (INVALID_POINTER for any pointer); it stays
 * assignable to this interface (test/oracle/winsock-api.test.ts).
 *
 * Parameter types are what the scenario runner passes (src/scenario/calls.ts): a buffer is a
 * Uint8Array or null, never the simulator's INVALID_POINTER. Any Winsock function may return
 * BLOCKED; the runner then expects an `await` step on that thread.
 */
import type { FunctionPointerRef } from "../api/ioctl-memory.js";
import type { IntArg, IntRef, InvalidPointer } from "../api/memory.js";
import type { ApcRoutine, CompletionRoutine } from "../api/routines.js";
import type {
  MSG,
  OVERLAPPED_ENTRY,
  TIMEVAL,
  WSABUF,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
  WSAPOLLFD,
} from "../api/structs.js";
import type { SockaddrRef } from "../api/thread/accept-ex.js";
import type { OverlappedRef } from "../api/thread/ports.js";
import type { WSADATA } from "../api/wsadata.js";
import type { Blocked } from "../kernel/index.js";
import type { WorldProcess } from "./world.js";

/** A pointer to bytes the function reads or writes: a SOCKADDR, data, a WSAPROTOCOL_INFO. */
type Bytes = Uint8Array | null;
/** An int* in-out parameter (namelen, optlen, argp). */
type IntPointer = IntRef | null;
/** A WSABUF array: the buffers, NULL, or a pointer the call cannot read (INVALID_POINTER). */
type Wsabufs = readonly WSABUF[] | null | InvalidPointer;
/** An OVERLAPPED: the structure, NULL, or a pointer the call cannot use (INVALID_POINTER). */
type OverlappedPointer = WSAOVERLAPPED | null | InvalidPointer;
/** What a Winsock function returns: its C return value, or BLOCKED while it waits. */
type Ret = number | Blocked;

/** The Winsock functions and pseudo-calls a scenario can make on a thread. */
export interface WinsockApi {
  // Startup and errors.
  /** Returns 0 or the error code itself. */
  WSAStartup(wVersionRequested: number, lpWSAData: WSADATA | null): Ret;
  WSACleanup(): Ret;
  /** This thread's last error. */
  WSAGetLastError(): number;
  WSASetLastError(iError: number): void;

  // Sockets. "WSASocket" and "WSADuplicateSocket" in a scenario call the W functions; the A
  // functions are optional, as only hand-written scenarios name them.
  socket(af: number, type: number, protocol: number): Ret;
  WSASocketA?(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Bytes,
    g: number,
    dwFlags: number,
  ): Ret;
  WSASocketW(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Bytes,
    g: number,
    dwFlags: number,
  ): Ret;
  /** Writes a 372-byte WSAPROTOCOL_INFOA. */
  WSADuplicateSocketA?(s: number, dwProcessId: number, lpProtocolInfo: Bytes): Ret;
  /** Writes a 628-byte WSAPROTOCOL_INFOW. */
  WSADuplicateSocketW(s: number, dwProcessId: number, lpProtocolInfo: Bytes): Ret;
  closesocket(s: number): Ret;

  // Connections and names.
  bind(s: number, name: Bytes, namelen: number): Ret;
  listen(s: number, backlog: number): Ret;
  accept(s: number, addr: Bytes, addrlen: IntPointer): Ret;
  connect(s: number, name: Bytes, namelen: number): Ret;
  getsockname(s: number, name: Bytes, namelen: IntPointer): Ret;
  getpeername(s: number, name: Bytes, namelen: IntPointer): Ret;
  shutdown(s: number, how: number): Ret;

  // Options and control.
  setsockopt(s: number, level: number, optname: number, optval: Bytes, optlen: number): Ret;
  getsockopt(s: number, level: number, optname: number, optval: Bytes, optlen: IntPointer): Ret;
  ioctlsocket(s: number, cmd: number, argp: IntPointer): Ret;

  // Data.
  send(s: number, buf: Bytes, len: number, flags: number): Ret;
  recv(s: number, buf: Bytes, len: number, flags: number): Ret;
  sendto(s: number, buf: Bytes, len: number, flags: number, to: Bytes, tolen: number): Ret;
  recvfrom(
    s: number,
    buf: Bytes,
    len: number,
    flags: number,
    from: Bytes,
    fromlen: IntPointer,
  ): Ret;

  // Scatter/gather and overlapped I/O, without completion routines. Optional: only hand-written
  // scenarios make these calls. An operation left pending (SOCKET_ERROR, WSA_IO_PENDING) writes
  // the WSAOVERLAPPED, the buffers and lpFlags when it completes, possibly during another
  // thread's call; the out pointers may be an IntRef, null or INVALID_POINTER.
  /** 0, or SOCKET_ERROR (WSA_IO_PENDING for a pending operation). */
  WSARecv?(
    s: number,
    lpBuffers: Wsabufs,
    dwBufferCount: number,
    lpNumberOfBytesRecvd: IntArg,
    lpFlags: IntArg,
    lpOverlapped: OverlappedPointer,
    lpCompletionRoutine?: CompletionRoutine | null,
  ): Ret;
  WSASend?(
    s: number,
    lpBuffers: Wsabufs,
    dwBufferCount: number,
    lpNumberOfBytesSent: IntArg,
    dwFlags: number,
    lpOverlapped: OverlappedPointer,
    lpCompletionRoutine?: CompletionRoutine | null,
  ): Ret;
  /**
   * WSARecv that writes the sender's address to lpFrom and its length to *lpFromlen (datagram
   * sockets), at once or when the operation completes; lpCompletionRoutine as for WSARecv.
   */
  WSARecvFrom?(
    s: number,
    lpBuffers: Wsabufs,
    dwBufferCount: number,
    lpNumberOfBytesRecvd: IntArg,
    lpFlags: IntArg,
    lpFrom: Bytes,
    lpFromlen: IntPointer,
    lpOverlapped: OverlappedPointer,
    lpCompletionRoutine?: CompletionRoutine | null,
  ): Ret;
  /** WSASend to lpTo (ignored on a stream socket); lpCompletionRoutine as for WSASend. */
  WSASendTo?(
    s: number,
    lpBuffers: Wsabufs,
    dwBufferCount: number,
    lpNumberOfBytesSent: IntArg,
    dwFlags: number,
    lpTo: Bytes,
    iTolen: number,
    lpOverlapped: OverlappedPointer,
    lpCompletionRoutine?: CompletionRoutine | null,
  ): Ret;
  /** TRUE (1) or FALSE (0); with fWait it may block until the operation completes. */
  WSAGetOverlappedResult?(
    s: number,
    lpOverlapped: OverlappedPointer,
    lpcbTransfer: IntArg,
    fWait: number | boolean,
    lpdwFlags: IntArg,
  ): Ret;

  // I/O completion ports (kernel32). Optional: only hand-written scenarios make these calls.
  // Handles are numbers; a port's is returned like an event's. The out pointers may be an
  // IntRef, null or INVALID_POINTER; lpOverlapped an OverlappedRef ({ value }), null or
  // INVALID_POINTER.
  /** The port's handle (a new port for FileHandle INVALID_HANDLE_VALUE, -1), or 0 (NULL). */
  CreateIoCompletionPort?(
    FileHandle: number,
    ExistingCompletionPort: number,
    CompletionKey: number,
    NumberOfConcurrentThreads: number,
  ): number;
  /**
   * TRUE (1) with a packet, FALSE (0) with a failed operation's packet (written too) or with
   * none (lpOverlapped's value null); BLOCKED while it waits.
   */
  GetQueuedCompletionStatus?(
    CompletionPort: number,
    lpNumberOfBytesTransferred: IntArg,
    lpCompletionKey: IntArg,
    lpOverlapped: OverlappedRef | null | InvalidPointer,
    dwMilliseconds: number,
  ): Ret;
  /** TRUE (1), or FALSE (0) for a handle that is not a port. */
  PostQueuedCompletionStatus?(
    CompletionPort: number,
    dwNumberOfBytesTransferred: number,
    dwCompletionKey: number,
    lpOverlapped: WSAOVERLAPPED | null,
  ): number;
  // mswsock's ConnectEx and DisconnectEx (a C program gets them from WSAIoctl with
  // SIO_GET_EXTENSION_FUNCTION_POINTER). Optional like the calls above.
  /** FALSE (0) with ERROR_IO_PENDING when the connect starts; TRUE (1) if it completed at once. */
  ConnectEx?(
    s: number,
    name: Uint8Array | null,
    namelen: number,
    lpSendBuffer: Uint8Array | null,
    dwSendDataLength: number,
    lpdwBytesSent: IntArg,
    lpOverlapped: OverlappedPointer,
  ): number;
  /** TRUE (1), FALSE (0) (ERROR_IO_PENDING with an OVERLAPPED), or BLOCKED without one. */
  DisconnectEx?(
    s: number,
    lpOverlapped: OverlappedPointer,
    dwFlags: number,
    dwReserved: number,
  ): Ret;
  /** TRUE (1) after cancelling this thread's pending operations on the socket, even none. */
  CancelIo?(hFile: number): number;
  /**
   * TRUE (1) after cancelling this process's pending operations on the socket (only the one
   * issued with lpOverlapped when it is not null), FALSE (0) with ERROR_NOT_FOUND for none.
   */
  CancelIoEx?(hFile: number, lpOverlapped: WSAOVERLAPPED | null): number;
  /** TRUE (1) after adding the modes in Flags to the socket's, FALSE (0) with the error. */
  SetFileCompletionNotificationModes?(FileHandle: number, Flags: number): number;

  // WSAIoctl. Optional: only hand-written scenarios make it.
  // lpvInBuffer is bytes or null/INVALID_POINTER; lpvOutBuffer bytes, a FunctionPointerRef
  // (SIO_GET_EXTENSION_FUNCTION_POINTER with pointer-sized room), null or INVALID_POINTER.
  /** 0, or SOCKET_ERROR (WSA_IO_PENDING for an unknown code with an OVERLAPPED). */
  WSAIoctl?(
    s: number,
    dwIoControlCode: number,
    lpvInBuffer: Uint8Array | null | InvalidPointer,
    cbInBuffer: number,
    lpvOutBuffer: Uint8Array | FunctionPointerRef | null | InvalidPointer,
    cbOutBuffer: number,
    lpcbBytesReturned: IntArg,
    lpOverlapped: OverlappedPointer,
    lpCompletionRoutine?: CompletionRoutine | null,
  ): number;

  /**
   * AcceptEx: TRUE (1) when it completed at once, FALSE (0) with ERROR_IO_PENDING or the error.
   * lpOutputBuffer is a buffer (or null, or INVALID_POINTER).
   */
  AcceptEx?(
    sListenSocket: number,
    sAcceptSocket: number,
    lpOutputBuffer: Uint8Array | null | InvalidPointer,
    dwReceiveDataLength: number,
    dwLocalAddressLength: number,
    dwRemoteAddressLength: number,
    lpdwBytesReceived: IntArg,
    lpOverlapped: WSAOVERLAPPED | null | InvalidPointer,
  ): number;

  /**
   * GetAcceptExSockaddrs: returns nothing. lpOutputBuffer is the buffer an AcceptEx was given;
   * the function points LocalSockaddr and RemoteSockaddr (`{ value }` cells, or null) at the
   * addresses in it and writes their lengths.
   */
  GetAcceptExSockaddrs?(
    lpOutputBuffer: Uint8Array,
    dwReceiveDataLength: number,
    dwLocalAddressLength: number,
    dwRemoteAddressLength: number,
    LocalSockaddr: SockaddrRef | null,
    LocalSockaddrLength: IntArg,
    RemoteSockaddr: SockaddrRef | null,
    RemoteSockaddrLength: IntArg,
  ): void;
  /**
   * Up to ulCount packets into the OVERLAPPED_ENTRY array: TRUE (1); FALSE (0) with WAIT_TIMEOUT,
   * or WAIT_IO_COMPLETION when fAlertable and APCs ran; BLOCKED while it waits.
   */
  GetQueuedCompletionStatusEx?(
    CompletionPort: number,
    lpCompletionPortEntries: OVERLAPPED_ENTRY[] | null,
    ulCount: number,
    ulNumEntriesRemoved: IntArg,
    dwMilliseconds: number,
    fAlertable: boolean | number,
  ): Ret;

  // APCs and alertable waits (kernel32). Optional. A routine runs inside the thread's alertable
  // wait, before the call returns. hThread is a thread of the implementation (its thread object).
  /** 0 after the time, WAIT_IO_COMPLETION (0xC0) after running APCs; BLOCKED while it waits. */
  SleepEx?(dwMilliseconds: number, bAlertable: boolean | number): Ret;
  /** Nonzero, or 0 for a thread that cannot take the APC. */
  QueueUserAPC?(pfnAPC: ApcRoutine, hThread: object | number, dwData: number): number;

  // Event objects and notification. Booleans may come as 0/1 or true/false.
  /** Returns the WSAEVENT, or 0 (WSA_INVALID_EVENT). */
  WSACreateEvent(): Ret;
  /** TRUE (non-zero) or FALSE. */
  WSACloseEvent(hEvent: number): Ret;
  WSASetEvent(hEvent: number): Ret;
  WSAResetEvent(hEvent: number): Ret;
  WSAEventSelect(s: number, hEventObject: number, lNetworkEvents: number): Ret;
  WSAAsyncSelect(s: number, hWnd: number, wMsg: number, lEvent: number): Ret;
  WSAEnumNetworkEvents(
    s: number,
    hEventObject: number,
    lpNetworkEvents: WSANETWORKEVENTS | null,
  ): Ret;
  /** WSA_WAIT_EVENT_0 + i, WSA_WAIT_TIMEOUT (258) or WSA_WAIT_FAILED. */
  WSAWaitForMultipleEvents(
    cEvents: number,
    lphEvents: readonly number[] | null,
    fWaitAll: boolean | number,
    dwTimeout: number,
    fAlertable: boolean | number,
  ): Ret;
  /** The sets are arrays of SOCKETs, rewritten in place to their ready members. */
  select(
    nfds: number,
    readfds: number[] | null,
    writefds: number[] | null,
    exceptfds: number[] | null,
    timeout: TIMEVAL | null,
  ): Ret;
  /** Writes each entry's revents. */
  WSAPoll(fdArray: WSAPOLLFD[] | null, fds: number, timeout: number): Ret;

  // Pseudo-calls: a window for WSAAsyncSelect and its messages, time, threads.
  /** A message-only window of this process; returns its HWND. */
  CreateWindow(): Ret;
  /** PeekMessage with PM_REMOVE: 1 and lpMsg filled if a message was waiting, else 0. */
  PeekMessage(lpMsg: MSG, hWnd: number): Ret;
  Sleep(dwMilliseconds: number): void;
  ExitThread(): void;

  // Handles as kernel32 sees them. Optional: only hand-written scenarios make these calls.
  // Processes are named by pid: -1 is GetCurrentProcess(), 0 is NULL. The out pointers may be
  // an IntRef, null, or the simulator's INVALID_POINTER (a pointer the call cannot write).
  /** Starts a process named `lpApplicationName`, with this thread's process as its parent. */
  CreateProcess?(lpApplicationName: string, bInheritHandles: number): WorldProcess;
  /** TRUE or FALSE; the new handle's value in lpTargetHandle (0 on failure). */
  DuplicateHandle?(
    hSourceProcessHandle: number,
    hSourceHandle: number,
    hTargetProcessHandle: number,
    lpTargetHandle: IntArg,
    dwDesiredAccess: number,
    bInheritHandle: number,
    dwOptions: number,
  ): number;
  /** TRUE with HANDLE_FLAG_INHERIT and HANDLE_FLAG_PROTECT_FROM_CLOSE in lpdwFlags, or FALSE. */
  GetHandleInformation?(hObject: number, lpdwFlags: IntArg): number;
  SetHandleInformation?(hObject: number, dwMask: number, dwFlags: number): number;
  CloseHandle?(hObject: number): number;

  /**
   * Finishes the call this thread is blocked in: its return value, or BLOCKED while it still
   * cannot finish. Called only after a call returned BLOCKED; an implementation that never
   * blocks may throw here.
   */
  await(): Ret;
}

/** The methods of WinsockApi, in the order above (docs/oracle.md lists them). */
export const WINSOCK_API_METHODS = [
  "WSAStartup",
  "WSACleanup",
  "WSAGetLastError",
  "WSASetLastError",
  "socket",
  "WSASocketA",
  "WSASocketW",
  "WSADuplicateSocketA",
  "WSADuplicateSocketW",
  "closesocket",
  "bind",
  "listen",
  "accept",
  "connect",
  "getsockname",
  "getpeername",
  "shutdown",
  "setsockopt",
  "getsockopt",
  "ioctlsocket",
  "send",
  "recv",
  "sendto",
  "recvfrom",
  "WSARecv",
  "WSASend",
  "WSARecvFrom",
  "WSASendTo",
  "WSAGetOverlappedResult",
  "CreateIoCompletionPort",
  "GetQueuedCompletionStatus",
  "PostQueuedCompletionStatus",
  "ConnectEx",
  "DisconnectEx",
  "CancelIo",
  "CancelIoEx",
  "WSAIoctl",
  "AcceptEx",
  "GetAcceptExSockaddrs",
  "SetFileCompletionNotificationModes",
  "GetQueuedCompletionStatusEx",
  "SleepEx",
  "QueueUserAPC",
  "WSACreateEvent",
  "WSACloseEvent",
  "WSASetEvent",
  "WSAResetEvent",
  "WSAEventSelect",
  "WSAAsyncSelect",
  "WSAEnumNetworkEvents",
  "WSAWaitForMultipleEvents",
  "select",
  "WSAPoll",
  "CreateWindow",
  "PeekMessage",
  "Sleep",
  "ExitThread",
  "CreateProcess",
  "DuplicateHandle",
  "GetHandleInformation",
  "SetHandleInformation",
  "CloseHandle",
  "await",
] as const satisfies readonly (keyof WinsockApi)[];
