/**
 * socket, WSASocket and closesocket.
 */

import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { FROM_PROTOCOL_INFO, WSA_FLAGS } from "../../constants/values.js";
import {
  type Blocked,
  block,
  registerAttempt,
  registerTimeoutAction,
  WOULD_BLOCK,
  waitedSocket,
} from "../blocking.js";
import { isCatalogEntry } from "../catalog.js";
import { checkGroup, createSocket, resolveProvider } from "../creation.js";
import { releaseDescriptor, requireStarted, socketById } from "../descriptors.js";
import { lookupHandle } from "../handles.js";
import { EMPTY_DRAFT, linked, resetPeer } from "../net/stream.js";
import { optionValue } from "../options/index.js";
import { type CallContext, requireProcess, requireThread } from "../processes.js";
import type { ProtocolInfo } from "../protocol-info.js";
import type { HandleValue, KernelState, ProcessRecord, SocketId, SocketRecord } from "../state.js";
import { type Citations, fail, type Outcome, transactWith } from "../transaction.js";
import { DraftWriter } from "../writer.js";
import { importDuplicate } from "./duplicate.js";

export interface SocketArgs {
  readonly af: number;
  readonly type: number;
  readonly protocol: number;
}

/**
 * socket(): WSASocket without protocol info, overlapped unless the calling thread set
 * SO_OPENTYPE to a synchronous mode (rule SOCK-OVERLAPPED).
 */
export function socket(
  state: KernelState,
  ctx: CallContext,
  args: SocketArgs,
): Outcome<HandleValue> {
  return transactWith(state, (w, why) => {
    requireStarted(state, ctx);
    const thread = requireThread(state, ctx);
    const resolved = resolveProvider(args.af, args.type, args.protocol, true);
    why.cite("SOCK-OVERLAPPED");
    const flags = thread.openType === 0 ? WSA_FLAGS.WSA_FLAG_OVERLAPPED : 0;
    return createSocket(w, ctx.pid, resolved, flags, why);
  });
}

/** What the caller passed as lpProtocolInfo, as the facade decoded it. */
export type ProtocolInfoArg =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  /** Shorter than the structure: Windows reads past the caller's data. */
  | { readonly kind: "truncated" }
  | { readonly kind: "info"; readonly info: ProtocolInfo };

export interface WsaSocketArgs extends SocketArgs {
  readonly lpProtocolInfo: ProtocolInfoArg;
  readonly g: number;
  readonly dwFlags: number;
}

/** A triple member given as 0 or FROM_PROTOCOL_INFO is taken from the structure (rule SOCK-FROM-INFO). */
function fromInfo(arg: number, field: number): number {
  return arg === 0 || arg === FROM_PROTOCOL_INFO ? field : arg;
}

export function wsaSocket(
  state: KernelState,
  ctx: CallContext,
  args: WsaSocketArgs,
): Outcome<HandleValue> {
  return transactWith(state, (w, why) => {
    requireStarted(state, ctx);
    const infoArg = args.lpProtocolInfo;
    if (infoArg.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "SOCK-FROM-INFO");
    if (infoArg.kind === "truncated") fail(WSA_ERRORS.WSAEINVAL, "DUP-INFO-CHECK");
    if (infoArg.kind === "info" && infoArg.info.dwProviderReserved !== 0) {
      return importDuplicate(w, ctx, infoArg.info, args.dwFlags, why);
    }
    // ws2_32 finds the provider by dwCatalogEntryId before it looks at the triple (ReactOS
    // socklife.c): a structure naming no catalog entry (all zero bytes, as a failed
    // WSADuplicateSocket leaves the buffer) has "invalid" contents, WSAEINVAL by the WSASocketW
    // page (Wine 8 agrees for zeros: af and protocol both 0). The WSAEAFNOSUPPORT of Wine's
    // test_WSASocket is for a real catalog entry whose af was set to 0 or -1 (SOCK-FROM-INFO).
    if (infoArg.kind === "info" && !isCatalogEntry(infoArg.info.dwCatalogEntryId)) {
      fail(WSA_ERRORS.WSAEINVAL, "SOCK-FROM-INFO");
    }
    const resolved =
      infoArg.kind === "info"
        ? resolveProvider(
            fromInfo(args.af, infoArg.info.iAddressFamily),
            fromInfo(args.type, infoArg.info.iSocketType),
            fromInfo(args.protocol, infoArg.info.iProtocol),
            false,
          )
        : resolveProvider(args.af, args.type, args.protocol, true);
    if (infoArg.kind === "info") why.cite("SOCK-FROM-INFO");
    checkGroup(args.g);
    why.cite("SOCK-OVERLAPPED");
    return createSocket(w, ctx.pid, resolved, args.dwFlags, why);
  });
}

/**
 * closesocket: releases one descriptor. Another descriptor of the socket, in this process or
 * another, keeps the socket and all its state (rules LIFE-SHARED-CLOSE, LIFE-LAST-CLOSE).
 *
 * The last close of a connected socket with SO_LINGER {1, N>0} and data not yet delivered waits
 * for it: on a non-blocking socket that is WSAEWOULDBLOCK with the descriptor still valid; a
 * blocking one waits up to N seconds, then resets the connection; both ends return 0
 * (rule NET-LINGER).
 */
export function closesocket(state: KernelState, ctx: CallContext, s: number): Outcome<0 | Blocked> {
  return transactWith(state, (w, why) => {
    const process = requireStarted(state, ctx);
    const entry = lookupHandle(process as ProcessRecord, s);
    if (entry === undefined || entry.kind !== "socket" || entry.pendingDuplication !== null) {
      fail(WSA_ERRORS.WSAENOTSOCK, "HANDLE-KIND");
    }
    const socket = socketById(state, entry.socket);
    const seconds = lingerTimeout(socket as SocketRecord);
    if (seconds > 0) {
      if (socket.nonBlocking) fail(WSA_ERRORS.WSAEWOULDBLOCK, "NET-LINGER");
      const wait: LingerWait = { handle: s };
      return block(w.draft(), ctx, "closesocket", socket, wait, seconds * 1000, why);
    }
    // The last descriptor of a connected or listening socket: its end runs on a draft
    // (net/stream.ts), so the call asks for one now rather than after copying for nothing.
    if (socket.refCount === 1 && linked(socket)) w.draft();
    releaseDescriptor(w, ctx.pid, s, why);
    return 0;
  });
}

interface LingerWait {
  readonly handle: number;
}

/**
 * Seconds a last close must wait: SO_LINGER {1, N>0} on the last descriptor of a connected
 * socket whose sent data has not all reached the peer; 0 when the close can happen now.
 */
function lingerTimeout(socket: SocketRecord): number {
  const onoff = optionValue(socket, "SO_LINGER.l_onoff");
  const seconds = optionValue(socket, "SO_LINGER.l_linger");
  const pending = socket.net.connection?.sendQueue.bytes ?? 0;
  if (socket.refCount !== 1 || onoff === 0 || seconds === 0 || pending === 0) return 0;
  return seconds;
}

/**
 * Closes the descriptor a lingering close is waiting on, once it may (or must) go. The wait keeps
 * the descriptor, so another thread can close it meanwhile (once the socket has a second
 * descriptor, a duplicate, that close is not the last and returns 0); the lingering close then
 * has nothing left to close and fails with WSAENOTSOCK, whether the data was delivered or the
 * time ran out, changing nothing: no reset, the socket lives on through its other descriptors
 * (NET-LINGER, LIFE-SHARED-CLOSE). The same holds when the freed value already names another
 * socket, or a duplicate not yet claimed (HANDLE-REUSE): that handle is not this close's.
 */
function finishLinger(
  draft: Draft<KernelState>,
  ctx: CallContext,
  id: SocketId,
  wait: LingerWait,
  abortive: boolean,
  why: Citations,
): 0 {
  why.cite("NET-LINGER");
  const process = requireProcess(draft, ctx.pid);
  const entry = lookupHandle(process as ProcessRecord, wait.handle);
  if (entry?.kind !== "socket" || entry.socket !== id || entry.pendingDuplication !== null) {
    fail(WSA_ERRORS.WSAENOTSOCK, "HANDLE-KIND");
  }
  const socket = socketById(draft, entry.socket);
  if (abortive) {
    why.cite("NET-ABORTIVE-CLOSE");
    resetPeer(draft, socket, why);
    if (socket.net.connection !== null) socket.net.connection.sendQueue = EMPTY_DRAFT;
  }
  releaseDescriptor(new DraftWriter(draft), process.pid, wait.handle, why);
  return 0;
}

registerAttempt<LingerWait>("closesocket", (draft, ctx, id, wait, why) => {
  const socket = waitedSocket(draft, id);
  if ((socket.net.connection?.sendQueue.bytes ?? 0) > 0 && socket.net.connection?.peer != null)
    return WOULD_BLOCK;
  return finishLinger(draft, ctx, id, wait, false, why);
});

registerTimeoutAction<LingerWait>("closesocket", (draft, ctx, id, wait, why) =>
  finishLinger(draft, ctx, id, wait, true, why),
);
