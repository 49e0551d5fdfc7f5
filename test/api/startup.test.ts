import { describe, expect, it } from "vitest";
import {
  AF_INET,
  INVALID_POINTER,
  INVALID_SOCKET,
  Simulation,
  SOCK_STREAM,
  SOCKET_ERROR,
  WSA_ERRORS,
  WSADATA,
} from "../../src/index.js";
import { started } from "./helpers.js";

describe("WSAStartup", () => {
  const table: [number, number, number][] = [
    // [requested, expected return, expected wVersion]
    [0x0000, WSA_ERRORS.WSAVERNOTSUPPORTED, 0x0202],
    [0x0900, WSA_ERRORS.WSAVERNOTSUPPORTED, 0x0202],
    [0x0001, 0, 0x0001],
    [0x0101, 0, 0x0101],
    [0x0201, 0, 0x0101],
    [0xff01, 0, 0x0101],
    [0x0002, 0, 0x0002],
    [0x0102, 0, 0x0102],
    [0x0202, 0, 0x0202],
    [0x0302, 0, 0x0202],
    [0x0003, 0, 0x0202],
    [0xffff, 0, 0x0202],
  ];
  it.each(table)("version 0x%s answers %i with wVersion %s", (requested, ret, version) => {
    const t = new Simulation().createProcess("A").main;
    const data = new WSADATA();
    expect(t.WSAStartup(requested, data)).toBe(ret);
    expect(data.wVersion).toBe(version);
    expect(data.wHighVersion).toBe(0x0202);
    expect(data.szDescription).toBe("WinSock 2.0");
    expect(data.szSystemStatus).toBe("Running");
    const legacy = (version & 0xff) === 1;
    expect(data.iMaxSockets).toBe(legacy ? 32767 : 0);
    expect(data.iMaxUdpDg).toBe(legacy ? 65467 : 0);
    expect(t.WSAGetLastError()).toBe(ret === 0 ? 0 : WSA_ERRORS.WSANOTINITIALISED);
  });

  it("refuses a NULL or invalid WSADATA with WSAEFAULT and does not initialise", () => {
    const t = new Simulation().createProcess("A").main;
    expect(t.WSAStartup(0x0202, null)).toBe(WSA_ERRORS.WSAEFAULT);
    expect(t.WSAStartup(0x0202, INVALID_POINTER)).toBe(WSA_ERRORS.WSAEFAULT);
    expect(t.socket(AF_INET, SOCK_STREAM, 0)).toBe(INVALID_SOCKET);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSANOTINITIALISED);
  });

  it("checks the version before the pointer", () => {
    const t = new Simulation().createProcess("A").main;
    expect(t.WSAStartup(0, null)).toBe(WSA_ERRORS.WSAVERNOTSUPPORTED);
  });

  it("leaves a process uninitialised after a refused version", () => {
    const t = new Simulation().createProcess("A").main;
    t.WSAStartup(0x0000, new WSADATA());
    expect(t.socket(AF_INET, SOCK_STREAM, 0)).toBe(INVALID_SOCKET);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSANOTINITIALISED);
  });
});

describe("WSACleanup", () => {
  it("needs one call per successful WSAStartup; one more fails with WSANOTINITIALISED", () => {
    const { threads } = started("A");
    const t = threads[0]!;
    expect(t.WSAStartup(0x0202, new WSADATA())).toBe(0);
    expect(t.WSACleanup()).toBe(0);
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(s).not.toBe(INVALID_SOCKET);
    expect(t.WSACleanup()).toBe(0);
    expect(t.WSACleanup()).toBe(SOCKET_ERROR);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSANOTINITIALISED);
  });

  it("closes every socket of the process, so old handles are WSAENOTSOCK after a new startup", () => {
    const { threads } = started("A");
    const t = threads[0]!;
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    expect(t.WSADuplicateSocketW(s, t.pid, info)).toBe(0);
    const d = t.WSASocketW(-1, -1, -1, info, 0, 1);
    expect(d).not.toBe(INVALID_SOCKET);
    expect(t.WSACleanup()).toBe(0);
    expect(t.closesocket(s)).toBe(SOCKET_ERROR);
    expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSANOTINITIALISED);
    expect(t.WSAStartup(0x0202, new WSADATA())).toBe(0);
    for (const handle of [s, d]) {
      expect(t.closesocket(handle)).toBe(SOCKET_ERROR);
      expect(t.WSAGetLastError()).toBe(WSA_ERRORS.WSAENOTSOCK);
    }
    expect(t.sim.state.sockets.size).toBe(0);
  });

  it("leaves a socket another process holds alive", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = threads as [NonNullable<(typeof threads)[0]>, NonNullable<(typeof threads)[0]>];
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    const t = b.WSASocketW(-1, -1, -1, info, 0, 1);
    expect(a.WSACleanup()).toBe(0);
    expect(sim.state.sockets.size).toBe(1);
    expect(b.closesocket(t)).toBe(0);
    expect(sim.state.sockets.size).toBe(0);
  });
});

describe("WSAGetLastError and WSASetLastError", () => {
  it("work without WSAStartup and are per thread", () => {
    const p = new Simulation().createProcess("A");
    const other = p.createThread();
    p.main.WSASetLastError(1234);
    expect(p.main.WSAGetLastError()).toBe(1234);
    expect(other.WSAGetLastError()).toBe(0);
  });

  it("are cleared by a successful WSACreateEvent (CreateEvent), kept by WSASetEvent", () => {
    // kernel32's test_event, run on Windows, presets 0xdeadbeef and reads 0 after CreateEventA.
    const { threads } = started("A");
    const a = threads[0]!;
    a.WSASetLastError(0xdead);
    const event = a.WSACreateEvent();
    expect(event).not.toBe(0);
    expect(a.WSAGetLastError()).toBe(0);
    a.WSASetLastError(0xdead);
    expect(a.WSASetEvent(event)).toBe(1);
    expect(a.WSAGetLastError()).toBe(0xdead);
  });
});
