/**
 * Traces recorded under Wine 8.0 (test/harness/fixtures/wine, see its README) compared with the
 * simulator and the shipped harness/wine-deviations.json: the verdicts a Wine run gives today,
 * without Wine.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deviationsFor, readDeviations } from "../../harness/deviations.js";
import { DEFAULT_DEVIATIONS } from "../../harness/paths.js";
import { defaultScenarios, repositoryPath, traceName } from "../../harness/scenarios.js";
import { readTrace } from "../../harness/trace.js";
import { compareTrace, type ScenarioVerdict } from "../../harness/verdict.js";
import { shippedScenario } from "./synthetic.js";

const FIXTURES = fileURLToPath(new URL("fixtures/wine", import.meta.url));
const deviations = readDeviations(DEFAULT_DEVIATIONS);

/** The shipped scenario whose trace the fixture is, by base name. */
function scenarioPath(trace: string): string {
  const name = trace.replace(/\.trace\.jsonl$/, "");
  const found = defaultScenarios().filter((path) => traceName(path) === name);
  if (found.length !== 1) throw new Error(`${trace}: ${found.length} scenarios named ${name}`);
  return repositoryPath(found[0] as string);
}

function verdictOf(name: string): ScenarioVerdict {
  const path = scenarioPath(`${name}.trace.jsonl`);
  return compareTrace(shippedScenario(path), readTrace(join(FIXTURES, `${name}.trace.jsonl`)), {
    file: path,
    deviations: deviationsFor(deviations, path),
    // The causes' matchers too, as a conformance run applies them.
    causes: deviations.causes,
  });
}

describe("recorded Wine traces against the shipped deviations", () => {
  const traces = readdirSync(FIXTURES).filter((f) => f.endsWith(".trace.jsonl"));

  it("are all readable and each belongs to one shipped scenario", () => {
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) {
      expect(readTrace(join(FIXTURES, trace)).steps.length).toBeGreaterThan(0);
      expect(scenarioPath(trace)).toMatch(/^(examples|spec)\//);
    }
  });

  it.each([
    "option-seen-through-duplicate",
    "split-read-write",
    "select-sets",
    "shared-close-graceful",
  ])("%s agrees with the simulator", (name) => {
    const verdict = verdictOf(name);
    expect(verdict.failure).toBeUndefined();
    expect(verdict.kind).toBe("agree");
  });

  it("every recorded trace differs only at its listed steps, each as pinned, none stale", () => {
    for (const trace of traces) {
      const name = trace.replace(/\.trace\.jsonl$/, "");
      const path = scenarioPath(trace);
      const verdict = verdictOf(name);
      expect(verdict.failure, name).toBeUndefined();
      expect(verdict.stale, name).toEqual([]);
      const listedSteps = [...deviationsFor(deviations, path).keys()].sort((a, b) => a - b);
      expect(
        verdict.listed.map((d) => d.index),
        name,
      ).toEqual(listedSteps);
    }
  });

  it("duplicate-info-single-use: Wine hands C a descriptor where Windows refuses", () => {
    const five = verdictOf("duplicate-info-single-use").listed.find((d) => d.index === 5);
    expect(five?.simulator).toMatchObject({ ok: false, error: "WSAEINVAL" });
    expect(five?.native).toMatchObject({ ok: true, error: "0" });
  });

  it.each(["inherited-listener-keeps-port", "no-handle-inherit", "sethandleinformation"])(
    "%s (CreateProcess played by the caller) agrees with the simulator",
    (name) => {
      const verdict = verdictOf(name);
      expect(verdict.failure).toBeUndefined();
      expect(verdict.kind).toBe("agree");
    },
  );

  it("duplicatehandle-same-process: Wine's socket list refuses the copy, and B's receives follow", () => {
    const verdict = verdictOf("duplicatehandle-same-process");
    expect(verdict.kind).toBe("listed");
    // send and closesocket on the copy by the cause's matcher; GetHandleInformation follows
    // from the send (the copy was never closed); B's two receives are listed. The two selects
    // on the copy (steps 13 and 14, fact 106) agree: Wine's select takes the copy.
    expect(verdict.explained.map((d) => [d.index, d.cause, d.follows])).toEqual([
      [11, "wine-socket-copy-not-a-socket", undefined],
      [15, "wine-socket-copy-not-a-socket", undefined],
      [16, "wine-socket-copy-not-a-socket", 11],
    ]);
    expect(verdict.listed.map((d) => d.index)).toEqual([12, 18]);
    expect(verdict.listed[1]?.native?.outputs).toEqual({
      harness: "not played: the thread is still blocked in its earlier call",
    });
  });

  it.each([
    ["two-processes", [2, 5, 18]],
    ["duplicate-to-worker", [3, 6]],
  ])(
    "%s (AF_UNIX): Wine 8.0 has none; every later difference follows from a socket step",
    (name, sockets) => {
      const verdict = verdictOf(name);
      expect(verdict.failure).toBeUndefined();
      expect(verdict.explained.every((d) => d.cause === "wine-no-af-unix")).toBe(true);
      // The socket steps by the cause's matcher; every other step on their names follows from
      // them, also a closesocket failing with WSAENOTSOCK, which another cause's matcher fits.
      expect(verdict.explained.filter((d) => d.follows === undefined).map((d) => d.index)).toEqual(
        sockets,
      );
      for (const d of verdict.explained)
        if (d.follows !== undefined) expect(sockets, `step ${d.index}`).toContain(d.follows);
      expect(verdict.explained.length).toBe(verdict.compared - verdict.agreed);
    },
  );

  it("linger-close: the 20 bytes reach the peer, so the non-blocking lingering close succeeds on both", () => {
    // Settled by the simulator change (NET-BUFFERS: SO_RCVBUF 4 holds nothing back on Windows).
    const verdict = verdictOf("linger-close");
    expect(verdict.kind).toBe("listed");
    expect(verdict.listed.map((d) => d.index)).toEqual([23]);
  });
});
