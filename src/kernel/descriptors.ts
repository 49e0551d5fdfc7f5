/**
 * Descriptors: the link between a process's handle table and the underlying sockets.
 *
 * `resolveSocket` is the one place that turns a SOCKET value into a socket, with the checks
 * Windows makes first on every socket call: the process must have called WSAStartup
 * (WSANOTINITIALISED), and the value must name a socket this process's Winsock knows
 * (WSAENOTSOCK). `releaseDescriptor` is the one place that drops a reference, so the reference
 * count and the lifetime rule cannot drift apart between closesocket, WSACleanup and exit.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../constants/errors.js";
import { dropPortReference } from "./completion-ports.js";
import { dropEventReference } from "./event-objects.js";
import { lookupHandle, releaseHandle } from "./handles.js";
import { cancelSocketIo } from "./io.js";
import { closeConnection } from "./net/stream.js";
import { type CallContext, requireProcess } from "./processes.js";
import type { KernelState, ProcessId, ProcessRecord, SocketId, SocketRecord } from "./state.js";
import { type Citations, fail } from "./transaction.js";
import { trieGet } from "./trie.js";
import { editSocket, type Writer } from "./writer.js";

/** Fails with WSANOTINITIALISED unless the calling process has an outstanding WSAStartup. */
export function requireStarted(
  state: KernelState | Draft<KernelState>,
  ctx: CallContext,
): Draft<ProcessRecord> {
  const process = requireProcess(state, ctx.pid);
  if (process.startupCount === 0) fail(WSA_ERRORS.WSANOTINITIALISED, "START-REQUIRED");
  return process;
}

/** The socket a descriptor names, for calls that read it. */
export function resolveSocket(
  state: KernelState | Draft<KernelState>,
  ctx: CallContext,
  s: number,
): Draft<SocketRecord> {
  const process = requireStarted(state, ctx);
  const entry = lookupHandle(process as ProcessRecord, s);
  if (entry === undefined || entry.kind !== "socket" || entry.pendingDuplication !== null) {
    fail(WSA_ERRORS.WSAENOTSOCK, "HANDLE-KIND");
  }
  return socketById(state, entry.socket);
}

export function socketById(
  state: KernelState | Draft<KernelState>,
  id: SocketId,
): Draft<SocketRecord> {
  const socket = trieGet(state.sockets as KernelState["sockets"], id) as
    | Draft<SocketRecord>
    | undefined;
  if (socket === undefined) {
    throw new Error(`kernel invariant: a descriptor names socket ${id}, which does not exist`);
  }
  return socket;
}

/**
 * Removes one handle from a process's table. For a socket handle this drops one reference; the
 * last reference destroys the underlying socket (rule LIFE-LAST-CLOSE), any other leaves it, and
 * everything the other descriptors see, untouched (rule LIFE-SHARED-CLOSE).
 */
export function releaseDescriptor(w: Writer, pid: ProcessId, value: number, why: Citations): void {
  const entry = lookupHandle(requireProcess(w.state, pid) as ProcessRecord, value);
  if (entry === undefined) throw new Error(`kernel invariant: no handle ${value} to release`);
  releaseHandle(w, pid, value);
  if (entry.kind === "event") {
    dropEventReference(w, entry);
    return;
  }
  if (entry.kind === "port") {
    dropPortReference(w, entry);
    return;
  }
  if (entry.pendingDuplication !== null) {
    w.deleteIn(w.root(), "duplications", entry.pendingDuplication);
  }
  const socket = editSocket(w, entry.socket);
  socket.refCount -= 1;
  if (socket.refCount === 0) {
    why.cite("LIFE-LAST-CLOSE");
    cancelSocketIo(w, entry.socket, why);
    closeConnection(w, entry.socket, why);
  } else {
    why.cite("LIFE-SHARED-CLOSE");
  }
}
