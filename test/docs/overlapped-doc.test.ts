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

  it("the WSAIoctl sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 2);
    expect(promised).toEqual(["AcceptEx 8", "0", "0", "0 4 0 7", "-1", "10045"]);
    expect(printed).toEqual(promised);
  });

  it("the ConnectEx sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 3);
    expect(promised).toEqual(["997", "5", "-1 10057", "0"]);
    expect(printed).toEqual(promised);
  });

  it("the AcceptEx sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 4);
    expect(promised).toEqual(["0 997", "3 7 true", "GET", "16", "-1", "0"]);
    expect(printed).toEqual(promised);
  });

  it("the datagram sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 5);
    expect(promised).toEqual([
      "997",
      "127.0.0.1:7101 16",
      "80000005",
      "10040",
      "0",
      "true",
      "null",
    ]);
    expect(printed).toEqual(promised);
  });

  it("the completion-routine sample prints what its comments say", async () => {
    const { promised, printed } = await runTsSample("overlapped.md", 6);
    expect(promised).toEqual(["true", "0", "192", "done 0 4", "192", "done 0 4, apc 7"]);
    expect(printed).toEqual(promised);
  });
});
