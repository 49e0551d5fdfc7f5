/**
 * The facade's completion-port calls (kernel32): CreateIoCompletionPort,
 * GetQueuedCompletionStatus, PostQueuedCompletionStatus, CancelIo, CancelIoEx (kernel:
 * src/kernel/calls/port-calls.ts; rules PORT-*), and SetFileCompletionNotificationModes
 * (src/kernel/completion-modes.ts; rules DGIO-MODES, DGIO-SKIP-*). Handles are numbers as elsewhere; a function that returns a HANDLE returns 0 for
 * NULL, and the error is the thread's last error (GetLastError is WSAGetLastError here).
 */
import type { Blocked, Dequeued } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import { fieldWritable, type IntArg, isIntRef, outPointer } from "../memory.js";
import { OVERLAPPED_ENTRY, WSAOVERLAPPED } from "../structs.js";
import { asPassed } from "./arguments.js";
import { ThreadOverlapped } from "./overlapped.js";

/** GetQueuedCompletionStatus's lpOverlapped: where it writes the OVERLAPPED's pointer. */
export interface OverlappedRef {
  value: WSAOVERLAPPED | null;
}

export function overlappedRef(): OverlappedRef {
  return { value: null };
}

/** lpOverlapped as the kernel sees it: an object whose `value` the call may write. */
function overlappedRefPointer(ref: unknown): kernel.OutPointer {
  if (ref === null || ref === undefined) return { kind: "null" };
  if (typeof ref !== "object" || !fieldWritable(ref, "value")) return { kind: "invalid" };
  return { kind: "valid" };
}

export abstract class ThreadPorts extends ThreadOverlapped {
  // ---- I/O completion ports -----------------------------------------------------------------

  /**
   * CreateIoCompletionPort: a new port (FileHandle INVALID_HANDLE_VALUE, -1), or a socket's
   * association with a port. Returns the port's handle, or 0 (NULL) with the error.
   */
  CreateIoCompletionPort(
    FileHandle: number,
    ExistingCompletionPort: number,
    CompletionKey: number,
    NumberOfConcurrentThreads: number,
  ): number {
    this.ready("CreateIoCompletionPort");
    const args = [FileHandle, ExistingCompletionPort, CompletionKey, NumberOfConcurrentThreads];
    const file = cInt(FileHandle);
    const outcome = kernel.createIoCompletionPort(this.sim.state, this.ctx, {
      fileHandle: file === -1 ? -1 : cHandle(FileHandle),
      existingPort: cHandle(ExistingCompletionPort),
      key: cDword(CompletionKey),
      concurrentThreads: cDword(NumberOfConcurrentThreads),
    });
    const ret = outcome.ok ? outcome.value : 0;
    this.commit("CreateIoCompletionPort", args, outcome, ret);
    return ret;
  }

  /**
   * GetQueuedCompletionStatus: TRUE (1) with a packet, FALSE (0) with a failed operation's packet
   * (written too) or with none (lpOverlapped NULL); BLOCKED while it waits, finished by `await`.
   */
  GetQueuedCompletionStatus(
    CompletionPort: number,
    lpNumberOfBytesTransferred: IntArg,
    lpCompletionKey: IntArg,
    lpOverlapped: OverlappedRef | null,
    dwMilliseconds: number,
  ): number | Blocked {
    this.ready("GetQueuedCompletionStatus");
    const args = [
      CompletionPort,
      asPassed(lpNumberOfBytesTransferred),
      asPassed(lpCompletionKey),
      lpOverlapped,
      dwMilliseconds,
    ];
    const outputs = [
      outPointer(lpNumberOfBytesTransferred),
      outPointer(lpCompletionKey),
      overlappedRefPointer(lpOverlapped),
    ];
    const outcome = kernel.getQueuedCompletionStatus(this.sim.state, this.ctx, {
      port: cHandle(CompletionPort),
      milliseconds: cDword(dwMilliseconds),
      outputs,
    });
    // The pointer is cleared first: a call that finds no packet leaves NULL there.
    if (outputs[2]?.kind === "valid") (lpOverlapped as OverlappedRef).value = null;
    return this.blocking("GetQueuedCompletionStatus", args, outcome, (ok, value, output) => {
      const packet = (ok ? value : output) as Dequeued | undefined;
      if (packet !== undefined) {
        if (isIntRef(lpNumberOfBytesTransferred)) lpNumberOfBytesTransferred.value = packet.bytes;
        if (isIntRef(lpCompletionKey)) lpCompletionKey.value = packet.key;
        if (outputs[2]?.kind === "valid")
          (lpOverlapped as OverlappedRef).value = this.sim.memory.objectAt(packet.overlapped);
      }
      return ok ? 1 : 0;
    });
  }

  /**
   * GetQueuedCompletionStatusEx: removes up to ulCount packets into lpCompletionPortEntries
   * (OVERLAPPED_ENTRY objects, written in order) and their number into ulNumEntriesRemoved;
   * TRUE (1). FALSE (0) when it removed none: WAIT_TIMEOUT, or with fAlertable
   * WAIT_IO_COMPLETION after calling this thread's APCs; ulNumEntriesRemoved then reads 1, as
   * Windows writes it. BLOCKED while it waits, finished by `await` (rule APC-GQCS-EX).
   */
  GetQueuedCompletionStatusEx(
    CompletionPort: number,
    lpCompletionPortEntries: OVERLAPPED_ENTRY[] | null,
    ulCount: number,
    ulNumEntriesRemoved: IntArg,
    dwMilliseconds: number,
    fAlertable: boolean | number,
  ): number | Blocked {
    this.ready("GetQueuedCompletionStatusEx");
    const count = cDword(ulCount);
    const alertable = Boolean(fAlertable);
    const args = [
      CompletionPort,
      asPassed(lpCompletionPortEntries),
      ulCount,
      asPassed(ulNumEntriesRemoved),
      dwMilliseconds,
      alertable,
    ];
    const entries = lpCompletionPortEntries;
    // The array must hold ulCount writable entries: the call may fill any of them.
    const entriesOk =
      Array.isArray(entries) &&
      entries.length >= count &&
      entries
        .slice(0, count)
        .every((e) => e instanceof OVERLAPPED_ENTRY && fieldWritable(e, "Internal"));
    const outcome = kernel.getQueuedCompletionStatusEx(this.sim.state, this.ctx, {
      port: cHandle(CompletionPort),
      count,
      outputs: [
        entriesOk ? { kind: "valid" } : { kind: entries === null ? "null" : "invalid" },
        outPointer(ulNumEntriesRemoved),
      ],
      milliseconds: cDword(dwMilliseconds),
      alertable,
    });
    const waited = outcome.ok && outcome.value === kernel.BLOCKED;
    return this.blocking("GetQueuedCompletionStatusEx", args, outcome, (ok, value, output) => {
      if (ok) {
        const taken = value as kernel.CompletionEntry[];
        taken.forEach((packet, i) => {
          const entry = (entries as OVERLAPPED_ENTRY[])[i] as OVERLAPPED_ENTRY;
          entry.lpCompletionKey = packet.key;
          entry.lpOverlapped = this.sim.memory.objectAt(packet.overlapped);
          entry.Internal = packet.internal;
          entry.dwNumberOfBytesTransferred = packet.bytes;
        });
        if (isIntRef(ulNumEntriesRemoved)) ulNumEntriesRemoved.value = taken.length;
        return 1;
      }
      // A call that removed nothing after looking (a timeout, APCs, the port closed under its
      // wait) writes 1 into ulNumEntriesRemoved, as Windows does after a timeout (Wine's
      // ntdll test_set_io_completion, run on Windows); a call refused at once writes nothing.
      const ended = output as kernel.NotDequeued | undefined;
      if ((ended !== undefined || waited) && isIntRef(ulNumEntriesRemoved))
        ulNumEntriesRemoved.value = 1;
      this.alerted(ended?.apcs);
      return 0;
    });
  }

  /** CancelIo: cancels this thread's pending operations on the socket; TRUE (1) or FALSE (0). */
  CancelIo(hFile: number): number {
    this.ready("CancelIo");
    const outcome = kernel.cancelIo(this.sim.state, this.ctx, cHandle(hFile));
    const ret = outcome.ok ? 1 : 0;
    this.commit("CancelIo", [hFile], outcome, ret);
    return ret;
  }

  /**
   * CancelIoEx: cancels this process's pending operations on the socket, or only the one with
   * lpOverlapped; FALSE (0) with ERROR_NOT_FOUND when there is none.
   */
  CancelIoEx(hFile: number, lpOverlapped: WSAOVERLAPPED | null): number {
    this.ready("CancelIoEx");
    const overlapped =
      lpOverlapped instanceof WSAOVERLAPPED ? this.sim.memory.addressOf(lpOverlapped) : 0;
    const outcome = kernel.cancelIoEx(this.sim.state, this.ctx, cHandle(hFile), overlapped);
    const ret = outcome.ok ? 1 : 0;
    this.commit("CancelIoEx", [hFile, lpOverlapped], outcome, ret);
    return ret;
  }

  /**
   * SetFileCompletionNotificationModes: adds FILE_SKIP_COMPLETION_PORT_ON_SUCCESS and
   * FILE_SKIP_SET_EVENT_ON_HANDLE to the socket's modes (Flags is a UCHAR; other bits are
   * ignored, and no mode is ever removed). TRUE (1), or FALSE (0) with ERROR_INVALID_HANDLE for
   * a handle that is not a socket, ERROR_INVALID_PARAMETER for a socket not made for overlapped
   * I/O (rules DGIO-MODES, DGIO-SKIP-PORT, DGIO-SKIP-HANDLE).
   */
  SetFileCompletionNotificationModes(FileHandle: number, Flags: number): number {
    this.ready("SetFileCompletionNotificationModes");
    const outcome = kernel.setFileCompletionNotificationModes(
      this.sim.state,
      this.ctx,
      cHandle(FileHandle),
      cDword(Flags),
    );
    const ret = outcome.ok ? 1 : 0;
    this.commit("SetFileCompletionNotificationModes", [FileHandle, Flags], outcome, ret);
    return ret;
  }

  /** PostQueuedCompletionStatus: TRUE (1), or FALSE (0) for a handle that is not a port. */
  PostQueuedCompletionStatus(
    CompletionPort: number,
    dwNumberOfBytesTransferred: number,
    dwCompletionKey: number,
    lpOverlapped: WSAOVERLAPPED | null,
  ): number {
    this.ready("PostQueuedCompletionStatus");
    const args = [CompletionPort, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped];
    const outcome = kernel.postQueuedCompletionStatus(this.sim.state, this.ctx, {
      port: cHandle(CompletionPort),
      bytes: cDword(dwNumberOfBytesTransferred),
      key: cDword(dwCompletionKey),
      overlapped:
        lpOverlapped instanceof WSAOVERLAPPED ? this.sim.memory.addressOf(lpOverlapped) : 0,
    });
    const ret = outcome.ok ? 1 : 0;
    this.commit("PostQueuedCompletionStatus", args, outcome, ret);
    return ret;
  }
}
