/**
 * SO_REUSEADDR and SO_EXCLUSIVEADDRUSE exclude each other on one socket: turning one on while the
 * other is on fails with WSAEINVAL, in either order; turning either off always works
 * (test_reuseaddr, research 4f; test_ipv6only's comment "not possible in either order, the later
 * setsockopt call always fails").
 */
import type { Draft } from "immer";
import { WSA_ERRORS } from "../../constants/errors.js";
import type { SocketRecord } from "../state.js";
import { fail } from "../transaction.js";

export const REUSEADDR_KEY = "SO_REUSEADDR";
export const EXCLUSIVEADDRUSE_KEY = "SO_EXCLUSIVEADDRUSE";

function storeExclusive(key: string, other: string) {
  return (socket: Draft<SocketRecord>, value: number): void => {
    if (value !== 0 && (socket.options[other] ?? 0) !== 0) {
      fail(WSA_ERRORS.WSAEINVAL, "OPT-REUSE-EXCLUSIVE");
    }
    socket.options[key] = value;
  };
}

export const storeReuseAddr = storeExclusive(REUSEADDR_KEY, EXCLUSIVEADDRUSE_KEY);
export const storeExclusiveAddrUse = storeExclusive(EXCLUSIVEADDRUSE_KEY, REUSEADDR_KEY);
