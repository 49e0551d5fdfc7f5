/**
 * diff(before, after): what changed between two state views, in sentences a learner can read
 * ("A's descriptor 4 closed; socket #1 reference count 2 → 1").
 *
 * It compares views, not kernel snapshots, so it knows nothing of the kernel's tables. The
 * sentences come in a fixed order (processes by pid, then sockets by id, then windows, then the
 * clock), so the same pair of views always gives the same list.
 */
import type {
  DescriptorRef,
  EventHandleView,
  HandleView,
  OperationView,
  OverlappedView,
  PendingDuplicationView,
  ProcessView,
  RegistrationView,
  SocketView,
  StateView,
  ThreadView,
  WindowView,
} from "./types.js";

function byKey<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** Keys of both maps, before's order first, then keys only in after, each sorted numerically. */
function unionKeys(a: ReadonlyMap<number, unknown>, b: ReadonlyMap<number, unknown>): number[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
}

const arrow = (from: unknown, to: unknown) => `${String(from)} → ${String(to)}`;

function events(names: readonly string[]): string {
  return names.length === 0 ? "no events" : names.join("|");
}

function descriptorText(d: DescriptorRef): string {
  return `${d.process}'s descriptor ${d.handle}`;
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

// ---- processes --------------------------------------------------------------------------------

function threadName(process: ProcessView, thread: ThreadView): string {
  return `${process.name}'s ${thread.main ? "main thread" : `thread ${thread.tid}`}`;
}

function diffThreads(before: ProcessView, after: ProcessView, out: string[]): void {
  const was = byKey(before.threads, (t) => t.tid);
  const now = byKey(after.threads, (t) => t.tid);
  for (const tid of unionKeys(was, now)) {
    const a = was.get(tid);
    const b = now.get(tid);
    if (a === undefined && b !== undefined) {
      out.push(`${threadName(after, b)} started`);
      continue;
    }
    if (a !== undefined && b === undefined) {
      out.push(`${threadName(before, a)} exited`);
      continue;
    }
    if (a === undefined || b === undefined) continue;
    const name = threadName(after, b);
    if (a.blocked === null && b.blocked !== null) {
      const until = b.blocked.deadline === null ? "" : ` until t = ${b.blocked.deadline} ms`;
      const on = b.blocked.socket === null ? "" : ` on socket #${b.blocked.socket}`;
      out.push(`${name} blocked in ${b.blocked.call}${on}${until}`);
    } else if (a.blocked !== null && b.blocked === null) {
      out.push(`${name}'s ${a.blocked.call} finished: the thread runs again`);
    }
    if (!a.resultWaiting && b.resultWaiting) out.push(`${name} has a result to collect`);
    // APCs join the queue one by one and leave it together, in the alertable wait that ran them.
    if (b.apcs.length > a.apcs.length)
      for (const apc of b.apcs.slice(a.apcs.length)) out.push(`${name} has an APC queued: ${apc}`);
    else if (b.apcs.length < a.apcs.length)
      out.push(`${name} ran ${a.apcs.length === 1 ? "its APC" : `its ${a.apcs.length} APCs`}`);
    if (a.lastError !== b.lastError) {
      out.push(`${name}'s last error ${arrow(a.lastError, b.lastError)}`);
    }
  }
}

function eventState(e: EventHandleView): string {
  return e.signalled ? "signalled" : "not signalled";
}

function diffHandles(before: ProcessView, after: ProcessView, out: string[]): void {
  const was = byKey(before.handles, (h) => h.value);
  const now = byKey(after.handles, (h) => h.value);
  const name = after.name;
  for (const value of unionKeys(was, now)) {
    const a = was.get(value);
    const b = now.get(value);
    if (a?.kind === "event" && b?.kind === "event") {
      if (a.signalled !== b.signalled) {
        out.push(`${name}'s event ${value} ${arrow(eventState(a), eventState(b))}`);
      }
      continue;
    }
    if (a?.kind === "socket" && b?.kind === "socket" && a.socket === b.socket) {
      if (a.status !== b.status && b.status === "usable") {
        out.push(
          `WSASocket claimed ${name}'s handle ${value}: now a descriptor of socket #${b.socket}`,
        );
      }
      continue;
    }
    // Socket handles that appear or go are told with their socket (reference counts).
    if (a?.kind === "event") out.push(`${name}'s event ${value} closed`);
    if (b?.kind === "event") out.push(`${name} created event ${value} (${eventState(b)})`);
  }
}

function bytes(n: number): string {
  return `${n} byte${n === 1 ? "" : "s"}`;
}

/**
 * How an operation ended, from its OVERLAPPED: "completed: 5 bytes", "cancelled (STATUS_CANCELLED,
 * error WSA_OPERATION_ABORTED)", "aborted (STATUS_CONNECTION_ABORTED, error WSAECONNABORTED)";
 * `when` qualifies the verb (" at once").
 */
function outcome(o: OverlappedView, when = ""): string {
  if (o.status === "STATUS_SUCCESS") return `completed${when}: ${bytes(o.bytes)}`;
  const status = o.error === "0" ? o.status : `${o.status}, error ${o.error}`;
  if (o.status === "STATUS_CANCELLED") return `cancelled${when} (${status})`;
  // The last close of a connection ends its transfers this way (rule IO-LAST-CLOSE).
  if (o.status === "STATUS_CONNECTION_ABORTED") return `aborted${when} (${status})`;
  return `failed${when} (${status})${o.bytes === 0 ? "" : `: ${bytes(o.bytes)}`}`;
}

function sameOverlapped(a: OverlappedView, b: OverlappedView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The process's OVERLAPPED structures: an operation started (pending, or done at once), one that
 * completed, one the process no longer has. A pending operation is told here, with its thread,
 * rather than with its socket, so that its start and its end read as one story; `pending` is
 * every operation pending after the change, to find the thread that issued one.
 */
function diffOverlapped(
  before: ProcessView,
  after: ProcessView,
  pending: readonly OperationView[],
  out: string[],
): void {
  const was = new Map(before.overlapped.map((o) => [o.address, o]));
  const name = after.name;
  for (const b of after.overlapped) {
    const a = was.get(b.address);
    if (a !== undefined && sameOverlapped(a, b)) continue;
    const what = `${b.call} on socket #${b.socket} with OVERLAPPED ${b.address}`;
    if (a !== undefined && a.status === "STATUS_PENDING" && b.status !== "STATUS_PENDING") {
      if (a.call === b.call && a.socket === b.socket) {
        out.push(`${name}'s ${what} ${outcome(b)}`);
        continue;
      }
    }
    // Otherwise the structure holds a new operation (a new one, or the program reused it).
    if (b.status === "STATUS_PENDING") {
      const op = pending.find((p) => p.pid === after.pid && p.overlapped === b.address);
      const thread = after.threads.find((t) => t.tid === op?.tid);
      const who =
        thread !== undefined
          ? threadName(after, thread)
          : op !== undefined
            ? `${name}'s thread ${op.tid}`
            : name;
      out.push(`${who} started ${what}: pending`);
    } else {
      out.push(`${name}'s ${what} ${outcome(b, " at once")}`);
    }
  }
  const now = new Set(after.overlapped.map((o) => o.address));
  for (const a of before.overlapped) {
    if (!now.has(a.address)) {
      out.push(`${name}'s OVERLAPPED ${a.address} no longer holds ${a.call}'s result`);
    }
  }
}

function diffProcess(
  before: ProcessView,
  after: ProcessView,
  pending: readonly OperationView[],
  out: string[],
): void {
  if (before.startupCount !== after.startupCount) {
    out.push(
      `${after.name}'s WSAStartup count ${arrow(before.startupCount, after.startupCount)}` +
        (after.startupCount === 0 ? " (Winsock cleaned up)" : ""),
    );
  }
  diffThreads(before, after, out);
  diffOverlapped(before, after, pending, out);
  diffHandles(before, after, out);
}

// ---- sockets ----------------------------------------------------------------------------------

interface HandleChange {
  readonly added: DescriptorRef[];
  readonly removed: DescriptorRef[];
}

/** Socket handles that appeared or went, per socket id, across every process. */
function handleChanges(before: StateView, after: StateView): Map<number, HandleChange> {
  const changes = new Map<number, HandleChange>();
  const at = (id: number) => {
    let change = changes.get(id);
    if (change === undefined) {
      change = { added: [], removed: [] };
      changes.set(id, change);
    }
    return change;
  };
  const socketHandles = (view: StateView) => {
    const map = new Map<string, { ref: DescriptorRef; socket: number }>();
    for (const process of view.processes) {
      for (const handle of process.handles) {
        if (handle.kind !== "socket") continue;
        map.set(`${process.pid}/${handle.value}`, {
          ref: { process: process.name, pid: process.pid, handle: handle.value },
          socket: handle.socket,
        });
      }
    }
    return map;
  };
  const was = socketHandles(before);
  const now = socketHandles(after);
  for (const [key, entry] of was) {
    if (now.get(key)?.socket !== entry.socket) at(entry.socket).removed.push(entry.ref);
  }
  for (const [key, entry] of now) {
    if (was.get(key)?.socket !== entry.socket) at(entry.socket).added.push(entry.ref);
  }
  return changes;
}

function handleStatus(view: StateView, ref: DescriptorRef): HandleView | undefined {
  return view.processes.find((p) => p.pid === ref.pid)?.handles.find((h) => h.value === ref.handle);
}

function registrationText(r: RegistrationView): string {
  const by = r.through.process;
  if (r.kind === "event") return `${events(r.mask)} on ${by}'s event ${r.event}`;
  return `${events(r.mask)} as message ${r.message} to window ${hex(r.hwnd)}`;
}

function registrationCall(r: RegistrationView): string {
  return r.kind === "event" ? "WSAEventSelect" : "WSAAsyncSelect";
}

function sameRegistration(a: RegistrationView | null, b: RegistrationView | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffRegistration(id: number, a: RegistrationView | null, b: RegistrationView | null) {
  if (sameRegistration(a, b)) return [];
  const via = (r: RegistrationView) =>
    `${r.through.process}'s ${registrationCall(r)} through descriptor ${r.through.handle}`;
  if (a === null && b !== null) {
    return [`${via(b)} registered ${registrationText(b)} for socket #${id}`];
  }
  if (a !== null && b === null) {
    return [`socket #${id}'s registration cancelled (was ${registrationText(a)})`];
  }
  if (a === null || b === null) return [];
  const whose = a.through.process === b.through.process ? "the" : `${a.through.process}'s`;
  return [
    `${via(b)} replaced ${whose} registration on socket #${id} ` +
      `(was ${registrationText(a)}, now ${registrationText(b)})`,
  ];
}

function diffEvents(before: SocketView, after: SocketView, out: string[]): void {
  const id = after.id;
  const gained = after.recorded.filter((e) => !before.recorded.includes(e));
  const lost = before.recorded.filter((e) => !after.recorded.includes(e));
  for (const e of gained) {
    const error = after.eventErrors[e];
    const arrived = after.queued.receiveBytes - before.queued.receiveBytes;
    const why =
      error !== undefined
        ? ` (error ${error})`
        : e === "FD_READ" && arrived > 0
          ? ` (${arrived} byte${arrived === 1 ? "" : "s"} arrived)`
          : "";
    out.push(`${e} recorded on socket #${id}${why}`);
  }
  for (const e of lost) out.push(`${e} no longer recorded on socket #${id}`);
  const delivered = after.reported.filter((e) => !before.reported.includes(e));
  const rearmed = before.reported.filter((e) => !after.reported.includes(e));
  if (delivered.length > 0) {
    const how = after.registration?.kind === "window" ? "message posted" : "event signalled";
    out.push(`${events(delivered)} delivered for socket #${id} (${how})`);
  }
  if (rearmed.length > 0) out.push(`${events(rearmed)} re-enabled on socket #${id}`);
}

function diffOptions(before: SocketView, after: SocketView, out: string[]): void {
  const id = after.id;
  const names = [...new Set([...Object.keys(before.options), ...Object.keys(after.options)])];
  for (const name of names.sort()) {
    const a = before.options[name];
    const b = after.options[name];
    if (a === b) continue;
    out.push(`socket #${id} ${name} ${arrow(a ?? "default", b ?? "default")}`);
  }
  const l = (s: SocketView) => `l_onoff ${s.linger.onoff}, l_linger ${s.linger.seconds}`;
  if (l(before) !== l(after)) out.push(`socket #${id} linger ${arrow(l(before), l(after))}`);
  if (before.soError !== after.soError) {
    out.push(`socket #${id} SO_ERROR ${arrow(before.soError, after.soError)}`);
  }
  if (before.mode !== after.mode) out.push(`socket #${id} became ${after.mode}`);
}

function diffNetwork(before: SocketView, after: SocketView, out: string[]): void {
  const id = after.id;
  if (before.local !== after.local) {
    out.push(
      before.local === null
        ? `socket #${id} bound to ${after.local}`
        : `socket #${id} local address ${arrow(before.local, after.local)}`,
    );
  }
  if (before.phase !== after.phase) out.push(`socket #${id} ${arrow(before.phase, after.phase)}`);
  if (before.peer !== after.peer) {
    out.push(
      after.peer === null
        ? `socket #${id} no longer has a peer (was ${before.peer})`
        : `socket #${id}'s peer is ${after.peer}` +
            (after.peerSocket === null ? "" : ` (socket #${after.peerSocket})`),
    );
  }
  const queue = (s: SocketView) => (s.listening === null ? "" : s.listening.queue.join(","));
  if (queue(before) !== queue(after) && after.listening !== null) {
    const list = (s: SocketView) =>
      s.listening === null || s.listening.queue.length === 0
        ? "empty"
        : s.listening.queue.map((q) => `#${q}`).join(", ");
    out.push(`socket #${id}'s accept queue ${arrow(list(before), list(after))}`);
  }
  const q = (label: string, a: number, b: number) => {
    if (a !== b) out.push(`socket #${id} ${label} ${arrow(a, b)} bytes`);
  };
  q("receive queue", before.queued.receiveBytes, after.queued.receiveBytes);
  q("urgent data", before.queued.urgentBytes, after.queued.urgentBytes);
  q("send queue", before.queued.sendBytes, after.queued.sendBytes);
  if (!before.shutdown.send && after.shutdown.send) {
    out.push(`socket #${id} shut down for sending`);
  }
  if (!before.shutdown.receive && after.shutdown.receive) {
    out.push(`socket #${id} shut down for receiving`);
  }
  const c = before.connection;
  const d = after.connection;
  if (d !== null) {
    if (!(c?.finSent ?? false) && d.finSent) out.push(`socket #${id} sent its FIN`);
    if (!(c?.finReceived ?? false) && d.finReceived) out.push(`socket #${id} received a FIN`);
    if ((c?.error ?? "0") !== d.error) {
      out.push(`socket #${id}'s connection error ${arrow(c?.error ?? "0", d.error)}`);
    }
  }
  if (!before.orphan && after.orphan) {
    out.push(`socket #${id} has no descriptor left but lives on to deliver its queued data`);
  }
  if (before.embryonic && !after.embryonic) out.push(`socket #${id} handed out by accept`);
}

function duplicationText(d: PendingDuplicationView): string {
  return `WSAPROTOCOL_INFO #${d.id} from ${d.from} for ${d.to} (handle ${d.handle} in ${d.to})`;
}

function diffDuplications(before: SocketView, after: SocketView, next: StateView, out: string[]) {
  const was = byKey(before.pendingDuplications, (d) => d.id);
  const now = byKey(after.pendingDuplications, (d) => d.id);
  for (const [key, d] of now) {
    if (!was.has(key)) out.push(`${d.from} duplicated socket #${after.id}: ${duplicationText(d)}`);
  }
  for (const [key, d] of was) {
    if (now.has(key)) continue;
    const handle = handleStatus(next, { process: d.to, pid: d.toPid, handle: d.handle });
    if (handle?.kind === "socket" && handle.status === "usable") continue; // told as a claim
    out.push(`${duplicationText(d)} is gone unused`);
  }
}

function overlappedOf(view: StateView, op: OperationView): OverlappedView | undefined {
  const process = view.processes.find((p) => p.pid === op.pid);
  return process?.overlapped.find((o) => o.address === op.overlapped);
}

function operationText(op: OperationView): string {
  return `${op.process}'s ${op.call} (thread ${op.tid}, OVERLAPPED ${op.overlapped})`;
}

/**
 * The operations pending on the socket. Their start and end are told with the OVERLAPPED they
 * write (diffOverlapped); this tells only a change that left every OVERLAPPED as it was, as when
 * a program reissues an operation with an OVERLAPPED still pending.
 */
function diffOperations(
  before: SocketView,
  after: SocketView,
  views: { readonly before: StateView; readonly after: StateView },
  out: string[],
): void {
  if (JSON.stringify(before.operations) === JSON.stringify(after.operations)) return;
  const key = (op: OperationView) => JSON.stringify(op);
  const was = new Set(before.operations.map(key));
  const now = new Set(after.operations.map(key));
  const changed = [
    ...before.operations.filter((op) => !now.has(key(op))),
    ...after.operations.filter((op) => !was.has(key(op))),
  ];
  const told = changed.some((op) => {
    const a = overlappedOf(views.before, op);
    const b = overlappedOf(views.after, op);
    return a === undefined || b === undefined || !sameOverlapped(a, b);
  });
  if (told) return;
  const list = (s: SocketView) => s.operations.map(operationText).join(", ") || "none";
  out.push(`socket #${after.id}'s pending operations ${arrow(list(before), list(after))}`);
}

function refCountSentence(
  id: number,
  before: SocketView | undefined,
  after: SocketView | undefined,
  change: HandleChange | undefined,
  awaiting?: (ref: DescriptorRef) => boolean,
): string | undefined {
  const parts: string[] = [];
  for (const ref of change?.removed ?? []) parts.push(`${descriptorText(ref)} closed`);
  for (const ref of change?.added ?? []) {
    parts.push(
      awaiting?.(ref) === true
        ? `handle ${ref.handle} placed in ${ref.process} for socket #${id}, awaiting WSASocket`
        : `${descriptorText(ref)} now names socket #${id}`,
    );
  }
  const a = before?.refCount ?? 0;
  const b = after?.refCount ?? 0;
  if (a !== b) parts.push(`socket #${id} reference count ${arrow(a, b)}`);
  return parts.length === 0 ? undefined : parts.join("; ");
}

function socketTriple(s: SocketView): string {
  return `${s.af}, ${s.type}, ${s.protocol}`;
}

function diffSockets(before: StateView, after: StateView, out: string[]): void {
  const was = byKey(before.sockets, (s) => s.id);
  const now = byKey(after.sockets, (s) => s.id);
  const handles = handleChanges(before, after);
  for (const id of unionKeys(was, now)) {
    const a = was.get(id);
    const b = now.get(id);
    if (a === undefined && b !== undefined) out.push(`socket #${id} created (${socketTriple(b)})`);
    const counted = refCountSentence(id, a, b, handles.get(id), (ref) => {
      const handle = handleStatus(after, ref);
      return handle?.kind === "socket" && handle.status === "awaiting WSASocket";
    });
    if (counted !== undefined) out.push(counted);
    if (a !== undefined && b === undefined) {
      out.push(`socket #${id} destroyed: nothing names it any more`);
      continue;
    }
    if (b === undefined) continue;
    const base = a ?? { ...b, ...EMPTY_SOCKET_FIELDS };
    diffDuplications(base, b, after, out);
    diffOperations(base, b, { before, after }, out);
    out.push(...diffRegistration(id, base.registration, b.registration));
    diffOptions(base, b, out);
    diffNetwork(base, b, out);
    diffEvents(base, b, out);
  }
}

/** What a newly created socket is compared with: a socket where nothing has happened yet. */
const EMPTY_SOCKET_FIELDS = {
  pendingDuplications: [],
  operations: [],
  registration: null,
  recorded: [],
  eventErrors: {},
  reported: [],
  local: null,
  peer: null,
  listening: null,
  queued: { receiveBytes: 0, receiveDatagrams: null, urgentBytes: 0, sendBytes: 0 },
  shutdown: { send: false, receive: false },
  connection: null,
  orphan: false,
  embryonic: false,
} as const;

// ---- windows and the clock --------------------------------------------------------------------

function messageText(window: WindowView, m: WindowView["queue"][number]): string {
  const error = m.error === "0" ? "" : `, error ${m.error}`;
  return `message ${m.message} (${m.event}${error}, wParam ${m.wParam}) to window ${hex(window.hwnd)}`;
}

function diffWindows(before: StateView, after: StateView, out: string[]): void {
  const was = byKey(before.windows, (w) => w.hwnd);
  const now = byKey(after.windows, (w) => w.hwnd);
  for (const hwnd of unionKeys(was, now)) {
    const a = was.get(hwnd);
    const b = now.get(hwnd);
    if (a === undefined && b !== undefined) {
      out.push(`${b.process} created window ${hex(hwnd)}`);
    }
    if (a !== undefined && b === undefined) {
      out.push(`window ${hex(hwnd)} destroyed with its messages`);
      continue;
    }
    if (b === undefined) continue;
    const old = a?.queue ?? [];
    // Messages leave from the front (PeekMessage) and arrive at the back (posts).
    let taken = 0;
    while (
      taken < old.length &&
      JSON.stringify(old.slice(taken)) !== JSON.stringify(b.queue.slice(0, old.length - taken))
    ) {
      taken += 1;
    }
    for (const m of old.slice(0, taken)) out.push(`${b.process} took ${messageText(b, m)}`);
    for (const m of b.queue.slice(old.length - taken)) out.push(`posted ${messageText(b, m)}`);
  }
}

/** What changed from `before` to `after`, one sentence per change, in a fixed order. */
export function diff(before: StateView, after: StateView): string[] {
  const out: string[] = [];
  const was = byKey(before.processes, (p) => p.pid);
  const now = byKey(after.processes, (p) => p.pid);
  const pending = after.sockets.flatMap((s) => s.operations);
  for (const pid of unionKeys(was, now)) {
    const a = was.get(pid);
    const b = now.get(pid);
    if (a === undefined && b !== undefined) {
      out.push(`process ${b.name} (pid ${pid}) started`);
      // The main thread comes with the process: only later threads are worth a sentence.
      diffProcess(
        {
          ...b,
          startupCount: 0,
          threads: b.threads.filter((t) => t.main),
          handles: [],
          overlapped: [],
        },
        b,
        pending,
        out,
      );
    } else if (a !== undefined && b === undefined) {
      out.push(`process ${a.name} (pid ${pid}) exited: every handle it held is closed`);
    } else if (a !== undefined && b !== undefined) {
      diffProcess(a, b, pending, out);
    }
  }
  diffSockets(before, after, out);
  diffWindows(before, after, out);
  if (before.clock !== after.clock) out.push(`virtual time ${arrow(before.clock, after.clock)} ms`);
  return out;
}
