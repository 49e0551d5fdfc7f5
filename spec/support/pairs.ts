/**
 * Connected TCP pairs for the properties: a listener on an ephemeral loopback port, a client
 * connected to it and the accepted server end, all in one thread's process.
 */
import { expect } from "vitest";
import { AF_INET, intRef, SOCK_STREAM, sockaddr, type WinsockThread } from "../../src/index.js";
import { setup } from "./budget.js";

/** The port a socket is bound to (getsockname). */
export function port(t: WinsockThread, s: number): number {
  const name = new Uint8Array(16);
  expect(t.getsockname(s, name, intRef(16))).toBe(0);
  return new DataView(name.buffer).getUint16(2, false);
}

/**
 * A listener `l` at `addr`, and a connection to it: `client` and the accepted `server`. Setup:
 * its calls are not counted.
 */
export function tcpPair(t: WinsockThread, backlog = 5) {
  return setup(() => {
    const l = t.socket(AF_INET, SOCK_STREAM, 0);
    t.bind(l, sockaddr("127.0.0.1:0"), 16);
    t.listen(l, backlog);
    const addr = sockaddr(`127.0.0.1:${port(t, l)}`);
    const client = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.connect(client, addr, 16)).toBe(0);
    const server = t.accept(l, null, null) as number;
    return { l, addr, client, server };
  });
}
