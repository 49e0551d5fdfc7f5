/**
 * The caller's memory a later step may write: the buffers and structures of blocked calls
 * (their end writes the results there) and the values steps saved. Going back to an earlier
 * point of a schedule puts their contents back, so that a branch never reads what another
 * branch wrote. Objects are walked through their own fields and items; bytes are copied.
 */
import type { Restore } from "../api/checkpoint.js";

export function captureMemory(roots: readonly unknown[]): Restore {
  const seen = new Set<object>();
  const restores: Restore[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const copy = bytes.slice();
      restores.push(() => bytes.set(copy));
      return;
    }
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record).map((key) => [key, record[key]] as const);
    // A frozen object cannot have changed; its fields may still lead to memory that can.
    if (!Object.isFrozen(value)) {
      const length = Array.isArray(value) ? value.length : undefined;
      restores.push(() => {
        if (Array.isArray(value) && length !== undefined) value.length = length;
        for (const [key, item] of entries) record[key] = item;
      });
    }
    for (const [, item] of entries) visit(item);
  };
  for (const root of roots) visit(root);
  return () => {
    for (const restore of restores) restore();
  };
}
