/**
 * view(snapshot): what it shows for known situations, and, over random multi-process scenarios,
 * that it is plain deterministic JSON, satisfies docs/state-view.schema.json, and agrees with the
 * kernel's own bookkeeping (every socket handle listed under its socket, reference counts).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  FD_CLOSE,
  FD_WRITE,
  int32,
  intRef,
  linger,
  Simulation,
  SO_LINGER,
  SO_SNDBUF,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  type WinsockThread,
} from "../../src/index.js";
import { scenarioArbitrary } from "../../src/oracle/generate.js";
import { validate } from "../../src/scenario/schema-check.js";
import { replayScenario } from "../../src/view/replay.js";
import type { StateView } from "../../src/view/types.js";
import { view } from "../../src/view/view.js";
import { duplicate, world } from "../net/helpers.js";
import { splitRegistration } from "./split.js";

const SCHEMA = JSON.parse(
  readFileSync(new URL("../../docs/state-view.schema.json", import.meta.url), "utf8"),
);

describe("view of known states", () => {
  it("an empty simulation has no processes, sockets or windows", () => {
    expect(view(new Simulation().state)).toEqual({
      version: 1,
      clock: 0,
      processes: [],
      sockets: [],
      windows: [],
    });
  });

  it("a duplicated socket lists both descriptors, its count, and the option set through one", () => {
    const { sim, t } = world("A", "B");
    const { A: a, B: b } = t as { A: WinsockThread; B: WinsockThread };
    const s = a.socket(AF_INET, SOCK_STREAM, 0) as number;
    const d = duplicate(a, s, b);
    a.setsockopt(s, SOL_SOCKET, SO_SNDBUF, int32(4096), 4);
    a.setsockopt(s, SOL_SOCKET, SO_LINGER, linger(1, 7), 4);
    const v = sim.view();
    expect(v.processes.map((p) => [p.name, p.startupCount, p.wsaVersion])).toEqual([
      ["A", 1, "2.2"],
      ["B", 1, "2.2"],
    ]);
    const [socket] = v.sockets;
    expect(socket).toMatchObject({
      id: 1,
      af: "AF_INET",
      type: "SOCK_STREAM",
      protocol: "IPPROTO_TCP",
      refCount: 2,
      descriptors: [
        { process: "A", pid: a.pid, handle: s },
        { process: "B", pid: b.pid, handle: d },
      ],
      options: { SO_SNDBUF: 4096 },
      linger: { onoff: 1, seconds: 7 },
      mode: "blocking",
      phase: "open",
      pendingDuplications: [],
    });
    a.closesocket(s);
    expect(sim.view().sockets[0]?.descriptors).toEqual([{ process: "B", pid: b.pid, handle: d }]);
    b.closesocket(d);
    expect(sim.view().sockets).toEqual([]);
  });

  it("a duplication not yet claimed shows the placed handle and the pending record", () => {
    const { sim, t } = world("A", "B");
    const { A: a, B: b } = t as { A: WinsockThread; B: WinsockThread };
    const s = a.socket(AF_INET, SOCK_DGRAM, 0) as number;
    a.WSADuplicateSocketW(s, b.pid, new Uint8Array(628));
    const v = sim.view();
    const placed = v.processes[1]?.handles[0];
    expect(placed).toEqual({
      value: 4,
      kind: "socket",
      socket: 1,
      status: "awaiting WSASocket",
      inheritable: false,
      protectFromClose: false,
      origin: "WSADuplicateSocket",
    });
    expect(v.sockets[0]?.pendingDuplications).toEqual([
      { id: 1, from: "A", fromPid: a.pid, to: "B", toPid: b.pid, handle: 4 },
    ]);
    expect(v.sockets[0]?.refCount).toBe(2);
    expect(v.sockets[0]?.queued.receiveDatagrams).toBe(0);
  });

  it("the registration names the process and descriptor it was made through", () => {
    const { sim, a, b, client: c, conn, connB, peer, evA, evB } = splitRegistration();
    expect(sim.view().sockets.find((s) => s.id === 3)?.registration).toEqual({
      kind: "event",
      mask: ["FD_READ"],
      through: { process: "A", pid: a.pid, handle: conn },
      event: evA,
    });
    b.WSAEventSelect(connB, evB, FD_WRITE | FD_CLOSE);
    c.send(peer, new Uint8Array([1, 2, 3]), 3, 0);
    const socket = sim.view().sockets.find((s) => s.id === 3);
    expect(socket).toMatchObject({
      registration: {
        kind: "event",
        mask: ["FD_WRITE", "FD_CLOSE"],
        through: { process: "B", pid: b.pid, handle: connB },
        event: evB,
      },
      mode: "non-blocking",
      recorded: ["FD_READ", "FD_WRITE"],
      reported: ["FD_WRITE"],
      queued: { receiveBytes: 3, receiveDatagrams: null, urgentBytes: 0, sendBytes: 0 },
      phase: "connected",
      peerSocket: 2,
    });
    const handles = sim.view().processes.find((p) => p.name === "B")?.handles;
    expect(handles?.find((h) => h.value === evB)).toEqual({
      value: evB,
      kind: "event",
      event: 2,
      signalled: true,
      manualReset: true,
      inheritable: false,
      protectFromClose: false,
      origin: "created",
    });
  });

  it("a listener shows its queue, a window its messages, a blocked thread its call", () => {
    const { sim, t } = world("A");
    const a = t.A as WinsockThread;
    const l = a.socket(AF_INET, SOCK_STREAM, 0) as number;
    a.bind(l, sockaddr("127.0.0.1:0"), 16);
    a.listen(l, 3);
    const w = a.CreateWindow();
    a.WSAAsyncSelect(l, w, 0x401, 8 /* FD_ACCEPT */);
    const address = new Uint8Array(16);
    a.getsockname(l, address, intRef(16));
    const c = a.socket(AF_INET, SOCK_STREAM, 0) as number;
    a.connect(c, address, 16);
    const reader = sim.process("A").createThread();
    const v = sim.view();
    expect(v.sockets[0]?.listening).toEqual({ backlog: 3, queue: [3] });
    expect(v.windows).toEqual([
      {
        hwnd: w,
        process: "A",
        pid: a.pid,
        queue: [{ message: 0x401, wParam: l, event: "FD_ACCEPT", error: "0" }],
      },
    ]);
    // A blocking recv through a second descriptor of the client end, which has nothing to read,
    // blocks the second thread.
    const d = duplicate(a, c, a);
    reader.recv(d, new Uint8Array(4), 4, 0);
    const threads = sim.view().processes[0]?.threads;
    expect(threads?.[1]?.blocked).toEqual({ call: "recv", socket: 2, deadline: null });
    expect(threads?.[0]?.blocked).toBeNull();
  });
});

/** Every state a random scenario passes through, as views. */
const randomViews = scenarioArbitrary({ maxActions: 25 }).map((scenario) => {
  const replay = replayScenario("random", scenario);
  return replay.states.map((state) => ({ state, view: view(state) }));
});

function socketHandles(v: StateView): string[] {
  return v.processes.flatMap((p) =>
    p.handles.flatMap((h) => (h.kind === "socket" ? [`${p.pid}/${h.value}->${h.socket}`] : [])),
  );
}

describe("view over random scenarios", () => {
  it("is plain JSON, deterministic, valid against docs/state-view.schema.json", () => {
    fc.assert(
      fc.property(randomViews, (states) => {
        for (const { state, view: v } of states) {
          expect(JSON.parse(JSON.stringify(v))).toEqual(v);
          expect(JSON.stringify(view(state))).toBe(JSON.stringify(v));
          expect(validate(SCHEMA, v)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("lists every socket handle under its socket, and counts them as the kernel does", () => {
    fc.assert(
      fc.property(randomViews, (states) => {
        for (const { view: v } of states) {
          const listed = v.sockets.flatMap((s) =>
            s.descriptors.map((d) => `${d.pid}/${d.handle}->${s.id}`),
          );
          expect(listed.sort()).toEqual(socketHandles(v).sort());
          for (const s of v.sockets) {
            expect(s.refCount).toBe(s.descriptors.length);
            if (s.descriptors.length === 0) expect(s.orphan || s.embryonic).toBe(true);
          }
          const ids = v.sockets.map((s) => s.id);
          expect(ids).toEqual([...ids].sort((x, y) => x - y));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("docs/state-view.schema.json", () => {
  it("refuses views that break it", () => {
    const { sim, t } = world("A");
    (t.A as WinsockThread).socket(AF_INET, SOCK_STREAM, 0);
    const good = sim.view();
    expect(validate(SCHEMA, good)).toEqual([]);
    const socket = good.sockets[0] as unknown as Record<string, unknown>;
    const broken = [
      { ...good, version: 2 },
      { ...good, extra: 1 },
      { ...good, sockets: [{ ...socket, refCount: "1" }] },
      { ...good, sockets: [{ ...socket, mode: "sometimes" }] },
      { ...good, sockets: [{ ...socket, registration: { kind: "event" } }] },
      { ...good, processes: [{ ...good.processes[0], handles: [{ value: 4, kind: "file" }] }] },
    ];
    for (const value of broken) expect(validate(SCHEMA, value)).not.toEqual([]);
  });
});
