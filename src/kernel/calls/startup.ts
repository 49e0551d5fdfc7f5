/**
 * WSAStartup and WSACleanup: a per-process reference count of Winsock use.
 *
 * Version negotiation follows ReactOS's WSAStartup apitest, written against Windows (research
 * notes, section 1a): a major version of 0 is refused, 1.x is capped at 1.1, 2.x at 2.2, and
 * anything from 3.0 up is answered with 2.2. WSADATA is filled even when the version is refused.
 */

import { WSA_ERRORS } from "../../constants/errors.js";
import { releaseDescriptor, requireStarted } from "../descriptors.js";
import { cancelProcessIoSilently } from "../io.js";
import type { OutPointer } from "../memory.js";
import { type CallContext, requireProcess } from "../processes.js";
import type { HandleOrigin, KernelState, ProcessId } from "../state.js";
import { type Citations, fail, type Outcome, transactWith } from "../transaction.js";
import { trieEntries } from "../trie.js";
import { editProcess, type Writer } from "../writer.js";

export interface WsaData {
  readonly wVersion: number;
  readonly wHighVersion: number;
  readonly iMaxSockets: number;
  readonly iMaxUdpDg: number;
  readonly szDescription: string;
  readonly szSystemStatus: string;
}

export const HIGHEST_VERSION = 0x0202;

export function makeWord(major: number, minor: number): number {
  return (major & 0xff) | ((minor & 0xff) << 8);
}

/** The version WSAStartup answers for a request, or undefined when it is refused. */
export function negotiateVersion(requested: number): number | undefined {
  const major = requested & 0xff;
  const minor = (requested >> 8) & 0xff;
  if (major === 0) return undefined;
  if (major === 1) return makeWord(1, Math.min(minor, 1));
  if (major === 2) return makeWord(2, Math.min(minor, 2));
  return HIGHEST_VERSION;
}

function wsaData(version: number): WsaData {
  const legacy = (version & 0xff) === 1;
  return {
    wVersion: version,
    wHighVersion: HIGHEST_VERSION,
    // Winsock 2 callers are told to ignore these; 1.x callers get the old limits.
    iMaxSockets: legacy ? 32767 : 0,
    iMaxUdpDg: legacy ? 65467 : 0,
    szDescription: "WinSock 2.0",
    szSystemStatus: "Running",
  };
}

export interface StartupArgs {
  readonly wVersionRequested: number;
  readonly lpWSAData: OutPointer;
}

/**
 * WSAStartup. On failure the outcome's `output` is the WSADATA Windows still writes (for a
 * refused version), so the facade can fill the caller's structure.
 */
export function wsaStartup(
  state: KernelState,
  ctx: CallContext,
  args: StartupArgs,
): Outcome<WsaData> {
  return transactWith(state, (w, why) => {
    requireProcess(state, ctx.pid);
    const version = negotiateVersion(args.wVersionRequested & 0xffff);
    if (version === undefined) {
      const output = args.lpWSAData.kind === "valid" ? wsaData(HIGHEST_VERSION) : undefined;
      fail(WSA_ERRORS.WSAVERNOTSUPPORTED, "START-VERSION", output);
    }
    if (args.lpWSAData.kind !== "valid") fail(WSA_ERRORS.WSAEFAULT, "START-VERSION");
    why.cite("START-VERSION", "START-COUNT");
    const process = editProcess(w, ctx.pid);
    process.startupCount += 1;
    if (process.startupCount === 1) process.wsaVersion = version;
    return wsaData(version);
  });
}

/** WSACleanup. The last one closes every socket descriptor the process holds. */
export function wsaCleanup(state: KernelState, ctx: CallContext): Outcome<void> {
  return transactWith(state, (w, why) => {
    requireStarted(state, ctx);
    const process = editProcess(w, ctx.pid);
    why.cite("START-COUNT");
    process.startupCount -= 1;
    if (process.startupCount === 0) {
      process.wsaVersion = 0;
      cancelProcessIoSilently(w, ctx.pid, why);
      closeAllSockets(w, ctx.pid, why);
    }
  });
}

/**
 * The handles this process's Winsock made or claimed. Inherited handles and DuplicateHandle
 * copies reached the process through the kernel, not through Winsock (rule LIFE-CLEANUP).
 */
const KNOWN_TO_WINSOCK: ReadonlySet<HandleOrigin> = new Set([
  "created",
  "accepted",
  "WSADuplicateSocket",
]);

/**
 * Closes every descriptor this process's Winsock knows. A handle placed by WSADuplicateSocket
 * and not yet claimed is not a Winsock socket of this process yet, so it stays (rule
 * LIFE-CLEANUP); sockets that other processes hold survive through their own descriptors.
 */
function closeAllSockets(w: Writer, pid: ProcessId, why: Citations): void {
  why.cite("LIFE-CLEANUP");
  const sockets: number[] = [];
  for (const [key, entry] of trieEntries(requireProcess(w.state, pid).handles)) {
    if (
      entry.kind === "socket" &&
      KNOWN_TO_WINSOCK.has(entry.origin) &&
      entry.pendingDuplication === null
    )
      sockets.push(key * 4);
  }
  for (const value of sockets) releaseDescriptor(w, pid, value, why);
}
