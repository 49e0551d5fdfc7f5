/**
 * docs/handles.md's samples run as written: the TypeScript program prints what its comments say,
 * and the probe's two commands build and run it under Wine and give the facts the doc's table
 * reports (skipped, with the reason in the test's name, without Wine and mingw-w64).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ensurePrefix, missingTool } from "../../harness/native.js";
import { runTsSample } from "./sample.js";

const root = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(root, "docs", "handles.md"), "utf8");

function block(language: string): string {
  const found = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (found === null) throw new Error(`docs/handles.md has no ${language} block`);
  return found[1] as string;
}

describe("docs/handles.md", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it("the TypeScript sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("handles.md");
    expect(promised).toEqual(["true", "3"]);
    expect(printed).toEqual(promised);
  });

  const missing = missingTool();
  it.skipIf(missing !== undefined)(
    `the probe builds and runs under Wine and reports the table's facts${missing === undefined ? "" : ` (skipped: ${missing})`}`,
    () => {
      ensurePrefix();
      const dir = mkdtempSync(join(tmpdir(), "handles-probe-"));
      dirs.push(dir);
      // The doc's commands, with the executable in a private directory instead of /tmp.
      const commands = block("sh").replaceAll("/tmp/handles-probe.exe", join(dir, "probe.exe"));
      const out = execFileSync("bash", ["-c", commands], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
      });
      const fact = (name: string) =>
        out.split(/\r?\n/).find((line) => line.startsWith(`${name}: `)) ?? `${name}: (missing)`;
      expect(fact("1.WSASocket_NO_HANDLE_INHERIT")).toMatch(/flags=0x0$/);
      expect(fact("1.accept_from_NO_HANDLE_INHERIT_listener")).toMatch(/flags=0x1$/);
      expect(fact("2.mask.after_0xffffffff_flags0xffffffff")).toMatch(/flags=0x3$/);
      expect(fact("2.wsaevent.protected.CloseHandle")).toMatch(/ret=0 err=6$/);
      expect(fact("3.send_on_copy")).toMatch(/ret=-1 wsaerr=10038$/);
      expect(fact("4.parent.bind_new_socket_to_P_while_child_alive")).toBe(
        "4.parent.bind_new_socket_to_P_while_child_alive: ret=-1 wsaerr=10048",
      );
      expect(fact("4.parent.connect_to_P_while_child_alive")).toMatch(/ret=0 /);
      expect(fact("4.parent.bind_new_socket_to_P_after_child_exit")).toMatch(/ret=0 /);
      expect(fact("4.child.after_cleanup.L_inherited")).toMatch(/ret=1 flags=0x1$/);
    },
    180_000,
  );
});
