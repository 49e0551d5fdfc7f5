/**
 * Option answers that depend on the socket's network state, through the facade: IPV6_V6ONLY on
 * an AF_INET socket can be set only until the socket is bound (rule OPT-V6ONLY-BOUND-IPV4,
 * Wine's test_ipv6only run on Windows).
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  INVALID_SOCKET,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  int32,
  intRef,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../src/index.js";
import { listener } from "../net/helpers.js";
import { started } from "./helpers.js";

/** getsockopt(IPV6_V6ONLY): the one byte Windows writes. */
function v6only(t: WinsockThread, s: number): number {
  const value = new Uint8Array(4);
  expect(t.getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, value, intRef(4))).toBe(0);
  return value[0] as number;
}

const setV6only = (t: WinsockThread, s: number, on: number) =>
  t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, int32(on), 4);

describe("setsockopt(IPV6_V6ONLY) on an AF_INET socket", () => {
  it("works while unbound and fails with WSAEINVAL after bind, for 0 and 1; getsockopt still works", () => {
    const { sim, threads } = started("A");
    const t = threads[0]!;
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(v6only(t, s)).toBe(1);
    expect(setV6only(t, s, 0)).toBe(0);
    expect(v6only(t, s)).toBe(0);
    expect(setV6only(t, s, 1)).toBe(0);
    expect(t.bind(s, sockaddr("0.0.0.0:0"), 16)).toBe(0);
    expect(v6only(t, s)).toBe(1);
    for (const value of [0, 1]) {
      const before = sim.state;
      expect(setV6only(t, s, value)).toBe(SOCKET_ERROR);
      expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEINVAL);
      expect(sim.state.sockets).toBe(before.sockets);
    }
    expect(v6only(t, s)).toBe(1);
  });

  it("fails once connect or sendto bound the socket implicitly, and on a listener", () => {
    const { threads } = started("A");
    const t = threads[0]!;
    const l = listener(t);
    const client = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.connect(client, l.addr, 16)).toBe(0);
    const datagram = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.sendto(datagram, new Uint8Array(1), 1, 0, sockaddr("127.0.0.1:9"), 16)).toBe(1);
    for (const s of [l.s, client, datagram]) {
      expect(setV6only(t, s, 0)).toBe(SOCKET_ERROR);
      expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEINVAL);
      expect(v6only(t, s)).toBe(1);
    }
  });

  it("keeps the length checks first: optlen 0 is WSAEFAULT on a bound socket too", () => {
    const { threads } = started("A");
    const t = threads[0]!;
    const s = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(s).not.toBe(INVALID_SOCKET);
    expect(t.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, int32(0), 0)).toBe(SOCKET_ERROR);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAEFAULT);
  });
});
