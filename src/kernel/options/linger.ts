/**
 * SO_LINGER and SO_DONTLINGER: two views of one linger setting (C11, X3, X25).
 *
 * The setting is the LINGER structure { u_short l_onoff; u_short l_linger; }. SO_LINGER reads and
 * writes both fields as given: Windows keeps l_onoff = 0x100 and reads it back (observed fact 130e),
 * so l_onoff is not reduced to a boolean. SO_DONTLINGER reads !l_onoff; setting it TRUE clears
 * l_onoff and setting it FALSE sets l_onoff to 1, in both cases keeping l_linger, so that a
 * timeout set earlier with SO_LINGER comes back (C11: "a provider should restore any timeout
 * previously set").
 *
 * As a 32-bit number the structure is l_onoff | l_linger << 16, which is also its little-endian
 * byte layout; the length machinery therefore treats SO_LINGER as a 4-byte int.
 */
import type { Draft } from "immer";
import type { SocketRecord } from "../state.js";

export const LINGER_ONOFF_KEY = "SO_LINGER.l_onoff";
export const LINGER_SECONDS_KEY = "SO_LINGER.l_linger";

export function lingerOnOff(socket: SocketRecord): number {
  return socket.options[LINGER_ONOFF_KEY] ?? 0;
}

export function lingerSeconds(socket: SocketRecord): number {
  return socket.options[LINGER_SECONDS_KEY] ?? 0;
}

export function loadLinger(socket: SocketRecord): number {
  return (lingerOnOff(socket) | (lingerSeconds(socket) << 16)) >>> 0;
}

export function storeLinger(socket: Draft<SocketRecord>, packed: number): void {
  socket.options[LINGER_ONOFF_KEY] = packed & 0xffff;
  socket.options[LINGER_SECONDS_KEY] = (packed >>> 16) & 0xffff;
}

export function loadDontLinger(socket: SocketRecord): number {
  return lingerOnOff(socket) === 0 ? 1 : 0;
}

/** `dontLinger` is already normalised to 0 or 1. */
export function storeDontLinger(socket: Draft<SocketRecord>, dontLinger: number): void {
  socket.options[LINGER_ONOFF_KEY] = dontLinger === 0 ? 1 : 0;
}
