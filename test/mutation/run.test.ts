/** mutation/run.ts: the tests whose digest guards phase 2's incremental file are phase 2's tests. */
import { describe, expect, it } from "vitest";
import { STATIC_TEST_DIRS, STATIC_TEST_FILES, staticTestsDigest } from "../../mutation/run.js";
import staticConfig from "../../mutation/vitest.static.config.js";

describe("mutation/run.ts phase 2", () => {
  it("digests exactly the test files vitest.static.config.ts includes", () => {
    const globs = [...STATIC_TEST_DIRS.map((dir) => `${dir}/**/*.test.ts`), ...STATIC_TEST_FILES];
    expect([...(staticConfig.test?.include ?? [])].sort()).toEqual(globs.sort());
  });

  it("gives the same digest for the same files", () => {
    const digest = staticTestsDigest();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(staticTestsDigest()).toBe(digest);
  });
});
