/**
 * The trie's bounds and contracts, and the path copying of trieSetIn and trieDeleteIn, written
 * to kill mutants that survived (docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import {
  emptyTrie,
  type NodeOwner,
  type Trie,
  trieDelete,
  trieDeleteIn,
  trieEntries,
  trieFrom,
  trieGet,
  trieHas,
  trieSet,
  trieSetIn,
} from "../../src/kernel/trie.js";

describe("trie bounds", () => {
  it("a key one past the trie's capacity is absent, not an alias of a stored key", () => {
    const trie = trieFrom([[0, "zero"]]); // depth 1: keys 0..31
    expect(trieGet(trie, 32)).toBeUndefined();
    expect(trieDelete(trie, 32)).toBe(false);
    expect(trieGet(trie, 0)).toBe("zero");
    expect(trie.size).toBe(1);
  });

  it("a trie deep enough for 2^40 still places keys up to 2^31 by their own digits", () => {
    const keys = [5, 100_000, 0x7fffffff, 2 ** 31, 2 ** 40];
    const trie = trieFrom(keys.map((key): [number, number] => [key, key]));
    expect(trie.depth).toBe(9);
    for (const key of keys) expect(trieGet(trie, key)).toBe(key);
    expect(trieGet(trie, 0x7fffffff - 32)).toBeUndefined();
    expect(trieGet(trie, 99_999)).toBeUndefined();
  });

  it("keys from 2^32 up are placed by all their digits, not by their low 32 bits", () => {
    // 2^32 and 0 agree in their low 32 bits, and so do 2^40 and 2^40 + 2^32.
    const keys = [0, 2 ** 32, 2 ** 40, 2 ** 40 + 2 ** 32];
    const trie = trieFrom(keys.map((key): [number, number] => [key, key]));
    expect(trie.size).toBe(4);
    for (const key of keys) expect(trieGet(trie, key)).toBe(key);
    expect([...trieEntries(trie)].map(([key]) => key)).toEqual(keys);
    expect(trieDelete(trie, 2 ** 32)).toBe(true);
    expect(trieGet(trie, 0)).toBe(0);
    expect(trieGet(trie, 2 ** 40 + 2 ** 32)).toBe(2 ** 40 + 2 ** 32);
  });

  it("trieSet and trieDelete write the trie they are given in place, copying no node", () => {
    const trie = trieFrom([
      [1, "one"],
      [40, "forty"],
    ]);
    const root = trie.root;
    const node = trie.root[1];
    trieSet(trie, 41, "forty-one");
    trieSet(trie, 1, "ONE");
    expect(trie.root).toBe(root);
    expect(trie.root[1]).toBe(node);
    expect(trieDelete(trie, 41)).toBe(true);
    expect(trie.root).toBe(root);
    expect(trie.root[1]).toBe(node);
    expect(trieGet(trie, 1)).toBe("ONE");
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

/** A writer of trie nodes that knows which nodes it made (what Edit is to the kernel). */
class Owner implements NodeOwner {
  readonly made: object[] = [];
  owns(node: object): boolean {
    return this.made.includes(node);
  }
  adopt(node: object): void {
    this.made.push(node);
  }
}

/** Freezes `value` and everything it reaches, as the suite's snapshots are. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/** A writable top over a frozen trie, as Edit makes one: the nodes stay shared. */
function topOf<T>(trie: Trie<T>): Trie<T> {
  return { depth: trie.depth, size: trie.size, root: trie.root };
}

describe("trieSetIn: path copying", () => {
  // Keys 1 and 2 under root slot 0, 40 under slot 1, 1000 under slot 31 (depth 2).
  const entries: [number, string][] = [
    [1, "one"],
    [2, "two"],
    [40, "forty"],
    [1000, "thousand"],
  ];

  it("copies only the nodes on the key's path; siblings stay the same objects", () => {
    const old = deepFreeze(trieFrom(entries));
    const copy = structuredClone(old);
    const next = topOf(old);
    const owner = new Owner();
    expect(() => trieSetIn(next, 41, "forty-one", owner)).not.toThrow();
    expect(old).toEqual(copy);
    expect(trieGet(old, 41)).toBeUndefined();
    expect(trieGet(next, 41)).toBe("forty-one");
    expect(trieGet(next, 40)).toBe("forty");
    expect(next.size).toBe(5);
    expect(old.size).toBe(4);
    expect(next.root).not.toBe(old.root);
    expect(next.root[1]).not.toBe(old.root[1]);
    expect(next.root[0]).toBe(old.root[0]);
    expect(next.root[31]).toBe(old.root[31]);
    // Exactly the two nodes on the path were made, and they are the owner's.
    expect(owner.made).toEqual([next.root, next.root[1]]);
  });

  it("a second write by the same owner copies nothing more", () => {
    const old = deepFreeze(trieFrom(entries));
    const next = topOf(old);
    const owner = new Owner();
    trieSetIn(next, 41, "forty-one", owner);
    const root = next.root;
    const leaf = next.root[1];
    trieSetIn(next, 42, "forty-two", owner);
    expect(next.root).toBe(root);
    expect(next.root[1]).toBe(leaf);
    expect(owner.made).toHaveLength(2);
    expect(next.size).toBe(6);
  });

  it("overwriting a stored key keeps the size", () => {
    const old = deepFreeze(trieFrom(entries));
    const next = topOf(old);
    trieSetIn(next, 40, "FORTY", new Owner());
    expect(next.size).toBe(4);
    expect(trieGet(next, 40)).toBe("FORTY");
    expect(trieGet(old, 40)).toBe("forty");
  });

  it("a key under an empty slot gets a new node of its own", () => {
    const old = deepFreeze(trieFrom(entries));
    const next = topOf(old);
    const owner = new Owner();
    trieSetIn(next, 100, "hundred", owner); // root slot 3, absent so far
    expect(old.root[3]).toBeUndefined();
    expect(trieGet(next, 100)).toBe("hundred");
    expect(owner.made).toEqual([next.root, next.root[3]]);
    expect(next.root[2]).toBeUndefined();
  });

  it("grows the depth for a key beyond the capacity, keeping the old root as a subtree", () => {
    const old = deepFreeze(trieFrom(entries)); // depth 2: keys below 1024
    const next = topOf(old);
    const owner = new Owner();
    trieSetIn(next, 1024, "k", owner);
    expect(next.depth).toBe(3);
    expect(old.depth).toBe(2);
    expect(next.size).toBe(5);
    expect(next.root[0]).toBe(old.root);
    for (const [key, value] of entries) expect(trieGet(next, key)).toBe(value);
    expect(trieGet(next, 1024)).toBe("k");
    expect(trieGet(old, 1024)).toBeUndefined();
    // The new root is the owner's: it is not copied again by the next write.
    expect(owner.owns(next.root)).toBe(true);
    const root = next.root;
    trieSetIn(next, 1025, "k1", owner);
    expect(next.root).toBe(root);
  });

  it("grows several levels at once, and an empty trie keeps no empty subtree behind", () => {
    const trie = emptyTrie<string>();
    const owner = new Owner();
    trieSetIn(trie, 40_000, "far", owner); // needs depth 4
    expect(trie.depth).toBe(4);
    expect(trie.size).toBe(1);
    expect(trieGet(trie, 40_000)).toBe("far");
    expect(trie.root.filter((slot) => slot !== undefined)).toHaveLength(1);
    expect(trie.root[0]).toBeUndefined();
    expect(owner.owns(trie.root)).toBe(true);
  });

  it("refuses keys that are not non-negative safe integers, copying nothing", () => {
    const old = deepFreeze(trieFrom(entries));
    const next = topOf(old);
    const owner = new Owner();
    for (const key of [-1, 0.5, Number.NaN, 2 ** 53]) {
      expect(() => trieSetIn(next, key, "x", owner)).toThrow(RangeError);
    }
    expect(owner.made).toHaveLength(0);
    expect(next.root).toBe(old.root);
  });
});

describe("trieDeleteIn: path copying", () => {
  it("removes the key from the copy, pruning emptied nodes; the original stays intact", () => {
    const old = deepFreeze(
      trieFrom([
        [1, "one"],
        [40, "forty"],
      ]),
    );
    const copy = structuredClone(old);
    const next = topOf(old);
    const owner = new Owner();
    expect(trieDeleteIn(next, 40, owner)).toBe(true);
    expect(old).toEqual(copy);
    expect(trieGet(old, 40)).toBe("forty");
    expect(trieGet(next, 40)).toBeUndefined();
    expect(next.size).toBe(1);
    // Root slot 1 held only 40: pruned in the copy, still there in the original.
    expect(next.root[1]).toBeUndefined();
    expect(old.root[1]).toBeDefined();
    expect(next.root[0]).toBe(old.root[0]);
    expect(trieGet(next, 1)).toBe("one");
  });

  it("keeps a node that still holds keys", () => {
    const old = deepFreeze(
      trieFrom([
        [40, "forty"],
        [41, "forty-one"],
      ]),
    );
    const next = topOf(old);
    expect(trieDeleteIn(next, 40, new Owner())).toBe(true);
    expect(next.root[1]).toBeDefined();
    expect(next.root[1]).not.toBe(old.root[1]);
    expect(trieGet(next, 41)).toBe("forty-one");
    expect(trieGet(old, 40)).toBe("forty");
  });

  it("prunes up through every level that empties, and no further", () => {
    const old = deepFreeze(
      trieFrom([
        [5, "five"],
        [40_000, "far"],
      ]),
    ); // depth 4
    const next = topOf(old);
    expect(trieDeleteIn(next, 40_000, new Owner())).toBe(true);
    expect(next.root.filter((slot) => slot !== undefined)).toHaveLength(1);
    expect(next.root[0]).toBe(old.root[0]);
    expect(trieGet(next, 5)).toBe("five");
    expect(next.depth).toBe(4);
    expect(trieDeleteIn(next, 5, new Owner())).toBe(true);
    expect(next.size).toBe(0);
    expect(next.root.every((slot) => slot === undefined)).toBe(true);
    expect(trieGet(old, 5)).toBe("five");
    expect(trieGet(old, 40_000)).toBe("far");
  });

  it("an absent key copies nothing and answers false", () => {
    const old = deepFreeze(trieFrom([[40, "forty"]]));
    const next = topOf(old);
    const owner = new Owner();
    expect(trieDeleteIn(next, 41, owner)).toBe(false);
    expect(trieDeleteIn(next, 2000, owner)).toBe(false);
    expect(owner.made).toHaveLength(0);
    expect(next.root).toBe(old.root);
    expect(next.size).toBe(1);
  });

  it("a delete after a set by the same owner writes the nodes that set made", () => {
    const old = deepFreeze(trieFrom([[40, "forty"]]));
    const next = topOf(old);
    const owner = new Owner();
    trieSetIn(next, 41, "forty-one", owner);
    const made = owner.made.length;
    expect(trieDeleteIn(next, 40, owner)).toBe(true);
    expect(owner.made).toHaveLength(made);
    expect(trieGet(next, 41)).toBe("forty-one");
    expect(trieGet(old, 40)).toBe("forty");
  });
});
