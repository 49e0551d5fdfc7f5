/**
 * optlen handling for the scalar options (bool, byte, int): how many bytes setsockopt reads, and
 * what getsockopt writes for each optlen. This is the optlen matrix of Wine's test_set_getsockopt
 * run on Windows (research 4b, observed facts 123, 130, 131), generalised by length class.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { SOL_SOCKET } from "../../constants/values.js";
import type { BufferPointer, OptionOutput } from "../memory.js";
import { type Citations, fail } from "../transaction.js";
import type { LengthClass, OptionSpec } from "./spec.js";

/** The size getsockopt reports for a full read: 1 for the one-byte options, else 4. */
export function naturalSize(lengths: LengthClass): number {
  return lengths === "byte" ? 1 : 4;
}

const SHORT_SET_ACCEPTED: ReadonlySet<LengthClass> = new Set(["sol-bool", "byte", "byte-int"]);

/**
 * How many bytes of optval setsockopt reads for this optlen, or Windows' error:
 * - negative: the 4-byte SOL_SOCKET options read 4 bytes as if optlen were huge; every other
 *   option fails with WSAENOBUFS (Windows 10 21H2 and later; WSAEFAULT from Windows 7 to 10 21H1);
 * - zero: the SOL_SOCKET BOOLs read one byte (NULL with optlen 0 still faults, fact 99, so the
 *   byte is read), everything else fails with WSAEFAULT;
 * - short: the classes that take short values read optlen bytes, the others fail with WSAEFAULT;
 * - at least the natural size: the natural size is read and the rest ignored (optlen 8, 42).
 */
export function setLength(spec: OptionSpec, optlen: number, why: Citations): number {
  if (optlen < 0) {
    if (spec.level === SOL_SOCKET && spec.lengths !== "byte") {
      why.cite("OPT-SET-LENGTH-NEGATIVE");
      return 4;
    }
    fail(WSA_ERRORS.WSAENOBUFS, "OPT-SET-LENGTH-NEGATIVE");
  }
  if (optlen === 0) {
    if (spec.lengths === "sol-bool") {
      why.cite("OPT-SET-LENGTH-ZERO");
      return 1;
    }
    fail(WSA_ERRORS.WSAEFAULT, "OPT-SET-LENGTH-ZERO");
  }
  const natural = naturalSize(spec.lengths);
  if (optlen >= natural) {
    why.cite("OPT-SET-LENGTH-LONG");
    return natural;
  }
  if (!SHORT_SET_ACCEPTED.has(spec.lengths)) fail(WSA_ERRORS.WSAEFAULT, "OPT-SET-LENGTH-SHORT");
  why.cite("OPT-SET-LENGTH-SHORT");
  return optlen;
}

/** Reads `count` little-endian bytes of optval as an unsigned number. */
export function readValue(optval: BufferPointer, count: number): number {
  if (optval.kind !== "buffer" || optval.bytes.length < count) {
    fail(WSA_ERRORS.WSAEFAULT, "OPT-POINTER");
  }
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + (optval.bytes[i] ?? 0);
  return value >>> 0;
}

/** The first `count` bytes of `value` in little-endian order. */
export function valueBytes(value: number, count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) bytes[i] = (value >>> (8 * i)) & 0xff;
  return bytes;
}

/** Fails with WSAEFAULT when the caller's buffer cannot hold what Windows writes. */
export function checkFits(optval: BufferPointer, count: number): void {
  if (optval.kind !== "buffer" || optval.bytes.length < count) {
    fail(WSA_ERRORS.WSAEFAULT, "OPT-POINTER");
  }
}

/**
 * What getsockopt writes for a scalar option whose current value is `value`:
 * - optlen <= 0: WSAEFAULT, nothing written (fact 130c, 130d);
 * - at least the natural size: the natural size is written and optlen set to it (fact 130a);
 * - short, by class: `sol-bool` writes min(optlen, 2) bytes and reports 1; `byte-int` writes the
 *   low byte and reports 1; `zero-fault` fails and zeroes the optlen bytes; `strict` fails
 *   without writing; `len-zero` fails and sets optlen to 0 (fact 130f, 130g).
 */
export function getScalar(
  spec: OptionSpec,
  value: number,
  optval: BufferPointer,
  optlen: number,
  why: Citations,
): OptionOutput {
  if (optlen <= 0) fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-NONPOSITIVE");
  const natural = naturalSize(spec.lengths);
  if (optlen >= natural) {
    checkFits(optval, natural);
    why.cite("OPT-GET-LENGTH-LONG");
    return { optval: valueBytes(value, natural), optlen: natural };
  }
  switch (spec.lengths) {
    case "sol-bool": {
      // Windows writes two bytes for optlen 2 yet reports 1 (fact 130f); optlen 3 is untested
      // and is taken to behave like 2.
      const written = Math.min(optlen, 2);
      checkFits(optval, written);
      why.cite("OPT-GET-LENGTH-SHORT");
      return { optval: valueBytes(value, written), optlen: 1 };
    }
    case "byte":
    case "byte-int":
      checkFits(optval, 1);
      why.cite("OPT-GET-LENGTH-SHORT");
      return { optval: valueBytes(value, 1), optlen: 1 };
    case "zero-fault":
      checkFits(optval, optlen);
      return fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-SHORT", {
        optval: new Uint8Array(optlen),
      } satisfies OptionOutput);
    case "len-zero":
      return fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-SHORT", {
        optlen: 0,
      } satisfies OptionOutput);
    case "strict":
      return fail(WSA_ERRORS.WSAEFAULT, "OPT-GET-LENGTH-SHORT");
  }
}
