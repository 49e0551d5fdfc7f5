/** docs/oracle.md's complete examples are the tests in doc-example*.test.ts, imports aside. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

/** The doc's block that starts with `// header`, and the test file that must hold it. */
const EXAMPLES = [
  ["test/my-winsock.oracle.test.ts", "test/oracle/doc-example.test.ts"],
  ["test/my-winsock.commands.test.ts", "test/oracle/doc-example-commands.test.ts"],
  ["test/my-winsock.schedules.test.ts", "test/oracle/doc-example-schedules.test.ts"],
] as const;

it.each(EXAMPLES)("docs/oracle.md's example %s is %s", (header, testFile) => {
  const doc = readFileSync("docs/oracle.md", "utf8");
  const escaped = header.replace(/[.]/g, "\\.");
  const block = new RegExp(`\`\`\`ts\\n// ${escaped}\\n([\\s\\S]*?)\`\`\``).exec(doc);
  expect(block).not.toBeNull();
  const fromDoc = (block?.[1] ?? "")
    .replace('from "winsock-sim/oracle"', 'from "../../src/oracle/index.js"')
    .replace('from "winsock-sim"', 'from "../../src/index.js"');
  const test = readFileSync(testFile, "utf8");
  expect(test.split("\n").slice(2).join("\n")).toBe(fromDoc);
});
