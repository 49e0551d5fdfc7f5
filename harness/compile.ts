/**
 * Compiles a scenario file into the compact line form that harness.exe reads (harness/README.md,
 * "The compact form"). Constant names become numbers (src/constants), strings become addresses or
 * hex data by their parameter, and "$name" and "@P" stay symbols that the harness resolves at run
 * time. The C side then only splits lines at spaces.
 *
 *   npx tsx harness/compile.ts SCENARIO.json > SCENARIO.wsh
 */

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { sockaddr } from "../src/api/sockaddr.js";
import { errorName, WSA_ERRORS } from "../src/constants/errors.js";
import { INVALID_SOCKET } from "../src/constants/values.js";
import { firstSchedule } from "../src/explore/explore.js";
import { linearize } from "../src/explore/schedule.js";
import { INVALID_POINTER_TEXT } from "../src/scenario/args.js";
import { ioctlInput } from "../src/scenario/ioctl-calls.js";
import { INFINITE_TEXT, INVALID_HANDLE_VALUE_TEXT } from "../src/scenario/port-calls.js";
import { parseScenario } from "../src/scenario/read.js";
import type { Scenario, ScenarioStep } from "../src/scenario/types.js";
import { toNumber } from "../src/scenario/values.js";

/** A scenario the harness cannot play (yet): the message names the step and the reason. */
export class CompileError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`step ${index}: ${message}`);
    this.name = "CompileError";
  }
}

/** The calls harness.c implements. */
export const SUPPORTED_CALLS: ReadonlySet<string> = new Set([
  "WSAStartup",
  "WSACleanup",
  "WSAGetLastError",
  "WSASetLastError",
  "socket",
  "WSASocket",
  "WSASocketA",
  "WSASocketW",
  "closesocket",
  "setsockopt",
  "getsockopt",
  "WSADuplicateSocket",
  "WSADuplicateSocketA",
  "WSADuplicateSocketW",
  "bind",
  "connect",
  "listen",
  "accept",
  "getsockname",
  "getpeername",
  "shutdown",
  "ioctlsocket",
  "send",
  "recv",
  "WSACreateEvent",
  "WSACloseEvent",
  "WSASetEvent",
  "WSAResetEvent",
  "WSAEventSelect",
  "WSAEnumNetworkEvents",
  "WSAWaitForMultipleEvents",
  "WSAAsyncSelect",
  "select",
  "WSAPoll",
  "sendto",
  "recvfrom",
  "CreateWindow",
  "PeekMessage",
  "Sleep",
  "ExitThread",
  "ExitProcess",
  "CreateProcess",
  "DuplicateHandle",
  "GetHandleInformation",
  "SetHandleInformation",
  "CloseHandle",
  "WSARecv",
  "WSASend",
  "WSAGetOverlappedResult",
  "CreateIoCompletionPort",
  "GetQueuedCompletionStatus",
  "PostQueuedCompletionStatus",
  "CancelIo",
  "CancelIoEx",
  "WSAIoctl",
  "ConnectEx",
  "DisconnectEx",
  "AcceptEx",
  "GetAcceptExSockaddrs",
  "WSARecvFrom",
  "WSASendTo",
  "SetFileCompletionNotificationModes",
  "GetQueuedCompletionStatusEx",
  "SleepEx",
  "QueueUserAPC",
  "await",
]);

type Kind =
  | "int"
  | "address"
  | "data"
  | "optval"
  | "list"
  | "timeval"
  | "pollfds"
  | "outpointer"
  | "process"
  | "buffers"
  | "overlapped"
  | "overlappedout"
  | "ioctlin"
  | "ioctlout"
  /** A routine's or a thread's name (lpCompletionRoutine, pfnAPC, hThread): "v NAME" or "n". */
  | "name"
  /** GetQueuedCompletionStatusEx's entries: only null is written; left out, the harness's array. */
  | "entries";

/** How a parameter's string value is read, as in src/scenario/calls.ts. */
function kindOf(call: string, param: string): Kind {
  switch (param) {
    case "name":
      return call === "bind" || call === "connect" || call === "ConnectEx" ? "address" : "data";
    case "to":
    case "lpTo":
      return "address";
    case "buf":
    case "lpSendBuffer":
    case "lpProtocolInfo":
    case "addr":
    case "lpWSAData":
    case "lpNetworkEvents":
      return "data";
    case "optval":
      return call === "setsockopt" ? "optval" : "data";
    case "timeout":
      return call === "select" ? "timeval" : "int";
    case "fdArray":
      return "pollfds";
    case "lpTargetHandle":
    case "lpdwFlags":
    case "lpNumberOfBytesRecvd":
    case "lpNumberOfBytesSent":
    case "lpFlags":
    case "lpcbTransfer":
    case "lpNumberOfBytesTransferred":
    case "lpCompletionKey":
    case "lpcbBytesReturned":
    case "lpdwBytesSent":
    case "lpdwBytesReceived":
    case "LocalSockaddrLength":
    case "RemoteSockaddrLength":
    // GetAcceptExSockaddrs's sockaddr* cells: left out, the harness's own; null, NULL.
    case "LocalSockaddr":
    case "RemoteSockaddr":
      return "outpointer";
    // AcceptEx's buffer: left out, one for the three parts; null or "invalid" as given.
    // GetAcceptExSockaddrs's names the OVERLAPPED whose AcceptEx buffer it reads ("v NAME").
    case "lpOutputBuffer":
      return call === "GetAcceptExSockaddrs" ? "overlapped" : "outpointer";
    case "lpvInBuffer":
      return "ioctlin";
    case "lpvOutBuffer":
      return "ioctlout";
    case "ulNumEntriesRemoved":
      return "outpointer";
    case "lpCompletionRoutine":
    case "pfnAPC":
    case "hThread":
      return "name";
    case "lpCompletionPortEntries":
      return "entries";
    case "lpBuffers":
      return "buffers";
    case "lpOverlapped":
      return call === "GetQueuedCompletionStatus" ? "overlappedout" : "overlapped";
    case "lpApplicationName":
      return call === "CreateProcess" ? "process" : "int";
    case "lphEvents":
    case "readfds":
    case "writefds":
    case "exceptfds":
      return "list";
    default:
      return "int";
  }
}

const TOKEN = /^[^\s]+$/;

/** How an AF_UNIX address is written in a scenario: "unix:" and the path. */
const UNIX_PREFIX = "unix:";

/** A name that must be one token of a line. */
function token(index: number, what: string, name: string): string {
  if (!TOKEN.test(name)) throw new CompileError(index, `${what} "${name}" must not contain spaces`);
  return name;
}

/** A number as the signed 64-bit decimal the harness reads (INVALID_SOCKET is -1). */
function int64(value: number): string {
  if (value === INVALID_SOCKET) return "-1";
  if (!Number.isInteger(value)) throw new Error(`expected an integer, got ${value}`);
  const big = BigInt(value);
  return (big >= 2n ** 63n ? big - 2n ** 64n : big).toString();
}

const hex = (bytes: Uint8Array) => (bytes.length === 0 ? "-" : Buffer.from(bytes).toString("hex"));

class Compiler {
  readonly processes: string[] = [];
  /** Processes a CreateProcess step starts (first named by it), by index. */
  readonly created = new Set<number>();

  processIndex(name: string): number {
    let index = this.processes.indexOf(name);
    if (index < 0) {
      index = this.processes.length;
      this.processes.push(name);
    }
    return index;
  }

  /** "@P" anywhere in a value names a process, created at its first mention. */
  mention(value: unknown): void {
    if (typeof value === "string" && value.startsWith("@") && !value.startsWith("@@"))
      this.processIndex(value.slice(1));
    else if (Array.isArray(value)) for (const v of value) this.mention(v);
    else if (typeof value === "object" && value !== null)
      for (const v of Object.values(value)) this.mention(v);
  }

  /**
   * One value as tokens: "i N", "n", "b", "s NAME", "p INDEX", "c INDEX", "a ADDRESS", "d HEX",
   * "o A B".
   */
  value(index: number, kind: Kind, value: unknown): string {
    // CreateProcess's lpApplicationName is a process name as written, never "$x" or "@x".
    if (kind === "process") {
      if (typeof value !== "string")
        throw new CompileError(index, `expected a process name, got ${JSON.stringify(value)}`);
      return `c ${this.processIndex(token(index, "process name", value))}`;
    }
    if (value === null) return "n";
    // A pointer the call cannot write through, as src/scenario/args.ts spells it.
    if (kind === "outpointer" && value === INVALID_POINTER_TEXT) return "b";
    if (typeof value === "string") {
      if (value.startsWith("$$") || value.startsWith("@@")) value = value.slice(1);
      else if (value.startsWith("$")) {
        // The native harness looks saved names up whole; it would not find "info.iProtocol".
        if (value.includes("."))
          throw new CompileError(
            index,
            `"${value}": the harness does not read parts of saved values yet`,
          );
        return `s ${token(index, "saved name", value.slice(1))}`;
      } else if (value.startsWith("@")) return `p ${this.processIndex(value.slice(1))}`;
    }
    switch (kind) {
      case "address":
        if (typeof value === "object" && value !== null && "from" in value)
          throw new CompileError(
            index,
            `${JSON.stringify(value)}: the harness does not replace parts of addresses yet`,
          );
        if (typeof value !== "string")
          throw new CompileError(index, `expected an address, got ${JSON.stringify(value)}`);
        // An AF_UNIX address goes as the whole 110-byte SOCKADDR_UN the simulator builds (its
        // path may hold spaces, and the harness then needs no parser of its own for it).
        if (value.startsWith(UNIX_PREFIX)) return `d ${hex(sockaddr(value))}`;
        return `a ${token(index, "address", value)}`;
      case "data":
        if (typeof value !== "string")
          throw new CompileError(index, `expected data, got ${JSON.stringify(value)}`);
        return `d ${hex(new TextEncoder().encode(value))}`;
      case "optval":
        if (typeof value === "object" && value !== null && "l_onoff" in value) {
          const l = value as { l_onoff: unknown; l_linger?: unknown };
          return `o ${int64(toNumber(l.l_onoff))} ${int64(toNumber(l.l_linger ?? 0))}`;
        }
        return `i ${int64(toNumber(value))}`;
      default:
        return `i ${int64(toNumber(value))}`;
    }
  }

  /** WSAPOLLFD entries as a list of (fd, events) pairs: "L fdArray 2N fd events ...". */
  pollfds(index: number, param: string, raw: unknown[]): string {
    const pairs = raw.map((entry, k) => {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry))
        throw new CompileError(index, `argument "${param}[${k}]": expected {fd, events}`);
      const e = entry as { fd?: unknown; events?: unknown };
      // The adapter's defaults (src/scenario/calls.ts): fd -1, events 0.
      return `${this.value(index, "int", e.fd ?? -1)} ${this.value(index, "int", e.events ?? 0)}`;
    });
    return `L ${param} ${2 * raw.length}${pairs.map((p) => ` ${p}`).join("")}`;
  }

  /** A struct timeval as "t SECONDS MICROSECONDS" (missing fields are 0, as in the adapter). */
  timeval(index: number, param: string, raw: unknown): string {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      throw new CompileError(index, `argument "${param}": expected {tv_sec, tv_usec} or null`);
    const tv = raw as { tv_sec?: unknown; tv_usec?: unknown };
    return `t ${int64(toNumber(tv.tv_sec ?? 0))} ${int64(toNumber(tv.tv_usec ?? 0))}`;
  }

  /**
   * A WSABUF array: WSARecv's buffer lengths as a list ("L lpBuffers N i LEN ..."), WSASend's
   * data as "A lpBuffers g N HEX ..." (one hex field per buffer, "-" for an empty one).
   */
  buffers(index: number, call: string, param: string, raw: unknown): string {
    if (raw === null) return `A ${param} n`;
    if (raw === INVALID_POINTER_TEXT) return `A ${param} b`;
    if (!Array.isArray(raw))
      throw new CompileError(index, `argument "${param}": expected an array, null or "invalid"`);
    if (call !== "WSASend" && call !== "WSASendTo") {
      const lengths = raw.map((e) => this.value(index, "int", e));
      return `L ${param} ${raw.length}${lengths.map((e) => ` ${e}`).join("")}`;
    }
    const parts = raw.map((e) => {
      if (typeof e !== "string" || (e.startsWith("$") && !e.startsWith("$$")))
        throw new CompileError(
          index,
          `argument "${param}": the harness sends only data written as text in WSASend's buffers, got ${JSON.stringify(e)}`,
        );
      return this.value(index, "data", e).slice(2);
    });
    return `A ${param} g ${raw.length}${parts.map((p) => ` ${p}`).join("")}`;
  }

  /**
   * An OVERLAPPED named by the step: "v NAME" (the child keeps one per name), "n" or "b";
   * PostQueuedCompletionStatus's and CancelIoEx's is a name or null.
   */
  overlapped(index: number, param: string, raw: unknown, call = ""): string {
    if (raw === null) return `A ${param} n`;
    if (
      raw === INVALID_POINTER_TEXT &&
      (call === "PostQueuedCompletionStatus" || call === "CancelIoEx")
    )
      throw new CompileError(
        index,
        `argument "${param}": expected the name of an OVERLAPPED or null`,
      );
    if (raw === INVALID_POINTER_TEXT) return `A ${param} b`;
    if (typeof raw !== "string" || raw === "")
      throw new CompileError(index, `argument "${param}": expected the name of an OVERLAPPED`);
    return `A ${param} v ${token(index, "OVERLAPPED name", raw)}`;
  }

  /** One argument's line: "A NAME VALUE", or "L NAME COUNT VALUE..." for lists. */
  argument(index: number, kind: Kind, param: string, raw: unknown, call = ""): string {
    if (kind === "buffers") return this.buffers(index, call, param, raw);
    // WSAIoctl's buffers (src/scenario/ioctl-calls.ts): the input's bytes as the simulator
    // builds them; the output only NULL or "invalid" (left out, memory of cbOutBuffer bytes).
    if (kind === "ioctlin" || kind === "ioctlout") {
      if (raw === null) return `A ${param} n`;
      if (raw === INVALID_POINTER_TEXT) return `A ${param} b`;
      if (kind === "ioctlout")
        throw new CompileError(index, `argument "${param}": expected null or "invalid"`);
      if (typeof raw === "string" && raw.startsWith("$"))
        throw new CompileError(index, `argument "${param}": the harness takes no saved input`);
      return `A ${param} d ${hex(ioctlInput(raw))}`;
    }
    if (kind === "overlapped") return this.overlapped(index, param, raw, call);
    if (kind === "name" || kind === "entries") {
      if (raw === null) return `A ${param} n`;
      if (kind === "entries" || typeof raw !== "string" || raw === "")
        throw new CompileError(
          index,
          kind === "entries"
            ? `argument "${param}": expected null (left out, an array of ulCount entries)`
            : `argument "${param}": expected a name or null`,
        );
      return `A ${param} v ${token(index, "name", raw)}`;
    }
    if (kind === "overlappedout") {
      // GetQueuedCompletionStatus writes the OVERLAPPED's pointer: left out, a valid pointer.
      if (raw === null) return `A ${param} n`;
      if (raw === INVALID_POINTER_TEXT) return `A ${param} b`;
      throw new CompileError(index, `argument "${param}": expected null or "invalid"`);
    }
    // kernel32 names the constants lack (src/scenario/port-calls.ts).
    if (
      call === "CreateIoCompletionPort" &&
      param === "FileHandle" &&
      raw === INVALID_HANDLE_VALUE_TEXT
    )
      return `A ${param} i -1`;
    if (
      (call === "GetQueuedCompletionStatus" ||
        call === "GetQueuedCompletionStatusEx" ||
        call === "SleepEx") &&
      param === "dwMilliseconds" &&
      raw === INFINITE_TEXT
    )
      return `A ${param} i 4294967295`;
    if ((kind === "list" || kind === "pollfds") && raw !== null && !Array.isArray(raw))
      throw new CompileError(index, `argument "${param}": expected an array or null`);
    if (kind === "list" && Array.isArray(raw)) {
      const elements = raw.map((e) => this.value(index, "int", e));
      return `L ${param} ${raw.length}${elements.map((e) => ` ${e}`).join("")}`;
    }
    if (kind === "pollfds" && Array.isArray(raw)) return this.pollfds(index, param, raw);
    if (kind === "timeval" && raw !== null) return `A ${param} ${this.timeval(index, param, raw)}`;
    return `A ${param} ${this.value(index, kind, raw)}`;
  }

  step(index: number, step: ScenarioStep): string[] {
    if (!SUPPORTED_CALLS.has(step.call))
      throw new CompileError(index, `the harness does not support "${step.call}" yet`);
    const proc = this.processIndex(step.process);
    const thread = token(index, "thread name", step.thread ?? "main");
    const lines = [`S ${index} ${proc} ${thread} ${step.call}`];
    for (const [param, raw] of Object.entries(step.args ?? {})) {
      token(index, "parameter", param);
      try {
        lines.push(this.argument(index, kindOf(step.call, param), param, raw, step.call));
      } catch (error) {
        if (error instanceof CompileError) throw error;
        throw new CompileError(index, `argument "${param}": ${(error as Error).message}`);
      }
    }
    if (typeof step.save === "string") lines.push(`V ${token(index, "saved name", step.save)} -`);
    else if (step.save !== undefined)
      for (const [name, output] of Object.entries(step.save))
        lines.push(`V ${token(index, "saved name", name)} ${token(index, "output", output)}`);
    lines.push(".");
    return lines;
  }
}

/** The compact form of a parsed scenario. */
export function compileScenario(file: Scenario): string {
  // A file with concurrent lanes compiles its first schedule, the one `winsock-sim run` runs:
  // the harness makes its calls in one fixed order (docs/explore.md).
  const scenario =
    file.concurrent === undefined ? file : linearize(file, firstSchedule("scenario", file));
  const compiler = new Compiler();
  // Processes in order of first mention (a step's process, or "@P" in its args or expect, or
  // the process a CreateProcess step creates). One first named by a CreateProcess step is
  // started by that step, in the caller, not by the harness before the first step.
  scenario.steps.forEach((step, index) => {
    compiler.processIndex(step.process);
    const name = step.call === "CreateProcess" ? step.args?.lpApplicationName : undefined;
    if (typeof name === "string" && !compiler.processes.includes(name))
      compiler.created.add(compiler.processIndex(token(index, "process name", name)));
    compiler.mention(step.args);
    compiler.mention(step.expect);
  });
  const body = scenario.steps.flatMap((step, index) => compiler.step(index, step));
  const codes = [...new Set(Object.values(WSA_ERRORS))].sort((a, b) => a - b);
  return [
    "WSH 1",
    ...codes.map((code) => `E ${code} ${errorName(code)}`),
    ...compiler.processes.map(
      (name, i) =>
        `P ${i} ${token(-1, "process name", name)}${compiler.created.has(i) ? " c" : ""}`,
    ),
    ...body,
    "",
  ].join("\n");
}

/** Reads and compiles a scenario file (JSON or YAML, as `winsock-sim run` reads it). */
export function compileFile(file: string): string {
  return compileScenario(parseScenario(file, readFileSync(file, "utf8")));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: npx tsx harness/compile.ts SCENARIO.json > SCENARIO.wsh\n");
    process.exit(2);
  }
  try {
    process.stdout.write(compileFile(file));
  } catch (error) {
    process.stderr.write(`${file}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
