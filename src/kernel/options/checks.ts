/**
 * The checks every call makes before it looks at the value: pointers, then the option's
 * applicability to the socket, then the direction.
 *
 * Order. The caller has already answered WSANOTINITIALISED and WSAENOTSOCK, which come before
 * anything else (getsockopt(INVALID_SOCKET, …, NULL, NULL) is WSAENOTSOCK, research 4c; a file
 * handle gives WSAENOTSOCK even for option -1, fact 140). Among the remaining checks the
 * references show no case that orders a bad pointer against a bad level or option, so this
 * module checks pointers first (OPT-POINTER): argument probing is generic and happens before the
 * provider dispatches on the option. Then an unknown level or option (table.ts), then the
 * option's own refusal for this socket, then the direction: IP_ADD_MEMBERSHIP's getsockopt is
 * WSAENOPROTOOPT on TCP although its setsockopt there would be WSAEINVAL (fact 141), which the
 * refusal functions express by looking at the operation.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { ADDRESS_FAMILIES, SOL_SOCKET } from "../../constants/values.js";
import type { BufferPointer, IntPointer } from "../memory.js";
import type { SocketRecord } from "../state.js";
import { fail } from "../transaction.js";
import type { Operation, OptionSpec } from "./spec.js";

/** setsockopt: optval must be readable, and as long as a positive optlen says. */
export function checkSetPointers(optval: BufferPointer, optlen: number): void {
  if (optval.kind !== "buffer") fail(WSA_ERRORS.WSAEFAULT, "OPT-POINTER");
  if (optlen > 0 && optval.bytes.length < optlen) fail(WSA_ERRORS.WSAEFAULT, "OPT-POINTER");
}

/** getsockopt: both pointers must be valid; returns *optlen. */
export function checkGetPointers(optval: BufferPointer, optlen: IntPointer): number {
  if (optval.kind !== "buffer" || optlen.kind !== "int") fail(WSA_ERRORS.WSAEFAULT, "OPT-POINTER");
  return optlen.value | 0;
}

/** The option's refusal for this socket, then the get-only / set-only rule (C6). */
export function checkApplies(spec: OptionSpec, socket: SocketRecord, operation: Operation): void {
  // An AF_UNIX socket has no IP or TCP layer: only SOL_SOCKET options apply (NET-UNIX-OPTIONS).
  if (socket.af === ADDRESS_FAMILIES.AF_UNIX && spec.level !== SOL_SOCKET) {
    fail(WSA_ERRORS.WSAENOPROTOOPT, "NET-UNIX-OPTIONS");
  }
  const refusal = spec.refuse?.(socket, operation);
  if (refusal !== undefined) fail(refusal.code, refusal.rule);
  if (operation === "set" && spec.access === "get")
    fail(WSA_ERRORS.WSAENOPROTOOPT, "OPT-READ-ONLY");
  if (operation === "get" && spec.access === "set")
    fail(WSA_ERRORS.WSAENOPROTOOPT, "OPT-WRITE-ONLY");
}
