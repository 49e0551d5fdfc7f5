import fc from "fast-check";
import { createDraft, finishDraft, freeze } from "immer";
import { describe, expect, it } from "vitest";
import {
  emptyTrie,
  type Trie,
  trieDelete,
  trieEntries,
  trieFrom,
  trieGet,
  trieSet,
} from "../../src/kernel/trie.js";

describe("trie", () => {
  it("stores, finds and deletes keys across levels", () => {
    const trie = emptyTrie<string>();
    for (const key of [0, 1, 31, 32, 1023, 1024, 100_000, 2 ** 40]) trieSet(trie, key, `v${key}`);
    expect(trie.size).toBe(8);
    expect(trieGet(trie, 1024)).toBe("v1024");
    expect(trieGet(trie, 2 ** 40)).toBe(`v${2 ** 40}`);
    expect(trieGet(trie, 5)).toBeUndefined();
    expect(trieDelete(trie, 1024)).toBe(true);
    expect(trieDelete(trie, 1024)).toBe(false);
    expect(trieGet(trie, 1024)).toBeUndefined();
    expect(trie.size).toBe(7);
  });

  it("answers undefined for keys that cannot be keys", () => {
    const trie = trieFrom([[3, "x"]]);
    for (const key of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64]) {
      expect(trieGet(trie, key)).toBeUndefined();
      expect(trieDelete(trie, key)).toBe(false);
    }
    expect(() => trieSet(trie, -4, "y")).toThrow(RangeError);
  });

  it("behaves like a Map under any sequence of writes, iterating in key order", () => {
    const op = fc.oneof(
      fc.record({ set: fc.nat({ max: 5000 }), value: fc.integer() }),
      fc.record({ del: fc.nat({ max: 5000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const trie = emptyTrie<number>();
        const model = new Map<number, number>();
        for (const o of ops) {
          if ("set" in o) {
            trieSet(trie, o.set, o.value);
            model.set(o.set, o.value);
          } else {
            expect(trieDelete(trie, o.del)).toBe(model.delete(o.del));
          }
        }
        const expected = [...model.entries()].sort((x, y) => x[0] - y[0]);
        expect([...trieEntries(trie)]).toEqual(expected);
        expect(trie.size).toBe(model.size);
      }),
    );
  });

  it("copies only the written path when used through an immer draft", () => {
    const base = freeze(trieFrom(Array.from({ length: 5000 }, (_, i) => [i, { n: i }])), true);
    const draft = createDraft(base);
    trieSet(draft, 4999, { n: -1 });
    const next = finishDraft(draft) as Trie<{ n: number }>;
    expect(trieGet(next, 4999)).toEqual({ n: -1 });
    expect(trieGet(base, 4999)).toEqual({ n: 4999 });
    // Every subtree off the path is shared, not copied.
    expect(next.root[0]).toBe(base.root[0]);
    expect(next.root[4]).not.toBe(base.root[4]);
  });

  it("prunes emptied nodes so that deleted regions cost nothing", () => {
    const trie = emptyTrie<number>();
    for (let i = 0; i < 64; i++) trieSet(trie, 1024 + i, i);
    for (let i = 0; i < 64; i++) trieDelete(trie, 1024 + i);
    expect(trie.size).toBe(0);
    expect(trie.root.every((slot) => slot === undefined)).toBe(true);
  });
});
