import { describe, expect, it } from "vitest";
import {
  AF_INET,
  BLOCKED,
  int32,
  intRef,
  SimulationError,
  SO_RCVTIMEO,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../src/index.js";
import { started } from "./helpers.js";

/** A connected pair: a's socket s talks to b's socket t. */
function pair() {
  const { sim, threads } = started("A", "B");
  const [a, b] = threads as [WinsockThread, WinsockThread];
  const listener = a.socket(AF_INET, SOCK_STREAM, 0);
  a.bind(listener, sockaddr("127.0.0.1:0"), 16);
  a.listen(listener, 1);
  const name = new Uint8Array(16);
  a.getsockname(listener, name, intRef(16));
  const t = b.socket(AF_INET, SOCK_STREAM, 0);
  expect(b.connect(t, name, 16)).toBe(0);
  const s = a.accept(listener) as number;
  return { sim, a, b, s, t };
}

describe("blocking calls", () => {
  it("return BLOCKED, forbid other calls on the thread, and finish with await", () => {
    const { a, b, s, t } = pair();
    const buf = new Uint8Array(8);
    expect(a.recv(s, buf, 8, 0)).toBe(BLOCKED);
    expect(a.blockedIn).toBe("recv");
    expect(() => a.socket(AF_INET, SOCK_STREAM, 0)).toThrow(SimulationError);
    b.send(t, new TextEncoder().encode("hi"), 2, 0);
    expect(a.await()).toBe(2);
    expect(new TextDecoder().decode(buf.subarray(0, 2))).toBe("hi");
    expect(a.blockedIn).toBeUndefined();
  });

  it("await moves virtual time to a timeout, and Sleep moves it too", () => {
    const { sim, a, s } = pair();
    a.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, int32(1500), 4);
    const start = sim.state.clock;
    expect(a.recv(s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSA_ERRORS.WSAETIMEDOUT);
    expect(sim.state.clock).toBe(start + 1500);
    a.Sleep(250);
    expect(sim.state.clock).toBe(start + 1750);
  });

  it("await without any timer that could end the wait stays blocked", () => {
    const { a, s } = pair();
    expect(a.recv(s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    expect(a.await()).toBe(BLOCKED);
    expect(a.blockedIn).toBe("recv");
  });

  it("a timeout fires during another thread's Sleep, and await then collects it", () => {
    const { sim, a, b, s } = pair();
    a.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, int32(100), 4);
    expect(a.recv(s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    b.Sleep(1000);
    expect(sim.state.clock).toBe(1000);
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSA_ERRORS.WSAETIMEDOUT);
    expect(sim.state.clock).toBe(1000);
  });

  it("await on a thread that is not blocked is a mistake of the driver", () => {
    const { a } = pair();
    expect(() => a.await()).toThrow(SimulationError);
  });

  it("a blocked thread's process may exit; its wait disappears with it", () => {
    const { sim, a, s } = pair();
    a.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, int32(100), 4);
    expect(a.recv(s, new Uint8Array(4), 4, 0)).toBe(BLOCKED);
    sim.process("A").exit();
    expect(sim.state.blocked.size).toBe(0);
    expect(sim.state.timers.size).toBe(0);
  });
});
