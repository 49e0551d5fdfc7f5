/**
 * What both benchmarks share: a seeded PRNG (the workload is the same on every run) and the
 * statistics and formatting of their tables.
 */

/** mulberry32: a small, fast 32-bit PRNG; plenty for choosing sockets, options and sizes. */
export class Prng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * n);
  }
  /** Fills `bytes` with pseudo-random data. */
  fill(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) bytes[i] = this.next() & 0xff;
  }
}

/** Full collections: needs node --expose-gc (the npm scripts pass it). */
export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined)
    throw new Error("run with node --expose-gc (the npm bench scripts do)");
  // Several passes: weak references and finalizers can leave garbage for a second collection.
  for (let i = 0; i < 4; i++) collect();
}

export function heapUsed(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** How one command-line option sets a field: its name and how to read the value. */
export type OptionReader<S> = readonly [flag: string, apply: (settings: S, value: string) => void];

export const numberField =
  <S>(field: { [K in keyof S]: S[K] extends number ? K : never }[keyof S]) =>
  (settings: S, value: string): void => {
    (settings as Record<string, unknown>)[field as string] = Number(value);
  };

export const listField =
  <S>(field: { [K in keyof S]: S[K] extends number[] ? K : never }[keyof S]) =>
  (settings: S, value: string): void => {
    (settings as Record<string, unknown>)[field as string] = value.split(",").map(Number);
  };

/** Reads `--flag value` pairs into `settings`; an unknown flag or a missing value throws. */
export function readOptions<S>(
  argv: readonly string[],
  settings: S,
  readers: readonly OptionReader<S>[],
): S {
  const byFlag = new Map(readers);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i] as string;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value after ${name}`);
    const apply = byFlag.get(name);
    if (apply === undefined) throw new Error(`unknown option ${name}`);
    apply(settings, value);
  }
  return settings;
}
