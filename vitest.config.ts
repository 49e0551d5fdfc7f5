import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "spec/**/*.test.ts"],
    // The playground's browser tests need Chromium: `npm run test:browser` runs them.
    exclude: [...configDefaults.exclude, "test/playground/**"],
    // Property tests run many random calls; give them room on a shared 2-core machine.
    testTimeout: 600_000,
    // Freeze every snapshot in tests, so that any write to a kept snapshot throws.
    env: { WINSOCK_SIM_FREEZE: "1" },
    hookTimeout: 60_000,
  },
});
