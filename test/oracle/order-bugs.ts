/**
 * Deliberately broken implementations whose bug shows only in some orders of concurrent
 * threads, for comparing every schedule (schedules.test.ts). Each is the simulator's facade
 * behind a proxy (worlds.ts) with one realistic mistake.
 */
import {
  BLOCKED,
  INVALID_SOCKET,
  SOCKET_ERROR,
  type WinsockThread,
  WSAECONNABORTED,
  WSAECONNRESET,
  WSAEINPROGRESS,
  WSAEINTR,
} from "../../src/index.js";
import { type ProxyWorld, proxyWorld } from "./worlds.js";

/**
 * Bug: a recv interrupted by closesocket on another thread reports WSAECONNABORTED, the error
 * of a connection the stack dropped, where Windows says WSAEINTR. Only a recv that was already
 * blocked when the socket was closed finishes that way, so only those orders show it.
 */
export function interruptedAsAborted(): ProxyWorld {
  return proxyWorld((real) => ({
    await: () => {
      const ret = real.await();
      if (ret === SOCKET_ERROR && real.WSAGetLastError() === WSAEINTR)
        real.WSASetLastError(WSAECONNABORTED);
      return ret;
    },
  }));
}

/**
 * Bug: the implementation allows one blocking call per process, as Winsock 1.1 did per thread,
 * so an accept while another thread of the process is blocked in accept fails at once with
 * WSAEINPROGRESS. Windows lets both threads wait.
 */
export function oneBlockingAcceptPerProcess(): ProxyWorld {
  // The threads (of any process) blocked in accept in this World, by their real thread.
  const blocked = new Set<WinsockThread>();
  return proxyWorld((real) => ({
    accept: (s, addr, addrlen) => {
      const busy = [...blocked].some((other) => other !== real && other.pid === real.pid);
      if (busy) {
        real.WSASetLastError(WSAEINPROGRESS);
        return INVALID_SOCKET;
      }
      const ret = real.accept(s, addr, addrlen);
      if (ret === BLOCKED) blocked.add(real);
      return ret;
    },
    await: () => {
      const ret = real.await();
      if (ret !== BLOCKED) blocked.delete(real);
      return ret;
    },
  }));
}

/**
 * Bug: closesocket with data still unread ends the connection gracefully, so the peer's recv
 * returns 0, where Windows resets it (the peer's recv fails with WSAECONNRESET). Only the order
 * in which the data arrives and the socket is closed before anyone reads it shows this.
 */
export function resetAsGracefulClose(): ProxyWorld {
  return proxyWorld((real) => ({
    recv: (s, buf, len, flags) => {
      const ret = real.recv(s, buf, len, flags);
      if (ret !== SOCKET_ERROR || real.WSAGetLastError() !== WSAECONNRESET) return ret;
      real.WSASetLastError(0);
      return 0;
    },
  }));
}
