/**
 * WSADuplicateSocket and its other half, WSASocket with the structure it issued.
 *
 * Duplication places a handle for the socket in the target process at once, as Microsoft's
 * provider does (the SPI pages: dwProviderReserved may carry "a duplicated handle"; Wine does the
 * same, WS_DuplicateSocket in its dlls/ws2_32/socket.c). That handle keeps the socket alive even
 * if the source closes its descriptor before the target calls WSASocket, and the target's
 * WSASocket turns it into a descriptor its Winsock knows (rule DUP-PENDING-REF). The structure
 * can be used once, and only by the target (rules DUP-SINGLE-USE, DUP-TARGET-ONLY).
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { WSA_FLAGS } from "../../constants/values.js";
import { resolveSocket, socketById } from "../descriptors.js";
import { allocateHandle, lookupHandle } from "../handles.js";
import type { OutPointer } from "../memory.js";
import { type CallContext, findProcess, requireProcess } from "../processes.js";
import { describeSocket, type ProtocolInfo } from "../protocol-info.js";
import type { HandleValue, KernelState, ProcessRecord } from "../state.js";
import { type Citations, fail, type Outcome, transactWith } from "../transaction.js";
import { trieGet } from "../trie.js";
import { editProcess, editSocket, type Writer } from "../writer.js";

export interface DuplicateArgs {
  readonly s: number;
  readonly dwProcessId: number;
  readonly lpProtocolInfo: OutPointer;
}

/** WSADuplicateSocketA/W. Checks in Windows' order: socket, process id, pointer (DUP-CHECK-ORDER). */
export function duplicateSocket(
  state: KernelState,
  ctx: CallContext,
  args: DuplicateArgs,
): Outcome<ProtocolInfo> {
  return transactWith(state, (w, why) => {
    const shared = resolveSocket(state, ctx, args.s);
    const target = findProcess(state, args.dwProcessId);
    if (target === undefined) fail(WSA_ERRORS.WSAEINVAL, "DUP-CHECK-ORDER");
    if (args.lpProtocolInfo.kind !== "valid") fail(WSA_ERRORS.WSAEFAULT, "DUP-CHECK-ORDER");
    why.cite("DUP-CHECK-ORDER", "DUP-PENDING-REF", "LIFE-REFCOUNT");
    const root = w.root();
    const id = root.nextDuplicationId;
    root.nextDuplicationId += 1;
    const targetHandle = allocateHandle(w, target.pid, {
      kind: "socket",
      socket: shared.id,
      inheritable: false,
      origin: "WSADuplicateSocket",
      pendingDuplication: id,
    });
    const socket = editSocket(w, shared.id);
    socket.refCount += 1;
    w.setIn(root, "duplications", id, {
      id,
      socket: socket.id,
      sourcePid: ctx.pid,
      targetPid: target.pid,
      targetHandle,
    });
    why.cite("DUP-INFO");
    return describeSocket(socket, id);
  });
}

/**
 * The target's WSASocket with a structure from WSADuplicateSocket. Every way the structure can
 * be wrong (unknown, already used, meant for another process, altered) is WSAEINVAL, the one
 * error the WSASocket page gives for a protocol info that is "incomplete, invalid or already
 * used".
 */
export function importDuplicate(
  w: Writer,
  ctx: CallContext,
  info: ProtocolInfo,
  dwFlags: number,
  why: Citations,
): HandleValue {
  const state = w.state;
  const id = info.dwProviderReserved;
  const record = trieGet(state.duplications, id);
  if (record === undefined) {
    fail(WSA_ERRORS.WSAEINVAL, id < state.nextDuplicationId ? "DUP-SINGLE-USE" : "DUP-INFO-CHECK");
  }
  if (record.targetPid !== ctx.pid) fail(WSA_ERRORS.WSAEINVAL, "DUP-TARGET-ONLY");
  const socket = socketById(state, record.socket);
  const expected = describeSocket(socket, id);
  if (
    info.ProviderId !== expected.ProviderId ||
    info.dwCatalogEntryId !== expected.dwCatalogEntryId ||
    info.iAddressFamily !== expected.iAddressFamily ||
    info.iSocketType !== expected.iSocketType ||
    info.iProtocol !== expected.iProtocol
  ) {
    fail(WSA_ERRORS.WSAEINVAL, "DUP-INFO-CHECK");
  }
  const entry = lookupHandle(requireProcess(state, ctx.pid) as ProcessRecord, record.targetHandle);
  if (entry?.kind !== "socket" || entry.pendingDuplication !== id) {
    throw new Error(`kernel invariant: duplication ${id} lost its pending handle`);
  }
  // The pending handle becomes the descriptor; no new reference is taken, none is dropped.
  const value = record.targetHandle;
  w.setIn(editProcess(w, ctx.pid), "handles", value / 4, {
    kind: "socket",
    socket: record.socket,
    inheritable: (dwFlags & WSA_FLAGS.WSA_FLAG_NO_HANDLE_INHERIT) === 0,
    origin: "WSADuplicateSocket",
    pendingDuplication: null,
  });
  w.deleteIn(w.root(), "duplications", id);
  why.cite("DUP-SINGLE-USE", "DUP-TARGET-ONLY", "DESC-SHARED-STATE");
  return value;
}
