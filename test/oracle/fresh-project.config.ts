/**
 * A vitest config with the settings of a fresh project (vitest's defaults: a 5 s testTimeout),
 * for running docs/oracle.md's example as a reader would; the repository's own config gives
 * property tests far more time, which would hide a slow example.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: [
      "test/oracle/doc-example.test.ts",
      "test/oracle/doc-example-commands.test.ts",
      "test/oracle/doc-example-schedules.test.ts",
    ],
  },
});
