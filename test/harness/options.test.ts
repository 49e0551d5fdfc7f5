/** harness/options.ts: the command line of harness/conformance.ts, the random mode's included. */
import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "../../harness/options.js";

const refused = (args: string[]) => {
  try {
    parseOptions(args);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`accepted ${args.join(" ")}`);
};

describe("parseOptions", () => {
  it("reads files and the written-corpus options", () => {
    expect(parseOptions(["a.json", "--label=wine8", "--deviations", "d.json"])).toEqual({
      help: false,
      files: ["a.json"],
      seed: 1,
      shrink: 30,
      label: "wine8",
      deviations: "d.json",
    });
  });

  it("reads a random run with its seed, shrinking budget and directory", () => {
    expect(
      parseOptions(["--random", "100", "--seed", "42", "--shrink=0", "--save-failing", "out"]),
    ).toEqual({ help: false, files: [], random: 100, seed: 42, shrink: 0, saveFailing: "out" });
  });

  it.each([
    [["--random", "0"], '--random takes a whole number from 1, got "0"'],
    [["--random", "ten"], '--random takes a whole number from 1, got "ten"'],
    [["--random", "5", "--seed", "-1"], '--seed takes a whole number from 0, got "-1"'],
    [["--random", "5", "--shrink", "1.5"], '--shrink takes a whole number from 0, got "1.5"'],
    [["--seed", "3"], "--seed needs --random"],
    [["--save-failing", "d"], "--save-failing needs --random"],
    [["--random", "5", "a.json"], "--random makes its own scenarios: give no FILE"],
    [
      ["--random", "5", "--traces", "t"],
      "--random plays new scenarios; --traces compares recorded ones",
    ],
    [["--random", "5", "--random", "6"], "--random given twice"],
    [["--frobnicate"], "unknown option --frobnicate"],
  ])("refuses %j", (args, message) => {
    expect(refused(args)).toBe(message);
  });
});
