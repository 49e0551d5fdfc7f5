/**
 * Kernel benchmark: calls per second of a mixed Winsock workload at 10, 1,000 and 100,000 live
 * sockets, and heap bytes per live socket. Results and the machine go to docs/performance.md.
 *
 *   npm run bench                     (= node --expose-gc --import tsx bench/kernel-bench.ts)
 *   npm run bench -- --rounds 5 --ops 5000 --sizes 10,1000   (a quicker look)
 *
 * What is done is deterministic: one seeded PRNG per simulation picks every process, socket,
 * option and value, so two runs make exactly the same calls. Only how long they take varies.
 *
 * All sizes are populated first and then measured in interleaved rounds (the order rotates each
 * round), so that a slow moment on the shared machine hits every size alike; the figures are
 * medians over rounds, and the ratio against the smallest size is taken within each round.
 */
import {
  ADDRESS_FAMILIES,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  int32,
  intRef,
  LEVELS,
  PROTOCOLS,
  Simulation,
  SOCKET_TYPES,
  SOL_SOCKET,
  SOL_SOCKET_OPTIONS,
  TCP_OPTIONS,
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
  sizes: number[];
  processes: number;
  /** Operations per timed block (one block = one size in one round). */
  ops: number;
  rounds: number;
  warmupRounds: number;
  /** Operations per block in the per-operation breakdown. */
  kindOps: number;
  kindRounds: number;
  seed: number;
}

function parseSettings(argv: readonly string[]): Settings {
  const settings: Settings = {
    sizes: [10, 1_000, 100_000],
    processes: 4,
    ops: 20_000,
    rounds: 15,
    warmupRounds: 3,
    kindOps: 5_000,
    kindRounds: 7,
    seed: 0x5eed,
  };
  readOptions(argv, settings, [
    ["--sizes", listField<Settings>("sizes")],
    ["--processes", numberField<Settings>("processes")],
    ["--ops", numberField<Settings>("ops")],
    ["--rounds", numberField<Settings>("rounds")],
    ["--warmup", numberField<Settings>("warmupRounds")],
    ["--kind-ops", numberField<Settings>("kindOps")],
    ["--kind-rounds", numberField<Settings>("kindRounds")],
    ["--seed", numberField<Settings>("seed")],
  ]);
  if (settings.processes < 2) throw new Error("--processes must be at least 2 (duplication)");
  return settings;
}

// ---- Deterministic randomness ---------------------------------------------------------------

// ---- The workload ---------------------------------------------------------------------------

/** The options the workload sets and reads: [level, optname, value range]. */
const OPTIONS: readonly (readonly [number, number, number])[] = [
  [SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_SNDBUF, 1 << 20],
  [SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_RCVBUF, 1 << 20],
  [SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_KEEPALIVE, 2],
  [LEVELS.IPPROTO_TCP, TCP_OPTIONS.TCP_NODELAY, 2],
];

export type OpKind = "get" | "set" | "churn" | "share";
const KINDS: readonly OpKind[] = ["get", "set", "churn", "share"];

/**
 * The mix, per 100 operations. An operation is one to three calls:
 *   get   getsockopt on a random descriptor of a random live socket          (1 call)
 *   set   setsockopt on a random descriptor of a random live socket          (1 call)
 *   churn closesocket a random unshared socket, socket() in a random process (2 calls)
 *   share WSADuplicateSocketW a random unshared socket to another process, WSASocketW there
 *         to import it, and closesocket the second descriptor of a random shared socket
 *         (3 calls)
 * Every operation leaves the number of live sockets, and of shared ones, as it was.
 */
const MIX: readonly [OpKind, number][] = [
  ["get", 30],
  ["set", 30],
  ["churn", 20],
  ["share", 20],
];

function pickKind(rng: Prng): OpKind {
  let r = rng.below(100);
  for (const [kind, weight] of MIX) {
    if (r < weight) return kind;
    r -= weight;
  }
  throw new Error("unreachable");
}

class CallFailed extends Error {}

function check(ok: boolean, what: string, thread: WinsockThread): void {
  if (!ok) throw new CallFailed(`${what} failed: error ${thread.WSAGetLastError()}`);
}

/**
 * A simulation with `size` live sockets spread over several processes, a quarter of them (at
 * least one) also held by a second process through WSADuplicateSocket. The bench keeps its own
 * record of the descriptors in preallocated typed arrays, so that choosing a socket costs the
 * same at every size and the record barely shows in the heap figures.
 */
class Workload {
  readonly sim = new Simulation();
  readonly threads: WinsockThread[];
  readonly rng: Prng;
  readonly sharedCount: number;
  readonly unsharedCount: number;
  /** Unshared sockets: the process index and the descriptor. */
  readonly uProc: Uint8Array;
  readonly uHandle: Float64Array;
  /** Shared sockets: the first and the second holder. */
  readonly aProc: Uint8Array;
  readonly aHandle: Float64Array;
  readonly bProc: Uint8Array;
  readonly bHandle: Float64Array;
  readonly info = new Uint8Array(628);
  readonly optval = new Uint8Array(4);
  readonly optlen = intRef(4);
  calls = 0;

  constructor(
    readonly size: number,
    processes: number,
    seed: number,
  ) {
    this.rng = new Prng(seed);
    this.sharedCount = Math.max(1, Math.floor(size / 4));
    this.unsharedCount = size - this.sharedCount;
    if (this.unsharedCount < 1) throw new Error("need at least 2 sockets");
    this.uProc = new Uint8Array(this.unsharedCount);
    this.uHandle = new Float64Array(this.unsharedCount);
    this.aProc = new Uint8Array(this.sharedCount);
    this.aHandle = new Float64Array(this.sharedCount);
    this.bProc = new Uint8Array(this.sharedCount);
    this.bHandle = new Float64Array(this.sharedCount);
    this.threads = [];
    for (let p = 0; p < processes; p++) {
      const thread = this.sim.createProcess(`P${p}`).main;
      if (thread.WSAStartup(0x0202, new WSADATA()) !== 0) throw new Error("WSAStartup failed");
      this.threads.push(thread);
    }
  }

  /** Creates the live sockets. Returns the number of calls made. */
  populate(): number {
    const before = this.calls;
    const processes = this.threads.length;
    for (let i = 0; i < this.unsharedCount; i++) {
      const p = this.rng.below(processes);
      this.uProc[i] = p;
      this.uHandle[i] = this.create(p);
    }
    for (let j = 0; j < this.sharedCount; j++) {
      const p = this.rng.below(processes);
      const q = this.otherProcess(p);
      const s = this.create(p);
      this.aProc[j] = p;
      this.aHandle[j] = s;
      this.bProc[j] = q;
      this.bHandle[j] = this.duplicate(p, s, q);
    }
    return this.calls - before;
  }

  /** Live sockets according to the kernel, to check that the workload kept the count. */
  liveSockets(): number {
    return this.sim.state.sockets.size;
  }

  otherProcess(p: number): number {
    return (p + 1 + this.rng.below(this.threads.length - 1)) % this.threads.length;
  }

  create(p: number): number {
    const thread = this.threads[p]!;
    const s = thread.socket(
      ADDRESS_FAMILIES.AF_INET,
      SOCKET_TYPES.SOCK_STREAM,
      PROTOCOLS.IPPROTO_TCP,
    );
    this.calls += 1;
    check(s !== INVALID_SOCKET, "socket", thread);
    return s;
  }

  close(p: number, s: number): void {
    const thread = this.threads[p]!;
    const ret = thread.closesocket(s);
    this.calls += 1;
    check(ret === 0, "closesocket", thread);
  }

  /** WSADuplicateSocketW from process p to q, then WSASocketW in q. Returns q's descriptor. */
  duplicate(p: number, s: number, q: number): number {
    const source = this.threads[p]!;
    const target = this.threads[q]!;
    const ret = source.WSADuplicateSocketW(s, target.pid, this.info);
    this.calls += 1;
    check(ret === 0, "WSADuplicateSocketW", source);
    const t = target.WSASocketW(
      FROM_PROTOCOL_INFO,
      FROM_PROTOCOL_INFO,
      FROM_PROTOCOL_INFO,
      this.info,
      0,
      WSA_FLAGS.WSA_FLAG_OVERLAPPED,
    );
    this.calls += 1;
    check(t !== INVALID_SOCKET, "WSASocketW", target);
    return t;
  }

  /** A random descriptor of a random live socket: [process index, descriptor]. */
  anyDescriptor(): [number, number] {
    const k = this.rng.below(this.size);
    if (k < this.unsharedCount) return [this.uProc[k]!, this.uHandle[k]!];
    const j = k - this.unsharedCount;
    return this.rng.below(2) === 0
      ? [this.aProc[j]!, this.aHandle[j]!]
      : [this.bProc[j]!, this.bHandle[j]!];
  }

  run(kind: OpKind): void {
    switch (kind) {
      case "get": {
        const [p, s] = this.anyDescriptor();
        const [level, optname] = OPTIONS[this.rng.below(OPTIONS.length)]!;
        const thread = this.threads[p]!;
        this.optlen.value = 4;
        const ret = thread.getsockopt(s, level, optname, this.optval, this.optlen);
        this.calls += 1;
        check(ret === 0, "getsockopt", thread);
        return;
      }
      case "set": {
        const [p, s] = this.anyDescriptor();
        const [level, optname, range] = OPTIONS[this.rng.below(OPTIONS.length)]!;
        const thread = this.threads[p]!;
        const ret = thread.setsockopt(s, level, optname, int32(this.rng.below(range)), 4);
        this.calls += 1;
        check(ret === 0, "setsockopt", thread);
        return;
      }
      case "churn": {
        const i = this.rng.below(this.unsharedCount);
        this.close(this.uProc[i]!, this.uHandle[i]!);
        const p = this.rng.below(this.threads.length);
        this.uProc[i] = p;
        this.uHandle[i] = this.create(p);
        return;
      }
      case "share": {
        // Unshared socket i becomes shared slot j; slot j's socket loses its second holder and
        // becomes unshared slot i.
        const i = this.rng.below(this.unsharedCount);
        const j = this.rng.below(this.sharedCount);
        const p = this.uProc[i]!;
        const s = this.uHandle[i]!;
        const q = this.otherProcess(p);
        const t = this.duplicate(p, s, q);
        this.close(this.bProc[j]!, this.bHandle[j]!);
        this.uProc[i] = this.aProc[j]!;
        this.uHandle[i] = this.aHandle[j]!;
        this.aProc[j] = p;
        this.aHandle[j] = s;
        this.bProc[j] = q;
        this.bHandle[j] = t;
        return;
      }
    }
  }

  /** Runs `ops` operations (of `only` kind, or the mix); returns the number of calls made. */
  runBlock(ops: number, only?: OpKind): number {
    const before = this.calls;
    for (let n = 0; n < ops; n++) this.run(only ?? pickKind(this.rng));
    return this.calls - before;
  }
}

// ---- Measuring ------------------------------------------------------------------------------

/** Nanoseconds per call of one timed block. */
function timeBlock(w: Workload, ops: number, only?: OpKind): number {
  const start = process.hrtime.bigint();
  const calls = w.runBlock(ops, only);
  const elapsed = Number(process.hrtime.bigint() - start);
  return elapsed / calls;
}

function main(): void {
  const settings = parseSettings(process.argv.slice(2));
  const sizes = settings.sizes;
  const largest = Math.max(...sizes);
  const smallest = Math.min(...sizes);
  const started = process.hrtime.bigint();
  console.log(
    `node ${process.version}, ${settings.processes} processes, ${settings.rounds} rounds ` +
      `(+${settings.warmupRounds} warm-up) of ${fmt(settings.ops)} mixed operations per size, ` +
      `seed ${settings.seed}`,
  );

  // Heap: the same simulation measured with its processes started and no socket, then with
  // `largest` live sockets. Its typed arrays exist before the first measurement.
  const workloads = new Map<number, Workload>();
  let big: Workload | undefined = new Workload(
    largest,
    settings.processes,
    settings.seed + largest,
  );
  const heapEmpty = heapUsed();
  const popStart = process.hrtime.bigint();
  const popCalls = big.populate();
  const popNs = Number(process.hrtime.bigint() - popStart);
  const heapFull = heapUsed();
  workloads.set(largest, big);
  big = undefined;
  const population = [{ size: largest, calls: popCalls, ns: popNs }];
  for (const size of sizes) {
    if (workloads.has(size)) continue;
    const w = new Workload(size, settings.processes, settings.seed + size);
    const t0 = process.hrtime.bigint();
    const calls = w.populate();
    population.push({ size, calls, ns: Number(process.hrtime.bigint() - t0) });
    workloads.set(size, w);
  }
  for (const [size, w] of workloads) {
    if (w.liveSockets() !== size) throw new Error(`population of ${size} left ${w.liveSockets()}`);
  }

  // Mixed workload, interleaved rounds.
  const perSize = new Map<number, number[]>(sizes.map((s) => [s, []]));
  const ratios: number[] = [];
  const totalRounds = settings.warmupRounds + settings.rounds;
  for (let round = 0; round < totalRounds; round++) {
    const order = sizes.map((_, k) => sizes[(k + round) % sizes.length]!);
    const thisRound = new Map<number, number>();
    for (const size of order) thisRound.set(size, timeBlock(workloads.get(size)!, settings.ops));
    if (round < settings.warmupRounds) continue;
    for (const [size, ns] of thisRound) perSize.get(size)!.push(ns);
    ratios.push(thisRound.get(largest)! / thisRound.get(smallest)!);
  }

  // The same per operation kind, so that a gap can be traced to a call.
  const perKind = new Map<string, number[]>();
  for (let round = 0; round < settings.kindRounds; round++) {
    for (const kind of KINDS) {
      for (let k = 0; k < sizes.length; k++) {
        const size = sizes[(k + round) % sizes.length]!;
        const ns = timeBlock(workloads.get(size)!, settings.kindOps, kind);
        const key = `${kind}@${size}`;
        if (!perKind.has(key)) perKind.set(key, []);
        perKind.get(key)!.push(ns);
      }
    }
  }

  for (const [size, w] of workloads) {
    if (w.liveSockets() !== size) throw new Error(`workload at ${size} left ${w.liveSockets()}`);
  }

  // Heap after the workload: the sockets now carry option values. Measured by dropping the
  // largest simulation and seeing what the collector frees.
  const heapWithAll = heapUsed();
  workloads.delete(largest);
  const heapWithout = heapUsed();
  const heapAfter = heapWithAll - heapWithout;

  // ---- Report ----
  console.log("\nPopulation (socket, WSADuplicateSocketW + WSASocketW for a quarter of them):");
  for (const p of population.sort((a, b) => a.size - b.size)) {
    console.log(
      `  ${fmt(p.size).padStart(8)} sockets: ${fmt(p.calls)} calls in ${fmt(p.ns / 1e6, 1)} ms ` +
        `(${fmt(p.ns / p.calls)} ns/call)`,
    );
  }

  console.log("\nMixed workload (median over rounds; p25-p75 in brackets):");
  console.log("| Live sockets | ns per call | calls per second | vs 10 |");
  console.log("|---:|---:|---:|---:|");
  const base = median(perSize.get(smallest)!);
  for (const size of sizes) {
    const values = perSize.get(size)!;
    const ns = median(values);
    console.log(
      `| ${fmt(size)} | ${fmt(ns)} (${fmt(quantile(values, 0.25))}-${fmt(quantile(values, 0.75))}) ` +
        `| ${fmt(1e9 / ns)} | ${fmt(ns / base, 2)}x |`,
    );
  }
  console.log(
    `\nRatio ${fmt(largest)} / ${fmt(smallest)}, taken within each round: median ` +
      `${fmt(median(ratios), 2)}x (min ${fmt(Math.min(...ratios), 2)}, max ` +
      `${fmt(Math.max(...ratios), 2)}) over ${ratios.length} rounds; target < 2x: ` +
      `${median(ratios) < 2 ? "met" : "MISSED"}`,
  );

  console.log(`\nBy operation (ns per call, median of ${settings.kindRounds} blocks):`);
  console.log(
    `| Operation | ${sizes.map((s) => fmt(s)).join(" | ")} | ${fmt(largest)} / ${fmt(smallest)} |`,
  );
  console.log(`|---|${sizes.map(() => "---:").join("|")}|---:|`);
  for (const kind of KINDS) {
    const medians = sizes.map((s) => median(perKind.get(`${kind}@${s}`)!));
    const ratio = medians[sizes.indexOf(largest)]! / medians[sizes.indexOf(smallest)]!;
    console.log(`| ${kind} | ${medians.map((m) => fmt(m)).join(" | ")} | ${fmt(ratio, 2)}x |`);
  }

  console.log(`\nHeap per live socket (${fmt(largest)} sockets, ${settings.processes} processes):`);
  console.log(
    `  freshly created: ${fmt((heapFull - heapEmpty) / largest)} bytes ` +
      `(${fmt((heapFull - heapEmpty) / 1024 / 1024, 1)} MiB in all)`,
  );
  console.log(
    `  after the workload (options set): ${fmt(heapAfter / largest)} bytes ` +
      `(${fmt(heapAfter / 1024 / 1024, 1)} MiB in all)`,
  );
  console.log(`\nTotal time ${fmt(Number(process.hrtime.bigint() - started) / 1e9, 1)} s`);
}

main();
