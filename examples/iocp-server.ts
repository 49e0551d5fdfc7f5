/**
 * An I/O completion port server in the shape Windows servers use: a dispatcher process accepts
 * with AcceptEx on a listener associated with its completion port, and hands each connection
 * to one of two worker processes, which read it with overlapped WSARecv on their own ports.
 * Run it with `npm run example:iocp`.
 *
 * The dispatcher keeps one AcceptEx pending per expected client, each with an accept socket it
 * made beforehand (rules ACCEPTEX-PENDING, ACCEPTEX-ACCEPT). A completed AcceptEx arrives as a
 * packet on the dispatcher's port with the listener's key: the accept socket is now the
 * connection. The dispatcher sets SO_UPDATE_ACCEPT_CONTEXT so the socket knows its names
 * (ACCEPTEX-CONTEXT), duplicates it into the next worker (WSADuplicateSocket) and closes its
 * own descriptor: the duplication holds the socket until the worker claims it. The worker
 * associates its descriptor with its own port, issues a WSARecv, takes the packet, answers and
 * closes the last descriptor, which ends the connection gracefully.
 */
import { fileURLToPath } from "node:url";
import {
  AF_INET,
  FROM_PROTOCOL_INFO,
  intRef,
  overlappedRef,
  Simulation,
  SO_UPDATE_ACCEPT_CONTEXT,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  type WinsockThread,
  WSA_FLAG_OVERLAPPED,
  WSABUF,
  WSADATA,
  WSAOVERLAPPED,
} from "../src/index.js";

const text = new TextEncoder();
const decode = (bytes: Uint8Array, n: number) => new TextDecoder().decode(bytes.subarray(0, n));

/** The completion key the dispatcher gives its listener, and each worker its connections. */
const LISTENER_KEY = 1;
const CONNECTION_KEY = 2;
/** The AcceptEx buffer: no data, two address slots of sizeof(SOCKADDR_IN) + 16. */
const SLOT = 32;
const INFINITE = 0xffffffff;

export interface IocpServerResult {
  readonly sim: Simulation;
  /** What each client read back, in client order. */
  readonly answers: string[];
  /** What the dispatcher's port handed out, in order: "key bytes". */
  readonly dispatcherPackets: string[];
}

/** A SOCKET as SO_UPDATE_ACCEPT_CONTEXT takes it: sizeof(SOCKET) bytes, little-endian. */
function socketValue(s: number): Uint8Array {
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, BigInt(s), true);
  return value;
}

/** One dequeue, waiting as long as it takes: [key, bytes, the OVERLAPPED]. */
function dequeue(t: WinsockThread, port: number): [number, number, WSAOVERLAPPED | null] {
  const bytes = intRef(0);
  const key = intRef(0);
  const done = overlappedRef();
  t.GetQueuedCompletionStatus(port, bytes, key, done, INFINITE);
  return [key.value, bytes.value, done.value];
}

export function iocpServer(clientCount = 4): IocpServerResult {
  const sim = new Simulation({ record: true });
  const dispatcher = sim.createProcess("dispatcher").main;
  const workers = [sim.createProcess("worker-1").main, sim.createProcess("worker-2").main];
  const clients = sim.createProcess("clients").main;
  for (const t of [dispatcher, ...workers, clients]) t.WSAStartup(0x0202, new WSADATA());

  // The dispatcher listens, and its listener's completions go to its port.
  const listener = dispatcher.socket(AF_INET, SOCK_STREAM, 0);
  dispatcher.bind(listener, sockaddr("127.0.0.1:0"), 16);
  dispatcher.listen(listener, 5);
  const address = new Uint8Array(16);
  dispatcher.getsockname(listener, address, intRef(16));
  const dispatcherPort = dispatcher.CreateIoCompletionPort(listener, 0, LISTENER_KEY, 0);
  const workerPorts = workers.map((w) => w.CreateIoCompletionPort(-1, 0, 0, 0));

  // One AcceptEx pending per expected client, each into its own accept socket.
  const pending = new Map<WSAOVERLAPPED, number>();
  for (let i = 0; i < clientCount; i++) {
    const acceptSocket = dispatcher.socket(AF_INET, SOCK_STREAM, 0);
    const ov = new WSAOVERLAPPED();
    const buffer = new Uint8Array(2 * SLOT);
    dispatcher.AcceptEx(listener, acceptSocket, buffer, 0, SLOT, SLOT, null, ov);
    pending.set(ov, acceptSocket);
  }

  // The clients connect and send their requests; each connection completes one AcceptEx.
  const sockets = Array.from({ length: clientCount }, (_, i) => {
    const client = clients.socket(AF_INET, SOCK_STREAM, 0);
    clients.connect(client, address, 16);
    clients.send(client, text.encode(`request ${i}`), `request ${i}`.length, 0);
    return client;
  });

  const dispatcherPackets: string[] = [];
  for (let i = 0; i < clientCount; i++) {
    // The dispatcher takes a completed AcceptEx from its port and hands the connection over.
    const [key, bytes, ov] = dequeue(dispatcher, dispatcherPort);
    dispatcherPackets.push(`${key} ${bytes}`);
    const connection = pending.get(ov as WSAOVERLAPPED) as number;
    dispatcher.setsockopt(
      connection,
      SOL_SOCKET,
      SO_UPDATE_ACCEPT_CONTEXT,
      socketValue(listener),
      8,
    );
    const k = i % workers.length;
    const worker = workers[k] as WinsockThread;
    const info = new Uint8Array(628);
    dispatcher.WSADuplicateSocketW(connection, worker.pid, info);
    dispatcher.closesocket(connection);

    // The worker claims it, reads the request through its own port, answers and closes.
    const fpi = FROM_PROTOCOL_INFO;
    const mine = worker.WSASocketW(fpi, fpi, fpi, info, 0, WSA_FLAG_OVERLAPPED);
    const port = workerPorts[k] as number;
    worker.CreateIoCompletionPort(mine, port, CONNECTION_KEY, 0);
    const request = new Uint8Array(64);
    const recvOv = new WSAOVERLAPPED();
    worker.WSARecv(mine, [new WSABUF(64, request)], 1, null, intRef(0), recvOv);
    const [, got] = dequeue(worker, port);
    const answer = `${worker.process.name} served "${decode(request, got)}"`;
    worker.send(mine, text.encode(answer), answer.length, 0);
    worker.closesocket(mine);
  }

  // Each client reads its answer, then end of stream.
  const answers = sockets.map((client) => {
    const reply = new Uint8Array(128);
    const n = clients.recv(client, reply, 128, 0) as number;
    clients.recv(client, reply, 128, 0);
    clients.closesocket(client);
    return decode(reply, n);
  });
  return { sim, answers, dispatcherPackets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sim, answers, dispatcherPackets } = iocpServer();
  for (const packet of dispatcherPackets)
    console.log(`dispatcher's port: key ${packet.replace(" ", ", bytes ")}`);
  for (const answer of answers) console.log(`client read: ${answer}`);
  console.log(`sockets alive at the end: ${sim.state.sockets.size} (the listener)`);
}
