/** formatCall and formatRecord: calls printed with their arguments, constants by name. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCall } from "../../src/api/describe.js";
import {
  AF_INET,
  AF_INET6,
  BLOCKED,
  FD_ACCEPT,
  FD_ALL_EVENTS,
  FD_CLOSE,
  FD_READ,
  FD_WRITE,
  FIONBIO,
  FIONREAD,
  FROM_PROTOCOL_INFO,
  formatRecord,
  INVALID_POINTER,
  INVALID_SOCKET,
  IP_TTL,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPV6_V6ONLY,
  int32,
  intRef,
  MSG_OOB,
  MSG_PEEK,
  MSG_WAITALL,
  POLLIN,
  POLLOUT,
  POLLRDNORM,
  SD_BOTH,
  SD_SEND,
  SG_CONSTRAINED_GROUP,
  Simulation,
  SO_DEBUG,
  SO_DONTLINGER,
  SO_SNDBUF,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SOMAXCONN,
  sockaddr,
  TCP_NODELAY,
  WM_USER,
  WSA_FLAG_NO_HANDLE_INHERIT,
  WSA_FLAG_OVERLAPPED,
  WSA_INFINITE,
  WSADATA,
  WSAEINVAL,
  WSANETWORKEVENTS,
} from "../../src/index.js";
import { started } from "./helpers.js";

/** [call, arguments, the text expected]. */
const CASES: [string, unknown[], string][] = [
  ["socket", [AF_INET, SOCK_STREAM, IPPROTO_TCP], "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)"],
  // Protocol 0 lets the provider choose: it is not printed as IPPROTO_IP, which shares it.
  ["socket", [AF_INET6, SOCK_DGRAM, 0], "socket(AF_INET6, SOCK_DGRAM, 0)"],
  ["socket", [99, 77, 250], "socket(99, 77, 250)"],
  [
    "WSASocketW",
    [
      FROM_PROTOCOL_INFO,
      FROM_PROTOCOL_INFO,
      FROM_PROTOCOL_INFO,
      new Uint8Array(628),
      0,
      WSA_FLAG_OVERLAPPED,
    ],
    "WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, <628 bytes>, 0, WSA_FLAG_OVERLAPPED)",
  ],
  [
    "WSASocketA",
    [
      AF_INET,
      SOCK_STREAM,
      0,
      null,
      SG_CONSTRAINED_GROUP,
      WSA_FLAG_OVERLAPPED | 0x200 | WSA_FLAG_NO_HANDLE_INHERIT,
    ],
    "WSASocketA(AF_INET, SOCK_STREAM, 0, NULL, SG_CONSTRAINED_GROUP, WSA_FLAG_OVERLAPPED|WSA_FLAG_NO_HANDLE_INHERIT|0x200)",
  ],
  [
    "setsockopt",
    [4, SOL_SOCKET, SO_SNDBUF, int32(4096), 4],
    "setsockopt(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4)",
  ],
  // The same optname value means a different option at each level.
  [
    "setsockopt",
    [4, IPPROTO_TCP, TCP_NODELAY, int32(1), 4],
    "setsockopt(4, IPPROTO_TCP, TCP_NODELAY, <4 bytes>, 4)",
  ],
  [
    "setsockopt",
    [4, SOL_SOCKET, SO_DEBUG, int32(1), 4],
    "setsockopt(4, SOL_SOCKET, SO_DEBUG, <4 bytes>, 4)",
  ],
  [
    "getsockopt",
    [8, IPPROTO_IP, IP_TTL, new Uint8Array(4), intRef(4)],
    "getsockopt(8, IPPROTO_IP, IP_TTL, <4 bytes>, &4)",
  ],
  [
    "getsockopt",
    [8, IPPROTO_IPV6, IPV6_V6ONLY, new Uint8Array(4), intRef(4)],
    "getsockopt(8, IPPROTO_IPV6, IPV6_V6ONLY, <4 bytes>, &4)",
  ],
  // SO_DONTLINGER is ~0x80 in the header: named whether passed signed or unsigned.
  [
    "setsockopt",
    [4, SOL_SOCKET, SO_DONTLINGER >>> 0, int32(1), 4],
    "setsockopt(4, SOL_SOCKET, SO_DONTLINGER, <4 bytes>, 4)",
  ],
  // A level with no option table, an unknown level, an unknown option: numbers.
  ["setsockopt", [4, IPPROTO_UDP, 1, null, 0], "setsockopt(4, IPPROTO_UDP, 1, NULL, 0)"],
  ["setsockopt", [4, 1234, 1, null, 0], "setsockopt(4, 1234, 1, NULL, 0)"],
  ["setsockopt", [4, SOL_SOCKET, 0x4242, null, 0], "setsockopt(4, SOL_SOCKET, 16962, NULL, 0)"],
  ["WSAEventSelect", [4, 8, FD_READ | FD_CLOSE], "WSAEventSelect(4, 8, FD_READ|FD_CLOSE)"],
  ["WSAEventSelect", [4, 8, FD_ALL_EVENTS], "WSAEventSelect(4, 8, FD_ALL_EVENTS)"],
  ["WSAEventSelect", [4, 8, 0], "WSAEventSelect(4, 8, 0)"],
  ["WSAEventSelect", [4, 8, FD_WRITE | 0x4000 | 0x800], "WSAEventSelect(4, 8, FD_WRITE|0x4800)"],
  [
    "WSAAsyncSelect",
    [4, 65552, WM_USER + 1, FD_ACCEPT | FD_CLOSE],
    "WSAAsyncSelect(4, 65552, WM_USER+1, FD_ACCEPT|FD_CLOSE)",
  ],
  ["WSAAsyncSelect", [4, 65552, 15, 0], "WSAAsyncSelect(4, 65552, 15, 0)"],
  ["shutdown", [4, SD_SEND], "shutdown(4, SD_SEND)"],
  ["shutdown", [4, SD_BOTH], "shutdown(4, SD_BOTH)"],
  ["shutdown", [4, 7], "shutdown(4, 7)"],
  ["ioctlsocket", [4, FIONBIO, intRef(1)], "ioctlsocket(4, FIONBIO, &1)"],
  // A command stored in a signed int is still FIONREAD; an unknown one is hex.
  ["ioctlsocket", [4, FIONREAD | 0, intRef(0)], "ioctlsocket(4, FIONREAD, &0)"],
  ["ioctlsocket", [4, 0x8004667f, null], "ioctlsocket(4, 0x8004667f, NULL)"],
  ["recv", [4, new Uint8Array(16), 16, MSG_PEEK], "recv(4, <16 bytes>, 16, MSG_PEEK)"],
  [
    "recv",
    [4, new Uint8Array(16), 16, MSG_PEEK | MSG_WAITALL | 0x1000],
    "recv(4, <16 bytes>, 16, MSG_PEEK|MSG_WAITALL|0x1000)",
  ],
  ["send", [4, INVALID_POINTER, 5, MSG_OOB], "send(4, <invalid pointer>, 5, MSG_OOB)"],
  [
    "sendto",
    [4, new Uint8Array(3), 3, 0, sockaddr("127.0.0.1:5000"), 16],
    "sendto(4, <3 bytes>, 3, 0, 127.0.0.1:5000, 16)",
  ],
  [
    "recvfrom",
    [4, new Uint8Array(8), 8, 0, new Uint8Array(28), intRef(28)],
    "recvfrom(4, <8 bytes>, 8, 0, <28 bytes>, &28)",
  ],
  ["bind", [4, sockaddr("[::1]:80"), 28], "bind(4, [::1]:80, 28)"],
  // Bytes that are no AF_INET or AF_INET6 address are shown by their size.
  ["connect", [4, new Uint8Array(16), 16], "connect(4, <16 bytes>, 16)"],
  ["listen", [4, SOMAXCONN], "listen(4, SOMAXCONN)"],
  ["listen", [4, 5], "listen(4, 5)"],
  ["accept", [4, null, null], "accept(4, NULL, NULL)"],
  ["getpeername", [4, new Uint8Array(16), intRef(16)], "getpeername(4, <16 bytes>, &16)"],
  ["closesocket", [INVALID_SOCKET], "closesocket(INVALID_SOCKET)"],
  ["WSAStartup", [0x0202, new WSADATA()], "WSAStartup(0x0202, <WSADATA>)"],
  ["WSAStartup", [0x0101, null], "WSAStartup(0x0101, NULL)"],
  ["WSASetLastError", [WSAEINVAL], "WSASetLastError(WSAEINVAL)"],
  ["WSASetLastError", [0], "WSASetLastError(0)"],
  [
    "WSAEnumNetworkEvents",
    [4, 8, new WSANETWORKEVENTS()],
    "WSAEnumNetworkEvents(4, 8, <WSANETWORKEVENTS>)",
  ],
  [
    "WSAWaitForMultipleEvents",
    [2, [8, 12], true, WSA_INFINITE, false],
    "WSAWaitForMultipleEvents(2, [8, 12], TRUE, WSA_INFINITE, FALSE)",
  ],
  [
    "WSAWaitForMultipleEvents",
    [1, [8], 0, 100, 1],
    "WSAWaitForMultipleEvents(1, [8], FALSE, 100, TRUE)",
  ],
  [
    "select",
    [0, [4, 8], [], null, { tv_sec: 1, tv_usec: 500 }],
    "select(0, [4, 8], [], NULL, {1, 500})",
  ],
  // POLLOUT shares POLLWRNORM's value; the header's first name for it is printed.
  [
    "WSAPoll",
    [
      [
        { fd: 4, events: POLLIN | POLLOUT, revents: 0 },
        { fd: 8, events: POLLRDNORM },
      ],
      2,
      -1,
    ],
    "WSAPoll([{4, POLLWRNORM|POLLIN}, {8, POLLRDNORM}], 2, -1)",
  ],
  ["Sleep", [100], "Sleep(100)"],
  ["WSACleanup", [], "WSACleanup()"],
  ["await recv", [4, new Uint8Array(16), 16, 0], "await recv(4, <16 bytes>, 16, 0)"],
];

describe("formatCall", () => {
  it.each(CASES.map(([call, args, text]) => ({ call, args, text })))(
    "$text",
    ({ call, args, text }) => {
      expect(formatCall(call, args)).toBe(text);
    },
  );

  it("prints arguments of the wrong kind as they are, not as a constant", () => {
    expect(formatCall("socket", ["AF_INET", undefined, 1.5])).toBe(
      'socket("AF_INET", undefined, 1.5)',
    );
    expect(formatCall("recv", [4, 16, "x", MSG_PEEK])).toBe('recv(4, 16, "x", MSG_PEEK)');
  });

  it("prints calls it has no signature for, and arguments past the signature, plainly", () => {
    expect(formatCall("WSANSPIoctl", [4, 2, intRef(3), null, [1, 2]])).toBe(
      "WSANSPIoctl(4, 2, &3, NULL, [1, 2])",
    );
    expect(formatCall("closesocket", [4, SOL_SOCKET])).toBe("closesocket(4, 65535)");
  });
});

describe("formatRecord", () => {
  it("prints the facade's records with every parameter, as passed", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    a.setsockopt(s, SOL_SOCKET, SO_SNDBUF, int32(4096), 4);
    expect(formatRecord(sim.last!)).toMatch(
      /^A\/\d+ setsockopt\(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4\) = 0 {2}\[/,
    );
    // optlen goes in as 8 and comes back as 4: the record shows what was passed.
    const optlen = intRef(8);
    a.getsockopt(s, SOL_SOCKET, SO_SNDBUF, new Uint8Array(8), optlen);
    expect(optlen.value).toBe(4);
    expect(formatRecord(sim.last!)).toContain(
      "getsockopt(4, SOL_SOCKET, SO_SNDBUF, <8 bytes>, &8)",
    );
    a.shutdown(s, SD_SEND);
    expect(formatRecord(sim.last!)).toMatch(
      /shutdown\(4, SD_SEND\) = SOCKET_ERROR, WSAGetLastError\(\) = WSAENOTCONN/,
    );
  });

  it("shows select's sets as passed, not as the ready sets it rewrote them to", () => {
    const { sim, threads } = started("A");
    const a = threads[0]!;
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    const writefds = [s];
    a.select(0, null, writefds, null, { tv_sec: 0, tv_usec: 0 });
    expect(writefds).toEqual([]);
    expect(formatRecord(sim.last!)).toContain("select(0, NULL, [4], NULL, {0, 0}) = 0");
  });

  it("prints a blocked call, and its await with the call's arguments", () => {
    const { sim, threads } = started("A", "B");
    const [a, b] = threads as [(typeof threads)[0], (typeof threads)[0]];
    const listener = a.socket(AF_INET, SOCK_STREAM, 0);
    a.bind(listener, sockaddr("127.0.0.1:0"), 16);
    a.listen(listener, 1);
    const name = new Uint8Array(16);
    a.getsockname(listener, name, intRef(16));
    const t = b.socket(AF_INET, SOCK_STREAM, 0);
    b.connect(t, name, 16);
    const s = a.accept(listener) as number;
    expect(a.recv(s, new Uint8Array(16), 16, MSG_PEEK)).toBe(BLOCKED);
    expect(formatRecord(sim.last!)).toMatch(/recv\(8, <16 bytes>, 16, MSG_PEEK\) = blocked {2}\[/);
    b.send(t, new TextEncoder().encode("hi"), 2, 0);
    expect(a.await()).toBe(2);
    expect(formatRecord(sim.last!)).toMatch(
      /^A\/\d+ await recv\(8, <16 bytes>, 16, MSG_PEEK\) = 2/,
    );
  });

  it("prints the line the README shows", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    const shown = /`formatRecord` prints one\s+as C code would read: `([^`]+)`/.exec(readme);
    expect(shown).not.toBeNull();
    const sim = new Simulation({ record: true });
    const a = sim.createProcess("A").main;
    a.WSAStartup(0x0202, new WSADATA());
    const s = a.socket(AF_INET, SOCK_STREAM, 0);
    a.setsockopt(s, SOL_SOCKET, SO_SNDBUF, int32(4096), 4);
    expect(formatRecord(sim.last!)).toBe(shown?.[1]);
  });
});
