/**
 * socket, WSASocket and closesocket.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { FROM_PROTOCOL_INFO, WSA_FLAGS } from "../../constants/values.js";
import { checkGroup, createSocket, resolveProvider } from "../creation.js";
import { releaseDescriptor, requireStarted } from "../descriptors.js";
import { lookupHandle } from "../handles.js";
import { type CallContext, requireThread } from "../processes.js";
import type { ProtocolInfo } from "../protocol-info.js";
import type { HandleValue, KernelState, ProcessRecord } from "../state.js";
import { fail, type Outcome, transact } from "../transaction.js";
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
  return transact(state, (draft, why) => {
    const process = requireStarted(draft, ctx);
    const thread = requireThread(draft, ctx);
    const resolved = resolveProvider(args.af, args.type, args.protocol, true);
    why.cite("SOCK-OVERLAPPED");
    const flags = thread.openType === 0 ? WSA_FLAGS.WSA_FLAG_OVERLAPPED : 0;
    return createSocket(draft, process, resolved, flags, why);
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
  return transact(state, (draft, why) => {
    const process = requireStarted(draft, ctx);
    const infoArg = args.lpProtocolInfo;
    if (infoArg.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "SOCK-FROM-INFO");
    if (infoArg.kind === "truncated") fail(WSA_ERRORS.WSAEINVAL, "DUP-INFO-CHECK");
    if (infoArg.kind === "info" && infoArg.info.dwProviderReserved !== 0) {
      return importDuplicate(draft, ctx, process, infoArg.info, args.dwFlags, why);
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
    return createSocket(draft, process, resolved, args.dwFlags, why);
  });
}

/**
 * closesocket: releases one descriptor. Another descriptor of the socket, in this process or
 * another, keeps the socket and all its state (rules LIFE-SHARED-CLOSE, LIFE-LAST-CLOSE).
 */
export function closesocket(state: KernelState, ctx: CallContext, s: number): Outcome<void> {
  return transact(state, (draft, why) => {
    const process = requireStarted(draft, ctx);
    const entry = lookupHandle(process as ProcessRecord, s);
    if (entry === undefined || entry.kind !== "socket" || entry.pendingDuplication !== null) {
      fail(WSA_ERRORS.WSAENOTSOCK, "HANDLE-KIND");
    }
    releaseDescriptor(draft, process, s, why);
  });
}
