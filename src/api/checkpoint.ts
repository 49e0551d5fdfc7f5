/**
 * Going back: every object of the facade that holds state outside the kernel's snapshot has a
 * method under this symbol that captures that state and returns a function putting it back.
 * The explorer (src/explore/) branches from a schedule's prefix this way instead of replaying
 * it. A symbol rather than a name keeps the method off the list of Winsock calls a thread has.
 */
export const CHECKPOINT: unique symbol = Symbol("checkpoint");

/** Puts an object back as it was when the checkpoint was taken. */
export type Restore = () => void;

export interface Checkpointable {
  [CHECKPOINT](): Restore;
}
