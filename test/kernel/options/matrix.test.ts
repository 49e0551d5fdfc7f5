/**
 * The optlen matrix of Wine's test_set_getsockopt (research 4b, observed fact 130), replayed row by
 * row in the order the Wine test runs its steps on one fresh socket per option.
 */
import { describe, expect, it } from "vitest";
import { WSA_ERRORS } from "../../../src/constants/errors.js";
import {
  IP_LEVEL_OPTIONS as IP,
  IPV6_LEVEL_OPTIONS as IPV6,
  LEVELS,
  SOL_SOCKET_OPTIONS as SO,
  SOL_SOCKET,
  TCP_OPTIONS as TCP,
} from "../../../src/constants/values.js";
import {
  get,
  intBuffer,
  makeThread,
  type Result,
  set,
  type TestSocket,
  tcp4,
  tcp6,
  udp4,
  udp6,
} from "./harness.js";

interface Row {
  name: string;
  socket: () => TestSocket;
  level: number;
  optname: number;
  shortLen: boolean;
  sizes: [number, number, number];
  values: [number, number, number];
  largeValue: boolean;
  bool: boolean;
}

const ZEROS: [number, number, number] = [0, 0, 0];
const BOOL_VALUES: [number, number, number] = [0, 0xdead0001, 0];
const ZEROED: [number, number, number] = [0xdeadbe00, 0xdead0000, 0];

function row(
  name: string,
  socket: () => TestSocket,
  level: number,
  optname: number,
  shortLen: boolean,
  sizes: [number, number, number],
  values: [number, number, number],
  largeValue: boolean,
  bool: boolean,
): Row {
  return { name, socket, level, optname, shortLen, sizes, values, largeValue, bool };
}

const S = SOL_SOCKET;
const ROWS: Row[] = [
  row("SO_BROADCAST", udp4, S, SO.SO_BROADCAST, true, [1, 1, 4], BOOL_VALUES, true, true),
  row("SO_DONTLINGER", tcp4, S, SO.SO_DONTLINGER, true, [1, 1, 4], BOOL_VALUES, true, true),
  row("SO_LINGER", tcp4, S, SO.SO_LINGER, false, [1, 2, 4], ZEROED, true, false),
  row("SO_OOBINLINE", tcp4, S, SO.SO_OOBINLINE, true, [1, 1, 4], BOOL_VALUES, true, true),
  row("SO_RCVBUF", tcp4, S, SO.SO_RCVBUF, false, [1, 2, 4], ZEROED, true, false),
  row("SO_KEEPALIVE", tcp4, S, SO.SO_KEEPALIVE, true, [1, 1, 1], ZEROS, true, false),
  row("SO_DONTROUTE", tcp4, S, SO.SO_DONTROUTE, true, [1, 1, 1], ZEROS, true, false),
  row("SO_RCVTIMEO", tcp4, S, SO.SO_RCVTIMEO, false, [1, 2, 4], ZEROS, true, false),
  row("SO_REUSEADDR", tcp4, S, SO.SO_REUSEADDR, true, [1, 1, 4], BOOL_VALUES, true, true),
  row(
    "SO_EXCLUSIVEADDRUSE",
    tcp4,
    S,
    SO.SO_EXCLUSIVEADDRUSE,
    true,
    [1, 1, 4],
    BOOL_VALUES,
    true,
    true,
  ),
  row("SO_SNDBUF", tcp4, S, SO.SO_SNDBUF, false, [1, 2, 4], ZEROED, true, false),
  row("SO_SNDTIMEO", tcp4, S, SO.SO_SNDTIMEO, false, [1, 2, 4], ZEROS, true, false),
  row("SO_OPENTYPE", tcp4, S, SO.SO_OPENTYPE, false, [1, 2, 4], ZEROS, true, false),
  row(
    "TCP_NODELAY",
    tcp4,
    LEVELS.IPPROTO_TCP,
    TCP.TCP_NODELAY,
    true,
    [1, 1, 1],
    ZEROS,
    true,
    false,
  ),
  row(
    "TCP_KEEPALIVE",
    tcp4,
    LEVELS.IPPROTO_TCP,
    TCP.TCP_KEEPALIVE,
    false,
    [0, 0, 4],
    ZEROS,
    true,
    false,
  ),
  row(
    "TCP_KEEPCNT",
    tcp4,
    LEVELS.IPPROTO_TCP,
    TCP.TCP_KEEPCNT,
    false,
    [0, 0, 4],
    ZEROS,
    false,
    false,
  ),
  row(
    "TCP_KEEPINTVL",
    tcp4,
    LEVELS.IPPROTO_TCP,
    TCP.TCP_KEEPINTVL,
    false,
    [0, 0, 4],
    ZEROS,
    true,
    false,
  ),
  row(
    "IP_MULTICAST_LOOP",
    udp4,
    LEVELS.IPPROTO_IP,
    IP.IP_MULTICAST_LOOP,
    true,
    [1, 1, 4],
    ZEROS,
    true,
    true,
  ),
  row(
    "IP_MULTICAST_TTL",
    udp4,
    LEVELS.IPPROTO_IP,
    IP.IP_MULTICAST_TTL,
    true,
    [1, 1, 4],
    ZEROS,
    false,
    false,
  ),
  row("IP_PKTINFO", udp4, LEVELS.IPPROTO_IP, IP.IP_PKTINFO, false, [0, 0, 4], ZEROS, true, true),
  row("IP_RECVTOS", udp4, LEVELS.IPPROTO_IP, IP.IP_RECVTOS, false, [0, 0, 4], ZEROS, true, true),
  row("IP_RECVTTL", udp4, LEVELS.IPPROTO_IP, IP.IP_RECVTTL, false, [0, 0, 4], ZEROS, true, true),
  row("IP_TOS", udp4, LEVELS.IPPROTO_IP, IP.IP_TOS, true, [1, 1, 4], ZEROS, false, false),
  row("IP_TTL", udp4, LEVELS.IPPROTO_IP, IP.IP_TTL, true, [1, 1, 4], ZEROS, false, false),
  row(
    "IPV6_DONTFRAG",
    tcp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_DONTFRAG,
    true,
    [1, 1, 4],
    ZEROS,
    true,
    true,
  ),
  row(
    "IPV6_HOPLIMIT",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_HOPLIMIT,
    false,
    [0, 0, 4],
    ZEROS,
    true,
    true,
  ),
  row(
    "IPV6_MULTICAST_HOPS",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_MULTICAST_HOPS,
    true,
    [1, 1, 4],
    ZEROS,
    false,
    false,
  ),
  row(
    "IPV6_MULTICAST_LOOP",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_MULTICAST_LOOP,
    true,
    [1, 1, 4],
    ZEROS,
    true,
    true,
  ),
  row(
    "IPV6_PKTINFO",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_PKTINFO,
    false,
    [0, 0, 4],
    ZEROS,
    true,
    true,
  ),
  row(
    "IPV6_RECVTCLASS",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_RECVTCLASS,
    false,
    [0, 0, 4],
    ZEROS,
    true,
    true,
  ),
  row(
    "IPV6_UNICAST_HOPS",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_UNICAST_HOPS,
    true,
    [1, 1, 4],
    ZEROS,
    false,
    false,
  ),
  row(
    "IPV6_V6ONLY",
    udp6,
    LEVELS.IPPROTO_IPV6,
    IPV6.IPV6_V6ONLY,
    true,
    [1, 1, 1],
    ZEROS,
    true,
    false,
  ),
];

/** What the caller's 4-byte variable (pre-filled) and optlen hold after a get. */
function memoryAfter(result: Result, initial: number, optlenIn: number) {
  const bytes = [0, 1, 2, 3].map((i) => (initial >>> (8 * i)) & 0xff);
  const output = result.ok ? result.output : result.output;
  output?.optval?.forEach((byte, i) => {
    if (i < 4) bytes[i] = byte;
  });
  const value =
    ((bytes[0] ?? 0) |
      ((bytes[1] ?? 0) << 8) |
      ((bytes[2] ?? 0) << 16) |
      ((bytes[3] ?? 0) << 24)) >>>
    0;
  return { value, optlen: output?.optlen ?? optlenIn };
}

describe("optlen matrix (fact 130)", () => {
  for (const r of ROWS) {
    it(r.name, () => {
      const socket = r.socket();
      const thread = makeThread();
      const doSet = (optval: ReturnType<typeof intBuffer>, optlen: number) =>
        set(socket, r.level, r.optname, optval, optlen, thread);
      const doGet = (optlen: number, initial = 0xdeadbeef) =>
        get(socket, r.level, r.optname, optlen, {
          buffer: intBuffer(initial, Math.max(optlen, 8)),
          thread,
        });

      expect(doGet(4).ok).toBe(true);

      // a. an 8-byte value is accepted; an 8-byte read reports the natural size
      expect(doSet(intBuffer(1, 8, 0xffffffff), 8)).toMatchObject({ ok: true });
      const long = doGet(8);
      expect(long.ok && long.output.optlen).toBe(r.sizes[2]);

      // b. setsockopt with optlen -1
      const negative = doSet(intBuffer(1, 4), -1);
      if (r.sizes[2] === 1 || r.level !== SOL_SOCKET) {
        expect(negative).toMatchObject({ ok: false, code: WSA_ERRORS.WSAENOBUFS });
      } else {
        expect(negative.ok).toBe(true);
      }

      // c. getsockopt with optlen -1
      const getNegative = doGet(-1);
      if (r.optname === SO.SO_OPENTYPE && r.level === SOL_SOCKET) {
        expect(getNegative.ok && getNegative.output.optlen).toBe(4);
      } else {
        expect(getNegative).toMatchObject({ ok: false, code: WSA_ERRORS.WSAEFAULT });
        expect(memoryAfter(getNegative, 0xdeadbeef, -1).optlen).toBe(-1);
      }

      // d. optlen 0
      const zero = doSet(intBuffer(1, 4), 0);
      if (r.level === SOL_SOCKET && r.bool) expect(zero.ok).toBe(true);
      else expect(zero).toMatchObject({ ok: false, code: WSA_ERRORS.WSAEFAULT });
      expect(doGet(0)).toMatchObject({ ok: false, code: WSA_ERRORS.WSAEFAULT });

      // e. value 0x100
      const large = doSet(intBuffer(0x100, 4), 4);
      if (!r.largeValue) {
        expect(large).toMatchObject({ ok: false, code: WSA_ERRORS.WSAEINVAL });
      } else {
        expect(large.ok).toBe(true);
        const after = memoryAfter(doGet(4), 0xdeadbeef, 4);
        const expected = r.sizes[2] === 1 ? 0xdeadbe00 : r.bool ? 1 : 0x100;
        expect(after).toEqual({ value: expected, optlen: r.sizes[2] });
      }

      // f, g. short lengths
      for (let j = 0; j < 3; j++) {
        const size = 1 << j;
        const accepted = r.shortLen || size === 4;
        const setResult = doSet(intBuffer(1, 4), size);
        const getResult = doGet(size);
        let expectedValue = r.values[j] !== 0 ? r.values[j] : 0xdeadbeef;
        if (accepted && r.values[j] === 0) {
          const keep = 8 * (r.sizes[j] ?? 0);
          expectedValue = keep >= 32 ? 1 : ((0xdeadbeef & ~((1 << keep) - 1)) | 1) >>> 0;
        }
        expect(setResult.ok, `set len ${size}`).toBe(accepted);
        expect(getResult.ok, `get len ${size}`).toBe(accepted);
        if (!accepted) {
          expect(setResult).toMatchObject({ code: WSA_ERRORS.WSAEFAULT });
          expect(getResult).toMatchObject({ code: WSA_ERRORS.WSAEFAULT });
        }
        expect(memoryAfter(getResult, 0xdeadbeef, size), `len ${size}`).toEqual({
          value: expectedValue,
          optlen: r.sizes[j],
        });
      }
    });
  }
});
