/**
 * GetQueuedCompletionStatusEx (kernel32; rule APC-GQCS-EX): several packets at once, and an
 * alertable wait.
 *
 * Unlike GetQueuedCompletionStatus, a packet of a failed operation does not make the call fail:
 * each OVERLAPPED_ENTRY carries the operation's NTSTATUS in Internal, and the call returns TRUE
 * whenever it removed one. FALSE means it removed none: WAIT_TIMEOUT, or WAIT_IO_COMPLETION when
 * an alertable call ran APCs instead (the function's page; Wine's kernelbase maps
 * NtRemoveIoCompletionEx's STATUS_TIMEOUT and STATUS_USER_APC to those two errors).
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { type Blocked, blockOn, OWN_PORTS, registerAttempt, WOULD_BLOCK } from "../blocking.js";
import type { OutPointer } from "../memory.js";
import type { CallContext } from "../processes.js";
import type { Apc, KernelState, PortId } from "../state.js";
import { fail, KeptFailure, type Outcome, transactWith } from "../transaction.js";
import { trieGet } from "../trie.js";
import { DraftWriter, type Writer } from "../writer.js";
import { runApcs } from "./alertable.js";
import { INFINITE, portOf, shiftPacket } from "./port-calls.js";

const E = WSA_ERRORS;

/** One OVERLAPPED_ENTRY as the call fills it. */
export interface CompletionEntry {
  readonly key: number;
  /** lpOverlapped: the OVERLAPPED's address, 0 for none. */
  readonly overlapped: number;
  /** Internal: the operation's NTSTATUS. */
  readonly internal: number;
  readonly bytes: number;
}

export interface DequeueExArgs {
  readonly port: number;
  /** ulCount: how many entries the array holds, at most this many are removed. */
  readonly count: number;
  /** lpCompletionPortEntries (room for `count` entries) and ulNumEntriesRemoved. */
  readonly outputs: readonly OutPointer[];
  readonly milliseconds: number;
  readonly alertable: boolean;
}

/** What a FALSE result carries: the APCs an alertable call ran instead (WAIT_IO_COMPLETION). */
export interface NotDequeued {
  readonly apcs: readonly Apc[];
}

interface DequeueExWait {
  readonly port: PortId;
  readonly count: number;
  readonly alertable: boolean;
}

/** Up to `count` packets, oldest first; none when the queue is empty. */
function takeEntries(w: Writer, port: PortId, count: number): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  while (entries.length < count) {
    const packet = shiftPacket(w, port);
    if (packet === undefined) break;
    entries.push({
      key: packet.key,
      overlapped: packet.overlapped,
      internal: packet.status,
      bytes: packet.bytes,
    });
  }
  return entries;
}

/** Packets win over APCs, APCs over waiting (the NT wait's order). */
function attempt(
  w: Writer,
  ctx: CallContext,
  wait: DequeueExWait,
): CompletionEntry[] | KeptFailure | undefined {
  const entries = takeEntries(w, wait.port, wait.count);
  if (entries.length > 0) return entries;
  if (!wait.alertable) return undefined;
  const apcs = runApcs(w, ctx);
  if (apcs.length === 0) return undefined;
  return new KeptFailure(E.WAIT_IO_COMPLETION, "APC-GQCS-EX", { apcs } satisfies NotDequeued);
}

registerAttempt<DequeueExWait>("GetQueuedCompletionStatusEx", (draft, ctx, _key, wait) => {
  // The port's last handle was closed while the thread waited, as for GetQueuedCompletionStatus.
  if (trieGet((draft as KernelState).completionPorts, wait.port) === undefined)
    fail(E.ERROR_ABANDONED_WAIT_0, "APC-GQCS-EX");
  return attempt(new DraftWriter(draft), ctx, wait) ?? WOULD_BLOCK;
});

/**
 * GetQueuedCompletionStatusEx: up to ulCount packets, TRUE; with none, FALSE and WAIT_TIMEOUT at
 * once for a zero timeout or when the wait times out; alertable, FALSE and WAIT_IO_COMPLETION
 * after running the thread's APCs (rule APC-GQCS-EX).
 */
export function getQueuedCompletionStatusEx(
  state: KernelState,
  ctx: CallContext,
  args: DequeueExArgs,
): Outcome<CompletionEntry[] | Blocked> {
  return transactWith(state, (w, why) => {
    const port = portOf(state, ctx, args.port);
    why.cite("APC-GQCS-EX");
    // ulCount 0 can remove nothing: refused (not observed on Windows; see docs/overlapped.md).
    if (args.count === 0) fail(E.WSA_INVALID_PARAMETER, "APC-GQCS-EX");
    if (args.outputs.some((o) => o.kind !== "valid")) fail(E.ERROR_NOACCESS, "APC-GQCS-EX");
    const wait: DequeueExWait = { port, count: args.count, alertable: args.alertable };
    const now = attempt(w, ctx, wait);
    if (now !== undefined) return now;
    if (args.milliseconds === 0)
      fail(E.WAIT_TIMEOUT, "APC-GQCS-EX", { apcs: [] } satisfies NotDequeued);
    const timeout = args.milliseconds === INFINITE ? 0 : args.milliseconds;
    return blockOn(
      w.draft(),
      ctx,
      "GetQueuedCompletionStatusEx",
      OWN_PORTS,
      wait,
      timeout,
      E.WAIT_TIMEOUT,
    );
  });
}
