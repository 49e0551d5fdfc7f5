/**
 * How the kernel sees the caller's pointer parameters.
 *
 * The kernel does not know how a facade represents memory; it only needs to know, for each
 * pointer, whether it is NULL, points outside the caller's address space (Windows answers
 * WSAEFAULT), or names a buffer of a given size and content. Outputs travel back as values, and
 * the facade copies them into the caller's memory.
 */
export type BufferPointer =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  | { readonly kind: "buffer"; readonly bytes: Uint8Array };

/** A pointer to an int that the call reads and may write (optlen, addrlen). */
export type IntPointer =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  | { readonly kind: "int"; readonly value: number };

/** A pointer the call only writes through: it matters only whether it may be written. */
export type OutPointer =
  | { readonly kind: "null" }
  | { readonly kind: "invalid" }
  | { readonly kind: "valid" };

/** What a call wrote to the caller's memory, also when it failed. */
export interface OptionOutput {
  /** Bytes written at the start of optval. */
  readonly optval?: Uint8Array;
  /** The value written to *optlen. */
  readonly optlen?: number;
}
