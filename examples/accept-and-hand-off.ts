/**
 * The classic use of shared sockets: one process accepts connections and hands each one to a
 * worker process with WSADuplicateSocket. Run it with `npm run example:handoff`.
 *
 * A "dispatcher" process listens. For each client it accepts a connection, duplicates it into
 * the next worker, sends the WSAPROTOCOL_INFO bytes over (here: hands over the array; a real
 * program would use a pipe), and closes its own descriptor. The close is not the last one, so
 * the client notices nothing (rule LIFE-SHARED-CLOSE). The worker claims the socket with
 * WSASocket, reads the request, answers, and closes: that last close ends the connection
 * gracefully, and the client reads the answer and then end of stream (rules NET-GRACEFUL,
 * NET-FIN).
 */
import { fileURLToPath } from "node:url";
import {
  AF_INET,
  FROM_PROTOCOL_INFO,
  formatRecord,
  intRef,
  Simulation,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSA_FLAG_OVERLAPPED,
  WSADATA,
} from "../src/index.js";

const text = new TextEncoder();
const decode = (bytes: Uint8Array, n: number) => new TextDecoder().decode(bytes.subarray(0, n));

export interface HandOffResult {
  readonly sim: Simulation;
  /** What each client read back: the worker's answer. */
  readonly answers: string[];
}

export function handOff(clientCount = 3): HandOffResult {
  const sim = new Simulation({ record: true });
  const dispatcher = sim.createProcess("dispatcher").main;
  const workers = [sim.createProcess("worker-1").main, sim.createProcess("worker-2").main];
  const clients = sim.createProcess("clients").main;
  for (const t of [dispatcher, ...workers, clients]) t.WSAStartup(0x0202, new WSADATA());

  // The dispatcher listens on an ephemeral loopback port and learns which one it got.
  const listener = dispatcher.socket(AF_INET, SOCK_STREAM, 0);
  dispatcher.bind(listener, sockaddr("127.0.0.1:0"), 16);
  dispatcher.listen(listener, 5);
  const address = new Uint8Array(16);
  dispatcher.getsockname(listener, address, intRef(16));

  const answers: string[] = [];
  for (let i = 0; i < clientCount; i++) {
    // A client connects and sends its request.
    const client = clients.socket(AF_INET, SOCK_STREAM, 0);
    clients.connect(client, address, 16);
    clients.send(client, text.encode(`request ${i}`), `request ${i}`.length, 0);

    // The dispatcher accepts and hands the connection to a worker.
    const worker = workers[i % workers.length] as WinsockThread;
    const accepted = dispatcher.accept(listener) as number;
    const info = new Uint8Array(628);
    dispatcher.WSADuplicateSocketW(accepted, worker.pid, info);
    dispatcher.closesocket(accepted);

    // The worker claims it, serves the request and closes the last descriptor.
    const fpi = FROM_PROTOCOL_INFO;
    const mine = worker.WSASocketW(fpi, fpi, fpi, info, 0, WSA_FLAG_OVERLAPPED);
    const request = new Uint8Array(64);
    const n = worker.recv(mine, request, 64, 0) as number;
    const answer = `${worker.process.name} served "${decode(request, n)}"`;
    worker.send(mine, text.encode(answer), answer.length, 0);
    worker.closesocket(mine);

    // The client reads the answer, then end of stream.
    const reply = new Uint8Array(128);
    const got = clients.recv(client, reply, 128, 0) as number;
    answers.push(decode(reply, got));
    clients.recv(client, reply, 128, 0);
    clients.closesocket(client);
  }
  return { sim, answers };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sim, answers } = handOff();
  for (const record of sim.steps) console.log(formatRecord(record));
  console.log("");
  for (const answer of answers) console.log(`client read: ${answer}`);
  console.log(`sockets alive at the end: ${sim.state.sockets.size} (the listener)`);
}
