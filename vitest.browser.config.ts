import { defineConfig } from "vitest/config";

/**
 * The playground's browser tests (test/playground/), run by `npm run test:browser` and not by
 * `npm test`: they build the site and drive Chromium, which the unit-test machine may not have.
 */
export default defineConfig({
  test: {
    include: ["test/playground/**/*.test.ts"],
    // One Chromium at a time on a shared 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    // beforeAll builds the site (a few seconds; more with the Graphviz renderer).
    hookTimeout: 180_000,
  },
});
