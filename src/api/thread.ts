/**
 * The Winsock facade: one object per simulated thread whose methods are Winsock functions with
 * Winsock's parameters and return conventions (SOCKET or INVALID_SOCKET, 0 or SOCKET_ERROR, the
 * error in this thread's WSAGetLastError, WSAStartup returning its code directly).
 *
 * Every method translates its arguments for the kernel, runs one kernel call, copies outputs into
 * the caller's memory, and commits the outcome. Which successful calls reset the last error to 0
 * is listed in CLEARS_ON_SUCCESS (rule ERR-SUCCESS-CLEARS).
 */
import { WSA_ERRORS } from "../constants/errors.js";
import { INVALID_SOCKET, SOCKET_ERROR } from "../constants/values.js";
import type {
  CallContext,
  CharSet,
  OptionOutput,
  Outcome,
  ProtocolInfoArg,
  WsaData,
} from "../kernel/index.js";
import * as kernel from "../kernel/index.js";
import { cDword, cHandle, cInt, cWord } from "./args.js";
import {
  type Buffer,
  bufferPointer,
  bufferWithin,
  type INVALID_POINTER,
  type IntArg,
  intPointer,
  isIntRef,
  outBuffer,
  outPointer,
} from "./memory.js";
import type { CallRecord, SimProcess, Simulation } from "./simulation.js";
import type { WSADATA } from "./wsadata.js";

/**
 * Calls whose success sets the last error to 0, as observed on Windows (fact 149: send, WSARecv,
 * setsockopt, getsockopt, bind, WSASocket, shutdown, getsockname; WSAStartup per its apitest).
 * Other successful calls leave the previous value, which is what the documentation promises
 * callers may rely on least.
 */
const CLEARS_ON_SUCCESS = new Set([
  "WSAStartup",
  "socket",
  "WSASocketA",
  "WSASocketW",
  "setsockopt",
  "getsockopt",
]);

export class WinsockThread {
  constructor(
    readonly sim: Simulation,
    readonly process: SimProcess,
    readonly tid: number,
  ) {}

  get pid(): number {
    return this.process.pid;
  }

  get ctx(): CallContext {
    return { pid: this.process.pid, tid: this.tid };
  }

  /** The record of the last call this simulation made (on any thread). */
  get last(): CallRecord | undefined {
    return this.sim.last;
  }

  #commit(
    call: string,
    args: readonly unknown[],
    outcome: Outcome<unknown>,
    ret: number | undefined,
  ): void {
    let lastError: number | undefined;
    if (!outcome.ok) lastError = outcome.error;
    else if (CLEARS_ON_SUCCESS.has(call)) lastError = 0;
    this.sim.commit(this.ctx, call, args, outcome, ret, lastError);
  }

  // ---- Startup and errors -------------------------------------------------------------------

  /** Returns 0 or the error code itself; WSAGetLastError is not the way to read it. */
  WSAStartup(
    wVersionRequested: number,
    lpWSAData: WSADATA | null | typeof INVALID_POINTER,
  ): number {
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
    this.sim.commit(this.ctx, "WSAStartup", [wVersionRequested], outcome, code, lastError);
    return code;
  }

  WSACleanup(): number {
    const outcome = kernel.wsaCleanup(this.sim.state, this.ctx);
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("WSACleanup", [], outcome, ret);
    return ret;
  }

  /** Works whether or not WSAStartup was called (rule START-REQUIRED). */
  WSAGetLastError(): number {
    return kernel.getLastError(this.sim.state, this.ctx);
  }

  WSASetLastError(iError: number): void {
    const ok: Outcome<void> = {
      ok: true,
      state: this.sim.state,
      value: undefined,
      rules: ["ERR-THREAD"],
    };
    this.sim.commit(this.ctx, "WSASetLastError", [iError], ok, undefined, iError);
  }

  GetCurrentProcessId(): number {
    return this.pid;
  }

  GetCurrentThreadId(): number {
    return this.tid;
  }

  // ---- Sockets --------------------------------------------------------------------------------

  socket(af: number, type: number, protocol: number): number {
    const outcome = kernel.socket(this.sim.state, this.ctx, {
      af: cInt(af),
      type: cInt(type),
      protocol: cInt(protocol),
    });
    const ret = outcome.ok ? outcome.value : INVALID_SOCKET;
    this.#commit("socket", [af, type, protocol], outcome, ret);
    return ret;
  }

  WSASocketA(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    return this.#wsaSocket("A", af, type, protocol, lpProtocolInfo, g, dwFlags);
  }

  WSASocketW(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    return this.#wsaSocket("W", af, type, protocol, lpProtocolInfo, g, dwFlags);
  }

  /** WSASocket is WSASocketW, as in a UNICODE build. */
  WSASocket(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    return this.#wsaSocket("W", af, type, protocol, lpProtocolInfo, g, dwFlags);
  }

  #wsaSocket(
    charSet: CharSet,
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    const outcome = kernel.wsaSocket(this.sim.state, this.ctx, {
      af: cInt(af),
      type: cInt(type),
      protocol: cInt(protocol),
      lpProtocolInfo: protocolInfoArg(lpProtocolInfo, charSet),
      g: cDword(g),
      dwFlags: cDword(dwFlags),
    });
    const ret = outcome.ok ? outcome.value : INVALID_SOCKET;
    this.#commit(
      `WSASocket${charSet}`,
      [af, type, protocol, lpProtocolInfo, g, dwFlags],
      outcome,
      ret,
    );
    return ret;
  }

  closesocket(s: number): number {
    const outcome = kernel.closesocket(this.sim.state, this.ctx, cHandle(s));
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("closesocket", [s], outcome, ret);
    return ret;
  }

  // ---- Options --------------------------------------------------------------------------------

  getsockopt(s: number, level: number, optname: number, optval: Buffer, optlen: IntArg): number {
    const length = intPointer(optlen);
    const outcome = kernel.getsockopt(this.sim.state, this.ctx, {
      s: cHandle(s),
      level: cInt(level),
      optname: cInt(optname),
      optval: bufferWithin(optval, length.kind === "int" ? length.value : 0),
      optlen: length,
    });
    const written = (outcome.ok ? outcome.value : outcome.output) as OptionOutput | undefined;
    if (written?.optval !== undefined && optval instanceof Uint8Array) optval.set(written.optval);
    if (written?.optlen !== undefined && isIntRef(optlen)) optlen.value = written.optlen;
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("getsockopt", [s, level, optname], outcome, ret);
    return ret;
  }

  setsockopt(s: number, level: number, optname: number, optval: Buffer, optlen: number): number {
    const length = cInt(optlen);
    const outcome = kernel.setsockopt(this.sim.state, this.ctx, {
      s: cHandle(s),
      level: cInt(level),
      optname: cInt(optname),
      optval: bufferWithin(optval, length),
      optlen: length,
    });
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("setsockopt", [s, level, optname, optval, optlen], outcome, ret);
    return ret;
  }

  // ---- Duplication ----------------------------------------------------------------------------

  WSADuplicateSocketA(s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    return this.#duplicate("A", s, dwProcessId, lpProtocolInfo);
  }

  WSADuplicateSocketW(s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    return this.#duplicate("W", s, dwProcessId, lpProtocolInfo);
  }

  /** WSADuplicateSocket is WSADuplicateSocketW, as in a UNICODE build. */
  WSADuplicateSocket(s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    return this.#duplicate("W", s, dwProcessId, lpProtocolInfo);
  }

  #duplicate(charSet: CharSet, s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    const outcome = kernel.duplicateSocket(this.sim.state, this.ctx, {
      s: cHandle(s),
      dwProcessId: cDword(dwProcessId),
      lpProtocolInfo: outBuffer(lpProtocolInfo, kernel.protocolInfoSize(charSet)),
    });
    if (outcome.ok && lpProtocolInfo instanceof Uint8Array) {
      lpProtocolInfo.set(kernel.encodeProtocolInfo(outcome.value, charSet));
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit(`WSADuplicateSocket${charSet}`, [s, dwProcessId], outcome, ret);
    return ret;
  }

  // ---- Event objects --------------------------------------------------------------------------

  /** Returns a WSAEVENT handle, or WSA_INVALID_EVENT (0). */
  WSACreateEvent(): number {
    const outcome = kernel.createEvent(this.sim.state, this.ctx);
    const ret = outcome.ok ? outcome.value : 0;
    this.#commit("WSACreateEvent", [], outcome, ret);
    return ret;
  }

  /** TRUE (1) or FALSE (0). */
  WSACloseEvent(hEvent: number): number {
    return this.#bool(
      "WSACloseEvent",
      hEvent,
      kernel.closeEvent(this.sim.state, this.ctx, cHandle(hEvent)),
    );
  }

  WSASetEvent(hEvent: number): number {
    return this.#bool(
      "WSASetEvent",
      hEvent,
      kernel.signalEvent(this.sim.state, this.ctx, cHandle(hEvent), true),
    );
  }

  WSAResetEvent(hEvent: number): number {
    return this.#bool(
      "WSAResetEvent",
      hEvent,
      kernel.signalEvent(this.sim.state, this.ctx, cHandle(hEvent), false),
    );
  }

  #bool(call: string, handle: number, outcome: Outcome<void>): number {
    const ret = outcome.ok ? 1 : 0;
    this.#commit(call, [handle], outcome, ret);
    return ret;
  }

  // ---- Threads and processes ------------------------------------------------------------------

  /** ExitThread. The last thread's exit ends the process. */
  ExitThread(): void {
    this.sim.apply(kernel.exitThread(this.sim.state, this.ctx));
    this.process.threadExited();
  }
}

function protocolInfoArg(buffer: Buffer, charSet: CharSet): ProtocolInfoArg {
  const pointer = bufferPointer(buffer);
  if (pointer.kind !== "buffer") return pointer;
  const info = kernel.decodeProtocolInfo(pointer.bytes, charSet);
  return info === undefined ? { kind: "truncated" } : { kind: "info", info };
}
