/**
 * Every call a scenario step can make, as an adapter from named arguments to the facade.
 *
 * An adapter reads its parameters by their Winsock names (Args), makes the call on the step's
 * thread, and says what the call returned, whether it succeeded by its own convention, and what
 * it wrote to its output parameters, decoded for expectations (a SOCKADDR as "127.0.0.1:80",
 * received data as text, a WSAPROTOCOL_INFO as its fields).
 */
import { readInt32, readLinger } from "../api/memory.js";
import { formatSockaddr } from "../api/sockaddr.js";
import { MSG, WSANETWORKEVENTS, type WSAPOLLFD } from "../api/structs.js";
import { WSADATA } from "../api/wsadata.js";
import {
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  SOCKET_ERROR,
  SOL_SOCKET_OPTIONS,
  WAIT_VALUES,
} from "../constants/values.js";
import { BLOCKED, decodeProtocolInfo } from "../kernel/index.js";
import { ACCEPT_EX_ADAPTERS } from "./accept-ex-calls.js";
import { APC_ADAPTERS } from "./apc-calls.js";
import { type Args, MISSING } from "./args.js";
import { CONNECT_EX_ADAPTERS } from "./connect-ex-calls.js";
import { HANDLE_ADAPTERS } from "./handle-calls.js";
import { IOCTL_ADAPTERS } from "./ioctl-calls.js";
import { MAX_BUFFER_BYTES } from "./limits.js";
import { OVERLAPPED_ADAPTERS } from "./overlapped-calls.js";
import { PORT_ADAPTERS } from "./port-calls.js";
import { toNumber, ValueError } from "./values.js";
import type { WinsockApi, WorldProcess } from "./world.js";

/** What a step's call did. */
export interface CallResult {
  /** The return value by the function's convention; undefined for void functions. */
  readonly ret: number | undefined;
  readonly blocked: boolean;
  /** Whether the call succeeded by its own convention (meaningless while blocked). */
  ok(ret: number | undefined): boolean;
  /** Output parameters, decoded, given the final return value; read once the call finished. */
  outputs(ret: number | undefined): Record<string, unknown>;
  /** What `"save": "name"` stores; the return value unless the call says otherwise. */
  main?(ret: number | undefined): unknown;
  /** The process CreateProcess started, which later steps name by `name`. */
  readonly spawned?: { readonly name: string; readonly process: WorldProcess };
}

/** What an adapter may ask of the runner: the processes the scenario has named so far. */
export interface StepProcesses {
  /** Whether `name` is a process of the scenario that has not exited. */
  isLive(name: string): boolean;
  /** The live thread `name` of `process` that an earlier step mentioned (QueueUserAPC's hThread). */
  threadOf?(process: WorldProcess, name: string): WinsockApi | undefined;
}

export type Adapter = (
  t: WinsockApi,
  a: Args,
  process: WorldProcess,
  processes?: StepProcesses,
) => CallResult;

/**
 * The adapter of `call`, looked up among ADAPTERS' own names only: "constructor", "toString" or
 * "__proto__" are found on every object and are not calls.
 */
export function adapterFor(call: string): Adapter | undefined {
  return Object.hasOwn(ADAPTERS, call) ? ADAPTERS[call] : undefined;
}

const notError = (ret: number | undefined) => ret !== SOCKET_ERROR;
const validSocket = (ret: number | undefined) => ret !== INVALID_SOCKET;
const isTrue = (ret: number | undefined) => ret !== 0;

function result(
  ret: number | typeof BLOCKED | undefined,
  ok: (ret: number | undefined) => boolean,
  outputs: (ret: number | undefined) => Record<string, unknown> = () => ({}),
  main?: (ret: number | undefined) => unknown,
): CallResult {
  const blocked = ret === BLOCKED;
  const value = blocked ? undefined : (ret as number | undefined);
  return main === undefined
    ? { ret: value, blocked, ok, outputs }
    : { ret: value, blocked, ok, outputs, main };
}

/**
 * Bytes given as data, or a fresh buffer of `size` when the step leaves the pointer out, its
 * size then read from `sizeFrom` (recv's len). That size is bounded: `"len": 1e10` would ask the
 * runner for 10 GB. A negative size gives an empty buffer (the call is still told the length).
 */
function outBuffer(a: Args, name: string, size: number, sizeFrom?: string): Uint8Array | null {
  const given = a.data(name);
  if (given !== MISSING) return given;
  if (!Number.isInteger(size) || size > MAX_BUFFER_BYTES)
    throw new ValueError(
      `argument "${sizeFrom ?? name}": expected an integer of at most ${MAX_BUFFER_BYTES} for the buffer the runner allocates when "${name}" is left out, got ${size} (give "${name}" to pass a length the buffer does not have)`,
    );
  return new Uint8Array(Math.max(size, 0));
}

function optionSize(level: number, optname: number): number {
  if (level === 0xffff && optname === SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOA) return 372;
  if (level === 0xffff && optname === SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW) return 628;
  return 4;
}

function decodeOption(level: number, optname: number, bytes: Uint8Array, length: number): unknown {
  // Only the bytes that exist are read: optlen may claim more than the buffer has.
  if (level === 0xffff && optname === SOL_SOCKET_OPTIONS.SO_LINGER && bytes.length >= 4)
    return readLinger(bytes);
  if (level === 0xffff && optname === SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOA)
    return decodeProtocolInfo(bytes, "A");
  if (level === 0xffff && optname === SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW)
    return decodeProtocolInfo(bytes, "W");
  const size = Math.min(length === 1 || length === 2 ? length : 4, bytes.length);
  if (size === 4) return readInt32(bytes);
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + (bytes[i] as number);
  return value;
}

const text = (bytes: Uint8Array, count: number) =>
  new TextDecoder().decode(bytes.subarray(0, Math.max(count, 0)));

function wsaSocket(charSet: "A" | "W"): Adapter {
  return (t, a) => {
    const info = a.data("lpProtocolInfo");
    const args = [
      a.int("af", FROM_PROTOCOL_INFO),
      a.int("type", FROM_PROTOCOL_INFO),
      a.int("protocol", FROM_PROTOCOL_INFO),
      info === MISSING ? null : info,
      a.int("g", 0),
      a.int("dwFlags", 0),
    ] as const;
    const call = charSet === "A" ? t.WSASocketA?.bind(t) : t.WSASocketW.bind(t);
    if (call === undefined) throw new TypeError("the implementation has no WSASocketA");
    return result(call(...args), validSocket);
  };
}

function duplicate(charSet: "A" | "W"): Adapter {
  return (t, a) => {
    const buffer = outBuffer(a, "lpProtocolInfo", charSet === "A" ? 372 : 628);
    const s = a.handle("s");
    const pid = a.int("dwProcessId");
    const call = charSet === "A" ? t.WSADuplicateSocketA?.bind(t) : t.WSADuplicateSocketW.bind(t);
    if (call === undefined) throw new TypeError("the implementation has no WSADuplicateSocketA");
    const ret = call(s, pid, buffer);
    return result(
      ret,
      notError,
      () => (buffer === null ? {} : { lpProtocolInfo: decodeProtocolInfo(buffer, charSet) }),
      () => buffer?.slice(),
    );
  };
}

function nameQuery(which: "getsockname" | "getpeername"): Adapter {
  return (t, a) => {
    const name = outBuffer(a, "name", 28);
    const namelen = a.intRef("namelen", name?.length ?? 0);
    const ret = t[which](a.handle("s"), name, namelen);
    const address = () =>
      name === null || namelen === null ? undefined : formatSockaddr(name, namelen.value);
    return result(
      ret,
      notError,
      () => ({ name: address(), namelen: namelen?.value }),
      () => address(),
    );
  };
}

function simple(
  invoke: (t: WinsockApi, a: Args) => number | typeof BLOCKED,
  ok = notError,
): Adapter {
  return (t, a) => result(invoke(t, a), ok);
}

/**
 * Calls of the overlapped families (overlapped I/O, completion ports, WSAIoctl, the extension
 * functions, APCs): their results land in caller memory the explorer does not capture yet, so
 * a concurrent lane may not make them (docs/explore.md).
 */
export const OVERLAPPED_FAMILY_CALLS: ReadonlySet<string> = new Set([
  ...Object.keys(OVERLAPPED_ADAPTERS),
  ...Object.keys(PORT_ADAPTERS),
  ...Object.keys(IOCTL_ADAPTERS),
  ...Object.keys(CONNECT_EX_ADAPTERS),
  ...Object.keys(ACCEPT_EX_ADAPTERS),
  ...Object.keys(APC_ADAPTERS),
]);

export const ADAPTERS: Readonly<Record<string, Adapter>> = {
  WSAStartup: (t, a) => {
    const data = a.has("lpWSAData") && a.raw("lpWSAData") === null ? null : new WSADATA();
    return result(
      t.WSAStartup(a.int("wVersionRequested", 0x0202), data),
      (ret) => ret === 0,
      () => ({ lpWSAData: data === null ? undefined : { ...data } }),
    );
  },
  WSACleanup: simple((t) => t.WSACleanup()),
  WSAGetLastError: (t) => result(t.WSAGetLastError(), () => true),
  WSASetLastError: (t, a) => {
    t.WSASetLastError(a.int("iError"));
    return result(undefined, () => true);
  },
  socket: simple((t, a) => t.socket(a.int("af"), a.int("type"), a.int("protocol")), validSocket),
  WSASocket: wsaSocket("W"),
  WSASocketA: wsaSocket("A"),
  WSASocketW: wsaSocket("W"),
  closesocket: simple((t, a) => t.closesocket(a.handle("s"))),
  setsockopt: (t, a) => {
    const optval = a.optval("optval");
    // SO_UPDATE_ACCEPT_CONTEXT's value is a SOCKET: a number goes as sizeof(SOCKET) bytes.
    const value = optval === MISSING ? null : acceptContextValue(a, optval);
    const ret = t.setsockopt(
      a.handle("s"),
      a.int("level"),
      a.int("optname"),
      value,
      a.int("optlen", value?.length ?? 0),
    );
    return result(ret, notError);
  },
  getsockopt: (t, a) => {
    const level = a.int("level");
    const optname = a.int("optname");
    const optval = outBuffer(a, "optval", optionSize(level, optname));
    const optlen = a.intRef("optlen", optval?.length ?? 0);
    const ret = t.getsockopt(a.handle("s"), level, optname, optval, optlen);
    return result(ret, notError, () => ({
      optval:
        optval === null || optlen === null
          ? undefined
          : decodeOption(level, optname, optval, optlen.value),
      optlen: optlen?.value,
    }));
  },
  WSADuplicateSocket: duplicate("W"),
  WSADuplicateSocketA: duplicate("A"),
  WSADuplicateSocketW: duplicate("W"),
  bind: (t, a) => {
    const name = a.address("name");
    const bytes = name === MISSING ? null : name;
    return result(t.bind(a.handle("s"), bytes, a.int("namelen", bytes?.length ?? 0)), notError);
  },
  listen: simple((t, a) => t.listen(a.handle("s"), a.int("backlog", 0x7fffffff))),
  accept: (t, a) => {
    // Output pointers left out are valid buffers: a SOCKADDR big enough for either family.
    const addr = outBuffer(a, "addr", 28);
    const addrlen = a.intRef("addrlen", addr?.length ?? 0);
    const ret = t.accept(a.handle("s"), addr, addrlen);
    return result(ret, validSocket, () =>
      addr === null || addrlen === null
        ? {}
        : { addr: formatSockaddr(addr, addrlen.value), addrlen: addrlen.value },
    );
  },
  connect: (t, a) => {
    const name = a.address("name");
    const bytes = name === MISSING ? null : name;
    return result(t.connect(a.handle("s"), bytes, a.int("namelen", bytes?.length ?? 0)), notError);
  },
  getsockname: nameQuery("getsockname"),
  getpeername: nameQuery("getpeername"),
  shutdown: simple((t, a) => t.shutdown(a.handle("s"), a.int("how"))),
  ioctlsocket: (t, a) => {
    const argp = a.intRef("argp", 0);
    const ret = t.ioctlsocket(a.handle("s"), a.int("cmd"), argp);
    return result(ret, notError, () => ({ argp: argp?.value }));
  },
  send: (t, a) => {
    const buf = a.data("buf");
    const bytes = buf === MISSING ? null : buf;
    return result(
      t.send(a.handle("s"), bytes, a.int("len", bytes?.length ?? 0), a.int("flags", 0)),
      notError,
    );
  },
  sendto: (t, a) => {
    const buf = a.data("buf");
    const bytes = buf === MISSING ? null : buf;
    const to = a.address("to");
    const target = to === MISSING ? null : to;
    const ret = t.sendto(
      a.handle("s"),
      bytes,
      a.int("len", bytes?.length ?? 0),
      a.int("flags", 0),
      target,
      a.int("tolen", target?.length ?? 0),
    );
    return result(ret, notError);
  },
  recv: (t, a) => {
    const len = a.int("len");
    const buf = outBuffer(a, "buf", len, "len");
    const ret = t.recv(a.handle("s"), buf, len, a.int("flags", 0));
    return result(ret, notError, (r) => ({ buf: buf === null ? undefined : text(buf, r ?? 0) }));
  },
  recvfrom: (t, a) => {
    const len = a.int("len");
    const buf = outBuffer(a, "buf", len, "len");
    const from = a.has("from") && a.raw("from") === null ? null : new Uint8Array(28);
    const fromlen = a.intRef("fromlen", from?.length ?? 0);
    const ret = t.recvfrom(a.handle("s"), buf, len, a.int("flags", 0), from, fromlen);
    return result(ret, notError, (r) => ({
      buf: buf === null ? undefined : text(buf, r ?? 0),
      from: from === null || fromlen === null ? undefined : formatSockaddr(from, fromlen.value),
      fromlen: fromlen?.value,
    }));
  },
  WSACreateEvent: simple((t) => t.WSACreateEvent(), isTrue),
  WSACloseEvent: simple((t, a) => t.WSACloseEvent(a.handle("hEvent")), isTrue),
  WSASetEvent: simple((t, a) => t.WSASetEvent(a.handle("hEvent")), isTrue),
  WSAResetEvent: simple((t, a) => t.WSAResetEvent(a.handle("hEvent")), isTrue),
  WSAEventSelect: simple((t, a) =>
    t.WSAEventSelect(a.handle("s"), a.handle("hEventObject", 0), a.int("lNetworkEvents")),
  ),
  WSAAsyncSelect: simple((t, a) =>
    t.WSAAsyncSelect(a.handle("s"), a.handle("hWnd"), a.int("wMsg", 0x0400), a.int("lEvent")),
  ),
  WSAEnumNetworkEvents: (t, a) => {
    const events =
      a.has("lpNetworkEvents") && a.raw("lpNetworkEvents") === null ? null : new WSANETWORKEVENTS();
    const ret = t.WSAEnumNetworkEvents(a.handle("s"), a.handle("hEventObject", 0), events);
    return result(ret, notError, () =>
      events === null
        ? {}
        : {
            lpNetworkEvents: {
              lNetworkEvents: events.lNetworkEvents,
              iErrorCode: [...events.iErrorCode],
            },
          },
    );
  },
  WSAWaitForMultipleEvents: (t, a) => {
    const handles = a.handles("lphEvents");
    const list = handles === MISSING ? null : handles;
    const ret = t.WSAWaitForMultipleEvents(
      a.int("cEvents", list?.length ?? 0),
      list,
      a.bool("fWaitAll", false),
      a.int("dwTimeout", WAIT_VALUES.WSA_INFINITE),
      a.bool("fAlertable", false),
    );
    return result(ret, (r) => r !== WAIT_VALUES.WSA_WAIT_FAILED);
  },
  select: (t, a) => {
    const set = (name: string) => {
      const value = a.handles(name);
      return value === MISSING ? null : value;
    };
    const [readfds, writefds, exceptfds] = [set("readfds"), set("writefds"), set("exceptfds")];
    const timeout = a.raw("timeout") as { tv_sec?: unknown; tv_usec?: unknown } | null | undefined;
    const tv =
      timeout === null || timeout === undefined
        ? null
        : { tv_sec: toNumber(timeout.tv_sec ?? 0), tv_usec: toNumber(timeout.tv_usec ?? 0) };
    const ret = t.select(a.int("nfds", 0), readfds, writefds, exceptfds, tv);
    return result(ret, notError, () => ({ readfds, writefds, exceptfds }));
  },
  WSAPoll: (t, a) => {
    const raw = a.raw("fdArray");
    if (raw !== null && raw !== undefined && !Array.isArray(raw))
      throw new ValueError('argument "fdArray": expected an array of {fd, events}');
    const fds: WSAPOLLFD[] | null = Array.isArray(raw)
      ? raw.map((e: { fd?: unknown; events?: unknown }) => ({
          fd: toNumber(e?.fd ?? -1),
          events: toNumber(e?.events ?? 0),
          revents: 0,
        }))
      : null;
    const ret = t.WSAPoll(fds, a.int("fds", fds?.length ?? 0), a.int("timeout", -1));
    return result(ret, notError, () => ({ fdArray: fds?.map((e) => ({ ...e })) }));
  },
  CreateWindow: (t) => result(t.CreateWindow(), isTrue),
  PeekMessage: (t, a) => {
    const msg = new MSG();
    const ret = t.PeekMessage(msg, a.handle("hWnd"));
    return result(
      ret,
      () => true,
      () => ({
        lpMsg:
          ret === 0
            ? null
            : {
                hwnd: msg.hwnd,
                message: msg.message,
                wParam: msg.wParam,
                lParam: msg.lParam,
                event: msg.event,
                error: msg.error,
              },
      }),
    );
  },
  Sleep: (t, a) => {
    t.Sleep(a.int("dwMilliseconds"));
    return result(undefined, () => true);
  },
  ExitThread: (t) => {
    t.ExitThread();
    return result(undefined, () => true);
  },
  ExitProcess: (_t, _a, process) => {
    process.exit();
    return result(undefined, () => true);
  },
  ...HANDLE_ADAPTERS,
  ...OVERLAPPED_ADAPTERS,
  ...PORT_ADAPTERS,
  ...IOCTL_ADAPTERS,
  ...CONNECT_EX_ADAPTERS,
  ...ACCEPT_EX_ADAPTERS,
  ...APC_ADAPTERS,
};

/** A number given for SO_UPDATE_ACCEPT_CONTEXT widened to the 8 bytes of an x64 SOCKET. */
function acceptContextValue(a: Args, optval: Uint8Array | null): Uint8Array | null {
  const raw = a.raw("optval");
  if (
    optval === null ||
    typeof raw === "object" ||
    a.int("optname") !== SOL_SOCKET_OPTIONS.SO_UPDATE_ACCEPT_CONTEXT
  )
    return optval;
  const wide = new Uint8Array(8);
  new DataView(wide.buffer).setBigInt64(0, BigInt(a.int("optval")), true);
  return wide;
}
