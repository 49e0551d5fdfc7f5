/**
 * Addresses: SOCKADDR_IN / SOCKADDR_IN6 bytes, endpoints, and which addresses are local.
 *
 * SOCKADDR_IN is 16 bytes (family, port in network order, IPv4 address, 8 zero bytes) and
 * SOCKADDR_IN6 is 28 (family, port, flow info, 16-byte address, scope id): ws2def.h / ws2ipdef.h.
 * Inside the kernel an address is canonical text, so that comparing endpoints is comparing
 * strings.
 */
import { ADDRESS_FAMILIES } from "../../constants/values.js";
import {
  decodeUnixPath,
  encodeSockaddrUn,
  parseUnixEndpoint,
  SOCKADDR_UN_SIZE,
  UNIX_PREFIX,
} from "./sockaddr-un.js";
import type { Endpoint } from "./types.js";

const { AF_INET, AF_INET6, AF_UNIX } = ADDRESS_FAMILIES;

export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;

export function sockaddrSize(family: number): number {
  if (family === AF_UNIX) return SOCKADDR_UN_SIZE;
  return family === AF_INET6 ? SOCKADDR_IN6_SIZE : SOCKADDR_IN_SIZE;
}

export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join(".");
}

/** RFC 5952 text: lower case, longest run of zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d. */
export function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from(
    { length: 8 },
    (_, i) => ((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number),
  );
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(bytes.subarray(12, 16))}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return undefined;
  return Uint8Array.from(parts.map(Number));
}

export function parseIpv6(text: string): Uint8Array | undefined {
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail.push(
      ((v4[0] as number) << 8) | (v4[1] as number),
      ((v4[2] as number) << 8) | (v4[3] as number),
    );
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const left = parse(halves[0] as string);
  const right = halves.length === 2 ? parse(halves[1] as string) : [];
  if (![...left, ...right].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const given = left.length + right.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const groups = [
    ...left.map((g) => Number.parseInt(g, 16)),
    ...Array(8 - given).fill(0),
    ...right.map((g) => Number.parseInt(g, 16)),
    ...tail,
  ];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** The canonical text of an address of `family`, or undefined if it is not one. */
export function canonicalAddress(family: number, text: string): string | undefined {
  if (family === AF_INET) {
    const bytes = parseIpv4(text);
    return bytes === undefined ? undefined : formatIpv4(bytes);
  }
  const bytes = parseIpv6(text);
  return bytes === undefined ? undefined : formatIpv6(bytes);
}

/**
 * Decodes a SOCKADDR of `length` bytes; undefined if it is not an AF_INET, AF_INET6 or AF_UNIX
 * address (an AF_UNIX one needs at least one byte of sun_path).
 */
export function decodeSockaddr(bytes: Uint8Array, length: number): Endpoint | undefined {
  if (length < 2 || bytes.length < 2) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const family = view.getUint16(0, true);
  if (family === AF_UNIX && length > 2 && bytes.length > 2) {
    return { family, address: decodeUnixPath(bytes, length), port: 0 };
  }
  if (family === AF_INET && length >= SOCKADDR_IN_SIZE && bytes.length >= SOCKADDR_IN_SIZE) {
    return { family, port: view.getUint16(2, false), address: formatIpv4(bytes.subarray(4, 8)) };
  }
  if (family === AF_INET6 && length >= SOCKADDR_IN6_SIZE && bytes.length >= SOCKADDR_IN6_SIZE) {
    return { family, port: view.getUint16(2, false), address: formatIpv6(bytes.subarray(8, 24)) };
  }
  return undefined;
}

/** The family field of a SOCKADDR, or undefined when fewer than 2 bytes are given. */
export function sockaddrFamily(bytes: Uint8Array, length: number): number | undefined {
  if (length < 2 || bytes.length < 2) return undefined;
  return (bytes[0] as number) | ((bytes[1] as number) << 8);
}

export function encodeSockaddr(endpoint: Endpoint): Uint8Array {
  if (endpoint.family === AF_UNIX) return encodeSockaddrUn(endpoint);
  const bytes = new Uint8Array(sockaddrSize(endpoint.family));
  const view = new DataView(bytes.buffer);
  view.setUint16(0, endpoint.family, true);
  view.setUint16(2, endpoint.port, false);
  if (endpoint.family === AF_INET) bytes.set(parseIpv4(endpoint.address) as Uint8Array, 4);
  else bytes.set(parseIpv6(endpoint.address) as Uint8Array, 8);
  return bytes;
}

/** "127.0.0.1:80", "[::1]:80" or "unix:/tmp/app.sock" -> endpoint; undefined when malformed. */
export function parseEndpoint(text: string): Endpoint | undefined {
  if (text.startsWith(UNIX_PREFIX)) return parseUnixEndpoint(text);
  const v6 = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(text);
  const match = v6 ?? v4;
  if (match === null) return undefined;
  const family = v6 !== null ? AF_INET6 : AF_INET;
  const address = canonicalAddress(family, match[1] as string);
  const port = Number(match[2]);
  if (address === undefined || port > 65535) return undefined;
  return { family, address, port };
}

export function formatEndpoint(endpoint: Endpoint): string {
  if (endpoint.family === AF_UNIX) return `${UNIX_PREFIX}${endpoint.address}`;
  return endpoint.family === AF_INET6
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

/** The IPv4 address an IPv4-mapped IPv6 address stands for, or the address itself. */
export function unmapped(endpoint: Endpoint): Endpoint {
  if (
    endpoint.family === AF_INET6 &&
    endpoint.address.startsWith("::ffff:") &&
    endpoint.address.includes(".")
  ) {
    return { family: AF_INET, address: endpoint.address.slice(7), port: endpoint.port };
  }
  return endpoint;
}

/**
 * `endpoint` as a socket of `family` names it: an IPv4 address on an AF_INET6 socket is the
 * IPv4-mapped ::ffff:a.b.c.d, and an IPv4-mapped address on an AF_INET socket is the plain IPv4
 * one. A dual-stack socket sees its IPv4 peers in mapped form (rule NET-DUAL-STACK-NAMES), and an
 * IPv4 socket reached from a dual-stack one sees the IPv4 address the packets carry.
 */
export function inFamily(endpoint: Endpoint, family: number): Endpoint {
  const plain = unmapped(endpoint);
  if (plain.family !== AF_INET) return endpoint;
  if (family === AF_INET) return plain;
  return { family: AF_INET6, address: `::ffff:${plain.address}`, port: plain.port };
}

export function isWildcard(endpoint: Endpoint): boolean {
  return endpoint.address === "0.0.0.0" || endpoint.address === "::";
}

/** Addresses of this machine: the loopback ranges and the wildcards (there is no other interface). */
export function isLocal(endpoint: Endpoint): boolean {
  const plain = unmapped(endpoint);
  if (plain.family === AF_INET)
    return plain.address.startsWith("127.") || plain.address === "0.0.0.0";
  return plain.address === "::1" || plain.address === "::";
}

/** The loopback address a wildcard-bound socket uses as its source: 127.0.0.1 or ::1. */
export function loopbackOf(family: number): string {
  return family === AF_INET6 ? "::1" : "127.0.0.1";
}
