/**
 * getsockopt, after WSANOTINITIALISED and WSAENOTSOCK were checked by the caller.
 */
import type { Draft } from "immer";
import type { BufferPointer, IntPointer, OptionOutput } from "../memory.js";
import type { SocketRecord, ThreadRecord } from "../state.js";
import type { Citations } from "../transaction.js";
import { checkApplies, checkGetPointers } from "./checks.js";
import { getScalar } from "./lengths.js";
import { getBspState, getEmpty, getProtocolInfo } from "./structures.js";
import { lookupOption } from "./table.js";
import { getOpenType, isThreadOption } from "./thread.js";
import { currentValue } from "./value.js";

export function getOption(
  socket: Draft<SocketRecord> | null,
  thread: Draft<ThreadRecord>,
  level: number,
  optname: number,
  optval: BufferPointer,
  optlen: IntPointer,
  why: Citations,
): OptionOutput {
  const length = checkGetPointers(optval, optlen);
  if (isThreadOption(level, optname)) return getOpenType(thread, optval, length, why);
  if (socket === null) throw new Error("kernel invariant: getOption needs a socket");
  const spec = lookupOption(level, optname);
  checkApplies(spec, socket, "get");
  why.cite(spec.rule);
  switch (spec.shape) {
    case "protocol-info-a":
      return getProtocolInfo(socket, "A", optval, length, why);
    case "protocol-info-w":
      return getProtocolInfo(socket, "W", optval, length, why);
    case "bsp-state":
      return getBspState(socket, optval, length, why);
    case "empty":
      return getEmpty(length, why);
    case "struct":
      // Every struct row is set-only, so checkApplies has already failed.
      throw new Error(`kernel invariant: ${spec.name} cannot be read`);
    default:
      return getScalar(spec, currentValue(spec, socket), optval, length, why);
  }
}
