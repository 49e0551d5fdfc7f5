// The complete example of docs/oracle.md, with the package's imports pointed at the sources
// (doc-example-sync.test.ts checks that the two stay the same).
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/index.js";
import {
  checkImplementation,
  compareScenario,
  readScenario,
  type World,
} from "../../src/oracle/index.js";

/** The adapter: a fresh instance of your implementation for each scenario. */
function myWorld(): World {
  // ---- Replace with your implementation. ----------------------------------------------
  const mine = new Simulation();
  return {
    createProcess(name) {
      const process = mine.createProcess(name);
      return {
        get pid() {
          return process.pid;
        },
        get alive() {
          return process.alive;
        },
        main: process.main,
        createThread: () => process.createThread(),
        exit: () => process.exit(),
      };
    },
  };
  // -----------------------------------------------------------------------------------------
}

describe("my Winsock", () => {
  it("behaves like Windows on generated scenarios", () => {
    // Throws an OracleFailure with the shrunk counterexample if any scenario differs.
    // 50 scenarios take about half a second; for a deeper search raise numRuns and give the
    // test a timeout above vitest's default 5 s: it("...", () => { ... }, 120_000).
    checkImplementation(myWorld, { numRuns: 50 });
  });

  it("passes a saved counterexample", () => {
    const text = JSON.stringify({
      title: "An option set through one descriptor is seen through its duplicate",
      steps: [
        { process: "A", call: "WSAStartup" },
        { process: "B", call: "WSAStartup" },
        {
          process: "A",
          call: "socket",
          args: { af: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP" },
          save: "s",
        },
        {
          process: "A",
          call: "WSADuplicateSocket",
          args: { s: "$s", dwProcessId: "@B" },
          save: "info",
        },
        { process: "B", call: "WSASocket", args: { lpProtocolInfo: "$info" }, save: "t" },
        {
          process: "A",
          call: "setsockopt",
          args: { s: "$s", level: "SOL_SOCKET", optname: "SO_SNDBUF", optval: 4096 },
        },
        {
          process: "B",
          call: "getsockopt",
          args: { s: "$t", level: "SOL_SOCKET", optname: "SO_SNDBUF" },
        },
      ],
    });
    // Usually: readScenario(path, readFileSync(path, "utf8")) on a saved file.
    const scenario = readScenario("duplicate-option.json", text);
    expect(compareScenario(scenario, myWorld)).toBeUndefined();
  });
});
