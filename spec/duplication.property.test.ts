/**
 * A WSAPROTOCOL_INFO from WSADuplicateSocket, altered in one field (or one bit of any byte)
 * before the target's WSASocket: every field of the A and W structures is tried, and the answer
 * is the decided behaviour of support/sharing-model.ts (Import): a zero dwProviderReserved makes
 * a new socket from the structure's family, type and protocol if dwCatalogEntryId names a catalog
 * entry (else WSAEINVAL; the structure is also tried all zero); otherwise dwProviderReserved names
 * a duplication, which must be pending, meant for the caller, and agree on provider id, catalog
 * entry, family, type and protocol (else WSAEINVAL); every other field is ignored.
 */
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import {
  AF_INET,
  AF_INET6,
  FROM_PROTOCOL_INFO,
  INVALID_SOCKET,
  kernel,
  Simulation,
  SOCK_DGRAM,
  SOCK_STREAM,
  WinsockThread,
  WSA_ERRORS,
  WSA_FLAGS,
  WSADATA,
} from "../src/index.js";
import { callsMade, countWinsockCalls, runs, setup } from "./support/budget.js";
import { check } from "./support/check.js";
import { rule } from "./support/rule.js";
import { PROTOCOL_INFO_FIELDS } from "./support/sharing-model.js";

countWinsockCalls(WinsockThread);

afterAll(() => {
  console.log(`duplication properties: ${callsMade()} Winsock calls made (setup excluded)`);
});

const KINDS = [
  [AF_INET, SOCK_STREAM],
  [AF_INET, SOCK_DGRAM],
  [AF_INET6, SOCK_STREAM],
  [AF_INET6, SOCK_DGRAM],
] as const;

/** The byte ranges compared with the named duplication's socket (DUP-INFO-CHECK). */
const CHECKED: readonly (readonly [number, number])[] = [
  [20, 40],
  [76, 80],
  [88, 96],
];
const RESERVED = 112;
const CATALOG_ENTRY_ID = 36;
/** The catalog entries of a default Windows 10/11 TCP/IP installation (MSAFD Tcpip). */
const CATALOG_IDS = [1001, 1002, 1003, 1004, 1005, 1006];

const u32 = (bytes: Uint8Array, offset: number) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);

function kernelSocket(sim: Simulation, t: WinsockThread, s: number): number | undefined {
  const entry = kernel.trieGet(kernel.findProcess(sim.state, t.pid)!.handles, s / 4);
  return entry?.kind === "socket" ? entry.socket : undefined;
}

type Alteration =
  | { readonly kind: "field"; readonly field: number; readonly value: number }
  | { readonly kind: "bit"; readonly field: number; readonly byte: number; readonly bit: number }
  | { readonly kind: "reserved"; readonly of: "zero" | "second" | "elsewhere" }
  /** Every byte zero: what a failed WSADuplicateSocket leaves in the caller's buffer. */
  | { readonly kind: "zeroed" };

const alterationArb: fc.Arbitrary<Alteration> = fc.oneof(
  fc.record({
    kind: fc.constant("field" as const),
    field: fc.nat({ max: PROTOCOL_INFO_FIELDS.length - 1 }),
    value: fc.oneof(fc.constantFrom(0, 1, 2, 3, 6, 17, 23, 1001, 0xffffffff), fc.nat()),
  }),
  fc.record({
    kind: fc.constant("bit" as const),
    field: fc.nat({ max: PROTOCOL_INFO_FIELDS.length - 1 }),
    byte: fc.nat({ max: 15 }),
    bit: fc.nat({ max: 7 }),
  }),
  fc.record({
    kind: fc.constant("reserved" as const),
    of: fc.constantFrom("zero" as const, "second" as const, "elsewhere" as const),
  }),
  fc.constant<Alteration>({ kind: "zeroed" }),
);

describe("an altered WSAPROTOCOL_INFO", () => {
  rule(
    ["DUP-INFO-CHECK", "DUP-TARGET-ONLY", "SOCK-FROM-INFO"],
    "every field altered: WSAEINVAL, the named socket or a new one, as decided",
    () => {
      fc.assert(
        fc.property(
          fc.nat({ max: 3 }),
          fc.nat({ max: 3 }),
          fc.boolean(),
          alterationArb,
          (kind, secondKind, wide, alteration) => {
            const built = setup(() => {
              const sim = new Simulation();
              const [a, b] = ["A", "B"].map((n) => {
                const t = sim.createProcess(n).main;
                check(t.WSAStartup(0x0202, new WSADATA())).toBe(0);
                return t;
              }) as [WinsockThread, WinsockThread];
              const duplicate = (k: number, to: WinsockThread) => {
                const [af, type] = KINDS[k] as readonly [number, number];
                const s = a.socket(af, type, 0);
                const bytes = new Uint8Array(wide ? 628 : 372);
                const ret = wide
                  ? a.WSADuplicateSocketW(s, to.pid, bytes)
                  : a.WSADuplicateSocketA(s, to.pid, bytes);
                check(ret).toBe(0);
                return { socket: kernelSocket(sim, a, s), bytes, target: to };
              };
              // The structure altered, a second one for B, and one meant for A itself.
              const infos = [duplicate(kind, b), duplicate(secondKind, b), duplicate(kind, a)];
              return { sim, b, infos };
            });
            const { sim, b, infos } = built;
            const [first, second, elsewhere] = infos as [
              (typeof infos)[0],
              (typeof infos)[0],
              (typeof infos)[0],
            ];
            const bytes = first.bytes.slice();
            const view = new DataView(bytes.buffer);
            if (alteration.kind === "field") {
              const [, offset, size] = PROTOCOL_INFO_FIELDS[alteration.field] as readonly [
                string,
                number,
                number,
              ];
              for (let i = 0; i < Math.min(size, 4); i++)
                bytes[offset + i] = (alteration.value >>> (8 * i)) & 0xff;
            } else if (alteration.kind === "bit") {
              const [, offset, size] = PROTOCOL_INFO_FIELDS[alteration.field] as readonly [
                string,
                number,
                number,
              ];
              const at = offset + (alteration.byte % size);
              bytes[at] = (bytes[at] as number) ^ (1 << alteration.bit);
            } else if (alteration.kind === "zeroed") {
              bytes.fill(0);
            } else {
              const to = { zero: 0, second: u32(second.bytes, RESERVED), elsewhere: 0 };
              to.elsewhere = u32(elsewhere.bytes, RESERVED);
              view.setUint32(RESERVED, to[alteration.of], true);
            }

            const fpi = FROM_PROTOCOL_INFO;
            const flags = WSA_FLAGS.WSA_FLAG_OVERLAPPED;
            const s = wide
              ? b.WSASocketW(fpi, fpi, fpi, bytes, 0, flags)
              : b.WSASocketA(fpi, fpi, fpi, bytes, 0, flags);

            const reserved = u32(bytes, RESERVED);
            const named = infos.find((info) => u32(info.bytes, RESERVED) === reserved);
            if (reserved === 0 && !CATALOG_IDS.includes(u32(bytes, CATALOG_ENTRY_ID))) {
              // Not a duplication, and no catalog entry named: invalid contents (SOCK-FROM-INFO).
              check(s).toBe(INVALID_SOCKET);
              check(b.WSAGetLastError()).toBe(WSA_ERRORS.WSAEINVAL);
            } else if (reserved === 0) {
              // Not a duplication: a new socket, and the duplication is still pending.
              check(s).not.toBe(INVALID_SOCKET);
              const made = kernelSocket(sim, b, s);
              expect(infos.map((info) => info.socket)).not.toContain(made);
            } else if (
              named !== undefined &&
              named.target === b &&
              CHECKED.every(([from, to]) =>
                bytes.subarray(from, to).every((x, i) => x === named.bytes[from + i]),
              )
            ) {
              check(s).not.toBe(INVALID_SOCKET);
              check(kernelSocket(sim, b, s)).toBe(named.socket);
              // Used once: the same structure again fails.
              const again = wide
                ? b.WSASocketW(fpi, fpi, fpi, bytes, 0, flags)
                : b.WSASocketA(fpi, fpi, fpi, bytes, 0, flags);
              check(again).toBe(INVALID_SOCKET);
              check(b.WSAGetLastError()).toBe(WSA_ERRORS.WSAEINVAL);
              return;
            } else {
              check(s).toBe(INVALID_SOCKET);
              check(b.WSAGetLastError()).toBe(WSA_ERRORS.WSAEINVAL);
            }
            // Whatever happened, the unaltered structure still imports its socket.
            const original = wide
              ? b.WSASocketW(fpi, fpi, fpi, first.bytes, 0, flags)
              : b.WSASocketA(fpi, fpi, fpi, first.bytes, 0, flags);
            check(kernelSocket(sim, b, original)).toBe(first.socket);
          },
        ),
        runs(1500),
      );
    },
  );
});
