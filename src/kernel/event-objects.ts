/**
 * Event objects. WSACreateEvent makes one; a handle names it. Inheritance and DuplicateHandle
 * make more handles to the same object, so its state lives here, once, and not in any handle:
 * a WSASetEvent through one handle is seen through all of them (rule HANDLE-SHARED-OBJECT).
 */
import type { EventId, EventRecord, HandleEntry, KernelState } from "./state.js";
import { trieGet } from "./trie.js";
import type { Writer } from "./writer.js";

type EventHandle = Extract<HandleEntry, { kind: "event" }>;

export function eventById(state: KernelState, id: EventId): EventRecord {
  const event = trieGet(state.events, id);
  if (event === undefined) {
    throw new Error(`kernel invariant: a handle names event ${id}, which does not exist`);
  }
  return event;
}

/** Whether a handle-table entry is an event that is signalled. */
export function isSignalled(state: KernelState, entry: HandleEntry | undefined): boolean {
  return entry?.kind === "event" && eventById(state, entry.event).signalled;
}

/** A new, unsignalled event object with one reference; the caller places the handle. */
export function newEvent(w: Writer, manualReset: boolean): EventId {
  const root = w.root();
  const id = root.nextEventId;
  root.nextEventId += 1;
  const event: EventRecord = { id, signalled: false, manualReset, refCount: 1 };
  w.setIn(root, "events", id, event);
  return id;
}

/** Sets or resets the object; writes nothing when the state is already the one asked for. */
export function setSignalled(w: Writer, id: EventId, signalled: boolean): void {
  if (eventById(w.state, id).signalled === signalled) return;
  const event = w.editIn<EventRecord>(w.root(), "events", id);
  if (event !== undefined) event.signalled = signalled;
}

/** One more handle names the object (inheritance, DuplicateHandle). */
export function addEventReference(w: Writer, id: EventId): void {
  const event = w.editIn<EventRecord>(w.root(), "events", id);
  if (event === undefined) throw new Error(`kernel invariant: no event ${id} to reference`);
  event.refCount += 1;
}

/** A handle to the object was closed; the last one destroys it. */
export function dropEventReference(w: Writer, entry: EventHandle): void {
  const event = w.editIn<EventRecord>(w.root(), "events", entry.event);
  if (event === undefined) throw new Error(`kernel invariant: no event ${entry.event} to release`);
  event.refCount -= 1;
  if (event.refCount === 0) w.deleteIn(w.root(), "events", entry.event);
}
