/**
 * The kernel: pure functions from a state and a call's arguments to an outcome. It holds every
 * rule and knows nothing of Winsock's calling conventions (SOCKET_ERROR, INVALID_SOCKET,
 * WSAGetLastError); the facade in ../api/ speaks those.
 */

export type { DuplicateArgs } from "./calls/duplicate.js";
export { duplicateSocket } from "./calls/duplicate.js";
export { closeEvent, createEvent, signalEvent } from "./calls/events.js";
export {
  createProcess,
  createThread,
  exitProcess,
  exitThread,
  getLastError,
  setLastError,
} from "./calls/lifecycle.js";
export { getsockopt, setsockopt } from "./calls/options.js";
export type { ProtocolInfoArg, SocketArgs, WsaSocketArgs } from "./calls/sockets.js";
export { closesocket, socket, wsaSocket } from "./calls/sockets.js";
export type { StartupArgs, WsaData } from "./calls/startup.js";
export { negotiateVersion, wsaCleanup, wsaStartup } from "./calls/startup.js";
export type { CatalogEntry } from "./catalog.js";
export { CATALOG } from "./catalog.js";
export type { BufferPointer, IntPointer, OptionOutput, OutPointer } from "./memory.js";
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
