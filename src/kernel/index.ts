/**
 * The kernel: pure functions from a state and a call's arguments to an outcome. It holds every
 * rule and knows nothing of Winsock's calling conventions (SOCKET_ERROR, INVALID_SOCKET,
 * WSAGetLastError); the facade in ../api/ speaks those.
 */

export { queuedApcs } from "./apc.js";
export {
  advanceClock,
  BLOCKED,
  type Blocked,
  collect,
  nextTimer,
  wake,
} from "./blocking.js";
export {
  type AcceptExArgs,
  type AcceptedEx,
  ADDRESS_SLOT_EXTRA,
  acceptEx,
} from "./calls/accept-ex.js";
export {
  type Alerted,
  type QueueApcArgs,
  queueUserApc,
  sleepEx,
  WAIT_IO_COMPLETION,
} from "./calls/alertable.js";
export type { BindArgs, NameArgs, NameOutput } from "./calls/bind.js";
export { bind, getpeername, getsockname } from "./calls/bind.js";
export { cancelIo, cancelIoEx } from "./calls/cancel-calls.js";
export type { ConnectArgs } from "./calls/connect.js";
export { connect } from "./calls/connect.js";
export type {
  ConnectExArgs,
  ConnectExRefusal,
  DisconnectExArgs,
  SendBufferArg,
} from "./calls/connect-ex.js";
export { connectEx, disconnectEx } from "./calls/connect-ex.js";
export type { DuplicateArgs } from "./calls/duplicate.js";
export { duplicateSocket } from "./calls/duplicate.js";
export { closeEvent, createEvent, signalEvent } from "./calls/events.js";
export {
  asyncSelect,
  createWindow,
  enumNetworkEvents,
  eventSelect,
  type NetworkEvents,
  peekMessage,
  windowOf,
} from "./calls/eventselect.js";
export {
  CURRENT_PROCESS,
  closeHandle,
  type DuplicateHandleArgs,
  duplicateHandle,
  getHandleInformation,
  type SpawnArgs,
  setHandleInformation,
  spawnProcess,
} from "./calls/handle-calls.js";
export {
  createProcess,
  createThread,
  exitProcess,
  exitThread,
  getLastError,
  setLastError,
} from "./calls/lifecycle.js";
export type { AcceptArgs, AcceptResult } from "./calls/listen.js";
export { accept, listen } from "./calls/listen.js";
export { getsockopt, setsockopt } from "./calls/options.js";
export type {
  BuffersArg,
  OverlappedArg,
  OverlappedResult,
  OverlappedResultArgs,
  Pending,
  Transferred,
  WsaRecvArgs,
  WsaSendArgs,
} from "./calls/overlapped.js";
export {
  reportStatus,
  wsaGetOverlappedResult,
  wsaRecv,
  wsaRecvFrom,
  wsaSend,
  wsaSendTo,
} from "./calls/overlapped.js";
export type {
  CreatePortArgs,
  DequeueArgs,
  Dequeued,
  PostArgs,
} from "./calls/port-calls.js";
export {
  createIoCompletionPort,
  getQueuedCompletionStatus,
  INFINITE,
  INVALID_HANDLE_VALUE,
  postQueuedCompletionStatus,
} from "./calls/port-calls.js";
export {
  type CompletionEntry,
  type DequeueExArgs,
  getQueuedCompletionStatusEx,
  type NotDequeued,
} from "./calls/port-ex.js";
export type { IoctlResult } from "./calls/shutdown.js";
export { ioctlsocket, shutdown } from "./calls/shutdown.js";
export type { ProtocolInfoArg, SocketArgs, WsaSocketArgs } from "./calls/sockets.js";
export { closesocket, socket, wsaSocket } from "./calls/sockets.js";
export type { StartupArgs, WsaData } from "./calls/startup.js";
export { negotiateVersion, wsaCleanup, wsaStartup } from "./calls/startup.js";
export type { Received, RecvArgs, SendArgs } from "./calls/transfer.js";
export { recv, send } from "./calls/transfer.js";
export {
  type FdSetArg,
  type PollArgs,
  type PollEntry,
  type PollResult,
  poll,
  type SelectArgs,
  type SelectResult,
  select,
  type WaitArgs,
  waitForMultipleEvents,
} from "./calls/waits.js";
export type {
  ExtensionFunction,
  IoctlOutput,
  IoctlWritten,
  WsaIoctlArgs,
} from "./calls/wsaioctl.js";
export {
  EXTENSION_FUNCTIONS,
  guidText,
  POINTER_SIZE,
  TCP_KEEPALIVE_SIZE,
  wsaIoctl,
} from "./calls/wsaioctl.js";
export type { CatalogEntry } from "./catalog.js";
export { CATALOG } from "./catalog.js";
export {
  completionModes,
  setFileCompletionNotificationModes,
} from "./completion-modes.js";
export { findIo, STATUS_PENDING } from "./io.js";
export type { BufferPointer, IntPointer, OptionOutput, OutPointer } from "./memory.js";
export * from "./net/address.js";
export type { ByteQueue, Connection, Endpoint, NetState, Phase, Segment } from "./net/types.js";
export { pollEvents, type Readiness, readiness } from "./notify/readiness.js";
export { selectReply } from "./notify/record.js";
export { reenableAfterCall } from "./notify/reenable.js";
export type { NotifyState, Registration, WindowMessage, WindowRecord } from "./notify/types.js";
export type { CallContext } from "./processes.js";
export { findProcess, SimulationError } from "./processes.js";
export type { CharSet, ProtocolInfo } from "./protocol-info.js";
export {
  decodeProtocolInfo,
  describeSocket,
  encodeProtocolInfo,
  protocolInfoSize,
} from "./protocol-info.js";
export * from "./state.js";
export type { Outcome, RuleId } from "./transaction.js";
export type { Trie } from "./trie.js";
export { emptyTrie, trieEntries, trieGet, trieValues } from "./trie.js";
