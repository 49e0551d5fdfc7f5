/**
 * docs/lessons: every lesson's scenario runs and every expectation holds; every text links its
 * scenario, names only rules of the catalogue, refers only to steps its scenario has, and its
 * commands run with exit status 0. The facts a scenario cannot state (reference counts, who holds
 * the registration, which rules a step reports) are checked here on the state view.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Simulation } from "../src/api/simulation.js";
import { main } from "../src/cli/commands.js";
import { explore } from "../src/explore/explore.js";
import { scheduleText } from "../src/explore/schedule.js";
import { parseScenario } from "../src/scenario/read.js";
import { runScenario, type StepTrace } from "../src/scenario/run.js";
import { simulatorWorld } from "../src/scenario/world.js";
import type { SocketView, StateView } from "../src/view/types.js";
import { view } from "../src/view/view.js";

const root = join(import.meta.dirname, "..");
const dir = join(root, "docs", "lessons");
const LESSON = /^\d\d-[a-z0-9-]+\.(json|md)$/;
/** Each lesson's scenario checks at least this many expectations. */
const MIN_EXPECTATIONS = 15;
/** "About 120 lines" at most for a lesson text. */
const MAX_LINES = 120;

const entries = readdirSync(dir).filter((f) => LESSON.test(f));
const stems = (ext: string) =>
  entries
    .filter((f) => f.endsWith(`.${ext}`))
    .map((f) => f.slice(0, -ext.length - 1))
    .sort();
const lessons = stems("json");
const read = (name: string) => readFileSync(join(dir, name), "utf8");

const ruleIds = new Set(
  readdirSync(join(root, "spec", "rules"))
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) =>
      (JSON.parse(readFileSync(join(root, "spec", "rules", f), "utf8")) as { id: string }[]).map(
        (r) => r.id,
      ),
    ),
);
const rulePrefixes = new Set([...ruleIds].map((id) => id.split("-")[0]));

/** Rule ids in a text: words like LIFE-LAST-CLOSE whose first part is a catalogue prefix. */
function rulesIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const [word] of text.matchAll(/\b[A-Z]+(?:-[A-Z0-9]+)+\b/g)) {
    if (rulePrefixes.has(word.split("-")[0])) found.add(word);
  }
  return found;
}

/** The lines of the fenced sh blocks of a Markdown text. */
function shCommands(text: string): string[] {
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    (m[1] ?? "").split("\n").filter((line) => line.trim() !== ""),
  );
}

const CLI = "npx tsx src/cli/main.ts ";

/** Runs a documented command line in-process, as from the repository root. */
async function runCommand(line: string): Promise<{ status: number; output: string }> {
  expect(line.startsWith(CLI), `${line}: a lesson's commands run the CLI`).toBe(true);
  const args = line
    .slice(CLI.length)
    .trim()
    .split(/\s+/)
    .map((arg) => (arg.includes("/") && existsSync(join(root, arg)) ? join(root, arg) : arg));
  const lines: string[] = [];
  const status = await main(args, (l) => lines.push(l));
  return { status, output: lines.join("\n") };
}

interface Played {
  readonly steps: readonly StepTrace[];
  /** views[i] is the state after steps[i]. */
  readonly views: readonly StateView[];
  readonly passed: boolean;
}

const played = new Map<string, Played>();

function play(stem: string): Played {
  const cached = played.get(stem);
  if (cached !== undefined) return cached;
  const file = join(dir, `${stem}.json`);
  const sim = new Simulation();
  const views: StateView[] = [];
  const trace = runScenario(
    file,
    parseScenario(file, read(`${stem}.json`)),
    simulatorWorld(sim),
    () => views.push(view(sim.state)),
  );
  const result = { steps: trace.steps, views, passed: trace.passed };
  played.set(stem, result);
  return result;
}

const where = (step: StepTrace) =>
  step.thread === "main" ? step.process : `${step.process}/${step.thread}`;

/** A step by the reference a lesson uses for it, "[5] B: WSASocketW", checked against the run. */
function step(run: Played, ref: string): { index: number; trace: StepTrace; after: StateView } {
  const match = /^\[(\d+)\] (\S+): (\w+)$/.exec(ref);
  if (match === null) throw new Error(`bad step reference ${ref}`);
  const index = Number(match[1]);
  const trace = run.steps[index];
  const after = run.views[index];
  if (trace === undefined || after === undefined) throw new Error(`${ref}: no such step`);
  expect(`[${index}] ${where(trace)}: ${trace.call}`).toBe(ref);
  return { index, trace, after };
}

/** The socket a descriptor of a process names, or undefined when there is none. */
function socketOf(state: StateView, process: string, handle: unknown): SocketView | undefined {
  return state.sockets.find((s) =>
    s.descriptors.some((d) => d.process === process && d.handle === handle),
  );
}

function mustSocket(state: StateView, process: string, handle: unknown): SocketView {
  const socket = socketOf(state, process, handle);
  if (socket === undefined) throw new Error(`${process} has no socket descriptor ${handle}`);
  return socket;
}

const holders = (socket: SocketView) => socket.descriptors.map((d) => d.process);

function eventSignalled(state: StateView, process: string, handle: unknown): boolean {
  const entry = state.processes
    .find((p) => p.name === process)
    ?.handles.find((h) => h.value === handle);
  if (entry?.kind !== "event") throw new Error(`${process} has no event ${handle}`);
  return entry.signalled;
}

/** What the lessons say that no expectation of a scenario can state. */
const STATE_CLAIMS: Record<string, (run: Played) => void> = {
  "01-descriptor-is-not-a-socket": (run) => {
    const created = step(run, "[3] A: socket");
    expect(mustSocket(created.after, "A", created.trace.ret).refCount).toBe(1);
    const claimed = step(run, "[5] B: WSASocketW");
    const socket = mustSocket(claimed.after, "B", claimed.trace.ret);
    expect(socket.refCount).toBe(2);
    expect(socket.descriptors.map((d) => [d.process, d.handle])).toEqual([
      ["A", created.trace.ret],
      ["B", claimed.trace.ret],
    ]);
    // C holds nothing for it.
    const last = step(run, "[12] C: getsockopt");
    expect(holders(mustSocket(last.after, "A", created.trace.ret))).toEqual(["A", "B"]);
  },
  "02-hand-off-to-a-worker": (run) => {
    const listener = step(run, "[3] dispatcher: socket");
    const listenerId = mustSocket(listener.after, "dispatcher", listener.trace.ret).id;
    for (const state of run.views.slice(listener.index)) {
      expect(state.sockets.find((s) => s.id === listenerId)?.refCount).toBe(1);
    }
    const worker = step(run, "[13] worker: WSASocketW");
    const conn = mustSocket(worker.after, "worker", worker.trace.ret);
    expect(holders(conn)).toEqual(["dispatcher", "worker"]);
    const close = step(run, "[14] dispatcher: closesocket");
    expect(close.trace.rules).toEqual(["LIFE-SHARED-CLOSE"]);
    expect(holders(mustSocket(close.after, "worker", worker.trace.ret))).toEqual(["worker"]);
    const client = step(run, "[7] client: socket");
    expect(mustSocket(close.after, "client", client.trace.ret).connection?.finReceived).toBe(false);
    const last = step(run, "[18] worker: closesocket");
    expect(last.trace.rules).toEqual(
      expect.arrayContaining(["LIFE-LAST-CLOSE", "NET-GRACEFUL", "NET-FIN"]),
    );
    expect(last.after.sockets.some((s) => s.id === conn.id)).toBe(false);
  },
  "03-closing-and-the-last-descriptor": (run) => {
    const claimed = step(run, "[12] B: WSASocketW");
    const conn = mustSocket(claimed.after, "B", claimed.trace.ret);
    expect(conn.refCount).toBe(2);
    const first = step(run, "[13] A: closesocket");
    expect(first.trace.rules).toEqual(["LIFE-SHARED-CLOSE"]);
    const left = mustSocket(first.after, "B", claimed.trace.ret);
    expect([left.refCount, holders(left)]).toEqual([1, ["B"]]);
    const last = step(run, "[19] B: closesocket");
    expect(last.trace.rules).toEqual(
      expect.arrayContaining(["LIFE-LAST-CLOSE", "NET-GRACEFUL", "NET-FIN"]),
    );
    expect(last.after.sockets.some((s) => s.id === conn.id)).toBe(false);
  },
  "04-one-registration-per-socket": (run) => {
    const accepted = step(run, "[9] A: accept");
    const evA = step(run, "[12] A: WSACreateEvent").trace.ret;
    const registration = (ref: string) =>
      mustSocket(step(run, ref).after, "A", accepted.trace.ret).registration;
    expect(registration("[14] A: WSAEventSelect")).toMatchObject({
      mask: ["FD_READ"],
      through: { process: "A" },
    });
    expect(registration("[15] B: WSAEventSelect")).toMatchObject({
      mask: ["FD_WRITE"],
      through: { process: "B" },
    });
    const data = step(run, "[16] client: send");
    expect(mustSocket(data.after, "A", accepted.trace.ret).recorded).toContain("FD_READ");
    expect(eventSignalled(data.after, "A", evA)).toBe(false);
    expect(registration("[20] A: WSAEventSelect")).toMatchObject({ through: { process: "A" } });
    const second = step(run, "[25] A/reader: accept");
    const both = mustSocket(
      step(run, "[27] A/reader: WSAEventSelect").after,
      "A",
      second.trace.ret,
    );
    expect([...(both.registration?.mask ?? [])].sort()).toEqual(["FD_READ", "FD_WRITE"]);
  },
  "05-close-wakes-a-blocked-call": (run) => {
    for (const ref of ["[13] A/reader: await", "[17] A/acceptor: await"]) {
      expect(step(run, ref).trace.rules).toContain("NET-CLOSE-WAKES");
    }
    const accepted = step(run, "[8] A/acceptor: accept");
    const close = step(run, "[12] A: closesocket");
    expect(socketOf(close.after, "A", accepted.trace.ret)).toBeUndefined();
  },
  "06-select-versus-wsaeventselect": (run) => {
    const accepted = step(run, "[9] A: accept");
    const socket = (ref: string) => mustSocket(step(run, ref).after, "A", accepted.trace.ret);
    expect(socket("[14] B: select").recorded).toContain("FD_READ");
    expect(socket("[14] B: select").mode).toBe("blocking");
    expect(socket("[16] B: WSAEventSelect")).toMatchObject({
      mode: "non-blocking",
      registration: { through: { process: "B" } },
    });
    expect(socket("[27] B: WSAEventSelect").registration).toBeNull();
    expect(socket("[28] A: ioctlsocket").mode).toBe("blocking");
  },
  "07-a-child-keeps-your-port": (run) => {
    const made = step(run, "[2] server: socket");
    const listener = made.trace.ret;
    const spawned = step(run, "[5] server: CreateProcess");
    const shared = mustSocket(spawned.after, "server", listener);
    expect([shared.refCount, holders(shared)]).toEqual([2, ["server", "helper"]]);
    const inherited = spawned.after.processes
      .find((p) => p.name === "helper")
      ?.handles.find((h) => h.value === listener);
    expect(inherited).toMatchObject({ kind: "socket", origin: "inherited", inheritable: true });
    const closed = step(run, "[7] server: closesocket");
    expect(closed.trace.rules).toEqual(["LIFE-SHARED-CLOSE"]);
    expect(holders(mustSocket(closed.after, "helper", listener))).toEqual(["helper"]);
    expect(mustSocket(closed.after, "helper", listener).phase).toBe("listening");
    const exited = step(run, "[13] helper: ExitProcess");
    expect(exited.after.sockets.some((s) => s.id === shared.id)).toBe(false);
    const second = step(run, "[18] server: CreateProcess");
    const helper = second.after.processes.find((p) => p.name === "helper");
    expect(helper?.handles).toEqual([]);
    expect(step(run, "[19] server: closesocket").trace.rules).toContain("LIFE-LAST-CLOSE");
  },
  "08-every-order-of-a-race": () => {
    // The table of the four outcomes, as `explore` finds them: what the reader's recv and B's
    // last recv get, and the first schedule of each.
    const file = join(dir, "08-every-order-of-a-race.json");
    const scenario = parseScenario(file, read("08-every-order-of-a-race.json"));
    const result = explore(file, scenario);
    const rows = result.outcomes.map((outcome) => [
      outcome.lanes[0]?.calls[0]?.error === "0"
        ? outcome.lanes[0]?.calls[0]?.outputs.buf
        : outcome.lanes[0]?.calls[0]?.error,
      outcome.after[0]?.error === "0" ? outcome.after[0]?.ret : outcome.after[0]?.error,
      scheduleText(scenario, outcome.example),
      outcome.schedules,
    ]);
    expect(rows).toEqual([
      ["WSAEINTR", "WSAECONNABORTED", "A:reader A A:reader B", 2],
      ["hello", 0, "A:reader B A:reader A", 4],
      ["WSAENOTSOCK", "WSAECONNABORTED", "A A:reader A:reader B", 3],
      ["WSAENOTSOCK", "WSAECONNRESET", "B A A:reader A:reader", 1],
    ]);
    expect(result.stats.schedules).toBe(10);
    expect(result.passed).toBe(true);
  },
};

describe("docs/lessons", () => {
  it("has eight lessons, each a text and a scenario, listed in the index", () => {
    expect(lessons).toHaveLength(8);
    expect(stems("md")).toEqual(lessons);
    const index = read("README.md");
    for (const stem of lessons) expect(index).toContain(`](${stem}.md)`);
    expect(Object.keys(STATE_CLAIMS).sort()).toEqual(lessons);
  });

  describe.each(lessons)("%s", (stem) => {
    const text = read(`${stem}.md`);

    it("runs, and every expectation of every step holds", () => {
      const run = play(stem);
      const failed = run.steps.flatMap((s) =>
        s.expectations
          .filter((e) => !e.held)
          .map((e) => `[${s.index}] ${s.call}: ${e.name} expected ${JSON.stringify(e.expected)}`),
      );
      expect(failed).toEqual([]);
      expect(run.passed).toBe(true);
      for (const s of run.steps)
        expect(s.expectations.length, `step ${s.index}`).toBeGreaterThan(0);
      const count = run.steps.reduce((n, s) => n + s.expectations.length, 0);
      expect(count).toBeGreaterThanOrEqual(MIN_EXPECTATIONS);
    });

    it("holds the facts the text states beyond the expectations", () => {
      STATE_CLAIMS[stem]?.(play(stem));
    });

    it("links its scenario, has the sections, and stays short", () => {
      expect(text).toContain(`](${stem}.json)`);
      for (const heading of [
        "## What you will see",
        "## Try it",
        "## See it",
        "## What to remember",
      ])
        expect(text).toContain(heading);
      const seeIt = text.split("## See it")[1]?.split("\n## ")[0] ?? "";
      const flat = seeIt.replace(/\s+/g, " ");
      expect(flat).toContain(`${CLI}run --explain --state docs/lessons/${stem}.json`);
      // The playground link, the show command and the picture name the same step, which exists.
      const step = new RegExp(`#lesson=lessons/${stem}&step=(\\d+)`).exec(flat)?.[1];
      expect(step, "a playground link with a step").toBeDefined();
      expect(flat).toContain(`${CLI}show docs/lessons/${stem}.json --step ${step}`);
      expect(flat).toContain(`after step [${step}]`);
      expect(Number(step)).toBeLessThan(play(stem).steps.length);
      const picture = `../images/playground-${stem}.png`;
      expect(flat).toContain(`](${picture})`);
      expect(existsSync(join(dir, picture)), picture).toBe(true);
      expect(text.split("\n").length).toBeLessThanOrEqual(MAX_LINES);
    });

    it("names only rules of the catalogue, and its scenario's source lists them", () => {
      const named = rulesIn(text);
      expect(named.size).toBeGreaterThanOrEqual(3);
      const { source } = JSON.parse(read(`${stem}.json`)) as { source?: string };
      const listed = rulesIn(source ?? "");
      for (const id of [...named, ...listed]) expect(ruleIds, id).toContain(id);
      for (const id of named) expect(listed, `${id} in the scenario's source`).toContain(id);
    });

    it("refers to steps as the run shows them", () => {
      const run = play(stem);
      const refs = [...text.matchAll(/`\[(\d+)\]\s+([^\s:`]+):\s+(\w+)`/g)];
      expect(refs.length).toBeGreaterThan(0);
      for (const [, index, who, call] of refs) step(run, `[${index}] ${who}: ${call}`);
    });

    it("its commands run from the repository root with exit status 0", async () => {
      const commands = shCommands(text);
      expect(commands).toContain(`${CLI}run docs/lessons/${stem}.json`);
      for (const line of commands) {
        const { status, output } = await runCommand(line);
        expect(status, `${line}\n${output}`).toBe(0);
      }
    });
  });

  it("the index's commands run with exit status 0, every lesson included", async () => {
    const commands = shCommands(read("README.md"));
    const all = commands.find((c) => lessons.every((stem) => c.includes(`${stem}.json`)));
    expect(all).toBeDefined();
    for (const line of commands) {
      const { status, output } = await runCommand(line);
      expect(status, `${line}\n${output}`).toBe(0);
    }
  });
});
