import { describe, expect, it } from "vitest";
import * as values from "../../src/constants/values.js";
import * as exported from "../../src/index.js";
import { CONSTANTS, WSA_ERRORS } from "../../src/index.js";

describe("constants", () => {
  it("export every grouped constant under its own name, with the group's value", () => {
    const groups = Object.entries(values).filter(
      ([name, value]) => typeof value === "object" && name !== "STRUCT_SIZES",
    );
    for (const [, group] of groups) {
      for (const [name, value] of Object.entries(group as Record<string, number>)) {
        expect((exported as Record<string, unknown>)[name], name).toBe(value);
      }
    }
    for (const [name, value] of Object.entries(WSA_ERRORS)) {
      expect((exported as Record<string, unknown>)[name], name).toBe(value);
    }
  });

  it("carry winsock2.h values for a sample checked by hand", () => {
    expect(CONSTANTS.SO_DONTLINGER).toBe(-129);
    expect(CONSTANTS.SO_EXCLUSIVEADDRUSE).toBe(-5);
    expect(CONSTANTS.FIONBIO).toBe(0x8004667e);
    expect(CONSTANTS.SD_BOTH).toBe(2);
    expect(CONSTANTS.FD_CLOSE).toBe(1 << CONSTANTS.FD_CLOSE_BIT!);
    expect(CONSTANTS.WSAENOTSOCK).toBe(10038);
    expect(CONSTANTS.WSA_WAIT_TIMEOUT).toBe(258);
  });
});
