/**
 * One process's handle table. Sockets and event objects share it, as they share one handle
 * space on Windows (both are kernel handles).
 *
 * Values are non-zero multiples of 4, like Windows handle values, and a freed value is handed
 * out again: the most recently freed first (LIFO). Windows' own reuse order is not documented;
 * what is documented is that reuse happens at once (CLOSE Remarks, rule HANDLE-REUSE), and that is
 * what makes a stale descriptor dangerous.
 */
import type { HandleEntry, HandleValue, ProcessId, ProcessRecord } from "./state.js";
import { trieGet } from "./trie.js";
import { editProcess, type Writer } from "./writer.js";

/** A handle value's key in the table, or -1 for a value that cannot be a handle. */
export function handleKey(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0 || value % 4 !== 0) return -1;
  return value / 4;
}

export function lookupHandle(process: ProcessRecord, value: number): HandleEntry | undefined {
  const key = handleKey(value);
  return key < 0 ? undefined : trieGet(process.handles, key);
}

export function allocateHandle(w: Writer, pid: ProcessId, entry: HandleEntry): HandleValue {
  const process = editProcess(w, pid);
  let value: HandleValue;
  if (process.freeHandles !== null) {
    value = process.freeHandles.value;
    process.freeHandles = process.freeHandles.next;
  } else {
    value = process.nextHandle;
    process.nextHandle += 4;
  }
  w.setIn(process, "handles", value / 4, entry);
  return value;
}

export function releaseHandle(w: Writer, pid: ProcessId, value: HandleValue): void {
  const process = editProcess(w, pid);
  if (!w.deleteIn(process, "handles", value / 4)) {
    throw new Error(`kernel invariant: handle ${value} released twice in process ${process.pid}`);
  }
  process.freeHandles = { value, next: process.freeHandles };
}
