/**
 * The facade's kernel32 calls: processes and their handles (CreateProcess, DuplicateHandle, the
 * handle information, CloseHandle) and ExitThread.
 */
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import { type IntArg, isIntRef, outPointer } from "../memory.js";
import type { SimProcess } from "../simulation.js";
import { asPassed } from "./arguments.js";
import { ThreadPolling } from "./polling.js";

export abstract class ThreadHandles extends ThreadPolling {
  // ---- Handles as kernel32 sees them ---------------------------------------------------------------

  /**
   * CreateProcess, reduced to what sharing needs: a new process named `name`, started by this
   * thread's process. With bInheritHandles TRUE it gets every inheritable handle of this
   * process at the same value (rule PROC-INHERIT). Returns the new process; a name already in use
   * is a driver's mistake (SimulationError), as for Simulation.createProcess.
   */
  CreateProcess(name: string, bInheritHandles: number | boolean): SimProcess {
    this.ready("CreateProcess");
    const inherit =
      typeof bInheritHandles === "boolean" ? bInheritHandles : cInt(bInheritHandles) !== 0;
    if (this.sim.hasProcess(name)) {
      throw new kernel.SimulationError(`a process named "${name}" already exists`);
    }
    const outcome = kernel.spawnProcess(this.sim.state, name, {
      parent: this.ctx,
      bInheritHandles: inherit,
    });
    if (!outcome.ok) throw new kernel.SimulationError("process creation failed");
    const child = this.sim.adopt(name, outcome.value.pid, outcome.value.tid);
    this.commit("CreateProcess", [name, inherit ? 1 : 0], outcome, 1);
    return child;
  }

  /**
   * DuplicateHandle. Processes are named by pid (a SimProcess stands for its pid): the simulator
   * has no process handles. -1 is GetCurrentProcess(); 0 (NULL) as the target only closes the
   * source, with DUPLICATE_CLOSE_SOURCE. The new value is written to lpTargetHandle.
   */
  DuplicateHandle(
    hSourceProcessHandle: SimProcess | number,
    hSourceHandle: number,
    hTargetProcessHandle: SimProcess | number,
    lpTargetHandle: IntArg,
    dwDesiredAccess: number,
    bInheritHandle: number | boolean,
    dwOptions: number,
  ): number {
    this.ready("DuplicateHandle");
    const source = processArg(hSourceProcessHandle);
    const target = processArg(hTargetProcessHandle);
    const inherit =
      typeof bInheritHandle === "boolean" ? bInheritHandle : cInt(bInheritHandle) !== 0;
    const args = [
      source,
      hSourceHandle,
      target,
      asPassed(lpTargetHandle),
      dwDesiredAccess,
      inherit ? 1 : 0,
      dwOptions,
    ];
    const pointer = outPointer(lpTargetHandle);
    const outcome = kernel.duplicateHandle(this.sim.state, this.ctx, {
      sourcePid: source,
      hSourceHandle: cHandle(hSourceHandle),
      targetPid: target,
      lpTargetHandle: pointer,
      bInheritHandle: inherit,
      dwOptions: cDword(dwOptions),
    });
    // NtDuplicateObject writes 0 there when it fails (ntdll om.c test_duplicate_object).
    if (pointer.kind === "valid" && isIntRef(lpTargetHandle))
      lpTargetHandle.value = outcome.ok ? outcome.value : 0;
    const ret = outcome.ok ? 1 : 0;
    this.commit("DuplicateHandle", args, outcome, ret);
    return ret;
  }

  /** GetHandleInformation: HANDLE_FLAG_INHERIT (or 0) through lpdwFlags. */
  GetHandleInformation(hObject: number, lpdwFlags: IntArg): number {
    this.ready("GetHandleInformation");
    const args = [hObject, asPassed(lpdwFlags)];
    const pointer = outPointer(lpdwFlags);
    const outcome = kernel.getHandleInformation(
      this.sim.state,
      this.ctx,
      cHandle(hObject),
      pointer,
    );
    if (outcome.ok && pointer.kind === "valid" && isIntRef(lpdwFlags))
      lpdwFlags.value = outcome.value;
    const ret = outcome.ok ? 1 : 0;
    this.commit("GetHandleInformation", args, outcome, ret);
    return ret;
  }

  /** SetHandleInformation: the HANDLE_FLAG_INHERIT bit of dwMask takes its value from dwFlags. */
  SetHandleInformation(hObject: number, dwMask: number, dwFlags: number): number {
    this.ready("SetHandleInformation");
    const outcome = kernel.setHandleInformation(
      this.sim.state,
      this.ctx,
      cHandle(hObject),
      cDword(dwMask),
      cDword(dwFlags),
    );
    const ret = outcome.ok ? 1 : 0;
    this.commit("SetHandleInformation", [hObject, dwMask, dwFlags], outcome, ret);
    return ret;
  }

  /** CloseHandle: closes a handle of any kind; on a socket, behind Winsock's back. */
  CloseHandle(hObject: number): number {
    return this.bool("CloseHandle", hObject, () =>
      kernel.closeHandle(this.sim.state, this.ctx, cHandle(hObject)),
    );
  }

  // ---- Threads and processes ------------------------------------------------------------------

  /** ExitThread. The last thread's exit ends the process. */
  ExitThread(): void {
    this.ready("ExitThread");
    this.sim.apply(kernel.exitThread(this.sim.state, this.ctx));
    this.process.threadExited();
  }
}

/** A process parameter: a SimProcess stands for its pid; numbers are taken as given. */
function processArg(value: SimProcess | number): number {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : Number.NaN;
  // Anything else a caller may pass names no process: ERROR_INVALID_HANDLE, not a TypeError.
  const pid = (value as { pid?: unknown } | null | undefined)?.pid;
  return typeof pid === "number" ? pid : Number.NaN;
}
