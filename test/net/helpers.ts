/**
 * Helpers for the network unit tests: started processes, listeners, connected pairs, and
 * short ways to send and read text. Every helper goes through the facade and checks the result
 * of the calls it makes, so a test that builds on a helper cannot start from a broken setup.
 */
import { expect } from "vitest";
import {
  AF_INET,
  BLOCKED,
  type Blocked,
  FIONBIO,
  FIONREAD,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  int32,
  intRef,
  kernel,
  linger,
  readInt32,
  SIOCATMARK,
  Simulation,
  SO_LINGER,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  type WinsockThread,
  WSADATA,
} from "../../src/index.js";

export {
  FIONBIO,
  FIONREAD,
  SIOCATMARK,
  SO_BROADCAST,
  SO_ERROR,
  SO_EXCLUSIVEADDRUSE,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  SO_SNDBUF,
  SO_SNDTIMEO,
} from "../../src/index.js";

/**
 * What a stream receiver takes before it stops taking data, whatever smaller SO_RCVBUF it has:
 * 64 KiB (rule NET-BUFFERS). A test that needs data left undelivered sends more than this.
 */
export const WINDOW = 65536;

/** A send of WINDOW bytes of "." from `s`: with nothing unread at the peer, it fills its window. */
export function fillWindow(t: WinsockThread, s: number): string {
  const filler = ".".repeat(WINDOW);
  sendText(t, s, filler);
  return filler;
}

export interface World {
  sim: Simulation;
  /** Main threads of started processes, by name. */
  t: Record<string, WinsockThread>;
}

/** A recording simulation with started processes. */
export function world(...names: string[]): World {
  const sim = new Simulation({ record: true });
  const t: Record<string, WinsockThread> = {};
  for (const name of names) {
    const thread = sim.createProcess(name).main;
    expect(thread.WSAStartup(0x0202, new WSADATA())).toBe(0);
    t[name] = thread;
  }
  return { sim, t };
}

export function tcp(t: WinsockThread): number {
  const s = t.socket(AF_INET, SOCK_STREAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

export function udp(t: WinsockThread): number {
  const s = t.socket(AF_INET, SOCK_DGRAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

/** getsockname as "a.b.c.d:port". */
export function nameOf(t: WinsockThread, s: number): string {
  const buf = new Uint8Array(16);
  const len = intRef(16);
  expect(t.getsockname(s, buf, len)).toBe(0);
  const view = new DataView(buf.buffer);
  return `${Array.from(buf.subarray(4, 8)).join(".")}:${view.getUint16(2, false)}`;
}

export function peerOf(t: WinsockThread, s: number): string {
  const buf = new Uint8Array(16);
  expect(t.getpeername(s, buf, intRef(16))).toBe(0);
  const view = new DataView(buf.buffer);
  return `${Array.from(buf.subarray(4, 8)).join(".")}:${view.getUint16(2, false)}`;
}

/** A bound listening socket on 127.0.0.1 and its address. */
export function listener(t: WinsockThread, backlog = 5): { s: number; addr: Uint8Array } {
  const s = tcp(t);
  expect(t.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  expect(t.listen(s, backlog)).toBe(0);
  return { s, addr: sockaddr(nameOf(t, s)) };
}

/**
 * A connected pair: `client` in `a`'s process, `server` accepted in `b`'s process (both
 * blocking). The listener is closed afterwards unless `keepListener`.
 */
export function pair(
  a: WinsockThread,
  b: WinsockThread = a,
): { client: number; server: number; listening: number } {
  const l = listener(b);
  const client = tcp(a);
  expect(a.connect(client, l.addr, 16)).toBe(0);
  const server = b.accept(l.s, null, null);
  expect(typeof server === "number" && server !== INVALID_SOCKET).toBe(true);
  return { client, server: server as number, listening: l.s };
}

export const text = (s: string) => new TextEncoder().encode(s);
export const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** send of a whole string; expects the full length back. */
export function sendText(t: WinsockThread, s: number, data: string, flags = 0): void {
  const bytes = text(data);
  expect(t.send(s, bytes, bytes.length, flags)).toBe(bytes.length);
}

/** recv of up to `len` bytes, returning the text read (or the failure as a number). */
export function recvText(t: WinsockThread, s: number, len = 100, flags = 0): string | number {
  const buf = new Uint8Array(len);
  const n = t.recv(s, buf, len, flags);
  if (n === BLOCKED) return -2;
  if (n === SOCKET_ERROR) return -1;
  return decode(buf.subarray(0, n as number));
}

/** Reads everything `t` can get from `s` until it would wait, switching to non-blocking. */
export function drain(t: WinsockThread, s: number): string {
  nonBlocking(t, s);
  let all = "";
  for (;;) {
    const part = recvText(t, s, 4096);
    if (typeof part !== "string" || part === "") return all;
    all += part;
  }
}

export function setInt(t: WinsockThread, s: number, opt: number, value: number): void {
  expect(t.setsockopt(s, SOL_SOCKET, opt, int32(value), 4)).toBe(0);
}

export function getInt(t: WinsockThread, s: number, opt: number): number {
  const out = new Uint8Array(4);
  expect(t.getsockopt(s, SOL_SOCKET, opt, out, intRef(4))).toBe(0);
  return readInt32(out);
}

export function setLinger(t: WinsockThread, s: number, onoff: number, seconds: number): void {
  expect(t.setsockopt(s, SOL_SOCKET, SO_LINGER, linger(onoff, seconds), 4)).toBe(0);
}

export function nonBlocking(t: WinsockThread, s: number, on = true): void {
  expect(t.ioctlsocket(s, FIONBIO, intRef(on ? 1 : 0))).toBe(0);
}

export function fionread(t: WinsockThread, s: number): number {
  const arg = intRef(-1);
  expect(t.ioctlsocket(s, FIONREAD, arg)).toBe(0);
  return arg.value;
}

export function atMark(t: WinsockThread, s: number): number {
  const arg = intRef(-1);
  expect(t.ioctlsocket(s, SIOCATMARK, arg)).toBe(0);
  return arg.value;
}

/** Duplicates `s` of `from` into `to`'s process and imports it there. */
export function duplicate(from: WinsockThread, s: number, to: WinsockThread): number {
  const info = new Uint8Array(628);
  expect(from.WSADuplicateSocketW(s, to.pid, info)).toBe(0);
  const FPI = FROM_PROTOCOL_INFO;
  const d = to.WSASocketW(FPI, FPI, FPI, info, 0, 1);
  expect(d).not.toBe(INVALID_SOCKET);
  return d;
}

/** Expects a call to have failed with `error` on thread `t`. */
export function expectError(t: WinsockThread, ret: number | Blocked, error: number): void {
  expect(ret === SOCKET_ERROR || ret === INVALID_SOCKET).toBe(true);
  expect(t.WSAGetLastError()).toBe(error);
}

/** Whether the kernel has finished the call `t` is blocked in (await would not wait). */
export function finished(t: WinsockThread): boolean {
  const thread = kernel.findProcess(t.sim.state, t.pid)?.threads[t.tid];
  return thread !== undefined && thread.pending === null;
}

/** The underlying socket record descriptor `s` of `t`'s process names. */
export function socketOf(t: WinsockThread, s: number): kernel.SocketRecord {
  const process = kernel.findProcess(t.sim.state, t.pid);
  const entry = process === undefined ? undefined : kernel.trieGet(process.handles, s / 4);
  if (entry?.kind !== "socket") throw new Error(`no socket handle ${s}`);
  const socket = kernel.trieGet(t.sim.state.sockets, entry.socket);
  if (socket === undefined) throw new Error(`socket ${entry.socket} is gone`);
  return socket;
}
