/**
 * The state view: what a person needs to see of a kernel snapshot, as plain JSON.
 *
 * This is a public, documented format (docs/state-view.md, docs/state-view.schema.json). It is
 * deliberately not the kernel's layout: handle tables are lists, not tries keyed by value / 4;
 * constants are names, not numbers; each socket lists the descriptors that name it, which the
 * kernel only knows by scanning every process. The kernel may change its tables freely; only
 * view.ts, which reads them, changes with it.
 *
 * Every list is in a fixed order (processes by pid, handles by value, sockets by id), so the same
 * snapshot always gives the same JSON, byte for byte.
 */

/** The version of this format; it changes only when a field changes meaning or disappears. */
export const STATE_VIEW_VERSION = 1;

export interface StateView {
  readonly version: typeof STATE_VIEW_VERSION;
  /** Virtual time in milliseconds. */
  readonly clock: number;
  readonly processes: readonly ProcessView[];
  readonly sockets: readonly SocketView[];
  readonly windows: readonly WindowView[];
}

export interface ProcessView {
  readonly pid: number;
  readonly name: string;
  /** Successful WSAStartup calls not yet matched by WSACleanup. */
  readonly startupCount: number;
  /** The version the first WSAStartup negotiated ("2.2"), or null while Winsock is not started. */
  readonly wsaVersion: string | null;
  readonly threads: readonly ThreadView[];
  /** The process's handle table, by handle value. */
  readonly handles: readonly HandleView[];
  /**
   * The OVERLAPPED structures in the process's memory that an overlapped operation wrote, by
   * address: an operation's result lives there, pending or completed, until the process reuses
   * the structure for another operation or exits (docs/overlapped.md).
   */
  readonly overlapped: readonly OverlappedView[];
}

/** One OVERLAPPED structure, as the overlapped call that last used it left it. */
export interface OverlappedView {
  /** Its address in the process, in hexadecimal ("0x10000"). */
  readonly address: string;
  /** The call that wrote it ("WSARecv", "WSARecvFrom", "WSASend", "WSASendTo", "WSAIoctl", "AcceptEx", ...). */
  readonly call: string;
  /** The underlying socket the operation was issued on (it may be closed since). */
  readonly socket: number;
  /**
   * Internal: the NTSTATUS by name ("STATUS_PENDING" while the operation waits,
   * "STATUS_SUCCESS", "STATUS_CANCELLED"), or in hexadecimal ("0xc0000001") when it has none.
   */
  readonly status: string;
  /** InternalHigh: the bytes transferred. */
  readonly bytes: number;
  /**
   * The error WSAGetOverlappedResult reports for this status, by name: "0" for a success,
   * "WSA_IO_INCOMPLETE" while pending, "WSA_OPERATION_ABORTED" for a cancellation.
   */
  readonly error: string;
}

export interface ThreadView {
  readonly tid: number;
  readonly main: boolean;
  /** WSAGetLastError of this thread, by name ("WSAENOTSOCK"), or "0". */
  readonly lastError: string;
  /** The call the thread is blocked in, or null. */
  readonly blocked: BlockedView | null;
  /** A blocking call finished and its result waits for the thread to collect it. */
  readonly resultWaiting: boolean;
  /**
   * The APCs queued to the thread, oldest first, waiting for its next alertable wait: "user APC
   * 0x7ff00000(7)", or "completion routine 0x7ff00010 for OVERLAPPED 0x10000 (error 0, 4 bytes)".
   */
  readonly apcs: readonly string[];
}

export interface BlockedView {
  readonly call: string;
  /**
   * The underlying socket waited on (not a descriptor: the descriptor may be closed meanwhile),
   * or null for a wait on several sockets or on events (select, WSAPoll,
   * WSAWaitForMultipleEvents).
   */
  readonly socket: number | null;
  /** Virtual time at which the call gives up, or null for no timeout. */
  readonly deadline: number | null;
}

export type HandleView = SocketHandleView | EventHandleView | PortHandleView;

/** A handle to an I/O completion port (CreateIoCompletionPort). */
export interface PortHandleView {
  readonly value: number;
  readonly kind: "port";
  /** The port object's id: handles with the same id name one port. */
  readonly port: number;
  /** Completion packets queued and not yet taken by GetQueuedCompletionStatus. */
  readonly packets: number;
  readonly inheritable: boolean;
  readonly protectFromClose: boolean;
  readonly origin: HandleOriginView;
}

export interface SocketHandleView {
  readonly value: number;
  readonly kind: "socket";
  /** The underlying socket's id. */
  readonly socket: number;
  /**
   * "usable": a descriptor Winsock calls accept. "awaiting WSASocket": the handle
   * WSADuplicateSocket placed in this process, not yet claimed by WSASocket; it keeps the socket
   * alive, but calls on it fail with WSAENOTSOCK.
   */
  readonly status: "usable" | "awaiting WSASocket";
  /** HANDLE_FLAG_INHERIT: a child made by CreateProcess with bInheritHandles gets a copy. */
  readonly inheritable: boolean;
  /** HANDLE_FLAG_PROTECT_FROM_CLOSE: CloseHandle refuses to close it. */
  readonly protectFromClose: boolean;
  readonly origin: HandleOriginView;
}

/**
 * How the handle came to be in this process: made here ("created": socket, WSASocket,
 * WSACreateEvent; "accepted"), placed by WSADuplicateSocket, copied from the parent by
 * CreateProcess ("inherited"), or made by DuplicateHandle.
 */
export type HandleOriginView =
  | "created"
  | "accepted"
  | "WSADuplicateSocket"
  | "inherited"
  | "DuplicateHandle";

export interface EventHandleView {
  readonly value: number;
  readonly kind: "event";
  /** The event object's id: handles with the same id (inherited, duplicated) share its state. */
  readonly event: number;
  readonly signalled: boolean;
  readonly manualReset: boolean;
  readonly inheritable: boolean;
  readonly protectFromClose: boolean;
  readonly origin: HandleOriginView;
}

/** One descriptor (handle-table entry) in one process. */
export interface DescriptorRef {
  readonly process: string;
  readonly pid: number;
  readonly handle: number;
}

export interface SocketView {
  readonly id: number;
  /** "AF_INET", "SOCK_STREAM", "IPPROTO_TCP" (or the number, as text, when it has no name). */
  readonly af: string;
  readonly type: string;
  readonly protocol: string;
  /** Every handle-table entry, in every process, that names this socket, by pid then value. */
  readonly descriptors: readonly DescriptorRef[];
  /** The kernel's reference count; it equals descriptors.length (rule LIFE-REFCOUNT). */
  readonly refCount: number;
  /** WSAPROTOCOL_INFO structures issued by WSADuplicateSocket and not yet used by WSASocket. */
  readonly pendingDuplications: readonly PendingDuplicationView[];
  /**
   * The overlapped operations pending on the socket, in the order they were issued. They belong
   * to the socket, not to a descriptor; a completed one is no longer the socket's, and its result
   * is in the issuing process's `overlapped`.
   */
  readonly operations: readonly OperationView[];
  /** "blocking" or "non-blocking" (FIONBIO, WSAEventSelect, WSAAsyncSelect). */
  readonly mode: "blocking" | "non-blocking";
  /** Options whose value differs from the default, by name, in name order. */
  readonly options: Readonly<Record<string, number>>;
  readonly linger: { readonly onoff: number; readonly seconds: number };
  /** getsockopt(SO_ERROR): the pending socket error by name, or "0". */
  readonly soError: string;
  /** The one WSAEventSelect or WSAAsyncSelect registration in force, or null. */
  readonly registration: RegistrationView | null;
  /** Network events recorded and not yet reported by WSAEnumNetworkEvents (FD_ names). */
  readonly recorded: readonly string[];
  /** Recorded events whose error code is not 0, by event name. */
  readonly eventErrors: Readonly<Record<string, string>>;
  /** Events delivered under the registration and not yet re-enabled. */
  readonly reported: readonly string[];
  /** "open", "listening", "connecting" or "connected" (a datagram socket with a default peer). */
  readonly phase: string;
  /** "127.0.0.1:5000", "[::1]:5000", or null when unbound. */
  readonly local: string | null;
  /** The peer (stream) or default destination (datagram), or null. */
  readonly peer: string | null;
  /** For a listening socket: the backlog and the connections waiting for accept, oldest first. */
  readonly listening: { readonly backlog: number; readonly queue: readonly number[] } | null;
  /** The socket at the other end of a connection, or null. */
  readonly peerSocket: number | null;
  /** Bytes (or datagrams) queued: received and not read; sent and not yet taken by the peer. */
  readonly queued: QueuedView;
  readonly shutdown: { readonly send: boolean; readonly receive: boolean };
  /** FIN sent and received, and a reset or failure of the connection by name ("0" if none). */
  readonly connection: {
    readonly finSent: boolean;
    readonly finReceived: boolean;
    readonly error: string;
  } | null;
  /** The last descriptor is closed and a graceful close is still delivering data. */
  readonly orphan: boolean;
  /** Created by a listener for a connection that accept has not returned yet. */
  readonly embryonic: boolean;
}

export interface QueuedView {
  readonly receiveBytes: number;
  /** Datagrams waiting, for a datagram socket; segments of a stream are not counted. */
  readonly receiveDatagrams: number | null;
  readonly urgentBytes: number;
  readonly sendBytes: number;
}

export interface PendingDuplicationView {
  readonly id: number;
  readonly from: string;
  readonly fromPid: number;
  readonly to: string;
  readonly toPid: number;
  /** The handle placed in the target's table, awaiting WSASocket. */
  readonly handle: number;
}

/** An overlapped operation pending on a socket. */
export interface OperationView {
  /** "WSARecv", "WSASend" or "AcceptEx" (pending on the listening socket). */
  /** "WSARecv", "WSARecvFrom", "WSASend" or "WSASendTo". */
  readonly call: string;
  /** The process and thread that issued it. */
  readonly process: string;
  readonly pid: number;
  readonly tid: number;
  /** The OVERLAPPED's address in that process, in hexadecimal ("0x10000"). */
  readonly overlapped: string;
  /** The event object hEvent named (the `event` of that process's event handles), or null. */
  readonly event: number | null;
}

export type RegistrationView =
  | {
      readonly kind: "event";
      readonly mask: readonly string[];
      /** The descriptor WSAEventSelect was called through. */
      readonly through: DescriptorRef;
      /** The event handle, in the registering process's table. */
      readonly event: number;
    }
  | {
      readonly kind: "window";
      readonly mask: readonly string[];
      /** The descriptor WSAAsyncSelect was called through (its value is the messages' wParam). */
      readonly through: DescriptorRef;
      readonly hwnd: number;
      readonly message: number;
    };

export interface WindowView {
  readonly hwnd: number;
  readonly process: string;
  readonly pid: number;
  readonly queue: readonly MessageView[];
}

export interface MessageView {
  readonly message: number;
  /** The descriptor value the registration was made through. */
  readonly wParam: number;
  /** WSAGETSELECTEVENT(lParam) and WSAGETSELECTERROR(lParam), by name. */
  readonly event: string;
  readonly error: string;
}
