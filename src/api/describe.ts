/**
 * Human-readable lines for call records: what a learner reads when stepping through a scenario.
 * Arguments are printed as C code would name them (SOL_SOCKET, FD_READ|FD_CLOSE, 127.0.0.1:5000),
 * by the kind signatures.ts gives each parameter.
 */
import { errorName } from "../constants/errors.js";
import { type ConstantGroup, constantName, flagNames } from "../constants/names.js";
import { INVALID_SOCKET, LEVELS, MISC_VALUES } from "../constants/values.js";
import { INVALID_POINTER, isIntRef } from "./memory.js";
import {
  FLAG_KINDS,
  NAMED_KINDS,
  OPTIONS_BY_LEVEL,
  type Param,
  type ParamKind,
  SIGNATURES,
} from "./signatures.js";
import type { CallRecord } from "./simulation.js";
import { formatSockaddr } from "./sockaddr.js";

/** A value whose kind is unknown (a call not in SIGNATURES, an extra argument) or unexpected. */
function plain(arg: unknown): string {
  if (arg === null) return "NULL";
  if (arg === INVALID_POINTER) return "<invalid pointer>";
  if (arg === INVALID_SOCKET) return "INVALID_SOCKET";
  if (arg instanceof Uint8Array) return `<${arg.length} bytes>`;
  if (typeof arg === "number") return String(arg);
  if (isIntRef(arg)) return `&${arg.value}`;
  if (Array.isArray(arg)) return `[${arg.map(plain).join(", ")}]`;
  return JSON.stringify(arg) ?? String(arg);
}

const hex = (value: number) => `0x${(value >>> 0).toString(16)}`;

/** Kinds whose argument is a number (or, for bool, a JavaScript boolean). */
function formatNumber(kind: ParamKind, value: number, level: unknown): string {
  switch (kind) {
    case "descriptor":
      return value === INVALID_SOCKET ? "INVALID_SOCKET" : String(value);
    case "optname": {
      const levelName = typeof level === "number" ? constantName(LEVELS, level) : undefined;
      const options =
        levelName === undefined ? undefined : OPTIONS_BY_LEVEL[levelName as keyof typeof LEVELS];
      const name = options === undefined ? undefined : constantName(options, value);
      return name ?? String(value);
    }
    case "version":
      // WSAStartup's WORD, as callers write it: 0x0202 for Winsock 2.2.
      return Number.isInteger(value) && value >= 0 && value <= 0xffff
        ? `0x${value.toString(16).padStart(4, "0")}`
        : String(value);
    case "message":
      // Messages for WSAAsyncSelect are the application's own, counted from WM_USER.
      if (Number.isInteger(value) && value > MISC_VALUES.WM_USER)
        return `WM_USER+${value - MISC_VALUES.WM_USER}`;
      return value === MISC_VALUES.WM_USER ? "WM_USER" : String(value);
    case "ioctl":
    case "wsaIoctl":
      // Commands are bit fields (_IOW, _IOR), written in hex when they have no name.
      return (
        constantName(NAMED_KINDS[kind], value) ??
        (Number.isInteger(value) ? hex(value) : String(value))
      );
    default:
      if (kind in FLAG_KINDS) return flagNames(FLAG_KINDS[kind as keyof typeof FLAG_KINDS], value);
      if (kind in NAMED_KINDS) {
        const group: ConstantGroup = NAMED_KINDS[kind as keyof typeof NAMED_KINDS];
        return constantName(group, value) ?? String(value);
      }
      return String(value);
  }
}

/** Kinds whose argument is a pointer: NULL, an invalid address, or what it points to. */
function formatPointer(param: Param, arg: unknown): string {
  if (arg === null || arg === undefined) return "NULL";
  if (arg === INVALID_POINTER) return "<invalid pointer>";
  switch (param.kind) {
    case "buffer":
      if (arg instanceof Uint8Array) return `<${arg.length} bytes>`;
      break;
    case "sockaddr":
      if (arg instanceof Uint8Array) return formatSockaddr(arg) ?? `<${arg.length} bytes>`;
      break;
    case "intRef":
      if (isIntRef(arg)) return `&${arg.value}`;
      break;
    case "struct":
      if (typeof arg === "object") return `<${param.struct}>`;
      break;
    case "descriptors":
    case "handles": {
      const kind = param.kind === "descriptors" ? "descriptor" : "handle";
      if (Array.isArray(arg)) return `[${arg.map((h) => element(kind, h)).join(", ")}]`;
      break;
    }
    case "timeval": {
      const tv = arg as { tv_sec?: unknown; tv_usec?: unknown };
      if (typeof arg === "object") return `{${plain(tv.tv_sec)}, ${plain(tv.tv_usec)}}`;
      break;
    }
    case "wsabufs":
      if (Array.isArray(arg))
        return `[${arg
          .map((b: { len?: unknown } | null) =>
            typeof b === "object" && b !== null ? `<${plain(b.len)} bytes>` : plain(b),
          )
          .join(", ")}]`;
      break;
    case "routine":
      if (typeof arg === "function") return arg.name === "" ? "<routine>" : arg.name;
      break;
    case "thread":
      if (typeof arg === "object" && arg !== null && "tid" in arg) return `<thread ${arg.tid}>`;
      break;
    case "pollfds":
      if (Array.isArray(arg))
        return `[${arg
          .map((e: { fd?: unknown; events?: unknown } | null) =>
            typeof e === "object" && e !== null
              ? `{${element("descriptor", e.fd)}, ${element("pollEvents", e.events)}}`
              : plain(e),
          )
          .join(", ")}]`;
      break;
  }
  return plain(arg);
}

/** A member of an array or structure argument, printed as a parameter of `kind` would be. */
function element(kind: ParamKind, value: unknown): string {
  return formatArg({ name: kind, kind }, value, undefined);
}

const POINTER_KINDS = new Set<ParamKind>([
  "buffer",
  "sockaddr",
  "intRef",
  "struct",
  "descriptors",
  "handles",
  "timeval",
  "pollfds",
  "wsabufs",
  "routine",
  "thread",
]);

function formatArg(param: Param | undefined, arg: unknown, level: unknown): string {
  if (param === undefined) return plain(arg);
  if (POINTER_KINDS.has(param.kind)) return formatPointer(param, arg);
  // A JavaScript caller may pass a BOOL as true or false.
  if (param.kind === "bool" && typeof arg === "boolean")
    return formatNumber("bool", Number(arg), undefined);
  if (param.kind === "error" && typeof arg === "number") return errorName(arg);
  return typeof arg === "number" ? formatNumber(param.kind, arg, level) : plain(arg);
}

/**
 * A call with its arguments as C code would write them: `setsockopt(4, SOL_SOCKET, SO_SNDBUF,
 * <4 bytes>, 4)`. An awaited call ("await recv") prints as its call, after "await ".
 */
export function formatCall(call: string, args: readonly unknown[]): string {
  const name = call.startsWith("await ") ? call.slice("await ".length) : call;
  const params = SIGNATURES[name] ?? [];
  const levelAt = params.findIndex((p) => p.kind === "level");
  const level = levelAt < 0 ? undefined : args[levelAt];
  return `${call}(${args.map((arg, i) => formatArg(params[i], arg, level)).join(", ")})`;
}

export function formatReturn(ret: number | undefined): string {
  if (ret === undefined) return "(void)";
  if (ret === INVALID_SOCKET) return "INVALID_SOCKET";
  if (ret === -1) return "SOCKET_ERROR";
  return String(ret);
}

/** `A/1028 closesocket(8) = SOCKET_ERROR, WSAGetLastError() = WSAENOTSOCK  [HANDLE-KIND]` */
export function formatRecord(record: CallRecord): string {
  const call = formatCall(record.call, record.args);
  const ret = record.blocked ? "blocked" : formatReturn(record.ret);
  const error = record.ok ? "" : `, WSAGetLastError() = ${errorName(record.lastError)}`;
  const rules = record.rules.length > 0 ? `  [${record.rules.join(", ")}]` : "";
  return `${record.process}/${record.tid} ${call} = ${ret}${error}${rules}`;
}
