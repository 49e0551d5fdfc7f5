/**
 * States for the renderer tests, each built through the simulator's facade (so the pictures show
 * states Winsock can really reach). Every call's result is checked: a golden file made from a
 * setup that silently failed would pin a wrong picture.
 */
import {
  AF_INET,
  BLOCKED,
  FD_CLOSE,
  FD_CONNECT,
  FD_READ,
  FD_WRITE,
  FIONBIO,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  int32,
  intRef,
  linger,
  SD_SEND,
  Simulation,
  SO_KEEPALIVE,
  SO_LINGER,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  type StateView,
  sockaddr,
  type WinsockThread,
  WSA_FLAG_OVERLAPPED,
  WSA_IO_PENDING,
  WSABUF,
  WSADATA,
  WSAOVERLAPPED,
} from "../../src/index.js";

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`scenario setup failed: ${what}`);
}

function ok(result: number | typeof BLOCKED, what: string): number {
  check(result !== SOCKET_ERROR && result !== INVALID_SOCKET && result !== BLOCKED, what);
  return result as number;
}

function started(sim: Simulation, name: string): WinsockThread {
  const t = sim.createProcess(name).main;
  check(t.WSAStartup(0x0202, new WSADATA()) === 0, `WSAStartup in ${JSON.stringify(name)}`);
  return t;
}

/** WSADuplicateSocketW from `from` into `to`'s process; returns the WSAPROTOCOL_INFOW bytes. */
function duplicate(from: WinsockThread, s: number, to: WinsockThread): Uint8Array {
  const info = new Uint8Array(628);
  ok(from.WSADuplicateSocketW(s, to.pid, info), "WSADuplicateSocketW");
  return info;
}

function claim(t: WinsockThread, info: Uint8Array): number {
  const fpi = FROM_PROTOCOL_INFO;
  return ok(t.WSASocketW(fpi, fpi, fpi, info, 0, WSA_FLAG_OVERLAPPED), "WSASocketW");
}

/** Three started processes, "server", "worker" and "client"; the server listens on port 5000. */
function serverWorkerClient() {
  const sim = new Simulation();
  const server = started(sim, "server");
  const worker = started(sim, "worker");
  const client = started(sim, "client");
  const listener = ok(server.socket(AF_INET, SOCK_STREAM, 0), "listener");
  ok(server.bind(listener, sockaddr("127.0.0.1:5000"), 16), "bind");
  ok(server.listen(listener, 5), "listen");
  return { sim, server, worker, client, listener };
}

/**
 * Most of what a picture can show at once: a listener with a connection waiting for accept, an
 * accepted connection with unread bytes shared with the worker through a claimed duplicate, a
 * pending duplication the worker has not claimed, a window with a message, a thread blocked in
 * recv and one waiting on an event with a timeout, a half-closed connection with linger set, a
 * refused non-blocking connect, and a datagram socket with a datagram waiting. Virtual time moves
 * on, so the clock is not zero and the refusal has arrived.
 */
export function networkTour(): StateView {
  const { sim, server, worker, client, listener } = serverWorkerClient();
  const first = ok(client.socket(AF_INET, SOCK_STREAM, 0), "first client socket");
  ok(client.connect(first, sockaddr("127.0.0.1:5000"), 16), "first connect");
  const second = ok(client.socket(AF_INET, SOCK_STREAM, 0), "second client socket");
  ok(client.connect(second, sockaddr("127.0.0.1:5000"), 16), "second connect");
  const accepted = ok(server.accept(listener), "accept");

  // The accepted connection goes to the worker, which claims it; the server keeps its descriptor.
  const claimed = claim(worker, duplicate(server, accepted, worker));
  ok(client.send(first, new TextEncoder().encode("hello"), 5, 0), "send");
  const event = ok(worker.WSACreateEvent(), "WSACreateEvent");
  ok(worker.WSAEventSelect(claimed, event, FD_READ | FD_CLOSE), "WSAEventSelect");
  ok(server.setsockopt(accepted, SOL_SOCKET, SO_KEEPALIVE, int32(1), 4), "SO_KEEPALIVE");
  // The listener is offered to the worker too, which has not called WSASocket yet.
  duplicate(server, listener, worker);

  // The client watches its second connection through a window, then half-closes it with linger.
  const hwnd = client.CreateWindow();
  ok(client.WSAAsyncSelect(second, hwnd, 0x401, FD_WRITE | FD_CLOSE), "WSAAsyncSelect");
  ok(client.setsockopt(second, SOL_SOCKET, SO_LINGER, linger(1, 10), 4), "SO_LINGER");
  ok(client.shutdown(second, SD_SEND), "shutdown");

  // A second client thread waits in recv on the first connection, where nothing was sent.
  const reader = sim.process("client").createThread();
  check(reader.recv(first, new Uint8Array(16), 16, 0) === BLOCKED, "recv blocks");

  // A non-blocking connect to a port nobody listens on is refused.
  const refused = ok(client.socket(AF_INET, SOCK_STREAM, 0), "refused socket");
  ok(client.ioctlsocket(refused, FIONBIO, intRef(1)), "FIONBIO");
  const event2 = ok(client.WSACreateEvent(), "second WSACreateEvent");
  ok(client.WSAEventSelect(refused, event2, FD_CONNECT), "WSAEventSelect FD_CONNECT");
  check(client.connect(refused, sockaddr("127.0.0.1:5999"), 16) === SOCKET_ERROR, "connect");

  const udp = ok(worker.socket(AF_INET, SOCK_DGRAM, 0), "datagram socket");
  ok(worker.bind(udp, sockaddr("127.0.0.1:6000"), 16), "datagram bind");
  const sender = ok(client.socket(AF_INET, SOCK_DGRAM, 0), "datagram sender");
  const ping = new TextEncoder().encode("ping");
  ok(client.sendto(sender, ping, 4, 0, sockaddr("127.0.0.1:6000"), 16), "sendto");
  // A second worker thread waits up to 5 s on an event nothing signals: a wait on no one socket.
  const idle = ok(worker.WSACreateEvent(), "idle event");
  const waiter = sim.process("worker").createThread();
  check(waiter.WSAWaitForMultipleEvents(1, [idle], false, 5000, false) === BLOCKED, "wait blocks");

  // The refusal takes two seconds of virtual time (rule NET-CONNECT-REFUSED).
  client.Sleep(2500);
  // The main thread's last call fails, so its last error shows.
  check(client.recv(second, new Uint8Array(16), 16, 0) === SOCKET_ERROR, "recv would block");
  return sim.view();
}

/**
 * Process names chosen to break each output: quotes, HTML, a newline, Mermaid and DOT syntax,
 * entity look-alikes, a terminal escape, a right-to-left override, wide characters, a backslash
 * escape look-alike, and no name at all. The first process shares its socket with every other:
 * claimed by all but the last, which leaves a pending duplication; it registers an event, and
 * one process has a window with a message, so every kind of label carries a hostile name.
 */
export const HOSTILE_NAMES = [
  'say "hi"',
  "<script>alert(1)</script>",
  "two\nlines",
  ']} end --> x["',
  "#35;&amp; |pipe| `tick`",
  "\x1b[31mred\x1b[0m",
  "\u202Eevil",
  "進程",
  "back\\nslash",
] as const;

export function hostileNames(): StateView {
  const sim = new Simulation();
  const threads = HOSTILE_NAMES.map((name) => started(sim, name));
  // A process the facade names "process-<pid>" keeps an empty name in the kernel.
  const unnamed = sim.createProcess().main;
  check(unnamed.WSAStartup(0x0202, new WSADATA()) === 0, "WSAStartup in the unnamed process");
  const [first, ...others] = threads as [WinsockThread, ...WinsockThread[]];
  const s = ok(first.socket(AF_INET, SOCK_STREAM, 0), "socket");
  others.forEach((t, i) => {
    const info = duplicate(first, s, t);
    if (i < others.length - 1) claim(t, info);
  });
  claim(unnamed, duplicate(first, s, unnamed));
  const event = ok(first.WSACreateEvent(), "WSACreateEvent");
  ok(first.WSAEventSelect(s, event, FD_READ), "WSAEventSelect");
  const owner = threads[1] as WinsockThread;
  const mine = ok(owner.socket(AF_INET, SOCK_STREAM, 0), "window owner's socket");
  ok(owner.WSAAsyncSelect(mine, owner.CreateWindow(), 0x400, FD_WRITE), "WSAAsyncSelect");
  return sim.view();
}

/** An overlapped WSARecv of up to 16 bytes that must stay pending (WSA_IO_PENDING). */
function pendingRecv(t: WinsockThread, s: number, overlapped: WSAOVERLAPPED, what: string): void {
  const buffers = [new WSABUF(16, new Uint8Array(16))];
  const ret = t.WSARecv(s, buffers, 1, null, intRef(0), overlapped);
  check(ret === SOCKET_ERROR && t.WSAGetLastError() === WSA_IO_PENDING, `${what} pending`);
}

/**
 * Overlapped operations: a connection the server shares with a worker, where the worker has a
 * receive that completed (its result in the OVERLAPPED) and a second one still pending on the
 * socket, issued by a second thread with an event; and a second connection whose receive the
 * server's last close cancelled.
 */
export function overlappedTour(): StateView {
  const { sim, server, worker, client, listener } = serverWorkerClient();
  const connect = (): [number, number] => {
    const c = ok(client.socket(AF_INET, SOCK_STREAM, 0), "client socket");
    ok(client.connect(c, sockaddr("127.0.0.1:5000"), 16), "connect");
    return [c, ok(server.accept(listener), "accept")];
  };
  const [first, accepted] = connect();
  const shared = claim(worker, duplicate(server, accepted, worker));

  const done = new WSAOVERLAPPED();
  pendingRecv(worker, shared, done, "the worker's first receive");
  ok(client.send(first, new TextEncoder().encode("hello"), 5, 0), "send");
  check(done.InternalHigh === 5, "the first receive completed with 5 bytes");
  const event = ok(worker.WSACreateEvent(), "WSACreateEvent");
  const waiting = new WSAOVERLAPPED();
  waiting.hEvent = event;
  pendingRecv(sim.process("worker").createThread(), shared, waiting, "the second receive");

  const [, second] = connect();
  const cancelled = new WSAOVERLAPPED();
  pendingRecv(server, second, cancelled, "the server's receive");
  ok(server.closesocket(second), "closesocket");
  return sim.view();
}

/** The state of a simulation nothing has happened in. */
export function emptyState(): StateView {
  return new Simulation().view();
}
