/**
 * SOCKADDR_IN / SOCKADDR_IN6 buffers from text and back, for callers of bind, connect, sendto.
 */
import { decodeSockaddr, encodeSockaddr, formatEndpoint, parseEndpoint } from "../kernel/index.js";

/** "127.0.0.1:80" or "[::1]:80" as SOCKADDR bytes (16 or 28). Throws on malformed text. */
export function sockaddr(text: string): Uint8Array {
  const endpoint = parseEndpoint(text);
  if (endpoint === undefined)
    throw new SyntaxError(`not an address: "${text}" (expected "a.b.c.d:port" or "[v6]:port")`);
  return encodeSockaddr(endpoint);
}

/** SOCKADDR bytes as text, or undefined if they are not an AF_INET or AF_INET6 address. */
export function formatSockaddr(
  bytes: Uint8Array,
  length: number = bytes.length,
): string | undefined {
  const endpoint = decodeSockaddr(bytes, length);
  return endpoint === undefined ? undefined : formatEndpoint(endpoint);
}
