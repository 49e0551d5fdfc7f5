/** docs/oracle.md's complete example is the test in doc-example.test.ts, imports aside. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

it("docs/oracle.md's vitest example is doc-example.test.ts", () => {
  const doc = readFileSync("docs/oracle.md", "utf8");
  const block = /```ts\n\/\/ test\/my-winsock\.oracle\.test\.ts\n([\s\S]*?)```/.exec(doc);
  expect(block).not.toBeNull();
  const fromDoc = (block?.[1] ?? "")
    .replace('from "winsock-sim/oracle"', 'from "../../src/oracle/index.js"')
    .replace('from "winsock-sim"', 'from "../../src/index.js"');
  const test = readFileSync("test/oracle/doc-example.test.ts", "utf8");
  expect(test.split("\n").slice(2).join("\n")).toBe(fromDoc);
});
