/** The trie's bounds and contracts, written to kill mutants that survived (docs/mutation.md). */
import { describe, expect, it } from "vitest";
import { trieDelete, trieFrom, trieGet, trieHas, trieSet } from "../../src/kernel/trie.js";

describe("trie bounds", () => {
  it("a key one past the trie's capacity is absent, not an alias of a stored key", () => {
    const trie = trieFrom([[0, "zero"]]); // depth 1: keys 0..31
    expect(trieGet(trie, 32)).toBeUndefined();
    expect(trieDelete(trie, 32)).toBe(false);
    expect(trieGet(trie, 0)).toBe("zero");
    expect(trie.size).toBe(1);
  });

  it("trieHas answers whether a key is stored", () => {
    const trie = trieFrom([[5, "five"]]);
    expect(trieHas(trie, 5)).toBe(true);
    expect(trieHas(trie, 6)).toBe(false);
  });

  it("names the bad key when refusing it", () => {
    expect(() => trieSet(trieFrom<string>([]), -4, "x")).toThrow(
      "trie key must be a non-negative safe integer: -4",
    );
  });
});
