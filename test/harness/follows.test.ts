/** harness/follows.ts: which later differences follow from an earlier one. */
import { describe, expect, it } from "vitest";
import { Consequences, namesSaved, namesUsed } from "../../harness/follows.js";
import type { ObservedStep } from "../../src/oracle/compare.js";
import type { ScenarioStep } from "../../src/scenario/types.js";

const observed = (process: string, ret: unknown, ok = true): ObservedStep => ({
  index: 0,
  process,
  thread: "main",
  call: "x",
  ret: ret as ObservedStep["ret"],
  error: "0",
  blocked: false,
  ok,
  outputs: {},
});

describe("namesUsed and namesSaved", () => {
  it("finds $names anywhere in the arguments, by their base name, and not $$text", () => {
    const args = {
      s: "$s1",
      readfds: ["$s2", 4],
      info: { family: "$info.iAddressFamily" },
      buf: "$$literal",
      other: "@B",
    };
    expect([...namesUsed(args)].sort()).toEqual(["info", "s1", "s2"]);
    expect([...namesUsed(undefined)]).toEqual([]);
  });

  it("reads a save given as a name or as outputs to names", () => {
    expect(namesSaved({ process: "A", call: "socket", save: "s1" })).toEqual(["s1"]);
    expect(
      namesSaved({ process: "A", call: "x", save: { ret: "r", lpProtocolInfo: "i" } }),
    ).toEqual(["r", "i"]);
    expect(namesSaved({ process: "A", call: "x" })).toEqual([]);
  });
});

describe("Consequences", () => {
  const made: ScenarioStep = { process: "A", call: "WSASocket", save: "s5" };
  const uses: ScenarioStep = { process: "A", call: "ioctlsocket", args: { s: "$s5" } };

  it("traces a step that uses a name whose saving step handed on something else", () => {
    const c = new Consequences();
    c.differed(made, observed("A", -1, false), observed("A", "h3"), ["ok", "ret", "error"], {
      index: 4,
      cause: "wine-duplicate-socket",
    });
    expect(c.originOf(uses, observed("A", -1, false), ["ok", "ret", "error"])).toEqual({
      index: 4,
      cause: "wine-duplicate-socket",
    });
    // Another name is not affected.
    expect(c.originOf({ ...uses, args: { s: "$s6" } }, observed("A", -1), ["ok"])).toBeUndefined();
  });

  it("does not trace names after a difference in the last error only", () => {
    const c = new Consequences();
    c.differed(made, observed("A", "h3"), observed("A", "h3"), ["error"], {
      index: 4,
      cause: "x",
    });
    expect(c.originOf(uses, observed("A", 0), ["ok"])).toBeUndefined();
  });

  it("traces the names a step used when its cause says the step changes state", () => {
    const connect: ScenarioStep = { process: "A", call: "connect", args: { s: "$s5", name: "x" } };
    const bind: ScenarioStep = { process: "A", call: "bind", args: { s: "$s5" } };
    const plain = new Consequences();
    plain.differed(connect, observed("A", -1, false), observed("A", -1, false), ["error"], {
      index: 9,
      cause: "c",
    });
    expect(plain.originOf(bind, observed("A", 0), ["ok"])).toBeUndefined();
    const changing = new Consequences();
    changing.differed(
      connect,
      observed("A", -1, false),
      observed("A", -1, false),
      ["error"],
      { index: 9, cause: "c" },
      true,
    );
    expect(changing.originOf(bind, observed("A", 0), ["ok"])).toEqual({ index: 9, cause: "c" });
  });

  it("names a saved name's origin for the verdict to take first, not a name a cause only marked", () => {
    const connect: ScenarioStep = { process: "A", call: "connect", args: { s: "$s6", name: "x" } };
    const c = new Consequences();
    c.differed(made, observed("A", -1, false), observed("A", "h3"), ["ok", "ret"], {
      index: 4,
      cause: "wine-no-af-unix",
    });
    c.differed(
      connect,
      observed("A", 0),
      observed("A", -1, false),
      ["ok", "ret"],
      { index: 7, cause: "c" },
      true,
    );
    expect(c.savedOriginOf(uses)).toEqual({ index: 4, cause: "wine-no-af-unix" });
    // $s6 differs only in state: a cause's matcher is tried first there.
    expect(c.savedOriginOf({ ...uses, args: { s: "$s6" } })).toBeUndefined();
    expect(c.originOf({ ...uses, args: { s: "$s6" } }, observed("A", 0), ["ok"])).toEqual({
      index: 7,
      cause: "c",
    });
  });

  it("traces the other handle numbers of the process where a handle was made on one side only", () => {
    const c = new Consequences();
    c.differed(made, observed("A", -1, false), observed("A", "h3"), ["ok", "ret"], {
      index: 4,
      cause: "c",
    });
    const socket: ScenarioStep = { process: "A", call: "socket", save: "s9" };
    expect(c.originOf(socket, observed("A", "h3"), ["ret"])).toEqual({ index: 4, cause: "c" });
    // Only a ret that is a symbolic handle, only in that process, only when ret alone differs.
    expect(c.originOf(socket, observed("A", 5), ["ret"])).toBeUndefined();
    expect(c.originOf({ ...socket, process: "B" }, observed("B", "h3"), ["ret"])).toBeUndefined();
    expect(c.originOf(socket, observed("A", "h3"), ["ret", "error"])).toBeUndefined();
  });
});
