/** docs/overlapped.md's TypeScript sample runs as written and prints what its comments say. */
import { describe, expect, it } from "vitest";
import { runTsSample } from "./sample.js";

describe("docs/overlapped.md", () => {
  it("the TypeScript sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md");
    expect(promised).toEqual(["997", "5", "c0000120", "995"]);
    expect(printed).toEqual(promised);
  });
});
