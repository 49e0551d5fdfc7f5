/**
 * Overlapped operations in the state view, its diff and its pictures, through the facade: a
 * pending WSARecv is the socket's (SocketView.operations) and its OVERLAPPED the process's
 * (ProcessView.overlapped); the peer's send completes it, the last close cancels another, and
 * every view on the way satisfies docs/state-view.schema.json and is told by diff.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  diff,
  intRef,
  renderDot,
  renderMermaid,
  renderText,
  type Simulation,
  type StateView,
  type WinsockThread,
  WSA_IO_PENDING,
  WSABUF,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { validate } from "../../src/scenario/schema-check.js";
import { duplicate, pair, sendText, world } from "../net/helpers.js";

const SCHEMA = JSON.parse(
  readFileSync(new URL("../../docs/state-view.schema.json", import.meta.url), "utf8"),
);

/** The sentences for what `act` changes; the view after it must satisfy the schema. */
function change(sim: Simulation, act: () => unknown): string[] {
  const before = sim.view();
  act();
  const after = sim.view();
  expect(validate(SCHEMA, after)).toEqual([]);
  const sentences = diff(before, after);
  if (JSON.stringify(before) !== JSON.stringify(after)) expect(sentences).not.toEqual([]);
  return sentences;
}

/** An overlapped WSARecv of up to 16 bytes (its result is read from the view). */
function recv(t: WinsockThread, s: number, overlapped: WSAOVERLAPPED): void {
  t.WSARecv(s, [new WSABUF(16, new Uint8Array(16))], 1, null, intRef(0), overlapped);
}

function process(view: StateView, name: string) {
  const found = view.processes.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no process ${name}`);
  return found;
}

/** A and B connected; B holds the accepted end (socket #3) and an event at handle 12. */
function setup() {
  const { sim, t } = world("A", "B");
  const a = t.A as WinsockThread;
  const b = t.B as WinsockThread;
  const { client, server } = pair(a, b);
  const event = b.WSACreateEvent();
  return { sim, a, b, client, server, event };
}

describe("overlapped operations in the view", () => {
  it("a pending receive is the socket's; its OVERLAPPED, pending then completed, the process's", () => {
    const { sim, a, b, client, server, event } = setup();
    expect(process(sim.view(), "B").overlapped).toEqual([]);
    const o = new WSAOVERLAPPED();
    o.hEvent = event;
    recv(b, server, o);
    expect(b.WSAGetLastError()).toBe(WSA_IO_PENDING);
    let v = sim.view();
    expect(v.sockets.find((s) => s.id === 3)?.operations).toEqual([
      {
        call: "WSARecv",
        process: "B",
        pid: b.pid,
        tid: b.tid,
        overlapped: "0x10000",
        event: 1,
      },
    ]);
    // The event is the object B's handle names.
    expect(process(v, "B").handles.find((h) => h.value === event)).toMatchObject({ event: 1 });
    expect(process(v, "B").overlapped).toEqual([
      {
        address: "0x10000",
        call: "WSARecv",
        socket: 3,
        status: "STATUS_PENDING",
        bytes: 0,
        error: "WSA_IO_INCOMPLETE",
      },
    ]);
    expect(validate(SCHEMA, v)).toEqual([]);

    sendText(a, client, "hello");
    v = sim.view();
    expect(v.sockets.find((s) => s.id === 3)?.operations).toEqual([]);
    expect(process(v, "B").overlapped).toEqual([
      {
        address: "0x10000",
        call: "WSARecv",
        socket: 3,
        status: "STATUS_SUCCESS",
        bytes: 5,
        error: "0",
      },
    ]);
    expect(process(v, "A").overlapped).toEqual([]);
    expect(validate(SCHEMA, v)).toEqual([]);
  });

  it("the last close aborts the connection's receives: the socket goes, the OVERLAPPED keeps STATUS_CONNECTION_ABORTED", () => {
    const { sim, b, server } = setup();
    const d = duplicate(b, server, b);
    const first = new WSAOVERLAPPED();
    const second = new WSAOVERLAPPED();
    recv(b, server, first);
    recv(b, d, second);
    // Issue order, whichever descriptor each went through.
    expect(
      sim
        .view()
        .sockets.find((s) => s.id === 3)
        ?.operations.map((op) => [op.overlapped, op.event]),
    ).toEqual([
      ["0x10000", null],
      ["0x10020", null],
    ]);
    b.closesocket(server);
    expect(sim.view().sockets.find((s) => s.id === 3)?.operations).toHaveLength(2);
    b.closesocket(d);
    const v = sim.view();
    expect(v.sockets.find((s) => s.id === 3)).toBeUndefined();
    expect(process(v, "B").overlapped.map((o) => [o.address, o.socket, o.status, o.error])).toEqual(
      [
        ["0x10000", 3, "STATUS_CONNECTION_ABORTED", "WSAECONNABORTED"],
        ["0x10020", 3, "STATUS_CONNECTION_ABORTED", "WSAECONNABORTED"],
      ],
    );
    expect(validate(SCHEMA, v)).toEqual([]);
  });

  it("the schema requires the new fields and refuses a malformed operation", () => {
    const { sim, b, server } = setup();
    recv(b, server, new WSAOVERLAPPED());
    const good = sim.view();
    expect(validate(SCHEMA, good)).toEqual([]);
    const socket = good.sockets.find((s) => s.id === 3) as unknown as Record<string, unknown>;
    const { operations: _o, ...withoutOperations } = socket;
    const processB = process(good, "B") as unknown as Record<string, unknown>;
    const { overlapped: _p, ...withoutOverlapped } = processB;
    const [op] = good.sockets.find((s) => s.id === 3)?.operations ?? [];
    const [o] = process(good, "B").overlapped;
    const broken = [
      { ...good, sockets: [withoutOperations] },
      { ...good, processes: [withoutOverlapped] },
      { ...good, sockets: [{ ...socket, operations: [{ ...op, overlapped: 65536 }] }] },
      { ...good, sockets: [{ ...socket, operations: [{ ...op, extra: 1 }] }] },
      { ...good, processes: [{ ...processB, overlapped: [{ ...o, bytes: "0" }] }] },
      { ...good, processes: [{ ...processB, overlapped: [{ ...o, status: 0x103 }] }] },
    ];
    for (const value of broken) expect(validate(SCHEMA, value)).not.toEqual([]);
  });
});

describe("overlapped operations in the diff", () => {
  it("a receive started, completed by the peer's send, aborted by the last close", () => {
    const { sim, a, b, client, server, event } = setup();
    const o = new WSAOVERLAPPED();
    o.hEvent = event;
    expect(change(sim, () => recv(b, server, o))).toEqual([
      "B's main thread's last error 0 → WSA_IO_PENDING",
      "B's main thread started WSARecv on socket #3 with OVERLAPPED 0x10000: pending",
    ]);
    expect(change(sim, () => sendText(a, client, "hello"))).toEqual([
      "B's WSARecv on socket #3 with OVERLAPPED 0x10000 completed: 5 bytes",
      `B's event ${event} not signalled → signalled`,
    ]);
    // Reusing the OVERLAPPED starts a new operation in it, and resets the event.
    expect(change(sim, () => recv(b, server, o))).toEqual([
      "B's main thread started WSARecv on socket #3 with OVERLAPPED 0x10000: pending",
      `B's event ${event} signalled → not signalled`,
    ]);
    expect(change(sim, () => b.closesocket(server))).toEqual([
      "B's main thread's last error WSA_IO_PENDING → 0",
      "B's WSARecv on socket #3 with OVERLAPPED 0x10000 aborted " +
        "(STATUS_CONNECTION_ABORTED, error WSAECONNABORTED)",
      `B's event ${event} not signalled → signalled`,
      "socket #2 received a FIN",
      "FD_CLOSE recorded on socket #2",
      "B's descriptor 8 closed; socket #3 reference count 1 → 0",
      "socket #3 destroyed: nothing names it any more",
    ]);
  });

  it("a receive with data already queued completes at once", () => {
    const { sim, a, b, client, server } = setup();
    sendText(a, client, "abc");
    expect(change(sim, () => recv(b, server, new WSAOVERLAPPED()))).toEqual([
      "B's WSARecv on socket #3 with OVERLAPPED 0x10000 completed at once: 3 bytes",
      "socket #3 receive queue 3 → 0 bytes",
      "FD_READ no longer recorded on socket #3",
    ]);
  });

  it("a second thread's receive, cancelled when the thread exits", () => {
    const { sim, server } = setup();
    const worker = sim.process("B").createThread();
    expect(change(sim, () => recv(worker, server, new WSAOVERLAPPED()))).toEqual([
      `B's thread ${worker.tid}'s last error 0 → WSA_IO_PENDING`,
      `B's thread ${worker.tid} started WSARecv on socket #3 with OVERLAPPED 0x10000: pending`,
    ]);
    expect(change(sim, () => worker.ExitThread())).toEqual([
      `B's thread ${worker.tid} exited`,
      "B's WSARecv on socket #3 with OVERLAPPED 0x10000 cancelled " +
        "(STATUS_CANCELLED, error WSA_OPERATION_ABORTED)",
    ]);
  });

  it("tells a change of the pending operations that leaves every OVERLAPPED as it was", () => {
    const { sim, b, server } = setup();
    const before = sim.view();
    recv(b, server, new WSAOVERLAPPED());
    const after = sim.view();
    // A view where the operation moved to another thread: only the socket's list differs.
    const moved: StateView = {
      ...after,
      sockets: after.sockets.map((s) => ({
        ...s,
        operations: s.operations.map((op) => ({ ...op, tid: op.tid + 4 })),
      })),
    };
    expect(diff(after, moved)).toEqual([
      `socket #3's pending operations B's WSARecv (thread ${b.tid}, OVERLAPPED 0x10000) → ` +
        `B's WSARecv (thread ${b.tid + 4}, OVERLAPPED 0x10000)`,
    ]);
    expect(diff(before, before)).toEqual([]);
  });
});

describe("overlapped operations in the pictures", () => {
  it("the socket lists its pending operations, the process its OVERLAPPEDs", () => {
    const { sim, a, b, client, server, event } = setup();
    const done = new WSAOVERLAPPED();
    recv(b, server, done);
    sendText(a, client, "hi");
    const pending = new WSAOVERLAPPED();
    pending.hEvent = event;
    recv(b, server, pending);
    const v = sim.view();
    const text = renderText(v, { width: 200 });
    expect(text).toContain("OVERLAPPED 0x10000: WSARecv on socket #3, STATUS_SUCCESS, 2 bytes");
    expect(text).toContain("OVERLAPPED 0x10020: WSARecv on socket #3, STATUS_PENDING");
    expect(text).toContain(
      `WSARecv pending: B thread ${b.tid}, OVERLAPPED 0x10020, event B:${event}`,
    );
    expect(renderMermaid(v)).toContain(`p${b.pid}_info -.->|"WSARecv 0x10020"| s3`);
    expect(renderDot(v)).toContain(
      `p${b.pid}:p${b.pid}_info:e -> s3:w [style=dashed, color=darkorange3, ` +
        "fontcolor=darkorange3, label=<WSARecv 0x10020>];",
    );
    b.closesocket(server);
    const closed = renderText(sim.view(), { width: 200 });
    expect(closed).toContain(
      "OVERLAPPED 0x10020: WSARecv on socket #3, STATUS_CONNECTION_ABORTED (WSAECONNABORTED)",
    );
    expect(closed).not.toContain("WSARecv pending");
  });

  it("an operation whose event handle is closed names the event object", () => {
    const { sim, b, server, event } = setup();
    const o = new WSAOVERLAPPED();
    o.hEvent = event;
    recv(b, server, o);
    b.WSACloseEvent(event);
    expect(renderText(sim.view(), { width: 200 })).toContain(
      `WSARecv pending: B thread ${b.tid}, OVERLAPPED 0x10000, event object 1`,
    );
  });
});
