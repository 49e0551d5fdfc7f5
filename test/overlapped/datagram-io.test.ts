/**
 * WSARecvFrom, WSASendTo and SetFileCompletionNotificationModes through the facade (rules
 * DGIO-*): the Windows behaviour each case reproduces is named in its title, with its source in
 * spec/rules/datagram-io.json.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  BLOCKED,
  FILE_SKIP_COMPLETION_PORT_ON_SUCCESS,
  FILE_SKIP_SET_EVENT_ON_HANDLE,
  formatSockaddr,
  intRef,
  kernel,
  MSG_PEEK,
  NT_STATUS,
  overlappedRef,
  SOCK_DGRAM,
  SOCKET_ERROR,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { lookupHandle } from "../../src/kernel/handles.js";
import {
  decode,
  duplicate,
  expectError,
  nameOf,
  nonBlocking,
  pair,
  sendText,
  text,
  udp,
  world,
} from "../net/helpers.js";

const E = WSA_ERRORS;
const S = NT_STATUS;

/** Two bound UDP sockets of one thread: `a` sends to `b`. */
function udpPair(t: WinsockThread): { a: number; b: number; aName: string; bAddr: Uint8Array } {
  const a = udp(t);
  const b = udp(t);
  expect(t.bind(a, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  expect(t.bind(b, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  return { a, b, aName: nameOf(t, a), bAddr: sockaddr(nameOf(t, b)) };
}

function sendTo(t: WinsockThread, s: number, data: string, to: Uint8Array): number {
  const bytes = text(data);
  const sent = intRef(-1);
  const ret = t.WSASendTo(s, [new WSABUF(bytes.length, bytes)], 1, sent, 0, to, 16);
  if (ret === 0) expect(sent.value).toBe(bytes.length);
  return ret as number;
}

function signalled(t: WinsockThread, event: number): boolean {
  return t.WSAWaitForMultipleEvents(1, [event], false, 0, false) === 0;
}

function withEvent(t: WinsockThread): WSAOVERLAPPED {
  const o = new WSAOVERLAPPED();
  o.hEvent = t.WSACreateEvent();
  return o;
}

/** GetQueuedCompletionStatus with no wait: the packet's OVERLAPPED, or null with WAIT_TIMEOUT. */
function dequeue(t: WinsockThread, port: number): WSAOVERLAPPED | null {
  const done = overlappedRef();
  t.GetQueuedCompletionStatus(port, intRef(0), intRef(0), done, 0);
  if (done.value === null) expect(t.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
  return done.value;
}

describe("WSASendTo and WSARecvFrom on UDP (DGIO-TO, DGIO-FROM)", () => {
  it("sends to lpTo, binding implicitly; the receiver gets the sender's address in lpFrom", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { b, bAddr } = udpPair(a);
    const sender = udp(a); // not bound: WSASendTo binds it (Wine's test_WSASendTo)
    expect(sendTo(a, sender, "hello", bAddr)).toBe(0);
    const buf = new Uint8Array(16);
    const from = new Uint8Array(16);
    const fromlen = intRef(16);
    const got = intRef(-1);
    const flags = intRef(0);
    expect(a.WSARecvFrom(b, [new WSABUF(16, buf)], 1, got, flags, from, fromlen)).toBe(0);
    expect(got.value).toBe(5);
    expect(decode(buf.subarray(0, 5))).toBe("hello");
    // A socket bound to the wildcard sends from the loopback address.
    expect(formatSockaddr(from)).toBe(nameOf(a, sender).replace("0.0.0.0", "127.0.0.1"));
    expect(fromlen.value).toBe(16);
    expect(flags.value).toBe(0);
  });

  it("WSASendTo without lpNumberOfBytesSent or an OVERLAPPED is WSAEFAULT and binds nothing", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { bAddr } = udpPair(a);
    const s = udp(a);
    const data = text("x");
    expectError(a, a.WSASendTo(s, [new WSABUF(1, data)], 1, null, 0, bAddr, 16), E.WSAEFAULT);
    expectError(a, a.getsockname(s, new Uint8Array(16), intRef(16)), E.WSAEINVAL);
  });

  it("an lpTo shorter than a sockaddr_in is WSAEFAULT; a NULL one needs a connected socket", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, bAddr } = udpPair(a);
    const data = text("x");
    const sent = intRef(0);
    expectError(a, a.WSASendTo(s, [new WSABUF(1, data)], 1, sent, 0, bAddr, 8), E.WSAEFAULT);
    expectError(a, a.WSASendTo(s, [new WSABUF(1, data)], 1, sent, 0, null, 0), E.WSAENOTCONN);
    nonBlocking(a, b);
    // Nothing arrived.
    expectError(a, a.recv(b, new Uint8Array(4), 4, 0), E.WSAEWOULDBLOCK);
  });

  it("an lpFromlen smaller than a sockaddr_in is WSAEFAULT, and the datagram stays", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, bAddr } = udpPair(a);
    expect(sendTo(a, s, "kept", bAddr)).toBe(0);
    const buf = new Uint8Array(8);
    const from = new Uint8Array(16);
    const ret = a.WSARecvFrom(b, [new WSABUF(8, buf)], 1, intRef(0), intRef(0), from, intRef(15));
    expectError(a, ret, E.WSAEFAULT);
    expectError(
      a,
      a.WSARecvFrom(b, [new WSABUF(8, buf)], 1, intRef(0), intRef(0), from, null),
      E.WSAEFAULT,
    );
    expect(a.recv(b, buf, 8, 0)).toBe(4);
  });

  it("MSG_PEEK leaves the datagram; lpFrom is written each time", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, aName, bAddr } = udpPair(a);
    expect(sendTo(a, s, "peek", bAddr)).toBe(0);
    for (const flag of [MSG_PEEK, 0]) {
      const from = new Uint8Array(16);
      const got = intRef(0);
      const buf = new Uint8Array(8);
      expect(a.WSARecvFrom(b, [new WSABUF(8, buf)], 1, got, intRef(flag), from, intRef(16))).toBe(
        0,
      );
      expect(got.value).toBe(4);
      expect(formatSockaddr(from)).toBe(aName);
    }
    nonBlocking(a, b);
    expectError(a, a.recv(b, new Uint8Array(4), 4, 0), E.WSAEWOULDBLOCK);
  });

  it("a blocking WSARecvFrom waits, then writes the data and the address", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const r = udp(b);
    expect(b.bind(r, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    const to = sockaddr(nameOf(b, r));
    const s = udp(a);
    expect(a.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    const buf = new Uint8Array(8);
    const from = new Uint8Array(16);
    const fromlen = intRef(16);
    const got = intRef(-1);
    expect(b.WSARecvFrom(r, [new WSABUF(8, buf)], 1, got, intRef(0), from, fromlen)).toBe(BLOCKED);
    expect(sendTo(a, s, "late", to)).toBe(0);
    expect(b.await()).toBe(0);
    expect(got.value).toBe(4);
    expect(formatSockaddr(from)).toBe(nameOf(a, s));
    expect(fromlen.value).toBe(16);
    nonBlocking(b, r);
    expectError(
      b,
      b.WSARecvFrom(r, [new WSABUF(8, buf)], 1, got, intRef(0), from, fromlen),
      E.WSAEWOULDBLOCK,
    );
  });

  it("a datagram larger than the buffers fills them and fails with WSAEMSGSIZE, no MSG_PARTIAL", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, aName, bAddr } = udpPair(a);
    expect(sendTo(a, s, "moredata", bAddr)).toBe(0);
    const first = new Uint8Array(2);
    const second = new Uint8Array(4);
    const from = new Uint8Array(16);
    const flags = intRef(0);
    const bufs = [new WSABUF(2, first), new WSABUF(4, second)];
    expectError(a, a.WSARecvFrom(b, bufs, 2, intRef(0), flags, from, intRef(16)), E.WSAEMSGSIZE);
    expect(decode(first)).toBe("mo");
    expect(decode(second)).toBe("reda");
    expect(formatSockaddr(from)).toBe(aName);
    expect(flags.value).toBe(0);
    // The rest of the datagram is gone.
    nonBlocking(a, b);
    expectError(a, a.recv(b, new Uint8Array(8), 8, 0), E.WSAEWOULDBLOCK);
  });
});

describe("overlapped WSARecvFrom and WSASendTo", () => {
  it("a pending WSARecvFrom writes lpFrom and *lpFromlen only when it completes", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, aName, bAddr } = udpPair(a);
    const o = withEvent(a);
    const buf = new Uint8Array(8);
    const from = new Uint8Array(16);
    const fromlen = intRef(16);
    const ret = a.WSARecvFrom(b, [new WSABUF(8, buf)], 1, null, intRef(0), from, fromlen, o);
    expectError(a, ret, E.WSA_IO_PENDING);
    expect(o.Internal).toBe(S.STATUS_PENDING);
    expect(from.every((x) => x === 0)).toBe(true);
    expect(sendTo(a, s, "later", bAddr)).toBe(0);
    expect(o.Internal).toBe(S.STATUS_SUCCESS);
    expect(o.InternalHigh).toBe(5);
    expect(decode(buf.subarray(0, 5))).toBe("later");
    expect(formatSockaddr(from)).toBe(aName);
    expect(fromlen.value).toBe(16);
    expect(signalled(a, o.hEvent)).toBe(true);
  });

  it("a truncated datagram completes a pending receive with STATUS_BUFFER_OVERFLOW", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, bAddr } = udpPair(a);
    const o = withEvent(a);
    const buf = new Uint8Array(6);
    const ret = a.WSARecvFrom(b, [new WSABUF(6, buf)], 1, null, intRef(0), null, null, o);
    expectError(a, ret, E.WSA_IO_PENDING);
    expect(sendTo(a, s, "moredata", bAddr)).toBe(0);
    expect(o.Internal).toBe(S.STATUS_BUFFER_OVERFLOW);
    expect(o.InternalHigh).toBe(6);
    expect(decode(buf)).toBe("moreda");
    const bytes = intRef(-1);
    expect(a.WSAGetOverlappedResult(b, o, bytes, false, intRef(0))).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSAEMSGSIZE);
    expect(bytes.value).toBe(6);
  });

  it("an overlapped receive of a waiting datagram too large fails at once and writes the OVERLAPPED", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, bAddr } = udpPair(a);
    expect(sendTo(a, s, "moredata", bAddr)).toBe(0);
    const o = withEvent(a);
    const buf = new Uint8Array(4);
    const ret = a.WSARecvFrom(b, [new WSABUF(4, buf)], 1, null, intRef(0), null, null, o);
    expectError(a, ret, E.WSAEMSGSIZE);
    expect(decode(buf)).toBe("more");
    expect(o.Internal).toBe(S.STATUS_BUFFER_OVERFLOW);
    expect(o.InternalHigh).toBe(4);
    expect(signalled(a, o.hEvent)).toBe(true);
  });

  it("an overlapped WSASendTo completes at once and queues its packet", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, bAddr } = udpPair(a);
    const port = a.CreateIoCompletionPort(s, 0, 7, 0);
    const o = new WSAOVERLAPPED();
    const data = text("go");
    expect(a.WSASendTo(s, [new WSABUF(2, data)], 1, null, 0, bAddr, 16, o)).toBe(0);
    expect(o.Internal).toBe(S.STATUS_SUCCESS);
    expect(o.InternalHigh).toBe(2);
    expect(dequeue(a, port)).toBe(o);
  });
});

describe("WSARecvFrom and WSASendTo on TCP (DGIO-STREAM-ADDRESS)", () => {
  it("ignore lpTo, lpFrom and lpFromlen, whatever they hold", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const data = text("tcp");
    const sent = intRef(0);
    // An lpTo that could not be read, with a length no sockaddr has.
    expect(a.WSASendTo(client, [new WSABUF(3, data)], 1, sent, 0, null, 3)).toBe(0);
    expect(sent.value).toBe(3);
    const from = new Uint8Array(16).fill(0xcc);
    const fromlen = intRef(-1);
    const got = intRef(0);
    const buf = new Uint8Array(8);
    expect(b.WSARecvFrom(server, [new WSABUF(8, buf)], 1, got, intRef(0), from, fromlen)).toBe(0);
    expect(decode(buf.subarray(0, got.value))).toBe("tcp");
    expect(from.every((x) => x === 0xcc)).toBe(true);
    expect(fromlen.value).toBe(-1);
  });
});

describe("SetFileCompletionNotificationModes (DGIO-MODES)", () => {
  it("fails with ERROR_INVALID_HANDLE for a non-socket, ERROR_INVALID_PARAMETER off overlapped", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const event = a.WSACreateEvent();
    expect(a.SetFileCompletionNotificationModes(event, 1)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
    expect(a.SetFileCompletionNotificationModes(999, 1)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
    const plain = a.WSASocketW(AF_INET, SOCK_DGRAM, 0, null, 0, 0);
    expect(a.SetFileCompletionNotificationModes(plain, 1)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_PARAMETER);
  });

  it("accepts unknown bits, adds the known ones, and never removes a mode", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = udp(a);
    expect(a.SetFileCompletionNotificationModes(s, 0xf0)).toBe(1);
    expect(modesOf(a, s)).toBe(0);
    expect(a.SetFileCompletionNotificationModes(s, 0xdeadbeef)).toBe(1); // the UCHAR 0xef
    expect(modesOf(a, s)).toBe(3);
    expect(a.SetFileCompletionNotificationModes(s, 0)).toBe(1);
    expect(modesOf(a, s)).toBe(3);
  });

  it("the modes belong to the underlying socket: set through a copy, they hold for the original", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const s = udp(a);
    const copy = duplicate(a, s, b);
    expect(b.SetFileCompletionNotificationModes(copy, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)).toBe(
      1,
    );
    expect(modesOf(a, s)).toBe(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
  });
});

/** The socket's modes as the kernel holds them (the underlying socket's, DGIO-MODES). */
function modesOf(t: WinsockThread, s: number): number {
  const process = kernel.findProcess(t.sim.state, t.pid);
  const entry = process === undefined ? undefined : lookupHandle(process, s);
  if (entry?.kind !== "socket") throw new Error(`${s} is not a socket`);
  return kernel.completionModes(t.sim.state, entry.socket);
}

describe("FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (DGIO-SKIP-PORT)", () => {
  it("an operation that completes at once queues no packet, but still sets its event", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, bAddr } = udpPair(a);
    const port = a.CreateIoCompletionPort(b, 0, 1, 0);
    expect(a.CreateIoCompletionPort(s, port, 2, 0)).toBe(port);
    expect(a.SetFileCompletionNotificationModes(b, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)).toBe(1);
    expect(sendTo(a, s, "now", bAddr)).toBe(0);
    const o = withEvent(a);
    const got = intRef(0);
    const ret = a.WSARecvFrom(
      b,
      [new WSABUF(8, new Uint8Array(8))],
      1,
      got,
      intRef(0),
      null,
      null,
      o,
    );
    expect(ret).toBe(0);
    expect(got.value).toBe(3);
    expect(o.Internal).toBe(S.STATUS_SUCCESS);
    expect(signalled(a, o.hEvent)).toBe(true);
    expect(dequeue(a, port)).toBe(null);
  });

  it("a receive that fails at once with an error (a port-unreachable report) starts nothing", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { b } = udpPair(a);
    const port = a.CreateIoCompletionPort(b, 0, 1, 0);
    // Nobody listens at port 9: the ICMP reply is reported by b's next receive.
    expect(sendTo(a, b, "x", sockaddr("127.0.0.1:9"))).toBe(0);
    const o = withEvent(a);
    o.Internal = 0x1234;
    const ret = a.WSARecvFrom(
      b,
      [new WSABUF(8, new Uint8Array(8))],
      1,
      null,
      intRef(0),
      null,
      null,
      o,
    );
    expectError(a, ret, E.WSAECONNRESET);
    expect(o.Internal).toBe(0x1234);
    expect(signalled(a, o.hEvent)).toBe(false);
    expect(dequeue(a, port)).toBe(null);
    // Reported once: the next receive goes pending.
    expectError(
      a,
      a.WSARecvFrom(b, [new WSABUF(8, new Uint8Array(8))], 1, null, intRef(0), null, null, o),
      E.WSA_IO_PENDING,
    );
  });

  it("a pending operation still queues its packet when it completes", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { a: s, b, bAddr } = udpPair(a);
    const port = a.CreateIoCompletionPort(b, 0, 1, 0);
    expect(a.SetFileCompletionNotificationModes(b, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)).toBe(1);
    const o = new WSAOVERLAPPED();
    const ret = a.WSARecvFrom(
      b,
      [new WSABUF(8, new Uint8Array(8))],
      1,
      null,
      intRef(0),
      null,
      null,
      o,
    );
    expectError(a, ret, E.WSA_IO_PENDING);
    expect(sendTo(a, s, "later", bAddr)).toBe(0);
    expect(dequeue(a, port)).toBe(o);
  });

  it("a truncated datagram at once is a warning, not an error: skipped with the mode, queued without", () => {
    for (const skip of [true, false]) {
      const { t } = world("A");
      const a = t.A as WinsockThread;
      const { a: s, b, bAddr } = udpPair(a);
      const port = a.CreateIoCompletionPort(b, 0, 1, 0);
      if (skip) a.SetFileCompletionNotificationModes(b, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
      expect(sendTo(a, s, "moredata", bAddr)).toBe(0);
      const o = new WSAOVERLAPPED();
      const buf = new Uint8Array(2);
      const ret = a.WSARecvFrom(b, [new WSABUF(2, buf)], 1, null, intRef(0), null, null, o);
      expectError(a, ret, E.WSAEMSGSIZE);
      const done = overlappedRef();
      const bytes = intRef(-1);
      a.GetQueuedCompletionStatus(port, bytes, intRef(0), done, 0);
      if (skip) {
        expect(done.value).toBe(null);
      } else {
        expect(done.value).toBe(o);
        expect(a.WSAGetLastError()).toBe(E.ERROR_MORE_DATA);
        expect(bytes.value).toBe(2);
      }
    }
  });

  it("a TCP WSASendTo that completes at once queues nothing either", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client } = pair(a, b);
    const port = a.CreateIoCompletionPort(client, 0, 1, 0);
    expect(a.SetFileCompletionNotificationModes(client, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)).toBe(
      1,
    );
    const o = new WSAOVERLAPPED();
    expect(a.WSASendTo(client, [new WSABUF(2, text("hi"))], 1, null, 0, null, 0, o)).toBe(0);
    expect(dequeue(a, port)).toBe(null);
    sendText(a, client, "x");
  });
});

describe("FILE_SKIP_SET_EVENT_ON_HANDLE (DGIO-SKIP-HANDLE)", () => {
  it("a wait on the socket's handle (no hEvent) is never ended by the operation", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    expect(b.SetFileCompletionNotificationModes(server, FILE_SKIP_SET_EVENT_ON_HANDLE)).toBe(1);
    const o = new WSAOVERLAPPED();
    const buf = new Uint8Array(8);
    expectError(
      b,
      b.WSARecv(server, [new WSABUF(8, buf)], 1, null, intRef(0), o),
      E.WSA_IO_PENDING,
    );
    const waiter = b.process.createThread();
    expect(waiter.WSAGetOverlappedResult(server, o, intRef(0), true, intRef(0))).toBe(BLOCKED);
    sendText(a, client, "data");
    // The operation completed: its OVERLAPPED says so, but the handle was not signalled.
    expect(o.Internal).toBe(S.STATUS_SUCCESS);
    expect(waiter.await()).toBe(BLOCKED);
    // A call made now reads the completed OVERLAPPED and does not wait.
    const bytes = intRef(0);
    expect(b.WSAGetOverlappedResult(server, o, bytes, true, intRef(0))).toBe(1);
    expect(bytes.value).toBe(4);
  });

  it("with an hEvent, or without the mode, the wait ends when the operation completes", () => {
    for (const mode of [true, false]) {
      const { t } = world("A", "B");
      const a = t.A as WinsockThread;
      const b = t.B as WinsockThread;
      const { client, server } = pair(a, b);
      if (mode) b.SetFileCompletionNotificationModes(server, FILE_SKIP_SET_EVENT_ON_HANDLE);
      const o = mode ? withEvent(b) : new WSAOVERLAPPED();
      const ret = b.WSARecv(server, [new WSABUF(8, new Uint8Array(8))], 1, null, intRef(0), o);
      expectError(b, ret, E.WSA_IO_PENDING);
      const waiter = b.process.createThread();
      expect(waiter.WSAGetOverlappedResult(server, o, intRef(0), true, intRef(0))).toBe(BLOCKED);
      sendText(a, client, "data");
      expect(waiter.await()).toBe(1);
    }
  });
});

describe("failed calls change nothing", () => {
  it("a WSASendTo refused for its address sends nothing and binds nothing", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = udp(a);
    const before = a.sim.state;
    const bad = new Uint8Array(16); // family 0
    expect(a.WSASendTo(s, [new WSABUF(1, text("x"))], 1, intRef(0), 0, bad, 16)).toBe(SOCKET_ERROR);
    expect(a.sim.state.sockets).toBe(before.sockets);
  });
});
