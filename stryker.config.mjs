// Mutation testing of the kernel (issue 12). `npm run mutation` runs it incrementally;
// `npm run mutation -- --mutate src/kernel/descriptors.ts` narrows it to one file group.
// See docs/mutation.md for what a run costs and the scores measured.
//
// Under Stryker the property tests run at a tenth of their usual budget, so a mutant's run takes
// seconds rather than minutes. spec/support/budget.ts reads this scale; an explicit value in the
// environment wins.
process.env.WINSOCK_SIM_PROPERTY_SCALE ??= "0.1";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The repository's own vitest config: the same test files, and WINSOCK_SIM_FREEZE=1.
  vitest: { configFile: "vitest.config.ts", related: true },
  // No checker: @stryker-mutator/typescript-checker 9.x calls ts.parseConfigFileTextToJson,
  // which TypeScript 7 no longer has. Mutants that do not type-check simply run (and usually die).
  checkers: [],
  // Stryker rewrites the tsconfig in its sandbox with ts.parseConfigFileTextToJson, which
  // TypeScript 7 also lacks. Nothing in the sandbox needs that rewrite (tsconfig.json neither
  // extends nor references files outside the repository), so point it at no file.
  tsconfigFile: "stryker-has-no-tsconfig.json",
  coverageAnalysis: "perTest",
  mutate: ["src/kernel/**/*.ts"],
  concurrency: 2,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["dist", "coverage", ".wine-prefix", "playground/dist", "reports"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // The vitest suite includes long property tests; give slow mutants room on a shared machine.
  timeoutMS: 60_000,
  thresholds: { high: 90, low: 75, break: null },
};
