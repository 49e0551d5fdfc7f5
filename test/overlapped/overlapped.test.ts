/**
 * WSARecv, WSASend and WSAGetOverlappedResult through the facade (rules IO-*): the Windows
 * behaviour each case reproduces is named in its title, with its source in spec/rules/io.json.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  BLOCKED,
  DUPLICATE_SAME_ACCESS,
  FD_READ,
  intRef,
  kernel,
  linger,
  NT_STATUS,
  SO_LINGER,
  SOCK_STREAM,
  SOL_SOCKET,
  type WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../../src/index.js";
import {
  decode,
  duplicate,
  expectError,
  listener,
  nonBlocking,
  pair,
  sendText,
  text,
  world,
} from "../net/helpers.js";

const E = WSA_ERRORS;
const S = NT_STATUS;

function overlappedWith(event: number): WSAOVERLAPPED {
  const o = new WSAOVERLAPPED();
  o.hEvent = event;
  return o;
}

function signalled(t: WinsockThread, event: number): boolean {
  return t.WSAWaitForMultipleEvents(1, [event], false, 0, false) === 0;
}

/** An overlapped WSARecv of up to `len` bytes into one buffer; returns the buffer. */
function recvOverlapped(
  t: WinsockThread,
  s: number,
  o: WSAOVERLAPPED,
  len = 16,
): { buf: Uint8Array; ret: number | typeof BLOCKED } {
  const buf = new Uint8Array(len);
  const ret = t.WSARecv(s, [new WSABUF(len, buf)], 1, null, intRef(0), o);
  return { buf, ret };
}

describe("a pending receive (IO-PENDING)", () => {
  it("returns WSA_IO_PENDING on a non-blocking socket and completes when data arrives", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    nonBlocking(b, server);
    // Without an OVERLAPPED the call is recv's: WSAEWOULDBLOCK.
    const size = intRef(-1);
    expectError(
      b,
      b.WSARecv(server, [new WSABUF(5, new Uint8Array(5))], 1, size, intRef(0)),
      E.WSAEWOULDBLOCK,
    );
    const event = b.WSACreateEvent();
    const o = overlappedWith(event);
    const { buf, ret } = recvOverlapped(b, server, o, 5);
    expectError(b, ret, E.WSA_IO_PENDING);
    expect(o.Internal).toBe(S.STATUS_PENDING);
    expect(signalled(b, event)).toBe(false);
    sendText(a, client, "data");
    expect(o.Internal).toBe(S.STATUS_SUCCESS);
    expect(o.InternalHigh).toBe(4);
    expect(decode(buf.subarray(0, 4))).toBe("data");
    expect(signalled(b, event)).toBe(true);
    const n = intRef(0);
    const flags = intRef(-1);
    expect(b.WSAGetOverlappedResult(server, o, n, false, flags)).toBe(1);
    expect([n.value, flags.value, b.WSAGetLastError()]).toEqual([4, 0, 0]);
  });

  it("resets the event when the next operation starts (the second WSARecv of the Wine test)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const event = b.WSACreateEvent();
    const o = overlappedWith(event);
    recvOverlapped(b, server, o);
    sendText(a, client, "one");
    expect(signalled(b, event)).toBe(true);
    expectError(b, recvOverlapped(b, server, o).ret, E.WSA_IO_PENDING);
    expect(signalled(b, event)).toBe(false);
  });

  it("scatters the bytes over the WSABUFs in order", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const first = new Uint8Array(3);
    const second = new Uint8Array(8);
    const o = new WSAOVERLAPPED();
    const bufs = [new WSABUF(3, first), new WSABUF(8, second)];
    expectError(b, b.WSARecv(server, bufs, 2, null, intRef(0), o), E.WSA_IO_PENDING);
    sendText(a, client, "abcdefg");
    expect(decode(first)).toBe("abc");
    expect(decode(second.subarray(0, 4))).toBe("defg");
    expect(o.InternalHigh).toBe(7);
  });

  it("a pending receive takes data before a plain recv made after it", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const o = new WSAOVERLAPPED();
    const { buf } = recvOverlapped(b, server, o, 2);
    sendText(a, client, "xyz");
    expect(decode(buf)).toBe("xy");
    const rest = new Uint8Array(4);
    expect(b.recv(server, rest, 4, 0)).toBe(1);
    expect(decode(rest.subarray(0, 1))).toBe("z");
  });
});

describe("an operation that completes at once (IO-IMMEDIATE)", () => {
  it("returns 0 with the count, writes the OVERLAPPED and sets the event", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    sendText(a, client, "ready");
    const event = b.WSACreateEvent();
    const o = overlappedWith(event);
    const got = intRef(-1);
    const buf = new Uint8Array(16);
    expect(b.WSARecv(server, [new WSABUF(16, buf)], 1, got, intRef(0), o)).toBe(0);
    expect(got.value).toBe(5);
    expect(decode(buf.subarray(0, 5))).toBe("ready");
    expect([o.Internal, o.InternalHigh]).toEqual([S.STATUS_SUCCESS, 5]);
    expect(signalled(b, event)).toBe(true);
    // An overlapped WSASend with room completes at once too.
    const sent = intRef(-1);
    const so = new WSAOVERLAPPED();
    expect(a.WSASend(client, [new WSABUF(3, text("abc"))], 1, sent, 0, so)).toBe(0);
    expect([sent.value, so.Internal, so.InternalHigh]).toEqual([3, S.STATUS_SUCCESS, 3]);
  });

  it("without an OVERLAPPED WSARecv blocks a blocking socket until data arrives", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const buf = new Uint8Array(8);
    const got = intRef(-1);
    expect(b.WSARecv(server, [new WSABUF(8, buf)], 1, got, intRef(0))).toBe(BLOCKED);
    sendText(a, client, "late");
    expect(b.await()).toBe(0);
    expect(got.value).toBe(4);
    expect(decode(buf.subarray(0, 4))).toBe("late");
  });
});

describe("WSAGetOverlappedResult (IO-RESULT)", () => {
  it("is WSA_IO_INCOMPLETE while pending, and with fWait waits for the operation", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const o = new WSAOVERLAPPED();
    recvOverlapped(b, server, o);
    const n = intRef(-1);
    expect(b.WSAGetOverlappedResult(server, o, n, false, intRef(0))).toBe(0);
    expect([b.WSAGetLastError(), n.value]).toEqual([E.WSA_IO_INCOMPLETE, -1]);
    expect(b.WSAGetOverlappedResult(server, o, n, true, intRef(0))).toBe(BLOCKED);
    sendText(a, client, "go");
    expect(b.await()).toBe(1);
    expect([n.value, b.WSAGetLastError()]).toEqual([2, 0]);
  });

  it("translates a status the program wrote, as Windows' table does", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client } = pair(a);
    const o = new WSAOVERLAPPED();
    const cases: [number, number, number][] = [
      [S.STATUS_SUCCESS, 1, 0],
      [S.STATUS_CANCELLED, 0, E.WSA_OPERATION_ABORTED],
      [S.STATUS_CONNECTION_RESET, 0, E.WSAECONNRESET],
      [S.STATUS_BUFFER_OVERFLOW, 0, E.WSAEMSGSIZE],
      [0xc0000001, 0, E.WSAEINVAL],
      [0xc0070000 + 996, 0, E.WSA_IO_INCOMPLETE],
    ];
    for (const [status, ret, error] of cases) {
      o.Internal = status;
      o.InternalHigh = 7;
      const n = intRef(0);
      expect(a.WSAGetOverlappedResult(client, o, n, false, intRef(0)), `${status}`).toBe(ret);
      expect(a.WSAGetLastError(), `${status}`).toBe(error);
      expect(n.value).toBe(7);
    }
  });

  it("refuses NULL, a non-socket and a DuplicateHandle copy", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client } = pair(a);
    const o = new WSAOVERLAPPED();
    expect(a.WSAGetOverlappedResult(client, null, intRef(0), false, intRef(0))).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_PARAMETER);
    expect(a.WSAGetOverlappedResult(0xdead, o, intRef(0), false, intRef(0))).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSAENOTSOCK);
    const copy = intRef(0);
    expect(a.DuplicateHandle(-1, client, -1, copy, 0, false, DUPLICATE_SAME_ACCESS)).toBe(1);
    expect(a.WSAGetOverlappedResult(copy.value, o, intRef(0), false, intRef(0))).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSAENOTSOCK);
  });
});

describe("operations belong to the underlying socket (IO-LAST-CLOSE)", () => {
  it("closing a descriptor that is not the last leaves the receive pending; it still completes", () => {
    const { t } = world("A", "B", "C");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const c = t.C as WinsockThread;
    const { client, server } = pair(a, b);
    const copy = duplicate(b, server, c);
    const o = new WSAOVERLAPPED();
    const { buf } = recvOverlapped(c, copy, o);
    expect(c.closesocket(copy)).toBe(0);
    expect(o.Internal).toBe(S.STATUS_PENDING);
    sendText(a, client, "still");
    expect(o.Internal).toBe(S.STATUS_SUCCESS);
    expect(decode(buf.subarray(0, 5))).toBe("still");
  });

  it("the last close ends every pending receive once, with STATUS_CONNECTION_ABORTED and the event", () => {
    const { sim, t } = world("A", "B", "C");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const c = t.C as WinsockThread;
    const { server } = pair(a, b);
    const copy = duplicate(b, server, c);
    const event = c.WSACreateEvent();
    const o = overlappedWith(event);
    recvOverlapped(c, copy, o);
    expect(b.closesocket(server)).toBe(0);
    expect(o.Internal).toBe(S.STATUS_PENDING);
    expect(c.closesocket(copy)).toBe(0);
    expect(sim.last?.rules).toContain("IO-LAST-CLOSE");
    expect([o.Internal, o.InternalHigh]).toEqual([S.STATUS_CONNECTION_ABORTED, 0]);
    expect(signalled(c, event)).toBe(true);
    const n = intRef(-1);
    // The socket is gone: the result is read through any socket of the process.
    const other = pair(c).client;
    expect(c.WSAGetOverlappedResult(other, o, n, false, intRef(0))).toBe(0);
    expect([c.WSAGetLastError(), n.value]).toEqual([E.WSAECONNABORTED, 0]);
    // Nothing is left pending, and the cancelled operation is the only one the socket had.
    const records = kernel.trieValues(sim.state.io);
    expect(records.filter((r) => r.status === S.STATUS_PENDING)).toEqual([]);
    expect(records.map((r) => r.status)).toEqual([S.STATUS_CONNECTION_ABORTED]);
  });
});

describe("exits and WSACleanup (IO-THREAD-EXIT, IO-CLEANUP)", () => {
  it("a thread's exit cancels what it issued, not what another thread issued", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const worker = b.process.createThread();
    const mine = new WSAOVERLAPPED();
    const theirs = new WSAOVERLAPPED();
    recvOverlapped(worker, server, theirs, 4);
    const { buf } = recvOverlapped(b, server, mine, 4);
    worker.ExitThread();
    expect(theirs.Internal).toBe(S.STATUS_CANCELLED);
    expect(mine.Internal).toBe(S.STATUS_PENDING);
    sendText(a, client, "kept");
    expect(decode(buf)).toBe("kept");
  });

  it("the last WSACleanup cancels without setting the event", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { server } = pair(a, b);
    const event = b.WSACreateEvent();
    const o = overlappedWith(event);
    recvOverlapped(b, server, o);
    expect(b.WSACleanup()).toBe(0);
    expect(o.Internal).toBe(S.STATUS_CANCELLED);
    expect(b.WSAWaitForMultipleEvents(1, [event], false, 0, false)).toBe(0x102);
  });
});

describe("notification (IO-FD-READ)", () => {
  it("data a pending receive takes gives no FD_READ; the next data does (fact 60)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const event = b.WSACreateEvent();
    expect(b.WSAEventSelect(server, event, FD_READ)).toBe(0);
    const o = new WSAOVERLAPPED();
    recvOverlapped(b, server, o);
    sendText(a, client, "taken");
    expect(o.InternalHigh).toBe(5);
    const events = new WSANETWORKEVENTS();
    expect(b.WSAEnumNetworkEvents(server, event, events)).toBe(0);
    expect(events.lNetworkEvents & FD_READ).toBe(0);
    sendText(a, client, "seen");
    expect(b.WSAEnumNetworkEvents(server, event, events)).toBe(0);
    expect(events.lNetworkEvents & FD_READ).toBe(FD_READ);
  });
});

describe("failures (IO-ARGS, fact 86)", () => {
  it("bad arguments fail and change nothing", () => {
    const { sim, t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { server } = pair(a, b);
    const before = sim.state;
    const o = new WSAOVERLAPPED();
    const good = [new WSABUF(4, new Uint8Array(4))];
    expectError(b, b.WSARecv(0x1234, good, 1, null, intRef(0), o), E.WSAENOTSOCK);
    expectError(
      b,
      b.WSARecv(server, [new WSABUF(9, new Uint8Array(4))], 1, null, intRef(0), o),
      E.WSAEFAULT,
    );
    expectError(b, b.WSARecv(server, good, 2, null, intRef(0), o), E.WSAEFAULT);
    expectError(b, b.WSARecv(server, good, 1, null, null, o), E.WSAEFAULT);
    o.hEvent = 0x7770;
    expectError(b, b.WSARecv(server, good, 1, null, intRef(0), o), E.WSAENOTSOCK);
    expectError(b, b.WSASend(server, good, 1, null, 0), E.WSAEFAULT);
    expect(sim.state.io).toBe(before.io);
    expect(sim.state.sockets).toBe(before.sockets);
  });

  it("after a reset, an overlapped receive fails at once and starts nothing; a pending one ends with the reset", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const pending = new WSAOVERLAPPED();
    recvOverlapped(b, server, pending);
    expect(a.setsockopt(client, SOL_SOCKET, SO_LINGER, linger(1, 0), 4)).toBe(0);
    expect(a.closesocket(client)).toBe(0);
    expect(pending.Internal).toBe(S.STATUS_CONNECTION_RESET);
    const late = new WSAOVERLAPPED();
    expectError(b, recvOverlapped(b, server, late).ret, E.WSAECONNRESET);
    expect(late.Internal).toBe(0);
  });

  it("WSARecv with an OVERLAPPED on a socket made without WSA_FLAG_OVERLAPPED waits, even non-blocking (IO-NOT-OVERLAPPED)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const l = listener(a);
    const s = b.WSASocketW(AF_INET, SOCK_STREAM, 0, null, 0, 0);
    expect(b.connect(s, l.addr, 16)).toBe(0);
    const peer = a.accept(l.s, null, null) as number;
    nonBlocking(b, s);
    const event = b.WSACreateEvent();
    const o = overlappedWith(event);
    const { buf, ret } = recvOverlapped(b, s, o, 5);
    expect(ret).toBe(BLOCKED);
    expect(o.Internal).toBe(S.STATUS_PENDING);
    sendText(a, peer, "data");
    expect(b.await()).toBe(0);
    expect(decode(buf.subarray(0, 4))).toBe("data");
    expect([o.Internal, o.InternalHigh, signalled(b, event)]).toEqual([S.STATUS_SUCCESS, 4, true]);
    const size = intRef(0);
    expect(b.WSAGetOverlappedResult(s, o, size, false, intRef(0))).toBe(1);
    expect(size.value).toBe(4);
  });
});
