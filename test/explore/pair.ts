/**
 * A connected pair for lanes to race on: A accepts `a` on its listener `l` (bound to `where`), B
 * holds the other end, `b`. The explorer's tests and its property start from it.
 */
import { parseScenario } from "../../src/scenario/read.js";
import type { Scenario } from "../../src/scenario/types.js";

export const SETUP = [
  { process: "A", call: "WSAStartup" },
  { process: "B", call: "WSAStartup" },
  {
    process: "A",
    call: "socket",
    args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
    save: "l",
  },
  { process: "A", call: "bind", args: { s: "$l", name: "127.0.0.1:0" } },
  { process: "A", call: "getsockname", args: { s: "$l" }, save: { where: "name" } },
  { process: "A", call: "listen", args: { s: "$l" } },
  {
    process: "B",
    call: "socket",
    args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
    save: "b",
  },
  { process: "B", call: "connect", args: { s: "$b", name: "$where" } },
  { process: "A", call: "accept", args: { s: "$l" }, save: "a" },
];

/** A scenario of SETUP, then `concurrent` lanes (and `after` steps, if given). */
export function pair(concurrent: unknown, after?: unknown): Scenario {
  const text = JSON.stringify({
    title: "pair",
    steps: SETUP,
    concurrent,
    ...(after === undefined ? {} : { after }),
  });
  return parseScenario("pair.json", text);
}
