/**
 * WSAIoctl for the codes the simulator knows (rules IOCTL-*): ioctlsocket's FIONBIO, FIONREAD
 * and SIOCATMARK with WSAIoctl's buffer conventions, SIO_GET_EXTENSION_FUNCTION_POINTER and
 * SIO_KEEPALIVE_VALS. Every other code is unsupported, as Windows answers 0xdeadbeef, FIOASYNC
 * or SIO_FLUSH.
 *
 * What each case writes and when comes from Wine's test_fionbio, test_fionread_siocatmark,
 * test_keepalive_vals, test_get_extension_func and test_unsupported_ioctls, run on Windows.
 * They show two kinds of check. Those made in user mode before any request reaches the driver
 * (lpcbBytesReturned NULL, FIONREAD's output too short, an unknown GUID) touch nothing: neither
 * *lpcbBytesReturned nor the OVERLAPPED, and queue no packet. Those the driver makes (FIONBIO's
 * refusal to go back to blocking, SIO_KEEPALIVE_VALS's input, an unknown code) write 0 to
 * *lpcbBytesReturned when there is no OVERLAPPED.
 *
 * With an OVERLAPPED these codes never wait: the operation completes during the call, with
 * STATUS_SUCCESS and a byte count of 0 in the OVERLAPPED whatever *lpcbBytesReturned says, its
 * event set and a packet queued on the socket's port; an unknown code returns WSA_IO_PENDING
 * and completes at once with STATUS_NOT_SUPPORTED. A completion routine given with the
 * OVERLAPPED replaces the event and the packet: startIo records it and finishIo queues it to the
 * calling thread, as for WSARecv (the same tests' "test with APCs" parts).
 */
import { NT_STATUS, WSA_ERRORS } from "../../constants/errors.js";
import {
  EXTENSION_FUNCTION_GUIDS,
  IOCTL_COMMANDS,
  WSAIOCTL_CODES,
} from "../../constants/values.js";
import { resolveSocket, socketById } from "../descriptors.js";
import { finishIo, type IoResult, startIo } from "../io.js";
import type { BufferPointer, OutPointer } from "../memory.js";
import type { CallContext } from "../processes.js";
import type { KernelState, SocketRecord } from "../state.js";
import { type Citations, fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import type { Writer } from "../writer.js";
import { eventOf, type OverlappedArg } from "./overlapped.js";
import { readIoctl, setNonBlocking } from "./shutdown.js";

/** The functions SIO_GET_EXTENSION_FUNCTION_POINTER hands out, by their mswsock.h GUID's name. */
export const EXTENSION_FUNCTIONS = {
  WSAID_ACCEPTEX: "AcceptEx",
  WSAID_CONNECTEX: "ConnectEx",
  WSAID_DISCONNECTEX: "DisconnectEx",
  WSAID_GETACCEPTEXSOCKADDRS: "GetAcceptExSockaddrs",
  WSAID_TRANSMITFILE: "TransmitFile",
  WSAID_TRANSMITPACKETS: "TransmitPackets",
  WSAID_WSARECVMSG: "WSARecvMsg",
  WSAID_WSASENDMSG: "WSASendMsg",
} as const satisfies Record<keyof typeof EXTENSION_FUNCTION_GUIDS, string>;

export type ExtensionFunction = (typeof EXTENSION_FUNCTIONS)[keyof typeof EXTENSION_FUNCTIONS];

/** sizeof(struct tcp_keepalive): three ULONGs. */
export const TCP_KEEPALIVE_SIZE = 12;
/** sizeof(void *) on x64: the room an extension function's pointer needs. */
export const POINTER_SIZE = 8;
const GUID_SIZE = 16;
const ULONG_SIZE = 4;

/** lpvOutBuffer with cbOutBuffer: NULL, outside the caller's memory, or room for `size` bytes. */
export type IoctlOutput =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  | { readonly kind: "room"; readonly size: number };

export interface WsaIoctlArgs {
  readonly s: number;
  readonly code: number;
  /** lpvInBuffer with cbInBuffer: NULL, outside the caller's memory, or its bytes. */
  readonly input: BufferPointer;
  readonly output: IoctlOutput;
  /** lpcbBytesReturned. */
  readonly bytesReturned: OutPointer;
  readonly overlapped: OverlappedArg;
  /** lpCompletionRoutine's address (the facade numbers routines), 0 or absent for NULL. */
  readonly routine?: number;
}

/** What a call writes: *lpcbBytesReturned, the output buffer, and the operation it started. */
export interface IoctlWritten {
  readonly bytesReturned?: number;
  /** FIONREAD's and SIOCATMARK's u_long. */
  readonly value?: number;
  /** SIO_GET_EXTENSION_FUNCTION_POINTER's function. */
  readonly extension?: ExtensionFunction;
  /** The overlapped operation's seq. */
  readonly io?: number;
}

const { FIONBIO, FIONREAD, SIOCATMARK } = IOCTL_COMMANDS;
const { SIO_KEEPALIVE_VALS, SIO_GET_EXTENSION_FUNCTION_POINTER } = WSAIOCTL_CODES;

/** A GUID's 16 bytes (Data1, Data2, Data3 little-endian, then Data4) as registry-format text. */
export function guidText(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, GUID_SIZE);
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");
  const tail = Array.from(bytes.subarray(8, 16), (b) => hex(b, 2)).join("");
  return [
    hex(view.getUint32(0, true), 8),
    hex(view.getUint16(4, true), 4),
    hex(view.getUint16(6, true), 4),
    tail.slice(0, 4),
    tail.slice(4),
  ].join("-");
}

function extensionFor(bytes: Uint8Array): ExtensionFunction | undefined {
  const text = guidText(bytes);
  for (const [name, guid] of Object.entries(EXTENSION_FUNCTION_GUIDS)) {
    if (guid === text) return EXTENSION_FUNCTIONS[name as keyof typeof EXTENSION_FUNCTIONS];
  }
  return undefined;
}

const SUCCEEDED = (rule: string): IoResult => ({
  status: NT_STATUS.STATUS_SUCCESS,
  bytes: 0,
  flags: 0,
  data: null,
  rules: [rule],
});

/**
 * The operation an overlapped call completes during the call: started and finished at once,
 * with InternalHigh 0 (IOCTL-OVERLAPPED).
 */
function completeAtOnce(
  w: Writer,
  ctx: CallContext,
  socket: SocketRecord,
  overlapped: OverlappedArg & { kind: "overlapped" },
  result: IoResult,
  why: Citations,
  routine: number,
): number {
  // With a routine hEvent is the program's own, as for WSARecv (APC-ROUTINE): Windows does not
  // look at it (Wine's test_fionread_siocatmark passes a closed event handle and succeeds).
  const event = routine === 0 ? eventOf(w.state, ctx, overlapped) : null;
  // startIo records the routine and finishIo queues it instead of the event and the packet.
  const seq = startIo(w, ctx, {
    call: "WSAIoctl",
    socket: socket.id,
    overlapped: overlapped.address,
    event,
    noPacket: (overlapped.hEvent & 1) !== 0,
    routine,
    args: null,
  });
  finishIo(w, seq, result);
  why.cite("IOCTL-OVERLAPPED");
  if (routine !== 0) why.cite("APC-ROUTINE");
  return seq;
}

/** A failure the driver reports: without an OVERLAPPED, *lpcbBytesReturned becomes 0. */
function driverFail(code: number, rule: string, overlapped: boolean): never {
  return fail(code, rule, overlapped ? undefined : ({ bytesReturned: 0 } satisfies IoctlWritten));
}

/** The u_long an input buffer starts with, little-endian. */
function ulongOf(bytes: Uint8Array, offset = 0): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(offset, true);
}

/**
 * WSAIoctl (rules IOCTL-*). Returns what the call writes; a failure's output says what it writes
 * all the same (*lpcbBytesReturned, or the completed operation of an unknown code).
 */
export function wsaIoctl(
  state: KernelState,
  ctx: CallContext,
  args: WsaIoctlArgs,
): Outcome<IoctlWritten> {
  return transactWith(state, (w, why) => {
    const socket = resolveSocket(state, ctx, args.s) as SocketRecord;
    if (args.bytesReturned.kind !== "valid") fail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS");
    if (args.overlapped.kind === "invalid") fail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS");
    const o = args.overlapped.kind === "overlapped" ? args.overlapped : null;
    // Without an OVERLAPPED the call does not overlap and the routine is not used (APC-ROUTINE).
    const routine = o === null ? 0 : (args.routine ?? 0);
    const code = args.code >>> 0;
    // The request reaches the I/O manager, which refuses a routine on a file object with a
    // completion port before the driver sees anything (APC-ROUTINE-PORT). The checks made in
    // user mode come first, so each case calls this after them.
    const toDriver = (): void => {
      if (routine !== 0 && socket.completion !== undefined)
        fail(WSA_ERRORS.WSAEINVAL, "APC-ROUTINE-PORT");
    };
    const finish = (written: IoctlWritten, rule: string): IoctlWritten => {
      if (o === null) return written;
      return { ...written, io: completeAtOnce(w, ctx, socket, o, SUCCEEDED(rule), why, routine) };
    };
    switch (code) {
      case FIONBIO: {
        if (args.input.kind !== "buffer") fail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS");
        toDriver();
        if (args.input.bytes.length < ULONG_SIZE)
          driverFail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS", o !== null);
        // The output buffer is not looked at (Windows takes one with no access).
        const value = ulongOf(args.input.bytes);
        const refused = setNonBlocking(socketById(w.draft(), socket.id), value, why);
        if (refused !== undefined) driverFail(refused, "EVT-NONBLOCKING", o !== null);
        why.cite("IOCTL-SOCKET-MODES");
        return finish({ bytesReturned: 0 }, "IOCTL-SOCKET-MODES");
      }
      case FIONREAD:
      case SIOCATMARK: {
        if (args.output.kind !== "room" || args.output.size < ULONG_SIZE)
          fail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS");
        toDriver();
        const value = readIoctl(socket, code);
        why.cite("IOCTL-SOCKET-MODES");
        return finish({ bytesReturned: ULONG_SIZE, value }, "IOCTL-SOCKET-MODES");
      }
      case SIO_GET_EXTENSION_FUNCTION_POINTER: {
        // Documented: an input or output buffer too small for the GUID or the pointer.
        if (args.input.kind !== "buffer" || args.input.bytes.length < GUID_SIZE)
          fail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS");
        if (args.output.kind !== "room" || args.output.size < POINTER_SIZE)
          fail(WSA_ERRORS.WSAEFAULT, "IOCTL-ARGS");
        const extension = extensionFor(args.input.bytes);
        if (extension === undefined) fail(WSA_ERRORS.WSAEINVAL, "IOCTL-EXTENSION");
        toDriver();
        why.cite("IOCTL-EXTENSION");
        return finish({ bytesReturned: POINTER_SIZE, extension }, "IOCTL-EXTENSION");
      }
      case SIO_KEEPALIVE_VALS: {
        toDriver();
        if (args.input.kind !== "buffer" || args.input.bytes.length < TCP_KEEPALIVE_SIZE)
          driverFail(WSA_ERRORS.WSAEFAULT, "IOCTL-KEEPALIVE", o !== null);
        why.cite("IOCTL-KEEPALIVE");
        // With an OVERLAPPED and no routine, Windows leaves *lpcbBytesReturned as it was; with a
        // routine, as without an OVERLAPPED, it writes 0 (test_keepalive_vals, both cases).
        const leaves = o !== null && routine === 0;
        return finish(leaves ? {} : { bytesReturned: 0 }, "IOCTL-KEEPALIVE");
      }
      default: {
        toDriver();
        if (o === null) driverFail(WSA_ERRORS.WSAEOPNOTSUPP, "IOCTL-UNSUPPORTED", false);
        const io = completeAtOnce(
          w,
          ctx,
          socket,
          o,
          { ...SUCCEEDED("IOCTL-UNSUPPORTED"), status: NT_STATUS.STATUS_NOT_SUPPORTED },
          why,
          routine,
        );
        return new KeptFailure(WSA_ERRORS.WSA_IO_PENDING, "IOCTL-UNSUPPORTED", {
          io,
        } satisfies IoctlWritten);
      }
    }
  });
}
