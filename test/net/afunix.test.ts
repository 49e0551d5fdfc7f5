/**
 * AF_UNIX stream sockets (rules NET-UNIX-*): creation, paths, connections across processes,
 * names, options, and sharing by WSADuplicateSocket.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_UNIX,
  formatSockaddr,
  INVALID_SOCKET,
  IPPROTO_TCP,
  int32,
  intRef,
  kernel,
  MSG_OOB,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  sockaddr,
  TCP_NODELAY,
  type WinsockThread,
  WSA_ERRORS,
} from "../../src/index.js";
import {
  duplicate,
  expectError,
  fionread,
  getInt,
  recvText,
  SO_RCVBUF,
  sendText,
  setInt,
  world,
} from "./helpers.js";

const E = WSA_ERRORS;
const SIZE = 110;

function unixSocket(t: WinsockThread): number {
  const s = t.socket(AF_UNIX, SOCK_STREAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

/** A bound, listening AF_UNIX socket at `path`. */
function unixListener(t: WinsockThread, path: string): number {
  const s = unixSocket(t);
  expect(t.bind(s, sockaddr(`unix:${path}`), SIZE)).toBe(0);
  expect(t.listen(s, 5)).toBe(0);
  return s;
}

function nameText(t: WinsockThread, s: number, peer = false): string | undefined {
  const buf = new Uint8Array(SIZE);
  const len = intRef(SIZE);
  const ret = peer ? t.getpeername(s, buf, len) : t.getsockname(s, buf, len);
  expect(ret).toBe(0);
  expect(len.value).toBe(SIZE);
  return formatSockaddr(buf, len.value);
}

/** A connection: client in `a` (unbound), accepted end in `b`. */
function unixPair(a: WinsockThread, b: WinsockThread, path: string) {
  const listening = unixListener(b, path);
  const client = unixSocket(a);
  expect(a.connect(client, sockaddr(`unix:${path}`), SIZE)).toBe(0);
  const server = b.accept(listening, null, null) as number;
  expect(server).not.toBe(INVALID_SOCKET);
  return { listening, client, server };
}

describe("creating AF_UNIX sockets (NET-UNIX-SOCKET)", () => {
  it("makes stream sockets with protocol 0 only", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    unixSocket(a);
    expectError(a, a.socket(AF_UNIX, SOCK_DGRAM, 0), E.WSAESOCKTNOSUPPORT);
    expectError(a, a.socket(AF_UNIX, SOCK_STREAM, IPPROTO_TCP), E.WSAEPROTONOSUPPORT);
  });

  it("names NET-UNIX-SOCKET for an AF_UNIX socket and for the type it refuses, not for AF_INET", () => {
    const { sim, t } = world("A");
    const a = t.A as WinsockThread;
    unixSocket(a);
    expect(sim.last?.rules).toContain("NET-UNIX-SOCKET");
    a.socket(AF_UNIX, SOCK_DGRAM, 0);
    expect(sim.last?.rules).toEqual(["NET-UNIX-SOCKET"]);
    // The same refusal on an IP family is the general argument rule.
    a.socket(AF_INET, 5 /* SOCK_SEQPACKET */, 0);
    expect(sim.last?.rules).toEqual(["SOCK-ARGS"]);
    a.socket(AF_INET, SOCK_STREAM, 0);
    expect(sim.last?.rules).not.toContain("NET-UNIX-SOCKET");
  });

  it("describes the socket in WSAPROTOCOL_INFO with family 1 and the AF_UNIX entry", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = unixSocket(a);
    const info = new Uint8Array(628);
    expect(a.WSADuplicateSocketW(s, a.pid, info)).toBe(0);
    const decoded = kernel.decodeProtocolInfo(info, "W") as kernel.ProtocolInfo;
    expect(decoded.iAddressFamily).toBe(AF_UNIX);
    expect(decoded.iSocketType).toBe(SOCK_STREAM);
    expect(decoded.iProtocol).toBe(0);
    expect(decoded.iMaxSockAddr).toBe(SIZE);
    expect(decoded.dwCatalogEntryId).toBe(1007);
  });
});

describe("addresses and paths (NET-UNIX-ADDRESS, NET-UNIX-BIND, NET-UNIX-PATH-STAYS)", () => {
  it("writes and reads SOCKADDR_UN as unix:path", () => {
    const bytes = sockaddr("unix:C:\\temp\\app.sock");
    expect(bytes.length).toBe(SIZE);
    expect(bytes[0]).toBe(AF_UNIX);
    expect(formatSockaddr(bytes)).toBe("unix:C:\\temp\\app.sock");
    expect(() => sockaddr(`unix:${"x".repeat(108)}`)).toThrow(SyntaxError);
  });

  it("takes offsetof(sun_path) + strlen + 1 as the length, as well as the whole structure", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = unixSocket(a);
    expect(a.bind(s, sockaddr("unix:short.sock"), 2 + "short.sock".length + 1)).toBe(0);
    expect(nameText(a, s)).toBe("unix:short.sock");
  });

  it("rejects an empty path, another family and a short or missing address", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = unixSocket(a);
    expectError(a, a.bind(s, sockaddr("unix:"), SIZE), E.WSAEINVAL);
    expectError(a, a.bind(s, sockaddr("127.0.0.1:80"), 16), E.WSAEAFNOSUPPORT);
    expectError(a, a.bind(s, sockaddr("unix:a"), 1), E.WSAEFAULT);
    expectError(a, a.bind(s, null, SIZE), E.WSAEFAULT);
    // None of those bound anything.
    expect(a.bind(s, sockaddr("unix:a"), SIZE)).toBe(0);
    expectError(a, a.bind(s, sockaddr("unix:b"), SIZE), E.WSAEINVAL);
  });

  it("keeps a path taken after its socket closes", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const s = unixListener(a, "/tmp/app.sock");
    expectError(b, b.bind(unixSocket(b), sockaddr("unix:/tmp/app.sock"), SIZE), E.WSAEADDRINUSE);
    expect(a.closesocket(s)).toBe(0);
    const again = unixSocket(a);
    expectError(a, a.bind(again, sockaddr("unix:/tmp/app.sock"), SIZE), E.WSAEADDRINUSE);
    expectError(
      b,
      b.connect(unixSocket(b), sockaddr("unix:/tmp/app.sock"), SIZE),
      E.WSAECONNREFUSED,
    );
  });
});

describe("connections (NET-UNIX-CONNECT, NET-UNIX-NAMES)", () => {
  it("carries bytes both ways between two processes, then the FIN", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = unixPair(a, b, "/run/app.sock");
    sendText(a, client, "hello");
    expect(fionread(b, server)).toBe(5);
    expect(recvText(b, server)).toBe("hello");
    sendText(b, server, "back");
    expect(recvText(a, client)).toBe("back");
    expect(a.shutdown(client, 1)).toBe(0);
    expect(recvText(b, server)).toBe("");
  });

  it("refuses at once a path nobody listens on, leaving the socket unbound", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const bound = unixSocket(a);
    expect(a.bind(bound, sockaddr("unix:idle"), SIZE)).toBe(0);
    const s = unixSocket(a);
    expectError(a, a.connect(s, sockaddr("unix:nobody"), SIZE), E.WSAECONNREFUSED);
    expectError(a, a.connect(s, sockaddr("unix:idle"), SIZE), E.WSAECONNREFUSED);
    expectError(a, a.getsockname(s, new Uint8Array(SIZE), intRef(SIZE)), E.WSAEINVAL);
  });

  it("names an unbound client unnamed and an accepted socket by its listener's path", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = unixPair(a, b, "srv");
    expect(nameText(a, client)).toBe("unix:");
    expect(nameText(a, client, true)).toBe("unix:srv");
    expect(nameText(b, server)).toBe("unix:srv");
    expect(nameText(b, server, true)).toBe("unix:");
  });

  it("gives the accepted socket the client's bound path as its peer", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const l = unixListener(a, "srv");
    const c = unixSocket(a);
    expect(a.bind(c, sockaddr("unix:cli"), SIZE)).toBe(0);
    expect(a.connect(c, sockaddr("unix:srv"), SIZE)).toBe(0);
    const addr = new Uint8Array(SIZE);
    const len = intRef(SIZE);
    const s = a.accept(l, addr, len) as number;
    expect(formatSockaddr(addr, len.value)).toBe("unix:cli");
    expect(nameText(a, s, true)).toBe("unix:cli");
  });
});

describe("options and urgent data (NET-UNIX-OPTIONS, NET-UNIX-NO-OOB)", () => {
  it("applies SOL_SOCKET options and refuses TCP ones", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = unixSocket(a);
    setInt(a, s, SO_RCVBUF, 4096);
    expect(getInt(a, s, SO_RCVBUF)).toBe(4096);
    expectError(a, a.setsockopt(s, IPPROTO_TCP, TCP_NODELAY, int32(1), 4), E.WSAENOPROTOOPT);
    expectError(
      a,
      a.getsockopt(s, IPPROTO_TCP, TCP_NODELAY, new Uint8Array(4), intRef(4)),
      E.WSAENOPROTOOPT,
    );
  });

  it("refuses MSG_OOB", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client, server } = unixPair(a, a, "oob");
    expectError(a, a.send(client, new Uint8Array(1), 1, MSG_OOB), E.WSAEOPNOTSUPP);
    expectError(a, a.recv(server, new Uint8Array(1), 1, MSG_OOB), E.WSAEOPNOTSUPP);
  });
});

describe("sharing (NET-UNIX-SHARING)", () => {
  it("duplicates an accepted AF_UNIX socket into another process, which then serves it", () => {
    const { t } = world("A", "B", "C");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const c = t.C as WinsockThread;
    const { client, server } = unixPair(a, b, "shared.sock");
    const copy = duplicate(b, server, c);
    expect(b.closesocket(server)).toBe(0);
    sendText(a, client, "to C");
    expect(recvText(c, copy)).toBe("to C");
    expect(nameText(c, copy)).toBe("unix:shared.sock");
    sendText(c, copy, "from C");
    expect(recvText(a, client)).toBe("from C");
  });

  it("is no IP socket: an AF_INET address on it is another family", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = unixSocket(a);
    const ret = a.connect(s, sockaddr("127.0.0.1:80"), 16);
    expect(ret).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(E.WSAEAFNOSUPPORT);
    expect(a.socket(AF_INET, SOCK_STREAM, 0)).not.toBe(INVALID_SOCKET);
  });
});
