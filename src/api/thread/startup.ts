/** The facade's startup and error calls: WSAStartup, WSACleanup, the last error, the ids. */
import { WSA_ERRORS } from "../../constants/errors.js";
import { SOCKET_ERROR } from "../../constants/values.js";
import type { Outcome, WsaData } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cWord } from "../args.js";
import { type INVALID_POINTER, outPointer } from "../memory.js";
import type { WSADATA } from "../wsadata.js";
import { ThreadCore } from "./core.js";

export abstract class ThreadStartup extends ThreadCore {
  // ---- Startup and errors -------------------------------------------------------------------

  /** Returns 0 or the error code itself; WSAGetLastError is not the way to read it. */
  WSAStartup(
    wVersionRequested: number,
    lpWSAData: WSADATA | null | typeof INVALID_POINTER,
  ): number {
    this.ready("WSAStartup");
    const outcome = kernel.wsaStartup(this.sim.state, this.ctx, {
      wVersionRequested: cWord(wVersionRequested),
      lpWSAData: outPointer(lpWSAData),
    });
    const data = (outcome.ok ? outcome.value : outcome.output) as WsaData | undefined;
    if (data !== undefined && outPointer(lpWSAData).kind === "valid")
      Object.assign(lpWSAData as WSADATA, data);
    const code = outcome.ok ? 0 : outcome.error;
    // A failed WSAStartup leaves a process without Winsock, and WSAGetLastError says so.
    const started = (kernel.findProcess(outcome.state, this.pid)?.startupCount ?? 0) > 0;
    const lastError = outcome.ok ? 0 : started ? undefined : WSA_ERRORS.WSANOTINITIALISED;
    this.sim.commit(
      this.ctx,
      "WSAStartup",
      [wVersionRequested, lpWSAData],
      outcome,
      code,
      lastError,
    );
    return code;
  }

  WSACleanup(): number {
    this.ready("WSACleanup");
    const outcome = kernel.wsaCleanup(this.sim.state, this.ctx);
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("WSACleanup", [], outcome, ret);
    return ret;
  }

  /** Works whether or not WSAStartup was called (rule START-REQUIRED). */
  WSAGetLastError(): number {
    // Not this.ready: a blocked thread's last error can be read, as a debugger reads it; an exited
    // thread has none.
    this.live("WSAGetLastError");
    return kernel.getLastError(this.sim.state, this.ctx);
  }

  WSASetLastError(iError: number): void {
    this.ready("WSASetLastError");
    // The parameter is a C int: 0xdeadbeef, a favourite of Wine's tests, reads back negative.
    iError |= 0;
    const ok: Outcome<void> = {
      ok: true,
      state: this.sim.state,
      value: undefined,
      rules: ["ERR-THREAD"],
    };
    this.sim.commit(this.ctx, "WSASetLastError", [iError], ok, undefined, iError);
  }

  GetCurrentProcessId(): number {
    this.live("GetCurrentProcessId");
    return this.pid;
  }

  GetCurrentThreadId(): number {
    this.live("GetCurrentThreadId");
    return this.tid;
  }
}
