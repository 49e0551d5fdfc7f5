import { describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  FROM_PROTOCOL_INFO,
  INVALID_POINTER,
  INVALID_SOCKET,
  kernel,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  type WinsockThread,
  WSA_ERRORS,
  WSADATA,
} from "../../src/index.js";
import { started } from "./helpers.js";

const FPI = FROM_PROTOCOL_INFO;
const { WSAEINVAL } = WSA_ERRORS;

function pair(): { sim: ReturnType<typeof started>["sim"]; a: WinsockThread; b: WinsockThread } {
  const { sim, threads } = started("A", "B");
  return { sim, a: threads[0]!, b: threads[1]! };
}

function expectError(t: WinsockThread, ret: unknown, failRet: number, error: number): void {
  expect(ret).toBe(failRet);
  expect(t.WSAGetLastError()).toBe(error);
}

describe("WSADuplicateSocket checks, in Windows' order", () => {
  it("socket first, then process id, then pointer", () => {
    const { a } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(372);
    expectError(a, a.WSADuplicateSocketA(0, 0, null), SOCKET_ERROR, WSA_ERRORS.WSAENOTSOCK);
    expectError(a, a.WSADuplicateSocketA(s, 0, null), SOCKET_ERROR, WSAEINVAL);
    expectError(a, a.WSADuplicateSocketA(s, 0xffffffff, info), SOCKET_ERROR, WSAEINVAL);
    expectError(a, a.WSADuplicateSocketA(0, a.pid, info), SOCKET_ERROR, WSA_ERRORS.WSAENOTSOCK);
    expectError(a, a.WSADuplicateSocketA(s, a.pid, null), SOCKET_ERROR, WSA_ERRORS.WSAEFAULT);
    expectError(
      a,
      a.WSADuplicateSocketA(s, a.pid, INVALID_POINTER),
      SOCKET_ERROR,
      WSA_ERRORS.WSAEFAULT,
    );
    // A buffer too small for the structure is memory the call may not write.
    expectError(
      a,
      a.WSADuplicateSocketW(s, a.pid, new Uint8Array(372)),
      SOCKET_ERROR,
      WSA_ERRORS.WSAEFAULT,
    );
  });

  it("refuses a process that has exited", () => {
    const { sim, a } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const pid = sim.process("B").pid;
    sim.process("B").exit();
    expectError(a, a.WSADuplicateSocketW(s, pid, new Uint8Array(628)), SOCKET_ERROR, WSAEINVAL);
  });
});

describe("the WSAPROTOCOL_INFO it fills", () => {
  it("is 372 bytes (A) or 628 (W), identical up to szProtocol, describing the socket", () => {
    const { a, b } = pair();
    for (const [af, type, protocol, name] of [
      [AF_INET, SOCK_STREAM, 6, "MSAFD Tcpip [TCP/IP]"],
      [AF_INET, SOCK_DGRAM, 17, "MSAFD Tcpip [UDP/IP]"],
      [AF_INET6, SOCK_STREAM, 6, "MSAFD Tcpip [TCP/IPv6]"],
      [AF_INET6, SOCK_DGRAM, 17, "MSAFD Tcpip [UDP/IPv6]"],
    ] as const) {
      const s = a.socket(af, type, 0);
      const infoA = new Uint8Array(372);
      const infoW = new Uint8Array(628);
      expect(a.WSADuplicateSocketA(s, b.pid, infoA)).toBe(0);
      expect(a.WSADuplicateSocketW(s, b.pid, infoW)).toBe(0);
      const decodedA = kernel.decodeProtocolInfo(infoA, "A")!;
      const decodedW = kernel.decodeProtocolInfo(infoW, "W")!;
      expect(decodedA.iAddressFamily).toBe(af);
      expect(decodedA.iSocketType).toBe(type);
      expect(decodedA.iProtocol).toBe(protocol);
      expect(decodedA.iVersion).toBe(2);
      expect(decodedA.iMaxSockAddr).toBe(af === AF_INET ? 16 : 28);
      expect(decodedA.dwServiceFlags1).toBe(type === SOCK_STREAM ? 0x20066 : 0x20609);
      expect(decodedA.ProtocolChain.ChainLen).toBe(1);
      expect(decodedA.szProtocol).toBe(name);
      expect(decodedW.szProtocol).toBe(name);
      // Two duplications differ only in what they carry for the target (dwProviderReserved).
      expect({ ...decodedW, dwProviderReserved: 0 }).toEqual({
        ...decodedA,
        dwProviderReserved: 0,
      });
      expect(decodedA.dwProviderReserved).not.toBe(0);
    }
  });
});

describe("WSASocket with the structure in the target", () => {
  it("gives the target a descriptor for the same socket", () => {
    const { sim, a, b } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    const t = b.WSASocketW(FPI, FPI, FPI, info, 0, 1);
    expect(t).not.toBe(INVALID_SOCKET);
    expect(sim.state.sockets.size).toBe(1);
    expect(kernel.trieValues(sim.state.sockets)[0]?.refCount).toBe(2);
  });

  it("works once: a second use fails with WSAEINVAL", () => {
    const { a, b } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 1)).not.toBe(INVALID_SOCKET);
    expectError(b, b.WSASocketW(FPI, FPI, FPI, info, 0, 1), INVALID_SOCKET, WSAEINVAL);
  });

  it("works only in the target process", () => {
    const { sim, a, b } = pair();
    const c = sim.createProcess("C").main;
    c.WSAStartup(0x0202, new WSADATA());
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    expectError(a, a.WSASocketW(FPI, FPI, FPI, info, 0, 1), INVALID_SOCKET, WSAEINVAL);
    expectError(c, c.WSASocketW(FPI, FPI, FPI, info, 0, 1), INVALID_SOCKET, WSAEINVAL);
    // The failures consumed nothing: the target can still use it.
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 1)).not.toBe(INVALID_SOCKET);
  });

  it("rejects a truncated or altered structure with WSAEINVAL", () => {
    const { a, b } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    expectError(
      b,
      b.WSASocketW(FPI, FPI, FPI, info.slice(0, 600), 0, 1),
      INVALID_SOCKET,
      WSAEINVAL,
    );
    for (const offset of [20, 36, 76, 88, 92]) {
      const altered = info.slice();
      altered[offset] = (altered[offset] as number) ^ 1;
      expectError(b, b.WSASocketW(FPI, FPI, FPI, altered, 0, 1), INVALID_SOCKET, WSAEINVAL);
    }
    const unknown = info.slice();
    new DataView(unknown.buffer).setUint32(112, 0x7fffffff, true);
    expectError(b, b.WSASocketW(FPI, FPI, FPI, unknown, 0, 1), INVALID_SOCKET, WSAEINVAL);
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 1)).not.toBe(INVALID_SOCKET);
  });

  it("accepts a structure duplicated to the caller's own process", () => {
    const { a } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(372);
    expect(a.WSADuplicateSocketA(s, a.pid, info)).toBe(0);
    const d = a.WSASocketA(0, 0, 0, info, 0, 0);
    expect(d).not.toBe(INVALID_SOCKET);
    expect(d).not.toBe(s);
  });
});

describe("the handle placed in the target before it calls WSASocket", () => {
  it("keeps the socket alive after the source closes", () => {
    const { sim, a, b } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    expect(a.closesocket(s)).toBe(0);
    expect(sim.state.sockets.size).toBe(1);
    const t = b.WSASocketW(FPI, FPI, FPI, info, 0, 1);
    expect(t).not.toBe(INVALID_SOCKET);
    expect(b.closesocket(t)).toBe(0);
    expect(sim.state.sockets.size).toBe(0);
  });

  it("is not a socket to the target's Winsock until claimed", () => {
    const { sim, a, b } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    const pending = kernel.trieGet(
      sim.state.duplications,
      kernel.decodeProtocolInfo(info, "W")!.dwProviderReserved,
    )!;
    expectError(b, b.closesocket(pending.targetHandle), SOCKET_ERROR, WSA_ERRORS.WSAENOTSOCK);
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 1)).toBe(pending.targetHandle);
  });

  it("survives the target's final WSACleanup and goes with the target's exit", () => {
    const { sim, a, b } = pair();
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const info = new Uint8Array(628);
    a.WSADuplicateSocketW(s, b.pid, info);
    a.closesocket(s);
    expect(b.WSACleanup()).toBe(0);
    expect(sim.state.sockets.size).toBe(1);
    sim.process("B").exit();
    expect(sim.state.sockets.size).toBe(0);
    expect(sim.state.duplications.size).toBe(0);
  });
});
