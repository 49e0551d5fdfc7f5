/**
 * SO_OPENTYPE: per-thread state, not socket state (observed fact 140). It works with any socket
 * argument, INVALID_SOCKET included, every new thread reads 0, and it accepts a negative optlen
 * on getsockopt, where it writes 4 bytes and sets optlen to 4 (fact 130c). Its other lengths are
 * those of the strict class, and its value is kept as given (0x100 reads back 0x100, fact 130e).
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import { SOL_SOCKET, SOL_SOCKET_OPTIONS } from "../../constants/values.js";
import type { BufferPointer, OptionOutput } from "../memory.js";
import type { ThreadRecord } from "../state.js";
import { type Citations, fail } from "../transaction.js";
import type { Mutable } from "../writer.js";
import { checkFits, getScalar, readValue, setLength, valueBytes } from "./lengths.js";
import { optionByName } from "./table.js";
import { normalise } from "./value.js";

export function isThreadOption(level: number, optname: number): boolean {
  return (level | 0) === SOL_SOCKET && (optname | 0) === SOL_SOCKET_OPTIONS.SO_OPENTYPE;
}

function openTypeSpec() {
  const spec = optionByName("SO_OPENTYPE");
  if (spec === undefined) throw new Error("kernel invariant: SO_OPENTYPE has no row");
  return spec;
}

export function getOpenType(
  thread: Draft<ThreadRecord>,
  optval: BufferPointer,
  optlen: number,
  why: Citations,
): OptionOutput {
  why.cite("OPT-OPENTYPE");
  if (optlen < 0) {
    checkFits(optval, 4);
    return { optval: valueBytes(thread.openType, 4), optlen: 4 };
  }
  if (optlen === 0) fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  return getScalar(openTypeSpec(), thread.openType, optval, optlen, why);
}

export function setOpenType(
  thread: Mutable<ThreadRecord>,
  optval: BufferPointer,
  optlen: number,
  why: Citations,
): void {
  const spec = openTypeSpec();
  const value = normalise(spec, readValue(optval, setLength(spec, optlen, why)));
  thread.openType = value;
  why.cite("OPT-OPENTYPE");
}
