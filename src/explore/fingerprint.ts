/**
 * A 64-bit fingerprint of immutable data, and only of immutable data (the kernel's snapshots), for recognising a state the
 * explorer has been in before. Snapshots share every part a step did not touch, so each
 * object's fingerprint is kept (by identity, weakly) and a step costs only the path it copied.
 *
 * Two different states with the same fingerprint would be taken for one, and the second's
 * schedules counted without being run: with 64 bits and the few thousand states of a scenario
 * worth exploring, the chance is far below one in a billion. Equal states may still get
 * different fingerprints (an object's keys in another order): the explorer then runs both,
 * which costs time, never correctness.
 */

const CACHE = new WeakMap<object, readonly [number, number]>();

/** Tags that keep values of different kinds apart ("1" from 1, [] from {}). */
const enum Tag {
  Undefined = 1,
  Null,
  False,
  True,
  Int,
  Number,
  String,
  Array,
  Object,
  Map,
  Set,
  Bytes,
  Function,
  Symbol,
  BigInt,
}

class Hasher {
  a = 0x811c9dc5;
  b = 0x01000193;

  word(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x85ebca6b);
    this.a ^= this.a >>> 13;
    this.b = Math.imul(this.b ^ x, 0xc2b2ae35) + this.a;
    this.b ^= this.b >>> 16;
  }

  /** The two halves as 16 hex digits. */
  digest(): string {
    return (
      (this.a >>> 0).toString(16).padStart(8, "0") + (this.b >>> 0).toString(16).padStart(8, "0")
    );
  }

  text(text: string): void {
    this.word(text.length);
    for (let i = 0; i < text.length; i++) this.word(text.charCodeAt(i));
  }
}

function pairOf(value: object): readonly [number, number] {
  const cached = CACHE.get(value);
  if (cached !== undefined) return cached;
  const h = new Hasher();
  if (ArrayBuffer.isView(value)) {
    h.word(Tag.Bytes);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    h.word(bytes.length);
    for (const byte of bytes) h.word(byte);
  } else if (Array.isArray(value)) {
    h.word(Tag.Array);
    h.word(value.length);
    // Holes and undefined slots (a trie's empty branches) are left out; their indexes are not.
    value.forEach((item, index) => {
      if (item === undefined) return;
      h.word(index);
      add(h, item);
    });
  } else if (value instanceof Map) {
    h.word(Tag.Map);
    for (const [key, item] of value) {
      add(h, key);
      add(h, item);
    }
  } else if (value instanceof Set) {
    h.word(Tag.Set);
    for (const item of value) add(h, item);
  } else {
    h.word(Tag.Object);
    for (const key of Object.keys(value)) {
      h.text(key);
      add(h, (value as Record<string, unknown>)[key]);
    }
  }
  const pair = [h.a >>> 0, h.b >>> 0] as const;
  // Kept by identity: the data is immutable by contract (src/kernel/transaction.ts), frozen or not.
  CACHE.set(value, pair);
  return pair;
}

function add(h: Hasher, value: unknown): void {
  switch (typeof value) {
    case "undefined":
      h.word(Tag.Undefined);
      return;
    case "boolean":
      h.word(value ? Tag.True : Tag.False);
      return;
    case "number":
      if (Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) {
        h.word(Tag.Int);
        h.word(value);
      } else {
        h.word(Tag.Number);
        h.text(String(value));
      }
      return;
    case "string":
      h.word(Tag.String);
      h.text(value);
      return;
    case "bigint":
      h.word(Tag.BigInt);
      h.text(value.toString());
      return;
    case "symbol":
      h.word(Tag.Symbol);
      h.text(value.description ?? "");
      return;
    case "function":
      h.word(Tag.Function);
      h.text(value.name);
      return;
    default: {
      if (value === null) {
        h.word(Tag.Null);
        return;
      }
      const [a, b] = pairOf(value as object);
      h.word(a);
      h.word(b);
    }
  }
}

/** The fingerprint of `value` as 16 hex digits. */
export function fingerprint(value: unknown): string {
  const h = new Hasher();
  add(h, value);
  return h.digest();
}

/**
 * The fingerprint of `prefix` and a value made for this call only (a step's result): walked
 * without the identity cache, whose entries such a value would never use again.
 */
export function freshFingerprint(prefix: string, value: unknown): string {
  const h = new Hasher();
  h.text(prefix);
  addFresh(h, value);
  return h.digest();
}

function addFresh(h: Hasher, value: unknown): void {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) {
    add(h, value);
    return;
  }
  if (Array.isArray(value)) {
    h.word(Tag.Array);
    h.word(value.length);
    for (let i = 0; i < value.length; i++) addFresh(h, value[i]);
    return;
  }
  if (value instanceof Map || value instanceof Set) {
    add(h, value);
    return;
  }
  h.word(Tag.Object);
  for (const key of Object.keys(value)) {
    h.text(key);
    addFresh(h, (value as Record<string, unknown>)[key]);
  }
}

/** The fingerprint of a text (the explorer's chains of step fingerprints). */
export function textFingerprint(text: string): string {
  const h = new Hasher();
  h.text(text);
  return h.digest();
}
