import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, nearest } from "../../src/scenario/suggest.js";

describe("suggestions for misspelt names", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("SOKC", "SOCK")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("ignores case and suggests only close names", () => {
    expect(nearest("dwProcessID", ["s", "dwProcessId"])).toBe("dwProcessId");
    expect(nearest("frobnicate", ["socket", "bind"])).toBeUndefined();
    expect(nearest("WSAENOTSOKC", ["WSAENOTSOCK", "WSAENOTCONN"])).toBe("WSAENOTSOCK");
  });

  it("answers a one- or two-character name only with a case slip", () => {
    expect(nearest("b", ["B", "C"])).toBe("B");
    expect(nearest("A", ["B"])).toBeUndefined();
  });

  it("breaks ties by the candidates' order, and words the hint", () => {
    expect(nearest("abcx", ["abcy", "abcz"])).toBe("abcy");
    expect(didYouMean("b", ["B"], "@")).toBe(' (did you mean "@B"?)');
    expect(didYouMean("zzz", ["B"])).toBe("");
  });
});
