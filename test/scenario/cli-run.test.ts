/** winsock-sim run: exit statuses, messages that name the file and place, and the JSON trace. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cli/run.js";

const root = join(import.meta.dirname, "..", "..");

function run(files: Record<string, string>, json = false) {
  const lines: string[] = [];
  const status = runFiles(
    Object.keys(files),
    {
      out: (l) => lines.push(l),
      readFile: (p) => {
        const text = files[p];
        if (text === undefined) throw new Error("no such file");
        return text;
      },
    },
    json,
  );
  return { status, text: lines.join("\n") };
}

const good = JSON.stringify({
  title: "startup",
  steps: [
    { process: "A", call: "WSAStartup", args: { wVersionRequested: "0x0202" }, expect: { ret: 0 } },
  ],
});

describe("winsock-sim run", () => {
  it("passes, with the closing count line", () => {
    const { status, text } = run({ "a.json": good });
    expect(status).toBe(0);
    expect(text).toMatch(/^1 passed, 0 failed$/m);
  });

  it("exits 1 when an expectation fails, saying what was expected and got", () => {
    const bad = JSON.stringify({
      title: "t",
      steps: [
        { process: "A", call: "closesocket", args: { s: 4 }, expect: { error: "WSAEINVAL" } },
      ],
    });
    const { status, text } = run({ "a.json": good, "b.json": bad });
    expect(status).toBe(1);
    expect(text).toContain("error: expected WSAEINVAL, got WSANOTINITIALISED (10093)");
    expect(text).toMatch(/^1 passed, 1 failed$/m);
  });

  it("exits 2 for unusable files, naming file and place, and still runs the others", () => {
    const cases: Record<string, string> = {
      "json.json": '{ "title": "x",\n  "steps": [ oops ] }',
      "call.json": JSON.stringify({ title: "x", steps: [{ process: "A", call: "frobnicate" }] }),
      "const.json": JSON.stringify({
        title: "x",
        steps: [{ process: "A", call: "socket", args: { af: "AF_NOPE", type: 1, protocol: 6 } }],
      }),
      "kind.json": JSON.stringify({
        title: "x",
        steps: [{ process: "A", call: "bind", args: { s: 4, name: 42 } }],
      }),
      "name.json": JSON.stringify({
        title: "x",
        steps: [{ process: "A", call: "closesocket", args: { s: "$missing" } }],
      }),
      "shape.json": JSON.stringify({ title: "x", steps: [{ call: "socket" }] }),
      "good.json": good,
    };
    const { status, text } = run(cases);
    expect(status).toBe(2);
    expect(text).toContain("json.json: line 2, column");
    expect(text).toContain('call.json: step 0 (line 1), field "call": unknown call "frobnicate"');
    expect(text).toContain(
      'const.json: step 0 (line 1), field "args": argument "af": unknown constant "AF_NOPE"',
    );
    expect(text).toContain('kind.json: step 0 (line 1), field "args": argument "name"');
    expect(text).toContain('"$missing" was never saved');
    expect(text).toContain('shape.json: step 0 (line 1), field "process"');
    expect(text).toMatch(/^1 passed, 6 failed$/m);
  });

  it("prints a JSON trace with --json", () => {
    const { status, text } = run({ "a.json": good }, true);
    expect(status).toBe(0);
    const trace = JSON.parse(text);
    expect(trace.passed).toBe(1);
    expect(trace.scenarios[0].steps[0]).toMatchObject({ call: "WSAStartup", ret: 0, ok: true });
    expect(trace.scenarios[0].steps[0].expectations[0]).toMatchObject({ name: "ret", held: true });
  });

  it("prints each step as its call with the arguments, constants by name", () => {
    const options = JSON.stringify({
      title: "options",
      steps: [
        { process: "A", call: "WSAStartup" },
        {
          process: "A",
          call: "socket",
          args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
          save: "s",
        },
        { process: "A", call: "WSAGetLastError" },
        {
          process: "A",
          call: "setsockopt",
          args: { s: "$s", level: "SOL_SOCKET", optname: "SO_SNDBUF", optval: 4096 },
          expect: { ret: 0 },
        },
        {
          process: "A",
          call: "setsockopt",
          args: { s: "$s", level: "IPPROTO_TCP", optname: "TCP_NODELAY", optval: 1 },
        },
        { process: "A", call: "shutdown", args: { s: "$s", how: "SD_SEND" } },
      ],
    });
    const lines = run({ "o.json": options }).text.split("\n");
    expect(lines).toContain("  [2] A: WSAGetLastError() = 0  ");
    expect(lines).toContain(
      "  [3] A: setsockopt(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4) = 0  DESC-SHARED-STATE OPT-SET-LENGTH-LONG OPT-INT",
    );
    expect(lines).toContain("      ok   ret = 0");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}\[4\] A: setsockopt\(4, IPPROTO_TCP, TCP_NODELAY, <4 bytes>, 4\) = 0 {2}\S/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}\[5\] A: shutdown\(4, SD_SEND\) = -1, WSAENOTCONN {2}\S/),
    );
    const steps = JSON.parse(run({ "o.json": options }, true).text).scenarios[0].steps;
    expect(steps.map((s: { text: string }) => s.text)).toEqual([
      "WSAStartup(0x0202, <WSADATA>)",
      "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)",
      "WSAGetLastError()",
      "setsockopt(4, SOL_SOCKET, SO_SNDBUF, <4 bytes>, 4)",
      "setsockopt(4, IPPROTO_TCP, TCP_NODELAY, <4 bytes>, 4)",
      "shutdown(4, SD_SEND)",
    ]);
  });

  it("prints what docs/scenario-format.md shows for its complete example", () => {
    const doc = readFileSync(join(root, "docs", "scenario-format.md"), "utf8");
    const example = /## A complete example\s+```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const shown = /```console\n\$ npx winsock-sim run hello.json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(shown).toBeDefined();
    expect(run({ "hello.json": example ?? "" }).text).toBe(shown);
    const steps = JSON.parse(run({ "hello.json": example ?? "" }, true).text).scenarios[0].steps;
    const documented = /"text": ("[^"]*")/.exec(doc)?.[1];
    expect(documented).toBeDefined();
    expect(steps.at(-1).text).toBe(JSON.parse(documented ?? "null"));
  });

  it("prints the lines the README shows for the first shipped example", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const shown = /the run ends with `N passed, N failed`:\n\n```\n([\s\S]*?)\n```/.exec(
      readme,
    )?.[1];
    expect(shown).toBeDefined();
    const file = join(root, "examples", "scenarios", "option-seen-through-duplicate.json");
    const { text } = run({ [file]: readFileSync(file, "utf8") });
    expect(text).toContain(shown);
  });

  it("runs blocking calls through await", () => {
    const blocking = JSON.stringify({
      title: "a refused connect blocks for two virtual seconds",
      steps: [
        { process: "A", call: "WSAStartup" },
        {
          process: "A",
          call: "socket",
          args: { af: "AF_INET", type: "SOCK_STREAM", protocol: 0 },
          save: "s",
        },
        {
          process: "A",
          call: "connect",
          args: { s: "$s", name: "127.0.0.1:9" },
          expect: { blocked: true },
        },
        { process: "A", call: "await", expect: { ret: "SOCKET_ERROR", error: "WSAECONNREFUSED" } },
      ],
    });
    const { status, text } = run({ "b.json": blocking });
    expect(status, text).toBe(0);
    expect(text).toContain("(t = 2000 ms)");
    const trace = JSON.parse(run({ "b.json": blocking }, true).text);
    expect(trace.scenarios[0].steps.map((s: { clock: number }) => s.clock)).toEqual([
      0, 0, 0, 2000,
    ]);
  });

  it("reads YAML files too, with their parse errors placed", () => {
    const yaml = [
      "title: YAML works too",
      "steps:",
      "  - { process: A, call: WSAStartup, expect: { ret: 0 } }",
      "  - process: A",
      "    call: socket",
      "    args: { af: AF_INET, type: SOCK_STREAM, protocol: IPPROTO_TCP }",
      "    save: s",
      "  - { process: A, call: closesocket, args: { s: $s }, expect: { ret: 0 } }",
    ].join("\n");
    expect(run({ "a.yaml": yaml }).status).toBe(0);
    const broken = run({ "b.yml": "title: x\nsteps: [ {process: A\n" });
    expect(broken.status).toBe(2);
    expect(broken.text).toMatch(/b\.yml: line \d+, column \d+: expected valid YAML/);
  });
});
