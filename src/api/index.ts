export {
  BLOCKED,
  type Blocked,
  EXTENSION_FUNCTIONS,
  type ExtensionFunction,
} from "../kernel/index.js";
export { formatRecord, formatReturn } from "./describe.js";
export {
  ProcessExitedError,
  ThreadBlockedError,
  ThreadExitedError,
  type ThreadName,
  ThreadNotBlockedError,
} from "./errors.js";
export {
  FunctionPointerRef,
  functionPointerRef,
  GUID,
  type TcpKeepalive,
  tcp_keepalive,
} from "./ioctl-memory.js";
export {
  type Buffer,
  INVALID_POINTER,
  type IntArg,
  type IntRef,
  int32,
  intRef,
  linger,
  readInt32,
  readLinger,
  readUint32,
} from "./memory.js";
export type { ApcRoutine, CompletionRoutine } from "./routines.js";
export { type CallRecord, SimProcess, Simulation, type SimulationOptions } from "./simulation.js";
export { formatSockaddr, sockaddr } from "./sockaddr.js";
export {
  MSG,
  OVERLAPPED_ENTRY,
  type TIMEVAL,
  WSABUF,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
  type WSAPOLLFD,
} from "./structs.js";
export { type SockaddrRef, sockaddrRef } from "./thread/accept-ex.js";
export type { IoctlInBuffer, IoctlOutBuffer } from "./thread/ioctl.js";
export { type OverlappedRef, overlappedRef } from "./thread/ports.js";
export { WinsockThread } from "./thread.js";
export { WSADATA } from "./wsadata.js";
