/**
 * A persistent radix trie over small non-negative integer keys.
 *
 * Why not a Map or a plain object: immer copies the whole container on every write to it, so a
 * table of 100,000 sockets would cost a 100,000-entry copy per call. In this trie a write copies
 * only the nodes on the path to the key: `depth` arrays of at most 32 slots. At 100,000 keys the
 * depth is 4, so a write copies about 128 slots whatever the table's size.
 *
 * trieSet and trieDelete mutate: call them on an immer draft (immer copies exactly the path
 * they touch) or on a fresh trie. trieSetIn and trieDeleteIn copy the path themselves, node by
 * node, for a writer that knows which nodes it made (src/kernel/writer.ts). Iteration is in
 * ascending key order, so everything built from a trie is deterministic.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Slot<T> = Node<T> | T | undefined;
type Node<T> = Slot<T>[];

export interface Trie<T> {
  /** Levels below the root; a key must be below WIDTH ** depth. */
  readonly depth: number;
  readonly size: number;
  readonly root: Node<T>;
}

/**
 * Who may write which nodes. A persistent write copies every node on its path that it may not
 * write; the copies are the writer's from then on (`adopt`). `MUTABLE` may write everything:
 * a fresh trie, or one inside an immer draft (immer then copies what is written).
 */
export interface NodeOwner {
  owns(node: object): boolean;
  adopt(node: object): void;
}

const MUTABLE: NodeOwner = { owns: () => true, adopt: () => {} };

/** WIDTH ** n for every depth a safe integer key can need (32 ** 11 > 2 ** 53). */
const POWERS = Array.from({ length: 12 }, (_, n) => WIDTH ** n);

export function emptyTrie<T>(): Trie<T> {
  return { depth: 1, size: 0, root: [] };
}

function capacity(depth: number): number {
  return POWERS[depth] ?? Number.POSITIVE_INFINITY;
}

function slotIndex(key: number, level: number): number {
  // Shifts for the usual keys and levels (a shift count is taken modulo 32, so levels from 7
  // up would wrap); division keeps keys above 2^31 and the deep levels correct.
  if (key <= 0x7fffffff && level < 7) return (key >> (level * BITS)) & MASK;
  return Math.floor(key / (POWERS[level] as number)) & MASK;
}

function isKey(key: number): boolean {
  return Number.isSafeInteger(key) && key >= 0;
}

export function trieGet<T>(trie: Trie<T>, key: number): T | undefined {
  if (!isKey(key) || key >= capacity(trie.depth)) return undefined;
  let node: Node<T> | undefined = trie.root;
  for (let level = trie.depth - 1; level > 0; level--) {
    node = node[slotIndex(key, level)] as Node<T> | undefined;
    if (node === undefined) return undefined;
  }
  return node[key & MASK] as T | undefined;
}

export function trieHas<T>(trie: Trie<T>, key: number): boolean {
  return trieGet(trie, key) !== undefined;
}

type MutableTrie<T> = { depth: number; size: number; root: Node<T> };

/** `node`, or a copy of it that `owner` may write. */
function writable<T>(node: Node<T>, owner: NodeOwner): Node<T> {
  if (owner.owns(node)) return node;
  const copy = node.slice();
  owner.adopt(copy);
  return copy;
}

/** Stores `value` at `key` (mutating: call it on an immer draft or on a fresh trie). */
export function trieSet<T>(trie: Trie<T>, key: number, value: T): void {
  trieSetIn(trie, key, value, MUTABLE);
}

/**
 * Stores `value` at `key` in `trie`, which the caller may write, copying the nodes on the way
 * that `owner` may not: everything else stays shared with the trie's earlier versions.
 */
export function trieSetIn<T>(trie: Trie<T>, key: number, value: T, owner: NodeOwner): void {
  if (!isKey(key)) throw new RangeError(`trie key must be a non-negative safe integer: ${key}`);
  const mutable = trie as MutableTrie<T>;
  while (key >= capacity(mutable.depth)) {
    // An empty root is not worth keeping as a subtree: it would stay behind as an empty node.
    mutable.root = mutable.size === 0 ? [] : [mutable.root];
    owner.adopt(mutable.root);
    mutable.depth += 1;
  }
  let node = writable(mutable.root, owner);
  if (node !== mutable.root) mutable.root = node;
  for (let level = mutable.depth - 1; level > 0; level--) {
    const index = slotIndex(key, level);
    const child = node[index] as Node<T> | undefined;
    let next: Node<T>;
    if (child === undefined) {
      next = [];
      owner.adopt(next);
    } else {
      next = writable(child, owner);
    }
    if (next !== child) node[index] = next;
    node = next;
  }
  const leafIndex = key & MASK;
  if (node[leafIndex] === undefined) mutable.size += 1;
  node[leafIndex] = value;
}

/** Removes `key` (mutating), pruning nodes that become empty. Returns whether it was present. */
export function trieDelete<T>(trie: Trie<T>, key: number): boolean {
  return trieDeleteIn(trie, key, MUTABLE);
}

/** Removes `key` from `trie`, which the caller may write, copying nodes as trieSetIn does. */
export function trieDeleteIn<T>(trie: Trie<T>, key: number, owner: NodeOwner): boolean {
  if (trieGet(trie, key) === undefined) return false;
  const mutable = trie as MutableTrie<T>;
  const path: Node<T>[] = [];
  let node = writable(mutable.root, owner);
  if (node !== mutable.root) mutable.root = node;
  for (let level = mutable.depth - 1; level > 0; level--) {
    path.push(node);
    const index = slotIndex(key, level);
    const next = writable(node[index] as Node<T>, owner);
    if (next !== node[index]) node[index] = next;
    node = next;
  }
  node[key & MASK] = undefined;
  mutable.size -= 1;
  // Prune upwards so that an emptied region costs nothing to keep or to copy.
  let child: Node<T> = node;
  for (let level = 1; level < mutable.depth; level++) {
    if (child.some((slot) => slot !== undefined)) break;
    const parent = path[path.length - level] as Node<T>;
    parent[slotIndex(key, level)] = undefined;
    child = parent;
  }
  return true;
}

/** Visits every entry in ascending key order. */
export function* trieEntries<T>(trie: Trie<T>): Generator<[number, T]> {
  yield* walk(trie.root, trie.depth - 1, 0);
}

function* walk<T>(node: Node<T>, level: number, base: number): Generator<[number, T]> {
  const step = POWERS[level] as number;
  for (let i = 0; i < node.length; i++) {
    const slot = node[i];
    if (slot === undefined) continue;
    if (level === 0) yield [base + i, slot as T];
    else yield* walk(slot as Node<T>, level - 1, base + i * step);
  }
}

export function trieValues<T>(trie: Trie<T>): T[] {
  return Array.from(trieEntries(trie), ([, value]) => value);
}

/** Builds a trie from entries (not for drafts: it returns a fresh value). */
export function trieFrom<T>(entries: Iterable<[number, T]>): Trie<T> {
  const trie = emptyTrie<T>();
  for (const [key, value] of entries) trieSet(trie, key, value);
  return trie;
}
