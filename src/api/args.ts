/**
 * C's conversions for arguments that arrive from JavaScript. A C caller cannot pass a string
 * where an int goes, but a JavaScript caller can, and the simulator must still answer with a
 * Winsock result rather than throw. Each function mirrors what the C parameter type would do
 * with the value's bits; anything that is not a number converts as 0 would.
 */

/** An `int` parameter: the low 32 bits, signed. */
export function cInt(value: unknown): number {
  return typeof value === "number" ? value | 0 : 0;
}

/** A `DWORD` or `u_long` parameter: the low 32 bits, unsigned. */
export function cDword(value: unknown): number {
  return typeof value === "number" ? value >>> 0 : 0;
}

/** A `WORD` parameter. */
export function cWord(value: unknown): number {
  return cDword(value) & 0xffff;
}

/**
 * A `SOCKET` or `HANDLE` parameter. Handles are compared as given: any value that is not a
 * handle the process holds is simply not found, which is the Winsock answer (WSAENOTSOCK).
 */
export function cHandle(value: unknown): number {
  return typeof value === "number" ? value : Number.NaN;
}
