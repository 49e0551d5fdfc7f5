/**
 * I/O completion ports through the facade (rules PORT-*): the observed facts each case
 * reproduces are named in its title, with sources in spec/rules/io.json.
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  intRef,
  linger,
  overlappedRef,
  SO_LINGER,
  SOL_SOCKET,
  type WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { duplicate, expectError, pair, sendText, world } from "../net/helpers.js";
import { dequeue } from "./dequeue.js";

const E = WSA_ERRORS;
const INVALID_HANDLE_VALUE = -1;

function recvOn(t: WinsockThread, s: number, o: WSAOVERLAPPED, len = 8): Uint8Array {
  const buf = new Uint8Array(len);
  const ret = t.WSARecv(s, [new WSABUF(len, buf)], 1, null, intRef(0), o);
  expectError(t, ret, E.WSA_IO_PENDING);
  return buf;
}

describe("packets (PORT-CREATE, PORT-ASSOCIATE, PORT-PACKET, PORT-DEQUEUE)", () => {
  it("a completed receive queues one packet with the socket's key; the port hands it out once", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 125, 0);
    expect(port).not.toBe(0);
    const o = new WSAOVERLAPPED();
    recvOn(b, server, o);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT, o: null });
    sendText(a, client, "hello");
    expect(dequeue(b, port)).toEqual({ ret: 1, error: 0, bytes: 5, key: 125, o });
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
  });

  it("a socket is associated with one port only; a new port from INVALID_HANDLE_VALUE", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client } = pair(a);
    const port = a.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
    expect(a.CreateIoCompletionPort(client, port, 1, 0)).toBe(port);
    expect(a.CreateIoCompletionPort(client, port, 2, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_PARAMETER);
    expect(a.CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 0, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_PARAMETER);
    expect(a.CreateIoCompletionPort(0x7770, 0, 0, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
  });

  it("a waiting GetQueuedCompletionStatus wakes with the packet; a timeout gives WAIT_TIMEOUT", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 7, 0);
    const o = new WSAOVERLAPPED();
    recvOn(b, server, o);
    const worker = b.process.createThread();
    const bytes = intRef(0);
    const got = overlappedRef();
    expect(worker.GetQueuedCompletionStatus(port, bytes, intRef(0), got, 0xffffffff)).toBe(BLOCKED);
    sendText(a, client, "abc");
    expect(worker.await()).toBe(1);
    expect([bytes.value, got.value]).toEqual([3, o]);
    expect(worker.GetQueuedCompletionStatus(port, bytes, intRef(0), got, 50)).toBe(BLOCKED);
    expect(worker.await()).toBe(0);
    expect([worker.WSAGetLastError(), got.value]).toEqual([E.WAIT_TIMEOUT, null]);
  });

  it("threads waiting on a port are released last in, first out (PORT-LIFO)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const port = a.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
    const first = a.process.createThread();
    const second = a.process.createThread();
    const key = intRef(0);
    expect(
      first.GetQueuedCompletionStatus(port, intRef(0), intRef(0), overlappedRef(), 0xffffffff),
    ).toBe(BLOCKED);
    expect(
      second.GetQueuedCompletionStatus(port, intRef(0), key, overlappedRef(), 0xffffffff),
    ).toBe(BLOCKED);
    expect(a.PostQueuedCompletionStatus(port, 1, 42, null)).toBe(1);
    expect(second.await()).toBe(1);
    expect(key.value).toBe(42);
    expect(first.await()).toBe(BLOCKED);
  });

  it("hEvent with its low bit set: the operation completes and sets its event, but queues no packet (PORT-NO-PACKET)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 1, 0);
    const event = b.WSACreateEvent();
    const o = new WSAOVERLAPPED();
    o.hEvent = event | 1;
    recvOn(b, server, o);
    sendText(a, client, "x");
    expect(o.InternalHigh).toBe(1);
    expect(b.WSAWaitForMultipleEvents(1, [event], false, 0, false)).toBe(0);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
  });
});

describe("sharing (facts 10-13, 73, 84, 86)", () => {
  it("a receive pending on a duplicate completes on the port associated through the original; the last close queues one packet, ERROR_CONNECTION_ABORTED", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 125, 0);
    const copy = duplicate(b, server, b);
    const o = new WSAOVERLAPPED();
    recvOn(b, copy, o);
    expect(b.closesocket(copy)).toBe(0);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
    expect(b.closesocket(server)).toBe(0);
    expect(dequeue(b, port)).toEqual({
      ret: 0,
      error: E.ERROR_CONNECTION_ABORTED,
      bytes: 0,
      key: 125,
      o,
    });
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
  });

  it("an association made after the operation started still gets its packet (fact 84)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { server } = pair(a, b);
    const o = new WSAOVERLAPPED();
    recvOn(b, server, o);
    const port = b.CreateIoCompletionPort(server, 0, 9, 0);
    expect(b.closesocket(server)).toBe(0);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.ERROR_CONNECTION_ABORTED, key: 9 });
  });

  it("a thread's exit leaves the operation a port takes over (fact 73), and cancels one with an event", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 3, 0);
    const worker = b.process.createThread();
    const taken = new WSAOVERLAPPED();
    const withEvent = new WSAOVERLAPPED();
    withEvent.hEvent = b.WSACreateEvent();
    recvOn(worker, server, withEvent, 4);
    recvOn(worker, server, taken, 12);
    worker.ExitThread();
    expect(withEvent.Internal).toBe(0xc0000120);
    expect(dequeue(b, port)).toMatchObject({
      ret: 0,
      error: E.WSA_OPERATION_ABORTED,
      o: withEvent,
    });
    sendText(a, client, "twelve bytes");
    expect(dequeue(b, port)).toEqual({ ret: 1, error: 0, bytes: 12, key: 3, o: taken });
  });

  it("a reset: the pending receive's packet says ERROR_NETNAME_DELETED; a later one fails at once with no packet (fact 86)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { client, server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 5, 0);
    const o = new WSAOVERLAPPED();
    recvOn(b, server, o);
    expect(a.setsockopt(client, SOL_SOCKET, SO_LINGER, linger(1, 0), 4)).toBe(0);
    expect(a.closesocket(client)).toBe(0);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.ERROR_NETNAME_DELETED, o });
    const late = new WSAOVERLAPPED();
    const ret = b.WSARecv(server, [new WSABUF(4, new Uint8Array(4))], 1, null, intRef(0), late);
    expectError(b, ret, E.WSAECONNRESET);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
  });

  it("closing the port's last handle while a thread waits ends the wait with ERROR_ABANDONED_WAIT_0", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const port = a.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
    const worker = a.process.createThread();
    expect(
      worker.GetQueuedCompletionStatus(port, intRef(0), intRef(0), overlappedRef(), 0xffffffff),
    ).toBe(BLOCKED);
    expect(a.CloseHandle(port)).toBe(1);
    expect(worker.await()).toBe(0);
    expect(worker.WSAGetLastError()).toBe(E.ERROR_ABANDONED_WAIT_0);
  });
});

describe("cancelling (IO-CANCEL)", () => {
  it("CancelIoEx cancels one operation or all of this process's; the cancelled ones complete with their packets", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { server } = pair(a, b);
    const port = b.CreateIoCompletionPort(server, 0, 8, 0);
    const worker = b.process.createThread();
    const one = new WSAOVERLAPPED();
    const two = new WSAOVERLAPPED();
    recvOn(b, server, one);
    recvOn(worker, server, two);
    expect(b.CancelIoEx(server, two)).toBe(1);
    expect([one.Internal, two.Internal]).toEqual([0x103, 0xc0000120]);
    expect(dequeue(b, port)).toMatchObject({ ret: 0, error: E.WSA_OPERATION_ABORTED, o: two });
    expect(b.CancelIoEx(server, null)).toBe(1);
    expect(one.Internal).toBe(0xc0000120);
    expect(b.CancelIoEx(server, null)).toBe(0);
    expect(b.WSAGetLastError()).toBe(E.ERROR_NOT_FOUND);
    expect(b.CancelIoEx(0x7770, null)).toBe(0);
    expect(b.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
  });

  it("CancelIo cancels only the calling thread's operations, and says TRUE when there are none", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { server } = pair(a, b);
    const worker = b.process.createThread();
    const mine = new WSAOVERLAPPED();
    const theirs = new WSAOVERLAPPED();
    recvOn(b, server, mine);
    recvOn(worker, server, theirs);
    expect(b.CancelIo(server)).toBe(1);
    expect([mine.Internal, theirs.Internal]).toEqual([0xc0000120, 0x103]);
    expect(b.CancelIo(server)).toBe(1);
    expect(theirs.Internal).toBe(0x103);
  });

  it("another process's operations on the shared socket are not this process's to cancel", () => {
    const { t } = world("A", "B", "C");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const c = t.C as WinsockThread;
    const { server } = pair(a, b);
    const copy = duplicate(b, server, c);
    const theirs = new WSAOVERLAPPED();
    recvOn(c, copy, theirs);
    expect(b.CancelIoEx(server, null)).toBe(0);
    expect(b.WSAGetLastError()).toBe(E.ERROR_NOT_FOUND);
    expect(theirs.Internal).toBe(0x103);
  });
});
