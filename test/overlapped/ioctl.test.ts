/**
 * WSAIoctl through the facade (rules IOCTL-*): each case replays a check of Wine's
 * test_fionbio, test_fionread_siocatmark, test_keepalive_vals, test_unsupported_ioctls or
 * test_get_extension_func as Windows answers it (sources in spec/rules/ioctl.json).
 */
import { describe, expect, it } from "vitest";
import {
  type CompletionRoutine,
  EXTENSION_FUNCTION_GUIDS,
  FD_READ,
  FIONBIO,
  FIONREAD,
  functionPointerRef,
  GUID,
  INVALID_POINTER,
  int32,
  intRef,
  MSG_OOB,
  readInt32,
  SIO_GET_EXTENSION_FUNCTION_POINTER,
  SIO_KEEPALIVE_VALS,
  SIOCATMARK,
  tcp_keepalive,
  type WinsockThread,
  WSA_ERRORS,
  WSAOVERLAPPED,
} from "../../src/index.js";
import { expectError, pair, sendText, tcp, world } from "../net/helpers.js";
import { dequeue } from "./dequeue.js";

const E = WSA_ERRORS;
const DEADBEEF = 0xdeadbeef;
const KEEPALIVE = tcp_keepalive({ onoff: 1, keepalivetime: 1000, keepaliveinterval: 1000 });

function marked(): WSAOVERLAPPED {
  const o = new WSAOVERLAPPED();
  o.Internal = DEADBEEF;
  o.InternalHigh = DEADBEEF;
  return o;
}

describe("WSAIoctl: the ioctlsocket commands", () => {
  it("FIONBIO: NULL lpcbBytesReturned is WSAEFAULT; success writes 0; a longer input is fine", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    expectError(a, a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, null), E.WSAEFAULT);
    expectError(a, a.WSAIoctl(s, FIONBIO, null, 4, null, 0, intRef(0)), E.WSAEFAULT);
    const size = intRef(DEADBEEF);
    a.WSASetLastError(DEADBEEF);
    expect(a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, size)).toBe(0);
    expect(a.WSAGetLastError()).toBe(0);
    expect(size.value).toBe(0);
    expect(
      a.WSAIoctl(s, FIONBIO, new Uint8Array([1, 0, 0, 0, 9]), 5, INVALID_POINTER, 4, size),
    ).toBe(0);
  });

  it("FIONBIO 0 under WSAEventSelect is WSAEINVAL and writes 0 to the size (todo_wine)", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    expect(a.WSAEventSelect(s, a.WSACreateEvent(), FD_READ)).toBe(0);
    const size = intRef(DEADBEEF);
    expectError(a, a.WSAIoctl(s, FIONBIO, intRef(0), 4, null, 0, size), E.WSAEINVAL);
    expect(size.value).toBe(0);
  });

  it("FIONREAD and SIOCATMARK: a short output is WSAEFAULT and leaves the size; success writes 4", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client, server } = pair(a);
    const size = intRef(DEADBEEF);
    const value = new Uint8Array(4);
    expectError(a, a.WSAIoctl(client, FIONREAD, null, 0, value, 3, size), E.WSAEFAULT);
    expectError(a, a.WSAIoctl(client, SIOCATMARK, null, 0, value, 3, size), E.WSAEFAULT);
    expect(size.value).toBe(DEADBEEF);
    sendText(a, server, "data!");
    expect(a.WSAIoctl(client, FIONREAD, null, 0, value, 4, size)).toBe(0);
    expect([readInt32(value), size.value]).toEqual([5, 4]);
    sendText(a, server, "a", MSG_OOB);
    const mark = intRef(DEADBEEF);
    expect(a.WSAIoctl(client, SIOCATMARK, null, 0, mark, 4, size)).toBe(0);
    expect(mark.value).toBe(0);
  });

  it("overlapped FIONREAD completes at once: size 4, Internal and InternalHigh 0, a 0-byte packet", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const { client } = pair(a);
    const port = a.CreateIoCompletionPort(client, 0, 123, 0);
    expectError(
      a,
      a.WSAIoctl(client, FIONREAD, null, 0, intRef(0), 4, null, new WSAOVERLAPPED()),
      E.WSAEFAULT,
    );
    const o = marked();
    const size = intRef(DEADBEEF);
    const value = intRef(DEADBEEF);
    expect(a.WSAIoctl(client, FIONREAD, null, 0, value, 4, size, o)).toBe(0);
    expect([value.value, size.value, o.Internal, o.InternalHigh]).toEqual([0, 4, 0, 0]);
    expect(dequeue(a, port)).toEqual({ ret: 1, error: 0, bytes: 0, key: 123, o });
  });

  it("an overlapped call sets its event", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const o = new WSAOVERLAPPED();
    o.hEvent = a.WSACreateEvent();
    expect(a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, intRef(0), o)).toBe(0);
    expect(a.WSAWaitForMultipleEvents(1, [o.hEvent], false, 0, false)).toBe(0);
  });
});

describe("WSAIoctl: SIO_GET_EXTENSION_FUNCTION_POINTER", () => {
  it("every mswsock.h GUID gives its function and the size of a pointer", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const names: string[] = [];
    for (const name of Object.keys(EXTENSION_FUNCTION_GUIDS)) {
      const f = functionPointerRef();
      const size = intRef(0);
      expect(a.WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, GUID(name), 16, f, 8, size)).toBe(0);
      expect(size.value).toBe(8);
      names.push(f.value as string);
    }
    expect(names).toEqual([
      "TransmitFile",
      "AcceptEx",
      "GetAcceptExSockaddrs",
      "TransmitPackets",
      "ConnectEx",
      "DisconnectEx",
      "WSARecvMsg",
      "WSASendMsg",
    ]);
  });

  it("GUID bytes are laid out as Windows lays them out", () => {
    expect(Array.from(GUID("WSAID_ACCEPTEX"))).toEqual([
      0xf1, 0x7d, 0x36, 0xb5, 0xac, 0xcb, 0xcf, 0x11, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1,
      0x92,
    ]);
  });

  it("an unknown GUID is WSAEINVAL and touches neither the size nor the OVERLAPPED; no packet", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const port = a.CreateIoCompletionPort(s, 0, 123, 0);
    const o = marked();
    const size = intRef(DEADBEEF);
    const f = functionPointerRef();
    const bogus = GUID("deadbeef-0000-0000-0000-000000000000");
    expectError(
      a,
      a.WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, bogus, 16, f, 8, size, o),
      E.WSAEINVAL,
    );
    expect([size.value, o.Internal, o.InternalHigh, f.value]).toEqual([
      DEADBEEF,
      DEADBEEF,
      DEADBEEF,
      null,
    ]);
    expect(dequeue(a, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
  });

  it("a GUID or pointer that does not fit its buffer is WSAEFAULT", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const guid = GUID("WSAID_CONNECTEX");
    expectError(
      a,
      a.WSAIoctl(
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        guid,
        15,
        functionPointerRef(),
        8,
        intRef(0),
      ),
      E.WSAEFAULT,
    );
    expectError(
      a,
      a.WSAIoctl(
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        guid,
        16,
        functionPointerRef(),
        7,
        intRef(0),
      ),
      E.WSAEFAULT,
    );
    expectError(
      a,
      a.WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, guid, 16, null, 8, intRef(0)),
      E.WSAEFAULT,
    );
  });
});

describe("WSAIoctl: SIO_KEEPALIVE_VALS", () => {
  it("a short or NULL input is WSAEFAULT and writes 0; any values succeed and write 0", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const size = intRef(DEADBEEF);
    expectError(a, a.WSAIoctl(s, SIO_KEEPALIVE_VALS, KEEPALIVE, 0, null, 0, size), E.WSAEFAULT);
    expect(size.value).toBe(0);
    size.value = DEADBEEF;
    expectError(a, a.WSAIoctl(s, SIO_KEEPALIVE_VALS, null, 12, null, 0, size), E.WSAEFAULT);
    expect(size.value).toBe(0);
    for (const [onoff, time, interval] of [
      [0, 0, 0],
      [1, 0, 0],
      [1, 1000, 1000],
      [1, 100, 100],
      [0, 100, 100],
    ]) {
      size.value = DEADBEEF;
      const values = tcp_keepalive({
        onoff: onoff as number,
        keepalivetime: time as number,
        keepaliveinterval: interval as number,
      });
      expect(a.WSAIoctl(s, SIO_KEEPALIVE_VALS, values, 12, null, 0, size)).toBe(0);
      expect(size.value).toBe(0);
    }
  });

  it("with an OVERLAPPED, success leaves the size (todo_wine) and queues a packet; a short input queues none", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const port = a.CreateIoCompletionPort(s, 0, 123, 0);
    const o = marked();
    const size = intRef(DEADBEEF);
    expectError(a, a.WSAIoctl(s, SIO_KEEPALIVE_VALS, KEEPALIVE, 11, null, 0, size, o), E.WSAEFAULT);
    expect(size.value).toBe(DEADBEEF);
    expect(dequeue(a, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
    expect(a.WSAIoctl(s, SIO_KEEPALIVE_VALS, KEEPALIVE, 12, null, 0, size, o)).toBe(0);
    expect([size.value, o.Internal, o.InternalHigh]).toEqual([DEADBEEF, 0, 0]);
    expect(dequeue(a, port)).toEqual({ ret: 1, error: 0, bytes: 0, key: 123, o });
  });
});

describe("WSAIoctl: unsupported codes", () => {
  for (const code of [0xdeadbeef, 0x8004667d, 0x667e, 0x28000004]) {
    it(`0x${code.toString(16)}: WSAEOPNOTSUPP with size 0; overlapped, WSA_IO_PENDING then a STATUS_NOT_SUPPORTED packet`, () => {
      const { t } = world("A");
      const a = t.A as WinsockThread;
      const s = tcp(a);
      const port = a.CreateIoCompletionPort(s, 0, 123, 0);
      expectError(a, a.WSAIoctl(s, code, null, 0, null, 0, null, new WSAOVERLAPPED()), E.WSAEFAULT);
      const size = intRef(DEADBEEF);
      expectError(a, a.WSAIoctl(s, code, null, 0, null, 0, size), E.WSAEOPNOTSUPP);
      expect(size.value).toBe(0);
      size.value = DEADBEEF;
      const o = marked();
      expectError(a, a.WSAIoctl(s, code, null, 0, null, 0, size, o), E.WSA_IO_PENDING);
      expect([size.value, o.Internal, o.InternalHigh]).toEqual([DEADBEEF, 0xc00000bb, 0]);
      expect(dequeue(a, port)).toEqual({
        ret: 0,
        error: E.ERROR_NOT_SUPPORTED,
        bytes: 0,
        key: 123,
        o,
      });
      expect(a.WSAGetOverlappedResult(s, o, intRef(0), false, intRef(0))).toBe(0);
      expect(a.WSAGetLastError()).toBe(E.WSAEOPNOTSUPP);
    });
  }

  it("a descriptor that is not a socket is WSAENOTSOCK", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    expectError(a, a.WSAIoctl(0x1234, FIONREAD, null, 0, intRef(0), 4, intRef(0)), E.WSAENOTSOCK);
  });
});

const WAIT_IO_COMPLETION = 0xc0;
const WSA_WAIT_TIMEOUT = 0x102;

/** Wine's socket_apc: counts the calls and keeps the last one's arguments. */
function socketApc() {
  const calls: { error: number; size: number; o: WSAOVERLAPPED | null; flags: number }[] = [];
  const routine: CompletionRoutine = (error, size, o, flags) =>
    calls.push({ error, size, o, flags });
  return { calls, routine };
}

describe("WSAIoctl: completion routines (Wine's 'test with APCs', run on Windows)", () => {
  // Each code as its test calls it, with the size it writes; the routine gets error 0, 0 bytes.
  const CODES: [string, number, () => Uint8Array | null, () => Uint8Array | null, number][] = [
    ["FIONBIO", FIONBIO, () => int32(1), () => null, 0],
    ["FIONREAD", FIONREAD, () => null, () => new Uint8Array(4), 4],
    ["SIOCATMARK", SIOCATMARK, () => null, () => new Uint8Array(4), 4],
    ["SIO_KEEPALIVE_VALS", SIO_KEEPALIVE_VALS, () => KEEPALIVE, () => null, 0],
    [
      "SIO_GET_EXTENSION_FUNCTION_POINTER",
      SIO_GET_EXTENSION_FUNCTION_POINTER,
      () => GUID("WSAID_ACCEPTEX"),
      () => new Uint8Array(8),
      8,
    ],
  ];
  for (const [name, code, input, output, written] of CODES) {
    it(`${name}: returns 0 with size ${written}; the routine runs once from SleepEx(0, TRUE) with 0, 0`, () => {
      const { t } = world("A");
      const a = t.A as WinsockThread;
      const s = tcp(a);
      const o = new WSAOVERLAPPED();
      const { calls, routine } = socketApc();
      const i = input();
      const out = output();
      const args = [s, code, i, i?.length ?? 0, out, out?.length ?? 0] as const;
      expectError(a, a.WSAIoctl(...args, null, o, routine), E.WSAEFAULT);
      const size = intRef(DEADBEEF);
      expect(a.WSAIoctl(...args, size, o, routine)).toBe(0);
      expect(size.value).toBe(written);
      expect(calls).toEqual([]);
      expect(a.SleepEx(0, true)).toBe(WAIT_IO_COMPLETION);
      expect(calls).toEqual([{ error: 0, size: 0, o, flags: 0 }]);
      expect(a.SleepEx(0, true)).toBe(0);
    });
  }

  for (const code of [0xdeadbeef, 0x8004667d, 0x667e, 0x28000004]) {
    it(`0x${code.toString(16)}: WSA_IO_PENDING with the size left; the routine gets WSAEOPNOTSUPP`, () => {
      const { t } = world("A");
      const a = t.A as WinsockThread;
      const s = tcp(a);
      const o = new WSAOVERLAPPED();
      const { calls, routine } = socketApc();
      expectError(a, a.WSAIoctl(s, code, null, 0, null, 0, null, o, routine), E.WSAEFAULT);
      const size = intRef(DEADBEEF);
      expectError(a, a.WSAIoctl(s, code, null, 0, null, 0, size, o, routine), E.WSA_IO_PENDING);
      expect(size.value).toBe(DEADBEEF);
      expect(a.SleepEx(0, true)).toBe(WAIT_IO_COMPLETION);
      expect(calls).toEqual([{ error: E.WSAEOPNOTSUPP, size: 0, o, flags: 0 }]);
    });
  }

  it("hEvent is the program's: neither set nor reset, and a closed handle there is no error", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const { calls, routine } = socketApc();
    const event = a.WSACreateEvent();
    const o = new WSAOVERLAPPED();
    o.hEvent = event;
    expect(a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, intRef(0), o, routine)).toBe(0);
    expect(a.WSAWaitForMultipleEvents(1, [event], false, 0, false)).toBe(WSA_WAIT_TIMEOUT);
    expect(a.WSASetEvent(event)).toBe(1);
    expect(a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, intRef(0), o, routine)).toBe(0);
    expect(a.WSAWaitForMultipleEvents(1, [event], false, 0, false)).toBe(0);
    // test_fionread_siocatmark's OVERLAPPED holds an event it has closed.
    expect(a.WSACloseEvent(event)).toBe(1);
    expect(a.WSAIoctl(s, FIONREAD, null, 0, intRef(0), 4, intRef(0), o, routine)).toBe(0);
    expect(a.SleepEx(0, true)).toBe(WAIT_IO_COMPLETION);
    expect(calls.length).toBe(3);
  });

  it("a socket with a completion port refuses a routine after the user-mode checks; nothing is written or queued", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const port = a.CreateIoCompletionPort(s, 0, 123, 0);
    const { calls, routine } = socketApc();
    const o = marked();
    const size = intRef(DEADBEEF);
    // NULL lpcbBytesReturned is checked first, in user mode.
    expectError(a, a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, null, o, routine), E.WSAEFAULT);
    expectError(a, a.WSAIoctl(s, FIONBIO, int32(1), 4, null, 0, size, o, routine), E.WSAEINVAL);
    expectError(a, a.WSAIoctl(s, 0xdeadbeef, null, 0, null, 0, size, o, routine), E.WSAEINVAL);
    expect([size.value, o.Internal, o.InternalHigh]).toEqual([DEADBEEF, DEADBEEF, DEADBEEF]);
    expect(dequeue(a, port)).toMatchObject({ ret: 0, error: E.WAIT_TIMEOUT });
    expect(a.SleepEx(0, true)).toBe(0);
    expect(calls).toEqual([]);
  });

  it("without an OVERLAPPED the routine is not used", () => {
    const { t } = world("A");
    const a = t.A as WinsockThread;
    const s = tcp(a);
    const { calls, routine } = socketApc();
    const size = intRef(DEADBEEF);
    expect(a.WSAIoctl(s, SIO_KEEPALIVE_VALS, KEEPALIVE, 12, null, 0, size, null, routine)).toBe(0);
    expect(size.value).toBe(0);
    expectError(
      a,
      a.WSAIoctl(s, 0xdeadbeef, null, 0, null, 0, size, null, routine),
      E.WSAEOPNOTSUPP,
    );
    expect(a.SleepEx(0, true)).toBe(0);
    expect(calls).toEqual([]);
  });
});
