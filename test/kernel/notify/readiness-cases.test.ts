/**
 * What select and WSAPoll report (src/kernel/notify/readiness.ts, and `writable` in record.ts),
 * written to kill the mutants that survived the mutation run of src/kernel/notify/
 * (docs/mutation/notify.md): writability at the SO_SNDBUF boundary (NET-BUFFERS), sockets that
 * have no connection, a datagram socket's pending port-unreachable (NET-DATAGRAM-UNREACHABLE), and
 * POLLRDBAND reported only when asked (SEL-POLL).
 */
import { describe, expect, it } from "vitest";
import {
  MSG_OOB,
  POLLRDBAND,
  POLLRDNORM,
  POLLWRNORM,
  SO_SNDBUF,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
  type WSAPOLLFD,
} from "../../../src/index.js";
import {
  expectError,
  fillWindow,
  listener,
  nameOf,
  pair,
  recvText,
  sendText,
  setInt,
  tcp,
  text,
  udp,
  world,
} from "../../events/helpers.js";

const NOW = { tv_sec: 0, tv_usec: 0 };

/** Whether select puts `s` in writefds now. */
function inWritefds(t: WinsockThread, s: number): boolean {
  const set = [s];
  const ret = t.select(0, null, set, null, NOW);
  expect(ret === 0 || ret === 1).toBe(true);
  expect(set.length).toBe(ret);
  return ret === 1;
}

function inReadfds(t: WinsockThread, s: number): boolean {
  const set = [s];
  const ret = t.select(0, set, null, null, NOW);
  expect(ret === 0 || ret === 1).toBe(true);
  expect(set.length).toBe(ret);
  return ret === 1;
}

function revents(t: WinsockThread, s: number, events: number): number {
  const fds: WSAPOLLFD[] = [{ fd: s, events, revents: -1 }];
  expect(t.WSAPoll(fds, 1, 0)).toBeGreaterThanOrEqual(0);
  return fds[0]!.revents;
}

describe("writefds of a stream socket", () => {
  it("a socket with no connection (fresh, listening) is not writable", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(inWritefds(a, tcp(a))).toBe(false);
    expect(inWritefds(a, listener(a).s)).toBe(false);
    expect(revents(a, tcp(a), POLLWRNORM)).toBe(0);
  });

  it("writable while less than SO_SNDBUF waits to leave, not once SO_SNDBUF bytes wait (NET-BUFFERS)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    setInt(a, client, SO_SNDBUF, 100);
    fillWindow(a, client); // the receiver reads nothing: its window is full, nothing waits yet
    expect(inWritefds(a, client)).toBe(true);
    sendText(a, client, "x".repeat(50)); // taken: 0 < 100 waited; now 50 wait
    expect(inWritefds(a, client)).toBe(true);
    sendText(a, client, "y".repeat(50)); // taken: 50 < 100 waited; now 100 wait
    expect(inWritefds(a, client)).toBe(false);
    expect(revents(a, client, POLLWRNORM)).toBe(0);
  });

  it("with SO_SNDBUF 0, writable when nothing waits to leave (NET-BUFFERS)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    setInt(a, client, SO_SNDBUF, 0);
    expect(inWritefds(a, client)).toBe(true);
    expect(revents(a, client, POLLWRNORM)).toBe(POLLWRNORM);
  });
});

describe("a datagram socket's port-unreachable (NET-DATAGRAM-UNREACHABLE)", () => {
  it("makes it readable until the receive that fails with WSAECONNRESET", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const closed = udp(a);
    expect(a.bind(closed, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    const nobody = sockaddr(nameOf(a, closed));
    expect(a.closesocket(closed)).toBe(0);
    expect(inReadfds(a, u)).toBe(false);
    const bytes = text("ping");
    expect(a.sendto(u, bytes, bytes.length, 0, nobody, 16)).toBe(bytes.length);
    expect(inReadfds(a, u)).toBe(true);
    expect(revents(a, u, POLLRDNORM) & POLLRDNORM).toBe(POLLRDNORM);
    expectError(a, a.recv(u, new Uint8Array(8), 8, 0), WSA_ERRORS.WSAECONNRESET);
    expect(inReadfds(a, u)).toBe(false);
  });
});

describe("WSAPoll reports POLLRDBAND only when asked (SEL-POLL)", () => {
  it("urgent data waiting: POLLRDBAND for events POLLRDBAND, not for POLLWRNORM alone", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "u", MSG_OOB);
    expect(revents(a, server, POLLRDBAND) & POLLRDBAND).toBe(POLLRDBAND);
    expect(revents(a, server, POLLWRNORM)).toBe(POLLWRNORM);
    expect(recvText(a, server, 1, MSG_OOB)).toBe("u");
  });
});
