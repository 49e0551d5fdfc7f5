/**
 * The tests phase 2 of mutation testing runs for each static mutant (mutation/run.ts): the ones
 * that check the kernel's tables and constants against values written from the sources (the
 * option model, the option matrix, the constants), the focused facade tests, and the event and
 * network tests, which block and wake calls: the kernel registers its blocking calls while its
 * modules load (registerAttempt, registerTimeoutAction), so those registrations are static
 * mutants too, and only a test that blocks reaches them (the first run of src/kernel/calls/
 * without these reported all 20 surviving). A static mutant that survives costs a run of all of
 * them. The order is mutation/vitest.config.ts's.
 */
import { defineConfig, mergeConfig } from "vitest/config";
import phase1 from "./vitest.config.js";

// Built by hand rather than with mergeConfig, which would append this include to phase 1's.
const config = mergeConfig(phase1, defineConfig({}));
config.test = {
  ...config.test,
  // One module graph per test file, unlike phase 1: static mutants act while modules load, and
  // every file must load the kernel itself for Stryker to see that code as static.
  isolate: true,
  // Phase 1 leaves it out; here it must run, and first (see its header).
  exclude: (config.test?.exclude ?? []).filter(
    (p: string) => p !== "test/kernel/modules-load.test.ts",
  ),
  include: [
    "test/kernel/**/*.test.ts",
    "test/api/**/*.test.ts",
    "test/constants/**/*.test.ts",
    "test/events/**/*.test.ts",
    "test/net/**/*.test.ts",
    "spec/options.property.test.ts",
  ],
};

export default config;
