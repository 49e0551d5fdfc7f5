/**
 * ConnectEx and DisconnectEx through the facade: what ends a pending ConnectEx (the rules
 * IO-LAST-CLOSE, IO-THREAD-EXIT, IO-CANCEL shared with WSARecv) and what the connection records.
 * The calls' own rules are checked by spec/connect-ex.property.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  FD_CONNECT,
  FD_CONNECT_BIT,
  FD_WRITE,
  intRef,
  NT_STATUS,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { world } from "../net/helpers.js";

const E = WSA_ERRORS;
const S = NT_STATUS;

/** A bound socket whose ConnectEx to a port nobody listens on is pending (refused in 2 s). */
function pendingConnectEx(t: WinsockThread): { s: number; o: WSAOVERLAPPED } {
  const s = t.socket(AF_INET, SOCK_STREAM, 0);
  expect(t.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  const o = new WSAOVERLAPPED();
  o.hEvent = t.WSACreateEvent();
  expect(t.ConnectEx(s, sockaddr("127.0.0.1:9"), 16, null, 0, null, o)).toBe(0);
  expect(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
  expect(o.Internal).toBe(S.STATUS_PENDING);
  return { s, o };
}

describe("a pending ConnectEx", () => {
  it("is cancelled by the socket's last close (IO-LAST-CLOSE: not a transfer on a connection)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { s, o } = pendingConnectEx(a);
    expect(a.closesocket(s)).toBe(0);
    expect(o.Internal).toBe(S.STATUS_CANCELLED);
    expect(a.WSAWaitForMultipleEvents(1, [o.hEvent], 1, 0, 0)).toBe(0);
  });

  it("is cancelled by its thread's exit (IO-THREAD-EXIT) and by CancelIoEx (IO-CANCEL)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const worker = a.process.createThread();
    const first = pendingConnectEx(worker);
    worker.ExitThread();
    expect(first.o.Internal).toBe(S.STATUS_CANCELLED);
    const second = pendingConnectEx(a);
    expect(a.CancelIoEx(second.s, second.o)).toBe(1);
    expect(second.o.Internal).toBe(S.STATUS_CANCELLED);
    const result = a.WSAGetOverlappedResult(second.s, second.o, intRef(0), false, intRef(0));
    expect(result).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_OPERATION_ABORTED);
  });

  it("records FD_CONNECT with the refusal when the timer fires", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { s, o } = pendingConnectEx(a);
    const event = a.WSACreateEvent();
    expect(a.WSAEventSelect(s, event, FD_CONNECT | FD_WRITE)).toBe(0);
    a.Sleep(2_500);
    expect(o.Internal).toBe(S.STATUS_CONNECTION_REFUSED);
    const events = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(s, event, events)).toBe(0);
    expect(events.lNetworkEvents).toBe(FD_CONNECT);
    expect(events.iErrorCode[FD_CONNECT_BIT]).toBe(E.WSAECONNREFUSED);
    const bytes = intRef(0);
    expect(a.WSAGetOverlappedResult(s, o, bytes, false, intRef(0))).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSAECONNREFUSED);
  });
});
