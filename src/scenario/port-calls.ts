/**
 * The I/O completion port calls a scenario can make (kernel32; rules PORT-*):
 * CreateIoCompletionPort, GetQueuedCompletionStatus and PostQueuedCompletionStatus, and the
 * cancelling calls CancelIo and CancelIoEx (rule IO-CANCEL). They are optional in WinsockApi, so
 * each adapter says plainly when the implementation it runs against has none.
 *
 * A port is a handle saved like an event's. The OVERLAPPED a packet carries is shown by the
 * name the step's process gave it (src/scenario/overlapped-calls.ts), so that a scenario can
 * expect which of its operations completed.
 */
import { INVALID_POINTER, type IntArg, isIntRef } from "../api/memory.js";
import { type OverlappedRef, overlappedRef } from "../api/thread/ports.js";
import { WAIT_VALUES } from "../constants/values.js";
import { BLOCKED } from "../kernel/index.js";
import type { Args } from "./args.js";
import { INVALID_POINTER_TEXT } from "./args.js";
import type { Adapter } from "./calls.js";
import { method } from "./handle-calls.js";
import { namedOverlapped, nameOf } from "./overlapped-calls.js";
import { ValueError } from "./values.js";
import type { WorldProcess } from "./world.js";

/** How a step writes FileHandle's INVALID_HANDLE_VALUE, besides -1. */
export const INVALID_HANDLE_VALUE_TEXT = "INVALID_HANDLE_VALUE";
/** How a step writes dwMilliseconds' INFINITE (0xFFFFFFFF), besides the number. */
export const INFINITE_TEXT = "INFINITE";
/** GetQueuedCompletionStatus's lpOverlapped output for a structure the process never named. */
export const UNNAMED_OVERLAPPED = "unnamed";

/** An integer parameter that may also be written as one kernel32 name the constants lack. */
function intOrName(a: Args, name: string, spelled: string, value: number, fallback?: number) {
  return a.has(name) && a.raw(name) === spelled ? value : a.int(name, fallback);
}

/**
 * GetQueuedCompletionStatus's lpOverlapped (an LPOVERLAPPED*): left out, a valid pointer; null,
 * NULL; "invalid", a pointer the call cannot write through.
 */
function overlappedOut(a: Args): OverlappedRef | null | typeof INVALID_POINTER {
  if (!a.has("lpOverlapped")) {
    a.raw("lpOverlapped");
    return overlappedRef();
  }
  const value = a.raw("lpOverlapped");
  if (value === null) return null;
  if (value === INVALID_POINTER_TEXT) return INVALID_POINTER;
  throw new ValueError(
    `argument "lpOverlapped": expected null or "${INVALID_POINTER_TEXT}" (left out, a valid pointer whose OVERLAPPED is an output), got ${JSON.stringify(value)}`,
  );
}

/**
 * PostQueuedCompletionStatus's and CancelIoEx's lpOverlapped: an OVERLAPPED name of the process,
 * or null.
 */
function overlappedIn(a: Args, process: WorldProcess, why: string) {
  const name = a.structName("lpOverlapped");
  if (name === INVALID_POINTER)
    throw new ValueError(
      `argument "lpOverlapped": expected the name of an OVERLAPPED or null (${why})`,
    );
  return name === null ? null : namedOverlapped(process, name);
}

const written = (pointer: IntArg) => (isIntRef(pointer) ? pointer.value : undefined);
const isTrue = (ret: number | undefined) => ret !== 0;

export const PORT_ADAPTERS: Readonly<Record<string, Adapter>> = {
  CreateIoCompletionPort: (t, a) => {
    const file = intOrName(a, "FileHandle", INVALID_HANDLE_VALUE_TEXT, -1);
    const existing = a.handle("ExistingCompletionPort", 0);
    const key = a.int("CompletionKey", 0);
    const threads = a.int("NumberOfConcurrentThreads", 0);
    const ret = method(t, "CreateIoCompletionPort")(file, existing, key, threads);
    return { ret, blocked: false, ok: isTrue, outputs: () => ({}) };
  },
  GetQueuedCompletionStatus: (t, a, process) => {
    const port = a.handle("CompletionPort");
    const bytes = a.outPointer("lpNumberOfBytesTransferred");
    const key = a.outPointer("lpCompletionKey");
    const overlapped = overlappedOut(a);
    const ms = intOrName(a, "dwMilliseconds", INFINITE_TEXT, WAIT_VALUES.WSA_INFINITE);
    const ret = method(t, "GetQueuedCompletionStatus")(port, bytes, key, overlapped, ms);
    const blocked = ret === BLOCKED;
    return {
      ret: blocked ? undefined : (ret as number),
      blocked,
      ok: isTrue,
      outputs: () => {
        const o = overlapped !== null && typeof overlapped === "object" ? overlapped.value : null;
        return {
          ...(isIntRef(bytes) ? { lpNumberOfBytesTransferred: written(bytes) } : {}),
          ...(isIntRef(key) ? { lpCompletionKey: written(key) } : {}),
          ...(overlapped !== null && typeof overlapped === "object"
            ? { lpOverlapped: o === null ? null : (nameOf(process, o) ?? UNNAMED_OVERLAPPED) }
            : {}),
        };
      },
    };
  },
  PostQueuedCompletionStatus: (t, a, process) => {
    const port = a.handle("CompletionPort");
    const bytes = a.int("dwNumberOfBytesTransferred", 0);
    const key = a.int("dwCompletionKey", 0);
    const overlapped = overlappedIn(a, process, "the port only stores the pointer");
    const ret = method(t, "PostQueuedCompletionStatus")(port, bytes, key, overlapped);
    return { ret, blocked: false, ok: isTrue, outputs: () => ({}) };
  },
  SetFileCompletionNotificationModes: (t, a) => {
    const file = a.handle("FileHandle");
    const ret = method(t, "SetFileCompletionNotificationModes")(file, a.int("Flags"));
    return { ret, blocked: false, ok: isTrue, outputs: () => ({}) };
  },
  CancelIo: (t, a) => {
    const ret = method(t, "CancelIo")(a.handle("hFile"));
    return { ret, blocked: false, ok: isTrue, outputs: () => ({}) };
  },
  CancelIoEx: (t, a, process) => {
    const file = a.handle("hFile");
    const overlapped = overlappedIn(a, process, "the call only compares the pointer");
    const ret = method(t, "CancelIoEx")(file, overlapped);
    return { ret, blocked: false, ok: isTrue, outputs: () => ({}) };
  },
};
