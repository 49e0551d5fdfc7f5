// Phase 2 of mutation testing: the static mutants phase 1 left out (mutation/run.ts passes their
// lines as --mutate ranges), each run against mutation/vitest.static.config.ts, a set of fast
// tests that read the kernel's tables and constants directly. Stryker runs every test of the set
// for a static mutant, stopping at the first failure, so the set's size is the cost per mutant.
import phase1 from "./stryker.config.mjs";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  ...phase1,
  vitest: { configFile: "mutation/vitest.static.config.ts", related: true },
  ignoreStatic: false,
  incrementalFile: "reports/mutation/incremental/static-all.json",
  jsonReporter: { fileName: "reports/mutation/static.json" },
};
