/**
 * Call benchmark (issue 11): what one Winsock call costs through the public facade, beside its
 * target and beside the same call on real Winsock under Wine, measured in the same run.
 *
 *   npm run bench:calls              (= build, then node --expose-gc --import tsx bench/call-bench.ts)
 *   npm run bench:calls -- --rounds 1 --ms 100 --sizes 10,1000 --wine 0   (a quick look, no Wine)
 *
 * The simulator is the built package (dist/), as a program that installs it runs it. Each
 * operation runs in blocks at 10 and at 100,000 idle sockets (plus 64 connected pairs in both,
 * for send/recv, select and WSAPoll), rounds interleaved (the order
 * rotates), and the figure is the median block; the growth is the ratio of the two sizes taken
 * within each round. Every socket an operation uses is picked at random by a seeded PRNG, so two
 * runs make the same calls. Every return value is checked: only successful calls are timed.
 *
 * Heap per idle socket and per connection, `record: true` against the default, and the CLI's
 * start-up against a bare `node -e 0` are measured after the calls. Results go to
 * docs/performance.md ("The call path").
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Api from "../src/index.js";
import type { WinsockThread } from "../src/index.js";
import { fmt, gc, heapUsed, listField, median, numberField, Prng, readOptions } from "./measure.js";
import { wineCallTimes } from "./native/wine-calls.js";

const ROOT = join(import.meta.dirname, "..");
/** The build measured: this checkout's dist/, or in a child the one the parent names. */
const DIST = process.env.CALL_BENCH_DIST ?? join(ROOT, "dist", "index.js");
if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first`);
const api = (await import(pathToFileURL(DIST).href)) as typeof Api;
const {
  AF_INET,
  FD_EVENTS,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  IPPROTO_TCP,
  intRef,
  POLLRDNORM,
  Simulation,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_SNDBUF,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  WSADATA,
  WSANETWORKEVENTS,
} = api;

interface Settings {
  sizes: number[];
  rounds: number;
  /** Milliseconds per timed block (at least 10 operations each). */
  ms: number;
  /** Connected pairs for send/recv, select and WSAPoll. */
  pairs: number;
  seed: number;
  /** 1: time the same calls under Wine too (skipped, with the reason, when Wine is absent). */
  wine: number;
  /**
   * Another build to measure in the same run, as "before": the root of a checkout of an earlier
   * commit with its dist/ built (docs/performance.md shows how). Empty: none.
   */
  before: string;
}

const settings = readOptions<Settings>(
  process.argv.slice(2),
  { sizes: [10, 100_000], rounds: 5, ms: 300, pairs: 64, seed: 0x5eed, wine: 1, before: "" },
  [
    ["--sizes", listField<Settings>("sizes")],
    ["--rounds", numberField<Settings>("rounds")],
    ["--ms", numberField<Settings>("ms")],
    ["--pairs", numberField<Settings>("pairs")],
    ["--seed", numberField<Settings>("seed")],
    ["--wine", numberField<Settings>("wine")],
    [
      "--before",
      (options, value) => {
        options.before = value;
      },
    ],
  ],
);

// ---- The world each size runs in --------------------------------------------------------------

interface World {
  readonly size: number;
  readonly sim: Api.Simulation;
  readonly a: WinsockThread;
  readonly b: WinsockThread;
  /** Idle sockets of A: `size` of them, besides the pairs' (so 10 means 10 + 2 x pairs live). */
  readonly idle: number[];
  /** Connected pairs: the connecting end and the accepted end, both in A. */
  readonly clients: number[];
  readonly servers: number[];
  readonly event: number;
  /** A listener kept open, and its address, for the connection operation. */
  readonly listener: number;
  readonly address: Uint8Array;
  readonly prng: Prng;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark call failed: ${what}`);
}

function makeWorld(size: number, record = false): World {
  const sim = new Simulation({ record });
  const a = sim.createProcess("A").main;
  const b = sim.createProcess("B").main;
  check(a.WSAStartup(0x0202, new WSADATA()) === 0, "WSAStartup A");
  check(b.WSAStartup(0x0202, new WSADATA()) === 0, "WSAStartup B");
  const pairs = settings.pairs;
  const listener = a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  check(a.bind(listener, sockaddr("127.0.0.1:0"), 16) === 0, "bind");
  check(a.listen(listener, 200) === 0, "listen");
  const address = new Uint8Array(16);
  check(a.getsockname(listener, address, intRef(16)) === 0, "getsockname");
  const clients: number[] = [];
  const servers: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const client = a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(a.connect(client, address, 16) === 0, "connect");
    const server = a.accept(listener) as number;
    check(server !== INVALID_SOCKET, "accept");
    clients.push(client);
    servers.push(server);
  }
  const idle: number[] = [];
  for (let i = 0; i < size; i++) {
    const s = a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s !== INVALID_SOCKET, "socket");
    idle.push(s);
  }
  const event = a.WSACreateEvent();
  const prng = new Prng(settings.seed + size);
  return { size, sim, a, b, idle, clients, servers, event, listener, address, prng };
}

// ---- The operations ---------------------------------------------------------------------------

interface Operation {
  readonly name: string;
  /** Winsock calls one operation makes (the figure is per operation: pair, cycle or call). */
  readonly calls: number;
  /** What the issue asks, in ns per operation, and how it is stated there (none: no target). */
  readonly target?: number;
  readonly targetText: string;
  /** The key of the same operation in bench/native/callbench.c, if it measures it. */
  readonly wine?: string;
  /** Wine's figure times this is one operation here (callbench gives send/recv per call). */
  readonly wineFactor?: number;
  readonly run: (world: World) => void;
}

const OPTIONS = [SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE];
const value = new Uint8Array(4);
const length = intRef(4);
const payload = new Uint8Array(64).fill(7);
const inbox = new Uint8Array(64);
const info = new Uint8Array(628);
const events = new WSANETWORKEVENTS();

function pick<T>(world: World, list: readonly T[]): T {
  return list[world.prng.below(list.length)] as T;
}

const OPERATIONS: readonly Operation[] = [
  {
    name: "getsockopt",
    calls: 1,
    target: 1e9 / 3_000_000,
    targetText: ">= 3,000,000 calls/s",
    wine: "getsockopt",
    run(w) {
      length.value = 4;
      const s = pick(w, w.idle);
      check(w.a.getsockopt(s, SOL_SOCKET, pick(w, OPTIONS), value, length) === 0, "getsockopt");
    },
  },
  {
    name: "setsockopt",
    calls: 1,
    target: 1e9 / 1_000_000,
    targetText: ">= 1,000,000 calls/s",
    wine: "setsockopt",
    run(w) {
      value[0] = w.prng.below(256);
      const s = pick(w, w.idle);
      check(w.a.setsockopt(s, SOL_SOCKET, pick(w, OPTIONS), value, 4) === 0, "setsockopt");
    },
  },
  {
    name: "socket + closesocket",
    calls: 2,
    target: 1000,
    targetText: "<= 1 µs per pair",
    wine: "socket+closesocket",
    run(w) {
      // Closes a random idle socket and opens another in its place: the count stays the same.
      const index = w.prng.below(w.idle.length);
      check(w.a.closesocket(w.idle[index] as number) === 0, "closesocket");
      const s = w.a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      check(s !== INVALID_SOCKET, "socket");
      w.idle[index] = s;
    },
  },
  {
    name: "WSADuplicateSocketW + WSASocketW + closesocket",
    calls: 3,
    target: 2000,
    targetText: "<= 2 µs per cycle",
    wine: "WSADuplicateSocketW+WSASocketW+closesocket",
    run(w) {
      const s = pick(w, w.idle);
      check(w.a.WSADuplicateSocketW(s, w.b.pid, info) === 0, "WSADuplicateSocketW");
      const fpi = FROM_PROTOCOL_INFO;
      const t = w.b.WSASocketW(fpi, fpi, fpi, info, 0, 0);
      check(t !== INVALID_SOCKET, "WSASocketW");
      check(w.b.closesocket(t) === 0, "closesocket in B");
    },
  },
  {
    name: "send 64 B + recv",
    calls: 2,
    target: 2 * 1500,
    targetText: "<= 1.5 µs per call",
    wine: "send64+recv",
    wineFactor: 2,
    run(w) {
      const i = w.prng.below(w.clients.length);
      check(w.a.send(w.clients[i] as number, payload, 64, 0) === 64, "send");
      check(w.a.recv(w.servers[i] as number, inbox, 64, 0) === 64, "recv");
    },
  },
  {
    name: "WSAEventSelect + WSAEnumNetworkEvents",
    calls: 2,
    target: 1500,
    targetText: "<= 1.5 µs per pair",
    wine: "WSAEventSelect+WSAEnumNetworkEvents",
    run(w) {
      const s = pick(w, w.idle);
      const mask = FD_EVENTS.FD_READ | FD_EVENTS.FD_CLOSE;
      check(w.a.WSAEventSelect(s, w.event, mask) === 0, "WSAEventSelect");
      check(w.a.WSAEnumNetworkEvents(s, w.event, events) === 0, "WSAEnumNetworkEvents");
    },
  },
  {
    name: "select over 64 sockets",
    calls: 1,
    target: 10_000,
    targetText: "<= 10 µs per call",
    wine: "select64",
    run(w) {
      const readfds = w.servers.slice(0, 64);
      const ready = w.a.select(0, readfds, null, null, { tv_sec: 0, tv_usec: 0 });
      check(ready === 0, "select");
    },
  },
  {
    // No target: the calls around a connection still run on an immer draft (docs/performance.md,
    // "The call path"); measured so that --before shows what the fast path left as it was.
    name: "socket + connect + accept + closesocket x2",
    calls: 5,
    targetText: "-",
    run(w) {
      const client = w.a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      check(w.a.connect(client, w.address, 16) === 0, "connect");
      const server = w.a.accept(w.listener) as number;
      check(server !== INVALID_SOCKET, "accept");
      check(w.a.closesocket(client) === 0, "closesocket client");
      check(w.a.closesocket(server) === 0, "closesocket server");
    },
  },
  {
    name: "WSAPoll over 64 sockets",
    calls: 1,
    target: 10_000,
    targetText: "<= 10 µs per call",
    wine: "WSAPoll64",
    run(w) {
      const fds = w.servers.slice(0, 64).map((fd) => ({ fd, events: POLLRDNORM, revents: 0 }));
      check(w.a.WSAPoll(fds, fds.length, 0) === 0, "WSAPoll");
    },
  },
];

/**
 * ns per operation over a block that lasts at least `ms` milliseconds and makes at least 10
 * operations: a block of fixed length would be a few operations of a slow build or call and
 * millions of a fast one. The clock is read every 16 operations.
 */
function timeBlock(world: World, operation: Operation, ms: number): number {
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(ms * 1e6));
  let count = 0;
  let now = start;
  while (count < 10 || now < until) {
    for (let i = 0; i < 16; i++) operation.run(world);
    count += 16;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / count;
}

// ---- Measuring --------------------------------------------------------------------------------

/**
 * One size in one round runs in a child process of its own: a world of 100,000 sockets alive in
 * the same heap would slow the small world's calls too (every collection walks it), and the
 * point is the cost of a call at each size. The child prints ns per operation as JSON.
 */
const childSize = process.env.CALL_BENCH_CHILD;
if (childSize !== undefined) {
  const world = makeWorld(Number(childSize));
  const result: Record<string, number> = {};
  // Twice through every operation first, so that the JIT has settled on all of them (one
  // operation's calls share the facade and kernel code with the others').
  for (let pass = 0; pass < 2; pass++) {
    for (const operation of OPERATIONS) timeBlock(world, operation, settings.ms);
  }
  for (const operation of OPERATIONS) {
    result[operation.name] = timeBlock(world, operation, settings.ms);
  }
  console.log(JSON.stringify(result));
  process.exit(0);
}

function measureChild(size: number, dist: string): Record<string, number> {
  const args = [...process.execArgv, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, args, {
    env: { ...process.env, CALL_BENCH_CHILD: String(size), CALL_BENCH_DIST: dist },
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`measuring ${size} sockets failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as Record<string, number>;
}

const sizes = [...settings.sizes].sort((x, y) => x - y);
const smallest = sizes[0] as number;
const largest = sizes[sizes.length - 1] as number;
const BEFORE = settings.before === "" ? undefined : join(settings.before, "dist", "index.js");
if (BEFORE !== undefined && !existsSync(BEFORE)) throw new Error(`${BEFORE} is missing`);
console.log(
  `Measuring ${sizes.map((n) => fmt(n)).join(" and ")} idle sockets, ${settings.rounds} rounds` +
    (BEFORE === undefined ? "..." : `, and ${BEFORE} beside this build...`),
);

/** ns per operation: by build ("now", "before"), operation and size, one figure per round. */
type Figures = Map<string, Map<number, number[]>>;
const figures = (): Figures =>
  new Map(OPERATIONS.map((operation) => [operation.name, new Map(sizes.map((n) => [n, []]))]));
const perOp = figures();
const perOpBefore = figures();
const growth = new Map<string, number[]>(OPERATIONS.map((operation) => [operation.name, []]));
for (let round = 0; round < settings.rounds; round++) {
  const order = sizes.map((_, i) => sizes[(i + round) % sizes.length] as number);
  const inRound = new Map<number, Record<string, number>>();
  for (const size of order) {
    inRound.set(size, measureChild(size, DIST));
    if (BEFORE === undefined) continue;
    const before = measureChild(size, BEFORE);
    for (const operation of OPERATIONS) {
      perOpBefore
        .get(operation.name)
        ?.get(size)
        ?.push(before[operation.name] ?? Number.NaN);
    }
  }
  for (const operation of OPERATIONS) {
    for (const size of sizes) {
      perOp
        .get(operation.name)
        ?.get(size)
        ?.push(inRound.get(size)?.[operation.name] ?? Number.NaN);
    }
    const large = inRound.get(largest)?.[operation.name] ?? Number.NaN;
    const small = inRound.get(smallest)?.[operation.name] ?? Number.NaN;
    growth.get(operation.name)?.push(large / small);
  }
}

// record: true against the default, at the smallest size, per operation.
const recorded = makeWorld(smallest, true);
const plain = makeWorld(smallest);
const recordRatio = new Map<string, number>();
for (const operation of OPERATIONS) {
  const ratios: number[] = [];
  const ms = Math.min(settings.ms, 100);
  timeBlock(recorded, operation, ms);
  for (let round = 0; round < 3; round++) {
    recorded.sim.steps.length = 0; // the kept records are not what is measured here
    ratios.push(timeBlock(recorded, operation, ms) / timeBlock(plain, operation, ms));
  }
  recordRatio.set(operation.name, median(ratios));
}
recorded.sim.steps.length = 0;

// ---- Heap -------------------------------------------------------------------------------------

function heapPerIdleSocket(count: number): number {
  const sim = new Simulation();
  const t = sim.createProcess("A").main;
  t.WSAStartup(0x0202, new WSADATA());
  const before = heapUsed();
  const keep: number[] = [];
  for (let i = 0; i < count; i++) keep.push(t.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  const after = heapUsed();
  check(keep.length === count && sim.state.sockets.size === count, "idle population");
  return (after - before - keep.length * 8) / count;
}

function heapPerConnection(count: number): number {
  const sim = new Simulation();
  const t = sim.createProcess("A").main;
  t.WSAStartup(0x0202, new WSADATA());
  const listener = t.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  t.bind(listener, sockaddr("127.0.0.1:0"), 16);
  t.listen(listener, 200);
  const address = new Uint8Array(16);
  t.getsockname(listener, address, intRef(16));
  const before = heapUsed();
  const keep: number[] = [];
  for (let i = 0; i < count; i++) {
    const client = t.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(t.connect(client, address, 16) === 0, "connect");
    keep.push(client, t.accept(listener) as number);
  }
  const after = heapUsed();
  // Read after the measurement: a simulation no longer used would be collected by it.
  check(sim.state.sockets.size === 2 * count + 1, "connection population");
  return (after - before - keep.length * 8) / count;
}

gc();
const idleBytes = heapPerIdleSocket(100_000);
const connectionBytes = heapPerConnection(10_000);

// ---- The CLI's start-up -----------------------------------------------------------------------

function startup(args: readonly string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    check(result.status === 0, `${args.join(" ")} exited ${result.status}`);
  }
  return median(times);
}
const scenario = "examples/scenarios/option-seen-through-duplicate.json";
const bare = startup(["-e", "0"]);
const cli = startup([join("dist", "cli", "main.js"), "run", scenario]);

// ---- Wine -------------------------------------------------------------------------------------

/** Wine holds a descriptor per socket in its server, so 10,000 is what fits here (README). */
const WINE_LIVE = 10_000;
const wine =
  settings.wine === 1
    ? await wineCallTimes({ live: WINE_LIVE })
    : { ok: false as const, reason: "--wine 0" };

// ---- Report -----------------------------------------------------------------------------------

function beforeCells(name: string, now: number): string[] {
  const before = median(perOpBefore.get(name)?.get(largest) ?? []);
  return [fmt(before), `${(before / now).toFixed(1)}x`];
}

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
console.log(
  `\nnode ${process.version}, ${settings.rounds} rounds, blocks of ${settings.ms} ms per operation, seed ${settings.seed}`,
);
console.log(
  wine.ok
    ? `Wine: ${wine.wine}, the same operations in bench/native/callbench.c with ${fmt(wine.live)} idle sockets, same run`
    : `Wine: not measured (${wine.reason})`,
);
console.log(
  row([
    "operation",
    `ns at ${fmt(smallest)}`,
    `ns at ${fmt(largest)}`,
    "target",
    "met",
    `growth ${fmt(largest)}/${fmt(smallest)}`,
    "Wine ns",
    "Wine / simulator",
    "record: true",
    ...(BEFORE === undefined ? [] : [`before, ns at ${fmt(largest)}`, "before / now"]),
  ]),
);
console.log(row(Array(BEFORE === undefined ? 9 : 11).fill("---")));
for (const operation of OPERATIONS) {
  const at = perOp.get(operation.name) as Map<number, number[]>;
  const small = median(at.get(smallest) ?? []);
  const large = median(at.get(largest) ?? []);
  const perCall = wine.ok && operation.wine !== undefined ? wine.ns[operation.wine] : undefined;
  const wineNs = perCall === undefined ? undefined : perCall * (operation.wineFactor ?? 1);
  console.log(
    row([
      operation.name,
      fmt(small),
      fmt(large),
      operation.targetText,
      operation.target === undefined ? "-" : large <= operation.target ? "yes" : "no",
      `${median(growth.get(operation.name) ?? []).toFixed(2)}x`,
      wineNs === undefined ? "-" : fmt(wineNs),
      wineNs === undefined ? "-" : `${(wineNs / large).toFixed(0)}x`,
      `${(recordRatio.get(operation.name) ?? 0).toFixed(2)}x`,
      ...(BEFORE === undefined ? [] : beforeCells(operation.name, large)),
    ]),
  );
}
console.log(`\nheap per idle socket (100,000): ${fmt(idleBytes)} B (target <= 300 B)`);
console.log(`heap per connection (10,000): ${fmt(connectionBytes)} B (target <= 1,500 B)`);
console.log(
  `winsock-sim run ${scenario}: ${bare.toFixed(1)} ms for node -e 0, ${cli.toFixed(1)} ms for the CLI, ratio ${(cli / bare).toFixed(2)}x (target <= 1.5x)`,
);
