/**
 * bind, getsockname and getpeername (src/kernel/calls/bind.ts): the rule each answer cites, the
 * implicit bind of an IPv6 socket, the checks of getsockname's output pointers, and the peer of a
 * socket that is not connected. Written to kill the mutants that survived the mutation run of
 * src/kernel/calls (docs/mutation/calls-sockets-bind-duplicate.md).
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  BLOCKED,
  formatSockaddr,
  INVALID_SOCKET,
  intRef,
  SOCK_DGRAM,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { readSockaddr } from "../../../src/kernel/calls/bind.js";
import { WinsockFailure } from "../../../src/kernel/transaction.js";
import { expectError, listener, nameOf, tcp, text, udp, world } from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { WSAEADDRNOTAVAIL, WSAEFAULT, WSAEINVAL, WSAENOTCONN } = WSA_ERRORS;

/** The last call cited every rule of `ids`, and only catalogue rules. */
function cites(t: WinsockThread, ...ids: string[]): readonly string[] {
  const rules = t.last?.rules ?? [];
  for (const id of ids) expect(rules).toContain(id);
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

describe("bind citations (NET-BIND, NET-EPHEMERAL, NET-SOCKADDR)", () => {
  it("an explicit port cites NET-BIND and not NET-EPHEMERAL; port 0 cites NET-EPHEMERAL", () => {
    const { t } = world("A");
    const a = t.A!;
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:9400"), 16)).toBe(0);
    expect(cites(a, "NET-BIND")).not.toContain("NET-EPHEMERAL");
    expect(a.bind(tcp(a), sockaddr("127.0.0.1:0"), 16)).toBe(0);
    cites(a, "NET-EPHEMERAL");
  });

  it("each refusal cites its rule: a short SOCKADDR, a second bind, a foreign address", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.bind(s, sockaddr("127.0.0.1:0"), 8), WSAEFAULT);
    cites(a, "NET-SOCKADDR");
    expectError(a, a.bind(s, sockaddr("192.0.2.1:0"), 16), WSAEADDRNOTAVAIL);
    cites(a, "NET-BIND");
    expect(a.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expectError(a, a.bind(s, sockaddr("127.0.0.1:0"), 16), WSAEINVAL);
    cites(a, "NET-BIND");
  });

  it("a SOCKADDR with fewer bytes than its family field is unreadable: WSAEFAULT (kernel contract)", () => {
    // The facade never passes fewer bytes than namelen (bufferWithin); the kernel must still
    // answer WSAEFAULT, not WSAEAFNOSUPPORT, when the family cannot be read at all.
    try {
      readSockaddr(AF_INET, { kind: "buffer", bytes: new Uint8Array(1) }, 16, "NET-SOCKADDR");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WinsockFailure);
      expect((error as WinsockFailure).code).toBe(WSAEFAULT);
    }
  });
});

describe("the implicit bind (NET-EPHEMERAL)", () => {
  it("an IPv6 datagram socket's sendto binds it to [::] and an ephemeral port", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = a.socket(AF_INET6, SOCK_DGRAM, 0);
    expect(s).not.toBe(INVALID_SOCKET);
    const data = text("hi");
    expect(a.sendto(s, data, data.length, 0, sockaddr("[::1]:9401"), 28)).toBe(2);
    const buf = new Uint8Array(28);
    const len = intRef(28);
    expect(a.getsockname(s, buf, len)).toBe(0);
    expect(len.value).toBe(28);
    expect(formatSockaddr(buf, len.value)).toBe("[::]:49152");
  });
});

describe("getsockname and getpeername (NET-NAMES)", () => {
  it("an unbound socket is WSAEINVAL citing NET-NAMES", () => {
    const { t } = world("A");
    const a = t.A!;
    expectError(a, a.getsockname(tcp(a), new Uint8Array(16), intRef(16)), WSAEINVAL);
    cites(a, "NET-NAMES");
  });

  it("a NULL namelen, or a buffer shorter than the address, is WSAEFAULT citing NET-NAMES", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = udp(a);
    expect(a.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expectError(a, a.getsockname(s, new Uint8Array(16), null), WSAEFAULT);
    cites(a, "NET-NAMES");
    const len = intRef(16);
    expectError(a, a.getsockname(s, new Uint8Array(8), len), WSAEFAULT);
    cites(a, "NET-NAMES");
    expect(len.value).toBe(16);
    expect(a.getsockname(s, new Uint8Array(16), intRef(16))).toBe(0);
    cites(a, "NET-NAMES");
  });

  it("getpeername: WSAENOTCONN for a socket with no peer, the peer once connected, each citing NET-NAMES", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = udp(a);
    expectError(a, a.getpeername(s, new Uint8Array(16), intRef(16)), WSAENOTCONN);
    cites(a, "NET-NAMES");
    expect(a.connect(s, sockaddr("127.0.0.1:9402"), 16)).toBe(0);
    const buf = new Uint8Array(16);
    expect(a.getpeername(s, buf, intRef(16))).toBe(0);
    cites(a, "NET-NAMES");
    expect(formatSockaddr(buf, 16)).toBe("127.0.0.1:9402");
  });

  it("a socket listening after a refused connect has no peer", () => {
    const { t } = world("A");
    const a = t.A!;
    const { s: closed } = listener(a);
    const port = nameOf(a, closed);
    expect(a.closesocket(closed)).toBe(0);
    const s = tcp(a);
    expect(a.connect(s, sockaddr(port), 16)).toBe(BLOCKED);
    expectError(a, a.await(), WSA_ERRORS.WSAECONNREFUSED);
    // Whether or not Windows lets the socket listen now, it has no peer: WSAENOTCONN.
    a.listen(s, 5);
    expectError(a, a.getpeername(s, new Uint8Array(16), intRef(16)), WSAENOTCONN);
    cites(a, "NET-NAMES");
  });
});
