/**
 * How much random work the property tests do, and the count of calls they made.
 *
 * CI runs the default scale, which is sized so that the properties together make at least
 * 100,000 random Winsock calls. WINSOCK_SIM_PROPERTY_SCALE multiplies the number of runs (for
 * example 20 for a long soak). WINSOCK_SIM_SEED and WINSOCK_SIM_PATH replay a failure: the
 * failure message prints both.
 */
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

/** Counts Winsock calls made by property tests. */
export function countCalls(n = 1): void {
  calls += n;
}

export function callsMade(): number {
  return calls;
}
