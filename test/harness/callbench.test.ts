/**
 * bench/native/callbench.c under Wine (or natively on Windows): every operation gets a figure.
 * Needs Wine and mingw-w64; without them the test is skipped and says why.
 */
import { describe, expect, it } from "vitest";
import { missingForCallbench, OPERATIONS, wineCallTimes } from "../../bench/native/wine-calls.js";

const missing = missingForCallbench();
if (missing !== undefined) console.log(`callbench test skipped: ${missing}`);

describe("callbench (native per-call timer)", () => {
  // About 3 s with the prefix present; the timeout leaves room for building the exe and for
  // creating the Wine prefix on first use (about 14 s).
  it.skipIf(missing !== undefined)(
    `times every operation with 16 live sockets${missing === undefined ? "" : ` (skipped: ${missing})`}`,
    { timeout: 60_000 },
    async () => {
      const result = await wineCallTimes({ live: 16, iterations: 40 });
      if (!result.ok) throw new Error(result.reason);
      expect(result.live).toBe(16);
      expect(Object.keys(result.ns).sort()).toEqual([...OPERATIONS].sort());
      for (const name of OPERATIONS) {
        const ns = result.ns[name];
        expect(Number.isFinite(ns), name).toBe(true);
        expect(ns, name).toBeGreaterThan(0);
      }
      expect(result.wine).not.toBe("");
    },
  );
});
