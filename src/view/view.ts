/**
 * view(snapshot): a kernel snapshot as the documented StateView (types.ts).
 *
 * This file is the only place that reads the kernel's tables for the view; everything above it
 * (diff, renderers, the CLI, the playground) reads the view. It reads the snapshot and never
 * drafts it, so viewing costs no copies of kernel state.
 */
import { errorName, NT_STATUS } from "../constants/errors.js";
import { ADDRESS_FAMILIES, FD_EVENTS, PROTOCOLS, SOCKET_TYPES } from "../constants/values.js";
import { reportStatus } from "../kernel/calls/overlapped.js";
import type { Endpoint } from "../kernel/net/types.js";
import type { NotifyState, Registration } from "../kernel/notify/types.js";
import { LINGER_ONOFF_KEY, LINGER_SECONDS_KEY } from "../kernel/options/linger.js";
import { optionByName } from "../kernel/options/table.js";
import { currentValue } from "../kernel/options/value.js";
import type { Apc, IoRecord, KernelState, ProcessRecord, SocketRecord } from "../kernel/state.js";
import { trieEntries, trieGet, trieValues } from "../kernel/trie.js";
import {
  type DescriptorRef,
  type HandleView,
  type MessageView,
  type OperationView,
  type OverlappedView,
  type PendingDuplicationView,
  type ProcessView,
  type RegistrationView,
  type SocketView,
  STATE_VIEW_VERSION,
  type StateView,
  type ThreadView,
  type WindowView,
} from "./types.js";

/** The first name a group gives `value`, or the value as text. */
function nameIn(group: Readonly<Record<string, number>>, value: number): string {
  for (const [name, v] of Object.entries(group)) if (v === value) return name;
  return String(value);
}

/** The single FD_ events in `mask`, in bit order ("FD_READ", "FD_CLOSE"). */
export function eventNames(mask: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(FD_EVENTS)) {
    if (name !== "FD_ALL_EVENTS" && (mask & bit) !== 0) names.push(name);
  }
  return names;
}

function endpointText(endpoint: Endpoint | null): string | null {
  if (endpoint === null) return null;
  // An AF_UNIX name is its path, written as sockaddr() reads it; "unix:" alone is unnamed.
  if (endpoint.family === ADDRESS_FAMILIES.AF_UNIX) return `unix:${endpoint.address}`;
  return endpoint.family === ADDRESS_FAMILIES.AF_INET6
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

function versionText(version: number): string | null {
  return version === 0 ? null : `${version & 0xff}.${(version >> 8) & 0xff}`;
}

/** An address in a process's memory, as it is written: "0x10000". */
function addressText(address: number): string {
  return `0x${address.toString(16)}`;
}

/** An NTSTATUS by name ("STATUS_CANCELLED"), or its eight hexadecimal digits. */
function statusName(status: number): string {
  for (const [name, value] of Object.entries(NT_STATUS)) if (value === status) return name;
  return `0x${status.toString(16).padStart(8, "0")}`;
}

/** An OVERLAPPED as the operation that last used it left it (the latest, if several did). */
function viewOverlapped(records: readonly IoRecord[]): OverlappedView[] {
  const latest = new Map<number, IoRecord>();
  for (const record of records) latest.set(record.overlapped, record);
  return [...latest.values()]
    .sort((a, b) => a.overlapped - b.overlapped)
    .map((record) => ({
      address: addressText(record.overlapped),
      call: record.call,
      socket: record.socket,
      status: statusName(record.status),
      bytes: record.bytes,
      // What WSAGetOverlappedResult would report, by the kernel's own translation (IO-RESULT).
      error: errorName(reportStatus(record.status, record.bytes, record.flags).error),
    }));
}

function processName(state: KernelState, pid: number): string {
  for (const process of trieValues(state.processes)) if (process.pid === pid) return process.name;
  return String(pid);
}

/** One queued APC in words: routines are known by their addresses, as in a debugger. */
function describeApc(apc: Apc): string {
  const routine = `0x${apc.routine.toString(16)}`;
  if (apc.kind === "user") return `user APC ${routine}(${apc.data})`;
  return `completion routine ${routine} for OVERLAPPED 0x${apc.overlapped.toString(16)} (error ${apc.error}, ${apc.bytes} bytes)`;
}

function viewProcess(
  state: KernelState,
  process: ProcessRecord,
  io: readonly IoRecord[],
): ProcessView {
  const threads: ThreadView[] = Object.values(process.threads)
    .sort((a, b) => a.tid - b.tid)
    .map((thread) => ({
      tid: thread.tid,
      main: thread.tid === process.mainThread,
      lastError: errorName(thread.lastError),
      blocked:
        thread.pending === null
          ? null
          : {
              call: thread.pending.call,
              // The kernel keys multi-socket and event waits with negative ids.
              socket: thread.pending.socket >= 0 ? thread.pending.socket : null,
              deadline: thread.pending.deadline,
            },
      resultWaiting: thread.completion !== null,
      apcs: (thread.apcs ?? []).map(describeApc),
    }));
  const handles: HandleView[] = [];
  for (const [key, entry] of trieEntries(process.handles)) {
    const value = key * 4;
    if (entry.kind === "socket") {
      handles.push({
        value,
        kind: "socket",
        socket: entry.socket,
        status: entry.pendingDuplication === null ? "usable" : "awaiting WSASocket",
        inheritable: entry.inheritable,
        protectFromClose: entry.protectFromClose === true,
        origin: entry.origin,
      });
    } else if (entry.kind === "port") {
      const port = trieGet(state.completionPorts, entry.port);
      handles.push({
        value,
        kind: "port",
        port: entry.port,
        packets: port?.packets.length ?? 0,
        inheritable: entry.inheritable,
        protectFromClose: entry.protectFromClose === true,
        origin: entry.origin,
      });
    } else {
      const event = trieGet(state.events, entry.event);
      handles.push({
        value,
        kind: "event",
        event: entry.event,
        signalled: event?.signalled ?? false,
        manualReset: event?.manualReset ?? true,
        inheritable: entry.inheritable,
        protectFromClose: entry.protectFromClose === true,
        origin: entry.origin,
      });
    }
  }
  return {
    pid: process.pid,
    name: process.name,
    startupCount: process.startupCount,
    wsaVersion: versionText(process.wsaVersion),
    threads,
    handles,
    overlapped: viewOverlapped(io),
  };
}

/** Options with a value other than their default; linger and SO_ERROR are shown on their own. */
function changedOptions(socket: SocketRecord): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const key of Object.keys(socket.options).sort()) {
    if (key === LINGER_ONOFF_KEY || key === LINGER_SECONDS_KEY || key === "SO_ERROR") continue;
    const spec = optionByName(key);
    if (spec === undefined) continue;
    const stored = socket.options[key] as number;
    const fallback = spec.defaultValue ?? 0;
    const defaultValue = typeof fallback === "function" ? fallback(socket) : fallback;
    if (stored !== defaultValue) changed[key] = stored;
  }
  return changed;
}

function soError(socket: SocketRecord): string {
  const spec = optionByName("SO_ERROR");
  return errorName(spec === undefined ? 0 : currentValue(spec, socket));
}

function viewRegistration(
  state: KernelState,
  registration: Registration | null,
): RegistrationView | null {
  if (registration === null) return null;
  const through = (pid: number, handle: number): DescriptorRef => ({
    process: processName(state, pid),
    pid,
    handle,
  });
  if (registration.kind === "event") {
    return {
      kind: "event",
      mask: eventNames(registration.mask),
      through: through(registration.through.pid, registration.through.handle),
      event: registration.event,
    };
  }
  return {
    kind: "window",
    mask: eventNames(registration.mask),
    through: through(registration.through.pid, registration.through.handle),
    hwnd: registration.hwnd,
    message: registration.message,
  };
}

function eventErrors(notify: NotifyState): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const name of eventNames(notify.pending)) {
    const bit = Math.log2(FD_EVENTS[name as keyof typeof FD_EVENTS]);
    const code = notify.errors[bit] ?? 0;
    if (code !== 0) errors[name] = errorName(code);
  }
  return errors;
}

function viewSocket(
  state: KernelState,
  socket: SocketRecord,
  descriptors: readonly DescriptorRef[],
  duplications: readonly PendingDuplicationView[],
  operations: readonly OperationView[],
): SocketView {
  const net = socket.net;
  const notify = socket.notify;
  const connection = net.connection;
  const datagram = socket.type === SOCKET_TYPES.SOCK_DGRAM;
  return {
    id: socket.id,
    af: nameIn(ADDRESS_FAMILIES, socket.af),
    type: nameIn(SOCKET_TYPES, socket.type),
    protocol: nameIn(PROTOCOLS, socket.protocol),
    descriptors,
    refCount: socket.refCount,
    pendingDuplications: duplications,
    operations,
    mode: socket.nonBlocking ? "non-blocking" : "blocking",
    options: changedOptions(socket),
    linger: {
      onoff: socket.options[LINGER_ONOFF_KEY] ?? 0,
      seconds: socket.options[LINGER_SECONDS_KEY] ?? 0,
    },
    soError: soError(socket),
    registration: viewRegistration(state, notify?.registration ?? null),
    recorded: eventNames(notify?.pending ?? 0),
    eventErrors: notify === undefined ? {} : eventErrors(notify),
    reported: eventNames(notify?.reported ?? 0),
    phase: net.phase,
    local: endpointText(net.local),
    peer: endpointText(net.remote),
    listening:
      net.listener === null
        ? null
        : { backlog: net.listener.backlog, queue: [...net.listener.queue] },
    peerSocket: connection?.peer ?? null,
    queued: {
      receiveBytes: net.receiveQueue.bytes,
      receiveDatagrams: datagram ? net.receiveQueue.segments.length : null,
      urgentBytes: net.urgent.bytes,
      sendBytes: connection?.sendQueue.bytes ?? 0,
    },
    shutdown: { send: net.sendShutdown, receive: net.receiveShutdown },
    connection:
      connection === null
        ? null
        : {
            finSent: connection.finSent,
            finReceived: connection.finReceived,
            error: errorName(connection.error),
          },
    orphan: net.orphan,
    embryonic: net.embryonic,
  };
}

function viewWindows(state: KernelState): WindowView[] {
  return trieValues(state.windows).map((window) => ({
    hwnd: window.hwnd,
    process: processName(state, window.pid),
    pid: window.pid,
    queue: window.queue.map(
      (m): MessageView => ({
        message: m.message,
        wParam: m.wParam,
        // WSAGETSELECTEVENT is the low word of lParam, WSAGETSELECTERROR the high word.
        event: eventNames(m.lParam & 0xffff).join("|") || "0",
        error: errorName((m.lParam >>> 16) & 0xffff),
      }),
    ),
  }));
}

/** The state view of a kernel snapshot (see types.ts and docs/state-view.md). */
export function view(state: KernelState): StateView {
  const processes = trieValues(state.processes);
  // Which descriptors name each socket: the kernel keeps only a count, so scan every table once.
  const descriptors = new Map<number, DescriptorRef[]>();
  for (const process of processes) {
    for (const [key, entry] of trieEntries(process.handles)) {
      if (entry.kind !== "socket") continue;
      const list = descriptors.get(entry.socket) ?? [];
      list.push({ process: process.name, pid: process.pid, handle: key * 4 });
      descriptors.set(entry.socket, list);
    }
  }
  const duplications = new Map<number, PendingDuplicationView[]>();
  for (const record of trieValues(state.duplications)) {
    const list = duplications.get(record.socket) ?? [];
    list.push({
      id: record.id,
      from: processName(state, record.sourcePid),
      fromPid: record.sourcePid,
      to: processName(state, record.targetPid),
      toPid: record.targetPid,
      handle: record.targetHandle,
    });
    duplications.set(record.socket, list);
  }
  // Overlapped operations, in the order they were issued (state.io is keyed by seq): the
  // pending ones by socket, every one (pending or completed) by process.
  const pending = new Map<number, OperationView[]>();
  const written = new Map<number, IoRecord[]>();
  for (const [, record] of trieEntries(state.io)) {
    const mine = written.get(record.pid) ?? [];
    mine.push(record);
    written.set(record.pid, mine);
    if (record.status !== NT_STATUS.STATUS_PENDING) continue;
    const list = pending.get(record.socket) ?? [];
    list.push({
      call: record.call,
      process: processName(state, record.pid),
      pid: record.pid,
      tid: record.tid,
      overlapped: addressText(record.overlapped),
      event: record.event,
    });
    pending.set(record.socket, list);
  }
  return {
    version: STATE_VIEW_VERSION,
    clock: state.clock,
    processes: processes.map((process) =>
      viewProcess(state, process, written.get(process.pid) ?? []),
    ),
    sockets: trieValues(state.sockets).map((socket) =>
      viewSocket(
        state,
        socket,
        descriptors.get(socket.id) ?? [],
        duplications.get(socket.id) ?? [],
        pending.get(socket.id) ?? [],
      ),
    ),
    windows: viewWindows(state),
  };
}
