/**
 * The explorer's property: on random lanes over a shared connection (two threads of A on one
 * end, B on the other), merging points already explored changes no answer (the same outcomes,
 * counts and failures as running every schedule to its end), and every outcome and failure
 * replays from scratch as a plain scenario with the same results.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explore } from "../../src/explore/explore.js";
import { parseScenario } from "../../src/scenario/read.js";
import { SETUP } from "./pair.js";
import { expectReplays } from "./replay.js";

/**
 * A lane's steps for one operation on socket `s` (a name: "$a" or "$b"); `own` is a name only
 * this lane saves.
 */
const OPERATIONS: Record<string, (s: string, own: string) => object[]> = {
  accept: () => [
    { call: "accept", args: { s: "$l" } },
    { call: "await", expect: { ok: true } },
  ],
  connect: (_, own) => [
    {
      call: "socket",
      args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
      save: own,
    },
    { call: "connect", args: { s: `$${own}`, name: "$where" }, expect: { ret: 0 } },
  ],
  send: (s) => [{ call: "send", args: { s, buf: "xy" }, expect: { ret: 2 } }],
  recv: (s) => [
    { call: "recv", args: { s, len: 4 } },
    { call: "await", expect: { ret: 2 } },
  ],
  close: (s) => [{ call: "closesocket", args: { s }, expect: { ret: 0 } }],
  shutdown: (s) => [{ call: "shutdown", args: { s, how: "SD_SEND" } }],
  setRcvbuf: (s) => [
    { call: "setsockopt", args: { s, level: "SOL_SOCKET", optname: "SO_RCVBUF", optval: 4 } },
  ],
  getRcvbuf: (s) => [
    { call: "getsockopt", args: { s, level: "SOL_SOCKET", optname: "SO_RCVBUF" } },
  ],
  fionread: (s) => [{ call: "ioctlsocket", args: { s, cmd: "FIONREAD" } }],
  poll: (s) => [{ call: "select", args: { readfds: [s], timeout: { tv_sec: 0, tv_usec: 0 } } }],
  wait: (s) => [
    { call: "select", args: { readfds: [s], timeout: { tv_sec: 1, tv_usec: 0 } } },
    { call: "await" },
  ],
};

const LANES = [
  { process: "A", socket: "$a" },
  { process: "A", thread: "t2", socket: "$a" },
  { process: "B", socket: "$b" },
];

const operation = fc.constantFrom(...Object.keys(OPERATIONS));
/** Two or three lanes (which of the three threads), each of one to three operations. */
const lanes = fc
  .subarray([0, 1, 2], { minLength: 2 })
  .chain((chosen) =>
    fc.tuple(
      ...chosen.map((lane) =>
        fc.tuple(fc.constant(lane), fc.array(operation, { minLength: 1, maxLength: 3 })),
      ),
    ),
  );

describe("explore, on random lanes over a shared connection", () => {
  it("answers the same with and without pruning, and every answer replays", () => {
    let schedules = 0;
    fc.assert(
      fc.property(lanes, (chosen) => {
        const concurrent = chosen.map(([index, operations]) => {
          const { socket, ...lane } = LANES[index] as (typeof LANES)[number];
          const steps = operations.flatMap(
            (name, n) => OPERATIONS[name]?.(socket, `own${index}x${n}`) ?? [],
          );
          return { ...lane, steps };
        });
        const scenario = parseScenario(
          "random.json",
          JSON.stringify({ title: "random lanes", steps: SETUP, concurrent }),
        );
        const pruned = explore("random.json", scenario);
        const full = explore("random.json", scenario, { prune: false });
        const answers = (result: typeof pruned) => ({
          outcomes: result.outcomes.map(({ example: _, ...outcome }) => outcome),
          failures: result.failures.map((f) => [f.place, f.expectation, f.schedules, f.replay]),
          schedules: result.stats.schedules,
        });
        expect(answers(pruned)).toEqual(answers(full));
        expect(full.stats.explored).toBe(full.stats.schedules);
        expectReplays(scenario, pruned);
        schedules += full.stats.schedules;
      }),
      { numRuns: 40, seed: 17 },
    );
    // Not a trivial run: the random scenarios had many schedules between them.
    expect(schedules).toBeGreaterThan(200);
  });
});
