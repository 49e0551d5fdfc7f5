/**
 * How much random work the property tests do, and the count of calls they made (fixed setup
 * excluded: see setup and countWinsockCalls).
 *
 * CI runs the default scale, which is sized so that the properties together make at least
 * 1,000,000 random Winsock calls (docs/performance.md, "Random calls per npm test").
 * WINSOCK_SIM_PROPERTY_SCALE multiplies the number of runs (for example 20 for a long soak).
 * WINSOCK_SIM_SEED and WINSOCK_SIM_PATH replay a failure: the failure message prints both.
 */
import { facadeMethodNames } from "../../src/api/thread.js";

const scaleText = process.env.WINSOCK_SIM_PROPERTY_SCALE;
const scale = scaleText === undefined ? 1 : Number(scaleText);
if (!Number.isFinite(scale) || scale <= 0) {
  throw new Error(`WINSOCK_SIM_PROPERTY_SCALE must be a positive number, got "${scaleText}"`);
}

const seedText = process.env.WINSOCK_SIM_SEED;
const seed = seedText === undefined ? undefined : Number(seedText);
const path = process.env.WINSOCK_SIM_PATH;

/**
 * fast-check parameters for a property with `baseRuns` runs at scale 1. With WINSOCK_SIM_SEED
 * (and optionally WINSOCK_SIM_PATH, both printed by a failure) it replays that failure.
 */
export function runs(baseRuns: number): { numRuns: number; seed?: number; path?: string } {
  const numRuns = Math.max(1, Math.round(baseRuns * scale));
  if (seed === undefined) return { numRuns };
  return path === undefined ? { numRuns, seed } : { numRuns, seed, path };
}

let calls = 0;

/**
 * Counts `n` Winsock calls made, for a file that counts by hand. Count a call where it is made,
 * after any early return that would skip it; fixed setup (see setup) does not count. A file that
 * uses countWinsockCalls does not call this for calls made through a WinsockThread.
 */
export function countCalls(n = 1): void {
  calls += n;
}

/** The calls counted so far in this test file. */
export function callsMade(): number {
  return calls;
}

/**
 * Methods of WinsockThread that are not Winsock calls under test: reading the thread's error to
 * check a call, collecting a blocked call's result (await), and the Win32 helpers.
 */
const NOT_COUNTED = new Set([
  "await",
  "Sleep",
  "WSAGetLastError",
  "GetCurrentProcessId",
  "GetCurrentThreadId",
  "CreateWindow",
  "PeekMessage",
  "ExitThread",
]);

let setupDepth = 0;
let callDepth = 0;
const instrumented = new WeakSet<object>();

/**
 * From now on, counts every Winsock call made through a thread of `threadClass` (the
 * WinsockThread of the file's module graph), once per call however the facade implements it,
 * except inside setup(...). The count is then exact: a call is counted if and only if it is made.
 */
export function countWinsockCalls(threadClass: { prototype: object }): void {
  const proto = threadClass.prototype as Record<string, unknown>;
  if (instrumented.has(proto)) return;
  instrumented.add(proto);
  // The methods live on the family classes WinsockThread extends (src/api/thread.ts): each
  // wrapper goes on WinsockThread.prototype itself, where it shadows the inherited method.
  for (const name of facadeMethodNames(threadClass)) {
    if (NOT_COUNTED.has(name)) continue;
    const method = proto[name];
    if (typeof method !== "function") continue;
    proto[name] = function counted(this: unknown, ...args: unknown[]): unknown {
      if (callDepth === 0 && setupDepth === 0) calls += 1;
      callDepth++;
      try {
        return method.apply(this, args);
      } finally {
        callDepth--;
      }
    };
  }
}

/**
 * Runs the fixed scaffolding of a property (starting processes, building a connection), whose
 * calls are not counted: every run makes them the same way, so they say nothing of how much
 * random work was done.
 */
export function setup<T>(build: () => T): T {
  setupDepth++;
  try {
    return build();
  } finally {
    setupDepth--;
  }
}
