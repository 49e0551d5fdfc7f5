/**
 * SetFileCompletionNotificationModes on a socket (kernel32; rules DGIO-MODES, DGIO-SKIP-PORT,
 * DGIO-SKIP-HANDLE).
 *
 * The modes live where the completion-port association lives: in the file object, which every
 * handle to the socket names, so they belong to the underlying socket (as the association does,
 * observed fact 10). They are only ever added to: the page says a mode once set cannot be
 * removed, and Wine's ntdll file.c test_file_completion_information, run on Windows, sees a
 * later call with 0 leave them set and one with unknown bits (0xdeadbeef) succeed, adding only
 * the known ones.
 */
import { WSA_ERRORS } from "../constants/errors.js";
import { COMPLETION_MODES, WSA_FLAGS } from "../constants/values.js";
import { lookupHandle } from "./handles.js";
import { type CallContext, requireProcess } from "./processes.js";
import type { KernelState, SocketId } from "./state.js";
import { fail, type Outcome, transactWith } from "./transaction.js";
import { trieGet } from "./trie.js";
import { editSocket } from "./writer.js";

const { FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, FILE_SKIP_SET_EVENT_ON_HANDLE } = COMPLETION_MODES;

/** The modes the simulator models; FILE_SKIP_SET_USER_EVENT_ON_FAST_IO has no fast I/O here. */
const MODELLED = FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE;

/** The socket's modes (0 until SetFileCompletionNotificationModes sets one). */
export function completionModes(state: KernelState, socket: SocketId): number {
  return trieGet(state.sockets, socket)?.completionModes ?? 0;
}

/**
 * Whether an operation that completed when it was made, with `status`, queues no packet: the
 * socket skips the port on success, and the status is not an error (NT_ERROR: 0xC0000000 and
 * up). A warning such as STATUS_BUFFER_OVERFLOW counts as success, as Windows' I/O manager
 * counts it (Wine's ntdll pipe.c test_completion, run on Windows: a read that returned
 * STATUS_BUFFER_OVERFLOW at once queued nothing before Windows 8 pended it).
 */
export function skipsPortOnSuccess(state: KernelState, socket: SocketId, status: number): boolean {
  const modes = completionModes(state, socket);
  return (modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) !== 0 && status >>> 0 < 0xc0000000;
}

/** Whether I/O never signals the socket's handle (a wait on it only ends otherwise). */
export function skipsHandleSignal(state: KernelState, socket: SocketId): boolean {
  return (completionModes(state, socket) & FILE_SKIP_SET_EVENT_ON_HANDLE) !== 0;
}

/**
 * SetFileCompletionNotificationModes(FileHandle, Flags): Flags is a UCHAR; its known bits are
 * added to the socket's modes, unknown ones ignored. A handle that is not a socket is
 * ERROR_INVALID_HANDLE (a handle to another kind of object is not a file); a socket not made
 * for overlapped I/O (WSASocket without WSA_FLAG_OVERLAPPED) is ERROR_INVALID_PARAMETER, as a
 * file opened without FILE_FLAG_OVERLAPPED is in Wine's test run on Windows.
 */
export function setFileCompletionNotificationModes(
  state: KernelState,
  ctx: CallContext,
  h: number,
  flags: number,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    const entry = lookupHandle(requireProcess(state, ctx.pid), h);
    if (entry?.kind !== "socket") fail(WSA_ERRORS.WSA_INVALID_HANDLE, "DGIO-MODES");
    const socket = trieGet(state.sockets, entry.socket);
    if (socket === undefined)
      throw new Error(`kernel invariant: a handle names socket ${entry.socket}, which is gone`);
    if ((socket.creationFlags & WSA_FLAGS.WSA_FLAG_OVERLAPPED) === 0)
      fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "DGIO-MODES");
    why.cite("DGIO-MODES");
    const modes = (socket.completionModes ?? 0) | (flags & 0xff & MODELLED);
    // Nothing new: the record stays as it was (a call that changes nothing writes nothing).
    if (modes === (socket.completionModes ?? 0)) return;
    editSocket(w, socket.id).completionModes = modes;
  });
}
