/**
 * AF_UNIX paths and SOCKADDR_UN (src/kernel/net/paths.ts, sockaddr-un.ts): namelen ends the path
 * when no NUL comes first, closing an accepted socket leaves its listener's path alone, the path
 * table's owner while the socket lives and after, and the helpers' contracts. Written for the
 * mutants that survived the mutation run of the issue 15 code (docs/mutation/issue15-code.md).
 */
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_UNIX,
  formatSockaddr,
  INVALID_SOCKET,
  intRef,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
} from "../../src/index.js";
import {
  encodeSockaddrUn,
  isUnix,
  parseUnixEndpoint,
  UNNAMED,
} from "../../src/kernel/net/sockaddr-un.js";
import { socketOf, world } from "./helpers.js";

const SIZE = 110;

function unixSocket(t: WinsockThread): number {
  const s = t.socket(AF_UNIX, SOCK_STREAM, 0);
  expect(s).not.toBe(INVALID_SOCKET);
  return s;
}

function nameOf(t: WinsockThread, s: number): string | undefined {
  const buf = new Uint8Array(SIZE);
  const len = intRef(SIZE);
  expect(t.getsockname(s, buf, len)).toBe(0);
  return formatSockaddr(buf, len.value);
}

describe("the path of a SOCKADDR_UN (NET-UNIX-ADDRESS)", () => {
  it("ends at namelen when no NUL comes before it", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = unixSocket(a);
    // sun_path holds "/abcxyz" and its NUL; namelen takes only "/abc".
    expect(a.bind(s, sockaddr("unix:/abcxyz"), 2 + 4)).toBe(0);
    expect(nameOf(a, s)).toBe("unix:/abc");
  });
});

describe("the path table (NET-UNIX-BIND, NET-UNIX-PATH-STAYS, NET-UNIX-CONNECT)", () => {
  it("closing an accepted socket leaves its listener listening at the path", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const listening = unixSocket(b);
    expect(b.bind(listening, sockaddr("unix:/srv"), SIZE)).toBe(0);
    expect(b.listen(listening, 5)).toBe(0);
    const first = unixSocket(a);
    expect(a.connect(first, sockaddr("unix:/srv"), SIZE)).toBe(0);
    const accepted = b.accept(listening, null, null) as number;
    expect(accepted).not.toBe(INVALID_SOCKET);
    // The accepted socket is named by the listener's path, which it never claimed.
    expect(nameOf(b, accepted)).toBe("unix:/srv");
    expect(b.closesocket(accepted)).toBe(0);
    const second = unixSocket(a);
    expect(a.connect(second, sockaddr("unix:/srv"), SIZE)).toBe(0);
  });

  it("names the bound socket while it lives, and nobody (null) once it is closed", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const s = unixSocket(a);
    const id = socketOf(a, s).id;
    expect(a.bind(s, sockaddr("unix:/left"), SIZE)).toBe(0);
    expect(sim.state.ports.unix).toEqual({ "/left": id });
    expect(a.closesocket(s)).toBe(0);
    expect(sim.state.ports.unix).toEqual({ "/left": null });
  });
});

describe("the SOCKADDR_UN helpers", () => {
  it("isUnix is true for AF_UNIX endpoints only", () => {
    expect(isUnix(UNNAMED)).toBe(true);
    expect(isUnix({ family: AF_UNIX, address: "/p", port: 0 })).toBe(true);
    expect(isUnix({ family: AF_INET, address: "127.0.0.1", port: 80 })).toBe(false);
  });

  it("encodeSockaddrUn refuses a path that does not fit sun_path (kernel invariant)", () => {
    const long = "/".padEnd(108, "x");
    expect(() => encodeSockaddrUn({ family: AF_UNIX, address: long, port: 0 })).toThrow(
      `kernel invariant: unix path too long: ${long}`,
    );
  });

  it('parseUnixEndpoint reads "unix:" text only', () => {
    expect(parseUnixEndpoint("unix:/p")).toEqual({ family: AF_UNIX, address: "/p", port: 0 });
    expect(parseUnixEndpoint("127.0.0.1:80")).toBeUndefined();
    expect(parseUnixEndpoint("/tmp/unix:x")).toBeUndefined();
  });
});
