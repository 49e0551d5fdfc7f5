// docs/oracle.md's fc.commands example, with the package's imports pointed at the sources
// (doc-example-sync.test.ts checks that the two stay the same).
import fc from "fast-check";
import { it } from "vitest";
import {
  commandsTest,
  modelRunSetup,
  oracleTest,
  simulatorWorld,
  type World,
  winsockCommands,
} from "../../src/oracle/index.js";

/** Stands in for your adapter (myWorld in the example above). */
const myWorld = (): World => simulatorWorld();

// it("...") running checkImplementation: a failure's message is the report.
oracleTest(it, "behaves like Windows on generated scenarios", myWorld, { numRuns: 50 });

// The same call by call: fc.commands with the simulator as the model.
commandsTest(it, "behaves like Windows call by call", myWorld, { numRuns: 50 });

// Or the property written out, to combine with your own commands or parameters.
it("agrees with the simulator in my own fc.assert", () => {
  const setup = modelRunSetup(myWorld);
  fc.assert(
    fc.property(fc.commands(winsockCommands(), { maxCommands: 30 }), (commands) => {
      fc.modelRun(setup, commands);
    }),
    { numRuns: 50 },
  );
});
