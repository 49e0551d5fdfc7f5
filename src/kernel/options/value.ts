/**
 * Option values as the rest of the kernel sees them.
 *
 * Storage: `SocketRecord.options` is sparse. A stored option lives under its header name
 * ("SO_RCVBUF", "TCP_NODELAY", "IPV6_V6ONLY"); SO_LINGER lives under "SO_LINGER.l_onoff" and
 * "SO_LINGER.l_linger", and SO_DONTLINGER is a view of the first. An absent key means the
 * default. Values are the 32-bit pattern as an unsigned number (SO_RCVTIMEO = -1 is stored as
 * 0xFFFFFFFF); BOOLs are 0 or 1.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import type { SocketRecord } from "../state.js";
import { fail } from "../transaction.js";
import { LINGER_ONOFF_KEY, LINGER_SECONDS_KEY, lingerOnOff, lingerSeconds } from "./linger.js";
import type { OptionSpec } from "./spec.js";
import { optionByName } from "./table.js";

export function currentValue(spec: OptionSpec, socket: SocketRecord): number {
  if (spec.load !== undefined) return spec.load(socket);
  const stored = socket.options[spec.name];
  if (stored !== undefined) return stored;
  const fallback = spec.defaultValue ?? 0;
  return typeof fallback === "function" ? fallback(socket) : fallback;
}

/**
 * The value setsockopt stores for `raw`, the little-endian number read from optval:
 * BOOLs become 0 or 1 (OPT-BOOL), one-byte options keep their first byte as 0 or 1 (OPT-BYTE),
 * ints keep their pattern (OPT-INT) unless above the option's maximum (OPT-BYTE-RANGE) or
 * outside its accepted values.
 */
export function normalise(spec: OptionSpec, raw: number): number {
  switch (spec.shape) {
    case "bool":
      return raw !== 0 ? 1 : 0;
    case "byte":
      return (raw & 0xff) !== 0 ? 1 : 0;
    default: {
      const value = raw >>> 0;
      if (spec.maximum !== undefined && value > spec.maximum) {
        fail(WSA_ERRORS.WSAEINVAL, "OPT-BYTE-RANGE");
      }
      if (spec.accepts !== undefined && !spec.accepts(value)) fail(WSA_ERRORS.WSAEINVAL, spec.rule);
      return value;
    }
  }
}

const SCALAR_SHAPES: ReadonlySet<OptionSpec["shape"]> = new Set(["bool", "byte", "int"]);

/**
 * The value of an option on a socket, defaults applied. Keys are the option names of the table
 * (src/kernel/options/*.ts rows), plus "SO_LINGER.l_onoff" and "SO_LINGER.l_linger" for the two
 * linger fields. SO_OPENTYPE is per thread (ThreadRecord.openType), not a socket option. An
 * unknown key is a programming error and throws.
 */
export function optionValue(socket: SocketRecord, key: string): number {
  if (key === LINGER_ONOFF_KEY) return lingerOnOff(socket);
  if (key === LINGER_SECONDS_KEY) return lingerSeconds(socket);
  const spec = optionByName(key);
  if (spec === undefined || !SCALAR_SHAPES.has(spec.shape) || key === "SO_OPENTYPE") {
    throw new Error(`kernel invariant: no socket option value "${key}"`);
  }
  return currentValue(spec, socket);
}
