/** docs/overlapped.md's TypeScript sample runs as written and prints what its comments say. */
import { describe, expect, it } from "vitest";
import { runTsSample } from "./sample.js";

describe("docs/overlapped.md", () => {
  it("the completion-port sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 0);
    expect(promised).toEqual(["true", "1", "4 125 true"]);
    expect(printed).toEqual(promised);
  });

  it("the sharing sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 1);
    expect(promised).toEqual(["997", "5", "c0000241", "10053"]);
    expect(printed).toEqual(promised);
  });

  it("the completion-routine sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 2);
    expect(promised).toEqual(["true", "0", "192", "done 0 4", "192", "done 0 4, apc 7"]);
    expect(printed).toEqual(promised);
  });
});
