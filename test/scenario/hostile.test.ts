/**
 * Hostile scenario files (issue 12) end in exit status 2 with a message naming the file, the
 * place and what was expected, or run correctly: never a stack trace.
 */
import { describe, expect, it, vi } from "vitest";
import { runFiles } from "../../src/cli/run.js";
import { MAX_DEPTH } from "../../src/scenario/limits.js";

function run(file: string, text: string) {
  const lines: string[] = [];
  const status = runFiles([file], { out: (l) => lines.push(l), readFile: () => text }, false);
  return { status, text: lines.join("\n") };
}

const scenario = (...steps: unknown[]) => JSON.stringify({ title: "hostile", steps }, null, 1);
const startup = { process: "A", call: "WSAStartup" };
const tcp = {
  process: "A",
  call: "socket",
  args: { af: "AF_INET", type: "SOCK_STREAM", protocol: 0 },
  save: "s",
};

/** The message line of an unusable file: it starts with the file's name. */
function message(text: string, file: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`${file}: `));
  if (line === undefined) throw new Error(`no message for ${file} in:\n${text}`);
  return line;
}

describe("hostile scenario files", () => {
  it("1. a YAML alias bomb is refused at its first alias", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [name, prev] of [..."bcdefg"].map((c, i) => [c, "abcdefg"[i]])) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const { status, text } = run("bomb.yaml", [...levels, "title: x", "steps: []"].join("\n"));
    expect(status).toBe(2);
    expect(message(text, "bomb.yaml")).toMatch(
      /^bomb\.yaml: line 2, column \d+: expected YAML whose aliases expand at most 100 times/,
    );
  });

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"])(
    "2. the call name %s is an unknown call",
    (call) => {
      const { status, text } = run("a.json", scenario({ process: "A", call }));
      expect(status).toBe(2);
      expect(message(text, "a.json")).toContain(
        `step 0 (line 4), field "call": unknown call "${call}"`,
      );
    },
  );

  it.each(["recv", "recvfrom"])("3. %s with len 1e10 and no buf is refused", (call) => {
    const { status, text } = run(
      "a.json",
      scenario(startup, tcp, { process: "A", call, args: { s: "$s", len: 1e10 } }),
    );
    expect(status).toBe(2);
    expect(message(text, "a.json")).toMatch(
      /step 2 \(line \d+\), field "args": argument "len": expected an integer of at most 16777216/,
    );
  });

  it("3. recv with len 1e10 and a real buffer runs: the call is told the length", () => {
    const { status, text } = run(
      "a.json",
      scenario(startup, tcp, {
        process: "A",
        call: "recv",
        args: { s: "$s", buf: "abc", len: 1e10 },
        expect: { ok: false },
      }),
    );
    expect(text).not.toMatch(/^a\.json: /m);
    expect(status).toBe(0);
  });

  it("4. getsockopt with a 1-byte optval and optlen 4 decodes only the byte there is", () => {
    const { status, text } = run(
      "a.json",
      scenario(startup, tcp, {
        process: "A",
        call: "getsockopt",
        args: { s: "$s", level: "SOL_SOCKET", optname: "SO_RCVBUF", optval: "x", optlen: 4 },
        expect: { optval: 120 },
      }),
    );
    expect(text).toContain("getsockopt(4, SOL_SOCKET, SO_RCVBUF, <1 bytes>, &4)");
    expect(status).toBe(0);
  });

  it("5. a step on main after its ExitThread, while another thread lives, runs on a new thread", () => {
    const { status, text } = run(
      "a.json",
      scenario(
        startup,
        { process: "A", thread: "t", call: "WSAGetLastError" },
        { process: "A", call: "ExitThread" },
        {
          process: "A",
          call: "socket",
          args: { af: 2, type: 1, protocol: 0 },
          expect: { ok: true },
        },
      ),
    );
    expect(text).toContain("PASS a.json");
    expect(status).toBe(0);
  });

  it("7. JSON nested deeper than the limit is refused at the bracket that goes too deep", () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    // Depth 4 is args' object; the first "[" of buf, at column 20, is depth 5.
    const text = `{\n "title": "x",\n "steps": [{ "process": "A", "call": "send",\n  "args": { "buf": ${deep} } }]\n}`;
    const result = run("deep.json", text);
    expect(result.status).toBe(2);
    expect(message(result.text, "deep.json")).toBe(
      `deep.json: line 4, column ${20 + MAX_DEPTH - 4}: expected arrays and objects nested at most ${MAX_DEPTH} deep`,
    );
  });

  it("7. YAML nested deeper than the limit is refused with its line", () => {
    const deep = `${"[".repeat(100)}${"]".repeat(100)}`;
    const result = run(
      "deep.yaml",
      `title: x\nsteps:\n  - process: A\n    call: send\n    args: { buf: ${deep} }\n`,
    );
    expect(result.status).toBe(2);
    expect(message(result.text, "deep.yaml")).toMatch(
      /^deep\.yaml: line 5, column \d+: expected arrays and objects nested at most 64 deep$/,
    );
  });

  it.each(["constructor", "__proto__+1", "toString|1"])("8. %s is no constant", (value) => {
    const { status, text } = run(
      "a.json",
      scenario({ process: "A", call: "WSASetLastError", args: { iError: value } }),
    );
    expect(status).toBe(2);
    expect(message(text, "a.json")).toMatch(
      /argument "iError": unknown constant "(constructor|__proto__|toString)"/,
    );
  });

  it("8. a number too big to be finite is refused", () => {
    const { status, text } = run(
      "a.json",
      scenario({ process: "A", call: "WSASetLastError", args: { iError: "9".repeat(400) } }),
    );
    expect(status).toBe(2);
    expect(message(text, "a.json")).toContain('argument "iError": expected a finite number');
  });

  it.each(["constructor", "__proto__", "toString"])(
    "9. an expectation named %s is unusable, not a failure",
    (name) => {
      const text = `{ "title": "x", "steps": [ { "process": "A", "call": "WSAStartup", "expect": { "${name}": 1 } } ] }`;
      const result = run("a.json", text);
      expect(result.status).toBe(2);
      expect(message(result.text, "a.json")).toContain(
        `field "expect.${name}": "WSAStartup" has no output "${name}"`,
      );
    },
  );

  it('9. "save" of an output named constructor is unusable', () => {
    const { status, text } = run(
      "a.json",
      scenario({ process: "A", call: "WSAStartup", save: { x: "constructor" } }),
    );
    expect(status).toBe(2);
    expect(message(text, "a.json")).toContain('has no output parameter "constructor"');
  });

  it.each([
    ["!!binary aGVsbG8=", "tagged tag:yaml.org,2002:binary"],
    ["!!timestamp 2001-12-14", "tagged tag:yaml.org,2002:timestamp"],
    ["!!set { a, b }", "tagged tag:yaml.org,2002:set"],
    ["!!omap [ a: 1 ]", "tagged tag:yaml.org,2002:omap"],
    [".inf", "expected a finite number"],
  ])("10. YAML %s is refused with its line", (value, reason) => {
    const result = run(
      "a.yaml",
      `title: x\nsteps:\n  - process: A\n    call: send\n    args: { buf: ${value} }\n`,
    );
    expect(result.status).toBe(2);
    expect(message(result.text, "a.yaml")).toMatch(/^a\.yaml: line 5, column \d+: /);
    expect(result.text).toContain(reason);
  });

  it("10. a bare date under %YAML 1.1 is refused as a timestamp", () => {
    const result = run(
      "a.yaml",
      "%YAML 1.1\n---\ntitle: x\nsteps:\n  - process: A\n    call: WSAStartup\n    expect: { ret: 2001-12-14 }\n",
    );
    expect(result.status).toBe(2);
    expect(message(result.text, "a.yaml")).toMatch(/^a\.yaml: line 7, column 20: .*timestamp/);
  });

  it("11. YAML warnings are refused, and nothing is printed outside the output", () => {
    const warn = vi.spyOn(process, "emitWarning");
    const error = vi.spyOn(console, "warn");
    try {
      for (const text of ["title: !foo x\nsteps: []\n", "%YAML 1.3\n---\ntitle: x\nsteps: []\n"]) {
        const result = run("a.yaml", text);
        expect(result.status).toBe(2);
        expect(message(result.text, "a.yaml")).toMatch(
          /^a\.yaml: line \d+, column \d+: expected YAML without warnings \((TAG_RESOLVE_FAILED|BAD_DIRECTIVE): /,
        );
      }
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
