/**
 * Properties of ConnectEx and DisconnectEx (the CONNECTEX-* and DISCONNECTEX* rules of
 * spec/rules/connect-ex.json). Each property draws the situation at random (the socket's state,
 * the send buffer, the OVERLAPPED's event, a completion port, the peer's moves) and checks the
 * answers against what the rules say, written out here as a small model.
 *
 * A failure prints the shrunk input and the seed that replays it:
 * WINSOCK_SIM_SEED=<seed> npx vitest run spec/connect-ex.property.test.ts
 */
import fc from "fast-check";
import { afterAll, describe } from "vitest";
import {
  AF_INET,
  BLOCKED,
  FIONBIO,
  intRef,
  overlappedRef,
  SD_SEND,
  Simulation,
  SO_UPDATE_CONNECT_CONTEXT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  sockaddr,
  TF_REUSE_SOCKET,
  WinsockThread,
  WSA_ERRORS,
  WSADATA,
  WSAOVERLAPPED,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { port, tcpPair } from "./support/pairs.js";
import { rule } from "./support/rule.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`ConnectEx properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const E = WSA_ERRORS;
const STATUS_PENDING = 0x103;
const STATUS_SUCCESS = 0;
const STATUS_CONNECTION_REFUSED = 0xc0000236;

/** A thread of a fresh simulation with a listener on an ephemeral loopback port. */
function world() {
  return setup(() => {
    const sim = new Simulation();
    const t = sim.createProcess("A").main;
    t.WSAStartup(0x0202, new WSADATA());
    const l = t.socket(AF_INET, SOCK_STREAM, 0);
    t.bind(l, sockaddr("127.0.0.1:0"), 16);
    t.listen(l, 5);
    return { sim, t, l, addr: sockaddr(`127.0.0.1:${port(t, l)}`) };
  });
}

/** A bound TCP socket, ready for ConnectEx. */
function boundSocket(t: WinsockThread): number {
  return setup(() => {
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    t.bind(s, sockaddr("127.0.0.1:0"), 16);
    return s;
  });
}

/** A ConnectEx socket connected to the listener, its accepted end, and the bytes it sent. */
function connectedByConnectEx(t: WinsockThread, l: number, addr: Uint8Array) {
  const s = boundSocket(t);
  const o = new WSAOVERLAPPED();
  check(t.ConnectEx(s, addr, 16, null, 0, null, o)).toBe(0);
  check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
  check(o.Internal).toBe(STATUS_SUCCESS);
  const server = t.accept(l, null, null) as number;
  return { s, server };
}

describe("ConnectEx", () => {
  rule(
    "CONNECTEX-PENDING",
    "a ConnectEx that starts returns ERROR_IO_PENDING; it completes with the send buffer's length, which the peer receives, or refused with STATUS_CONNECTION_REFUSED; the event is set and a port gets one packet unless hEvent|1",
    () =>
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 24 }),
          fc.boolean(),
          fc.constantFrom("none", "event", "noPacket"),
          fc.boolean(),
          (data, listening, mode, withPort) => {
            const { t, l, addr } = world();
            if (!listening) check(t.closesocket(l)).toBe(0);
            const s = boundSocket(t);
            const cp = withPort ? t.CreateIoCompletionPort(s, 0, 7, 0) : 0;
            const o = new WSAOVERLAPPED();
            const event = mode === "none" ? 0 : t.WSACreateEvent();
            o.hEvent = event | (mode === "noPacket" ? 1 : 0);
            const buffer = data.length === 0 ? null : data;
            check(t.ConnectEx(s, addr, 16, buffer, data.length, null, o)).toBe(0);
            check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
            const bytes = intRef(-1);
            if (listening) {
              check(o.Internal).toBe(STATUS_SUCCESS);
              check(o.InternalHigh).toBe(data.length);
              check(t.WSAGetOverlappedResult(s, o, bytes, false, intRef(0))).toBe(1);
              check(bytes.value).toBe(data.length);
              const server = t.accept(l, null, null) as number;
              const got = new Uint8Array(32);
              const n = data.length === 0 ? 0 : (t.recv(server, got, 32, 0) as number);
              check(got.subarray(0, n).join()).toBe(data.join());
            } else {
              check(o.Internal).toBe(STATUS_PENDING);
              // The refusal arrives when its timer fires, while the caller waits for it.
              check(t.WSAGetOverlappedResult(s, o, bytes, true, intRef(0))).toBe(BLOCKED);
              check(t.await()).toBe(0);
              check(t.WSAGetLastError()).toBe(E.WSAECONNREFUSED);
              check(o.Internal).toBe(STATUS_CONNECTION_REFUSED);
            }
            if (event !== 0) check(t.WSAWaitForMultipleEvents(1, [event], 1, 0, 0)).toBe(0);
            if (withPort) {
              const key = intRef(-1);
              const done = overlappedRef();
              const ret = t.GetQueuedCompletionStatus(cp, bytes, key, done, 0);
              if (mode === "noPacket") {
                check(ret).toBe(0);
                check(t.WSAGetLastError()).toBe(E.WAIT_TIMEOUT);
              } else {
                check(ret).toBe(listening ? 1 : 0);
                if (!listening) check(t.WSAGetLastError()).toBe(E.ERROR_CONNECTION_REFUSED);
                check(key.value).toBe(7);
                check(done.value === o).toBe(true);
              }
            }
          },
        ),
        runs(40),
      ),
  );

  type State = "unbound" | "bound" | "listening" | "connecting" | "connected" | "connectex";
  const states: State[] = ["unbound", "bound", "listening", "connecting", "connected", "connectex"];

  rule(
    ["CONNECTEX-ARGS", "CONNECTEX-STATE"],
    "ConnectEx refuses a NULL OVERLAPPED with ERROR_INVALID_PARAMETER, a datagram socket, an unbound, listening or connecting socket with WSAEINVAL, a connected one with WSAEISCONN; the state refusals leave Internal STATUS_PENDING and InternalHigh alone",
    () =>
      fc.assert(
        fc.property(
          fc.constantFrom(...states),
          fc.boolean(),
          fc.boolean(),
          (state, nullOverlapped, datagram) => {
            const { t, l, addr } = world();
            let s: number;
            if (datagram) {
              s = t.socket(AF_INET, SOCK_DGRAM, 0);
              t.bind(s, sockaddr("127.0.0.1:0"), 16);
            } else if (state === "connectex") {
              s = connectedByConnectEx(t, l, addr).s;
            } else {
              s = state === "bound" || state === "unbound" ? t.socket(AF_INET, SOCK_STREAM, 0) : 0;
              if (state === "bound") t.bind(s, sockaddr("127.0.0.1:0"), 16);
              if (state === "listening") s = l;
              if (state === "connected") s = tcpPair(t).client;
              if (state === "connecting") {
                s = t.socket(AF_INET, SOCK_STREAM, 0);
                t.ioctlsocket(s, FIONBIO, intRef(1));
                t.connect(s, sockaddr("10.0.0.1:80"), 16);
              }
            }
            const o = new WSAOVERLAPPED();
            o.InternalHigh = 0xdead;
            const ret = t.ConnectEx(s, addr, 16, null, 0, null, nullOverlapped ? null : o);
            check(ret).toBe(0);
            const error = t.WSAGetLastError();
            if (nullOverlapped) {
              check(error).toBe(E.WSA_INVALID_PARAMETER);
              return;
            }
            if (datagram) {
              check(error).toBe(E.WSAEINVAL);
              check(o.Internal).toBe(0);
              return;
            }
            const expected =
              state === "bound"
                ? E.WSA_IO_PENDING
                : state === "connected" || state === "connectex"
                  ? E.WSAEISCONN
                  : E.WSAEINVAL;
            check(error).toBe(expected);
            check(o.Internal).toBe(state === "bound" ? STATUS_SUCCESS : STATUS_PENDING);
            if (state !== "bound") check(o.InternalHigh).toBe(0xdead);
          },
        ),
        runs(60),
      ),
  );

  type Step = "connect" | "getpeername" | "shutdown" | "update" | "ConnectEx" | "send";

  rule(
    "CONNECTEX-CONTEXT",
    "after ConnectEx and until SO_UPDATE_CONNECT_CONTEXT, connect is WSAEINVAL and getpeername and shutdown WSAENOTCONN; ConnectEx is WSAEISCONN and send works throughout; after the update the socket answers as connected",
    () =>
      fc.assert(
        fc.property(
          fc.array(
            fc.constantFrom<Step>(
              "connect",
              "getpeername",
              "shutdown",
              "update",
              "ConnectEx",
              "send",
            ),
            { minLength: 1, maxLength: 12 },
          ),
          (steps) => {
            const { t, l, addr } = world();
            const { s } = connectedByConnectEx(t, l, addr);
            let updated = false;
            let sendShut = false;
            for (const step of steps) {
              if (step === "connect") {
                check(t.connect(s, addr, 16)).toBe(-1);
                check(t.WSAGetLastError()).toBe(updated ? E.WSAEISCONN : E.WSAEINVAL);
              } else if (step === "getpeername") {
                const ret = t.getpeername(s, new Uint8Array(16), intRef(16));
                check(ret).toBe(updated ? 0 : -1);
                if (!updated) check(t.WSAGetLastError()).toBe(E.WSAENOTCONN);
              } else if (step === "shutdown") {
                const ret = t.shutdown(s, SD_SEND);
                check(ret).toBe(updated ? 0 : -1);
                if (updated) sendShut = true;
                else check(t.WSAGetLastError()).toBe(E.WSAENOTCONN);
              } else if (step === "update") {
                check(t.setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, null, 0)).toBe(0);
                updated = true;
              } else if (step === "ConnectEx") {
                check(t.ConnectEx(s, addr, 16, null, 0, null, new WSAOVERLAPPED())).toBe(0);
                check(t.WSAGetLastError()).toBe(E.WSAEISCONN);
              } else {
                const ret = t.send(s, new Uint8Array([1]), 1, 0);
                check(ret).toBe(sendShut ? -1 : 1);
                if (sendShut) check(t.WSAGetLastError()).toBe(E.WSAESHUTDOWN);
              }
            }
          },
        ),
        runs(60),
      ),
  );
});

describe("DisconnectEx", () => {
  rule(
    "DISCONNECTEX-SHUTDOWN",
    "DisconnectEx shuts the sending side after the data sent: pending then complete with 0 bytes with an OVERLAPPED, TRUE without, repeatable; the peer reads the data then 0, sends still arrive, later sends are WSAESHUTDOWN; bad flags or dwReserved are WSAEINVAL and an unconnected socket WSAENOTCONN, changing nothing",
    () =>
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 16 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 3 }),
          fc.constantFrom(0, 0, 0, 1, 4, 0x100),
          fc.constantFrom(0, 0, 0, 7),
          (data, overlapped, times, flags, reserved) => {
            const { t, l } = world();
            const pair = tcpPair(t);
            if (data.length > 0) check(t.send(pair.client, data, data.length, 0)).toBe(data.length);
            const unconnected = t.socket(AF_INET, SOCK_STREAM, 0);
            check(t.DisconnectEx(unconnected, null, 0, 0)).toBe(0);
            check(t.WSAGetLastError()).toBe(E.WSAENOTCONN);
            void l;
            const bad = (flags & ~TF_REUSE_SOCKET) !== 0 || reserved !== 0;
            for (let i = 0; i < Math.max(times, 1); i++) {
              const o = overlapped ? new WSAOVERLAPPED() : null;
              t.WSASetLastError(0xbeef);
              const ret = t.DisconnectEx(pair.client, o, bad ? flags : 0, reserved);
              if (bad) {
                check(ret).toBe(0);
                check(t.WSAGetLastError()).toBe(E.WSAEINVAL);
                // Nothing changed: the connection still sends.
                check(t.send(pair.client, new Uint8Array([9]), 1, 0)).toBe(1);
                return;
              }
              if (o === null) {
                check(ret).toBe(1);
                check(t.WSAGetLastError()).toBe(0);
              } else {
                check(ret).toBe(0);
                check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
                check(o.Internal).toBe(STATUS_SUCCESS);
                check(o.InternalHigh).toBe(0);
              }
            }
            const got = new Uint8Array(32);
            const n = data.length === 0 ? 0 : (t.recv(pair.server, got, 32, 0) as number);
            check(got.subarray(0, n).join()).toBe(data.join());
            check(t.recv(pair.server, got, 32, 0)).toBe(0);
            check(t.send(pair.server, new Uint8Array([5, 6]), 2, 0)).toBe(2);
            check(t.recv(pair.client, got, 32, 0)).toBe(2);
            check(t.send(pair.client, got, 1, 0)).toBe(-1);
            check(t.WSAGetLastError()).toBe(E.WSAESHUTDOWN);
            check(t.getpeername(pair.client, new Uint8Array(16), intRef(16))).toBe(0);
          },
        ),
        runs(60),
      ),
  );

  rule(
    "DISCONNECTEX-REUSE",
    "DisconnectEx with TF_REUSE_SOCKET completes once the peer's FIN (or close) has arrived; the socket is then unconnected, keeps its port, and ConnectEx works on it again",
    () =>
      fc.assert(
        fc.property(
          fc.constantFrom("shutdown", "close"),
          fc.boolean(),
          fc.boolean(),
          (peer, peerFirst, overlapped) => {
            const { t, l, addr } = world();
            const pair = tcpPair(t);
            const before = port(t, pair.client);
            const peerGoes = () => {
              if (peer === "shutdown") check(t.shutdown(pair.server, SD_SEND)).toBe(0);
              else check(t.closesocket(pair.server)).toBe(0);
            };
            if (peerFirst) peerGoes();
            const o = overlapped ? new WSAOVERLAPPED() : null;
            const ret = t.DisconnectEx(pair.client, o, TF_REUSE_SOCKET, 0);
            if (o === null) {
              check(ret).toBe(peerFirst ? 1 : BLOCKED);
              if (!peerFirst) {
                const other = t.process.createThread();
                if (peer === "shutdown") check(other.shutdown(pair.server, SD_SEND)).toBe(0);
                else check(other.closesocket(pair.server)).toBe(0);
                check(t.await()).toBe(1);
              }
            } else {
              check(ret).toBe(0);
              check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
              check(o.Internal).toBe(peerFirst ? STATUS_SUCCESS : STATUS_PENDING);
              if (!peerFirst) {
                peerGoes();
                check(o.Internal).toBe(STATUS_SUCCESS);
              }
            }
            check(t.getpeername(pair.client, new Uint8Array(16), intRef(16))).toBe(-1);
            check(t.WSAGetLastError()).toBe(E.WSAENOTCONN);
            check(port(t, pair.client)).toBe(before);
            const again = new WSAOVERLAPPED();
            check(t.ConnectEx(pair.client, addr, 16, null, 0, null, again)).toBe(0);
            check(t.WSAGetLastError()).toBe(E.WSA_IO_PENDING);
            check(again.Internal).toBe(STATUS_SUCCESS);
            void l;
          },
        ),
        runs(30),
      ),
  );
});
