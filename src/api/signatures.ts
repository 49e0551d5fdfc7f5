/**
 * The parameters of every call the facade records (src/api/thread.ts), in C order, each with the
 * kind of value it holds. describe.ts reads this table to print a call as a reader of C code
 * would write it: `setsockopt(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4)` rather than the numbers.
 *
 * The constants each kind is named from are the groups of src/constants; no value is restated.
 */
import { WSA_ERRORS } from "../constants/errors.js";
import type { ConstantGroup } from "../constants/names.js";
import {
  ADDRESS_FAMILIES,
  COMPLETION_MODES,
  DISCONNECT_FLAGS,
  DUPLICATE_OPTIONS,
  FD_EVENTS,
  FROM_PROTOCOL_INFO,
  HANDLE_FLAGS,
  IOCTL_COMMANDS,
  IP_LEVEL_OPTIONS,
  IPV6_LEVEL_OPTIONS,
  LEVELS,
  MISC_VALUES,
  MSG_FLAGS,
  POLL_FLAGS,
  PROTOCOLS,
  SHUTDOWN_HOW,
  SOCKET_TYPES,
  SOL_SOCKET_OPTIONS,
  TCP_OPTIONS,
  WAIT_VALUES,
  WSA_FLAGS,
  WSAIOCTL_CODES,
} from "../constants/values.js";

function pick(group: ConstantGroup, ...names: string[]): ConstantGroup {
  return Object.fromEntries(names.map((name) => [name, group[name] as number]));
}

/**
 * The protocols socket's protocol parameter names. Protocol 0 asks the provider to choose; it
 * shares its value with IPPROTO_IP, and printing that name would say the IP protocol was asked
 * for, so 0 stays a number.
 */
const SOCKET_PROTOCOLS: ConstantGroup = Object.fromEntries(
  Object.entries(PROTOCOLS).filter(([, value]) => value !== PROTOCOLS.IPPROTO_IP),
);

/**
 * Parameters that hold one constant of a group: the value is printed by its name in the group,
 * or as a number when it has none.
 */
export const NAMED_KINDS = {
  af: ADDRESS_FAMILIES,
  type: SOCKET_TYPES,
  protocol: SOCKET_PROTOCOLS,
  // WSASocket's af, type and protocol may each defer to the WSAPROTOCOL_INFO passed with them.
  infoAf: { ...ADDRESS_FAMILIES, FROM_PROTOCOL_INFO },
  infoType: { ...SOCKET_TYPES, FROM_PROTOCOL_INFO },
  infoProtocol: { ...SOCKET_PROTOCOLS, FROM_PROTOCOL_INFO },
  level: LEVELS,
  how: SHUTDOWN_HOW,
  ioctl: IOCTL_COMMANDS,
  // WSAIoctl takes ioctlsocket's commands and its own codes.
  wsaIoctl: { ...IOCTL_COMMANDS, ...WSAIOCTL_CODES },
  socketGroup: pick(MISC_VALUES, "SG_UNCONSTRAINED_GROUP", "SG_CONSTRAINED_GROUP"),
  backlog: pick(MISC_VALUES, "SOMAXCONN"),
  waitTimeout: pick(WAIT_VALUES, "WSA_INFINITE"),
  bool: pick(MISC_VALUES, "FALSE", "TRUE"),
  error: WSA_ERRORS,
} as const satisfies Record<string, ConstantGroup>;

/** Parameters that hold OR-ed flags of a group: printed as names joined by "|". */
export const FLAG_KINDS = {
  wsaFlags: WSA_FLAGS,
  msgFlags: MSG_FLAGS,
  events: FD_EVENTS,
  pollEvents: POLL_FLAGS,
  handleFlags: HANDLE_FLAGS,
  duplicateOptions: DUPLICATE_OPTIONS,
  disconnectFlags: DISCONNECT_FLAGS,
  completionModes: COMPLETION_MODES,
} as const satisfies Record<string, ConstantGroup>;

/**
 * The option names of each level, by the level's name. An optname means nothing without its
 * level: TCP_NODELAY (IPPROTO_TCP) and SO_DEBUG (SOL_SOCKET) are both 1. A level with no table
 * here (IPPROTO_UDP) leaves its optname a number.
 */
export const OPTIONS_BY_LEVEL: Readonly<Partial<Record<keyof typeof LEVELS, ConstantGroup>>> = {
  SOL_SOCKET: SOL_SOCKET_OPTIONS,
  IPPROTO_TCP: TCP_OPTIONS,
  IPPROTO_IP: IP_LEVEL_OPTIONS,
  IPPROTO_IPV6: IPV6_LEVEL_OPTIONS,
};

/**
 * What a parameter holds, for printing. Besides the named and flag kinds:
 * - int: a plain number (a length, a count, a process id, milliseconds).
 * - descriptor: a SOCKET; INVALID_SOCKET by name.
 * - handle: a WSAEVENT or HWND.
 * - optname: an option, named by the call's `level` parameter (OPTIONS_BY_LEVEL).
 * - version: WSAStartup's WORD, in hex as callers write it (0x0202).
 * - message: a window message, WM_USER+n as callers write it.
 * - buffer: a pointer to bytes, shown by its size.
 * - sockaddr: a pointer to an address the call reads, shown as its text (127.0.0.1:5000).
 *   Addresses a call writes (accept's addr) are buffers: at the call they hold nothing yet.
 * - intRef: an int* the call reads and may write, shown as &value at the call.
 * - struct: a pointer to the structure named in `struct` (WSADATA), which the call fills.
 * - descriptors, handles: arrays (an fd_set, lphEvents), shown as [4, 8].
 * - timeval, pollfds: select's timeout as {tv_sec, tv_usec}, WSAPoll's array as [{fd, events}].
 * - wsabufs: a WSABUF array, shown by each buffer's len ([<4 bytes>, <8 bytes>]).
 */
export type ParamKind =
  | keyof typeof NAMED_KINDS
  | keyof typeof FLAG_KINDS
  | "int"
  | "descriptor"
  | "handle"
  | "optname"
  | "version"
  | "message"
  | "buffer"
  | "sockaddr"
  | "intRef"
  | "struct"
  | "descriptors"
  | "handles"
  | "timeval"
  | "pollfds"
  | "wsabufs"
  /** QueueUserAPC's hThread: a thread (printed by its id) or a thread id. */
  | "thread"
  /** A routine of the program (an APC, a completion routine): printed by its name. */
  | "routine";

export interface Param {
  /** The parameter's name in the Microsoft documentation. */
  readonly name: string;
  readonly kind: ParamKind;
  /** For kind "struct": the structure's C name. */
  readonly struct?: string;
}

const p = (name: string, kind: ParamKind, struct?: string): Param =>
  struct === undefined ? { name, kind } : { name, kind, struct };

const WSA_SOCKET = [
  p("af", "infoAf"),
  p("type", "infoType"),
  p("protocol", "infoProtocol"),
  p("lpProtocolInfo", "buffer"),
  p("g", "socketGroup"),
  p("dwFlags", "wsaFlags"),
];
const DUPLICATE = [p("s", "descriptor"), p("dwProcessId", "int"), p("lpProtocolInfo", "buffer")];
const NAME_QUERY = [p("s", "descriptor"), p("name", "buffer"), p("namelen", "intRef")];
const TRANSFER = [
  p("s", "descriptor"),
  p("buf", "buffer"),
  p("len", "int"),
  p("flags", "msgFlags"),
];

/**
 * Every call a record can name, with its parameters as the facade records them: the C
 * parameters in order (PeekMessage and Sleep as the facade's pseudo-calls take them). An awaited
 * call's record ("await recv") uses its call's entry.
 */
export const SIGNATURES: Readonly<Record<string, readonly Param[]>> = {
  WSAStartup: [p("wVersionRequested", "version"), p("lpWSAData", "struct", "WSADATA")],
  WSACleanup: [],
  WSAGetLastError: [],
  WSASetLastError: [p("iError", "error")],
  socket: [p("af", "af"), p("type", "type"), p("protocol", "protocol")],
  WSASocketA: WSA_SOCKET,
  WSASocketW: WSA_SOCKET,
  closesocket: [p("s", "descriptor")],
  bind: [p("s", "descriptor"), p("name", "sockaddr"), p("namelen", "int")],
  listen: [p("s", "descriptor"), p("backlog", "backlog")],
  accept: [p("s", "descriptor"), p("addr", "buffer"), p("addrlen", "intRef")],
  connect: [p("s", "descriptor"), p("name", "sockaddr"), p("namelen", "int")],
  getsockname: NAME_QUERY,
  getpeername: NAME_QUERY,
  shutdown: [p("s", "descriptor"), p("how", "how")],
  ioctlsocket: [p("s", "descriptor"), p("cmd", "ioctl"), p("argp", "intRef")],
  send: TRANSFER,
  sendto: [...TRANSFER, p("to", "sockaddr"), p("tolen", "int")],
  recv: TRANSFER,
  recvfrom: [...TRANSFER, p("from", "buffer"), p("fromlen", "intRef")],
  getsockopt: [
    p("s", "descriptor"),
    p("level", "level"),
    p("optname", "optname"),
    p("optval", "buffer"),
    p("optlen", "intRef"),
  ],
  setsockopt: [
    p("s", "descriptor"),
    p("level", "level"),
    p("optname", "optname"),
    p("optval", "buffer"),
    p("optlen", "int"),
  ],
  WSADuplicateSocketA: DUPLICATE,
  WSADuplicateSocketW: DUPLICATE,
  WSACreateEvent: [],
  WSACloseEvent: [p("hEvent", "handle")],
  WSASetEvent: [p("hEvent", "handle")],
  WSAResetEvent: [p("hEvent", "handle")],
  WSAEventSelect: [
    p("s", "descriptor"),
    p("hEventObject", "handle"),
    p("lNetworkEvents", "events"),
  ],
  WSAAsyncSelect: [
    p("s", "descriptor"),
    p("hWnd", "handle"),
    p("wMsg", "message"),
    p("lEvent", "events"),
  ],
  WSAEnumNetworkEvents: [
    p("s", "descriptor"),
    p("hEventObject", "handle"),
    p("lpNetworkEvents", "struct", "WSANETWORKEVENTS"),
  ],
  WSAWaitForMultipleEvents: [
    p("cEvents", "int"),
    p("lphEvents", "handles"),
    p("fWaitAll", "bool"),
    p("dwTimeout", "waitTimeout"),
    p("fAlertable", "bool"),
  ],
  select: [
    p("nfds", "int"),
    p("readfds", "descriptors"),
    p("writefds", "descriptors"),
    p("exceptfds", "descriptors"),
    p("timeout", "timeval"),
  ],
  WSAPoll: [p("fdArray", "pollfds"), p("fds", "int"), p("timeout", "int")],
  CreateWindow: [],
  PeekMessage: [p("lpMsg", "struct", "MSG"), p("hWnd", "handle")],
  Sleep: [p("dwMilliseconds", "int")],
  CreateProcess: [p("lpApplicationName", "int"), p("bInheritHandles", "bool")],
  DuplicateHandle: [
    p("hSourceProcessHandle", "int"),
    p("hSourceHandle", "handle"),
    p("hTargetProcessHandle", "int"),
    p("lpTargetHandle", "intRef"),
    p("dwDesiredAccess", "int"),
    p("bInheritHandle", "bool"),
    p("dwOptions", "duplicateOptions"),
  ],
  GetHandleInformation: [p("hObject", "handle"), p("lpdwFlags", "intRef")],
  SetHandleInformation: [
    p("hObject", "handle"),
    p("dwMask", "handleFlags"),
    p("dwFlags", "handleFlags"),
  ],
  CloseHandle: [p("hObject", "handle")],
  ExitThread: [],
  ExitProcess: [],
  WSARecv: [
    p("s", "descriptor"),
    p("lpBuffers", "wsabufs"),
    p("dwBufferCount", "int"),
    p("lpNumberOfBytesRecvd", "intRef"),
    p("lpFlags", "intRef"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("lpCompletionRoutine", "routine"),
  ],
  WSASend: [
    p("s", "descriptor"),
    p("lpBuffers", "wsabufs"),
    p("dwBufferCount", "int"),
    p("lpNumberOfBytesSent", "intRef"),
    p("dwFlags", "msgFlags"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("lpCompletionRoutine", "routine"),
  ],
  WSARecvFrom: [
    p("s", "descriptor"),
    p("lpBuffers", "wsabufs"),
    p("dwBufferCount", "int"),
    p("lpNumberOfBytesRecvd", "intRef"),
    p("lpFlags", "intRef"),
    p("lpFrom", "buffer"),
    p("lpFromlen", "intRef"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("lpCompletionRoutine", "routine"),
  ],
  WSASendTo: [
    p("s", "descriptor"),
    p("lpBuffers", "wsabufs"),
    p("dwBufferCount", "int"),
    p("lpNumberOfBytesSent", "intRef"),
    p("dwFlags", "msgFlags"),
    p("lpTo", "sockaddr"),
    p("iTolen", "int"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("lpCompletionRoutine", "routine"),
  ],
  CreateIoCompletionPort: [
    p("FileHandle", "handle"),
    p("ExistingCompletionPort", "handle"),
    p("CompletionKey", "int"),
    p("NumberOfConcurrentThreads", "int"),
  ],
  GetQueuedCompletionStatus: [
    p("CompletionPort", "handle"),
    p("lpNumberOfBytesTransferred", "intRef"),
    p("lpCompletionKey", "intRef"),
    p("lpOverlapped", "struct", "LPOVERLAPPED"),
    p("dwMilliseconds", "waitTimeout"),
  ],
  AcceptEx: [
    p("sListenSocket", "descriptor"),
    p("sAcceptSocket", "descriptor"),
    p("lpOutputBuffer", "buffer"),
    p("dwReceiveDataLength", "int"),
    p("dwLocalAddressLength", "int"),
    p("dwRemoteAddressLength", "int"),
    p("lpdwBytesReceived", "intRef"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
  ],
  GetAcceptExSockaddrs: [
    p("lpOutputBuffer", "buffer"),
    p("dwReceiveDataLength", "int"),
    p("dwLocalAddressLength", "int"),
    p("dwRemoteAddressLength", "int"),
    p("LocalSockaddr", "struct", "LPSOCKADDR"),
    p("LocalSockaddrLength", "intRef"),
    p("RemoteSockaddr", "struct", "LPSOCKADDR"),
    p("RemoteSockaddrLength", "intRef"),
  ],
  GetQueuedCompletionStatusEx: [
    p("CompletionPort", "handle"),
    p("lpCompletionPortEntries", "struct", "OVERLAPPED_ENTRY[]"),
    p("ulCount", "int"),
    p("ulNumEntriesRemoved", "intRef"),
    p("dwMilliseconds", "waitTimeout"),
    p("fAlertable", "bool"),
  ],
  SleepEx: [p("dwMilliseconds", "waitTimeout"), p("bAlertable", "bool")],
  QueueUserAPC: [p("pfnAPC", "routine"), p("hThread", "thread"), p("dwData", "int")],
  CancelIo: [p("hFile", "handle")],
  SetFileCompletionNotificationModes: [p("FileHandle", "handle"), p("Flags", "completionModes")],
  CancelIoEx: [p("hFile", "handle"), p("lpOverlapped", "struct", "WSAOVERLAPPED")],
  PostQueuedCompletionStatus: [
    p("CompletionPort", "handle"),
    p("dwNumberOfBytesTransferred", "int"),
    p("dwCompletionKey", "int"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
  ],
  WSAIoctl: [
    p("s", "descriptor"),
    p("dwIoControlCode", "wsaIoctl"),
    p("lpvInBuffer", "buffer"),
    p("cbInBuffer", "int"),
    p("lpvOutBuffer", "buffer"),
    p("cbOutBuffer", "int"),
    p("lpcbBytesReturned", "intRef"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("lpCompletionRoutine", "routine"),
  ],
  ConnectEx: [
    p("s", "descriptor"),
    p("name", "sockaddr"),
    p("namelen", "int"),
    p("lpSendBuffer", "buffer"),
    p("dwSendDataLength", "int"),
    p("lpdwBytesSent", "intRef"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
  ],
  DisconnectEx: [
    p("s", "descriptor"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("dwFlags", "disconnectFlags"),
    p("dwReserved", "int"),
  ],
  WSAGetOverlappedResult: [
    p("s", "descriptor"),
    p("lpOverlapped", "struct", "WSAOVERLAPPED"),
    p("lpcbTransfer", "intRef"),
    p("fWait", "bool"),
    p("lpdwFlags", "intRef"),
  ],
};
