/** The facade's polling calls: select and WSAPoll. */
import { SOCKET_ERROR } from "../../constants/values.js";
import type { Blocked, PollResult, SelectResult } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cHandle, cInt } from "../args.js";
import { arrayWritable, fieldWritable, type InvalidPointer } from "../memory.js";
import type { TIMEVAL, WSAPOLLFD } from "../structs.js";
import { asPassed, faulted } from "./arguments.js";
import { ThreadEvents } from "./events.js";

export abstract class ThreadPolling extends ThreadEvents {
  /**
   * select(nfds, readfds, writefds, exceptfds, timeout): the sets are arrays of SOCKETs, rewritten
   * in place to their ready members; a failed call leaves them as they were.
   */
  select(
    nfds: number,
    readfds: number[] | null,
    writefds: number[] | null,
    exceptfds: number[] | null,
    timeout: TIMEVAL | null,
  ): number | Blocked {
    this.ready("select");
    void nfds; // ignored, as on Windows
    const sets = [readfds, writefds, exceptfds];
    // The sets are rewritten to their ready members: the record keeps them as passed.
    const args = [nfds, ...sets.map(asPassed), asPassed(timeout)];
    const ms =
      timeout === null || timeout === undefined
        ? null
        : Math.max(0, cInt(timeout.tv_sec)) * 1000 +
          Math.ceil(Math.max(0, cInt(timeout.tv_usec)) / 1000);
    let outcome = kernel.select(this.sim.state, this.ctx, {
      readfds: Array.isArray(readfds) ? readfds.map(cHandle) : null,
      writefds: Array.isArray(writefds) ? writefds.map(cHandle) : null,
      exceptfds: Array.isArray(exceptfds) ? exceptfds.map(cHandle) : null,
      timeout: ms,
    });
    // select reads its sets first and writes them back last, so an unwritable set (memory.ts)
    // fails only a call that got that far: WSAEFAULT, and nothing changes. A call that would
    // block fails at once rather than after its wait, which no caller can tell apart.
    if (outcome.ok && sets.some((set) => Array.isArray(set) && !arrayWritable(set)))
      outcome = faulted(this.sim.state, "SEL-SELECT");
    return this.blocking("select", args, outcome, (ok, value, output) => {
      // A failed wait may still rewrite the sets (a close under it, SEL-CLOSED): its output
      // carries them. A failure without output leaves them as passed (fact 82).
      const result = (ok ? value : output) as SelectResult | undefined;
      // APCs the wait ran (nothing was ready at once: APC-SELECT) are called after the step.
      this.alerted(result?.apcs);
      if (result !== undefined) {
        const ready = [result.readfds, result.writefds, result.exceptfds];
        sets.forEach((set, i) => {
          if (Array.isArray(set)) set.splice(0, set.length, ...(ready[i] as number[]));
        });
      }
      return ok ? (result as SelectResult).count : SOCKET_ERROR;
    });
  }

  /** WSAPoll(fdArray, fds, timeout): fills each entry's revents; returns the count of entries with any. */
  WSAPoll(
    fdArray: WSAPOLLFD[] | null | InvalidPointer,
    fds: number,
    timeout: number,
  ): number | Blocked {
    this.ready("WSAPoll");
    const args = [asPassed(fdArray), fds, timeout];
    // An entry WSAPoll would write revents into but cannot (not an object, or unwritable, as
    // memory.ts says) makes the array an invalid pointer: WSAEFAULT.
    const unwritable = (e: unknown) =>
      typeof e !== "object" || e === null || !fieldWritable(e, "revents");
    const entries =
      Array.isArray(fdArray) && !fdArray.slice(0, Math.max(0, cInt(fds))).some(unwritable)
        ? fdArray.map((e) => ({ fd: cHandle(e?.fd), events: cInt(e?.events) }))
        : fdArray === null || fdArray === undefined
          ? null
          : ("invalid" as const);
    const outcome = kernel.poll(this.sim.state, this.ctx, {
      fds: entries,
      nfds: cInt(fds),
      timeout: cInt(timeout),
    });
    return this.blocking("WSAPoll", args, outcome, (ok, value, output) => {
      // A failure after the entries were read still writes revents (SEL-POLL, fact 119): its
      // output carries them. Earlier failures (a NULL or unreadable array) carry none.
      const revents = ok ? (value as PollResult).revents : (output as number[] | undefined);
      if (ok) this.alerted((value as PollResult).apcs);
      if (Array.isArray(fdArray) && revents !== undefined)
        revents.forEach((r, i) => {
          const entry = fdArray[i];
          if (typeof entry === "object" && entry !== null) entry.revents = r;
        });
      return ok ? (value as PollResult).count : SOCKET_ERROR;
    });
  }
}
