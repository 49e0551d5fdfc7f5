/**
 * getsockopt and setsockopt: the socket checks, then the option engine (../options/).
 *
 * WSANOTINITIALISED comes first and WSAENOTSOCK second, before any pointer is looked at
 * (observed fact 17: INVALID_SOCKET with NULL pointers is WSAENOTSOCK). The one exception is
 * SO_OPENTYPE, which is per-thread state and ignores the socket argument entirely (fact 140).
 */
import type { Draft } from "immer";
import { requireStarted, resolveSocket } from "../descriptors.js";
import type { BufferPointer, IntPointer, OptionOutput } from "../memory.js";
import { getOption, isThreadOption, setOption } from "../options/index.js";
import { type CallContext, requireThread } from "../processes.js";
import type { KernelState, SocketRecord } from "../state.js";
import { inspect, type Outcome, transactWith } from "../transaction.js";

export interface GetOptionArgs {
  readonly s: number;
  readonly level: number;
  readonly optname: number;
  readonly optval: BufferPointer;
  readonly optlen: IntPointer;
}

export interface SetOptionArgs {
  readonly s: number;
  readonly level: number;
  readonly optname: number;
  readonly optval: BufferPointer;
  readonly optlen: number;
}

function target(
  draft: KernelState | Draft<KernelState>,
  ctx: CallContext,
  args: { s: number; level: number; optname: number },
): Draft<SocketRecord> | null {
  requireStarted(draft, ctx);
  return isThreadOption(args.level, args.optname) ? null : resolveSocket(draft, ctx, args.s);
}

/** getsockopt only reads, so it runs on the snapshot itself, with no draft to build. */
export function getsockopt(
  state: KernelState,
  ctx: CallContext,
  args: GetOptionArgs,
): Outcome<OptionOutput> {
  return inspect(state, (plain, why) => {
    const socket = target(plain, ctx, args);
    const thread = requireThread(plain, ctx);
    why.cite("DESC-SHARED-STATE");
    return getOption(socket, thread, args.level, args.optname, args.optval, args.optlen, why);
  });
}

export function setsockopt(
  state: KernelState,
  ctx: CallContext,
  args: SetOptionArgs,
): Outcome<void> {
  return transactWith(state, (w, why) => {
    const socket = target(state, ctx, args);
    requireThread(state, ctx);
    why.cite("DESC-SHARED-STATE");
    setOption(w, ctx, socket, args.level, args.optname, args.optval, args.optlen, why);
  });
}
