/**
 * AcceptEx: an overlapped accept into a socket the caller made (rules ACCEPTEX-*).
 *
 * The operation belongs to the listening socket: its record (io.ts) names the listener, which
 * the last close cancels (facts 11-13, 84), and it waits in `blocked` like a pending WSARecv.
 * It takes the oldest queued connection; with dwReceiveDataLength > 0 it then waits for the
 * first data, or the peer's FIN, before it completes (Wine's test_AcceptEx, "Test short reads"
 * and "Disconnect during receive", run on Windows). The connection taken becomes the accept
 * socket's: the accept socket keeps its identity (handles, options, completion port) and takes
 * the connection's addresses and queues; the record the network made for the connection goes.
 *
 * What lpOutputBuffer receives: the data, then a local and a remote address slot. Windows calls
 * the slots' format internal (GetAcceptExSockaddrs parses it); the simulator writes each as a
 * 4-byte little-endian length followed by the SOCKADDR, the layout Wine uses, so the facade's
 * GetAcceptExSockaddrs reads back exactly what AcceptEx wrote.
 */
import type { Draft } from "immer";
import { NT_STATUS, WSA_ERRORS } from "../../constants/errors.js";
import { SOCKET_TYPES } from "../../constants/values.js";
import { Rewait, registerAttempt, WOULD_BLOCK, waitedSocket } from "../blocking.js";
import { resolveSocket } from "../descriptors.js";
import { finishIo, IoStatus, isAcceptTarget, resultOf, startIo, waitIo } from "../io.js";
import type { OutPointer } from "../memory.js";
import { encodeSockaddr, sockaddrSize } from "../net/address.js";
import { getSocket } from "../net/stream.js";
import type { Endpoint } from "../net/types.js";
import { settleRecord } from "../notify/record.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketId, SocketRecord } from "../state.js";
import { type Citations, fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import { trieDelete, trieGet } from "../trie.js";
import { DraftWriter } from "../writer.js";
import { eventOf, type OverlappedArg } from "./overlapped.js";
import { type Received, streamReceive } from "./transfer.js";

/** The bytes an address slot needs beyond the SOCKADDR (AcceptEx page, dwLocalAddressLength). */
export const ADDRESS_SLOT_EXTRA = 16;

export interface AcceptExArgs {
  readonly listen: number;
  readonly accept: number;
  /** lpOutputBuffer: NULL, unreadable, or a buffer of this many bytes. */
  readonly buffer:
    | { readonly kind: "null" }
    | { readonly kind: "invalid" }
    | { readonly kind: "buffer"; readonly length: number };
  readonly receiveLength: number;
  readonly localLength: number;
  readonly remoteLength: number;
  /** lpdwBytesReceived, written only when the call completes at once. */
  readonly bytes: OutPointer;
  readonly overlapped: OverlappedArg;
}

/** What a retry needs: plain data in the operation's record. */
export interface AcceptExWait {
  readonly acceptSocket: SocketId;
  readonly receiveLength: number;
  readonly localLength: number;
  readonly remoteLength: number;
  /** Set once the connection is taken and the operation waits for its first data. */
  readonly taken: boolean;
}

/** AcceptEx completed at once: the bytes received and the operation's seq. */
export interface AcceptedEx {
  readonly bytes: number;
  readonly io: number;
}

/**
 * An address slot: 4-byte little-endian length, then the SOCKADDR. A local slot of length 0 is
 * left out: Windows accepts it and GetAcceptExSockaddrs then writes no local address (Wine's
 * test_AcceptEx, lines 8473-8501, run on Windows).
 */
function slot(endpoint: Endpoint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (length === 0) return out;
  const name = encodeSockaddr(endpoint);
  new DataView(out.buffer).setInt32(0, name.length, true);
  out.set(name.subarray(0, Math.min(name.length, length - 4)), 4);
  return out;
}

/** What the operation leaves for the facade: data, then the local slot, then the remote one. */
function output(socket: SocketRecord, wait: AcceptExWait, data: Uint8Array): Uint8Array {
  const local = slot(socket.net.local as Endpoint, wait.localLength);
  const remote = slot(socket.net.remote as Endpoint, wait.remoteLength);
  const out = new Uint8Array(data.length + local.length + remote.length);
  out.set(data, 0);
  out.set(local, data.length);
  out.set(remote, data.length + local.length);
  return out;
}

/**
 * Whether a slot is too small for the listener's addresses: Windows completes the operation
 * with STATUS_BUFFER_TOO_SMALL and leaves the connection queued (Wine's test_AcceptEx with a
 * local length of 3 and of sizeof(sockaddr_in) + 4, run on Windows; todo_wine for the second).
 */
function slotsTooSmall(af: number, wait: AcceptExWait): boolean {
  const need = sockaddrSize(af) + ADDRESS_SLOT_EXTRA;
  return (wait.localLength !== 0 && wait.localLength < need) || wait.remoteLength < need;
}

/**
 * The connection moves into the accept socket: its addresses, queues and state, and its peer
 * now names the accept socket. The network's record for it goes.
 */
function takeInto(
  draft: Draft<KernelState>,
  listener: Draft<SocketRecord>,
  target: SocketId,
  why: Citations,
): void {
  const queue = (listener.net.listener as { queue: readonly SocketId[] }).queue;
  const id = queue[0] as SocketId;
  (listener.net.listener as { queue: readonly SocketId[] }).queue = queue.slice(1);
  const embryo = getSocket(draft, id);
  const acceptor = getSocket(draft, target);
  if (embryo === undefined || acceptor === undefined)
    throw new Error(`kernel invariant: AcceptEx lost connection ${id} or socket ${target}`);
  acceptor.net = { ...embryo.net, embryonic: false };
  // Until SO_UPDATE_ACCEPT_CONTEXT the socket does not have the listener's context (rule
  // ACCEPTEX-CONTEXT).
  acceptor.acceptContext = "pending";
  const peer = getSocket(draft, embryo.net.connection?.peer ?? null);
  if (peer?.net.connection != null) peer.net.connection.peer = target;
  trieDelete(draft.sockets, id);
  why.cite("ACCEPTEX-ACCEPT");
  settleRecord(new DraftWriter(draft), listener.id);
}

/** One try: take a connection, then (dwReceiveDataLength > 0) wait for its first data. */
function attempt(
  draft: Draft<KernelState>,
  listenerId: SocketId,
  wait: AcceptExWait,
  why: Citations,
): Received | IoStatus | Rewait | KeptFailure | typeof WOULD_BLOCK {
  let current = wait;
  if (!current.taken) {
    const listener = waitedSocket(draft, listenerId);
    if (listener.net.phase !== "listening" || (listener.net.listener?.queue.length ?? 0) === 0)
      return WOULD_BLOCK;
    if (slotsTooSmall(listener.af, current)) {
      why.cite("ACCEPTEX-SLOTS");
      return new IoStatus(NT_STATUS.STATUS_BUFFER_TOO_SMALL);
    }
    takeInto(draft, listener, current.acceptSocket, why);
    current = { ...current, taken: true };
  }
  const socket = trieGet(draft.sockets as KernelState["sockets"], current.acceptSocket);
  if (socket === undefined)
    throw new Error(`kernel invariant: no accept socket ${current.acceptSocket}`);
  if (current.receiveLength === 0)
    return { count: 0, data: output(socket as SocketRecord, current, new Uint8Array(0)) };
  const w = new DraftWriter(draft);
  // A reset connection fails the attempt (the operation completes with its status; a call
  // that meets it fails with WSAECONNRESET, as the AcceptEx page describes).
  const received = streamReceive(
    w,
    current.acceptSocket,
    { len: current.receiveLength, flags: 0 },
    why,
  );
  if (received === WOULD_BLOCK || received instanceof Rewait)
    return current === wait ? WOULD_BLOCK : new Rewait(current);
  why.cite("ACCEPTEX-ACCEPT");
  const after = trieGet(draft.sockets as KernelState["sockets"], current.acceptSocket);
  return { count: received.count, data: output(after as SocketRecord, current, received.data) };
}

registerAttempt<AcceptExWait>("io:AcceptEx", (draft, _ctx, id, wait, why) =>
  attempt(draft, id, wait, why),
);

/**
 * AcceptEx (rules ACCEPTEX-*). Checks in the order Wine's test_AcceptEx sees them on Windows:
 * lpOverlapped NULL is WSA_INVALID_PARAMETER; lpOutputBuffer NULL and dwRemoteAddressLength 0
 * are WSAEFAULT; then the listener must be a listening socket and the accept socket an unbound,
 * unconnected stream socket no other AcceptEx is accepting into (WSAENOTSOCK, WSAEINVAL).
 */
export function acceptEx(
  state: KernelState,
  ctx: CallContext,
  args: AcceptExArgs,
): Outcome<AcceptedEx> {
  return transactWith(state, (w, why) => {
    if (args.overlapped.kind === "null") fail(WSA_ERRORS.WSA_INVALID_PARAMETER, "ACCEPTEX-ARGS");
    if (args.overlapped.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "ACCEPTEX-ARGS");
    if (args.buffer.kind !== "buffer") fail(WSA_ERRORS.WSAEFAULT, "ACCEPTEX-ARGS");
    if (args.remoteLength === 0) fail(WSA_ERRORS.WSAEFAULT, "ACCEPTEX-ARGS");
    const total = args.receiveLength + args.localLength + args.remoteLength;
    // The three parts must lie inside the buffer the caller gave.
    if (total > args.buffer.length) fail(WSA_ERRORS.WSAEFAULT, "ACCEPTEX-ARGS");
    const listener = resolveSocket(state, ctx, args.listen) as SocketRecord;
    if (listener.net.phase !== "listening") fail(WSA_ERRORS.WSAEINVAL, "ACCEPTEX-ARGS");
    const acceptor = resolveSocket(state, ctx, args.accept) as SocketRecord;
    if (
      acceptor.type !== SOCKET_TYPES.SOCK_STREAM ||
      acceptor.net.local !== null ||
      acceptor.net.phase !== "open" ||
      isAcceptTarget(state, acceptor.id)
    )
      fail(WSA_ERRORS.WSAEINVAL, "ACCEPTEX-ARGS");
    const o = args.overlapped as OverlappedArg & { kind: "overlapped" };
    const wait: AcceptExWait = {
      acceptSocket: acceptor.id,
      receiveLength: args.receiveLength,
      localLength: args.localLength,
      remoteLength: args.remoteLength,
      taken: false,
    };
    const seq = startIo(w, ctx, {
      call: "AcceptEx",
      socket: listener.id,
      overlapped: o.address,
      event: eventOf(w.state, ctx, o),
      noPacket: (o.hEvent & 1) !== 0,
      args: wait,
    });
    const draft = w.draft();
    const first = attempt(draft, listener.id, wait, why);
    const dw = new DraftWriter(draft);
    if (first === WOULD_BLOCK || first instanceof Rewait) {
      if (first instanceof Rewait) {
        const record = dw.editIn<{ args: unknown }>(dw.root(), "io", seq);
        if (record !== undefined) record.args = first.args;
      }
      waitIo(dw, ctx, seq);
      why.cite("ACCEPTEX-PENDING");
      return new KeptFailure(WSA_ERRORS.WSA_IO_PENDING, "ACCEPTEX-PENDING", { pending: seq });
    }
    // A connection already queued completes the call at once: TRUE, the completion actions
    // run (AcceptEx page: lpdwBytesReceived "is set only if the operation completes
    // synchronously").
    const result = resultOf(first, why.rules);
    finishIo(dw, seq, result);
    why.cite("ACCEPTEX-PENDING");
    if (result.status !== NT_STATUS.STATUS_SUCCESS)
      return new KeptFailure(WSA_ERRORS.WSAEFAULT, "ACCEPTEX-SLOTS", { io: seq });
    return { bytes: result.bytes, io: seq };
  });
}
