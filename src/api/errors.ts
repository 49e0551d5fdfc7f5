/**
 * The errors the facade throws. Winsock itself never throws: every misuse of a Winsock function
 * answers with the error Windows gives. These are for what no Windows program can do at all,
 * because a thread runs one call at a time and a thread that has exited runs nothing:
 *
 * - calling on a thread that has exited, or whose process has exited (ThreadExitedError);
 * - calling on a thread that is blocked in a call (ThreadBlockedError);
 * - `await()` on a thread that is not blocked (ThreadNotBlockedError);
 * - ending or adding a thread to a process that has exited (ProcessExitedError).
 *
 * There is no Windows answer to copy for these, and any Winsock error chosen would be invented:
 * WSANOTINITIALISED, say, would let a driver's mistake pass for a program's behaviour, and a
 * thread that no longer exists has no last error to put it in. So the driver learns of its
 * mistake at once, by a typed error naming the thread, its process and the call, and the
 * simulation is left exactly as it was.
 */
import { SimulationError } from "../kernel/index.js";

/** The thread a facade error is about. */
export interface ThreadName {
  readonly process: string;
  readonly pid: number;
  readonly tid: number;
}

/** A call on a thread that has exited (ExitThread), or whose process has exited. */
export class ThreadExitedError extends SimulationError {
  constructor(
    readonly thread: ThreadName,
    readonly call: string,
    /** Whether the whole process has exited, not only this thread. */
    readonly processExited: boolean,
  ) {
    super(
      `${call} on thread ${thread.tid} of ${thread.process} (pid ${thread.pid}): ` +
        (processExited ? "the process has exited" : "the thread has exited"),
    );
    this.name = "ThreadExitedError";
  }
}

/** A call on a thread that is blocked in another call: `await()` finishes that call first. */
export class ThreadBlockedError extends SimulationError {
  constructor(
    readonly thread: ThreadName,
    readonly call: string,
    readonly blockedIn: string,
  ) {
    super(
      `${call} on thread ${thread.tid} of ${thread.process} (pid ${thread.pid}): ` +
        `the thread is blocked in ${blockedIn}; await it first`,
    );
    this.name = "ThreadBlockedError";
  }
}

/** `await()` on a thread that is not blocked in any call: there is nothing to finish. */
export class ThreadNotBlockedError extends SimulationError {
  constructor(readonly thread: ThreadName) {
    super(`await on thread ${thread.tid} of ${thread.process} (pid ${thread.pid}): not blocked`);
    this.name = "ThreadNotBlockedError";
  }
}

/** `exit()` or `createThread()` on a process that has already exited. */
export class ProcessExitedError extends SimulationError {
  constructor(
    readonly process: string,
    readonly pid: number,
    readonly call: string,
  ) {
    super(`${call} on ${process} (pid ${pid}): the process has exited`);
    this.name = "ProcessExitedError";
  }
}
