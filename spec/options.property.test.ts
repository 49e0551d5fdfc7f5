/**
 * Property tests for the socket-option rules of spec/rules/options.json: each rule is checked
 * over random sockets, options, lengths and values.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { WSA_ERRORS } from "../src/constants/errors.js";
import {
  ADDRESS_FAMILIES,
  IPV6_LEVEL_OPTIONS as IPV6,
  LEVELS,
  SOL_SOCKET_OPTIONS as SO,
  SOCKET_TYPES,
  SOL_SOCKET,
} from "../src/constants/values.js";
import type { BufferPointer } from "../src/kernel/memory.js";
import { OPTION_TABLE, optionValue } from "../src/kernel/options/index.js";
import { decodeProtocolInfo } from "../src/kernel/protocol-info.js";
import {
  get as engineGet,
  set as engineSet,
  INVALID_BUFFER,
  intBuffer,
  makeThread,
  NULL_BUFFER,
  NULL_INT,
  readBack,
  type TestSocket,
  tcp4,
  tcp6,
  udp4,
  udp6,
} from "../test/kernel/options/harness.js";
import { callsMade, countCalls, runs } from "./support/budget.js";
import { check } from "./support/check.js";
import {
  acceptsValue,
  initialValue,
  type ModelOption,
  modelOption,
  OPTION_MODEL,
  refusal,
} from "./support/option-model.js";
import { rule } from "./support/rule.js";

const { WSAEFAULT, WSAEINVAL, WSAENOPROTOOPT, WSAENOBUFS, WSAENOTCONN } = WSA_ERRORS;

const FACTORIES = [tcp4, udp4, tcp6, udp6];
const socketArb = fc.constantFrom(...FACTORIES).map((make) => make());
const isStream = (s: TestSocket) => s.type === SOCKET_TYPES.SOCK_STREAM;

/** fast-check's default number of runs, scaled by WINSOCK_SIM_PROPERTY_SCALE. */
const BASE_RUNS = 100;

/** setsockopt and getsockopt, each counted as one Winsock call made. */
const set = (...args: Parameters<typeof engineSet>) => {
  countCalls();
  return engineSet(...args);
};
const get = (...args: Parameters<typeof engineGet>) => {
  countCalls();
  return engineGet(...args);
};

afterAll(() => {
  console.log(`option properties: ${callsMade()} random Winsock calls`);
});

type OptionSpec = ModelOption;
const SCALAR = new Set(["bool", "byte", "int"]);
const byName = modelOption;
const rows = (predicate: (row: OptionSpec) => boolean) => OPTION_MODEL.filter(predicate);
const isOpenType = (row: OptionSpec) => row.name === "SO_OPENTYPE";

/** A fresh socket on which the row is not refused for `operation`, if any exists. */
function usableSocket(row: OptionSpec, operation: "get" | "set"): TestSocket | undefined {
  for (const make of FACTORIES) {
    const socket = make();
    if (refusal(row, socket, operation) === undefined) return socket;
  }
  return undefined;
}

/** Scalar rows settable on some socket, with no state-dependent or range-limited value. */
const settableScalars = rows(
  (row) =>
    SCALAR.has(row.shape) &&
    row.access !== "get" &&
    !isOpenType(row) &&
    usableSocket(row, "set") !== undefined,
);
const readableScalars = rows(
  (row) =>
    SCALAR.has(row.shape) &&
    row.access !== "set" &&
    !isOpenType(row) &&
    usableSocket(row, "get") !== undefined,
);
const settableArb = fc.constantFrom(...settableScalars);
const readableArb = fc.constantFrom(...readableScalars);
const natural = (row: OptionSpec) => (row.lengths === "byte" ? 1 : 4);
/** 1 is a value every settable scalar accepts (IP_MTU_DISCOVER takes only 1..3). */
const safeValue = (_row: OptionSpec) => 1;

const uint32 = fc.nat({ max: 0xffffffff });
const KNOWN_LEVELS = new Set<number>(Object.values(LEVELS));

describe("socket options", () => {
  it("the model of spec/support/option-model.ts agrees with the engine's table, row by row", () => {
    const key = (r: { level: number; optname: number }) => `${r.level}/${r.optname}`;
    const engine = new Map(OPTION_TABLE.map((r) => [key(r), r]));
    const model = new Map(OPTION_MODEL.map((r) => [key(r), r]));
    const disagreements: string[] = [];
    for (const k of engine.keys())
      if (!model.has(k)) disagreements.push(`${k}: only in the engine`);
    for (const [k, m] of model) {
      const e = engine.get(k);
      if (e === undefined) {
        disagreements.push(`${k} ${m.name}: only in the model`);
        continue;
      }
      const differs = (field: string, ours: unknown, theirs: unknown) => {
        if (ours !== theirs)
          disagreements.push(`${m.name}.${field}: model ${String(ours)}, engine ${String(theirs)}`);
      };
      differs("name", m.name, e.name);
      differs("access", m.access, e.access);
      differs("shape", m.shape, e.shape);
      differs("lengths", m.lengths, e.lengths);
      differs("maximum", m.maximum, e.maximum);
      differs("structSize", m.structSize, e.structSize);
      if (m.rule !== undefined) differs("rule", m.rule, e.rule);
      if (m.effect !== undefined) differs("effect", m.effect, e.effect);
      for (const v of [0, 1, 2, 3, 4, 5, 255, 256, 0x7fffffff, 0xffffffff]) {
        const engineAccepts =
          (e.maximum === undefined || v <= e.maximum) && (e.accepts?.(v) ?? true);
        differs(`accepts(${v})`, acceptsValue(m, v), engineAccepts);
      }
      for (const make of FACTORIES) {
        const socket = make();
        const kind = `${socket.af}/${socket.type}`;
        for (const operation of ["get", "set"] as const) {
          const ours = refusal(m, socket, operation);
          const theirs = e.refuse?.(socket, operation);
          differs(`refusal(${kind}, ${operation})`, ours?.code, theirs?.code);
          differs(`refusal rule(${kind}, ${operation})`, ours?.rule, theirs?.rule);
        }
        const initial = initialValue(m, socket);
        if (initial !== undefined && refusal(m, socket, "get") === undefined) {
          differs(`initial(${kind})`, initial, optionValue(socket, m.name));
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  rule("OPT-POINTER", "NULL or invalid pointers fault for every option and length", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...OPTION_MODEL),
        socketArb,
        fc.integer({ min: -8, max: 1024 }),
        fc.constantFrom<BufferPointer>(NULL_BUFFER, INVALID_BUFFER),
        (row, socket, optlen, bad) => {
          // SO_UPDATE_CONNECT_CONTEXT reads no value: NULL is its documented argument.
          const readsNothing = row.name === "SO_UPDATE_CONNECT_CONTEXT" && bad === NULL_BUFFER;
          if (!readsNothing)
            expect(set(socket, row.level, row.optname, bad, optlen)).toMatchObject({
              code: WSAEFAULT,
              rule: "OPT-POINTER",
            });
          expect(get(socket, row.level, row.optname, optlen, { buffer: bad })).toMatchObject({
            code: WSAEFAULT,
          });
          expect(
            get(socket, row.level, row.optname, optlen, { optlenPointer: NULL_INT }),
          ).toMatchObject({ code: WSAEFAULT });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-LEVEL-UNKNOWN", "any level outside the known five is WSAEINVAL", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter((l) => !KNOWN_LEVELS.has(l)),
        fc.integer(),
        socketArb,
        (level, optname, socket) => {
          fc.pre(!(level === SOL_SOCKET && optname === SO.SO_OPENTYPE));
          expect(get(socket, level, optname)).toMatchObject({ code: WSAEINVAL });
          expect(set(socket, level, optname, 1)).toMatchObject({ code: WSAEINVAL });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-NAME-UNKNOWN", "an option number without a row is WSAENOPROTOOPT", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_LEVELS),
        fc.integer(),
        socketArb,
        (level, optname, socket) => {
          fc.pre(!OPTION_MODEL.some((row) => row.level === level && row.optname === optname));
          expect(get(socket, level, optname)).toMatchObject({
            code: WSAENOPROTOOPT,
            rule: "OPT-NAME-UNKNOWN",
          });
          expect(set(socket, level, optname, 1)).toMatchObject({ code: WSAENOPROTOOPT });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule(
    "OPT-READ-ONLY",
    "setting a get-only option fails (SO_TYPE on datagram sockets: WSAEINVAL)",
    () =>
      fc.assert(
        fc.property(
          fc.constantFrom(...rows((r) => r.access === "get")),
          socketArb,
          uint32,
          (row, socket, v) => {
            const result = set(socket, row.level, row.optname, v);
            const typeOnDatagram = row.name === "SO_TYPE" && !isStream(socket);
            expect(result).toMatchObject({
              ok: false,
              code: typeOnDatagram ? WSAEINVAL : WSAENOPROTOOPT,
            });
          },
        ),
        runs(BASE_RUNS),
      ),
  );

  rule("OPT-WRITE-ONLY", "reading a set-only option is WSAENOPROTOOPT on every socket", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...rows((r) => r.access === "set")),
        socketArb,
        fc.integer({ min: 1, max: 64 }),
        (row, socket, optlen) => {
          expect(get(socket, row.level, row.optname, optlen)).toMatchObject({
            code: WSAENOPROTOOPT,
            rule: "OPT-WRITE-ONLY",
          });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  const einvalRows = [
    "SO_RCVLOWAT",
    "SO_SNDLOWAT",
    "SO_USELOOPBACK",
    "IP_GET_IFLIST",
    "IPV6_GET_IFLIST",
  ].map(byName);
  rule("OPT-UNSUPPORTED-EINVAL", "the unsupported BSD options and *_GET_IFLIST are WSAEINVAL", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...einvalRows),
        socketArb,
        fc.integer({ min: -1, max: 16 }),
        (row, socket, optlen) => {
          expect(get(socket, row.level, row.optname, optlen)).toMatchObject({ code: WSAEINVAL });
          expect(set(socket, row.level, row.optname, 1, optlen)).toMatchObject({ code: WSAEINVAL });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  const unsupportedRows = [
    "SO_GROUP_PRIORITY",
    "PVD_CONFIG",
    "SO_CONNDATA",
    "SO_CONNOPT",
    "SO_DISCDATA",
    "SO_DISCOPT",
    "SO_CONNDATALEN",
    "SO_CONNOPTLEN",
    "SO_DISCDATALEN",
    "SO_DISCOPTLEN",
  ].map(byName);
  rule("OPT-NOT-SUPPORTED", "options the TCP/IP provider lacks are WSAENOPROTOOPT", () =>
    fc.assert(
      fc.property(fc.constantFrom(...unsupportedRows), socketArb, uint32, (row, socket, v) => {
        expect(get(socket, row.level, row.optname)).toMatchObject({
          code: WSAENOPROTOOPT,
          rule: "OPT-NOT-SUPPORTED",
        });
        expect(set(socket, row.level, row.optname, v)).toMatchObject({ code: WSAENOPROTOOPT });
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-STREAM-ONLY", "SO_LINGER and SO_DONTLINGER exist only on stream sockets", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(SO.SO_LINGER, SO.SO_DONTLINGER),
        socketArb,
        uint32,
        (optname, socket, v) => {
          const getResult = get(socket, SOL_SOCKET, optname);
          const setResult = set(socket, SOL_SOCKET, optname, v);
          if (isStream(socket)) {
            check(getResult.ok && setResult.ok).toBe(true);
          } else {
            expect(getResult).toMatchObject({ code: WSAENOPROTOOPT });
            expect(setResult).toMatchObject({ code: WSAENOPROTOOPT });
          }
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  const datagramRows = rows((r) => refusal(r, tcp4(), "get")?.rule === "OPT-DATAGRAM-ONLY");
  rule("OPT-DATAGRAM-ONLY", "datagram-only IP options are WSAEINVAL on TCP and work on UDP", () =>
    fc.assert(
      fc.property(fc.constantFrom(...datagramRows), fc.constantFrom(tcp4, tcp6), (row, make) => {
        expect(get(make(), row.level, row.optname)).toMatchObject({ code: WSAEINVAL });
        expect(set(make(), row.level, row.optname, 1)).toMatchObject({ code: WSAEINVAL });
        const onUdp = get(udp4(), row.level, row.optname);
        check(onUdp.ok || row.name.endsWith("HDRINCL")).toBe(true);
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-TCP-ONLY", "IPPROTO_TCP options are WSAENOPROTOOPT on UDP sockets", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...rows((r) => r.level === LEVELS.IPPROTO_TCP)),
        fc.constantFrom(udp4, udp6),
        (row, make) => {
          expect(get(make(), row.level, row.optname)).toMatchObject({
            code: WSAENOPROTOOPT,
            rule: "OPT-TCP-ONLY",
          });
          expect(set(make(), row.level, row.optname, 1)).toMatchObject({ code: WSAENOPROTOOPT });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-DONTROUTE-IPV6", "SO_DONTROUTE can be set on AF_INET only", () =>
    fc.assert(
      fc.property(socketArb, uint32, (socket, v) => {
        const result = set(socket, SOL_SOCKET, SO.SO_DONTROUTE, v);
        if (socket.af === 23) expect(result).toMatchObject({ code: WSAENOPROTOOPT });
        else check(result.ok).toBe(true);
      }),
      runs(BASE_RUNS),
    ),
  );

  rule(
    "OPT-V6ONLY-BOUND-IPV4",
    "IPV6_V6ONLY can be set on AF_INET only while unbound, and always read",
    () =>
      fc.assert(
        fc.property(
          socketArb,
          fc.boolean(),
          fc.array(fc.tuple(uint32, fc.integer({ min: 1, max: 8 })), {
            minLength: 1,
            maxLength: 6,
          }),
          (socket, bound, writes) => {
            // Bound by bind or implicitly (connect, sendto): the socket has a local address.
            if (bound)
              socket.net = {
                ...socket.net,
                local: { family: socket.af, address: "0.0.0.0", port: 50000 },
              };
            const refused = bound && socket.af === ADDRESS_FAMILIES.AF_INET;
            let expected = 1;
            for (const [v, optlen] of writes) {
              const result = set(
                socket,
                LEVELS.IPPROTO_IPV6,
                IPV6.IPV6_V6ONLY,
                intBuffer(v, 8),
                optlen,
              );
              if (refused) {
                expect(result).toMatchObject({ code: WSAEINVAL, rule: "OPT-V6ONLY-BOUND-IPV4" });
              } else {
                check(result.ok).toBe(true);
                expected = (v & 0xff) !== 0 ? 1 : 0;
              }
              check(readBack(get(socket, LEVELS.IPPROTO_IPV6, IPV6.IPV6_V6ONLY))).toBe(expected);
            }
          },
        ),
        runs(BASE_RUNS),
      ),
  );

  rule("OPT-NOT-CONNECTED", "path MTU and MSS cannot be read while unconnected", () =>
    fc.assert(
      fc.property(
        fc.constantFrom("IP_MTU", "IPV6_MTU", "TCP_MAXSEG"),
        socketArb,
        fc.integer({ min: 1, max: 64 }),
        (name, socket, optlen) => {
          const row = byName(name);
          fc.pre(row.level !== LEVELS.IPPROTO_TCP || isStream(socket));
          expect(get(socket, row.level, row.optname, optlen)).toMatchObject({ code: WSAENOTCONN });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule(
    "OPT-SET-LENGTH-NEGATIVE",
    "negative optlen: 4-byte SOL_SOCKET options succeed, others WSAENOBUFS",
    () =>
      fc.assert(
        fc.property(settableArb, fc.integer({ min: -(2 ** 31), max: -1 }), (row, optlen) => {
          const socket = usableSocket(row, "set")!;
          const result = set(socket, row.level, row.optname, intBuffer(safeValue(row), 4), optlen);
          if (row.level === SOL_SOCKET && row.lengths !== "byte") check(result.ok).toBe(true);
          else expect(result).toMatchObject({ code: WSAENOBUFS });
        }),
        runs(BASE_RUNS),
      ),
  );

  rule("OPT-SET-LENGTH-ZERO", "optlen 0 works only for the SOL_SOCKET BOOLs", () =>
    fc.assert(
      fc.property(settableArb, fc.integer({ min: 0, max: 255 }), (row, byte) => {
        const socket = usableSocket(row, "set")!;
        const result = set(socket, row.level, row.optname, intBuffer(byte, 4), 0);
        if (row.lengths === "sol-bool") {
          check(result.ok).toBe(true);
          // The first byte is taken (the rule's stated choice): every BOOL reads back as it.
          check(readBack(get(socket, row.level, row.optname))).toBe(byte !== 0 ? 1 : 0);
          // SO_DONTLINGER is stored inverted, as SO_LINGER's l_onoff (OPT-DONTLINGER).
          if (row.name === "SO_DONTLINGER") {
            check(optionValue(socket, "SO_LINGER.l_onoff")).toBe(byte !== 0 ? 0 : 1);
          }
        } else {
          expect(result).toMatchObject({ code: WSAEFAULT });
        }
      }),
      runs(BASE_RUNS),
    ),
  );

  rule(
    "OPT-SET-LENGTH-SHORT",
    "short values are taken by the short classes and fault elsewhere",
    () =>
      fc.assert(
        fc.property(
          settableArb,
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 0, max: 255 }),
          (row, optlen, low) => {
            fc.pre(optlen < natural(row));
            const socket = usableSocket(row, "set")!;
            const value = row.accepted !== undefined ? 1 + (low % 3) : low;
            const result = set(
              socket,
              row.level,
              row.optname,
              intBuffer(value | 0xab00, 4),
              optlen,
            );
            if (["sol-bool", "byte-int"].includes(row.lengths)) {
              const taken = optlen === 1 ? value : value | 0xab00;
              if (row.maximum !== undefined && taken > row.maximum) {
                expect(result).toMatchObject({ code: WSAEINVAL, rule: "OPT-BYTE-RANGE" });
              } else {
                check(result.ok).toBe(true);
                check(optionValue(socket, row.name)).toBe(
                  row.shape === "bool" ? (taken !== 0 ? 1 : 0) : taken,
                );
              }
            } else {
              expect(result).toMatchObject({ code: WSAEFAULT });
            }
          },
        ),
        runs(BASE_RUNS),
      ),
  );

  rule("OPT-SET-LENGTH-LONG", "bytes past the natural size are ignored", () =>
    fc.assert(
      fc.property(settableArb, fc.integer({ min: 0, max: 64 }), uint32, (row, extra, high) => {
        const a = usableSocket(row, "set")!;
        const b = usableSocket(row, "set")!;
        const optlen = natural(row) + extra;
        const long = intBuffer(safeValue(row), Math.max(optlen, 8), high);
        check(set(a, row.level, row.optname, long, optlen).ok).toBe(true);
        check(set(b, row.level, row.optname, safeValue(row), natural(row)).ok).toBe(true);
        expect(a.options).toEqual(b.options);
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-GET-LENGTH-NONPOSITIVE", "getsockopt with optlen <= 0 faults and writes nothing", () =>
    fc.assert(
      fc.property(readableArb, fc.integer({ min: -(2 ** 31), max: 0 }), (row, optlen) => {
        const socket = usableSocket(row, "get")!;
        const result = get(socket, row.level, row.optname, optlen, { buffer: intBuffer(0, 8) });
        expect(result).toMatchObject({ ok: false, code: WSAEFAULT, output: undefined });
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-GET-LENGTH-SHORT", "short reads follow the option's length class", () =>
    fc.assert(
      fc.property(readableArb, fc.integer({ min: 1, max: 3 }), (row, optlen) => {
        fc.pre(optlen < natural(row));
        const socket = usableSocket(row, "get")!;
        const result = get(socket, row.level, row.optname, optlen, { buffer: intBuffer(0, 4) });
        switch (row.lengths) {
          case "sol-bool":
            expect(result).toMatchObject({ ok: true, output: { optlen: 1 } });
            check(result.ok && result.output.optval?.length).toBe(Math.min(optlen, 2));
            break;
          case "byte-int":
            expect(result).toMatchObject({ ok: true, output: { optlen: 1 } });
            break;
          case "zero-fault":
            expect(result).toMatchObject({
              code: WSAEFAULT,
              output: { optval: new Uint8Array(optlen) },
            });
            break;
          case "len-zero":
            expect(result).toMatchObject({ code: WSAEFAULT, output: { optlen: 0 } });
            break;
          default:
            expect(result).toMatchObject({ code: WSAEFAULT, output: undefined });
        }
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-GET-LENGTH-LONG", "a long read writes and reports the natural size", () =>
    fc.assert(
      fc.property(readableArb, fc.integer({ min: 0, max: 1000 }), (row, extra) => {
        const socket = usableSocket(row, "get")!;
        const optlen = natural(row) + extra;
        const result = get(socket, row.level, row.optname, optlen, {
          buffer: intBuffer(0, optlen),
        });
        expect(result).toMatchObject({ ok: true, output: { optlen: natural(row) } });
        check(result.ok && result.output.optval?.length).toBe(natural(row));
      }),
      runs(BASE_RUNS),
    ),
  );

  const boolRows = settableScalars.filter((r) => r.shape === "bool");
  rule("OPT-BOOL", "a BOOL stores any non-zero value as 1", () =>
    fc.assert(
      fc.property(fc.constantFrom(...boolRows), uint32, (row, v) => {
        const socket = usableSocket(row, "set")!;
        check(set(socket, row.level, row.optname, v).ok).toBe(true);
        check(readBack(get(socket, row.level, row.optname))).toBe(v !== 0 ? 1 : 0);
      }),
      runs(BASE_RUNS),
    ),
  );

  const byteRows = settableScalars.filter((r) => r.shape === "byte");
  rule("OPT-BYTE", "one-byte options keep only the first byte, as 0 or 1", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...byteRows),
        uint32,
        fc.integer({ min: 1, max: 16 }),
        (row, v, optlen) => {
          const socket = usableSocket(row, "set")!;
          check(set(socket, row.level, row.optname, intBuffer(v, 16), optlen).ok).toBe(true);
          const result = get(socket, row.level, row.optname, 4, { buffer: intBuffer(0, 4) });
          expect(result).toMatchObject({ ok: true, output: { optlen: 1 } });
          check(readBack(result)).toBe((v & 0xff) !== 0 ? 1 : 0);
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  const intRows = settableScalars.filter(
    (r) => r.shape === "int" && r.maximum === undefined && r.accepted === undefined,
  );
  rule("OPT-INT", "int options read back any 32-bit value unchanged", () =>
    fc.assert(
      fc.property(fc.constantFrom(...intRows), uint32, (row, v) => {
        const socket = usableSocket(row, "set")!;
        check(set(socket, row.level, row.optname, v).ok).toBe(true);
        if (row.access !== "set" && refusal(row, socket, "get") === undefined) {
          check(readBack(get(socket, row.level, row.optname))).toBe(v);
        }
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-BYTE-RANGE", "byte-ranged values above 255 are WSAEINVAL, others round-trip", () =>
    fc.assert(
      fc.property(fc.constantFrom(...rows((r) => r.maximum !== undefined)), uint32, (row, v) => {
        const socket = usableSocket(row, "set")!;
        const result = set(socket, row.level, row.optname, v);
        if (v > 255) expect(result).toMatchObject({ code: WSAEINVAL, rule: "OPT-BYTE-RANGE" });
        else check(readBack(get(socket, row.level, row.optname))).toBe(v);
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-MTU-DISCOVER", "only IP_PMTUDISC_DO, DONT and PROBE are accepted", () =>
    fc.assert(
      fc.property(
        fc.constantFrom("IP_MTU_DISCOVER", "IPV6_MTU_DISCOVER"),
        socketArb,
        fc.oneof(fc.integer({ min: 0, max: 5 }), uint32),
        (name, socket, v) => {
          const row = byName(name);
          check(readBack(get(socket, row.level, row.optname))).toBe(0);
          check(set(socket, row.level, row.optname, v).ok).toBe(acceptsValue(row, v));
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-LINGER", "SO_LINGER keeps both u_short fields as given", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(tcp4, tcp6),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        (make, onoff, seconds) => {
          const socket = make();
          check(
            set(socket, SOL_SOCKET, SO.SO_LINGER, intBuffer(onoff | (seconds << 16)), 4).ok,
          ).toBe(true);
          check(readBack(get(socket, SOL_SOCKET, SO.SO_LINGER))).toBe(
            (onoff | (seconds << 16)) >>> 0,
          );
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  const lingerStep = fc.oneof(
    fc.record({
      kind: fc.constant("linger" as const),
      onoff: fc.integer({ min: 0, max: 0xffff }),
      seconds: fc.integer({ min: 0, max: 0xffff }),
    }),
    fc.record({ kind: fc.constant("dont" as const), value: uint32 }),
  );
  rule("OPT-DONTLINGER", "SO_DONTLINGER is !l_onoff and never changes l_linger", () =>
    fc.assert(
      fc.property(fc.array(lingerStep, { maxLength: 20 }), (steps) => {
        const socket = tcp4();
        let seconds = 0;
        let onoff = 0;
        for (const step of steps) {
          if (step.kind === "linger") {
            set(socket, SOL_SOCKET, SO.SO_LINGER, intBuffer(step.onoff | (step.seconds << 16)), 4);
            ({ onoff, seconds } = step);
          } else {
            set(socket, SOL_SOCKET, SO.SO_DONTLINGER, step.value);
            onoff = step.value !== 0 ? 0 : 1;
          }
          check(readBack(get(socket, SOL_SOCKET, SO.SO_DONTLINGER))).toBe(onoff === 0 ? 1 : 0);
          check(readBack(get(socket, SOL_SOCKET, SO.SO_LINGER))).toBe(
            (onoff | (seconds << 16)) >>> 0,
          );
        }
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-REUSE-EXCLUSIVE", "SO_REUSEADDR and SO_EXCLUSIVEADDRUSE are never both on", () =>
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(SO.SO_REUSEADDR, SO.SO_EXCLUSIVEADDRUSE),
            fc.constantFrom(0, 1, 2, 0x100),
          ),
          { maxLength: 20 },
        ),
        socketArb,
        (steps, socket) => {
          for (const [optname, v] of steps) {
            const other = optname === SO.SO_REUSEADDR ? "SO_EXCLUSIVEADDRUSE" : "SO_REUSEADDR";
            const otherOn = optionValue(socket, other) !== 0;
            const result = set(socket, SOL_SOCKET, optname, v);
            check(result.ok).toBe(v === 0 || !otherOn);
            if (!result.ok)
              expect(result).toMatchObject({ code: WSAEINVAL, rule: "OPT-REUSE-EXCLUSIVE" });
            check(
              optionValue(socket, "SO_REUSEADDR") && optionValue(socket, "SO_EXCLUSIVEADDRUSE"),
            ).toBe(0);
          }
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-SO-ERROR", "SO_ERROR reads back what was set, and reading keeps it", () =>
    fc.assert(
      fc.property(socketArb, uint32, fc.integer({ min: 1, max: 5 }), (socket, v, reads) => {
        check(set(socket, SOL_SOCKET, SO.SO_ERROR, v).ok).toBe(true);
        for (let i = 0; i < reads; i++)
          check(readBack(get(socket, SOL_SOCKET, SO.SO_ERROR))).toBe(v);
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-OPENTYPE", "SO_OPENTYPE is per thread and ignores the socket argument", () =>
    fc.assert(
      fc.property(
        fc.option(socketArb),
        uint32,
        fc.integer({ min: -(2 ** 31), max: -1 }),
        (socket, v, negative) => {
          const thread = makeThread();
          check(set(socket, SOL_SOCKET, SO.SO_OPENTYPE, v, 4, thread).ok).toBe(true);
          check(thread.openType).toBe(v);
          check(readBack(get(socket, SOL_SOCKET, SO.SO_OPENTYPE, 4, { thread }))).toBe(v);
          expect(get(null, SOL_SOCKET, SO.SO_OPENTYPE, negative, { thread })).toMatchObject({
            ok: true,
            output: { optlen: 4 },
          });
          check(readBack(get(null, SOL_SOCKET, SO.SO_OPENTYPE, 4, { thread: makeThread() }))).toBe(
            0,
          );
          if (socket !== null) expect(socket.options).toEqual({});
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule(
    "OPT-PROTOCOL-INFO",
    "the structure is written whole, optlen kept; short buffers get the size",
    () =>
      fc.assert(
        fc.property(
          socketArb,
          fc.constantFrom("A" as const, "W" as const),
          fc.integer({ min: 0, max: 2000 }),
          (socket, charSet, optlen) => {
            const size = charSet === "A" ? 372 : 628;
            const optname = charSet === "A" ? SO.SO_PROTOCOL_INFOA : SO.SO_PROTOCOL_INFOW;
            const result = get(socket, SOL_SOCKET, optname, optlen, {
              buffer: intBuffer(0, Math.max(optlen, size)),
            });
            if (optlen < size) {
              expect(result).toMatchObject({ code: WSAEFAULT, output: { optlen: size } });
            } else {
              expect(result.ok && result.output.optlen).toBeUndefined();
              const info = result.ok
                ? decodeProtocolInfo(result.output.optval ?? new Uint8Array(), charSet)
                : undefined;
              expect(info).toMatchObject({
                iAddressFamily: socket.af,
                iSocketType: socket.type,
                iProtocol: socket.protocol,
              });
            }
          },
        ),
        runs(BASE_RUNS),
      ),
  );

  rule("OPT-BSP-STATE", "SO_BSP_STATE needs room for CSADDR_INFO and two addresses", () =>
    fc.assert(
      fc.property(socketArb, fc.integer({ min: 1, max: 200 }), (socket, optlen) => {
        const required = 40 + 2 * (socket.af === 23 ? 28 : 16);
        const result = get(socket, SOL_SOCKET, SO.SO_BSP_STATE, optlen, {
          buffer: intBuffer(0, 200),
        });
        if (optlen < required) expect(result).toMatchObject({ code: WSAEFAULT, output: undefined });
        else expect(result).toMatchObject({ ok: true, output: { optval: expect.any(Uint8Array) } });
      }),
      runs(BASE_RUNS),
    ),
  );

  const stateRows = rows((r) => r.access === "get" && r.shape === "int" && r.initial !== undefined);
  rule("OPT-STATE", "state options report the socket and cannot be set", () =>
    fc.assert(
      fc.property(fc.constantFrom(...stateRows), socketArb, uint32, (row, socket, v) => {
        check(readBack(get(socket, row.level, row.optname))).toBe(initialValue(row, socket));
        check(set(socket, row.level, row.optname, v).ok).toBe(false);
        expect(socket.options).toEqual({});
      }),
      runs(BASE_RUNS),
    ),
  );

  const defaultRows = rows(
    (r) => r.access !== "set" && r.initial !== undefined && SCALAR.has(r.shape),
  );
  rule("OPT-DEFAULTS", "an option never set reads its default", () =>
    fc.assert(
      fc.property(socketArb, fc.constantFrom(...defaultRows), (socket, row) => {
        fc.pre(refusal(row, socket, "get") === undefined);
        const result = get(socket, row.level, row.optname, 4, { buffer: intBuffer(0, 4) });
        check(readBack(result)).toBe(initialValue(row, socket));
        expect(socket.options).toEqual({});
      }),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-EMPTY-VALUE", "unkept variable-length values read as empty and accept writes", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...rows((r) => r.shape === "empty")),
        fc.integer({ min: 1, max: 256 }),
        (row, optlen) => {
          const socket = usableSocket(row, "get")!;
          expect(
            get(socket, row.level, row.optname, optlen, { buffer: intBuffer(0, optlen) }),
          ).toMatchObject({ ok: true, output: { optlen: 0 } });
          if (row.access !== "get")
            check(set(socket, row.level, row.optname, intBuffer(0, optlen), optlen - 1).ok).toBe(
              true,
            );
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-MEMBERSHIP", "membership structures must be complete and change nothing", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...rows((r) => r.shape === "struct" && r.name.includes("MEMBERSHIP"))),
        fc.integer({ min: -4, max: 40 }),
        (row, optlen) => {
          const socket = udp4();
          const result = set(socket, row.level, row.optname, intBuffer(0, 40), optlen);
          const size = row.structSize ?? 0;
          if (optlen < 0) expect(result).toMatchObject({ code: WSAENOBUFS });
          else if (optlen < size) expect(result).toMatchObject({ code: WSAEFAULT });
          else check(result.ok).toBe(true);
          expect(socket.options).toEqual({});
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  rule("OPT-CONTEXT-UPDATE", "context updates fail without AcceptEx/ConnectEx", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(SO.SO_UPDATE_ACCEPT_CONTEXT, SO.SO_UPDATE_CONNECT_CONTEXT),
        socketArb,
        fc.integer({ min: 0, max: 16 }),
        (optname, socket, optlen) => {
          expect(set(socket, SOL_SOCKET, optname, intBuffer(4, 16), optlen)).toMatchObject({
            ok: false,
            rule: "OPT-CONTEXT-UPDATE",
          });
        },
      ),
      runs(BASE_RUNS),
    ),
  );

  const levelArb = fc.oneof(fc.constantFrom(...KNOWN_LEVELS), fc.integer());
  const optnameArb = fc.oneof(
    fc.constantFrom(...OPTION_MODEL.map((r) => r.optname)),
    fc.integer({ min: -200, max: 0x8000 }),
  );
  const pointerArb = fc.oneof(
    fc.constantFrom<BufferPointer>(NULL_BUFFER, INVALID_BUFFER),
    fc
      .uint8Array({ minLength: 0, maxLength: 12 })
      .map((bytes): BufferPointer => ({ kind: "buffer", bytes })),
  );
  const callArb = fc.record({
    operation: fc.constantFrom("get" as const, "set" as const),
    level: levelArb,
    optname: optnameArb,
    optlen: fc.integer({ min: -2, max: 12 }),
    pointer: pointerArb,
  });
  rule("OPT-FAILED-UNCHANGED", "a failed call changes no option, under any sequence of calls", () =>
    fc.assert(
      fc.property(socketArb, fc.array(callArb, { maxLength: 30 }), (socket, calls) => {
        const thread = makeThread();
        for (const call of calls) {
          const before = { options: { ...socket.options }, openType: thread.openType };
          const result =
            call.operation === "set"
              ? set(socket, call.level, call.optname, call.pointer, call.optlen, thread)
              : get(socket, call.level, call.optname, call.optlen, {
                  buffer: call.pointer,
                  thread,
                });
          if (!result.ok || call.operation === "get") {
            expect({ options: socket.options, openType: thread.openType }).toEqual(before);
          }
          check(
            optionValue(socket, "SO_REUSEADDR") && optionValue(socket, "SO_EXCLUSIVEADDRUSE"),
          ).toBe(0);
        }
      }),
      runs(BASE_RUNS),
    ),
  );
});
