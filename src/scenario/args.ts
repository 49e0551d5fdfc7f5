/**
 * A step's arguments, read by parameter name and kind. Each reader throws ValueError naming the
 * parameter and what was expected, so the runner can report the step and field.
 */
import {
  INVALID_POINTER,
  type IntArg,
  type InvalidPointer,
  int32,
  intRef,
  linger,
} from "../api/memory.js";
import { sockaddr } from "../api/sockaddr.js";
import { WSABUF } from "../api/structs.js";
import { MAX_BUFFER_BYTES } from "./limits.js";
import { changedAddress } from "./parts.js";
import { type Bindings, substitute, toNumber, ValueError } from "./values.js";

const MISSING: unique symbol = Symbol("missing");

/** How a step writes a pointer the call cannot write through (C's `(int*)1`). */
export const INVALID_POINTER_TEXT = "invalid";

export class Args {
  readonly #raw: Readonly<Record<string, unknown>>;
  readonly #bindings: Bindings;
  readonly #used = new Set<string>();

  constructor(raw: Readonly<Record<string, unknown>> | undefined, bindings: Bindings) {
    this.#raw = raw ?? {};
    this.#bindings = bindings;
  }

  /** The resolved value of `name`, or MISSING when the step leaves it out. */
  #value(name: string): unknown {
    this.#used.add(name);
    if (!Object.hasOwn(this.#raw, name)) return MISSING;
    try {
      return substitute(this.#raw[name], this.#bindings);
    } catch (error) {
      throw new ValueError(`argument "${name}": ${(error as Error).message}`);
    }
  }

  #wrap<T>(name: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      const message = (error as Error).message;
      throw new ValueError(
        message.startsWith("argument") ? message : `argument "${name}": ${message}`,
      );
    }
  }

  has(name: string): boolean {
    return Object.hasOwn(this.#raw, name);
  }

  /** Parameters the step gave that the call does not take (a typo, most likely). */
  unused(): string[] {
    return Object.keys(this.#raw).filter((name) => !this.#used.has(name));
  }

  /** An integer parameter (int, DWORD, flags, a constant expression). */
  int(name: string, fallback?: number): number {
    const value = this.#value(name);
    if (value === MISSING) {
      if (fallback === undefined)
        throw new ValueError(`argument "${name}" is missing (expected a number or constant)`);
      return fallback;
    }
    return this.#wrap(name, () => toNumber(value));
  }

  /** A SOCKET, WSAEVENT or HWND: a number, usually a saved "$name". */
  handle(name: string, fallback?: number): number {
    return this.int(name, fallback);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.#value(name);
    if (value === MISSING) return fallback;
    return this.#wrap(name, () => toNumber(value) !== 0);
  }

  /** Data as bytes: a string is its UTF-8 bytes; saved bytes pass through; null is NULL. */
  data(name: string): Uint8Array | null | typeof MISSING {
    const value = this.#value(name);
    if (value === MISSING || value === null || value instanceof Uint8Array) return value;
    if (typeof value === "string") return new TextEncoder().encode(value);
    throw new ValueError(
      `argument "${name}": expected a string of data, got ${JSON.stringify(value)}`,
    );
  }

  /**
   * A SOCKADDR: "127.0.0.1:80", "[::1]:80", a saved address, or { "from", "host", "port" } (an
   * address with parts replaced); null is NULL.
   */
  address(name: string): Uint8Array | null | typeof MISSING {
    const value = this.#value(name);
    if (value === MISSING || value === null || value instanceof Uint8Array) return value;
    return this.#wrap(name, () => {
      if (typeof value === "object" && !Array.isArray(value))
        return sockaddr(changedAddress(value as Record<string, unknown>));
      if (typeof value !== "string")
        throw new ValueError(
          `expected an address such as "127.0.0.1:0", got ${JSON.stringify(value)}`,
        );
      return sockaddr(value);
    });
  }

  /** An option value: a number (a 4-byte int), or {l_onoff, l_linger} for a linger structure. */
  optval(name: string): Uint8Array | null | typeof MISSING {
    const value = this.#value(name);
    if (value === MISSING || value === null || value instanceof Uint8Array) return value;
    return this.#wrap(name, () => {
      if (typeof value === "object" && value !== null && Object.hasOwn(value, "l_onoff")) {
        const l = value as { l_onoff: unknown; l_linger?: unknown };
        return linger(toNumber(l.l_onoff), toNumber(l.l_linger ?? 0));
      }
      return int32(toNumber(value));
    });
  }

  /** An array of handles (lphEvents) or an fd_set; null is NULL. */
  handles(name: string): number[] | null | typeof MISSING {
    const value = this.#value(name);
    if (value === MISSING || value === null) return value;
    if (!Array.isArray(value))
      throw new ValueError(
        `argument "${name}": expected an array of handles, got ${JSON.stringify(value)}`,
      );
    return this.#wrap(name, () => value.map((v) => toNumber(v)));
  }

  /** Any resolved value, for the structured parameters (timeval, WSAPOLLFD arrays). */
  raw(name: string): unknown {
    const value = this.#value(name);
    return value === MISSING ? undefined : value;
  }

  /** An int* in-out parameter, given as its initial value, or null. */
  intRef(name: string, fallback: number): ReturnType<typeof intRef> | null {
    const value = this.#value(name);
    if (value === null) return null;
    return intRef(value === MISSING ? fallback : this.#wrap(name, () => toNumber(value)));
  }

  /**
   * A pointer the call only writes through (DuplicateHandle's lpTargetHandle, GetHandleInformation's
   * lpdwFlags): left out, a valid int holding 0; a number, a valid int holding it first (to see
   * whether the call wrote); null, NULL; "invalid", a pointer the call cannot write through.
   */
  outPointer(name: string): IntArg {
    const value = this.#value(name);
    if (value === null) return null;
    if (value === INVALID_POINTER_TEXT) return INVALID_POINTER;
    return intRef(
      value === MISSING
        ? 0
        : this.#wrap(name, () => {
            try {
              return toNumber(value);
            } catch (error) {
              throw new ValueError(
                `${(error as Error).message} (expected an initial value, null or "${INVALID_POINTER_TEXT}")`,
              );
            }
          }),
    );
  }

  /**
   * A WSABUF array: for a receive (`gather` false) a list of buffer lengths, each a zeroed
   * buffer of that many bytes; for a send a list of data (strings as their UTF-8 bytes, or saved
   * bytes). null is NULL, "invalid" a pointer the call cannot read.
   */
  wsabufs(name: string, gather: boolean): WSABUF[] | null | InvalidPointer {
    const what = gather
      ? 'an array of data (strings), null or "invalid"'
      : 'an array of buffer lengths, null or "invalid"';
    const value = this.#value(name);
    if (value === MISSING) throw new ValueError(`argument "${name}" is missing (expected ${what})`);
    if (value === null) return null;
    if (value === INVALID_POINTER_TEXT) return INVALID_POINTER;
    if (!Array.isArray(value))
      throw new ValueError(`argument "${name}": expected ${what}, got ${JSON.stringify(value)}`);
    return value.map((element, k) =>
      this.#wrap(name, () => {
        try {
          return gather ? dataBuffer(element) : zeroedBuffer(element);
        } catch (error) {
          throw new ValueError(`element ${k}: ${(error as Error).message}`);
        }
      }),
    );
  }

  /**
   * An OVERLAPPED named by the step ("ov1"), taken as written like `label`: left out or null is
   * NULL, "invalid" a pointer the call cannot use.
   */
  structName(name: string): string | null | InvalidPointer {
    this.#used.add(name);
    const value = Object.hasOwn(this.#raw, name) ? this.#raw[name] : null;
    if (value === null) return null;
    if (value === INVALID_POINTER_TEXT) return INVALID_POINTER;
    if (typeof value !== "string" || value === "" || /\s/.test(value))
      throw new ValueError(
        `argument "${name}": expected the name of an OVERLAPPED (a string without spaces such as "ov1"), null or "${INVALID_POINTER_TEXT}", got ${JSON.stringify(value)}`,
      );
    return value;
  }

  /**
   * A name the runner uses as written, never resolved ("$x" or "@x" is that text): CreateProcess's
   * lpApplicationName, which later steps give as their "process".
   */
  label(name: string): string {
    this.#used.add(name);
    const value = Object.hasOwn(this.#raw, name) ? this.#raw[name] : MISSING;
    if (value === MISSING)
      throw new ValueError(`argument "${name}" is missing (expected a process name)`);
    if (typeof value !== "string" || value === "")
      throw new ValueError(
        `argument "${name}": expected a process name (a non-empty string), got ${JSON.stringify(value)}`,
      );
    return value;
  }

  static readonly MISSING = MISSING;
}

export { MISSING };

/** A WSABUF of `length` zeroed bytes (a receive's buffer). */
function zeroedBuffer(length: unknown): WSABUF {
  const len = toNumber(length);
  if (!Number.isInteger(len) || len < 0 || len > MAX_BUFFER_BYTES)
    throw new ValueError(
      `expected a buffer length from 0 to ${MAX_BUFFER_BYTES}, got ${JSON.stringify(length)}`,
    );
  return new WSABUF(len, new Uint8Array(len));
}

/** A WSABUF holding data (a send's buffer): a string's UTF-8 bytes, or saved bytes. */
function dataBuffer(data: unknown): WSABUF {
  if (data instanceof Uint8Array) return new WSABUF(data.length, data.slice());
  if (typeof data !== "string")
    throw new ValueError(`expected a string of data, got ${JSON.stringify(data)}`);
  const bytes = new TextEncoder().encode(data);
  return new WSABUF(bytes.length, bytes);
}
