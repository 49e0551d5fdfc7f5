import { WSA_ERRORS } from "../../constants/errors.js";
import { DUPLICATE_OPTIONS, HANDLE_FLAGS } from "../../constants/values.js";
import { addPortReference } from "../completion-ports.js";
import { releaseDescriptor } from "../descriptors.js";
import { addEventReference } from "../event-objects.js";
import { allocateHandle, lookupHandle } from "../handles.js";
import type { OutPointer } from "../memory.js";
import {
  createProcess as addProcess,
  type CallContext,
  findProcess,
  requireProcess,
  requireThread,
} from "../processes.js";
import type {
  FreeHandle,
  HandleEntry,
  HandleValue,
  KernelState,
  ProcessId,
  ProcessRecord,
} from "../state.js";
import { fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import { trieEntries } from "../trie.js";
import { editProcess, editSocket, type Writer } from "../writer.js";

/** Another handle names the object `entry` names: one more reference to it. */
function addReference(w: Writer, entry: HandleEntry): void {
  if (entry.kind === "socket") editSocket(w, entry.socket).refCount += 1;
  else if (entry.kind === "event") addEventReference(w, entry.event);
  else addPortReference(w, entry.port);
}

// ---- CreateProcess -------------------------------------------------------------------------------

export interface SpawnArgs {
  /** The thread calling CreateProcess. */
  readonly parent: CallContext;
  readonly bInheritHandles: boolean;
}

/**
 * CreateProcess: a new process with a main thread. With bInheritHandles, every handle of the
 * parent whose HANDLE_FLAG_INHERIT is set appears in the child at the same value, inheritable
 * still, naming the same object; the rest of the child's table is free. Without it, the child
 * starts empty. The child has not called WSAStartup: Winsock calls on the inherited sockets fail
 * with WSANOTINITIALISED until it does, like any call (rule START-REQUIRED).
 */
export function spawnProcess(
  state: KernelState,
  name: string,
  args: SpawnArgs,
): Outcome<CallContext> {
  return transactWith(state, (w, why) => {
    requireThread(state, args.parent);
    // Process creation is written against a draft (processes.ts); it is rare, so the slower
    // path costs nothing that matters.
    const child = addProcess(w.draft(), name);
    why.cite("PROC-INHERIT");
    if (!args.bInheritHandles) return child;
    const parent = requireProcess(state, args.parent.pid) as ProcessRecord;
    const table = editProcess(w, child.pid);
    let inherited = 0;
    for (const [key, entry] of trieEntries(parent.handles)) {
      if (!entry.inheritable) continue;
      w.setIn(table, "handles", key, { ...entry, origin: "inherited" });
      addReference(w, entry);
      inherited += 1;
    }
    if (inherited > 0) why.cite("LIFE-ANY-ORIGIN");
    // Values the parent used but did not pass down are free in the child, lowest first, so the
    // child's first new handles fill the gaps before going past the parent's highest value.
    table.nextHandle = parent.nextHandle;
    let free: FreeHandle | null = null;
    for (let value = parent.nextHandle - 4; value >= 4; value -= 4) {
      if (lookupHandle(parent, value)?.inheritable !== true) free = { value, next: free };
    }
    table.freeHandles = free;
    return child;
  });
}

// ---- GetHandleInformation / SetHandleInformation -------------------------------------------------

/** The handle `h` of the calling process, or ERROR_INVALID_HANDLE (rule HANDLE-INFO). */
function requireHandle(state: KernelState, pid: ProcessId, h: number): HandleEntry {
  const entry = lookupHandle(requireProcess(state, pid) as ProcessRecord, h);
  if (entry === undefined) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "HANDLE-INFO");
  return entry;
}

/** GetHandleInformation: the handle's flags through lpdwFlags. */
export function getHandleInformation(
  state: KernelState,
  ctx: CallContext,
  h: number,
  lpdwFlags: OutPointer,
): Outcome<number> {
  return transactWith(state, (_w, why) => {
    requireThread(state, ctx);
    const entry = requireHandle(state, ctx.pid, h);
    // NULL is skipped, as Wine's kernelbase does (the only implementation observed); a pointer
    // that cannot be written is the access violation an NT call reports as ERROR_NOACCESS.
    if (lpdwFlags.kind === "invalid") fail(WSA_ERRORS.ERROR_NOACCESS, "HANDLE-INFO");
    why.cite("HANDLE-INFO");
    return handleFlags(entry);
  });
}

function handleFlags(entry: HandleEntry): number {
  return (
    (entry.inheritable ? HANDLE_FLAGS.HANDLE_FLAG_INHERIT : 0) |
    (entry.protectFromClose === true ? HANDLE_FLAGS.HANDLE_FLAG_PROTECT_FROM_CLOSE : 0)
  );
}

/** The two flags a handle has; other bits of a mask are ignored. */
const KNOWN_FLAGS = HANDLE_FLAGS.HANDLE_FLAG_INHERIT | HANDLE_FLAGS.HANDLE_FLAG_PROTECT_FROM_CLOSE;

/**
 * SetHandleInformation: the bits of dwMask take their value from dwFlags; bits other than
 * HANDLE_FLAG_INHERIT and HANDLE_FLAG_PROTECT_FROM_CLOSE are ignored.
 */
export function setHandleInformation(
  state: KernelState,
  ctx: CallContext,
  h: number,
  dwMask: number,
  dwFlags: number,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    requireThread(state, ctx);
    const entry = requireHandle(state, ctx.pid, h);
    why.cite("HANDLE-INFO");
    const mask = dwMask & KNOWN_FLAGS;
    const flags = (handleFlags(entry) & ~mask) | (dwFlags & mask);
    if (flags === handleFlags(entry)) return;
    const changed: HandleEntry = {
      ...entry,
      inheritable: (flags & HANDLE_FLAGS.HANDLE_FLAG_INHERIT) !== 0,
    };
    const protect = (flags & HANDLE_FLAGS.HANDLE_FLAG_PROTECT_FROM_CLOSE) !== 0;
    if (protect) (changed as { protectFromClose?: boolean }).protectFromClose = true;
    else delete (changed as { protectFromClose?: boolean }).protectFromClose;
    w.setIn(editProcess(w, ctx.pid), "handles", h / 4, changed);
  });
}

// ---- CloseHandle ---------------------------------------------------------------------------------

/**
 * CloseHandle: closes any handle of the calling process, Winsock started or not. On a socket it
 * drops the reference as closesocket does (rule EVENT-CLOSE-HANDLE); the pseudo handles -1 and
 * -2 succeed and close nothing, as WSACloseEvent's do.
 */
export function closeHandle(state: KernelState, ctx: CallContext, h: number): Outcome<void> {
  return transactWith(state, (w, why) => {
    requireThread(state, ctx);
    if (h === CURRENT_PROCESS || h === -2) {
      why.cite("HANDLE-INFO");
      return;
    }
    const entry = requireHandle(state, ctx.pid, h);
    refuseProtected(entry);
    why.cite("EVENT-CLOSE-HANDLE");
    releaseDescriptor(w, ctx.pid, h, why);
  });
}

/**
 * A handle with HANDLE_FLAG_PROTECT_FROM_CLOSE is not closed: CloseHandle (and WSACloseEvent,
 * which is CloseHandle) fails with ERROR_INVALID_HANDLE and the handle stays (rule HANDLE-INFO).
 */
export function refuseProtected(entry: HandleEntry): void {
  if (entry.protectFromClose === true) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "HANDLE-INFO");
}

// ---- DuplicateHandle -----------------------------------------------------------------------------

export interface DuplicateHandleArgs {
  /**
   * The source and target processes by id: CURRENT_PROCESS is the caller's own
   * (GetCurrentProcess), 0 is NULL (allowed for the target only, to close the source).
   */
  readonly sourcePid: number;
  readonly hSourceHandle: number;
  readonly targetPid: number;
  /** Where the new value goes. NULL still makes the handle, and loses its value. */
  readonly lpTargetHandle: OutPointer;
  readonly bInheritHandle: boolean;
  readonly dwOptions: number;
}

/** GetCurrentProcess(): the pseudo handle (HANDLE)-1 stands for the calling process. */
export const CURRENT_PROCESS = -1;

/**
 * DuplicateHandle. The new handle names the source's object, in the target process, with
 * HANDLE_FLAG_INHERIT from bInheritHandle; the call returns its value (0 when none was made).
 * DUPLICATE_CLOSE_SOURCE closes the source handle, and does so even when the call fails, as
 * the page says (rule HANDLE-DUPLICATE).
 */
export function duplicateHandle(
  state: KernelState,
  ctx: CallContext,
  args: DuplicateHandleArgs,
): Outcome<HandleValue> {
  return transactWith(state, (w, why) => {
    requireThread(state, ctx);
    why.cite("HANDLE-DUPLICATE");
    const sourcePid = args.sourcePid === CURRENT_PROCESS ? ctx.pid : args.sourcePid;
    const targetPid = args.targetPid === CURRENT_PROCESS ? ctx.pid : args.targetPid;
    const source = findProcess(state, sourcePid);
    if (source === undefined) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "HANDLE-DUPLICATE");
    const entry = lookupHandle(source, args.hSourceHandle);
    if (entry === undefined) fail(WSA_ERRORS.WSA_INVALID_HANDLE, "HANDLE-DUPLICATE");
    const closeSource = (args.dwOptions & DUPLICATE_OPTIONS.DUPLICATE_CLOSE_SOURCE) !== 0;
    const error = duplicationError(state, targetPid, args.lpTargetHandle, closeSource);
    if (error !== 0) {
      if (!closeSource || entry.protectFromClose === true) fail(error, "HANDLE-DUPLICATE");
      // The source is closed all the same: a failure that changes state, which the facade
      // reports as such (Outcome.kept), like a non-blocking connect's.
      releaseDescriptor(w, sourcePid, args.hSourceHandle, why);
      return new KeptFailure(error, "HANDLE-DUPLICATE");
    }
    // The source is closed before the copy is placed: a same-process copy that closes its source
    // takes the source's own value, as Windows' does (kernel32 process.c test_DuplicateHandle).
    // The copy's reference is taken first, so the object never reaches zero in between.
    if (targetPid !== 0) addReference(w, entry);
    // A protected source stays open; the copy is made all the same (HANDLE-INFO).
    if (closeSource && entry.protectFromClose !== true)
      releaseDescriptor(w, sourcePid, args.hSourceHandle, why);
    if (targetPid === 0) return 0;
    const copy: HandleEntry = {
      ...copyOf(entry),
      inheritable: args.bInheritHandle,
      origin: "DuplicateHandle",
    };
    // HANDLE_FLAG_PROTECT_FROM_CLOSE belongs to the source handle; the copy starts without it.
    delete (copy as { protectFromClose?: boolean }).protectFromClose;
    why.cite("LIFE-ANY-ORIGIN");
    const value = allocateHandle(w, targetPid, copy);
    return value;
  });
}

/**
 * The copy of a handle WSADuplicateSocket placed is an ordinary socket handle: the pending mark
 * belongs to the one handle the duplication record names, and the object is the socket itself.
 */
function copyOf(entry: HandleEntry): HandleEntry {
  return entry.kind === "socket" ? { ...entry, pendingDuplication: null } : entry;
}

function duplicationError(
  state: KernelState,
  targetPid: number,
  lpTargetHandle: OutPointer,
  closeSource: boolean,
): number {
  if (targetPid === 0) return closeSource ? 0 : WSA_ERRORS.WSA_INVALID_HANDLE;
  if (findProcess(state, targetPid) === undefined) return WSA_ERRORS.WSA_INVALID_HANDLE;
  if (lpTargetHandle.kind === "invalid") return WSA_ERRORS.ERROR_NOACCESS;
  return 0;
}
