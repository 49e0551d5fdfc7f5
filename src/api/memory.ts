/**
 * How a facade caller passes pointers, and how they reach the kernel.
 *
 * A buffer is a Uint8Array; NULL is `null`; a pointer outside the address space (the tests'
 * `(char*)1`) is `INVALID_POINTER`. An `int*` in-out parameter is an `IntRef`. A buffer shorter
 * than the length the caller claims for it is treated as partly outside the address space, so
 * Winsock answers WSAEFAULT instead of the simulator reading past the end.
 *
 * An object the call would write but JavaScript will not let it (frozen, sealed, not extensible,
 * or with a read-only field) is memory the caller cannot have written to either: a read-only
 * page. Windows probes an output pointer for writing before using it and answers WSAEFAULT, so
 * such an object is an invalid pointer here, and the failed call changes nothing.
 */
import type { BufferPointer, IntPointer, OutPointer } from "../kernel/index.js";

export const INVALID_POINTER: unique symbol = Symbol("INVALID_POINTER");
export type InvalidPointer = typeof INVALID_POINTER;

export type Buffer = Uint8Array | null | InvalidPointer;

/** An `int*` parameter the call reads and writes (optlen, namelen). */
export interface IntRef {
  value: number;
}

export type IntArg = IntRef | null | InvalidPointer;

export function intRef(value: number): IntRef {
  return { value };
}

/** Anything that is not a Uint8Array, NULL or undefined points nowhere valid. */
export function bufferPointer(buffer: Buffer): BufferPointer {
  if (buffer === null || buffer === undefined) return { kind: "null" };
  if (buffer instanceof Uint8Array) return { kind: "buffer", bytes: buffer };
  return { kind: "invalid" };
}

/** A buffer as seen through a length: a claimed length beyond the buffer is an invalid pointer. */
export function bufferWithin(buffer: Buffer, length: number): BufferPointer {
  if (buffer instanceof Uint8Array && length > buffer.length) return { kind: "invalid" };
  return bufferPointer(buffer);
}

export function intPointer(ref: IntArg): IntPointer {
  if (ref === null || ref === undefined) return { kind: "null" };
  if (isIntRef(ref) && intWritable(ref)) return { kind: "int", value: ref.value | 0 };
  return { kind: "invalid" };
}

/**
 * Whether the call can write the int: `value` assignable on an object that is not sealed or
 * frozen (as `writable` decides for a structure, but only the one field an int* points to is
 * looked at; walking every descriptor cost more than the rest of a getsockopt).
 */
function intWritable(ref: IntRef): boolean {
  return fieldWritable(ref, "value");
}

/**
 * Whether a call can write `target[key]`: the one field it writes, on an object that is not
 * sealed or frozen. The calls made in loops (WSAPoll's revents, an int*) check just that field;
 * walking every descriptor of every entry cost more than the call itself.
 */
export function fieldWritable(target: object, key: string): boolean {
  if (!Object.isExtensible(target)) return false;
  const field = Object.getOwnPropertyDescriptor(target, key);
  if (field === undefined) return true;
  return "value" in field ? field.writable === true : field.set !== undefined;
}

/**
 * Whether a call can rewrite an array in place (select's sets): every element writable and
 * deletable, as `writable` requires of an array, checked element by element.
 */
export function arrayWritable(target: readonly unknown[]): boolean {
  if (!Object.isExtensible(target)) return false;
  for (let i = 0; i < target.length; i++) {
    const field = Object.getOwnPropertyDescriptor(target, i);
    if (field === undefined) continue;
    if (!("value" in field) || field.writable !== true || field.configurable !== true) return false;
  }
  return true;
}

export function isIntRef(ref: unknown): ref is IntRef {
  return typeof ref === "object" && ref !== null && typeof (ref as IntRef).value === "number";
}

/** An output structure: any object can be written; NULL is NULL; anything else is invalid. */
export function outPointer(target: unknown): OutPointer {
  if (target === null || target === undefined) return { kind: "null" };
  if (typeof target !== "object" || !writable(target)) return { kind: "invalid" };
  return { kind: "valid" };
}

/** Structures found writable once, and still extensible: not walked again (see reusedOut). */
const FOUND_WRITABLE = new WeakSet<object>();

/**
 * outPointer for a structure a program passes again and again (WSANETWORKEVENTS in an event
 * loop): walking its descriptors cost more than the call. A structure found writable is
 * remembered while it stays extensible. A field made read-only later with
 * Object.defineProperty is not seen here; the call that writes it must therefore write inside
 * `writeOut`, which turns the failed write into WSAEFAULT with the kernel state unchanged.
 */
export function reusedOut(target: unknown): OutPointer {
  if (typeof target === "object" && target !== null && FOUND_WRITABLE.has(target)) {
    if (Object.isExtensible(target)) return { kind: "valid" };
  }
  const pointer = outPointer(target);
  if (pointer.kind === "valid") FOUND_WRITABLE.add(target as object);
  return pointer;
}

/** Runs the writes of a call's outputs; false if JavaScript refused one (a read-only field). */
export function writeOut(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/**
 * Whether every field of `target` can be assigned, and fields added: what an output structure
 * needs. Arrays among its fields (WSANETWORKEVENTS.iErrorCode) must be writable too; an array's
 * elements must also be deletable, since a set rewritten in place (select) may shrink.
 */
export function writable(target: object): boolean {
  if (!Object.isExtensible(target)) return false;
  const array = Array.isArray(target);
  // Key by key rather than Object.getOwnPropertyDescriptors: no table of every descriptor is
  // built, and the first read-only field ends the walk.
  for (const key of Reflect.ownKeys(target)) {
    const field = Reflect.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
    if ("value" in field) {
      if (field.writable !== true || (array && key !== "length" && field.configurable !== true))
        return false;
      if (Array.isArray(field.value) && !writable(field.value)) return false;
    } else if (field.set === undefined) return false;
  }
  return true;
}

/** A 4-byte little-endian int buffer, the usual optval of setsockopt. */
export function int32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value | 0, true);
  return bytes;
}

export function readInt32(bytes: Uint8Array, offset = 0): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(offset, true);
}

export function readUint32(bytes: Uint8Array, offset = 0): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

/** struct linger { u_short l_onoff; u_short l_linger; } */
export function linger(l_onoff: number, l_linger: number): Uint8Array {
  const bytes = new Uint8Array(4);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, l_onoff & 0xffff, true);
  view.setUint16(2, l_linger & 0xffff, true);
  return bytes;
}

export function readLinger(bytes: Uint8Array): { l_onoff: number; l_linger: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { l_onoff: view.getUint16(0, true), l_linger: view.getUint16(2, true) };
}

/** An output buffer that must hold `size` bytes: NULL, invalid, or big enough to write. */
export function outBuffer(buffer: Buffer, size: number): OutPointer {
  const pointer = bufferWithin(buffer, size);
  return pointer.kind === "buffer" ? { kind: "valid" } : pointer;
}
