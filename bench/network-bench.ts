/**
 * Network benchmark: the loopback network of the kernel under load. Results and the machine go
 * to docs/performance.md.
 *
 *   node --expose-gc --import tsx bench/network-bench.ts
 *   node --expose-gc --import tsx bench/network-bench.ts --rounds 5 --sizes 10,1000   (quicker)
 *
 * It measures, in one run:
 *   1. throughput: bytes per second through one stream connection for several message sizes,
 *      with both ends in one process, and with one end used through a descriptor that
 *      WSADuplicateSocketW + WSASocketW put into a second process;
 *   2. the cost of one send, one recv and one connection replacement (closesocket both ends,
 *      socket, bind, connect, accept) with 10, 1,000 and 100,000 open connections;
 *   3. the time to open 100,000 connections, and heap bytes per open connection.
 *
 * What is done is deterministic: a seeded PRNG picks every connection, direction and payload
 * byte, so two runs make exactly the same calls. Only how long they take varies. As in
 * kernel-bench.ts, the sizes are populated first and then measured in interleaved rounds (the
 * order rotates each round), and every ratio is taken within a round.
 *
 * No call may block: listeners are non-blocking (accepted sockets inherit it), a client's
 * blocking connect completes at once because a listener with room takes it, and a socket is only
 * read when the bytes it is asked for have arrived. Any BLOCKED or error stops the run.
 *
 * `--profile FILE` writes a V8 CPU profile (the profiler behind node --cpu-prof, started through
 * node:inspector) of the measured rounds only, without population or throughput;
 * `--profile-throughput FILE` does the same for the throughput blocks. `--throughput off` skips
 * the throughput part.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import {
  ADDRESS_FAMILIES,
  type BLOCKED,
  FIONBIO,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  intRef,
  PROTOCOLS,
  Simulation,
  SOCKET_ERROR,
  SOCKET_TYPES,
  sockaddr,
  type WinsockThread,
  WSA_FLAGS,
  WSADATA,
} from "../src/index.js";
import {
  fmt,
  heapUsed,
  listField,
  median,
  numberField,
  Prng,
  quantile,
  readOptions,
} from "./measure.js";

// ---- Settings -------------------------------------------------------------------------------

interface Settings {
  /** Open connections per simulation. */
  sizes: number[];
  /** Processes per simulation; each has one listener. */
  processes: number;
  rounds: number;
  warmupRounds: number;
  /** send + recv pairs per timed block. */
  transferOps: number;
  /** Connection replacements per timed block. */
  churnOps: number;
  /** Bytes per message in the per-call measurement. */
  transferSize: number;
  /** Message sizes of the throughput measurement. */
  messageSizes: number[];
  /**
   * Bytes each throughput block aims to move; a block has between 64 and 2,048 messages, so
   * small messages take about as long as large ones.
   */
  throughputBytes: number;
  throughputRounds: number;
  seed: number;
  /** Write a CPU profile of the measured rounds to this file. */
  profile: string | undefined;
  /** Write a CPU profile of the throughput blocks (after warm-up) to this file. */
  profileThroughput: string | undefined;
  /** Skip the throughput part (for profiling). */
  throughput: boolean;
}

function parseSettings(argv: readonly string[]): Settings {
  const settings: Settings = {
    sizes: [10, 1_000, 100_000],
    processes: 2,
    rounds: 15,
    warmupRounds: 3,
    transferOps: 2_000,
    churnOps: 400,
    transferSize: 64,
    messageSizes: [64, 4 << 10, 64 << 10, 1 << 20],
    throughputBytes: 64 << 20,
    throughputRounds: 7,
    seed: 0xc0ffee,
    profile: undefined,
    profileThroughput: undefined,
    throughput: true,
  };
  readOptions(argv, settings, [
    ["--sizes", listField<Settings>("sizes")],
    ["--processes", numberField<Settings>("processes")],
    ["--rounds", numberField<Settings>("rounds")],
    ["--warmup", numberField<Settings>("warmupRounds")],
    ["--transfer-ops", numberField<Settings>("transferOps")],
    ["--churn-ops", numberField<Settings>("churnOps")],
    ["--message-sizes", listField<Settings>("messageSizes")],
    ["--throughput-bytes", numberField<Settings>("throughputBytes")],
    ["--throughput-rounds", numberField<Settings>("throughputRounds")],
    [
      "--throughput",
      (s, v) => {
        s.throughput = v !== "off";
      },
    ],
    ["--seed", numberField<Settings>("seed")],
    [
      "--profile",
      (s, v) => {
        s.profile = v;
      },
    ],
    [
      "--profile-throughput",
      (s, v) => {
        s.profileThroughput = v;
      },
    ],
  ]);
  if (settings.processes < 2) throw new Error("--processes must be at least 2 (duplication)");
  if (Math.max(...settings.sizes) > MAX_CONNECTIONS) {
    throw new Error(`at most ${MAX_CONNECTIONS} connections (client addresses run out)`);
  }
  return settings;
}

// ---- Deterministic randomness ---------------------------------------------------------------

// ---- Calls that must succeed ----------------------------------------------------------------

class CallFailed extends Error {}

const { AF_INET } = ADDRESS_FAMILIES;
const { SOCK_STREAM } = SOCKET_TYPES;
const { IPPROTO_TCP } = PROTOCOLS;

function fail(what: string, thread: WinsockThread): never {
  throw new CallFailed(`${what} failed: error ${thread.WSAGetLastError()}`);
}

/** A call's return value, which must be a number other than `bad` (so not BLOCKED either). */
function must(ret: number | typeof BLOCKED, bad: number, what: string, t: WinsockThread): number {
  if (typeof ret !== "number") throw new CallFailed(`${what} blocked`);
  if (ret === bad) fail(what, t);
  return ret;
}

function newSocket(t: WinsockThread): number {
  return must(t.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), INVALID_SOCKET, "socket", t);
}

// ---- Addresses ------------------------------------------------------------------------------

/**
 * Client addresses. The simulator's ephemeral ports (49152-65535) are one socket per port, so
 * implicit binds would stop at 16,384 connections. Every client binds explicitly instead:
 * client k gets port 1024 + (k mod 48,000) on 127.1.x.y with x.y = floor(k / 48,000), so no
 * port holds more than a few sockets and the ephemeral range stays free. Listeners use ports
 * 80, 81, ... on 127.0.0.1, which no client uses.
 */
const CLIENT_PORTS = 48_000;
const MAX_CONNECTIONS = CLIENT_PORTS * 256;

/** Writes client k's SOCKADDR_IN into `out` (16 bytes). */
function clientAddress(k: number, out: Uint8Array): Uint8Array {
  const port = 1024 + (k % CLIENT_PORTS);
  const host = Math.floor(k / CLIENT_PORTS);
  out.fill(0);
  out[0] = AF_INET & 0xff;
  out[1] = AF_INET >> 8;
  out[2] = port >> 8;
  out[3] = port & 0xff;
  out[4] = 127;
  out[5] = 1;
  out[6] = host >> 8;
  out[7] = host & 0xff;
  return out;
}

// ---- Open connections -----------------------------------------------------------------------

/**
 * A simulation with `size` open stream connections. Each process has WSAStartup and one
 * non-blocking listener; connection k has a blocking client socket in a random process, bound
 * to client address k, and its accepted end in the process of a random listener. The bench keeps
 * the descriptors in preallocated typed arrays so that picking a connection costs the same at
 * every size and barely shows in the heap figures.
 */
class Connections {
  readonly sim = new Simulation();
  readonly threads: WinsockThread[] = [];
  readonly listeners: number[] = [];
  readonly listenerAddresses: Uint8Array[] = [];
  readonly rng: Prng;
  /** Client end: process and descriptor. */
  readonly cProc: Uint8Array;
  readonly cHandle: Float64Array;
  /** Accepted end: process (= listener index) and descriptor. */
  readonly sProc: Uint8Array;
  readonly sHandle: Float64Array;
  readonly address = new Uint8Array(16);
  readonly payload: Uint8Array;
  readonly inbox: Uint8Array;
  /** Nanoseconds per call of the last block, by call. */
  readonly split = new Map<string, number>();

  constructor(
    readonly size: number,
    processes: number,
    seed: number,
    readonly transferSize: number,
  ) {
    this.rng = new Prng(seed);
    this.cProc = new Uint8Array(size);
    this.cHandle = new Float64Array(size);
    this.sProc = new Uint8Array(size);
    this.sHandle = new Float64Array(size);
    this.payload = new Uint8Array(transferSize);
    this.rng.fill(this.payload);
    this.inbox = new Uint8Array(transferSize);
    for (let p = 0; p < processes; p++) {
      const t = this.sim.createProcess(`P${p}`).main;
      if (t.WSAStartup(0x0202, new WSADATA()) !== 0) throw new Error("WSAStartup failed");
      const l = newSocket(t);
      const address = sockaddr(`127.0.0.1:${80 + p}`);
      must(t.bind(l, address, address.length), SOCKET_ERROR, "bind (listener)", t);
      must(t.ioctlsocket(l, FIONBIO, intRef(1)), SOCKET_ERROR, "ioctlsocket", t);
      must(t.listen(l, 200), SOCKET_ERROR, "listen", t);
      this.threads.push(t);
      this.listeners.push(l);
      this.listenerAddresses.push(address);
    }
  }

  /** Opens connection k: socket, bind, connect, accept (4 calls). */
  open(k: number): void {
    const c = this.threads[this.cProc[k]!]!;
    const p = this.sProc[k]!;
    const l = this.threads[p]!;
    const s = newSocket(c);
    must(c.bind(s, clientAddress(k, this.address), 16), SOCKET_ERROR, "bind", c);
    must(c.connect(s, this.listenerAddresses[p]!, 16), SOCKET_ERROR, "connect", c);
    this.cHandle[k] = s;
    this.sHandle[k] = must(l.accept(this.listeners[p]!), INVALID_SOCKET, "accept", l);
  }

  /** Opens every connection. Returns the time at each tenth of them, in ns from the start. */
  populate(): number[] {
    const processes = this.threads.length;
    const marks: number[] = [];
    const step = Math.max(1, Math.floor(this.size / 10));
    const start = process.hrtime.bigint();
    for (let k = 0; k < this.size; k++) {
      this.cProc[k] = this.rng.below(processes);
      this.sProc[k] = this.rng.below(processes);
      this.open(k);
      if ((k + 1) % step === 0 || k + 1 === this.size)
        marks.push(Number(process.hrtime.bigint() - start));
    }
    return marks;
  }

  /** Sockets according to the kernel: two per connection plus the listeners. */
  sockets(): number {
    return this.sim.state.sockets.size;
  }

  /**
   * `ops` times: a random connection, a random direction, send `transferSize` bytes from one end
   * and recv them at the other. Sets split "send" and "recv" (ns per call).
   */
  transferBlock(ops: number): void {
    let sendNs = 0;
    let recvNs = 0;
    const n = this.transferSize;
    for (let op = 0; op < ops; op++) {
      const k = this.rng.below(this.size);
      const fromClient = this.rng.below(2) === 0;
      const c = this.threads[this.cProc[k]!]!;
      const s = this.threads[this.sProc[k]!]!;
      const [st, sd, rt, rd] = fromClient
        ? [c, this.cHandle[k]!, s, this.sHandle[k]!]
        : [s, this.sHandle[k]!, c, this.cHandle[k]!];
      const t0 = process.hrtime.bigint();
      const sent = st.send(sd, this.payload, n, 0);
      const t1 = process.hrtime.bigint();
      const got = rt.recv(rd, this.inbox, n, 0);
      const t2 = process.hrtime.bigint();
      if (sent !== n) must(sent, SOCKET_ERROR, `send (${String(sent)})`, st);
      if (got !== n) must(got, SOCKET_ERROR, `recv (${String(got)})`, rt);
      sendNs += Number(t1 - t0);
      recvNs += Number(t2 - t1);
    }
    this.split.set("send", sendNs / ops);
    this.split.set("recv", recvNs / ops);
  }

  /**
   * `ops` times: replace a random connection (closesocket the client, closesocket the accepted
   * end, then socket, bind to the same client address, connect, accept: 6 calls). Sets split
   * for each call and "churn" (ns per call over all six).
   */
  churnBlock(ops: number): void {
    const ns = [0, 0, 0, 0, 0, 0];
    for (let op = 0; op < ops; op++) {
      const k = this.rng.below(this.size);
      const c = this.threads[this.cProc[k]!]!;
      const p = this.sProc[k]!;
      const l = this.threads[p]!;
      const t0 = process.hrtime.bigint();
      const r0 = c.closesocket(this.cHandle[k]!);
      const t1 = process.hrtime.bigint();
      const r1 = l.closesocket(this.sHandle[k]!);
      const t2 = process.hrtime.bigint();
      const s = c.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      const t3 = process.hrtime.bigint();
      const r3 = c.bind(s, clientAddress(k, this.address), 16);
      const t4 = process.hrtime.bigint();
      const r4 = c.connect(s, this.listenerAddresses[p]!, 16);
      const t5 = process.hrtime.bigint();
      const a = l.accept(this.listeners[p]!);
      const t6 = process.hrtime.bigint();
      must(r0, SOCKET_ERROR, "closesocket (client)", c);
      must(r1, SOCKET_ERROR, "closesocket (accepted)", l);
      must(s, INVALID_SOCKET, "socket", c);
      must(r3, SOCKET_ERROR, "bind", c);
      must(r4, SOCKET_ERROR, "connect", c);
      this.cHandle[k] = s;
      this.sHandle[k] = must(a, INVALID_SOCKET, "accept", l);
      ns[0]! += Number(t1 - t0);
      ns[1]! += Number(t2 - t1);
      ns[2]! += Number(t3 - t2);
      ns[3]! += Number(t4 - t3);
      ns[4]! += Number(t5 - t4);
      ns[5]! += Number(t6 - t5);
    }
    CHURN_CALLS.forEach((call, i) => {
      this.split.set(call, ns[i]! / ops);
    });
    this.split.set("churn", ns.reduce((a, b) => a + b, 0) / (ops * CHURN_CALLS.length));
  }
}

const CHURN_CALLS = [
  "closesocket (client)",
  "closesocket (accepted)",
  "socket",
  "bind",
  "connect",
  "accept",
];

// ---- Throughput -----------------------------------------------------------------------------

type Mode = "one process" | "duplicated";
const MODES: readonly Mode[] = ["one process", "duplicated"];

/**
 * One connection for throughput, with one listener in P0:
 *   "one process": client and accepted end both used from P0;
 *   "duplicated": the client socket is created in P0, WSADuplicateSocketW'd to P1 and imported
 *   there with WSASocketW; the transfer uses P1's descriptor (P0 keeps its own open, so the
 *   socket has two descriptors), and the accepted end in P0.
 * Messages alternate direction, so each end both sends and receives. A message is one send
 * (taken whole: the send queue is empty each time) and as many recv calls of up to 64 KiB as it
 * takes; the receiver is non-blocking and is only asked for bytes that have arrived.
 */
class Pipe {
  readonly sim = new Simulation();
  readonly p0: WinsockThread;
  readonly p1: WinsockThread;
  /** [thread, descriptor] of the client end and of the accepted end. */
  readonly client: [WinsockThread, number];
  readonly server: [WinsockThread, number];
  readonly inbox = new Uint8Array(RECV_BUFFER);
  calls = 0;

  constructor(readonly mode: Mode) {
    this.p0 = this.sim.createProcess("P0").main;
    this.p1 = this.sim.createProcess("P1").main;
    for (const t of [this.p0, this.p1]) {
      if (t.WSAStartup(0x0202, new WSADATA()) !== 0) throw new Error("WSAStartup failed");
    }
    const t = this.p0;
    const l = newSocket(t);
    const address = sockaddr("127.0.0.1:80");
    must(t.bind(l, address, address.length), SOCKET_ERROR, "bind", t);
    must(t.ioctlsocket(l, FIONBIO, intRef(1)), SOCKET_ERROR, "ioctlsocket", t);
    must(t.listen(l, 200), SOCKET_ERROR, "listen", t);
    const c = newSocket(t);
    must(t.ioctlsocket(c, FIONBIO, intRef(1)), SOCKET_ERROR, "ioctlsocket", t);
    // A non-blocking connect reports WSAEWOULDBLOCK; the listener has taken it all the same.
    if (t.connect(c, address, address.length) !== SOCKET_ERROR || t.WSAGetLastError() !== 10035)
      fail("connect", t);
    const a = must(t.accept(l), INVALID_SOCKET, "accept", t);
    this.server = [t, a];
    if (mode === "one process") {
      this.client = [t, c];
    } else {
      const info = new Uint8Array(628);
      must(t.WSADuplicateSocketW(c, this.p1.pid, info), SOCKET_ERROR, "WSADuplicateSocketW", t);
      const d = this.p1.WSASocketW(
        FROM_PROTOCOL_INFO,
        FROM_PROTOCOL_INFO,
        FROM_PROTOCOL_INFO,
        info,
        0,
        WSA_FLAGS.WSA_FLAG_OVERLAPPED,
      );
      this.client = [this.p1, must(d, INVALID_SOCKET, "WSASocketW", this.p1)];
    }
  }

  /** Moves one message of `data` from one end to the other; returns the bytes received. */
  message(data: Uint8Array, fromClient: boolean, check: boolean): number {
    const [st, sd] = fromClient ? this.client : this.server;
    const [rt, rd] = fromClient ? this.server : this.client;
    const sent = st.send(sd, data, data.length, 0);
    this.calls += 1;
    if (sent !== data.length) must(sent, SOCKET_ERROR, `send (${String(sent)})`, st);
    let got = 0;
    while (got < data.length) {
      const n = rt.recv(rd, this.inbox, RECV_BUFFER, 0);
      this.calls += 1;
      if (typeof n !== "number" || n <= 0) must(n, SOCKET_ERROR, `recv (${String(n)})`, rt);
      if (check) {
        for (let i = 0; i < (n as number); i++) {
          if (this.inbox[i] !== data[got + i]) throw new Error(`byte ${got + i} differs`);
        }
      }
      got += n as number;
    }
    return got;
  }
}

const RECV_BUFFER = 64 << 10;

// ---- Measuring ------------------------------------------------------------------------------

function bytesText(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} B`;
}

function rateText(bytesPerSecond: number): string {
  return bytesPerSecond >= 1 << 20
    ? `${fmt(bytesPerSecond / (1 << 20), 1)} MiB/s`
    : `${fmt(bytesPerSecond / (1 << 10), 1)} KiB/s`;
}

/** A tiny synchronous wrapper over the inspector's CPU profiler (what --cpu-prof uses). */
class Profiler {
  readonly #session = new Session();
  start(): void {
    this.#session.connect();
    this.#post("Profiler.enable");
    this.#post("Profiler.setSamplingInterval", { interval: 1000 });
    this.#post("Profiler.start");
  }
  stop(file: string): void {
    const result = this.#post("Profiler.stop") as { profile: unknown };
    writeFileSync(file, JSON.stringify(result.profile));
    this.#session.disconnect();
  }
  #post(method: string, params?: object): unknown {
    let result: unknown;
    let error: Error | null = null;
    // On the main thread the inspector answers before post returns.
    this.#session.post(method, params, (err, value) => {
      error = err;
      result = value;
    });
    if (error !== null) throw error;
    return result;
  }
}

// ---- Parts ----------------------------------------------------------------------------------

function throughput(settings: Settings): void {
  const sizes = settings.messageSizes;
  const pipes = new Map<Mode, Pipe>(MODES.map((m) => [m, new Pipe(m)]));
  const rng = new Prng(settings.seed);
  const data = new Map<number, Uint8Array>();
  for (const size of sizes) {
    const bytes = new Uint8Array(size);
    rng.fill(bytes);
    data.set(size, bytes);
  }
  const messagesFor = (size: number) =>
    Math.min(2048, Math.max(64, Math.round(settings.throughputBytes / size)));
  // Warm-up: every combination once, checking every byte received.
  for (const size of sizes) {
    for (const pipe of pipes.values()) {
      for (let m = 0; m < Math.min(messagesFor(size), 200); m++)
        pipe.message(data.get(size)!, m % 2 === 0, true);
    }
  }
  const rates = new Map<string, number[]>();
  const callRates = new Map<string, number[]>();
  const ratios = new Map<number, number[]>(sizes.map((s) => [s, []]));
  const profiler = settings.profileThroughput === undefined ? undefined : new Profiler();
  profiler?.start();
  for (let round = 0; round < settings.throughputRounds; round++) {
    for (let i = 0; i < sizes.length; i++) {
      const size = sizes[(i + round) % sizes.length]!;
      const messages = messagesFor(size);
      const thisRound = new Map<Mode, number>();
      const order = round % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        const pipe = pipes.get(mode)!;
        const calls = pipe.calls;
        const start = process.hrtime.bigint();
        let moved = 0;
        for (let m = 0; m < messages; m++)
          moved += pipe.message(data.get(size)!, m % 2 === 0, false);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        const key = `${mode}@${size}`;
        if (!rates.has(key)) rates.set(key, []);
        if (!callRates.has(key)) callRates.set(key, []);
        rates.get(key)!.push(moved / seconds);
        callRates.get(key)!.push((seconds * 1e9) / (pipe.calls - calls));
        thisRound.set(mode, moved / seconds);
      }
      // Time for the same bytes, duplicated against one process.
      ratios.get(size)!.push(thisRound.get("one process")! / thisRound.get("duplicated")!);
    }
  }
  if (profiler !== undefined && settings.profileThroughput !== undefined) {
    profiler.stop(settings.profileThroughput);
    console.log(`\nCPU profile of the throughput blocks written to ${settings.profileThroughput}`);
  }
  console.log(
    `\nThroughput, one connection, messages alternating direction (median of ` +
      `${settings.throughputRounds} blocks; ${sizes.map((s) => `${fmt(messagesFor(s))} x ${bytesText(s)}`).join(", ")}):`,
  );
  console.log(
    "| Message | Mode | Bytes per second (p25-p75) | Messages per second | ns per call | time, duplicated / one process |",
  );
  console.log("|---:|---|---:|---:|---:|---:|");
  for (const size of sizes) {
    for (const mode of MODES) {
      const key = `${mode}@${size}`;
      const values = rates.get(key)!;
      const rate = median(values);
      console.log(
        `| ${bytesText(size)} | ${mode} | ${rateText(rate)} (${rateText(quantile(values, 0.25))}-` +
          `${rateText(quantile(values, 0.75))}) | ${fmt(rate / size)} | ` +
          `${fmt(median(callRates.get(key)!))} | ` +
          `${mode === "duplicated" ? `${fmt(median(ratios.get(size)!), 2)}x` : ""} |`,
      );
    }
  }
}

function main(): void {
  const settings = parseSettings(process.argv.slice(2));
  const sizes = settings.sizes;
  const largest = Math.max(...sizes);
  const smallest = Math.min(...sizes);
  const started = process.hrtime.bigint();
  console.log(
    `node ${process.version}, ${settings.processes} processes, ${settings.rounds} rounds ` +
      `(+${settings.warmupRounds} warm-up) of ${fmt(settings.transferOps)} send+recv pairs ` +
      `(${settings.transferSize} B) and ${fmt(settings.churnOps)} connection replacements per ` +
      `size, seed ${settings.seed}`,
  );

  if (settings.throughput) throughput(settings);

  // Heap: the largest simulation with its processes and listeners and no connection, then
  // with all its connections. Its typed arrays exist before the first measurement.
  const all = new Map<number, Connections>();
  let big: Connections | undefined = new Connections(
    largest,
    settings.processes,
    settings.seed + largest,
    settings.transferSize,
  );
  const heapEmpty = heapUsed();
  const bigMarks = big.populate();
  const heapFull = heapUsed();
  all.set(largest, big);
  big = undefined;
  const population = [{ size: largest, marks: bigMarks }];
  for (const size of sizes) {
    if (all.has(size)) continue;
    const w = new Connections(
      size,
      settings.processes,
      settings.seed + size,
      settings.transferSize,
    );
    population.push({ size, marks: w.populate() });
    all.set(size, w);
  }
  const expected = (size: number) => 2 * size + settings.processes;
  for (const [size, w] of all) {
    if (w.sockets() !== expected(size)) throw new Error(`${size}: ${w.sockets()} sockets`);
  }

  console.log("\nPopulation (socket, bind, connect, accept per connection = 4 calls):");
  for (const p of population.sort((a, b) => a.size - b.size)) {
    const ns = p.marks[p.marks.length - 1]!;
    console.log(
      `  ${fmt(p.size).padStart(8)} connections: ${fmt(ns / 1e6, 1)} ms ` +
        `(${fmt(ns / (4 * p.size))} ns/call, ${fmt(ns / p.size / 1000, 1)} µs/connection)`,
    );
  }
  const marks = population.find((p) => p.size === largest)!.marks;
  console.log(
    `  ${fmt(largest)} by tenths, µs per connection: ` +
      marks
        .map((m, i) => fmt((m - (i === 0 ? 0 : marks[i - 1]!)) / (largest / 10) / 1000, 1))
        .join(", "),
  );

  // Measured rounds: per size, a block of send+recv pairs and a block of replacements.
  const results = new Map<string, number[]>();
  const ratios = new Map<string, number[]>();
  const record = (map: Map<string, number[]>, key: string, value: number) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(value);
  };
  const profiler = settings.profile === undefined ? undefined : new Profiler();
  profiler?.start();
  const totalRounds = settings.warmupRounds + settings.rounds;
  for (let round = 0; round < totalRounds; round++) {
    const order = sizes.map((_, k) => sizes[(k + round) % sizes.length]!);
    const thisRound = new Map<string, number>();
    for (const size of order) {
      const w = all.get(size)!;
      w.transferBlock(settings.transferOps);
      w.churnBlock(settings.churnOps);
      for (const [call, ns] of w.split) thisRound.set(`${call}@${size}`, ns);
    }
    if (round < settings.warmupRounds) continue;
    for (const [key, ns] of thisRound) record(results, key, ns);
    for (const call of ["send", "recv", "churn", ...CHURN_CALLS]) {
      record(
        ratios,
        call,
        thisRound.get(`${call}@${largest}`)! / thisRound.get(`${call}@${smallest}`)!,
      );
    }
  }
  if (profiler !== undefined && settings.profile !== undefined) {
    profiler.stop(settings.profile);
    console.log(`\nCPU profile of the measured rounds written to ${settings.profile}`);
  }
  for (const [size, w] of all) {
    if (w.sockets() !== expected(size)) throw new Error(`${size}: ${w.sockets()} sockets after`);
  }

  const heapWithAll = heapUsed();
  all.delete(largest);
  const heapAfter = heapWithAll - heapUsed();

  const header = sizes.map((s) => fmt(s)).join(" | ");
  console.log(
    `\nns per call by open connections (median of ${settings.rounds} rounds; p25-p75 in ` +
      `brackets; ratio ${fmt(largest)} / ${fmt(smallest)} taken within each round):`,
  );
  console.log(`| Call | ${header} | ${fmt(largest)} / ${fmt(smallest)} (min-max) |`);
  console.log(`|---|${sizes.map(() => "---:").join("|")}|---:|`);
  const rows: [string, string][] = [
    [`send (${settings.transferSize} B)`, "send"],
    [`recv (${settings.transferSize} B)`, "recv"],
    ["connection replaced (per call, 6 calls)", "churn"],
    ...CHURN_CALLS.map((c): [string, string] => [`  ${c}`, c]),
  ];
  for (const [label, call] of rows) {
    const cells = sizes.map((s) => {
      const values = results.get(`${call}@${s}`)!;
      return `${fmt(median(values))} (${fmt(quantile(values, 0.25))}-${fmt(quantile(values, 0.75))})`;
    });
    const r = ratios.get(call)!;
    console.log(
      `| ${label} | ${cells.join(" | ")} | ${fmt(median(r), 2)}x (${fmt(Math.min(...r), 2)}-` +
        `${fmt(Math.max(...r), 2)}) |`,
    );
  }
  const churnNs = (s: number) => median(results.get(`churn@${s}`)!) * CHURN_CALLS.length;
  console.log(
    `\nConnection replacement, whole operation: ${sizes.map((s) => `${fmt(churnNs(s) / 1000, 1)} µs`).join(", ")}`,
  );

  const sockets = expected(largest);
  console.log(`\nHeap per open connection (${fmt(largest)} connections, ${fmt(sockets)} sockets):`);
  console.log(
    `  freshly opened: ${fmt((heapFull - heapEmpty) / largest)} bytes ` +
      `(${fmt((heapFull - heapEmpty) / 1024 / 1024, 1)} MiB in all)`,
  );
  console.log(
    `  after the workload: ${fmt(heapAfter / largest)} bytes ` +
      `(${fmt(heapAfter / 1024 / 1024, 1)} MiB in all, the whole simulation)`,
  );
  console.log(`\nTotal time ${fmt(Number(process.hrtime.bigint() - started) / 1e9, 1)} s`);
}

main();
