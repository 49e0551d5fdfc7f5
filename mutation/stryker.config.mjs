// Mutation testing of the kernel and the scenario reader (issue 12), phase 1: every mutant that a
// test can be seen to reach, run against the tests that reach it. `npm run mutation` drives both
// phases (mutation/run.ts); docs/mutation.md says what a run costs and what it scored.
//
// Under Stryker the property tests run at a tenth of their usual budget, so a mutant's run takes
// seconds rather than minutes. spec/support/budget.ts reads this scale; an explicit value in the
// environment wins.
process.env.WINSOCK_SIM_PROPERTY_SCALE ??= "0.1";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The repository's vitest config less the tests of the Wine harness and the child-process runs,
  // with the focused kernel tests first (mutation/vitest.config.ts says why), WINSOCK_SIM_FREEZE=1.
  vitest: { configFile: "mutation/vitest.config.ts", related: true },
  // No checker: @stryker-mutator/typescript-checker 9.x calls ts.parseConfigFileTextToJson,
  // which TypeScript 7 no longer has. Mutants that do not type-check simply run (and usually die).
  checkers: [],
  // Stryker rewrites the tsconfig in its sandbox with ts.parseConfigFileTextToJson, which
  // TypeScript 7 also lacks. Nothing in the sandbox needs that rewrite (tsconfig.json neither
  // extends nor references files outside the repository), so point it at no file.
  tsconfigFile: "stryker-has-no-tsconfig.json",
  coverageAnalysis: "perTest",
  mutate: ["src/kernel/**/*.ts", "src/scenario/**/*.ts"],
  // A static mutant (in code that runs while modules load: option tables, constant maps) would
  // cost a run of every test file. Phase 1 leaves them out; phase 2 (stryker.static.config.mjs)
  // runs exactly those against a small set of fast tests, and mutation/score.ts counts both.
  ignoreStatic: true,
  concurrency: 2,
  incremental: true,
  // mutation/run.ts gives each --mutate selection its own incremental file.
  incrementalFile: "reports/mutation/incremental/all.json",
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["dist", "coverage", ".wine-prefix", "playground/dist", "reports"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // The suite includes property tests; give slow mutants room on a shared machine.
  timeoutMS: 60_000,
  thresholds: { high: 90, low: 75, break: null },
};
