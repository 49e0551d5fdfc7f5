/**
 * Issue 12: the facade never throws, except the typed errors of src/api/errors.ts for calls no
 * Windows thread can make; and an output object that cannot be written is WSAEFAULT.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  BLOCKED,
  FD_READ,
  INVALID_SOCKET,
  intRef,
  kernel,
  MSG,
  POLLRDNORM,
  ProcessExitedError,
  Simulation,
  SimulationError,
  SO_TYPE,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  ThreadBlockedError,
  ThreadExitedError,
  ThreadNotBlockedError,
  type WinsockThread,
  WM_USER,
  WSA_ERRORS,
  WSADATA,
  WSANETWORKEVENTS,
} from "../../src/index.js";
import { started } from "./helpers.js";

const { WSAEFAULT } = WSA_ERRORS;

/** Every facade call with harmless arguments: each must throw the same typed error on a dead thread. */
const CALLS: [string, (t: WinsockThread) => unknown][] = [
  ["WSAStartup", (t) => t.WSAStartup(0x0202, new WSADATA())],
  ["WSACleanup", (t) => t.WSACleanup()],
  ["WSAGetLastError", (t) => t.WSAGetLastError()],
  ["WSASetLastError", (t) => t.WSASetLastError(5)],
  ["GetCurrentProcessId", (t) => t.GetCurrentProcessId()],
  ["GetCurrentThreadId", (t) => t.GetCurrentThreadId()],
  ["socket", (t) => t.socket(AF_INET, SOCK_STREAM, 0)],
  ["closesocket", (t) => t.closesocket(4)],
  ["WSACloseEvent", (t) => t.WSACloseEvent(4)],
  ["WSASetEvent", (t) => t.WSASetEvent(4)],
  ["recv", (t) => t.recv(4, new Uint8Array(4), 4, 0)],
  ["select", (t) => t.select(0, [4], null, null, null)],
  ["Sleep", (t) => t.Sleep(1)],
  ["CreateWindow", (t) => t.CreateWindow()],
  ["ExitThread", (t) => t.ExitThread()],
  ["await", (t) => t.await()],
];

/** A throw leaves the simulation exactly as it was: the very same snapshot. */
function unchanged(sim: Simulation, act: () => void): void {
  const before = sim.state;
  act();
  expect(sim.state).toBe(before);
}

/** A failed call changes nothing but the calling thread's last error (ERR-FAILED-UNCHANGED). */
function failedUnchanged(sim: Simulation, t: WinsockThread, act: () => void): void {
  const before = sim.state;
  act();
  expect(sim.last!.ok).toBe(false);
  expect(sim.state).toEqual(kernel.setLastError(before, t.ctx, t.WSAGetLastError()));
}

describe("a thread of a process that has exited", () => {
  it.each(CALLS)("%s throws ThreadExitedError naming the thread and process", (call, run) => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    sim.process("A").exit();
    expect(a.alive).toBe(false);
    unchanged(sim, () => {
      const error = (() => {
        try {
          run(a);
        } catch (e) {
          return e;
        }
      })() as ThreadExitedError;
      expect(error).toBeInstanceOf(ThreadExitedError);
      expect(error).toBeInstanceOf(SimulationError);
      expect(error.call).toBe(call);
      expect(error.thread).toEqual({ process: "A", pid: a.pid, tid: a.tid });
      expect(error.processExited).toBe(true);
      expect(error.message).toContain("process has exited");
    });
  });

  it("even when the thread was blocked: its call is gone, and blockedIn says so", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    a.bind(s, sockaddr("127.0.0.1:0"), 16);
    expect(a.recv(s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    sim.process("A").exit();
    expect(a.blockedIn).toBeUndefined();
    expect(() => a.await()).toThrow(ThreadExitedError);
    expect(() => a.WSAGetLastError()).toThrow(ThreadExitedError);
  });

  it("the process itself: exit and createThread throw ProcessExitedError", () => {
    const { sim } = started("A");
    const p = sim.process("A");
    p.exit();
    unchanged(sim, () => expect(() => p.exit()).toThrow(ProcessExitedError));
    unchanged(sim, () => expect(() => p.createThread()).toThrow(ProcessExitedError));
  });
});

describe("a thread that has exited (ExitThread)", () => {
  it.each(CALLS)("%s throws ThreadExitedError; the process lives on", (call, run) => {
    const { sim, threads } = started("A");
    const worker = sim.process("A").createThread();
    worker.ExitThread();
    expect(worker.alive).toBe(false);
    expect(threads[0]!.alive).toBe(true);
    unchanged(sim, () => {
      try {
        run(worker);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ThreadExitedError);
        expect((e as ThreadExitedError).call).toBe(call);
        expect((e as ThreadExitedError).processExited).toBe(false);
      }
    });
    expect(threads[0]!.socket(AF_INET, SOCK_STREAM, 0)).toBe(4);
  });
});

describe("a blocked thread", () => {
  function blocked() {
    const { sim, threads } = started("A", "B");
    const [a, b] = threads as [WinsockThread, WinsockThread];
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    a.bind(s, sockaddr("127.0.0.1:0"), 16);
    expect(a.recv(s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    return { sim, a, b, s };
  }

  it("refuses other calls with ThreadBlockedError, changing nothing", () => {
    const { sim, a } = blocked();
    unchanged(sim, () => {
      try {
        a.socket(AF_INET, SOCK_STREAM, 0);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ThreadBlockedError);
        expect((e as ThreadBlockedError).blockedIn).toBe("recv");
        expect((e as ThreadBlockedError).call).toBe("socket");
      }
    });
    // Reading its last error is no call by the thread; it still works.
    expect(a.WSAGetLastError()).toBe(0);
  });

  it("await on a thread that is not blocked throws ThreadNotBlockedError, changing nothing", () => {
    const { sim, b } = blocked();
    unchanged(sim, () => expect(() => b.await()).toThrow(ThreadNotBlockedError));
    const fresh = sim.process("A").createThread();
    unchanged(sim, () => expect(() => fresh.await()).toThrow(ThreadNotBlockedError));
  });

  it("ExitThread of another thread leaves the blocked one blocked", () => {
    const { sim, a } = blocked();
    sim.process("A").createThread().ExitThread();
    expect(a.blockedIn).toBe("recv");
    expect(a.await()).toBe(BLOCKED);
  });
});

describe("an output object that cannot be written is WSAEFAULT and changes nothing", () => {
  it("WSAStartup with a frozen WSADATA", () => {
    const sim = new Simulation();
    const a = sim.createProcess("A").main;
    const data = Object.freeze(new WSADATA());
    failedUnchanged(sim, a, () => expect(a.WSAStartup(0x0202, data)).toBe(WSAEFAULT));
    expect(data.wVersion).toBe(0);
    // Still not started: the failed call counted nothing.
    expect(a.socket(AF_INET, SOCK_STREAM, 0)).toBe(INVALID_SOCKET);
    expect(a.WSAGetLastError()).toBe(WSA_ERRORS.WSANOTINITIALISED);
  });

  /** A bound datagram socket registered for FD_READ, and its own address to send to. */
  function selectedDatagram() {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    const event = a.WSACreateEvent();
    a.WSAEventSelect(s, event, FD_READ);
    a.bind(s, sockaddr("127.0.0.1:0"), 16);
    const name = new Uint8Array(16);
    a.getsockname(s, name, intRef(16));
    return { sim, a, s, event, name };
  }

  it("WSAEnumNetworkEvents with a frozen structure, or a frozen iErrorCode", () => {
    const { sim, a, s, event, name } = selectedDatagram();
    a.sendto(s, new Uint8Array(1), 1, 0, name, 16);
    const frozen = Object.freeze(new WSANETWORKEVENTS());
    const halfFrozen = new WSANETWORKEVENTS();
    Object.freeze(halfFrozen.iErrorCode);
    for (const target of [frozen, halfFrozen]) {
      failedUnchanged(sim, a, () =>
        expect(a.WSAEnumNetworkEvents(s, event, target)).toBe(SOCKET_ERROR),
      );
      expect(a.WSAGetLastError()).toBe(WSAEFAULT);
    }
    const events = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(s, event, events)).toBe(0);
    expect(events.lNetworkEvents & FD_READ).toBe(FD_READ);
  });

  it("WSAEnumNetworkEvents with a structure used before, one of whose fields became read-only", () => {
    const { sim, a, s, event, name } = selectedDatagram();
    // Found writable once (and remembered), then a field is made read-only in place.
    const events = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(s, event, events)).toBe(0);
    a.sendto(s, new Uint8Array(1), 1, 0, name, 16);
    Object.defineProperty(events, "lNetworkEvents", { writable: false });
    failedUnchanged(sim, a, () =>
      expect(a.WSAEnumNetworkEvents(s, event, events)).toBe(SOCKET_ERROR),
    );
    expect(a.WSAGetLastError()).toBe(WSAEFAULT);
    // The event is still recorded: a writable structure gets it.
    const fresh = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(s, event, fresh)).toBe(0);
    expect(fresh.lNetworkEvents & FD_READ).toBe(FD_READ);
  });

  it("an int* that is a frozen IntRef", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const optlen = Object.freeze(intRef(4));
    failedUnchanged(sim, a, () =>
      expect(a.getsockopt(s, SOL_SOCKET, SO_TYPE, new Uint8Array(4), optlen)).toBe(SOCKET_ERROR),
    );
    expect(a.WSAGetLastError()).toBe(WSAEFAULT);
  });

  it("select with a frozen set, WSAPoll with a frozen entry", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    failedUnchanged(sim, a, () =>
      expect(a.select(0, null, Object.freeze([s]) as number[], null, null)).toBe(SOCKET_ERROR),
    );
    expect(a.WSAGetLastError()).toBe(WSAEFAULT);
    const entry = Object.freeze({ fd: s, events: POLLRDNORM, revents: 0 });
    failedUnchanged(sim, a, () => expect(a.WSAPoll([entry], 1, 0)).toBe(SOCKET_ERROR));
    expect(a.WSAGetLastError()).toBe(WSAEFAULT);
    // A non-object entry is no WSAPOLLFD either.
    expect(a.WSAPoll([null as never], 1, 0)).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAEFAULT);
    // The same calls with writable arguments succeed.
    const set = [s];
    expect(a.select(0, null, set, null, null)).toBe(1);
  });

  it("PeekMessage with a frozen MSG leaves the message queued", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    const hwnd = a.CreateWindow();
    a.WSAAsyncSelect(s, hwnd, WM_USER + 1, FD_READ);
    a.bind(s, sockaddr("127.0.0.1:0"), 16);
    const name = new Uint8Array(16);
    a.getsockname(s, name, intRef(16));
    a.sendto(s, new Uint8Array(1), 1, 0, name, 16);
    failedUnchanged(sim, a, () => expect(a.PeekMessage(Object.freeze(new MSG()), hwnd)).toBe(0));
    expect(a.WSAGetLastError()).toBe(WSAEFAULT);
    const msg = new MSG();
    expect(a.PeekMessage(msg, hwnd)).toBe(1);
    expect(msg.message).toBe(WM_USER + 1);
  });
});
