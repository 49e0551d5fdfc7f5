/**
 * setsockopt, after WSANOTINITIALISED and WSAENOTSOCK were checked by the caller. Every check
 * runs before the first write to the draft, and a store that fails (the REUSEADDR conflict)
 * fails before it writes, so a failed call leaves the socket as it was even without the
 * caller's rollback.
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { SOL_SOCKET, SOL_SOCKET_OPTIONS } from "../../constants/values.js";
import { lookupHandle } from "../handles.js";
import type { BufferPointer } from "../memory.js";
import { type CallContext, requireProcess } from "../processes.js";
import type { SocketRecord } from "../state.js";
import { type Citations, fail } from "../transaction.js";
import { editSocket, editThread, type Writer } from "../writer.js";
import { checkApplies, checkSetPointers } from "./checks.js";
import { readValue, setLength } from "./lengths.js";
import type { OptionSpec } from "./spec.js";
import { lookupOption } from "./table.js";
import { isThreadOption, setOpenType } from "./thread.js";
import { normalise } from "./value.js";

export function setOption(
  w: Writer,
  ctx: CallContext,
  socket: SocketRecord | null,
  level: number,
  optname: number,
  optval: BufferPointer,
  optlen: number,
  why: Citations,
): void {
  const length = optlen | 0;
  // SO_UPDATE_CONNECT_CONTEXT reads no value: the ConnectEx page's own example passes NULL, 0
  // (rule CONNECTEX-CONTEXT).
  const readsNothing =
    level === SOL_SOCKET &&
    optname === SOL_SOCKET_OPTIONS.SO_UPDATE_CONNECT_CONTEXT &&
    optval.kind === "null";
  if (!readsNothing) checkSetPointers(optval, length);
  if (isThreadOption(level, optname)) {
    setOpenType(editThread(w, ctx.pid, ctx.tid), optval, length, why);
    return;
  }
  if (socket === null) throw new Error("kernel invariant: setOption needs a socket");
  const spec = lookupOption(level, optname);
  checkApplies(spec, socket, "set");
  switch (spec.shape) {
    case "struct":
      checkStructLength(spec, length);
      // A structure whose setting changes socket state (SO_UPDATE_CONNECT_CONTEXT).
      if (spec.store !== undefined) spec.store(editSocket(w, socket.id) as Draft<SocketRecord>, 0);
      if (spec.name === "SO_UPDATE_ACCEPT_CONTEXT") updateAcceptContext(w, ctx, socket, optval);
      break;
    case "empty":
      // Header data is accepted and dropped (OPT-EMPTY-VALUE); only a negative length fails.
      if (length < 0) fail(WSA_ERRORS.WSAENOBUFS, "OPT-SET-LENGTH-NEGATIVE");
      break;
    case "bool":
    case "byte":
    case "int": {
      const value = normalise(spec, readValue(optval, setLength(spec, length, why)));
      // Only the socket's option values change: its record and their table are copied.
      const writable = editSocket(w, socket.id);
      w.own(writable, "options");
      const target = writable as Draft<SocketRecord>;
      if (spec.store !== undefined) spec.store(target, value);
      else target.options[spec.name] = value;
      break;
    }
    default:
      throw new Error(`kernel invariant: ${spec.name} cannot be written`);
  }
  why.cite(spec.rule);
}

/** A set-only structure must be complete; its content changes no simulated state. */
function checkStructLength(spec: OptionSpec, length: number): void {
  if (length < 0) {
    if (spec.level !== SOL_SOCKET) fail(WSA_ERRORS.WSAENOBUFS, "OPT-SET-LENGTH-NEGATIVE");
    return;
  }
  if (length < (spec.structSize ?? 0)) fail(WSA_ERRORS.WSAEFAULT, "OPT-SET-LENGTH-SHORT");
}

/**
 * SO_UPDATE_ACCEPT_CONTEXT: the value is the listening socket's handle (AcceptEx page); a value
 * that names no socket of the caller is WSAENOTSOCK. The accepted socket then answers
 * getsockname and getpeername (rule ACCEPTEX-CONTEXT).
 */
function updateAcceptContext(
  w: Writer,
  ctx: CallContext,
  socket: SocketRecord,
  optval: BufferPointer,
): void {
  const bytes = (optval as BufferPointer & { kind: "buffer" }).bytes;
  // A negative optlen passes the SOL_SOCKET length check; the handle must still be readable.
  if (bytes.length < 8) fail(WSA_ERRORS.WSAEFAULT, "OPT-POINTER");
  const handle = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const entry = lookupHandle(requireProcess(w.state, ctx.pid), handle);
  if (entry?.kind !== "socket") fail(WSA_ERRORS.WSAENOTSOCK, "ACCEPTEX-CONTEXT");
  if (socket.acceptContext !== "pending") return;
  editSocket(w, socket.id).acceptContext = "updated";
}
