/**
 * The seeds' case: process A wants FD_READ and process B wants FD_WRITE on the same connection.
 * It cannot work, and here is why, and what to do instead. Run it with `npm run example:split`.
 *
 * Part 1, two processes. A and B each hold a descriptor for one socket. A registers FD_READ,
 * then B registers FD_WRITE. There is one registration per socket (rule EVT-ONE-REGISTRATION),
 * so B's replaced A's: when data arrives A's event is never signalled, and the FD_READ that
 * happened sits in the socket's record, where only a registration that selects it would see it.
 *
 * Part 2, two threads of one process. One registration selects FD_READ | FD_WRITE. A reader
 * thread waits on the event and reads what WSAEnumNetworkEvents reports; a writer thread of the
 * same process sends through the same descriptor (threads share descriptors, rule THREAD-SHARE).
 * Every event reaches the one registration, and the reader sees both.
 */
import { fileURLToPath } from "node:url";
import {
  AF_INET,
  FD_READ,
  FD_WRITE,
  FROM_PROTOCOL_INFO,
  formatRecord,
  intRef,
  Simulation,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSA_FLAG_OVERLAPPED,
  WSA_WAIT_EVENT_0,
  WSA_WAIT_TIMEOUT,
  WSADATA,
  WSANETWORKEVENTS,
} from "../src/index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A listener in `server` and a connection to it from `client`: [server end, client end]. */
function connect(server: WinsockThread, client: WinsockThread): [number, number] {
  const listener = server.socket(AF_INET, SOCK_STREAM, 0);
  server.bind(listener, sockaddr("127.0.0.1:0"), 16);
  server.listen(listener, 1);
  const address = new Uint8Array(16);
  server.getsockname(listener, address, intRef(16));
  const peer = client.socket(AF_INET, SOCK_STREAM, 0);
  client.connect(peer, address, 16);
  return [server.accept(listener) as number, peer];
}

export interface SplitResult {
  readonly sim: Simulation;
  /** What A's wait returned after the data arrived: WSA_WAIT_TIMEOUT. */
  readonly aWait: number;
  /** What B's enumeration reported: FD_WRITE only. */
  readonly bEvents: number;
  /** The FD_READ is recorded, unseen: re-registering with FD_READ through A shows it. */
  readonly laterRead: number;
}

export function twoProcesses(): SplitResult {
  const sim = new Simulation({ record: true });
  const a = sim.createProcess("A").main;
  const b = sim.createProcess("B").main;
  const c = sim.createProcess("client").main;
  for (const t of [a, b, c]) t.WSAStartup(0x0202, new WSADATA());
  const [connA, peer] = connect(a, c);
  const info = new Uint8Array(628);
  a.WSADuplicateSocketW(connA, b.pid, info);
  const fpi = FROM_PROTOCOL_INFO;
  const connB = b.WSASocketW(fpi, fpi, fpi, info, 0, WSA_FLAG_OVERLAPPED);

  const evA = a.WSACreateEvent();
  const evB = b.WSACreateEvent();
  a.WSAEventSelect(connA, evA, FD_READ);
  b.WSAEventSelect(connB, evB, FD_WRITE); // replaces A's registration
  c.send(peer, bytes("ping"), 4, 0);

  const aWait = a.WSAWaitForMultipleEvents(1, [evA], false, 0, false) as number;
  const seen = new WSANETWORKEVENTS();
  b.WSAEnumNetworkEvents(connB, evB, seen);
  // A registers again; the record still holds the FD_READ, which is delivered now.
  a.WSAEventSelect(connA, evA, FD_READ);
  const later = new WSANETWORKEVENTS();
  a.WSAEnumNetworkEvents(connA, evA, later);
  return { sim, aWait, bEvents: seen.lNetworkEvents, laterRead: later.lNetworkEvents };
}

export interface ThreadsResult {
  readonly sim: Simulation;
  /** Every lNetworkEvents the reader thread enumerated, in order. */
  readonly events: number[];
  /** What the reader read. */
  readonly received: string;
}

export function twoThreads(): ThreadsResult {
  const sim = new Simulation({ record: true });
  const server = sim.createProcess("server");
  const reader = server.main;
  const writer = server.createThread();
  const c = sim.createProcess("client").main;
  reader.WSAStartup(0x0202, new WSADATA());
  c.WSAStartup(0x0202, new WSADATA());
  const [conn, peer] = connect(reader, c);

  const ev = reader.WSACreateEvent();
  reader.WSAEventSelect(conn, ev, FD_READ | FD_WRITE);
  const events: number[] = [];
  let received = "";
  const drain = () => {
    // The reader's loop: wait, enumerate (which resets the event), act on what was reported.
    while (reader.WSAWaitForMultipleEvents(1, [ev], false, 0, false) === WSA_WAIT_EVENT_0) {
      const ne = new WSANETWORKEVENTS();
      reader.WSAEnumNetworkEvents(conn, ev, ne);
      events.push(ne.lNetworkEvents);
      if ((ne.lNetworkEvents & FD_READ) !== 0) {
        const buf = new Uint8Array(64);
        const n = reader.recv(conn, buf, 64, 0) as number;
        received += new TextDecoder().decode(buf.subarray(0, n));
      }
    }
  };
  drain(); // FD_WRITE: the connection is writable
  writer.send(conn, bytes("hello from the writer thread"), 28, 0);
  c.send(peer, bytes("ping"), 4, 0);
  drain(); // FD_READ
  return { sim, events, received };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const split = twoProcesses();
  for (const record of split.sim.steps) console.log(formatRecord(record));
  console.log(
    `\nA's wait: ${split.aWait === WSA_WAIT_TIMEOUT ? "WSA_WAIT_TIMEOUT" : split.aWait}; ` +
      `B enumerated ${split.bEvents === FD_WRITE ? "FD_WRITE" : split.bEvents} only; ` +
      `A re-registering finds ${split.laterRead === FD_READ ? "FD_READ" : split.laterRead} in the record.\n`,
  );
  const threads = twoThreads();
  for (const record of threads.sim.steps) console.log(formatRecord(record));
  console.log(
    `\nthe reader thread enumerated ${threads.events.join(", ")} and read "${threads.received}"`,
  );
}
