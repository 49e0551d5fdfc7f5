/**
 * The AF_UNIX path namespace: which paths a bind has claimed, and which socket listens there.
 *
 * On Windows, bind on an AF_UNIX socket creates a file at the path (a reparse point), and closing
 * the socket leaves the file behind: a later bind to the same path fails with WSAEADDRINUSE until
 * a program deletes the file (DeleteFile, "analogous to unlink" in Microsoft's sample). The
 * simulator has no file system, so this table stands for the files: a path once bound stays
 * taken for the rest of the simulation, with its socket while that socket lives and with null
 * afterwards (rules NET-UNIX-BIND, NET-UNIX-PATH-STAYS). There is no DeleteFile call yet.
 */

import type { KernelState, SocketId, SocketRecord } from "../state.js";
import { trieGet } from "../trie.js";
import type { Writer } from "../writer.js";
import type { Endpoint, UnixPaths } from "./types.js";

export function pathTaken(state: KernelState, path: string): boolean {
  return Object.hasOwn(state.ports.unix, path);
}

/** The table with `path` naming `owner` (a socket, or null for a file left behind). */
function withPath(table: UnixPaths, path: string, owner: SocketId | null): UnixPaths {
  return { ...table, [path]: owner };
}

/** Records that `socket` bound `local`; the caller has checked the path is free. */
export function claimPath(w: Writer, socket: SocketId, local: Endpoint): void {
  const ports = w.own(w.root(), "ports");
  ports.unix = withPath(ports.unix, local.address, socket);
}

/** The socket is going away: its file stays, owned by nobody (rule NET-UNIX-PATH-STAYS). */
export function releasePath(w: Writer, socket: SocketRecord): void {
  const local = socket.net.local;
  if (local === null || local.address === "") return;
  // An accepted socket carries its listener's name but never claimed it.
  if (w.state.ports.unix[local.address] !== socket.id) return;
  const ports = w.own(w.root(), "ports");
  ports.unix = withPath(ports.unix, local.address, null);
}

/** The socket listening at `path`, if a live socket is bound there and listening. */
export function findUnixListener(state: KernelState, path: string): SocketRecord | undefined {
  if (!pathTaken(state, path)) return undefined;
  const id = state.ports.unix[path];
  const socket = id === null || id === undefined ? undefined : trieGet(state.sockets, id);
  return socket?.net.phase === "listening" ? socket : undefined;
}
