/**
 * Connected TCP pairs for the properties: a listener on an ephemeral loopback port, a client
 * connected to it and the accepted server end, in one thread's process (tcpPair) or across two
 * processes of a new simulation (connected).
 */
import { expect } from "vitest";
import {
  AF_INET,
  FIONBIO,
  intRef,
  Simulation,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSADATA,
} from "../../src/index.js";
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

export interface ProcessPair {
  readonly sim: Simulation;
  readonly sender: WinsockThread;
  readonly receiver: WinsockThread;
  readonly client: number;
  readonly server: number;
}

/** A connected pair: client in process A, server accepted in process B (non-blocking). */
export function connected(extra: string[] = []): ProcessPair & { others: WinsockThread[] } {
  return setup(() => {
    const sim = new Simulation();
    const [sender, receiver, ...others] = ["A", "B", ...extra].map((name) => {
      const thread = sim.createProcess(name).main;
      thread.WSAStartup(0x0202, new WSADATA());
      return thread;
    }) as [WinsockThread, WinsockThread, ...WinsockThread[]];
    const l = receiver.socket(AF_INET, SOCK_STREAM, 0);
    receiver.bind(l, sockaddr("127.0.0.1:0"), 16);
    receiver.listen(l, 5);
    const name = new Uint8Array(16);
    receiver.getsockname(l, name, intRef(16));
    const client = sender.socket(AF_INET, SOCK_STREAM, 0);
    sender.connect(client, name, 16);
    const server = receiver.accept(l, null, null) as number;
    receiver.closesocket(l);
    receiver.ioctlsocket(server, FIONBIO, intRef(1));
    return { sim, sender, receiver, client, server, others };
  });
}
