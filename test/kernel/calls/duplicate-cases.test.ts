/**
 * WSADuplicateSocket and the WSASocket that claims its structure (src/kernel/calls/duplicate.ts):
 * the rule each answer cites, which rule a structure that is no longer (or never was) valid
 * cites, and WSA_FLAG_NO_HANDLE_INHERIT on the claimed descriptor. Written to kill the mutants
 * that survived the mutation run of src/kernel/calls (docs/mutation/calls-sockets-bind-duplicate.md).
 */
import { describe, expect, it } from "vitest";
import {
  FROM_PROTOCOL_INFO,
  INVALID_POINTER,
  INVALID_SOCKET,
  type WinsockThread,
  WSA_ERRORS,
  WSA_FLAGS,
} from "../../../src/index.js";
import { expectError, tcp, world } from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const FPI = FROM_PROTOCOL_INFO;
const { WSAEFAULT, WSAEINVAL } = WSA_ERRORS;

/** The last call cited every rule of `ids`, and only catalogue rules. */
function cites(t: WinsockThread, ...ids: string[]): readonly string[] {
  const rules = t.last?.rules ?? [];
  for (const id of ids) expect(rules).toContain(id);
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

/** The rule of the last call's failure: the last one it cites. */
function failureRule(t: WinsockThread): string | undefined {
  const rules = t.last?.rules ?? [];
  return rules[rules.length - 1];
}

function setProviderReserved(info: Uint8Array, id: number): Uint8Array {
  const copy = info.slice();
  new DataView(copy.buffer).setUint32(112, id, true);
  return copy;
}

describe("WSADuplicateSocket citations (DUP-CHECK-ORDER, DUP-PENDING-REF, LIFE-REFCOUNT, DUP-INFO)", () => {
  it("a success cites all four; a bad process id and a bad pointer cite DUP-CHECK-ORDER", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const s = tcp(a);
    expect(a.WSADuplicateSocketW(s, b.pid, new Uint8Array(628))).toBe(0);
    cites(a, "DUP-CHECK-ORDER", "DUP-PENDING-REF", "LIFE-REFCOUNT", "DUP-INFO");
    expectError(a, a.WSADuplicateSocketW(s, 0, new Uint8Array(628)), WSAEINVAL);
    cites(a, "DUP-CHECK-ORDER");
    expectError(a, a.WSADuplicateSocketW(s, b.pid, INVALID_POINTER), WSAEFAULT);
    cites(a, "DUP-CHECK-ORDER");
  });
});

describe("WSASocket with a duplicated structure (DUP-SINGLE-USE, DUP-INFO-CHECK, DUP-TARGET-ONLY)", () => {
  it("a claim cites DUP-SINGLE-USE, DUP-TARGET-ONLY and DESC-SHARED-STATE", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const info = new Uint8Array(628);
    expect(a.WSADuplicateSocketW(tcp(a), b.pid, info)).toBe(0);
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 0)).not.toBe(INVALID_SOCKET);
    cites(b, "DUP-SINGLE-USE", "DUP-TARGET-ONLY", "DESC-SHARED-STATE");
  });

  it("a structure used already cites DUP-SINGLE-USE; one never issued cites DUP-INFO-CHECK", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const info = new Uint8Array(628);
    expect(a.WSADuplicateSocketW(tcp(a), b.pid, info)).toBe(0);
    expect(b.WSASocketW(FPI, FPI, FPI, info, 0, 0)).not.toBe(INVALID_SOCKET);
    expectError(b, b.WSASocketW(FPI, FPI, FPI, info, 0, 0), WSAEINVAL);
    cites(b, "DUP-SINGLE-USE");
    expect(failureRule(b)).toBe("DUP-SINGLE-USE");
    // The next identifier the kernel would issue, and one far beyond it: never issued.
    for (const id of [sim.state.nextDuplicationId, 0x7fffffff]) {
      expectError(b, b.WSASocketW(FPI, FPI, FPI, setProviderReserved(info, id), 0, 0), WSAEINVAL);
      cites(b, "DUP-INFO-CHECK");
      expect(failureRule(b)).toBe("DUP-INFO-CHECK");
    }
  });

  it("another process's use cites DUP-TARGET-ONLY; an altered structure cites DUP-INFO-CHECK", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const info = new Uint8Array(628);
    expect(a.WSADuplicateSocketW(tcp(a), b.pid, info)).toBe(0);
    expectError(a, a.WSASocketW(FPI, FPI, FPI, info, 0, 0), WSAEINVAL);
    cites(a, "DUP-TARGET-ONLY");
    expect(failureRule(a)).toBe("DUP-TARGET-ONLY");
    const altered = info.slice();
    new DataView(altered.buffer).setInt32(88, 2, true); // iSocketType: SOCK_DGRAM
    expectError(b, b.WSASocketW(FPI, FPI, FPI, altered, 0, 0), WSAEINVAL);
    cites(b, "DUP-INFO-CHECK");
    expect(failureRule(b)).toBe("DUP-INFO-CHECK");
  });

  it("WSA_FLAG_NO_HANDLE_INHERIT makes the claimed descriptor non-inheritable (SOCK-OVERLAPPED)", () => {
    const { sim, t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const s = tcp(a);
    const claim = (flags: number): number => {
      const info = new Uint8Array(628);
      expect(a.WSADuplicateSocketW(s, b.pid, info)).toBe(0);
      const d = b.WSASocketW(FPI, FPI, FPI, info, 0, flags);
      expect(d).not.toBe(INVALID_SOCKET);
      return d;
    };
    const plain = claim(0);
    const closed = claim(WSA_FLAGS.WSA_FLAG_NO_HANDLE_INHERIT);
    const handles = sim.view().processes.find((p) => p.pid === b.pid)?.handles ?? [];
    expect(handles.find((h) => h.value === plain)).toMatchObject({ inheritable: true });
    expect(handles.find((h) => h.value === closed)).toMatchObject({ inheritable: false });
  });
});
