/**
 * The kernel's state: plain immutable data, one snapshot per step.
 *
 * Two kinds of object matter for sharing. An underlying socket (`SocketRecord`) holds everything
 * that Windows keeps per socket: options, blocking mode, and later connection state and the
 * notification registration. A descriptor is an entry in a process's handle table that names an
 * underlying socket; WSADuplicateSocket makes descriptors, never sockets. `refCount` on the
 * socket is the number of handle-table entries, in all processes, that name it.
 *
 * Every table that can grow with the number of sockets or processes is a `Trie`, so that one
 * call copies a few small nodes and not the table (see trie.ts).
 */
import { FRESH_NET, type NetState, type UnixPaths } from "./net/types.js";
import type { NotifyState, WindowRecord } from "./notify/types.js";
import { emptyTrie, type Trie } from "./trie.js";

export type SocketId = number;
export type ProcessId = number;
export type ThreadId = number;
/** A handle value in one process's handle table: a non-zero multiple of 4. */
export type HandleValue = number;

/** Stored option values of one socket, by option key (see options/). Absent = default. */
export type OptionValues = Readonly<Record<string, number>>;

export interface SocketRecord {
  readonly id: SocketId;
  readonly af: number;
  readonly type: number;
  readonly protocol: number;
  /** The catalog entry (provider) the socket belongs to: dwCatalogEntryId. */
  readonly catalogEntryId: number;
  /** WSA_FLAG_* given at creation (socket() implies WSA_FLAG_OVERLAPPED). */
  readonly creationFlags: number;
  readonly nonBlocking: boolean;
  readonly options: OptionValues;
  /** Handle-table entries, in every process, that name this socket. */
  readonly refCount: number;
  /**
   * The completion port the socket is associated with, and its key (CreateIoCompletionPort).
   * Absent until then: the association belongs to the underlying socket (observed fact 10).
   */
  readonly completion?: { readonly port: PortId; readonly key: number };
  /**
   * SetFileCompletionNotificationModes' flags (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS,
   * FILE_SKIP_SET_EVENT_ON_HANDLE), only ever added to. Absent until first set: like the port
   * association they live in the file object, the underlying socket (completion-modes.ts).
   */
  readonly completionModes?: number;
  /** Addresses, queues and connection state (net/types.ts). */
  readonly net: NetState;
  /** Event notification: registration and record (notify/types.ts); absent until first used. */
  readonly notify?: NotifyState;
  /**
   * Set when AcceptEx accepted a connection into this socket: "pending" until
   * SO_UPDATE_ACCEPT_CONTEXT is set ("updated"); while pending, getsockname and getpeername
   * fail with WSAENOTCONN (rule ACCEPTEX-CONTEXT). Absent on every other socket.
   */
  readonly acceptContext?: "pending" | "updated";
}

/**
 * How a handle came to be in its process's table. A socket lives as long as any handle names
 * it, whichever way that handle was made (rule LIFE-ANY-ORIGIN); the origin is kept so a reader
 * can see why a socket is still alive.
 * - "created": socket(), WSASocket or WSACreateEvent in this process;
 * - "accepted": accept / WSAAccept;
 * - "WSADuplicateSocket": placed by WSADuplicateSocket and claimed (or not yet) by WSASocket;
 * - "inherited": copied from the parent by CreateProcess with bInheritHandles;
 * - "DuplicateHandle": made by DuplicateHandle, in this process or from another.
 */
export type HandleOrigin =
  | "created"
  | "accepted"
  | "WSADuplicateSocket"
  | "inherited"
  | "DuplicateHandle";

/** An event object: shared by every handle that names it (after inheritance or DuplicateHandle). */
export interface EventRecord {
  readonly id: EventId;
  readonly signalled: boolean;
  readonly manualReset: boolean;
  /** Handle-table entries, in every process, that name this event. */
  readonly refCount: number;
}

export type EventId = number;

/** A handle-table entry. */
export type HandleEntry =
  | {
      readonly kind: "socket";
      readonly socket: SocketId;
      /** HANDLE_FLAG_INHERIT: CreateProcess with bInheritHandles copies it to the child. */
      readonly inheritable: boolean;
      readonly origin: HandleOrigin;
      /** HANDLE_FLAG_PROTECT_FROM_CLOSE: CloseHandle refuses to close it. Absent = clear. */
      readonly protectFromClose?: boolean;
      /**
       * Non-null for the handle that WSADuplicateSocket places in the target process before the
       * target calls WSASocket: the id of the duplication record it belongs to. Such a handle
       * exists and keeps the socket alive, but the target's Winsock does not know it as a socket
       * yet, so Winsock calls on it fail with WSAENOTSOCK (rule DUP-PENDING-REF).
       */
      readonly pendingDuplication: number | null;
    }
  | {
      readonly kind: "event";
      readonly event: EventId;
      readonly inheritable: boolean;
      readonly origin: HandleOrigin;
      readonly protectFromClose?: boolean;
    }
  | {
      /** An I/O completion port (completion-ports.ts). */
      readonly kind: "port";
      readonly port: PortId;
      readonly inheritable: boolean;
      readonly origin: HandleOrigin;
      readonly protectFromClose?: boolean;
    };

export type PortId = number;

/**
 * An I/O completion port: shared by every handle that names it, like an event object. Packets
 * wait in the order they were queued (completion-ports.ts, rules PORT-*).
 */
export interface CompletionPortRecord {
  readonly id: PortId;
  /** Handle-table entries, in every process, that name this port. */
  readonly refCount: number;
  readonly packets: readonly CompletionPacket[];
}

/** What GetQueuedCompletionStatus hands out: one completed operation or posted packet. */
export interface CompletionPacket {
  readonly key: number;
  readonly bytes: number;
  /** The OVERLAPPED's address (io.ts), or 0 for a posted packet without one. */
  readonly overlapped: number;
  /** The operation's NTSTATUS (STATUS_SUCCESS for a posted packet). */
  readonly status: number;
}

export interface ThreadRecord {
  readonly tid: ThreadId;
  /** WSAGetLastError / GetLastError: one value per thread. */
  readonly lastError: number;
  /** SO_OPENTYPE is per-thread state (observed fact 140). */
  readonly openType: number;
  /** The call this thread is blocked in, or null. */
  readonly pending: PendingCall | null;
  /** The result of a blocking call that finished and has not been collected by await. */
  readonly completion: Completion | null;
  /**
   * The thread's user-mode APC queue, oldest first: what runs when the thread next waits
   * alertably (apc.ts). Absent while the thread has never had one queued.
   */
  readonly apcs?: readonly Apc[];
}

/**
 * An asynchronous procedure call waiting for its thread's alertable wait. The routine is named by
 * an address the facade gave it (the kernel never holds the program's code).
 * - "user": QueueUserAPC's routine and its dwData;
 * - "io": an overlapped operation's completion routine, with what Windows passes it: the Winsock
 *   error of the operation's status (0 for success), the bytes, the OVERLAPPED and the flags.
 */
export type Apc =
  | { readonly kind: "user"; readonly routine: number; readonly data: number }
  | {
      readonly kind: "io";
      readonly routine: number;
      readonly error: number;
      readonly bytes: number;
      readonly overlapped: number;
      readonly flags: number;
    };

/** A blocking call a thread is waiting in (blocking.ts). */
export interface PendingCall {
  /** Order of blocking: waiters are served first come, first served. */
  readonly seq: number;
  readonly call: string;
  /** The socket waited on (not the descriptor: the descriptor may be closed meanwhile). */
  readonly socket: SocketId;
  /** The call's arguments, as plain data, for retrying it. */
  readonly args: unknown;
  /** Virtual time at which the call gives up with `timeoutError`, or null. */
  readonly deadline: number | null;
  readonly timeoutError: number;
}

export interface Completion {
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: number;
  readonly output?: unknown;
  readonly rules: readonly string[];
}

/**
 * A thread waiting in a call, by block order; or, with `io`, an overlapped operation waiting on
 * its socket (the IoRecord of the same seq), served in the same order.
 */
export interface BlockedRef {
  readonly pid: ProcessId;
  readonly tid: ThreadId;
  readonly io?: true;
}

/**
 * An overlapped operation (WSARecv, WSASend with an OVERLAPPED): it belongs to the underlying
 * socket, not to a descriptor or a thread, and stays after it completes, as the OVERLAPPED's
 * contents, until the process issues another operation with the same OVERLAPPED or exits
 * (io.ts, rules IO-*).
 */
export interface IoRecord {
  readonly seq: number;
  readonly call: string;
  readonly socket: SocketId;
  /** The issuing process and thread. */
  readonly pid: ProcessId;
  readonly tid: ThreadId;
  /** The OVERLAPPED, named by its address in the issuing process (the facade numbers them). */
  readonly overlapped: number;
  /** The event object hEvent named at issue (the operation holds a reference), or null. */
  readonly event: EventId | null;
  /** hEvent's low bit was set: no completion packet for this operation (PORT-NO-PACKET). */
  readonly noPacket: boolean;
  /**
   * lpCompletionRoutine's address, when the call gave one: completing the operation queues it
   * as an APC to the issuing thread instead of setting an event or queuing a packet (APC-ROUTINE).
   */
  readonly routine?: number;
  /** What a retry needs, as plain data. */
  readonly args: unknown;
  /** OVERLAPPED.Internal: an NTSTATUS, STATUS_PENDING (0x103) until the operation completes. */
  readonly status: number;
  /** OVERLAPPED.InternalHigh: bytes transferred. */
  readonly bytes: number;
  /** OVERLAPPED.Offset, where WSAGetOverlappedResult finds the flags (MSG_PARTIAL…). */
  readonly flags: number;
  /** Bytes received, which the facade copies into the caller's buffers. */
  readonly data: Uint8Array | null;
  /** The sender's address a completed WSARecvFrom on a datagram socket writes to lpFrom. */
  readonly from?: Uint8Array;
  /** The rules that decided the completion. */
  readonly rules: readonly string[];
}

/** Something that happens at a virtual time: a call's timeout, or a connect giving up. */
export type Timer =
  | {
      readonly kind: "call";
      readonly deadline: number;
      readonly pid: ProcessId;
      readonly tid: ThreadId;
    }
  | {
      readonly kind: "connect";
      readonly deadline: number;
      readonly socket: SocketId;
      /** The error the attempt ends with: WSAECONNREFUSED or WSAETIMEDOUT. */
      readonly error: number;
      /** Non-blocking attempts report through SO_ERROR; blocking ones do not (fact 117). */
      readonly setsSoError: boolean;
    };

/** A LIFO list of freed handle values: the next handle allocated is the last one freed. */
export interface FreeHandle {
  readonly value: HandleValue;
  readonly next: FreeHandle | null;
}

export interface ProcessRecord {
  readonly pid: ProcessId;
  readonly name: string;
  /** Successful WSAStartup calls not yet matched by WSACleanup. */
  readonly startupCount: number;
  /** Negotiated version of the first successful WSAStartup (0 when not started). */
  readonly wsaVersion: number;
  /** Handle table keyed by handle value / 4. */
  readonly handles: Trie<HandleEntry>;
  readonly freeHandles: FreeHandle | null;
  /** The next never-used handle value. */
  readonly nextHandle: HandleValue;
  readonly threads: Readonly<Record<number, ThreadRecord>>;
  readonly mainThread: ThreadId;
}

/**
 * The record behind one WSAPROTOCOL_INFO issued by WSADuplicateSocket. It lives until the target
 * uses the structure or the target's pending handle is closed (by process exit); an id below
 * `nextDuplicationId` with no record was therefore issued and already consumed.
 */
export interface DuplicationRecord {
  readonly id: number;
  readonly socket: SocketId;
  readonly sourcePid: ProcessId;
  readonly targetPid: ProcessId;
  /** The handle that was placed in the target's table (see HandleEntry.pendingDuplication). */
  readonly targetHandle: HandleValue;
}

export interface KernelState {
  readonly sockets: Trie<SocketRecord>;
  /** Processes keyed by pid / 4. */
  readonly processes: Trie<ProcessRecord>;
  readonly duplications: Trie<DuplicationRecord>;
  /** Event objects, keyed by id; handles name them (HandleEntry kind "event"). */
  readonly events: Trie<EventRecord>;
  readonly nextEventId: EventId;
  readonly nextSocketId: SocketId;
  /** Process and thread ids come from one counter, as Windows' client ids do. */
  readonly nextClientId: number;
  readonly nextDuplicationId: number;
  /** Virtual time in milliseconds; it moves only when the simulation says so. */
  readonly clock: number;
  /** Threads blocked in a call and pending overlapped operations, keyed by their seq. */
  readonly blocked: Trie<BlockedRef>;
  /** Overlapped operations, pending and completed, keyed by seq (io.ts). */
  readonly io: Trie<IoRecord>;
  /** I/O completion ports, keyed by id (completion-ports.ts). */
  readonly completionPorts: Trie<CompletionPortRecord>;
  readonly nextPortId: PortId;
  /** Pending timeouts, keyed by the sequence number they were armed with. */
  readonly timers: Trie<Timer>;
  readonly nextSeq: number;
  /** Ports bound per protocol (net/ports.ts). */
  readonly ports: PortTables;
  /** Simulated windows for WSAAsyncSelect, keyed by HWND / 4 (HWNDs are system-wide). */
  readonly windows: Trie<WindowRecord>;
  readonly nextHwnd: number;
}

/** Sockets bound to each port, per protocol: port -> socket ids in bind order. */
export interface PortTables {
  readonly tcp: Trie<readonly SocketId[]>;
  readonly udp: Trie<readonly SocketId[]>;
  /** Next ephemeral port to try, per protocol. */
  readonly nextEphemeral: { readonly tcp: number; readonly udp: number };
  /** AF_UNIX paths bound so far; they stay taken after their socket closes (net/paths.ts). */
  readonly unix: UnixPaths;
}

/** First process or thread id handed out; ids are multiples of 4, like Windows' client ids. */
export const FIRST_CLIENT_ID = 0x400;
/** First handle value in a new process's table. */
export const FIRST_HANDLE = 4;

export function initialState(): KernelState {
  return {
    sockets: emptyTrie(),
    processes: emptyTrie(),
    duplications: emptyTrie(),
    events: emptyTrie(),
    nextEventId: 1,
    nextSocketId: 1,
    nextClientId: FIRST_CLIENT_ID,
    nextDuplicationId: 1,
    clock: 0,
    blocked: emptyTrie(),
    io: emptyTrie(),
    completionPorts: emptyTrie(),
    nextPortId: 1,
    timers: emptyTrie(),
    nextSeq: 1,
    windows: emptyTrie(),
    nextHwnd: FIRST_HWND,
    ports: {
      tcp: emptyTrie(),
      udp: emptyTrie(),
      nextEphemeral: { tcp: FIRST_EPHEMERAL_PORT, udp: FIRST_EPHEMERAL_PORT },
      unix: {},
    },
  };
}

/** First window handle; HWNDs are system-wide, unlike handles, and multiples of 4 here. */
export const FIRST_HWND = 0x10010;

/** Windows' dynamic port range is 49152-65535 (IANA); the simulator hands them out in order. */
export const FIRST_EPHEMERAL_PORT = 49152;
export const LAST_EPHEMERAL_PORT = 65535;

export { FRESH_NET };
