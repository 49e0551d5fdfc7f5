/**
 * Names on both ends of a connection between an IPv4 socket and a dual-stack IPv6 socket
 * (IPV6_V6ONLY 0), rule NET-DUAL-STACK-NAMES: every name a socket reports is of its own family.
 * Microsoft, "Dual-Stack Sockets for IPv6 Winsock Applications": on a dual-stack socket an IPv4
 * address is represented as an IPv4-mapped IPv6 address (a listening dual-stack socket returns
 * IPv4-mapped addresses for accepted IPv4 connections); a plain IPv4 socket sees plain IPv4.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET6,
  formatSockaddr,
  INVALID_SOCKET,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  int32,
  intRef,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
} from "../../src/index.js";
import { tcp, world } from "./helpers.js";

function tcp6(t: WinsockThread, v6only: number): number {
  const s = t.socket(AF_INET6, SOCK_STREAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, int32(v6only), 4)).toBe(0);
  return s;
}

type NameCall = "getsockname" | "getpeername";

/** What getsockname or getpeername writes: the length and the address as text. */
function name(t: WinsockThread, s: number, call: NameCall): { len: number; text?: string } {
  const buf = new Uint8Array(28);
  const len = intRef(28);
  expect(t[call](s, buf, len)).toBe(0);
  return { len: len.value, text: formatSockaddr(buf, len.value) };
}

function acceptFrom(t: WinsockThread, l: number, size: number): { s: number; text?: string } {
  const buf = new Uint8Array(28);
  const len = intRef(28);
  const s = t.accept(l, buf, len) as number;
  expect(s).not.toBe(INVALID_SOCKET);
  expect(len.value).toBe(size);
  return { s, text: formatSockaddr(buf, len.value) };
}

/**
 * A listener of `listenerV6only` (undefined: AF_INET) at `at`, and a client of `clientV6only`
 * connected to `target`: the thread, both sockets and the port the client speaks from.
 */
function connected(
  listenerV6only: number | undefined,
  at: string,
  clientV6only: number | undefined,
  target: string,
): { a: WinsockThread; l: number; c: number; port: number } {
  const { t } = world("A");
  const a = t.A!;
  const size = (v6only: number | undefined) => (v6only === undefined ? 16 : 28);
  const open = (v6only: number | undefined) => (v6only === undefined ? tcp(a) : tcp6(a, v6only));
  const l = open(listenerV6only);
  expect(a.bind(l, sockaddr(at), size(listenerV6only))).toBe(0);
  expect(a.listen(l, 5)).toBe(0);
  const c = open(clientV6only);
  expect(a.connect(c, sockaddr(target), size(clientV6only))).toBe(0);
  const text = name(a, c, "getsockname").text as string;
  return { a, l, c, port: Number(text.slice(text.lastIndexOf(":") + 1)) };
}

describe("connections between IPv4 and dual-stack IPv6 sockets (NET-DUAL-STACK-NAMES)", () => {
  it("an IPv4 client of a dual-stack listener: the accepted socket's names are IPv4-mapped", () => {
    const { a, l, c, port } = connected(0, "[::]:9300", undefined, "127.0.0.1:9300");
    expect(name(a, c, "getsockname")).toEqual({ len: 16, text: `127.0.0.1:${port}` });
    expect(name(a, c, "getpeername")).toEqual({ len: 16, text: "127.0.0.1:9300" });
    const accepted = acceptFrom(a, l, 28);
    expect(accepted.text).toBe(`[::ffff:127.0.0.1]:${port}`);
    // The accepted socket is AF_INET6 like its listener: both names are 28-byte SOCKADDR_IN6.
    expect(name(a, accepted.s, "getsockname")).toEqual({
      len: 28,
      text: "[::ffff:127.0.0.1]:9300",
    });
    expect(name(a, accepted.s, "getpeername")).toEqual({
      len: 28,
      text: `[::ffff:127.0.0.1]:${port}`,
    });
  });

  it("a dual-stack client of an IPv4 listener speaks from ::ffff:127.0.0.1; the server sees IPv4", () => {
    const { a, l, c, port } = connected(undefined, "127.0.0.1:9301", 0, "[::ffff:127.0.0.1]:9301");
    expect(name(a, c, "getsockname")).toEqual({ len: 28, text: `[::ffff:127.0.0.1]:${port}` });
    expect(name(a, c, "getpeername")).toEqual({ len: 28, text: "[::ffff:127.0.0.1]:9301" });
    const accepted = acceptFrom(a, l, 16);
    expect(accepted.text).toBe(`127.0.0.1:${port}`);
    expect(name(a, accepted.s, "getsockname")).toEqual({ len: 16, text: "127.0.0.1:9301" });
    expect(name(a, accepted.s, "getpeername")).toEqual({ len: 16, text: `127.0.0.1:${port}` });
  });

  it("a dual-stack client of a dual-stack listener: IPv4-mapped names on both ends", () => {
    const { a, l, c, port } = connected(0, "[::]:9302", 0, "[::ffff:127.0.0.1]:9302");
    expect(name(a, c, "getsockname")).toEqual({ len: 28, text: `[::ffff:127.0.0.1]:${port}` });
    const accepted = acceptFrom(a, l, 28);
    expect(accepted.text).toBe(`[::ffff:127.0.0.1]:${port}`);
    expect(name(a, accepted.s, "getsockname")).toEqual({
      len: 28,
      text: "[::ffff:127.0.0.1]:9302",
    });
  });

  it("IPv6 on both ends stays plain IPv6", () => {
    const { a, l, c, port } = connected(0, "[::]:9303", 0, "[::1]:9303");
    expect(name(a, c, "getsockname").text).toBe(`[::1]:${port}`);
    const accepted = acceptFrom(a, l, 28);
    expect(accepted.text).toBe(`[::1]:${port}`);
    expect(name(a, accepted.s, "getsockname").text).toBe("[::1]:9303");
  });
});
