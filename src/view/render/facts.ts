/**
 * What the pictures say, as lines of text: one place that words a process, a handle, a socket
 * and a window, so the terminal picture, Mermaid and Graphviz show the same facts in the same
 * words. Each renderer only decides where the lines go and how they are escaped.
 *
 * A fact that holds its default (no bytes queued, no shutdown, linger off) is left out: a picture
 * of a busy state should show what is unusual about it.
 */
import type {
  DescriptorRef,
  HandleView,
  OperationView,
  OverlappedView,
  ProcessView,
  RegistrationView,
  SocketView,
  StateView,
  ThreadView,
  WindowView,
} from "../types.js";
import { visible } from "./escape.js";

/**
 * How a line may be emphasised: a title, something wrong (an error code), something waiting
 * (a handle not yet claimed, a blocked thread). Renderers map tones to colours or leave them.
 */
export type Tone = "plain" | "title" | "error" | "waiting";

export interface Fact {
  readonly text: string;
  readonly tone: Tone;
}

const plain = (text: string): Fact => ({ text, tone: "plain" });

/** A process as people name it; the kernel's name is empty when the facade was not given one. */
export function processName(name: string, pid: number): string {
  return name === "" ? `pid ${pid}` : visible(name);
}

export function processTitle(process: ProcessView): string {
  return process.name === ""
    ? `process (pid ${process.pid})`
    : `process ${visible(process.name)} (pid ${process.pid})`;
}

/** "A:4": descriptor 4 in process A. */
export function descriptorText(ref: DescriptorRef): string {
  return `${processName(ref.process, ref.pid)}:${ref.handle}`;
}

export function socketTitle(id: number): string {
  return `socket #${id}`;
}

export function clockText(view: StateView): string {
  return `t = ${view.clock} ms`;
}

function startupText(process: ProcessView): string {
  return process.wsaVersion === null
    ? "Winsock not started"
    : `Winsock ${process.wsaVersion} (startup count ${process.startupCount})`;
}

/** A thread's first line, and a second one when it is blocked or has a result to collect. */
function threadFacts(thread: ThreadView): Fact[] {
  const facts: Fact[] = [
    {
      text: `thread ${thread.tid}${thread.main ? " (main)" : ""}: last error ${thread.lastError}`,
      tone: thread.lastError === "0" ? "plain" : "error",
    },
  ];
  if (thread.blocked !== null) {
    const until =
      thread.blocked.deadline === null ? "" : ` until t = ${thread.blocked.deadline} ms`;
    // A wait on several sockets or on events (select, WSAPoll, WSAWaitForMultipleEvents) names
    // no one socket.
    const on = thread.blocked.socket === null ? "" : ` on ${socketTitle(thread.blocked.socket)}`;
    facts.push({ text: `  blocked in ${thread.blocked.call}${on}${until}`, tone: "waiting" });
  }
  if (thread.resultWaiting)
    facts.push({ text: "  result waiting to be collected", tone: "waiting" });
  for (const apc of thread.apcs) facts.push({ text: `  queued: ${apc}`, tone: "waiting" });
  return facts;
}

/**
 * An OVERLAPPED the kernel wrote: "OVERLAPPED 0x10000: WSARecv on socket #3, STATUS_SUCCESS,
 * 5 bytes"; a failure shows the error WSAGetOverlappedResult reports for it, "STATUS_CANCELLED
 * (WSA_OPERATION_ABORTED)", and the bytes only if some were moved.
 */
function overlappedFact(o: OverlappedView): Fact {
  const pending = o.status === "STATUS_PENDING";
  const failed = !pending && o.error !== "0";
  const moved = plural(o.bytes, "byte");
  const result = pending
    ? o.status
    : failed
      ? `${o.status} (${o.error})${o.bytes === 0 ? "" : `, ${moved}`}`
      : `${o.status}, ${moved}`;
  return {
    text: `OVERLAPPED ${o.address}: ${o.call} on ${socketTitle(o.socket)}, ${result}`,
    tone: pending ? "waiting" : failed ? "error" : "plain",
  };
}

/**
 * The lines about a process other than its handle table: Winsock startup, threads, and the
 * OVERLAPPED structures that hold an operation's result.
 */
export function processFacts(process: ProcessView): Fact[] {
  return [
    plain(startupText(process)),
    ...process.threads.flatMap(threadFacts),
    ...process.overlapped.map(overlappedFact),
  ];
}

/** What a handle is, without its value: "event (signalled)", "socket, awaiting WSASocket". */
function handleNotes(handle: HandleView): string[] {
  if (handle.kind === "event") {
    return [
      handle.signalled ? "signalled" : "not signalled",
      ...(handle.manualReset ? [] : ["auto-reset"]),
      // Events are made not inheritable, so only the exception is worth a word.
      ...(handle.inheritable ? ["inheritable"] : []),
      ...kernelNotes(handle),
    ];
  }
  if (handle.kind === "port") {
    return [
      `port #${handle.port}`,
      handle.packets === 1 ? "1 packet queued" : `${handle.packets} packets queued`,
      ...(handle.inheritable ? ["inheritable"] : []),
      ...kernelNotes(handle),
    ];
  }
  // A handle awaiting WSASocket is never inheritable; saying so would only lengthen the row.
  if (handle.status !== "usable") return [handle.status];
  return [...(handle.inheritable ? [] : ["not inheritable"]), ...kernelNotes(handle)];
}

/**
 * How a handle came from the kernel rather than from Winsock, and its protection: what explains
 * a socket that outlives its owner's close (docs/handles.md).
 */
function kernelNotes(handle: HandleView): string[] {
  const notes: string[] = [];
  if (handle.origin === "inherited") notes.push("inherited");
  if (handle.origin === "DuplicateHandle") notes.push("DuplicateHandle copy");
  if (handle.protectFromClose) notes.push("protected from close");
  return notes;
}

function handleTone(handle: HandleView): Tone {
  return handle.kind === "socket" && handle.status !== "usable" ? "waiting" : "plain";
}

/**
 * A handle-table row for the terminal, where no arrow can be drawn, so the row names its socket:
 * "4 → socket #1", "16 ⇢ socket #1 (awaiting WSASocket)", "12 event (signalled)".
 * `width` right-aligns the values of one table.
 */
export function handleRow(handle: HandleView, width: number): Fact {
  const value = String(handle.value).padStart(width);
  const notes = handleNotes(handle);
  const suffix = notes.length === 0 ? "" : ` (${notes.join(", ")})`;
  if (handle.kind === "event") return { text: `${value} event${suffix}`, tone: "plain" };
  if (handle.kind === "port") return { text: `${value} completion port${suffix}`, tone: "plain" };
  const arrow = handle.status === "usable" ? "→" : "⇢";
  return {
    text: `${value} ${arrow} ${socketTitle(handle.socket)}${suffix}`,
    tone: handleTone(handle),
  };
}

/** A handle node's label in a graph, where an arrow shows the socket: "4: socket". */
export function handleLabel(handle: HandleView): Fact {
  const notes = handleNotes(handle);
  return {
    text: [`${handle.value}: ${handle.kind}`, ...notes].join(", "),
    tone: handleTone(handle),
  };
}

/** "FD_READ|FD_CLOSE via A:4": what a registration selects and the descriptor it came through. */
export function registrationVia(registration: RegistrationView): string {
  const events = registration.mask.length === 0 ? "no events" : registration.mask.join("|");
  return `${events} via ${descriptorText(registration.through)}`;
}

/** "FD_READ|FD_CLOSE via A:4 on event A:12", "... via B:8 to window 65552, message 0x401". */
export function registrationText(registration: RegistrationView): string {
  const via = registrationVia(registration);
  if (registration.kind === "event") {
    const process = processName(registration.through.process, registration.through.pid);
    return `${via} on event ${process}:${registration.event}`;
  }
  return `${via} to window ${registration.hwnd}, message ${hex(registration.message)}`;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function queuedText(socket: SocketView): string | null {
  const q = socket.queued;
  const parts: string[] = [];
  if (q.receiveDatagrams !== null && q.receiveDatagrams > 0) {
    parts.push(
      `${plural(q.receiveDatagrams, "datagram")} (${plural(q.receiveBytes, "byte")}) to read`,
    );
  } else if (q.receiveBytes > 0) {
    parts.push(`${plural(q.receiveBytes, "byte")} to read`);
  }
  if (q.urgentBytes > 0) parts.push(`${plural(q.urgentBytes, "urgent byte")}`);
  if (q.sendBytes > 0) parts.push(`${plural(q.sendBytes, "byte")} to send`);
  return parts.length === 0 ? null : `queued: ${parts.join(", ")}`;
}

function stateText(socket: SocketView): string {
  const notes = [socket.phase, socket.mode];
  if (socket.embryonic) notes.push("embryonic: not accepted yet");
  if (socket.orphan) notes.push("orphan: closing gracefully");
  return notes.join(", ");
}

function addressText(socket: SocketView): string {
  const local = socket.local === null ? "unbound" : `local ${socket.local}`;
  if (socket.peer === null) return local;
  const peerSocket = socket.peerSocket === null ? "" : ` (${socketTitle(socket.peerSocket)})`;
  return `${local}, peer ${socket.peer}${peerSocket}`;
}

/** Connection-level facts other than the addresses: shutdown, FINs, a reset. */
function connectionFacts(socket: SocketView): Fact[] {
  const facts: Fact[] = [];
  const down = [
    ...(socket.shutdown.send ? ["send"] : []),
    ...(socket.shutdown.receive ? ["receive"] : []),
  ];
  if (down.length > 0) facts.push(plain(`shutdown: ${down.join(", ")}`));
  const connection = socket.connection;
  if (connection !== null) {
    const fins = [
      ...(connection.finSent ? ["FIN sent"] : []),
      ...(connection.finReceived ? ["FIN received"] : []),
    ];
    if (fins.length > 0) facts.push(plain(fins.join(", ")));
    if (connection.error !== "0") {
      facts.push({ text: `connection error ${connection.error}`, tone: "error" });
    }
  }
  return facts;
}

/** Linger, SO_ERROR and the other options that differ from their defaults. */
function optionFacts(socket: SocketView): Fact[] {
  const facts: Fact[] = [];
  if (socket.linger.onoff !== 0 || socket.linger.seconds !== 0) {
    const onoff = socket.linger.onoff === 0 ? "off" : "on";
    facts.push(plain(`linger ${onoff}, ${socket.linger.seconds} s`));
  }
  if (socket.soError !== "0") facts.push({ text: `SO_ERROR ${socket.soError}`, tone: "error" });
  // Sorted here as well as in view.ts, so that a view written by hand renders the same way.
  const options = Object.keys(socket.options)
    .sort()
    .map((name) => `${name} = ${socket.options[name]}`);
  if (options.length > 0) facts.push(plain(`options: ${options.join(", ")}`));
  return facts;
}

/** Registration, recorded and reported events. */
function notificationFacts(socket: SocketView): Fact[] {
  const facts: Fact[] = [];
  if (socket.registration !== null) {
    facts.push(plain(`registered ${registrationText(socket.registration)}`));
  }
  if (socket.recorded.length > 0) {
    const recorded = socket.recorded.map((name) => {
      const error = socket.eventErrors[name];
      return error === undefined ? name : `${name} (${error})`;
    });
    const failed = socket.recorded.some((name) => socket.eventErrors[name] !== undefined);
    facts.push({ text: `recorded ${recorded.join("|")}`, tone: failed ? "error" : "plain" });
  }
  if (socket.reported.length > 0) {
    facts.push(plain(`reported ${socket.reported.join("|")}, not re-enabled`));
  }
  return facts;
}

/**
 * The event an operation will set, as the issuing process names it ("event B:12"), or by its
 * object id when that process holds no handle to it any more (the operation keeps it alive).
 */
function operationEvent(op: OperationView, view: StateView): string {
  if (op.event === null) return "no event";
  const process = view.processes.find((p) => p.pid === op.pid);
  const handle = process?.handles.find((h) => h.kind === "event" && h.event === op.event);
  return handle === undefined
    ? `event object ${op.event}`
    : `event ${processName(op.process, op.pid)}:${handle.value}`;
}

/** "WSARecv pending: B thread 1036, OVERLAPPED 0x10000, event B:12". */
function operationFact(op: OperationView, view: StateView): Fact {
  return {
    text:
      `${op.call} pending: ${processName(op.process, op.pid)} thread ${op.tid}, ` +
      `OVERLAPPED ${op.overlapped}, ${operationEvent(op, view)}`,
    tone: "waiting",
  };
}

/**
 * Every fact about a socket, title excluded, in a fixed order. `view`, the state the socket is
 * in, lets a pending operation name its event by the issuing process's handle.
 */
export function socketFacts(socket: SocketView, view: StateView): Fact[] {
  const names = socket.descriptors.map(descriptorText);
  const facts: Fact[] = [
    plain(`${socket.af} ${socket.type} ${socket.protocol}`),
    plain(`refcount ${socket.refCount}${names.length === 0 ? "" : `: ${names.join(", ")}`}`),
    plain(stateText(socket)),
    plain(addressText(socket)),
  ];
  if (socket.listening !== null) {
    const queue = socket.listening.queue.map(socketTitle);
    const waiting = queue.length === 0 ? "empty" : queue.join(", ");
    facts.push(plain(`accept queue: ${waiting} (backlog ${socket.listening.backlog})`));
  }
  const queued = queuedText(socket);
  if (queued !== null) facts.push(plain(queued));
  facts.push(...connectionFacts(socket), ...optionFacts(socket), ...notificationFacts(socket));
  for (const dup of socket.pendingDuplications) {
    facts.push({
      text:
        `duplication #${dup.id} from ${processName(dup.from, dup.fromPid)}: ` +
        `${processName(dup.to, dup.toPid)}:${dup.handle} awaiting WSASocket`,
      tone: "waiting",
    });
  }
  for (const op of socket.operations) facts.push(operationFact(op, view));
  return facts;
}

export function windowTitle(window: WindowView): string {
  return `window ${window.hwnd} of ${processName(window.process, window.pid)}`;
}

/** A window's message queue, oldest first. */
export function windowFacts(window: WindowView): Fact[] {
  if (window.queue.length === 0) return [plain("no messages")];
  return window.queue.map((m) => {
    const error = m.error === "0" ? "" : ` error ${m.error}`;
    return {
      text: `message ${hex(m.message)}, wParam ${m.wParam}, ${m.event}${error}`,
      tone: m.error === "0" ? "plain" : "error",
    };
  });
}
