/**
 * Two deliberately broken implementations the oracle must catch, each the simulator's facade
 * behind a proxy with a realistic bug. Both keep their own bookkeeping of which descriptors
 * name one socket, as a wrapper library would: a descriptor imported with WSASocket from a
 * WSAPROTOCOL_INFO joins the group of the descriptor it was duplicated from.
 */
import {
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  SOCKET_ERROR,
  type WinsockThread,
} from "../../src/index.js";
import type { WinsockApi } from "../../src/oracle/index.js";
import { type ProxyWorld, proxyWorld } from "./worlds.js";

type Key = string; // "pid:handle"

interface Group {
  readonly members: Set<Key>;
  /** The descriptor whose WSAEventSelect registration is in force, as the adapter believes. */
  registeredBy: Key | null;
}

/** Which descriptors name one socket, as the adapter learns it from duplications. */
class Groups {
  readonly #groups = new Map<Key, Group>();
  /** WSAPROTOCOL_INFO bytes (as text) to the descriptor they were made from. */
  readonly #infos = new Map<string, Key>();

  of(key: Key): Group {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { members: new Set([key]), registeredBy: null };
      this.#groups.set(key, group);
    }
    return group;
  }

  duplicated(from: Key, info: Uint8Array | null): void {
    if (info !== null) this.#infos.set(info.join(","), from);
  }

  imported(key: Key, info: Uint8Array | null): void {
    const from = info === null ? undefined : this.#infos.get(info.join(","));
    this.forget(key);
    if (from === undefined) return;
    const group = this.of(from);
    group.members.add(key);
    this.#groups.set(key, group);
  }

  forget(key: Key): void {
    const group = this.#groups.get(key);
    if (group === undefined) return;
    group.members.delete(key);
    if (group.registeredBy === key) group.registeredBy = null;
    this.#groups.delete(key);
  }
}

/** The bookkeeping every broken adapter shares: duplications, imports and closes. */
function tracking(groups: Groups, real: WinsockThread): Partial<WinsockApi> {
  const key = (s: number): Key => `${real.pid}:${s}`;
  // Scenarios' "WSASocket" and "WSADuplicateSocket" call the W functions.
  return {
    WSADuplicateSocketW: (s, pid, info) => {
      const ret = real.WSADuplicateSocketW(s, pid, info);
      if (ret === 0) groups.duplicated(key(s), info);
      return ret;
    },
    WSASocketW: (af, type, protocol, info, g, dwFlags) => {
      const ret = real.WSASocketW(af, type, protocol, info, g, dwFlags);
      if (af === FROM_PROTOCOL_INFO && ret !== INVALID_SOCKET) groups.imported(key(ret), info);
      else groups.forget(key(ret));
      return ret;
    },
    closesocket: (s) => {
      const ret = real.closesocket(s);
      if (ret === 0) groups.forget(key(s));
      return ret;
    },
  };
}

/**
 * Bug: WSAEventSelect through a descriptor does not cancel a registration made through another
 * descriptor of the same socket (Windows keeps one registration per socket: the later call
 * replaces it). The adapter ignores the second registration, so the first stays in force.
 */
export function keepsFirstRegistration(): ProxyWorld {
  const groups = new Groups();
  return proxyWorld((real) => {
    const key = (s: number): Key => `${real.pid}:${s}`;
    return {
      ...tracking(groups, real),
      WSAEventSelect: (s, hEventObject, lNetworkEvents) => {
        const group = groups.of(key(s));
        if (
          lNetworkEvents !== 0 &&
          group.registeredBy !== null &&
          group.registeredBy !== key(s) &&
          group.members.has(group.registeredBy)
        )
          return 0; // "registered" (the other descriptor's registration stays)
        const ret = real.WSAEventSelect(s, hEventObject, lNetworkEvents);
        if (ret === 0) group.registeredBy = lNetworkEvents === 0 ? null : key(s);
        return ret;
      },
    };
  });
}

/**
 * Bug: closesocket on a duplicated descriptor closes the socket for every descriptor (Windows
 * closes only that descriptor; the socket lives while any descriptor names it).
 */
export function closeClosesAll(): ProxyWorld {
  const groups = new Groups();
  const world: ProxyWorld = proxyWorld((real, w) => {
    const base = tracking(groups, real);
    return {
      ...base,
      closesocket: (s) => {
        const others = [...groups.of(`${real.pid}:${s}`).members].filter(
          (k) => k !== `${real.pid}:${s}`,
        );
        const ret = base.closesocket?.(s) ?? SOCKET_ERROR;
        if (ret !== 0) return ret;
        for (const other of others) {
          const [pid, handle] = other.split(":").map(Number) as [number, number];
          w.processByPid(pid)?.main.closesocket(handle);
          groups.forget(other);
        }
        return ret;
      },
    };
  });
  return world;
}
