/**
 * Misspelt names in scenario files: each is an unusable file (exit 2) naming the step, its line
 * and the nearest known name, instead of a failed expectation or a silently new process.
 */
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cli/run.js";
import { show } from "../../src/cli/show.js";

function run(files: Record<string, string>) {
  const lines: string[] = [];
  const status = runFiles(
    Object.keys(files),
    { out: (l) => lines.push(l), readFile: (p) => files[p] as string },
    false,
  );
  return { status, lines, text: lines.join("\n") };
}

/** A scenario with one step per line, so that step N is on line N + 4. */
function file(...steps: unknown[]): string {
  return `{\n  "title": "t",\n  "steps": [\n${steps.map((s) => `    ${JSON.stringify(s)}`).join(",\n")}\n  ]\n}\n`;
}

const startup = { process: "A", call: "WSAStartup" };
const socket = {
  process: "A",
  call: "socket",
  args: { af: "AF_INET", type: "SOCK_STREAM", protocol: 0 },
  save: "s",
};

describe("names in expect", () => {
  it("stops at a misspelt error constant before the step runs, with the nearest name", () => {
    const { status, lines, text } = run({
      "a.json": file(startup, {
        process: "A",
        call: "closesocket",
        args: { s: 4 },
        expect: { error: "WSAENOTSOKC" },
      }),
    });
    expect(status).toBe(2);
    expect(lines).toContain(
      'a.json: step 1 (line 5), field "expect.error": unknown constant "WSAENOTSOKC" (did you mean "WSAENOTSOCK"?)',
    );
    // Step numbers are the trace's: [0] ran, step 1 did not.
    expect(text).toContain("  [0] A: WSAStartup");
    expect(text).not.toContain("[1]");
  });

  it("checks the values inside the oneOf and not forms of ret", () => {
    const { status, text } = run({
      "a.json": file(startup, {
        process: "A",
        call: "closesocket",
        args: { s: 4 },
        expect: { ret: { oneOf: [0, "SOCKET_EROR"] } },
      }),
    });
    expect(status).toBe(2);
    expect(text).toContain(
      'a.json: step 1 (line 5), field "expect.ret": unknown constant "SOCKET_EROR" (did you mean "SOCKET_ERROR"?)',
    );
  });

  it("shows a failed actual value by name when the expected one is a name", () => {
    const { status, lines } = run({
      "a.json": file(startup, socket, {
        process: "A",
        call: "listen",
        args: { s: "$s" },
        expect: { error: "WSAENOTSOCK" },
      }),
    });
    expect(status).toBe(1);
    expect(lines).toContain("      FAIL error: expected WSAENOTSOCK, got WSAEINVAL (10022)");
  });
});

describe("names of calls, parameters and constants", () => {
  it("reports a misspelt parameter as unknown, not the real one as missing", () => {
    const { status, text } = run({
      "a.json": file(
        startup,
        socket,
        { process: "B", call: "WSAStartup" },
        { process: "A", call: "WSADuplicateSocket", args: { s: "$s", dwProcessID: "@B" } },
      ),
    });
    expect(status).toBe(2);
    expect(text).toContain(
      'a.json: step 3 (line 7), field "args": "WSADuplicateSocket" takes no parameter "dwProcessID" (did you mean "dwProcessId"?)',
    );
  });

  it("names an unknown parameter without a suggestion when none is close", () => {
    const { text } = run({
      "a.json": file({ process: "A", call: "WSAStartup", args: { nonsense: 1 } }),
    });
    expect(text).toContain(
      'a.json: step 0 (line 4), field "args": "WSAStartup" takes no parameter "nonsense"\n',
    );
  });

  it("suggests the nearest call", () => {
    const { text } = run({ "a.json": file({ process: "A", call: "sokcet" }) });
    expect(text).toContain(
      'a.json: step 0 (line 4), field "call": unknown call "sokcet" (did you mean "socket"?)',
    );
  });

  it("suggests the nearest constant in an argument", () => {
    const { text } = run({
      "a.json": file(startup, {
        ...socket,
        args: { af: "AF_INTE", type: "SOCK_STREAM", protocol: 0 },
      }),
    });
    expect(text).toContain(
      'a.json: step 1 (line 5), field "args": argument "af": unknown constant "AF_INTE" (did you mean "AF_INET"?)',
    );
  });
});

describe("@NAME", () => {
  const duplicate = (target: string) => ({
    process: "A",
    call: "WSADuplicateSocket",
    args: { s: "$s", dwProcessId: target },
  });

  it("must name a process an earlier step mentioned", () => {
    const { status, text } = run({
      "a.json": file(startup, socket, { process: "B", call: "WSAStartup" }, duplicate("@b")),
    });
    expect(status).toBe(2);
    expect(text).toContain(
      'a.json: step 3 (line 7), field "args": argument "dwProcessId": "@b" names no process mentioned before (did you mean "@B"?)',
    );
  });

  it("may name the step's own process, and a process an earlier step named", () => {
    const { status } = run({
      "a.json": file(
        startup,
        socket,
        duplicate("@A"),
        { process: "B", call: "WSAStartup" },
        duplicate("@B"),
      ),
    });
    expect(status).toBe(0);
  });

  it("may not name a process only a later step names", () => {
    const { text } = run({
      "a.json": file(startup, socket, duplicate("@B"), { process: "B", call: "WSAStartup" }),
    });
    expect(text).toContain('"@B" names no process mentioned before');
  });
});

describe("the line of the step", () => {
  it("is named for YAML files", () => {
    const yaml =
      "title: t\nsteps:\n  - process: A\n    call: WSAStartup\n  - process: A\n    call: frobnicate\n";
    const { text } = run({ "a.yaml": yaml });
    expect(text).toContain('a.yaml: step 1 (line 5), field "call": unknown call "frobnicate"');
  });

  it("is named for errors in a step's shape", () => {
    const { text } = run({ "a.json": file(startup, { call: "WSAStartup" }) });
    expect(text).toContain('a.json: step 1 (line 5), field "process": expected a process name');
  });

  it("is named by show", async () => {
    const lines: string[] = [];
    const status = await show(
      { file: "a.json", format: "text" },
      {
        out: (l) => lines.push(l),
        readFile: () => file(startup, { process: "A", call: "sokcet" }),
      },
    );
    expect(status).toBe(2);
    expect(lines[0]).toMatch(/^a\.json: step 1 \(line 5\), field "call": unknown call "sokcet"/);
  });
});
