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
import { INVALID_SOCKET, SOCKET_ERROR, WAIT_VALUES } from "../constants/values.js";
import type {
  AcceptResult,
  Blocked,
  CallContext,
  CharSet,
  KernelState,
  OptionOutput,
  Outcome,
  PollResult,
  ProtocolInfoArg,
  Received,
  SelectResult,
  WsaData,
} from "../kernel/index.js";
import * as kernel from "../kernel/index.js";
import { BLOCKED } from "../kernel/index.js";
import { cDword, cHandle, cInt, cWord } from "./args.js";
import {
  ThreadBlockedError,
  ThreadExitedError,
  type ThreadName,
  ThreadNotBlockedError,
} from "./errors.js";
import {
  arrayWritable,
  type Buffer,
  bufferPointer,
  bufferWithin,
  fieldWritable,
  type INVALID_POINTER,
  type IntArg,
  type InvalidPointer,
  intPointer,
  isIntRef,
  outBuffer,
  outPointer,
  reusedOut,
  writable,
  writeOut,
} from "./memory.js";
import type { CallRecord, SimProcess, Simulation } from "./simulation.js";
import { MSG, type TIMEVAL, WSANETWORKEVENTS, type WSAPOLLFD } from "./structs.js";
import type { WSADATA } from "./wsadata.js";

/**
 * Calls whose success sets the last error to 0 (rule ERR-SUCCESS-CLEARS). Observed on Windows
 * (Wine's tests, run on Windows, set 0xdeadbeef first): send, recv, recvfrom, sendto, WSAPoll,
 * setsockopt, getsockopt, bind, WSASocket, shutdown, getsockname; WSAStartup per its apitest.
 * The other calls that reach the socket provider are listed too: every provider call Windows
 * was seen on resets the value since Windows 7, and Wine 8 resets it for most of them. Wine 8
 * does not after a successful closesocket, WSADuplicateSocket, WSAStartup, connect, or WSASocket
 * on a duplicated WSAPROTOCOL_INFO: Wine deviations whose Windows side is unverified (except a
 * process's first WSAStartup, checked by ReactOS's apitest), so they stay listed here.
 * WSACreateEvent is CreateEvent, which sets the last error to 0 on success (kernel32's own
 * test, run on Windows, checks it). The other event-object calls are thin kernel32 wrappers
 * (SetEvent, WaitForMultipleObjectsEx) and leave it as it was, as do WSACleanup and the
 * pseudo-calls.
 */
const CLEARS_ON_SUCCESS = new Set([
  // Observed on Windows.
  "WSAStartup",
  "socket",
  "WSASocketA",
  "WSASocketW",
  "setsockopt",
  "getsockopt",
  "bind",
  "send",
  "sendto",
  "recv",
  "recvfrom",
  "shutdown",
  "getsockname",
  "WSAPoll",
  // CreateEventW ends with SetLastError(0) on success (Wine's kernelbase, and kernel32's
  // test_event checks GetLastError() == 0 after a successful CreateEventA on Windows).
  "WSACreateEvent",
  // Inferred from the pattern above and Wine's behaviour (no Windows test either way).
  "select",
  "accept",
  "connect",
  "listen",
  "closesocket",
  "ioctlsocket",
  "getpeername",
  "WSAEventSelect",
  "WSAAsyncSelect",
  "WSAEnumNetworkEvents",
  "WSADuplicateSocketA",
  "WSADuplicateSocketW",
]);

/** Turns a finished call's kernel result into its return value, writing its outputs. */
type Finish = (ok: boolean, value: unknown, output: unknown) => number;

/** A blocking call in progress on this thread. */
interface Waiting {
  readonly call: string;
  readonly finish: Finish;
  /** The call's arguments as recorded; the await record repeats them. */
  readonly args: readonly unknown[];
  /** The call's first argument (its socket, for re-enabling events when it ends). */
  readonly socket: unknown;
}

export class WinsockThread {
  #waiting: Waiting | null = null;

  constructor(
    readonly sim: Simulation,
    readonly process: SimProcess,
    readonly tid: number,
  ) {}

  /** The call this thread is blocked in, if any; undefined once the thread has exited. */
  get blockedIn(): string | undefined {
    return this.alive ? this.#waiting?.call : undefined;
  }

  /**
   * Whether the thread still exists: false after its ExitThread or its process's exit. Every
   * call on a thread that is not alive throws ThreadExitedError (errors.ts says why).
   */
  get alive(): boolean {
    return kernel.findProcess(this.sim.state, this.pid)?.threads[this.tid] !== undefined;
  }

  #who(): ThreadName {
    return { process: this.process.name, pid: this.pid, tid: this.tid };
  }

  /** A thread that has exited runs no code, so it makes no call (see errors.ts). */
  #live(call: string): void {
    if (!this.alive)
      throw new ThreadExitedError(
        this.#who(),
        call,
        kernel.findProcess(this.sim.state, this.pid) === undefined,
      );
  }

  /**
   * A thread makes one call at a time: a blocked thread cannot make another until `await`
   * finishes the first. Checked before anything is computed, so the throw changes nothing.
   */
  #ready(call: string): void {
    this.#live(call);
    if (this.#waiting !== null) throw new ThreadBlockedError(this.#who(), call, this.#waiting.call);
  }

  /**
   * Runs a call that may block: an immediate result is finished at once; a blocked call
   * returns BLOCKED and is finished by `await`.
   */
  #blocking(
    call: string,
    args: readonly unknown[],
    outcome: Outcome<unknown>,
    finish: Finish,
  ): number | Blocked {
    if (outcome.ok && outcome.value === BLOCKED) {
      this.#waiting = { call, finish, args, socket: args[0] };
      this.sim.commit(
        this.ctx,
        call,
        args,
        this.#reenabled(call, args[0], outcome, 0),
        undefined,
        undefined,
        true,
      );
      return BLOCKED;
    }
    const ret = outcome.ok
      ? finish(true, outcome.value, undefined)
      : finish(false, undefined, outcome.output);
    this.#commit(call, args, outcome, ret);
    return ret;
  }

  /**
   * Finishes the call this thread is blocked in. When nothing can make it finish now, virtual
   * time moves to the next timer (a timeout somewhere) until it finishes; with no timer left
   * the thread stays blocked and BLOCKED is returned (rule NET-CLOCK).
   */
  await(): number | Blocked {
    this.#live("await");
    const waiting = this.#waiting;
    // A typed error rather than a value: any number returned here could pass for a call's
    // result, and a driver that awaits a call that never blocked has lost track of its thread.
    if (waiting === null) throw new ThreadNotBlockedError(this.#who());
    let state = this.sim.state;
    let collected = kernel.collect(state, this.ctx);
    while (collected.completion === null) {
      const timer = kernel.nextTimer(state);
      if (timer === undefined) return BLOCKED;
      state = kernel.advanceClock(state, timer.deadline);
      collected = kernel.collect(state, this.ctx);
    }
    const completion = collected.completion;
    this.#waiting = null;
    const ret = completion.ok
      ? waiting.finish(true, completion.value, undefined)
      : waiting.finish(false, undefined, completion.output);
    let lastError: number | undefined;
    if (!completion.ok) lastError = completion.error;
    else if (CLEARS_ON_SUCCESS.has(waiting.call)) lastError = 0;
    const finished = { ok: completion.ok, state: collected.state, rules: [...completion.rules] };
    this.sim.commit(
      this.ctx,
      `await ${waiting.call}`,
      waiting.args,
      this.#reenabled(waiting.call, waiting.socket, finished, lastError ?? 0),
      ret,
      lastError,
    );
    return ret;
  }

  /** Sleep: this thread waits `ms` of virtual time; timers due meanwhile fire (NET-CLOCK). */
  Sleep(dwMilliseconds: number): void {
    this.#ready("Sleep");
    const ms = cDword(dwMilliseconds);
    const state = kernel.advanceClock(this.sim.state, this.sim.state.clock + ms);
    this.sim.advanceTo(this.ctx, "Sleep", [ms], state, ["NET-CLOCK"]);
  }

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
    this.sim.commit(
      this.ctx,
      call,
      args,
      this.#reenabled(call, args[0], outcome, lastError ?? 0),
      ret,
      lastError,
    );
  }

  /** The outcome after `call`'s re-enabling of network events on socket `s` (EVT-REENABLE). */
  #reenabled<T extends { readonly state: KernelState; readonly rules: readonly string[] }>(
    call: string,
    s: unknown,
    outcome: T,
    error: number,
  ): T {
    const after = kernel.reenableAfterCall(outcome.state, this.ctx, call, cHandle(s), error);
    if (after.state === outcome.state) return outcome;
    return { ...outcome, state: after.state, rules: [...outcome.rules, ...after.rules] };
  }

  // ---- Startup and errors -------------------------------------------------------------------

  /** Returns 0 or the error code itself; WSAGetLastError is not the way to read it. */
  WSAStartup(
    wVersionRequested: number,
    lpWSAData: WSADATA | null | typeof INVALID_POINTER,
  ): number {
    this.#ready("WSAStartup");
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
    this.#ready("WSACleanup");
    const outcome = kernel.wsaCleanup(this.sim.state, this.ctx);
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("WSACleanup", [], outcome, ret);
    return ret;
  }

  /** Works whether or not WSAStartup was called (rule START-REQUIRED). */
  WSAGetLastError(): number {
    // Not #ready: a blocked thread's last error can be read, as a debugger reads it; an exited
    // thread has none.
    this.#live("WSAGetLastError");
    return kernel.getLastError(this.sim.state, this.ctx);
  }

  WSASetLastError(iError: number): void {
    this.#ready("WSASetLastError");
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
    this.#live("GetCurrentProcessId");
    return this.pid;
  }

  GetCurrentThreadId(): number {
    this.#live("GetCurrentThreadId");
    return this.tid;
  }

  // ---- Sockets --------------------------------------------------------------------------------

  socket(af: number, type: number, protocol: number): number {
    this.#ready("socket");
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
    this.#ready(`WSASocket${charSet}`);
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

  /** Returns 0 or SOCKET_ERROR; a lingering close of a blocking socket may block (NET-LINGER). */
  closesocket(s: number): number | Blocked {
    this.#ready("closesocket");
    const outcome = kernel.closesocket(this.sim.state, this.ctx, cHandle(s));
    return this.#blocking("closesocket", [s], outcome, (ok) => (ok ? 0 : SOCKET_ERROR));
  }

  // ---- Addresses and connections ------------------------------------------------------------

  bind(s: number, name: Buffer, namelen: number): number {
    this.#ready("bind");
    const length = cInt(namelen);
    const outcome = kernel.bind(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferWithin(name, length),
      namelen: length,
    });
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("bind", [s, name, namelen], outcome, ret);
    return ret;
  }

  listen(s: number, backlog: number): number {
    this.#ready("listen");
    const outcome = kernel.listen(this.sim.state, this.ctx, cHandle(s), cInt(backlog));
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("listen", [s, backlog], outcome, ret);
    return ret;
  }

  /** Returns the new SOCKET, INVALID_SOCKET, or BLOCKED. */
  accept(s: number, addr: Buffer = null, addrlen: IntArg = null): number | Blocked {
    this.#ready("accept");
    const args = [s, addr, asPassed(addrlen)];
    const outcome = kernel.accept(this.sim.state, this.ctx, {
      s: cHandle(s),
      addr: bufferPointer(addr),
      addrlen: intPointer(addrlen),
    });
    return this.#blocking("accept", args, outcome, (ok, value) => {
      if (!ok) return INVALID_SOCKET;
      const result = value as AcceptResult;
      if (result.addr !== undefined && addr instanceof Uint8Array) addr.set(result.addr);
      if (result.addrlen !== undefined && isIntRef(addrlen)) addrlen.value = result.addrlen;
      return result.socket;
    });
  }

  connect(s: number, name: Buffer, namelen: number): number | Blocked {
    this.#ready("connect");
    const length = cInt(namelen);
    const outcome = kernel.connect(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferWithin(name, length),
      namelen: length,
    });
    return this.#blocking("connect", [s, name, namelen], outcome, (ok) => (ok ? 0 : SOCKET_ERROR));
  }

  getsockname(s: number, name: Buffer, namelen: IntArg): number {
    return this.#name("getsockname", kernel.getsockname, s, name, namelen);
  }

  getpeername(s: number, name: Buffer, namelen: IntArg): number {
    return this.#name("getpeername", kernel.getpeername, s, name, namelen);
  }

  #name(
    call: string,
    query: typeof kernel.getsockname,
    s: number,
    name: Buffer,
    namelen: IntArg,
  ): number {
    this.#ready(call);
    const args = [s, name, asPassed(namelen)];
    const outcome = query(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferPointer(name),
      namelen: intPointer(namelen),
    });
    if (outcome.ok && name instanceof Uint8Array && isIntRef(namelen)) {
      name.set(outcome.value.name);
      namelen.value = outcome.value.namelen;
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit(call, args, outcome, ret);
    return ret;
  }

  shutdown(s: number, how: number): number {
    this.#ready("shutdown");
    const outcome = kernel.shutdown(this.sim.state, this.ctx, cHandle(s), cInt(how));
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("shutdown", [s, how], outcome, ret);
    return ret;
  }

  /** ioctlsocket(s, cmd, argp): argp is an IntRef holding the u_long in and out. */
  ioctlsocket(s: number, cmd: number, argp: IntArg): number {
    this.#ready("ioctlsocket");
    const args = [s, cmd, asPassed(argp)];
    const outcome = kernel.ioctlsocket(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cDword(cmd),
      intPointer(argp),
    );
    if (outcome.ok && outcome.value.argp !== undefined && isIntRef(argp))
      argp.value = outcome.value.argp;
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("ioctlsocket", args, outcome, ret);
    return ret;
  }

  // ---- Data ---------------------------------------------------------------------------------

  send(s: number, buf: Buffer, len: number, flags: number): number | Blocked {
    return this.#send("send", s, buf, len, flags, undefined);
  }

  sendto(
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    to: Buffer,
    tolen: number,
  ): number | Blocked {
    return this.#send("sendto", s, buf, len, flags, { to, tolen });
  }

  #send(
    call: string,
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    target: { to: Buffer; tolen: number } | undefined,
  ): number | Blocked {
    this.#ready(call);
    const length = cInt(len);
    const outcome = kernel.send(this.sim.state, this.ctx, {
      s: cHandle(s),
      buf: bufferPointer(buf),
      len: length,
      flags: cInt(flags),
      ...(target === undefined
        ? {}
        : {
            to: { name: bufferWithin(target.to, cInt(target.tolen)), namelen: cInt(target.tolen) },
          }),
    });
    const args =
      target === undefined ? [s, buf, len, flags] : [s, buf, len, flags, target.to, target.tolen];
    return this.#blocking(call, args, outcome, (ok, value) =>
      ok ? (value as number) : SOCKET_ERROR,
    );
  }

  recv(s: number, buf: Buffer, len: number, flags: number): number | Blocked {
    return this.#recv("recv", s, buf, len, flags, undefined);
  }

  recvfrom(
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    from: Buffer,
    fromlen: IntArg,
  ): number | Blocked {
    return this.#recv("recvfrom", s, buf, len, flags, { from, fromlen });
  }

  #recv(
    call: string,
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    source: { from: Buffer; fromlen: IntArg } | undefined,
  ): number | Blocked {
    this.#ready(call);
    const args =
      source === undefined
        ? [s, buf, len, flags]
        : [s, buf, len, flags, source.from, asPassed(source.fromlen)];
    const outcome = kernel.recv(this.sim.state, this.ctx, {
      s: cHandle(s),
      buf: bufferPointer(buf),
      len: cInt(len),
      flags: cInt(flags),
      ...(source === undefined
        ? {}
        : { from: { name: bufferPointer(source.from), namelen: intPointer(source.fromlen) } }),
    });
    return this.#blocking(call, args, outcome, (ok, value, output) => {
      // A datagram cut short (WSAEMSGSIZE) still fills the buffer.
      const received = (ok ? value : output) as Received | undefined;
      if (received !== undefined) {
        if (buf instanceof Uint8Array) buf.set(received.data);
        if (
          received.from !== undefined &&
          source !== undefined &&
          source.from instanceof Uint8Array
        ) {
          source.from.set(received.from);
          if (isIntRef(source.fromlen)) source.fromlen.value = received.from.length;
        }
      }
      return ok ? (received as Received).count : SOCKET_ERROR;
    });
  }

  // ---- Options --------------------------------------------------------------------------------

  getsockopt(s: number, level: number, optname: number, optval: Buffer, optlen: IntArg): number {
    this.#ready("getsockopt");
    const args = [s, level, optname, optval, asPassed(optlen)];
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
    this.#commit("getsockopt", args, outcome, ret);
    return ret;
  }

  setsockopt(s: number, level: number, optname: number, optval: Buffer, optlen: number): number {
    this.#ready("setsockopt");
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
    this.#ready(`WSADuplicateSocket${charSet}`);
    const outcome = kernel.duplicateSocket(this.sim.state, this.ctx, {
      s: cHandle(s),
      dwProcessId: cDword(dwProcessId),
      lpProtocolInfo: outBuffer(lpProtocolInfo, kernel.protocolInfoSize(charSet)),
    });
    if (outcome.ok && lpProtocolInfo instanceof Uint8Array) {
      lpProtocolInfo.set(kernel.encodeProtocolInfo(outcome.value, charSet));
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit(`WSADuplicateSocket${charSet}`, [s, dwProcessId, lpProtocolInfo], outcome, ret);
    return ret;
  }

  // ---- Event objects --------------------------------------------------------------------------

  /** Returns a WSAEVENT handle, or WSA_INVALID_EVENT (0). */
  WSACreateEvent(): number {
    this.#ready("WSACreateEvent");
    const outcome = kernel.createEvent(this.sim.state, this.ctx);
    const ret = outcome.ok ? outcome.value : 0;
    this.#commit("WSACreateEvent", [], outcome, ret);
    return ret;
  }

  /** TRUE (1) or FALSE (0). */
  WSACloseEvent(hEvent: number): number {
    return this.#bool("WSACloseEvent", hEvent, () =>
      kernel.closeEvent(this.sim.state, this.ctx, cHandle(hEvent)),
    );
  }

  WSASetEvent(hEvent: number): number {
    return this.#bool("WSASetEvent", hEvent, () =>
      kernel.signalEvent(this.sim.state, this.ctx, cHandle(hEvent), true),
    );
  }

  WSAResetEvent(hEvent: number): number {
    return this.#bool("WSAResetEvent", hEvent, () =>
      kernel.signalEvent(this.sim.state, this.ctx, cHandle(hEvent), false),
    );
  }

  /** The kernel call runs only after #ready: on an exited thread it would have no process. */
  #bool(call: string, handle: number, run: () => Outcome<void>): number {
    this.#ready(call);
    const outcome = run();
    const ret = outcome.ok ? 1 : 0;
    this.#commit(call, [handle], outcome, ret);
    return ret;
  }

  // ---- Network event notification ---------------------------------------------------------------

  WSAEventSelect(s: number, hEventObject: number, lNetworkEvents: number): number {
    this.#ready("WSAEventSelect");
    const outcome = kernel.eventSelect(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cHandle(hEventObject),
      cInt(lNetworkEvents),
    );
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("WSAEventSelect", [s, hEventObject, lNetworkEvents], outcome, ret);
    return ret;
  }

  WSAAsyncSelect(s: number, hWnd: number, wMsg: number, lEvent: number): number {
    this.#ready("WSAAsyncSelect");
    const outcome = kernel.asyncSelect(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cHandle(hWnd),
      cDword(wMsg),
      cInt(lEvent),
    );
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("WSAAsyncSelect", [s, hWnd, wMsg, lEvent], outcome, ret);
    return ret;
  }

  /** Fills lpNetworkEvents (only the iErrorCode slots of reported events are written). */
  WSAEnumNetworkEvents(
    s: number,
    hEventObject: number,
    lpNetworkEvents: WSANETWORKEVENTS | null | InvalidPointer,
  ): number {
    this.#ready("WSAEnumNetworkEvents");
    let outcome: Outcome<kernel.NetworkEvents> = kernel.enumNetworkEvents(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cHandle(hEventObject ?? 0) || 0,
      reusedOut(lpNetworkEvents),
    );
    if (outcome.ok && lpNetworkEvents instanceof WSANETWORKEVENTS) {
      const events = outcome.value;
      const written = writeOut(() => {
        lpNetworkEvents.lNetworkEvents = events.lNetworkEvents;
        for (const [bit, code] of events.iErrorCode) lpNetworkEvents.iErrorCode[bit] = code;
      });
      if (!written) outcome = faulted(this.sim.state, "EVT-ENUM");
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.#commit("WSAEnumNetworkEvents", [s, hEventObject, lpNetworkEvents], outcome, ret);
    return ret;
  }

  /** Returns WSA_WAIT_EVENT_0 + i, WSA_WAIT_TIMEOUT, WSA_WAIT_FAILED, or BLOCKED. */
  WSAWaitForMultipleEvents(
    cEvents: number,
    lphEvents: readonly number[] | null,
    fWaitAll: boolean | number,
    dwTimeout: number,
    fAlertable: boolean | number,
  ): number | Blocked {
    this.#ready("WSAWaitForMultipleEvents");
    void fAlertable; // no APCs are simulated, so an alertable wait never returns WSA_WAIT_IO_COMPLETION
    const outcome = kernel.waitForMultipleEvents(this.sim.state, this.ctx, {
      cEvents: cDword(cEvents),
      events: Array.isArray(lphEvents) ? lphEvents.map(cHandle) : null,
      waitAll: Boolean(fWaitAll),
      timeout: cDword(dwTimeout),
    });
    return this.#blocking(
      "WSAWaitForMultipleEvents",
      [cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable],
      outcome,
      (ok, value) => (ok ? (value as number) : WAIT_VALUES.WSA_WAIT_FAILED),
    );
  }

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
    this.#ready("select");
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
    return this.#blocking("select", args, outcome, (ok, value, output) => {
      // A failed wait may still rewrite the sets (a close under it, SEL-CLOSED): its output
      // carries them. A failure without output leaves them as passed (fact 82).
      const result = (ok ? value : output) as SelectResult | undefined;
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
    this.#ready("WSAPoll");
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
    return this.#blocking("WSAPoll", args, outcome, (ok, value, output) => {
      // A failure after the entries were read still writes revents (SEL-POLL, fact 119): its
      // output carries them. Earlier failures (a NULL or unreadable array) carry none.
      const revents = ok ? (value as PollResult).revents : (output as number[] | undefined);
      if (Array.isArray(fdArray) && revents !== undefined)
        revents.forEach((r, i) => {
          const entry = fdArray[i];
          if (typeof entry === "object" && entry !== null) entry.revents = r;
        });
      return ok ? (value as PollResult).count : SOCKET_ERROR;
    });
  }

  // ---- Windows and messages (pseudo-calls) --------------------------------------------------------

  /** A message-only window of this process, for WSAAsyncSelect; returns its HWND. */
  CreateWindow(): number {
    this.#ready("CreateWindow");
    const hwnd = this.sim.apply(kernel.createWindow(this.sim.state, this.ctx));
    return hwnd;
  }

  /**
   * PeekMessage with PM_REMOVE: TRUE and lpMsg filled if a message was waiting, else FALSE.
   * hWnd NULL reads every window of this process, -1 only thread messages (there are none); a
   * value that is no window fails with ERROR_INVALID_WINDOW_HANDLE (rule EVT-MESSAGE-MODE).
   */
  PeekMessage(lpMsg: MSG, hWnd: number): number {
    this.#ready("PeekMessage");
    let outcome: Outcome<kernel.WindowMessage | null> = kernel.peekMessage(
      this.sim.state,
      this.ctx,
      cHandle(hWnd),
    );
    // A message that cannot be written into lpMsg (memory.ts) is not removed either: the call
    // fails with WSAEFAULT and the queue stays as it was.
    if (outcome.ok && outcome.value !== null && lpMsg instanceof MSG && !writable(lpMsg))
      outcome = faulted(this.sim.state, "EVT-MESSAGE-MODE");
    const message = outcome.ok ? outcome.value : null;
    if (message !== null && lpMsg instanceof MSG) Object.assign(lpMsg, message);
    const ret = message === null ? 0 : 1;
    this.#commit("PeekMessage", [lpMsg, hWnd], outcome, ret);
    return ret;
  }

  // ---- Handles as kernel32 sees them ---------------------------------------------------------------

  /**
   * CreateProcess, reduced to what sharing needs: a new process named `name`, started by this
   * thread's process. With bInheritHandles TRUE it gets every inheritable handle of this
   * process at the same value (rule PROC-INHERIT). Returns the new process; a name already in use
   * is a driver's mistake (SimulationError), as for Simulation.createProcess.
   */
  CreateProcess(name: string, bInheritHandles: number | boolean): SimProcess {
    this.#ready("CreateProcess");
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
    this.#commit("CreateProcess", [name, inherit ? 1 : 0], outcome, 1);
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
    this.#ready("DuplicateHandle");
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
    this.#commit("DuplicateHandle", args, outcome, ret);
    return ret;
  }

  /** GetHandleInformation: HANDLE_FLAG_INHERIT (or 0) through lpdwFlags. */
  GetHandleInformation(hObject: number, lpdwFlags: IntArg): number {
    this.#ready("GetHandleInformation");
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
    this.#commit("GetHandleInformation", args, outcome, ret);
    return ret;
  }

  /** SetHandleInformation: the HANDLE_FLAG_INHERIT bit of dwMask takes its value from dwFlags. */
  SetHandleInformation(hObject: number, dwMask: number, dwFlags: number): number {
    this.#ready("SetHandleInformation");
    const outcome = kernel.setHandleInformation(
      this.sim.state,
      this.ctx,
      cHandle(hObject),
      cDword(dwMask),
      cDword(dwFlags),
    );
    const ret = outcome.ok ? 1 : 0;
    this.#commit("SetHandleInformation", [hObject, dwMask, dwFlags], outcome, ret);
    return ret;
  }

  /** CloseHandle: closes a handle of any kind; on a socket, behind Winsock's back. */
  CloseHandle(hObject: number): number {
    return this.#bool("CloseHandle", hObject, () =>
      kernel.closeHandle(this.sim.state, this.ctx, cHandle(hObject)),
    );
  }

  // ---- Threads and processes ------------------------------------------------------------------

  /** ExitThread. The last thread's exit ends the process. */
  ExitThread(): void {
    this.#ready("ExitThread");
    this.sim.apply(kernel.exitThread(this.sim.state, this.ctx));
    this.process.threadExited();
  }
}

/**
 * An argument as the record keeps it: a copy of what the call may rewrite (an int* it writes
 * back, select's sets, WSAPoll's revents, a timeval the caller may reuse), so that printing the
 * record later shows what was passed. Buffers are kept as they are: a record shows only their
 * size, or the address a caller passed in, which the call does not change.
 */
function asPassed(arg: unknown): unknown {
  if (isIntRef(arg)) return { value: arg.value };
  if (Array.isArray(arg))
    return arg.map((e) => (typeof e === "object" && e !== null ? { ...e } : e));
  if (typeof arg === "object" && arg !== null && !(arg instanceof Uint8Array)) return { ...arg };
  return arg;
}

/** A process parameter: a SimProcess stands for its pid; numbers are taken as given. */
function processArg(value: SimProcess | number): number {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : Number.NaN;
  // Anything else a caller may pass names no process: ERROR_INVALID_HANDLE, not a TypeError.
  const pid = (value as { pid?: unknown } | null | undefined)?.pid;
  return typeof pid === "number" ? pid : Number.NaN;
}

/** A call that fails with WSAEFAULT for an output it cannot write, leaving `state` as it was. */
function faulted(state: KernelState, rule: string): Outcome<never> {
  return { ok: false, state, error: WSA_ERRORS.WSAEFAULT, rules: [rule, "ERR-FAILED-UNCHANGED"] };
}

function protocolInfoArg(buffer: Buffer, charSet: CharSet): ProtocolInfoArg {
  const pointer = bufferPointer(buffer);
  if (pointer.kind !== "buffer") return pointer;
  const info = kernel.decodeProtocolInfo(pointer.bytes, charSet);
  return info === undefined ? { kind: "truncated" } : { kind: "info", info };
}
