/**
 * SOCKADDR_UN, the address of an AF_UNIX socket (afunix.h): a 2-byte family (AF_UNIX = 1) and
 * `char sun_path[108]` (UNIX_PATH_MAX), 110 bytes in all. Windows took the structure unchanged
 * from Linux ("AF_UNIX comes to Windows", Microsoft's command-line blog, 2017), and the path is
 * UTF-8 text ended by a NUL or by the length the caller gives.
 *
 * Inside the kernel an AF_UNIX endpoint is { family: 1, address: path, port: 0 }, so the stream
 * machinery, which compares and copies endpoints, needs no second kind of address. The unnamed
 * endpoint (an empty path) is what a socket that connected without bind is called.
 */
import { ADDRESS_FAMILIES } from "../../constants/values.js";
import type { Endpoint } from "./types.js";

const { AF_UNIX } = ADDRESS_FAMILIES;

export const UNIX_PATH_MAX = 108;
/** sizeof(SOCKADDR_UN): the family and sun_path. */
export const SOCKADDR_UN_SIZE = 2 + UNIX_PATH_MAX;

/** The name of a socket that connected without binding: no path. */
export const UNNAMED: Endpoint = Object.freeze({ family: AF_UNIX, address: "", port: 0 });

export function isUnix(endpoint: Endpoint): boolean {
  return endpoint.family === AF_UNIX;
}

/**
 * The path in a SOCKADDR_UN of `length` bytes: sun_path up to its first NUL, or up to `length`
 * when none comes first (a caller may pass offsetof(sun_path) + strlen(path) as the length, or
 * the whole 110 bytes). Bytes past 110 are ignored. An empty result means sun_path[0] was 0.
 */
export function decodeUnixPath(bytes: Uint8Array, length: number): string {
  const end = Math.min(length, bytes.length, SOCKADDR_UN_SIZE);
  const pathBytes = bytes.subarray(2, Math.max(end, 2));
  const nul = pathBytes.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? pathBytes : pathBytes.subarray(0, nul));
}

/** The UTF-8 bytes of a path, or undefined if it does not fit sun_path with its NUL. */
export function encodeUnixPath(path: string): Uint8Array | undefined {
  const bytes = new TextEncoder().encode(path);
  if (bytes.length >= UNIX_PATH_MAX || bytes.includes(0)) return undefined;
  return bytes;
}

/** A whole SOCKADDR_UN for `endpoint`: the path, then zeros (so it is NUL-terminated). */
export function encodeSockaddrUn(endpoint: Endpoint): Uint8Array {
  const out = new Uint8Array(SOCKADDR_UN_SIZE);
  new DataView(out.buffer).setUint16(0, AF_UNIX, true);
  const path = encodeUnixPath(endpoint.address);
  if (path === undefined)
    throw new Error(`kernel invariant: unix path too long: ${endpoint.address}`);
  out.set(path, 2);
  return out;
}

/** The text form of an AF_UNIX endpoint, "unix:" and the path (the unnamed one is "unix:"). */
export const UNIX_PREFIX = "unix:";

export function parseUnixEndpoint(text: string): Endpoint | undefined {
  if (!text.startsWith(UNIX_PREFIX)) return undefined;
  const path = text.slice(UNIX_PREFIX.length);
  if (encodeUnixPath(path) === undefined) return undefined;
  return { family: AF_UNIX, address: path, port: 0 };
}
