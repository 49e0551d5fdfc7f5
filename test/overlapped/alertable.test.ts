/**
 * Completion routines, APCs and alertable waits through the facade (rules APC-*; sources in
 * spec/rules/alertable.json). The cases follow Wine's test_WSARecv, test_select and
 * test_fionread_siocatmark, run on Windows, and the SleepEx and GetQueuedCompletionStatusEx pages.
 */
import { describe, expect, it } from "vitest";
import {
  BLOCKED,
  type CompletionRoutine,
  intRef,
  OVERLAPPED_ENTRY,
  POLLNVAL,
  POLLRDNORM,
  type WinsockThread,
  WSA_ERRORS,
  WSABUF,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { expectError, pair, sendText, world } from "../net/helpers.js";

const E = WSA_ERRORS;
const WAIT_IO_COMPLETION = 0xc0;

/** A routine that records its calls as "error bytes". */
function recorder() {
  const calls: string[] = [];
  const routine = (error: number, bytes: number) => calls.push(`${error} ${bytes}`);
  return { calls, routine };
}

function recvWith(t: WinsockThread, s: number, routine: CompletionRoutine): WSAOVERLAPPED {
  const o = new WSAOVERLAPPED();
  const ret = t.WSARecv(s, [new WSABUF(8, new Uint8Array(8))], 1, null, intRef(0), o, routine);
  expectError(t, ret, E.WSA_IO_PENDING);
  return o;
}

describe("completion routines", () => {
  it("a cancelled receive's routine gets WSA_OPERATION_ABORTED; the last close's gets WSAECONNABORTED", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { server } = pair(a, a);
    const { calls, routine } = recorder();
    recvWith(a, server, routine);
    expect(a.CancelIo(server)).toBe(1);
    recvWith(a, server, routine);
    expect(a.closesocket(server)).toBe(0);
    expect(calls).toEqual([]);
    expect(a.SleepEx(0, true)).toBe(WAIT_IO_COMPLETION);
    expect(calls).toEqual([`${E.WSA_OPERATION_ABORTED} 0`, `${E.WSAECONNABORTED} 0`]);
  });

  it("a routine runs on the thread that issued the operation, not on the one that waits", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const other = a.process.createThread();
    const { client, server } = pair(a, a);
    const { calls, routine } = recorder();
    recvWith(a, server, routine);
    expect(other.SleepEx(100, true)).toBe(BLOCKED);
    sendText(a, client, "hi");
    expect(other.await()).toBe(0);
    expect(calls).toEqual([]);
    expect(a.SleepEx(0, true)).toBe(WAIT_IO_COMPLETION);
    expect(calls).toEqual(["0 2"]);
  });

  it("an operation whose thread exited runs no routine", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const worker = a.process.createThread();
    const { client, server } = pair(a, a);
    const { calls, routine } = recorder();
    recvWith(worker, server, routine);
    worker.ExitThread();
    sendText(a, client, "hi");
    expect(a.SleepEx(0, true)).toBe(0);
    expect(calls).toEqual([]);
  });

  it("a routine may issue the next receive from inside the wait", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client, server } = pair(a, a);
    const got: number[] = [];
    const again = (_error: number, bytes: number) => {
      got.push(bytes);
      if (got.length < 3) recvWith(a, server, again);
    };
    recvWith(a, server, again);
    for (const text of ["a", "bb", "ccc"]) {
      sendText(a, client, text);
      expect(a.SleepEx(0, true)).toBe(WAIT_IO_COMPLETION);
    }
    expect(got).toEqual([1, 2, 3]);
  });
});

describe("alertable waits", () => {
  it("WSAWaitForMultipleEvents blocked alertably ends with WSA_WAIT_IO_COMPLETION when an APC is queued", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const other = a.process.createThread();
    const event = a.WSACreateEvent();
    let ran = 0;
    expect(a.WSAWaitForMultipleEvents(1, [event], false, 0xffffffff, true)).toBe(BLOCKED);
    expect(other.QueueUserAPC(() => ran++, a, 0)).toBe(1);
    expect(a.await()).toBe(WAIT_IO_COMPLETION);
    expect(ran).toBe(1);
    // Not alertable: the APC waits for the thread's next alertable wait.
    expect(a.WSAWaitForMultipleEvents(1, [event], false, 10, false)).toBe(BLOCKED);
    expect(other.QueueUserAPC(() => ran++, a, 0)).toBe(1);
    expect(a.await()).toBe(0x102);
    expect(ran).toBe(1);
  });

  it("select that waits runs the queued APCs at its start and returns its own result (fact 107's wait)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { server } = pair(a, a);
    let ran = 0;
    a.QueueUserAPC(() => ran++, a, 0);
    expect(a.select(0, [server], null, null, { tv_sec: 1, tv_usec: 0 })).toBe(BLOCKED);
    expect(a.await()).toBe(0);
    expect(ran).toBe(1);
  });

  it("an APC queued while WSAPoll waits runs in the wait, which goes on until a close ends it (fact 79)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const poller = a.process.createThread();
    const { client } = pair(a, a);
    let ran = 0;
    const fds = [{ fd: client, events: POLLRDNORM, revents: 0 }];
    expect(poller.WSAPoll(fds, 1, 2000)).toBe(BLOCKED);
    expect(a.QueueUserAPC(() => ran++, poller, 1)).toBe(1);
    expect(poller.blockedIn).toBe("WSAPoll");
    expect(a.closesocket(client)).toBe(0);
    expect(poller.await()).toBe(1);
    expect(fds[0]?.revents).toBe(POLLNVAL);
    expect(ran).toBe(1);
  });

  it("an APC queued while select waits is handed back with its timeout", () => {
    const { sim, t } = world("A");
    const a = t.A as WinsockThread;
    const other = a.process.createThread();
    const { server } = pair(a, a);
    let ran = 0;
    expect(a.select(0, [server], null, null, { tv_sec: 1, tv_usec: 0 })).toBe(BLOCKED);
    other.QueueUserAPC(() => ran++, a, 0);
    expect(a.blockedIn).toBe("select");
    expect(sim.state.clock).toBe(0);
    expect(a.await()).toBe(0);
    expect(ran).toBe(1);
  });

  it("QueueUserAPC to an exited thread is ERROR_GEN_FAILURE, to no thread ERROR_INVALID_HANDLE", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const worker = a.process.createThread();
    worker.ExitThread();
    expect(a.QueueUserAPC(() => {}, worker, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.ERROR_GEN_FAILURE);
    expect(a.QueueUserAPC(() => {}, 0x7ffffff0, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
  });
});

describe("GetQueuedCompletionStatusEx", () => {
  it("hands out a failed operation's packet with TRUE and its status in Internal", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { server } = pair(a, a);
    const port = a.CreateIoCompletionPort(server, 0, 5, 0);
    const o = new WSAOVERLAPPED();
    a.WSARecv(server, [new WSABUF(8, new Uint8Array(8))], 1, null, intRef(0), o);
    a.CancelIo(server);
    const entries = [new OVERLAPPED_ENTRY(), new OVERLAPPED_ENTRY()];
    const removed = intRef(0);
    expect(a.GetQueuedCompletionStatusEx(port, entries, 2, removed, 0, false)).toBe(1);
    expect(removed.value).toBe(1);
    expect(entries[0]).toMatchObject({ lpCompletionKey: 5, Internal: 0xc0000120 });
    expect(entries[0]?.lpOverlapped).toBe(o);
  });

  it("a blocked call wakes with the packets queued meanwhile; a timeout is FALSE with WAIT_TIMEOUT", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const other = a.process.createThread();
    const port = a.CreateIoCompletionPort(-1, 0, 0, 0);
    const entries = [new OVERLAPPED_ENTRY(), new OVERLAPPED_ENTRY()];
    const removed = intRef(0);
    expect(a.GetQueuedCompletionStatusEx(port, entries, 2, removed, 0xffffffff, false)).toBe(
      BLOCKED,
    );
    other.PostQueuedCompletionStatus(port, 3, 7, null);
    expect(a.await()).toBe(1);
    expect(removed.value).toBe(1);
    expect(a.GetQueuedCompletionStatusEx(port, entries, 2, removed, 20, false)).toBe(BLOCKED);
    removed.value = 0;
    expect(a.await()).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
    expect(removed.value).toBe(1);
    expect(a.GetQueuedCompletionStatusEx(12345, entries, 2, removed, 0, false)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_INVALID_HANDLE);
  });
});
