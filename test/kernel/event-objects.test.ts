/**
 * Event objects (src/kernel/event-objects.ts): one object however many handles name it, destroyed
 * with its last handle (HANDLE-SHARED-OBJECT), and the kernel invariants of the functions that
 * find, reference and release it. Written for the mutants that survived the mutation run of the
 * issue 15 code (docs/mutation/issue15-code.md).
 */
import { describe, expect, it } from "vitest";
import { DUPLICATE_OPTIONS, intRef, kernel, type WinsockThread } from "../../src/index.js";
import {
  addEventReference,
  dropEventReference,
  eventById,
} from "../../src/kernel/event-objects.js";
import { initialState } from "../../src/kernel/state.js";
import { Edit } from "../../src/kernel/writer.js";
import { world } from "../net/helpers.js";

/** The event object `id`, or undefined once it is gone. */
function objectOf(t: WinsockThread, id: number): kernel.EventRecord | undefined {
  return kernel.trieGet(t.sim.state.events, id);
}

function eventIdOf(t: WinsockThread, h: number): number {
  const process = kernel.findProcess(t.sim.state, t.pid);
  const entry = process === undefined ? undefined : kernel.trieGet(process.handles, h / 4);
  if (entry?.kind !== "event") throw new Error(`no event handle ${h}`);
  return entry.event;
}

describe("an event object and its handles (HANDLE-SHARED-OBJECT)", () => {
  it("lives while any handle names it, and goes with the last one", () => {
    const { t } = world("A");
    const a = t.A!;
    const first = a.WSACreateEvent();
    const id = eventIdOf(a, first);
    const copy = intRef(0);
    expect(
      a.DuplicateHandle(-1, first, -1, copy, 0, false, DUPLICATE_OPTIONS.DUPLICATE_SAME_ACCESS),
    ).toBe(1);
    expect(objectOf(a, id)?.refCount).toBe(2);
    // Closing one handle leaves the object, usable through the other.
    expect(a.WSACloseEvent(first)).toBe(1);
    expect(objectOf(a, id)?.refCount).toBe(1);
    expect(a.WSASetEvent(copy.value)).toBe(1);
    expect(objectOf(a, id)?.signalled).toBe(true);
    // The last handle closed: the object is destroyed.
    expect(a.CloseHandle(copy.value)).toBe(1);
    expect(objectOf(a, id)).toBeUndefined();
  });
});

describe("kernel invariants of the event functions", () => {
  it("eventById, addEventReference and dropEventReference refuse an event that does not exist", () => {
    const state = initialState();
    expect(() => eventById(state, 99)).toThrow(
      "kernel invariant: a handle names event 99, which does not exist",
    );
    expect(() => addEventReference(new Edit(state), 99)).toThrow(
      "kernel invariant: no event 99 to reference",
    );
    const entry = { kind: "event", event: 99, inheritable: false, origin: "created" } as const;
    expect(() => dropEventReference(new Edit(state), entry)).toThrow(
      "kernel invariant: no event 99 to release",
    );
  });
});
