/**
 * The graph both graph renderers draw: Mermaid and Graphviz serialise this one model, so they
 * show the same nodes, edges and facts and differ only in syntax and escaping.
 *
 * The reading follows Python Tutor: each process is a group holding its threads (one info node),
 * its handle table (a node per handle) and its windows; the underlying sockets form a group of
 * their own; an arrow leads from each socket handle to its socket, so a socket's reference count
 * is the number of arrows reaching it. Arrows that are not references point elsewhere: a
 * registration's arrow leads from its event or window to the socket, a pending duplication's
 * from the duplicating process to the handle it placed, and a pending overlapped operation's from
 * the issuing process to the socket that owns the operation.
 */
import type { ProcessView, SocketView, StateView, WindowView } from "../types.js";
import {
  clockText,
  type Fact,
  handleLabel,
  hex,
  processFacts,
  processTitle,
  registrationVia,
  socketFacts,
  socketTitle,
  windowFacts,
  windowTitle,
} from "./facts.js";

export interface GraphNode {
  readonly id: string;
  readonly lines: readonly Fact[];
  /** "waiting": a handle awaiting WSASocket; "error": a socket with an error to report. */
  readonly emphasis: "none" | "waiting" | "error";
  /** "info": a process's Winsock startup and threads; the others name what they show. */
  readonly kind: "info" | "handle" | "window" | "socket";
}

export interface GraphGroup {
  readonly id: string;
  readonly title: string;
  readonly nodes: readonly GraphNode[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string | null;
  /** "reference": a descriptor naming its socket; dashed while it awaits WSASocket. */
  readonly kind: "reference" | "registration" | "duplication" | "operation";
  readonly dashed: boolean;
}

export interface Graph {
  readonly clock: string;
  readonly groups: readonly GraphGroup[];
  readonly edges: readonly GraphEdge[];
}

export const processId = (pid: number): string => `p${pid}`;
export const infoId = (pid: number): string => `p${pid}_info`;
export const handleId = (pid: number, value: number): string => `p${pid}_h${value}`;
export const socketId = (id: number): string => `s${id}`;
export const windowId = (hwnd: number): string => `w${hwnd}`;
/** The group of underlying sockets (process groups are p<pid>, so the ids cannot meet). */
export const SOCKETS_GROUP = "sockets";
/** Windows whose process is not in the view (it cannot happen through the facade). */
export const WINDOWS_GROUP = "windows";

function windowNode(window: WindowView): GraphNode {
  return {
    id: windowId(window.hwnd),
    lines: [{ text: windowTitle(window), tone: "title" }, ...windowFacts(window)],
    emphasis: "none",
    kind: "window",
  };
}

function processGroup(process: ProcessView, windows: readonly WindowView[]): GraphGroup {
  const info: GraphNode = {
    id: infoId(process.pid),
    lines: processFacts(process),
    emphasis: "none",
    kind: "info",
  };
  const handles = process.handles.map((handle): GraphNode => {
    const label = handleLabel(handle);
    return {
      id: handleId(process.pid, handle.value),
      lines: [label],
      emphasis: label.tone === "waiting" ? "waiting" : "none",
      kind: "handle",
    };
  });
  return {
    id: processId(process.pid),
    title: processTitle(process),
    nodes: [info, ...handles, ...windows.map(windowNode)],
  };
}

function socketNode(socket: SocketView, view: StateView): GraphNode {
  const facts = socketFacts(socket, view);
  return {
    id: socketId(socket.id),
    lines: [{ text: socketTitle(socket.id), tone: "title" }, ...facts],
    emphasis: facts.some((f) => f.tone === "error") ? "error" : "none",
    kind: "socket",
  };
}

/**
 * The arrows of a socket other than references: its registration, its pending duplications, its
 * pending overlapped operations.
 * `ends` holds the nodes such an arrow may start or end at: events, windows, threads, handles
 * awaiting WSASocket. A socket handle that reused a closed event's value is not among them, so
 * it never gets a second arrow.
 */
function socketEdges(socket: SocketView, ends: ReadonlySet<string>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const registration = socket.registration;
  if (registration !== null) {
    const via = registrationVia(registration);
    const [from, label] =
      registration.kind === "event"
        ? [handleId(registration.through.pid, registration.event), via]
        : [windowId(registration.hwnd), `${via}, message ${hex(registration.message)}`];
    // An event closed while registered has no node; the socket's facts still name it.
    if (ends.has(from)) {
      edges.push({ from, to: socketId(socket.id), label, kind: "registration", dashed: false });
    }
  }
  for (const dup of socket.pendingDuplications) {
    const from = infoId(dup.fromPid);
    const to = handleId(dup.toPid, dup.handle);
    // The duplicating process may have exited since; its arrow goes with it.
    if (ends.has(from) && ends.has(to)) {
      const label = `WSADuplicateSocket #${dup.id}`;
      edges.push({ from, to, label, kind: "duplication", dashed: true });
    }
  }
  for (const op of socket.operations) {
    const from = infoId(op.pid);
    if (ends.has(from)) {
      const label = `${op.call} ${op.overlapped}`;
      edges.push({ from, to: socketId(socket.id), label, kind: "operation", dashed: true });
    }
  }
  return edges;
}

/** The graph of a state view. */
export function graphOf(view: StateView): Graph {
  const pids = new Set(view.processes.map((p) => p.pid));
  const groups: GraphGroup[] = view.processes.map((process) =>
    processGroup(
      process,
      view.windows.filter((w) => w.pid === process.pid),
    ),
  );
  const homeless = view.windows.filter((w) => !pids.has(w.pid));
  if (homeless.length > 0) {
    groups.push({ id: WINDOWS_GROUP, title: "windows", nodes: homeless.map(windowNode) });
  }
  if (view.sockets.length > 0) {
    groups.push({
      id: SOCKETS_GROUP,
      title: "underlying sockets",
      nodes: view.sockets.map((socket) => socketNode(socket, view)),
    });
  }
  const ends = new Set<string>();
  for (const process of view.processes) {
    ends.add(infoId(process.pid));
    for (const handle of process.handles) {
      if (handle.kind !== "socket" || handle.status !== "usable") {
        ends.add(handleId(process.pid, handle.value));
      }
    }
  }
  for (const window of view.windows) ends.add(windowId(window.hwnd));
  const edges: GraphEdge[] = [];
  // One arrow per socket handle, in handle-table order: the reference count made visible.
  for (const process of view.processes) {
    for (const handle of process.handles) {
      if (handle.kind !== "socket") continue;
      edges.push({
        from: handleId(process.pid, handle.value),
        to: socketId(handle.socket),
        label: null,
        kind: "reference",
        dashed: handle.status !== "usable",
      });
    }
  }
  for (const socket of view.sockets) edges.push(...socketEdges(socket, ends));
  return { clock: clockText(view), groups, edges };
}
