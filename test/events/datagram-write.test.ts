/**
 * A datagram socket's FD_WRITE (rule EVT-WRITE): recorded once when the socket becomes bound, by
 * bind or implicitly by sendto or connect; an unbound one records nothing. Wine's
 * test_WSAEnumNetworkEvents (a UDP socket bound to INADDR_ANY:0, then WSAEventSelect and
 * WSAEnumNetworkEvents: FD_WRITE, once) and test_connect_events (UDP), both run on Windows.
 */
import { describe, expect, it } from "vitest";
import { FD_CONNECT, FD_READ, FD_WRITE, sockaddr, type WinsockThread } from "../../src/index.js";
import { enumerate, MODES, signalled, udp, Watch, world } from "./helpers.js";

function setup(): { a: WinsockThread; u: number } {
  const { t } = world("A");
  const a = t.A!;
  return { a, u: udp(a) };
}

const bindAny = (a: WinsockThread, u: number) =>
  expect(a.bind(u, sockaddr("0.0.0.0:0"), 16)).toBe(0);

const sendOne = (a: WinsockThread, u: number) =>
  expect(a.sendto(u, new Uint8Array(1), 1, 0, sockaddr("127.0.0.1:9999"), 16)).toBe(1);

describe.each(MODES)("%s mode", (mode) => {
  it("a socket bound before the registration: FD_WRITE once (test_WSAEnumNetworkEvents)", () => {
    const { a, u } = setup();
    bindAny(a, u);
    const w = new Watch(a, u, mode);
    w.select(FD_READ | FD_WRITE);
    // Message mode posts it for the registration (EVT-MESSAGE-MODE), once, not also for the bind.
    w.expect([FD_WRITE]);
    w.nothing();
  });

  it.each([
    ["bind", bindAny],
    ["sendto's implicit bind", sendOne],
  ])(
    "a registered socket bound by %s: FD_WRITE then, once; a later sendto adds none",
    (_, bindBy) => {
      const { a, u } = setup();
      const w = new Watch(a, u, mode);
      w.select(FD_READ | FD_WRITE);
      // Unbound: nothing in event mode; message mode posts FD_WRITE for the registration.
      w.expectByMode([], [FD_WRITE]);
      bindBy(a, u);
      // The bind is the FD_WRITE event mode waited for; message mode posted it already.
      w.expectByMode([FD_WRITE], []);
      sendOne(a, u);
      w.nothing();
    },
  );

  it("connect on a bound socket: event mode FD_CONNECT and FD_WRITE, message mode FD_WRITE", () => {
    const { a, u } = setup();
    bindAny(a, u);
    const w = new Watch(a, u, mode);
    w.select(FD_READ | FD_WRITE | FD_CONNECT);
    w.expect([FD_WRITE]);
    expect(a.connect(u, sockaddr("127.0.0.1:9999"), 16)).toBe(0);
    w.expectByMode([FD_CONNECT, FD_WRITE], [FD_WRITE]);
    w.nothing();
  });
});

describe("event mode", () => {
  it("the bind's FD_WRITE stays recorded until a registration selects it", () => {
    const { a, u } = setup();
    bindAny(a, u);
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(u, e, FD_READ)).toBe(0);
    expect(signalled(a, e)).toBe(false);
    expect(enumerate(a, u, e).lNetworkEvents).toBe(0);
    expect(a.WSAEventSelect(u, e, FD_READ | FD_WRITE)).toBe(0);
    expect(signalled(a, e)).toBe(true);
    expect(enumerate(a, u, e).lNetworkEvents).toBe(FD_WRITE);
  });

  it("an unbound socket records nothing, however long it waits (test_connect_events, UDP)", () => {
    const { a, u } = setup();
    const e = a.WSACreateEvent();
    expect(a.WSAEventSelect(u, e, FD_READ | FD_WRITE)).toBe(0);
    a.Sleep(200);
    expect(signalled(a, e)).toBe(false);
    expect(enumerate(a, u, e).lNetworkEvents).toBe(0);
  });
});
