/**
 * SOCKADDR_IN / SOCKADDR_IN6 / SOCKADDR_UN buffers from text and back, for callers of bind,
 * connect, sendto. An AF_UNIX address is written "unix:" and the path: "unix:/tmp/app.sock".
 */
import { decodeSockaddr, encodeSockaddr, formatEndpoint, parseEndpoint } from "../kernel/index.js";

/**
 * "127.0.0.1:80", "[::1]:80" or "unix:/tmp/app.sock" as SOCKADDR bytes (16, 28, or 110 for a
 * whole SOCKADDR_UN with the path NUL-terminated). Throws on malformed text, and on a path that
 * does not fit sun_path (107 UTF-8 bytes and its NUL).
 */
export function sockaddr(text: string): Uint8Array {
  const endpoint = parseEndpoint(text);
  if (endpoint === undefined)
    throw new SyntaxError(
      `not an address: "${text}" (expected "a.b.c.d:port", "[v6]:port" or "unix:path")`,
    );
  return encodeSockaddr(endpoint);
}

/** SOCKADDR bytes as text, or undefined if they are not an AF_INET, AF_INET6 or AF_UNIX address. */
export function formatSockaddr(
  bytes: Uint8Array,
  length: number = bytes.length,
): string | undefined {
  const endpoint = decodeSockaddr(bytes, length);
  return endpoint === undefined ? undefined : formatEndpoint(endpoint);
}
