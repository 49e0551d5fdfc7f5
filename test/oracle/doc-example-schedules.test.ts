// docs/oracle.md's example of comparing every schedule, with the package's imports pointed at the
// sources (doc-example-sync.test.ts checks that the two stay the same).
import { expect, it } from "vitest";
import {
  compareSchedules,
  formatSchedules,
  readScenario,
  simulatorWorld,
  type World,
} from "../../src/oracle/index.js";

/** Stands in for your adapter (myWorld in the first example). */
const myWorld = (): World => simulatorWorld();

it("behaves like Windows in every order of recv, closesocket and send", () => {
  const tcp = { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" };
  const text = JSON.stringify({
    title: "A recv on one thread while another closes the socket and the peer sends",
    steps: [
      { process: "A", call: "WSAStartup" },
      { process: "B", call: "WSAStartup" },
      { process: "A", call: "socket", args: tcp, save: "listener" },
      { process: "A", call: "bind", args: { s: "$listener", name: "127.0.0.1:0" } },
      { process: "A", call: "getsockname", args: { s: "$listener" }, save: "address" },
      { process: "A", call: "listen", args: { s: "$listener", backlog: 1 } },
      { process: "B", call: "socket", args: tcp, save: "client" },
      { process: "B", call: "connect", args: { s: "$client", name: "$address" } },
      { process: "A", call: "accept", args: { s: "$listener" }, save: "server" },
    ],
    concurrent: [
      {
        process: "A",
        thread: "reader",
        steps: [{ call: "recv", args: { s: "$server", len: 16 } }, { call: "await" }],
      },
      { process: "A", steps: [{ call: "closesocket", args: { s: "$server" } }] },
      { process: "B", steps: [{ call: "send", args: { s: "$client", buf: "ping" } }] },
    ],
    after: [{ process: "B", call: "recv", args: { s: "$client", len: 16 } }],
  });
  const scenario = readScenario("recv-close-send.json", text);
  const result = compareSchedules(scenario, myWorld);
  // On a difference the message is the report, with a plain scenario file for each one.
  expect(result.agree, formatSchedules(result)).toBe(true);
  expect(result.schedules).toHaveLength(10);
});
