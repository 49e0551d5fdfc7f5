/**
 * The parameter table (src/api/signatures.ts) covers every call the facade makes, and each
 * record carries exactly the parameters its entry lists.
 */
import { describe, expect, it } from "vitest";
import { formatCall } from "../../src/api/describe.js";
import { SIGNATURES } from "../../src/api/signatures.js";
import { facadeMethodNames } from "../../src/api/thread.js";
import {
  AF_INET,
  FD_READ,
  FIONBIO,
  FIONREAD,
  intRef,
  MSG,
  OVERLAPPED_ENTRY,
  overlappedRef,
  SD_SEND,
  SO_SNDBUF,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  sockaddrRef,
  WinsockThread,
  WSABUF,
  WSADATA,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { started } from "./helpers.js";

/** Not a socket of the caller: every call on it fails at once, and is still recorded. */
const NOT_A_SOCKET = 999;

/** One call of each recorded kind. */
const CALLS: Readonly<Record<string, (t: WinsockThread) => unknown>> = {
  WSAStartup: (t) => t.WSAStartup(0x0202, new WSADATA()),
  WSACleanup: (t) => t.WSACleanup(),
  WSASetLastError: (t) => t.WSASetLastError(0),
  socket: (t) => t.socket(AF_INET, SOCK_STREAM, 0),
  WSASocketA: (t) => t.WSASocketA(AF_INET, SOCK_STREAM, 0, null, 0, 0),
  WSASocketW: (t) => t.WSASocketW(AF_INET, SOCK_STREAM, 0, null, 0, 0),
  closesocket: (t) => t.closesocket(NOT_A_SOCKET),
  bind: (t) => t.bind(NOT_A_SOCKET, sockaddr("127.0.0.1:0"), 16),
  listen: (t) => t.listen(NOT_A_SOCKET, 1),
  accept: (t) => t.accept(NOT_A_SOCKET, new Uint8Array(16), intRef(16)),
  connect: (t) => t.connect(NOT_A_SOCKET, sockaddr("127.0.0.1:9"), 16),
  getsockname: (t) => t.getsockname(NOT_A_SOCKET, new Uint8Array(16), intRef(16)),
  getpeername: (t) => t.getpeername(NOT_A_SOCKET, new Uint8Array(16), intRef(16)),
  shutdown: (t) => t.shutdown(NOT_A_SOCKET, SD_SEND),
  ioctlsocket: (t) => t.ioctlsocket(NOT_A_SOCKET, FIONBIO, intRef(1)),
  send: (t) => t.send(NOT_A_SOCKET, new Uint8Array(2), 2, 0),
  sendto: (t) => t.sendto(NOT_A_SOCKET, new Uint8Array(2), 2, 0, sockaddr("127.0.0.1:9"), 16),
  recv: (t) => t.recv(NOT_A_SOCKET, new Uint8Array(2), 2, 0),
  recvfrom: (t) => t.recvfrom(NOT_A_SOCKET, new Uint8Array(2), 2, 0, null, null),
  getsockopt: (t) =>
    t.getsockopt(NOT_A_SOCKET, SOL_SOCKET, SO_SNDBUF, new Uint8Array(4), intRef(4)),
  setsockopt: (t) => t.setsockopt(NOT_A_SOCKET, SOL_SOCKET, SO_SNDBUF, new Uint8Array(4), 4),
  WSADuplicateSocketA: (t) => t.WSADuplicateSocketA(NOT_A_SOCKET, t.pid, new Uint8Array(372)),
  WSADuplicateSocketW: (t) => t.WSADuplicateSocketW(NOT_A_SOCKET, t.pid, new Uint8Array(628)),
  WSACreateEvent: (t) => t.WSACreateEvent(),
  WSACloseEvent: (t) => t.WSACloseEvent(NOT_A_SOCKET),
  CloseHandle: (t) => t.CloseHandle(NOT_A_SOCKET),
  CreateProcess: (t) => t.CreateProcess("spawned", true),
  DuplicateHandle: (t) => t.DuplicateHandle(-1, NOT_A_SOCKET, -1, intRef(0), 0, false, 2),
  GetHandleInformation: (t) => t.GetHandleInformation(NOT_A_SOCKET, intRef(0)),
  SetHandleInformation: (t) => t.SetHandleInformation(NOT_A_SOCKET, 1, 0),
  WSASetEvent: (t) => t.WSASetEvent(NOT_A_SOCKET),
  WSAResetEvent: (t) => t.WSAResetEvent(NOT_A_SOCKET),
  WSAEventSelect: (t) => t.WSAEventSelect(NOT_A_SOCKET, 0, FD_READ),
  WSAAsyncSelect: (t) => t.WSAAsyncSelect(NOT_A_SOCKET, 0, 0x400, FD_READ),
  WSAEnumNetworkEvents: (t) => t.WSAEnumNetworkEvents(NOT_A_SOCKET, 0, new WSANETWORKEVENTS()),
  WSAWaitForMultipleEvents: (t) => t.WSAWaitForMultipleEvents(0, [], false, 0, false),
  select: (t) => t.select(0, null, null, null, null),
  WSAPoll: (t) => t.WSAPoll(null, 0, 0),
  PeekMessage: (t) => t.PeekMessage(new MSG(), NOT_A_SOCKET),
  Sleep: (t) => t.Sleep(0),
  WSARecv: (t) =>
    t.WSARecv(NOT_A_SOCKET, [new WSABUF(2, new Uint8Array(2))], 1, intRef(0), intRef(0)),
  WSASend: (t) =>
    t.WSASend(
      NOT_A_SOCKET,
      [new WSABUF(2, new Uint8Array(2))],
      1,
      intRef(0),
      0,
      new WSAOVERLAPPED(),
    ),
  CreateIoCompletionPort: (t) => t.CreateIoCompletionPort(-1, 0, 0, 0),
  GetQueuedCompletionStatus: (t) =>
    t.GetQueuedCompletionStatus(NOT_A_SOCKET, intRef(0), intRef(0), overlappedRef(), 0),
  AcceptEx: (t) =>
    t.AcceptEx(
      NOT_A_SOCKET,
      NOT_A_SOCKET,
      new Uint8Array(64),
      0,
      32,
      32,
      intRef(0),
      new WSAOVERLAPPED(),
    ),
  WSARecvFrom: (t) =>
    t.WSARecvFrom(
      NOT_A_SOCKET,
      [new WSABUF(2, new Uint8Array(2))],
      1,
      intRef(0),
      intRef(0),
      new Uint8Array(16),
      intRef(16),
    ),
  WSASendTo: (t) =>
    t.WSASendTo(
      NOT_A_SOCKET,
      [new WSABUF(2, new Uint8Array(2))],
      1,
      intRef(0),
      0,
      sockaddr("127.0.0.1:9"),
      16,
      new WSAOVERLAPPED(),
    ),
  SetFileCompletionNotificationModes: (t) => t.SetFileCompletionNotificationModes(NOT_A_SOCKET, 3),
  GetQueuedCompletionStatusEx: (t) =>
    t.GetQueuedCompletionStatusEx(NOT_A_SOCKET, [new OVERLAPPED_ENTRY()], 1, intRef(0), 0, false),
  SleepEx: (t) => t.SleepEx(0, true),
  QueueUserAPC: (t) => t.QueueUserAPC(function apc() {}, t, 0),
  CancelIo: (t) => t.CancelIo(NOT_A_SOCKET),
  ConnectEx: (t) => t.ConnectEx(NOT_A_SOCKET, null, 16, null, 0, null, new WSAOVERLAPPED()),
  DisconnectEx: (t) => t.DisconnectEx(NOT_A_SOCKET, null, 0, 0),
  CancelIoEx: (t) => t.CancelIoEx(NOT_A_SOCKET, null),
  WSAIoctl: (t) => t.WSAIoctl(NOT_A_SOCKET, FIONREAD, null, 0, intRef(0), 4, intRef(0)),
  PostQueuedCompletionStatus: (t) => t.PostQueuedCompletionStatus(NOT_A_SOCKET, 0, 0, null),
  WSAGetOverlappedResult: (t) =>
    t.WSAGetOverlappedResult(NOT_A_SOCKET, new WSAOVERLAPPED(), intRef(0), false, intRef(0)),
};

/** Entries for calls that make no record; the scenario runner prints them from its own call. */
const UNRECORDED: Readonly<Record<string, (t: WinsockThread) => unknown>> = {
  WSAGetLastError: (t) => t.WSAGetLastError(),
  CreateWindow: (t) => t.CreateWindow(),
  ExitThread: (t) => t.ExitThread(),
  ExitProcess: (t) => t.process.exit(),
  // A pure function of the buffer: no kernel call, no record.
  GetAcceptExSockaddrs: (t) =>
    t.GetAcceptExSockaddrs(
      new Uint8Array(64),
      0,
      32,
      32,
      sockaddrRef(),
      intRef(0),
      sockaddrRef(),
      intRef(0),
    ),
};

describe("SIGNATURES", () => {
  it.each(Object.keys(CALLS))("%s: the record carries exactly the listed parameters", (call) => {
    const { sim, threads } = started("A");
    const before = sim.last;
    CALLS[call]?.(threads[0]!);
    const record = sim.last;
    expect(record).not.toBe(before);
    expect(record?.call).toBe(call);
    expect(record?.args).toHaveLength(SIGNATURES[call]?.length ?? -1);
    expect(formatCall(call, record?.args ?? [])).not.toMatch(/undefined|\{"/);
  });

  it.each(Object.keys(UNRECORDED))("%s makes no record (its entry serves the runner)", (call) => {
    const { sim, threads } = started("A");
    const before = sim.last;
    UNRECORDED[call]?.(threads[0]!);
    expect(sim.last).toBe(before);
  });

  it("has an entry for every call, and every facade method has one", () => {
    expect(Object.keys(SIGNATURES).sort()).toEqual(
      [...Object.keys(CALLS), ...Object.keys(UNRECORDED)].sort(),
    );
    // The unsuffixed names record as the W functions, as in a UNICODE build.
    const aliases = ["WSASocket", "WSADuplicateSocket"];
    const notCalls = ["await", "GetCurrentProcessId", "GetCurrentThreadId"];
    const methods = facadeMethodNames(WinsockThread).filter((name) => !notCalls.includes(name));
    for (const method of methods) {
      expect(method in SIGNATURES || aliases.includes(method), method).toBe(true);
    }
  });
});
