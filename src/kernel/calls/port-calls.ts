/**
 * CreateIoCompletionPort, GetQueuedCompletionStatus and PostQueuedCompletionStatus (kernel32;
 * rules PORT-*). Their errors are Win32 codes (GetLastError), which the simulator keeps in the
 * calling thread's last error like every other call.
 */
import { NT_STATUS_TO_WIN32, WSA_ERRORS } from "../../constants/errors.js";
import { type Blocked, blockOn, OWN_PORTS, registerAttempt, WOULD_BLOCK } from "../blocking.js";
import { newPort, portById, queuePacket } from "../completion-ports.js";
import { allocateHandle, lookupHandle } from "../handles.js";
import { STATUS_SUCCESS } from "../io.js";
import type { OutPointer } from "../memory.js";
import { type CallContext, requireProcess } from "../processes.js";
import type {
  CompletionPacket,
  CompletionPortRecord,
  HandleEntry,
  KernelState,
  PortId,
  SocketRecord,
} from "../state.js";
import { fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import { trieGet } from "../trie.js";
import { DraftWriter, editSocket, type Writer } from "../writer.js";

const E = WSA_ERRORS;

/** INVALID_HANDLE_VALUE, as a handle argument reads it (a 32-bit -1). */
export const INVALID_HANDLE_VALUE = -1;

/** GetQueuedCompletionStatus's dwMilliseconds that never times out. */
export const INFINITE = 0xffffffff;

export interface CreatePortArgs {
  readonly fileHandle: number;
  readonly existingPort: number;
  readonly key: number;
  readonly concurrentThreads: number;
}

function entryOf(state: KernelState, ctx: CallContext, h: number): HandleEntry | undefined {
  return lookupHandle(requireProcess(state, ctx.pid), h);
}

export function portOf(state: KernelState, ctx: CallContext, h: number): PortId {
  const entry = entryOf(state, ctx, h);
  if (entry?.kind !== "port") fail(E.WSA_INVALID_HANDLE, "PORT-CREATE");
  return entry.port;
}

/**
 * CreateIoCompletionPort: with FileHandle INVALID_HANDLE_VALUE, a new port (ExistingCompletionPort
 * must be NULL); with a socket, that socket's association with ExistingCompletionPort, or with a
 * new port when it is NULL. Returns the port's handle: a new one, or ExistingCompletionPort
 * itself. A socket is associated with one port only (rule PORT-CREATE).
 */
export function createIoCompletionPort(
  state: KernelState,
  ctx: CallContext,
  args: CreatePortArgs,
): Outcome<number> {
  return transactWith(state, (w, why) => {
    requireProcess(state, ctx.pid);
    why.cite("PORT-CREATE");
    if (args.fileHandle === INVALID_HANDLE_VALUE) {
      if (args.existingPort !== 0) fail(E.WSA_INVALID_PARAMETER, "PORT-CREATE");
      return placePort(w, ctx);
    }
    const entry = entryOf(state, ctx, args.fileHandle);
    if (entry?.kind !== "socket") fail(E.WSA_INVALID_HANDLE, "PORT-CREATE");
    const socket = trieGet(state.sockets, entry.socket) as SocketRecord;
    const port = args.existingPort === 0 ? undefined : portOf(state, ctx, args.existingPort);
    if (socket.completion !== undefined) fail(E.WSA_INVALID_PARAMETER, "PORT-CREATE");
    const handle = port === undefined ? placePort(w, ctx) : args.existingPort;
    const id = port ?? (entryOf(w.state, ctx, handle) as { port: PortId }).port;
    editSocket(w, socket.id).completion = { port: id, key: args.key >>> 0 };
    why.cite("PORT-ASSOCIATE");
    return handle;
  });
}

function placePort(w: Writer, ctx: CallContext): number {
  const port = newPort(w);
  // Like an event, a port handle is not inheritable unless made so (SECURITY_ATTRIBUTES).
  return allocateHandle(w, ctx.pid, {
    kind: "port",
    port,
    inheritable: false,
    origin: "created",
  });
}

export interface DequeueArgs {
  readonly port: number;
  /** lpNumberOfBytesTransferred, lpCompletionKey and lpOverlapped, which the call writes. */
  readonly outputs: readonly OutPointer[];
  /** Milliseconds; INFINITE waits for ever, 0 does not wait. */
  readonly milliseconds: number;
}

/** What GetQueuedCompletionStatus writes: the packet, and whether the operation succeeded. */
export interface Dequeued {
  readonly key: number;
  readonly bytes: number;
  /** The OVERLAPPED's address, 0 for none. */
  readonly overlapped: number;
}

/** Removes the port's oldest packet and returns it; undefined when the queue is empty. */
export function shiftPacket(w: Writer, id: PortId): CompletionPacket | undefined {
  const port = portById(w.state, id);
  const packet = port.packets[0] as CompletionPacket | undefined;
  if (packet === undefined) return undefined;
  const edited = w.editIn<CompletionPortRecord>(w.root(), "completionPorts", id);
  if (edited !== undefined) edited.packets = port.packets.slice(1);
  return packet;
}

/** Takes the oldest packet, as TRUE or as FALSE with its status's Win32 error (PORT-DEQUEUE). */
function takePacket(w: Writer, id: PortId): Dequeued | KeptFailure | undefined {
  const packet = shiftPacket(w, id);
  if (packet === undefined) return undefined;
  const out: Dequeued = { key: packet.key, bytes: packet.bytes, overlapped: packet.overlapped };
  if (packet.status < 0x80000000 && packet.status !== 0x103) return out;
  const error = NT_STATUS_TO_WIN32.get(packet.status) ?? E.ERROR_UNEXP_NET_ERR;
  return new KeptFailure(error, "PORT-DEQUEUE", out);
}

interface DequeueWait {
  readonly port: PortId;
}

registerAttempt<DequeueWait>("GetQueuedCompletionStatus", (draft, _ctx, _key, wait) => {
  // The port's last handle was closed while the thread waited (GetQueuedCompletionStatus page).
  if (trieGet((draft as KernelState).completionPorts, wait.port) === undefined)
    fail(E.ERROR_ABANDONED_WAIT_0, "PORT-DEQUEUE");
  return takePacket(new DraftWriter(draft), wait.port) ?? WOULD_BLOCK;
});

/**
 * GetQueuedCompletionStatus: the oldest packet of the port, TRUE for an operation that
 * succeeded (or a posted packet), FALSE with the operation's error for one that failed, the
 * packet written either way; with none, FALSE and WAIT_TIMEOUT at once for a zero timeout, or a
 * wait for the next packet (rules PORT-DEQUEUE, PORT-PACKET).
 */
export function getQueuedCompletionStatus(
  state: KernelState,
  ctx: CallContext,
  args: DequeueArgs,
): Outcome<Dequeued | Blocked> {
  return transactWith(state, (w, why) => {
    const id = portOf(state, ctx, args.port);
    why.cite("PORT-DEQUEUE");
    // Memory the call cannot write: ERROR_NOACCESS, nothing taken (as for DuplicateHandle).
    if (args.outputs.some((o) => o.kind !== "valid")) fail(E.ERROR_NOACCESS, "PORT-DEQUEUE");
    const taken = takePacket(w, id);
    if (taken !== undefined) return taken;
    if (args.milliseconds === 0) fail(E.WAIT_TIMEOUT, "PORT-DEQUEUE");
    const timeout = args.milliseconds === INFINITE ? 0 : args.milliseconds;
    const wait: DequeueWait = { port: id };
    // A wait that times out fails with WAIT_TIMEOUT, as the zero timeout does.
    return blockOn(
      w.draft(),
      ctx,
      "GetQueuedCompletionStatus",
      OWN_PORTS,
      wait,
      timeout,
      E.WAIT_TIMEOUT,
    );
  });
}

export interface PostArgs {
  readonly port: number;
  readonly bytes: number;
  readonly key: number;
  readonly overlapped: number;
}

/** PostQueuedCompletionStatus: queues a packet with the caller's values (rule PORT-POST). */
export function postQueuedCompletionStatus(
  state: KernelState,
  ctx: CallContext,
  args: PostArgs,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    const id = portOf(state, ctx, args.port);
    why.cite("PORT-POST");
    queuePacket(w, id, {
      key: args.key >>> 0,
      bytes: args.bytes >>> 0,
      overlapped: args.overlapped,
      status: STATUS_SUCCESS,
    });
  });
}
