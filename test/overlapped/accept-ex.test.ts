/**
 * AcceptEx, GetAcceptExSockaddrs and SO_UPDATE_ACCEPT_CONTEXT through the facade (rules
 * ACCEPTEX-*; sources in spec/rules/accept-ex.json): the Wine test or observed fact each case
 * reproduces is named in its title.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  FD_ACCEPT,
  intRef,
  SO_UPDATE_ACCEPT_CONTEXT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  sockaddrRef,
  type WinsockThread,
  WSA_ERRORS,
  WSANETWORKEVENTS,
  WSAOVERLAPPED,
} from "../../src/index.js";
import {
  duplicate,
  expectError,
  listener,
  nameOf,
  pair,
  sendText,
  tcp,
  world,
} from "../net/helpers.js";

const E = WSA_ERRORS;
const SLOT = 16 + 16;
const STATUS_PENDING = 0x103;
const STATUS_CANCELLED = 0xc0000120;
const STATUS_BUFFER_TOO_SMALL = 0xc0000023;

/** A listener, an accept socket and an OVERLAPPED with an event, on one thread. */
function setup(t: WinsockThread) {
  const l = listener(t);
  const acceptor = tcp(t);
  const o = new WSAOVERLAPPED();
  o.hEvent = t.WSACreateEvent();
  return { l, acceptor, o };
}

/** Expects a BOOL call to have returned FALSE with `error`. */
function expectFalse(t: WinsockThread, ret: number, error: number): void {
  expect(ret).toBe(0);
  expect(t.WSAGetLastError()).toBe(error);
}

function signalled(t: WinsockThread, event: number): boolean {
  return t.WSAWaitForMultipleEvents(1, [event], false, 0, false) === 0;
}

function socketHandle(s: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(s), true);
  return out;
}

describe("AcceptEx (ACCEPTEX-PENDING, ACCEPTEX-ACCEPT, ACCEPTEX-DATA)", () => {
  it("pending until a client connects; then the accept socket is the connected socket", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const out = new Uint8Array(2 * SLOT);
    const ret = a.AcceptEx(l.s, acceptor, out, 0, SLOT, SLOT, intRef(0), o);
    expectFalse(a, ret, E.WSA_IO_PENDING);
    expect(o.Internal).toBe(STATUS_PENDING);
    expect(signalled(a, o.hEvent)).toBe(false);
    const client = tcp(b);
    expect(b.connect(client, l.addr, 16)).toBe(0);
    expect(signalled(a, o.hEvent)).toBe(true);
    expect(o.Internal).toBe(0);
    expect(o.InternalHigh).toBe(0);
    const local = sockaddrRef();
    const remote = sockaddrRef();
    const localLen = intRef(-1);
    const remoteLen = intRef(-1);
    a.GetAcceptExSockaddrs(out, 0, SLOT, SLOT, local, localLen, remote, remoteLen);
    expect(localLen.value).toBe(16);
    expect(remoteLen.value).toBe(16);
    expect(Array.from(local.value ?? [])).toEqual(Array.from(l.addr.subarray(0, 16)));
    const clientName = new Uint8Array(16);
    expect(b.getsockname(client, clientName, intRef(16))).toBe(0);
    expect(Array.from(remote.value ?? [])).toEqual(Array.from(clientName));
    // The data flows both ways between the client and the accept socket.
    sendText(b, client, "hi");
    const buf = new Uint8Array(4);
    expect(a.recv(acceptor, buf, 4, 0)).toBe(2);
    expect(a.send(acceptor, buf, 2, 0)).toBe(2);
    expect(b.recv(client, buf, 4, 0)).toBe(2);
  });

  it("with dwReceiveDataLength > 0 it completes only with the first data (Wine's short reads)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const out = new Uint8Array(8 + 2 * SLOT);
    expectFalse(a, a.AcceptEx(l.s, acceptor, out, 8, SLOT, SLOT, null, o), E.WSA_IO_PENDING);
    const client = tcp(b);
    expect(b.connect(client, l.addr, 16)).toBe(0);
    expect(signalled(a, o.hEvent)).toBe(false);
    expect(o.Internal).toBe(STATUS_PENDING);
    sendText(b, client, "x");
    expect(o.Internal).toBe(0);
    expect(o.InternalHigh).toBe(1);
    expect(out[0]).toBe("x".charCodeAt(0));
    const remoteLen = intRef(-1);
    a.GetAcceptExSockaddrs(out, 8, SLOT, SLOT, sockaddrRef(), intRef(0), sockaddrRef(), remoteLen);
    expect(remoteLen.value).toBe(16);
  });

  it("the client closing before sending completes it with 0 bytes (Wine's disconnect during receive)", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const out = new Uint8Array(8 + 2 * SLOT);
    expectFalse(a, a.AcceptEx(l.s, acceptor, out, 8, SLOT, SLOT, null, o), E.WSA_IO_PENDING);
    const client = tcp(b);
    expect(b.connect(client, l.addr, 16)).toBe(0);
    expect(b.closesocket(client)).toBe(0);
    expect(o.Internal).toBe(0);
    expect(o.InternalHigh).toBe(0);
  });

  it("a connection already queued completes the call at once: TRUE and the count", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const client = tcp(b);
    expect(b.connect(client, l.addr, 16)).toBe(0);
    const count = intRef(-1);
    expect(a.AcceptEx(l.s, acceptor, new Uint8Array(2 * SLOT), 0, SLOT, SLOT, count, o)).toBe(1);
    expect(count.value).toBe(0);
    expect(o.Internal).toBe(0);
    expect(signalled(a, o.hEvent)).toBe(true);
  });
});

describe("AcceptEx's errors (ACCEPTEX-ARGS, ACCEPTEX-LISTENER, ACCEPTEX-ACCEPTOR; Wine's test_AcceptEx)", () => {
  it("each misuse fails with Windows' error and leaves Internal at STATUS_PENDING", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const out = new Uint8Array(2 * SLOT);
    const call = (
      ls: number,
      as: number,
      buf: Uint8Array | null,
      local: number,
      remote: number,
    ) => {
      o.Internal = 0xdeadbeef;
      const ret = a.AcceptEx(ls, as, buf, 0, local, remote, null, o) as number;
      expect(o.Internal).toBe(STATUS_PENDING);
      return ret;
    };
    expectFalse(
      a,
      a.AcceptEx(l.s, acceptor, out, 0, SLOT, SLOT, null, null),
      E.WSA_INVALID_PARAMETER,
    );
    expectFalse(a, call(0x7770, acceptor, out, SLOT, SLOT), E.WSAENOTSOCK);
    expectFalse(a, call(l.s, 0x7770, out, SLOT, SLOT), E.WSAENOTSOCK);
    expectFalse(a, call(l.s, acceptor, null, SLOT, SLOT), E.WSAEFAULT);
    expectFalse(a, call(l.s, acceptor, out, SLOT, 0), E.WSAEFAULT);
    const idle = tcp(a);
    expectFalse(a, call(idle, acceptor, out, SLOT, SLOT), E.WSAEINVAL);
    const dgram = a.socket(AF_INET, SOCK_DGRAM, 0);
    expectFalse(a, call(l.s, dgram, out, SLOT, SLOT), E.WSAEINVAL);
    const bound = tcp(a);
    expect(a.bind(bound, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expectFalse(a, call(l.s, bound, out, SLOT, SLOT), E.WSAEINVAL);
    const { client } = pair(a);
    expectFalse(a, call(l.s, client, out, SLOT, SLOT), E.WSAEINVAL);
    // The same accept socket twice: the second is refused, the first stays pending.
    expectFalse(a, call(l.s, acceptor, out, SLOT, SLOT), E.WSA_IO_PENDING);
    expectFalse(a, call(l.s, acceptor, out, SLOT, SLOT), E.WSAEINVAL);
    expect(a.socket(AF_INET, SOCK_STREAM, 0)).not.toBe(-1);
  });

  it("a local slot too small completes with STATUS_BUFFER_TOO_SMALL; the connection stays queued", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    expectFalse(
      a,
      a.AcceptEx(l.s, acceptor, new Uint8Array(64), 0, 3, SLOT, null, o),
      E.WSA_IO_PENDING,
    );
    const client = tcp(b);
    expect(b.connect(client, l.addr, 16)).toBe(0);
    expect(o.Internal).toBe(STATUS_BUFFER_TOO_SMALL);
    expect(a.accept(l.s, null, null)).not.toBe(-1);
  });

  it("a local slot of 0 is accepted and GetAcceptExSockaddrs then leaves the local outputs alone", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const out = new Uint8Array(SLOT);
    expectFalse(a, a.AcceptEx(l.s, acceptor, out, 0, 0, SLOT, null, o), E.WSA_IO_PENDING);
    expect(b.connect(tcp(b), l.addr, 16)).toBe(0);
    expect(o.Internal).toBe(0);
    const local = sockaddrRef();
    const localLen = intRef(0xdead);
    const remoteLen = intRef(-1);
    a.GetAcceptExSockaddrs(out, 0, 0, SLOT, local, localLen, sockaddrRef(), remoteLen);
    expect(local.value).toBe(null);
    expect(localLen.value).toBe(0xdead);
    expect(remoteLen.value).toBe(16);
  });
});

describe("closing (IO-LAST-CLOSE; facts 11-13, 84; Wine's test_AcceptEx)", () => {
  it("closing the accept socket aborts the AcceptEx; CancelIo on it cancels nothing", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { l, acceptor, o } = setup(a);
    expectFalse(
      a,
      a.AcceptEx(l.s, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, o),
      E.WSA_IO_PENDING,
    );
    // The operation is the listener's: the accept socket has none to cancel.
    expect(a.CancelIo(acceptor)).toBe(1);
    expect(o.Internal).toBe(STATUS_PENDING);
    expect(a.closesocket(acceptor)).toBe(0);
    expect(o.Internal).toBe(STATUS_CANCELLED);
    expect(signalled(a, o.hEvent)).toBe(true);
  });

  it("the listener's last close cancels it once, also through a port associated after it was issued (fact 84)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { l, acceptor, o } = setup(a);
    expectFalse(
      a,
      a.AcceptEx(l.s, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, o),
      E.WSA_IO_PENDING,
    );
    const port = a.CreateIoCompletionPort(l.s, 0, 125, 0);
    expect(a.closesocket(l.s)).toBe(0);
    expect(o.Internal).toBe(STATUS_CANCELLED);
    const bytes = intRef(-1);
    const key = intRef(-1);
    const got = { value: null as WSAOVERLAPPED | null };
    expect(a.GetQueuedCompletionStatus(port, bytes, key, got, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WSA_OPERATION_ABORTED);
    expect([bytes.value, key.value, got.value]).toEqual([0, 125, o]);
    expect(a.GetQueuedCompletionStatus(port, bytes, key, got, 0)).toBe(0);
    expect(a.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
  });
});

describe("a duplicated listener (facts 10-13)", () => {
  it.each([
    ["the duplicate first, then the original (fact 11)", true],
    ["the original first, then the duplicate (facts 12, 13)", false],
  ])(
    "AcceptEx on the duplicate completes on the original's port; closing %s aborts it once, at the last close",
    (_, dupFirst) => {
      const { t } = world("A");
      const a = t.A as WinsockThread;
      const { l, acceptor, o } = setup(a);
      const port = a.CreateIoCompletionPort(l.s, 0, 125, 0);
      const dup = duplicate(a, l.s, a);
      expectFalse(
        a,
        a.AcceptEx(dup, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, o),
        E.WSA_IO_PENDING,
      );
      const bytes = intRef(-1);
      const key = intRef(-1);
      const got = { value: null as WSAOVERLAPPED | null };
      expect(a.closesocket(dupFirst ? dup : l.s)).toBe(0);
      expect(a.GetQueuedCompletionStatus(port, bytes, key, got, 0)).toBe(0);
      expect(a.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
      expect(a.closesocket(dupFirst ? l.s : dup)).toBe(0);
      expect(a.GetQueuedCompletionStatus(port, bytes, key, got, 0)).toBe(0);
      expect(a.WSAGetLastError()).toBe(E.WSA_OPERATION_ABORTED);
      expect([bytes.value, key.value, got.value, o.Internal]).toEqual([
        0,
        125,
        o,
        STATUS_CANCELLED,
      ]);
      expect(a.GetQueuedCompletionStatus(port, bytes, key, got, 0)).toBe(0);
      expect(a.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
    },
  );
});

describe("FD_ACCEPT (ACCEPTEX-FD-ACCEPT; facts 44 and 60)", () => {
  it("a connection a pending AcceptEx takes records no FD_ACCEPT; the next one does", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    const event = a.WSACreateEvent();
    expect(a.WSAEventSelect(l.s, event, FD_ACCEPT)).toBe(0);
    expectFalse(
      a,
      a.AcceptEx(l.s, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, o),
      E.WSA_IO_PENDING,
    );
    expect(b.connect(tcp(b), l.addr, 16)).toBe(0);
    expect(o.Internal).toBe(0);
    const events = new WSANETWORKEVENTS();
    expect(a.WSAEnumNetworkEvents(l.s, event, events)).toBe(0);
    expect(events.lNetworkEvents).toBe(0);
    expect(b.connect(tcp(b), l.addr, 16)).toBe(0);
    expect(a.WSAEnumNetworkEvents(l.s, event, events)).toBe(0);
    expect(events.lNetworkEvents).toBe(FD_ACCEPT);
  });
});

describe("SO_UPDATE_ACCEPT_CONTEXT (ACCEPTEX-CONTEXT)", () => {
  it("names fail with WSAENOTCONN until the option is set with the listener", () => {
    const { t } = world("A", "B");
    const a = t.A as WinsockThread;
    const b = t.B as WinsockThread;
    const { l, acceptor, o } = setup(a);
    expectFalse(
      a,
      a.AcceptEx(l.s, acceptor, new Uint8Array(64), 0, SLOT, SLOT, null, o),
      E.WSA_IO_PENDING,
    );
    expect(b.connect(tcp(b), l.addr, 16)).toBe(0);
    expectError(a, a.getsockname(acceptor, new Uint8Array(16), intRef(16)), E.WSAENOTCONN);
    expectError(a, a.getpeername(acceptor, new Uint8Array(16), intRef(16)), E.WSAENOTCONN);
    const junk = socketHandle(0x7770);
    expectError(
      a,
      a.setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, junk, 8),
      E.WSAENOTSOCK,
    );
    expectError(
      a,
      a.setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, socketHandle(l.s), 4),
      E.WSAEFAULT,
    );
    expect(a.setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, socketHandle(l.s), 8)).toBe(
      0,
    );
    expect(nameOf(a, acceptor)).toBe(nameOf(a, l.s));
  });

  it("a socket no AcceptEx accepted into refuses the option with WSAEINVAL", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { l } = setup(a);
    const { server } = pair(a);
    expectError(
      a,
      a.setsockopt(server, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, socketHandle(l.s), 8),
      E.WSAEINVAL,
    );
  });
});
