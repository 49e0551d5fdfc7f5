/**
 * socket, WSASocket and closesocket (src/kernel/calls/sockets.ts): the rules each answer cites,
 * and the lingering close of NET-LINGER where a call wakes it before its data is delivered.
 * Written to kill the mutants that survived the mutation run of src/kernel/calls
 * (docs/mutation/calls-sockets-bind-duplicate.md).
 *
 * Every call's citations must be catalogue rules (spec/rules/*.json), so a citation emptied to ""
 * is caught even where the same call also cites the right rule.
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  BLOCKED,
  INVALID_POINTER,
  INVALID_SOCKET,
  intRef,
  kernel,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOCKET_ERROR,
  SOL_SOCKET,
  SOL_SOCKET_OPTIONS,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { lookupHandle } from "../../../src/kernel/handles.js";
import {
  expectError,
  fillWindow,
  finished,
  nonBlocking,
  pair,
  recvText,
  sendText,
  setLinger,
  WINDOW,
  world,
} from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { WSAECONNRESET, WSAEFAULT, WSAEINVAL, WSAENOTSOCK, WSAEWOULDBLOCK, WSAEINTR } = WSA_ERRORS;

/** The last call cited every rule of `ids`, and only catalogue rules. */
function cites(t: WinsockThread, ...ids: string[]): readonly string[] {
  const rules = t.last?.rules ?? [];
  for (const id of ids) expect(rules).toContain(id);
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

/** A catalog WSAPROTOCOL_INFOW for UDP/IP, as SO_PROTOCOL_INFOW gives it. */
function catalogInfo(t: WinsockThread): Uint8Array {
  const s = t.socket(AF_INET, SOCK_DGRAM, 0);
  const info = new Uint8Array(628);
  expect(t.getsockopt(s, SOL_SOCKET, SOL_SOCKET_OPTIONS.SO_PROTOCOL_INFOW, info, intRef(628))).toBe(
    0,
  );
  expect(t.closesocket(s)).toBe(0);
  return info;
}

/**
 * A connected pair across A and B whose client closes with SO_LINGER {1, 2} behind a full window
 * and unsent bytes: A's main thread is blocked in that closesocket; `worker` is a second thread of A.
 */
function lingeringClose() {
  const { sim, t } = world("A", "B");
  const [a, b] = [t.A!, t.B!];
  const worker = sim.process("A").createThread();
  const { client, server } = pair(a, b);
  setLinger(a, client, 1, 2);
  fillWindow(a, client);
  sendText(a, client, "0123456789");
  expect(a.closesocket(client)).toBe(BLOCKED);
  return { a, b, worker, client, server };
}

describe("WSASocket citations (SOCK-FROM-INFO, SOCK-OVERLAPPED, DUP-INFO-CHECK)", () => {
  it("an invalid lpProtocolInfo is WSAEFAULT citing SOCK-FROM-INFO", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.WSASocketW(0, 0, 0, INVALID_POINTER, 0, 0), WSAEFAULT);
    cites(a, "SOCK-FROM-INFO");
  });

  it("a structure shorter than WSAPROTOCOL_INFOW is WSAEINVAL citing DUP-INFO-CHECK", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.WSASocketW(0, 0, 0, catalogInfo(a).slice(0, 100), 0, 0), WSAEINVAL);
    cites(a, "DUP-INFO-CHECK");
  });

  it("a structure naming no catalog entry (all zero bytes) is WSAEINVAL citing SOCK-FROM-INFO", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.WSASocketW(0, 0, 0, new Uint8Array(628), 0, 0), WSAEINVAL);
    cites(a, "SOCK-FROM-INFO");
    expectError(a, a.WSASocketW(AF_INET, SOCK_STREAM, 0, new Uint8Array(628), 0, 0), WSAEINVAL);
    cites(a, "SOCK-FROM-INFO");
  });

  it("a catalog structure cites SOCK-FROM-INFO and SOCK-OVERLAPPED; no structure cites no SOCK-FROM-INFO", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(a.WSASocketW(0, 0, 0, catalogInfo(a), 0, 0)).not.toBe(INVALID_SOCKET);
    cites(a, "SOCK-FROM-INFO", "SOCK-OVERLAPPED");
    expect(a.WSASocketW(AF_INET, SOCK_STREAM, 0, null, 0, 0)).not.toBe(INVALID_SOCKET);
    expect(cites(a, "SOCK-OVERLAPPED")).not.toContain("SOCK-FROM-INFO");
  });
});

describe("closesocket with SO_LINGER (NET-LINGER)", () => {
  it("non-blocking with undelivered data: WSAEWOULDBLOCK citing NET-LINGER, not NET-BLOCKING", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    setLinger(a, client, 1, 5);
    fillWindow(a, client);
    sendText(a, client, "waits");
    nonBlocking(a, client);
    expectError(a, a.closesocket(client), WSAEWOULDBLOCK);
    const rules = cites(a, "NET-LINGER");
    expect(rules).not.toContain("NET-BLOCKING");
  });

  it("l_onoff 0 with a non-zero l_linger does not linger: the close returns at once", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setLinger(a, client, 0, 5);
    const filler = fillWindow(a, client);
    sendText(a, client, "0123456789");
    expect(a.closesocket(client)).toBe(0);
    // A graceful close in the background: the data still arrives, then the FIN.
    let got = "";
    for (;;) {
      const part = recvText(b, server, WINDOW);
      expect(typeof part).toBe("string");
      if (part === "") break;
      got += part as string;
    }
    expect(got).toBe(`${filler}0123456789`);
  });

  it("a read that leaves data undelivered does not end the wait; the time-out then resets", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setLinger(a, client, 1, 3);
    fillWindow(a, client);
    sendText(a, client, "x".repeat(100));
    expect(a.closesocket(client)).toBe(BLOCKED);
    // 10 bytes read: 10 of the 100 waiting move into the window, 90 still wait.
    expect(recvText(b, server, 10)).toBe(".".repeat(10));
    expect(finished(a)).toBe(false);
    expect(a.await()).toBe(0);
    expect(sim.state.clock).toBe(3000);
    cites(a, "NET-LINGER", "NET-ABORTIVE-CLOSE");
    expectError(b, b.recv(server, new Uint8Array(8), 8, 0), WSAECONNRESET);
  });

  it("the wait ends when the peer has read everything: a graceful close citing only catalogue rules", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(a, b);
    setLinger(a, client, 1, 5);
    fillWindow(a, client);
    sendText(a, client, "tail");
    expect(a.closesocket(client)).toBe(BLOCKED);
    expect(recvText(b, server, WINDOW)).toBe(".".repeat(WINDOW));
    expect(a.await()).toBe(0);
    expect(cites(a)).not.toContain("NET-ABORTIVE-CLOSE");
    expect(recvText(b, server)).toBe("tail");
    expect(recvText(b, server)).toBe("");
  });

  it("two threads lingering on the same descriptor: one closes it, the other fails, nothing throws", () => {
    const { a, b, worker, client, server } = lingeringClose();
    expect(worker.closesocket(client)).toBe(BLOCKED);
    expect(a.await()).toBe(0);
    // The descriptor is gone by the time the second close ends: HANDLE-KIND or NET-CLOSE-WAKES.
    expect(worker.await()).toBe(SOCKET_ERROR);
    expect([WSAENOTSOCK, WSAEINTR]).toContain(worker.WSAGetLastError());
    cites(worker);
    expectError(b, b.recv(server, new Uint8Array(8), 8, 0), WSAECONNRESET);
  });

  it("a lingering close whose descriptor was closed and whose value now names an unclaimed duplicate: WSAENOTSOCK, the duplicate stays claimable (HANDLE-KIND)", () => {
    const { a, b, worker, client, server } = lingeringClose();
    // The worker gives the socket a second descriptor and closes the one the close waits on.
    const info = new Uint8Array(628);
    expect(worker.WSADuplicateSocketW(client, worker.pid, info)).toBe(0);
    const other = worker.WSASocketW(0, 0, 0, info, 0, 0);
    expect(other).not.toBe(INVALID_SOCKET);
    expect(worker.closesocket(client)).toBe(0);
    // Then it duplicates the socket into its own process again; the handle this places, not yet
    // claimed by WSASocket, is no socket of the process (HANDLE-KIND). The kernel reuses the
    // freed value, so the waiting close's value now names it (checked: the case this test is for).
    const again = new Uint8Array(628);
    expect(worker.WSADuplicateSocketW(other, worker.pid, again)).toBe(0);
    const entry = lookupHandle(kernel.findProcess(a.sim.state, a.pid)!, client);
    expect(entry?.kind === "socket" && entry.pendingDuplication !== null).toBe(true);
    // The time-out finds no socket descriptor to close: WSAENOTSOCK, and nothing is reset.
    expect(a.await()).toBe(SOCKET_ERROR);
    expect(a.WSAGetLastError()).toBe(WSAENOTSOCK);
    expect(cites(a, "NET-LINGER", "HANDLE-KIND")).not.toContain("NET-ABORTIVE-CLOSE");
    expect(b.recv(server, new Uint8Array(8), 8, 0)).toBe(8);
    // The placed duplicate is still there to claim.
    expect(worker.WSASocketW(0, 0, 0, again, 0, 0)).not.toBe(INVALID_SOCKET);
  });

  it("a linger time-out discards the undelivered data (NET-ABORTIVE-CLOSE): a descriptor duplicated meanwhile closes at once", () => {
    const { a, b, worker, client, server } = lingeringClose();
    const info = new Uint8Array(628);
    expect(worker.WSADuplicateSocketW(client, worker.pid, info)).toBe(0);
    const other = worker.WSASocketW(0, 0, 0, info, 0, 0);
    expect(other).not.toBe(INVALID_SOCKET);
    expect(a.await()).toBe(0);
    cites(a, "NET-LINGER", "NET-ABORTIVE-CLOSE");
    expectError(b, b.recv(server, new Uint8Array(8), 8, 0), WSAECONNRESET);
    // Nothing is left to deliver, so the last close does not linger.
    expect(worker.closesocket(other)).toBe(0);
  });
});
