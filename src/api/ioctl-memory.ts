/**
 * WSAIoctl's buffers as a TypeScript caller builds them: a GUID's 16 bytes by its WSAID_ name,
 * a tcp_keepalive's 12 bytes, and the place SIO_GET_EXTENSION_FUNCTION_POINTER writes a
 * function pointer.
 *
 * A function pointer has no meaning outside the process that holds it, so the simulator writes a
 * stable name instead: a FunctionPointerRef's `value` becomes "AcceptEx", "ConnectEx", ...
 * (EXTENSION_FUNCTIONS), which a caller compares as it would compare pointers. The ref stands for
 * 8 bytes of memory, the size of a pointer on x64.
 */
import { EXTENSION_FUNCTION_GUIDS } from "../constants/values.js";
import { EXTENSION_FUNCTIONS, type ExtensionFunction } from "../kernel/index.js";

/** Where SIO_GET_EXTENSION_FUNCTION_POINTER writes its function: null until a call writes it. */
export class FunctionPointerRef {
  value: ExtensionFunction | null = null;
}

export function functionPointerRef(): FunctionPointerRef {
  return new FunctionPointerRef();
}

const GUID_TEXT = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

/**
 * A GUID's 16 bytes as Windows lays them out (Data1, Data2, Data3 little-endian, then the 8
 * bytes of Data4), from a WSAID_ name of mswsock.h or registry-format text
 * ("b5367df1-cbac-11cf-95ca-00805f48a192", braces allowed).
 */
export function GUID(nameOrText: string): Uint8Array {
  const known = EXTENSION_FUNCTION_GUIDS[nameOrText as keyof typeof EXTENSION_FUNCTION_GUIDS];
  const text = known ?? nameOrText.replace(/^\{(.*)\}$/, "$1");
  const parts = GUID_TEXT.exec(text);
  if (parts === null) throw new TypeError(`GUID: not a WSAID_ name nor a GUID: ${nameOrText}`);
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Number.parseInt(parts[1] as string, 16), true);
  view.setUint16(4, Number.parseInt(parts[2] as string, 16), true);
  view.setUint16(6, Number.parseInt(parts[3] as string, 16), true);
  const tail = `${parts[4]}${parts[5]}`;
  for (let i = 0; i < 8; i += 1) bytes[8 + i] = Number.parseInt(tail.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** struct tcp_keepalive (mstcpip.h): three ULONGs; the times are in milliseconds. */
export interface TcpKeepalive {
  readonly onoff: number;
  readonly keepalivetime: number;
  readonly keepaliveinterval: number;
}

/** A tcp_keepalive's 12 bytes, for SIO_KEEPALIVE_VALS's input buffer. */
export function tcp_keepalive(values: TcpKeepalive): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, values.onoff >>> 0, true);
  view.setUint32(4, values.keepalivetime >>> 0, true);
  view.setUint32(8, values.keepaliveinterval >>> 0, true);
  return bytes;
}

/**
 * Stand-in addresses an extension function's pointer takes in raw memory (a Uint8Array passed as
 * lpvOutBuffer): 8 distinct, stable, non-zero bytes per function, little-endian.
 */
const STAND_IN_BASE = 0x7ff000000000n;

export function standInAddress(name: ExtensionFunction): bigint {
  return STAND_IN_BASE + 0x10n * BigInt(Object.values(EXTENSION_FUNCTIONS).indexOf(name) + 1);
}

/** The function whose stand-in address `bytes` begins with, or undefined. */
export function functionAt(bytes: Uint8Array): ExtensionFunction | undefined {
  if (bytes.length < 8) return undefined;
  const address = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return Object.values(EXTENSION_FUNCTIONS).find((name) => standInAddress(name) === address);
}
