/**
 * The option rows' `rule` as calls show it: a getsockopt or setsockopt that succeeds cites the
 * rule that states what the option's value is. Expected rules come from spec/support/option-model.ts
 * (written from the option pages and spec/rules/options.json, not from the engine's table), whose
 * row-by-row comparison with OPTION_TABLE in spec/options.property.test.ts also compares `rule`
 * and `effect`. Sockets of every kind the catalogue has are used, raw ones included (IP_HDRINCL
 * works only there), and connected ones for the options only a connection answers.
 */
import { describe, expect, it } from "vitest";
import { OPTION_MODEL, refusal } from "../../../spec/support/option-model.js";
import { WSA_ERRORS } from "../../../src/constants/errors.js";
import {
  ADDRESS_FAMILIES,
  IP_LEVEL_OPTIONS as IP,
  IPV6_LEVEL_OPTIONS as IPV6,
  LEVELS,
  SOL_SOCKET_OPTIONS as SO,
  SOCKET_TYPES,
  SOL_SOCKET,
  TCP_OPTIONS as TCP,
} from "../../../src/constants/values.js";
import { EMPTY_QUEUE, FRESH_NET } from "../../../src/kernel/net/types.js";
import {
  get,
  intBuffer,
  makeSocket,
  readBack,
  set,
  type TestSocket,
  tcp4,
  tcp6,
  udp4,
  udp6,
} from "./harness.js";
import { expectKnownRules, RULE_IDS } from "./rule-ids.js";

const raw4 = () => makeSocket(ADDRESS_FAMILIES.AF_INET, SOCKET_TYPES.SOCK_RAW);
const raw6 = () => makeSocket(ADDRESS_FAMILIES.AF_INET6, SOCKET_TYPES.SOCK_RAW);
const FACTORIES = [tcp4, udp4, tcp6, udp6, raw4, raw6];

/** Big enough for every value the table has (WSAPROTOCOL_INFOW is 628 bytes). */
const ROOM = 1024;

/** A stream socket with an established connection to socket 2. */
function connectedStream(make: () => TestSocket): TestSocket {
  const socket = make();
  socket.net = {
    ...FRESH_NET,
    phase: "connected",
    local: { address: "127.0.0.1", port: 50000 },
    remote: { address: "127.0.0.1", port: 80 },
    connection: {
      peer: 2,
      sendQueue: EMPTY_QUEUE,
      finQueued: false,
      finSent: false,
      finReceived: false,
      error: 0,
      since: 0,
    },
  } as TestSocket["net"];
  return socket;
}

/** A UDP socket connect()ed to a default peer: connected, with no stream connection. */
function connectedDatagram(): TestSocket {
  const socket = udp4();
  socket.net = {
    ...FRESH_NET,
    phase: "connected",
    local: { address: "127.0.0.1", port: 50000 },
    remote: { address: "127.0.0.1", port: 53 },
  } as TestSocket["net"];
  return socket;
}

describe("the model's rules", () => {
  it("are rules of the catalogue", () => {
    const rules = OPTION_MODEL.flatMap((row) => (row.rule === undefined ? [] : [row.rule]));
    expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  });
});

/**
 * Options that no call on a fresh socket gets through: IP_MTU and IPV6_MTU need a connection
 * (below), the context updates an AcceptEx or ConnectEx socket (OPT-CONTEXT-UPDATE).
 */
const NO_FRESH_SUCCESS = new Set([
  "IP_MTU",
  "IPV6_MTU",
  "SO_UPDATE_ACCEPT_CONTEXT",
  "SO_UPDATE_CONNECT_CONTEXT",
]);

describe("a successful call cites the option's rule", () => {
  for (const row of OPTION_MODEL) {
    if (row.rule === undefined) continue;
    const rule = row.rule;
    it(`${row.name}: ${rule}`, () => {
      let calls = 0;
      for (const make of FACTORIES) {
        if (row.access !== "set" && refusal(row, make(), "get") === undefined) {
          const result = get(make(), row.level, row.optname, ROOM, {
            buffer: intBuffer(0, ROOM),
          });
          expect(result, `get on ${make.name}`).toMatchObject({ ok: true });
          expect(result.rules).toContain(rule);
          expectKnownRules(result);
          calls++;
        }
        if (row.access !== "get" && refusal(row, make(), "set") === undefined) {
          const optlen = row.shape === "struct" ? (row.structSize ?? 0) : 4;
          const result = set(make(), row.level, row.optname, intBuffer(1, ROOM), optlen);
          expect(result, `set on ${make.name}`).toMatchObject({ ok: true });
          expect(result.rules).toContain(rule);
          expectKnownRules(result);
          calls++;
        }
      }
      expect(calls > 0).toBe(!NO_FRESH_SUCCESS.has(row.name));
    });
  }
});

describe("options a connection answers (OPT-NOT-CONNECTED, OPT-STATE, OPT-CONTEXT-UPDATE)", () => {
  it("IP_MTU, IPV6_MTU and TCP_MAXSEG can be read on a connected stream socket", () => {
    for (const [make, level, optname] of [
      [tcp4, LEVELS.IPPROTO_IP, IP.IP_MTU],
      [tcp6, LEVELS.IPPROTO_IPV6, IPV6.IPV6_MTU],
      [tcp4, LEVELS.IPPROTO_TCP, TCP.TCP_MAXSEG],
    ] as const) {
      expect(get(make(), level, optname)).toMatchObject({
        ok: false,
        code: WSA_ERRORS.WSAENOTCONN,
        rule: "OPT-NOT-CONNECTED",
      });
      const result = get(connectedStream(make), level, optname);
      expect(result).toMatchObject({ ok: true, output: { optlen: 4 } });
      expect(result.rules).toContain("OPT-NOT-CONNECTED");
      expectKnownRules(result);
    }
  });

  it("SO_CONNECT_TIME is 0xFFFFFFFF unless a stream socket is connected", () => {
    expect(readBack(get(tcp4(), SOL_SOCKET, SO.SO_CONNECT_TIME))).toBe(0xffffffff);
    expect(readBack(get(connectedDatagram(), SOL_SOCKET, SO.SO_CONNECT_TIME))).toBe(0xffffffff);
    const connected = get(connectedStream(tcp4), SOL_SOCKET, SO.SO_CONNECT_TIME);
    expect(connected.rules).toContain("OPT-STATE");
    expect(readBack(connected)).not.toBe(0xffffffff);
  });

  it("SO_UPDATE_CONNECT_CONTEXT on a connected UDP socket: no ConnectEx connected it", () => {
    // ConnectEx works on connection-oriented sockets only, so a datagram socket's connect() is
    // never one.
    expect(set(connectedDatagram(), SOL_SOCKET, SO.SO_UPDATE_CONNECT_CONTEXT, 0, 0)).toMatchObject({
      ok: false,
      code: WSA_ERRORS.WSAENOTCONN,
      rule: "OPT-CONTEXT-UPDATE",
    });
  });

  it("SO_UPDATE_CONNECT_CONTEXT on a connected stream socket succeeds, at any optlen from -1", () => {
    // The WSAConnectByName page has callers set it on a socket connect calls made, not ConnectEx
    // (OPT-CONTEXT-UPDATE). The option carries no value: a negative optlen on a SOL_SOCKET
    // structure is taken like the 4-byte options' (OPT-SET-LENGTH-NEGATIVE), never WSAENOBUFS.
    for (const optlen of [-1, 0, 4]) {
      const result = set(
        connectedStream(tcp4),
        SOL_SOCKET,
        SO.SO_UPDATE_CONNECT_CONTEXT,
        0,
        optlen,
      );
      expect(result.ok, `optlen ${optlen}`).toBe(true);
      expectKnownRules(result);
    }
  });
});
