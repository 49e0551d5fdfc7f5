/**
 * The facade's alertable waits and APCs: SleepEx, QueueUserAPC (kernel:
 * src/kernel/calls/alertable.ts; rules APC-*). The routines run on this thread when one of its
 * alertable waits takes them (SleepEx here, WSAWaitForMultipleEvents with fAlertable, select,
 * WSAPoll, GetQueuedCompletionStatusEx with fAlertable), after that wait's step.
 */
import type { Blocked } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle } from "../args.js";
import { type ApcRoutine, routineAddress } from "../routines.js";
import { ThreadCore } from "./core.js";
import { ThreadIoctl } from "./ioctl.js";

export abstract class ThreadAlertable extends ThreadIoctl {
  /**
   * SleepEx: with bAlertable FALSE, Sleep (returns 0). With TRUE, WAIT_IO_COMPLETION (0xC0) at
   * once if APCs are queued, after calling them; otherwise BLOCKED until an APC is queued
   * (WAIT_IO_COMPLETION) or dwMilliseconds pass (0), finished by `await`; 0 at once for 0 ms
   * (rule APC-SLEEPEX).
   */
  SleepEx(dwMilliseconds: number, bAlertable: boolean | number): number | Blocked {
    this.ready("SleepEx");
    const ms = cDword(dwMilliseconds);
    const alertable = Boolean(bAlertable);
    if (!alertable) {
      const state = kernel.advanceClock(this.sim.state, this.sim.state.clock + ms);
      this.sim.advanceTo(this.ctx, "SleepEx", [ms, false], state, ["NET-CLOCK"]);
      return 0;
    }
    const outcome = kernel.sleepEx(this.sim.state, this.ctx, ms);
    return this.blocking("SleepEx", [ms, true], outcome, (_ok, value) => {
      const alerted = value as kernel.Alerted;
      this.alerted(alerted.apcs);
      return alerted.ret;
    });
  }

  /**
   * QueueUserAPC: queues pfnAPC(dwData) to a thread. The simulator has no thread handles:
   * hThread is the thread itself (a WinsockThread of this simulation) or its thread id. Returns
   * nonzero, or 0 with ERROR_INVALID_HANDLE for no thread, ERROR_GEN_FAILURE for one that has
   * exited (rule APC-QUEUE).
   */
  QueueUserAPC(pfnAPC: ApcRoutine, hThread: ThreadCore | number, dwData: number): number {
    this.ready("QueueUserAPC");
    let thread: number | "exited" | null = null;
    if (hThread instanceof ThreadCore) {
      if (hThread.sim === this.sim) thread = hThread.alive ? hThread.tid : "exited";
    } else if (typeof hThread === "number") thread = cHandle(hThread);
    const outcome = kernel.queueUserApc(this.sim.state, this.ctx, {
      thread,
      routine: routineAddress(this.sim, pfnAPC),
      data: cDword(dwData),
    });
    const ret = outcome.ok ? 1 : 0;
    this.commit("QueueUserAPC", [pfnAPC, hThread, dwData], outcome, ret);
    return ret;
  }
}
