/**
 * shutdown and ioctlsocket (src/kernel/calls/shutdown.ts): the rule each refusal cites, and
 * FIONBIO while a WSAEventSelect registration is in force. Written to kill the mutants that
 * survived the mutation run of src/kernel/calls (docs/mutation/calls-sockets-bind-duplicate.md).
 */
import { describe, expect, it } from "vitest";
import {
  FD_READ,
  FIONBIO,
  FIONREAD,
  intRef,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { expectError, pair, tcp, world } from "../../net/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { WSAEFAULT, WSAEINVAL, WSAEOPNOTSUPP } = WSA_ERRORS;

/** The last call cited every rule of `ids`, and only catalogue rules. */
function cites(t: WinsockThread, ...ids: string[]): readonly string[] {
  const rules = t.last?.rules ?? [];
  for (const id of ids) expect(rules).toContain(id);
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  return rules;
}

describe("shutdown (NET-SHUTDOWN)", () => {
  it("an unknown how is WSAEINVAL citing NET-SHUTDOWN", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    expectError(a, a.shutdown(client, 3), WSAEINVAL);
    cites(a, "NET-SHUTDOWN");
  });
});

describe("ioctlsocket (NET-IOCTL, EVT-NONBLOCKING)", () => {
  it("an unknown command, a bad argp and a success each cite NET-IOCTL", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expectError(a, a.ioctlsocket(s, 0x1234, intRef(0)), WSAEOPNOTSUPP);
    cites(a, "NET-IOCTL");
    expectError(a, a.ioctlsocket(s, FIONREAD, null), WSAEFAULT);
    cites(a, "NET-IOCTL");
    expect(a.ioctlsocket(s, FIONREAD, intRef(-1))).toBe(0);
    cites(a, "NET-IOCTL");
  });

  it("while WSAEventSelect is in force FIONBIO 1 succeeds and FIONBIO 0 is WSAEINVAL citing EVT-NONBLOCKING", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    expect(a.WSAEventSelect(s, a.WSACreateEvent(), FD_READ)).toBe(0);
    expect(a.ioctlsocket(s, FIONBIO, intRef(1))).toBe(0);
    cites(a, "NET-IOCTL", "DESC-SHARED-STATE");
    expectError(a, a.ioctlsocket(s, FIONBIO, intRef(0)), WSAEINVAL);
    cites(a, "EVT-NONBLOCKING");
  });
});
