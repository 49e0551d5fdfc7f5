/**
 * listen and accept.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { SOCKET_TYPES } from "../../constants/values.js";
import { type Blocked, block, registerAttempt, WOULD_BLOCK, waitedSocket } from "../blocking.js";
import { resolveSocket } from "../descriptors.js";
import { allocateHandle } from "../handles.js";
import type { BufferPointer, IntPointer } from "../memory.js";
import { encodeSockaddr, sockaddrSize } from "../net/address.js";
import { getSocket } from "../net/stream.js";
import type { Endpoint } from "../net/types.js";
import { inheritRegistration, settleRecord } from "../notify/record.js";
import type { CallContext } from "../processes.js";
import type { HandleValue, KernelState, SocketId, SocketRecord } from "../state.js";
import { type Citations, fail, type Outcome, transact } from "../transaction.js";
import { DraftWriter } from "../writer.js";

/** The largest backlog SOMAXCONN stands for, and the range of SOMAXCONN_HINT (listen page). */
export const SOMAXCONN_BACKLOG = 200;
const HINT_MIN = 200;
const HINT_MAX = 65535;

/**
 * The queue length a backlog argument gives (rule NET-LISTEN): SOMAXCONN is the provider's
 * maximum, SOMAXCONN_HINT(N) (= -N) is N clamped to [200, 65535], other values are clamped to
 * [1, 200].
 */
export function effectiveBacklog(backlog: number): number {
  if (backlog === 0x7fffffff) return SOMAXCONN_BACKLOG;
  if (backlog < 0) return Math.min(Math.max(-backlog, HINT_MIN), HINT_MAX);
  return Math.min(Math.max(backlog, 1), SOMAXCONN_BACKLOG);
}

export function listen(
  state: KernelState,
  ctx: CallContext,
  s: number,
  backlog: number,
): Outcome<void> {
  return transact(state, (draft, why) => {
    const socket = resolveSocket(draft, ctx, s);
    if (socket.type !== SOCKET_TYPES.SOCK_STREAM) fail(WSA_ERRORS.WSAEOPNOTSUPP, "NET-LISTEN");
    if (socket.net.phase === "connected" || socket.net.phase === "connecting") {
      fail(WSA_ERRORS.WSAEISCONN, "NET-LISTEN");
    }
    if (socket.net.local === null) fail(WSA_ERRORS.WSAEINVAL, "NET-LISTEN");
    why.cite("NET-LISTEN");
    // Listening again succeeds and keeps the backlog it had (listen page).
    if (socket.net.phase === "listening") return;
    socket.net.phase = "listening";
    socket.net.listener = { backlog: effectiveBacklog(backlog), queue: [] };
  });
}

export interface AcceptArgs {
  readonly s: number;
  readonly addr: BufferPointer;
  readonly addrlen: IntPointer;
}

/** What accept returns: the new descriptor and the peer address written through addr. */
export interface AcceptResult {
  readonly socket: HandleValue;
  readonly addr?: Uint8Array;
  readonly addrlen?: number;
}

/** addr and addrlen as accept reads them (observed fact 152): checked before waiting. */
function checkAddress(af: number, addr: BufferPointer, addrlen: IntPointer): boolean {
  if (addr.kind === "null") return false;
  if (addr.kind === "invalid" || addrlen.kind !== "int") {
    // accept(s, &addr, NULL) works and leaves addr alone (fact 152).
    if (addrlen.kind === "null" && addr.kind === "buffer") return false;
    fail(WSA_ERRORS.WSAEFAULT, "NET-ACCEPT");
  }
  const size = sockaddrSize(af);
  if (addrlen.value < size || addr.bytes.length < size) fail(WSA_ERRORS.WSAEFAULT, "NET-ACCEPT");
  return true;
}

interface AcceptWait {
  readonly wantAddress: boolean;
}

/** Takes the oldest completed connection, or WOULD_BLOCK. */
function takeConnection(
  draft: Draft<KernelState>,
  ctx: CallContext,
  listener: Draft<SocketRecord>,
  wantAddress: boolean,
  why: Citations,
): AcceptResult | typeof WOULD_BLOCK {
  if (listener.net.phase !== "listening" || listener.net.listener === null) {
    fail(WSA_ERRORS.WSAEINVAL, "NET-ACCEPT");
  }
  const queue = listener.net.listener.queue;
  const id = queue[0];
  if (id === undefined) return WOULD_BLOCK;
  listener.net.listener.queue = queue.slice(1);
  const accepted = getSocket(draft, id as SocketId);
  if (accepted === undefined)
    throw new Error(`kernel invariant: queued connection ${id} is missing`);
  accepted.net.embryonic = false;
  accepted.refCount = 1;
  why.cite("NET-ACCEPT", "NET-ACCEPT-INHERITS", "LIFE-REFCOUNT");
  const handle = allocateHandle(new DraftWriter(draft), ctx.pid, {
    kind: "socket",
    socket: accepted.id,
    inheritable: true,
    origin: "accepted",
    pendingDuplication: null,
  });
  // The accepted socket gets the listener's registration, and what it recorded meanwhile
  // (its FD_WRITE) is delivered under it (rule EVT-ACCEPT-INHERITS).
  const w = new DraftWriter(draft);
  inheritRegistration(w, listener as SocketRecord, accepted.id, { pid: ctx.pid, handle }, why);
  settleRecord(w, listener.id);
  if (!wantAddress) return { socket: handle };
  const name = encodeSockaddr(accepted.net.remote as Endpoint);
  return { socket: handle, addr: name, addrlen: name.length };
}

registerAttempt<AcceptWait>("accept", (draft, ctx, id, args, why) =>
  takeConnection(draft, ctx, waitedSocket(draft, id), args.wantAddress, why),
);

/** accept: socket, then not listening, then the address pointers, then wait (NET-ACCEPT). */
export function accept(
  state: KernelState,
  ctx: CallContext,
  args: AcceptArgs,
): Outcome<AcceptResult | Blocked> {
  return transact(state, (draft, why) => {
    const listener = resolveSocket(draft, ctx, args.s);
    if (listener.net.phase !== "listening") fail(WSA_ERRORS.WSAEINVAL, "NET-ACCEPT");
    const wantAddress = checkAddress(listener.af, args.addr, args.addrlen);
    const result = takeConnection(draft, ctx, listener, wantAddress, why);
    if (result !== WOULD_BLOCK) return result;
    const timeout = 0; // accept has no timeout option on Windows
    const wait: AcceptWait = { wantAddress };
    return block(draft, ctx, "accept", listener, wait, timeout, why);
  });
}
