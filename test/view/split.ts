/**
 * The setup lesson 4 is about, for the view and diff tests: A and B each hold a descriptor for one
 * connection (socket #3; the client's end is socket #2), each has an event, and A has registered
 * FD_READ through its descriptor.
 */
import { FD_READ, type Simulation, type WinsockThread } from "../../src/index.js";
import { duplicate, pair, world } from "../net/helpers.js";

export interface Split {
  readonly sim: Simulation;
  readonly a: WinsockThread;
  readonly b: WinsockThread;
  readonly client: WinsockThread;
  /** A's and B's descriptors of the accepted socket, and the client's end. */
  readonly conn: number;
  readonly connB: number;
  readonly peer: number;
  readonly evA: number;
  readonly evB: number;
}

export function splitRegistration(): Split {
  const { sim, t } = world("A", "B", "client");
  const { A: a, B: b, client } = t as Record<"A" | "B" | "client", WinsockThread>;
  const { server: conn, client: peer } = pair(client, a);
  const connB = duplicate(a, conn, b);
  const evA = a.WSACreateEvent() as number;
  const evB = b.WSACreateEvent() as number;
  a.WSAEventSelect(conn, evA, FD_READ);
  return { sim, a, b, client, conn, connB, peer, evA, evB };
}
