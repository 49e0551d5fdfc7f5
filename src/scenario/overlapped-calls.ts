/**
 * The scatter/gather and overlapped calls a scenario can make: WSARecv, WSARecvFrom, WSASend,
 * WSASendTo and WSAGetOverlappedResult (rules IO-*, DGIO-*). They are optional in WinsockApi, so each adapter says
 * plainly when the implementation it runs against has none.
 *
 * An OVERLAPPED is named by the step ("lpOverlapped": "ov1") and belongs to the step's process:
 * the first use of a name makes a zeroed structure, later uses take the same one, as a C program
 * reuses a variable. The name also keeps the buffers of the last WSARecv made with it, which a
 * pending receive fills when it completes (possibly during another process's step), so that
 * WSAGetOverlappedResult can show what the operation received, and a WSARecvFrom's lpFrom and
 * lpFromlen, which it writes when it completes.
 */
import { INVALID_POINTER, type IntArg, type InvalidPointer, isIntRef } from "../api/memory.js";
import { formatSockaddr } from "../api/sockaddr.js";
import { type WSABUF, WSAOVERLAPPED } from "../api/structs.js";
import { SOCKET_ERROR } from "../constants/values.js";
import { BLOCKED, type Blocked } from "../kernel/index.js";
import { completionArg } from "./apc-calls.js";
import { type Args, MISSING } from "./args.js";
import type { Adapter, CallResult } from "./calls.js";
import { method } from "./handle-calls.js";
import { ValueError } from "./values.js";
import type { WorldProcess } from "./world.js";

/** A named OVERLAPPED of a process, and the buffers of the last receive made with it. */
export interface Slot {
  readonly overlapped: WSAOVERLAPPED;
  /** The WSABUFs of the last WSARecv with this OVERLAPPED; null after a WSASend. */
  buffers: readonly WSABUF[] | null;
  /** The lpFrom and lpFromlen of the last WSARecvFrom with this OVERLAPPED, or null. */
  from: FromArgs | null;
}

/** WSARecvFrom's lpFrom (a 28-byte buffer, room for any sockaddr, or NULL) and lpFromlen. */
interface FromArgs {
  readonly name: Uint8Array | null;
  readonly namelen: ReturnType<Args["intRef"]>;
}

/** lpFrom and *lpFromlen as outputs, when the call (or its completion) wrote them. */
function fromOutputs(from: FromArgs | null): Record<string, unknown> {
  if (from === null || from.namelen === null) return {};
  const { name, namelen } = from;
  return {
    ...(name === null ? {} : { lpFrom: formatSockaddr(name, namelen.value) }),
    lpFromlen: namelen.value,
  };
}

/** Each process's OVERLAPPEDs by name; a process that exits takes its own with it. */
const slots = new WeakMap<WorldProcess, Map<string, Slot>>();

function slotOf(process: WorldProcess, name: string): Slot {
  let named = slots.get(process);
  if (named === undefined) {
    named = new Map();
    slots.set(process, named);
  }
  let slot = named.get(name);
  if (slot === undefined) {
    slot = { overlapped: new WSAOVERLAPPED(), buffers: null, from: null };
    named.set(name, slot);
  }
  return slot;
}

/** The OVERLAPPED `name` of `process`: zeroed at the name's first use, the same one after. */
export const namedOverlapped = (process: WorldProcess, name: string): WSAOVERLAPPED =>
  slotOf(process, name).overlapped;

/** The name `process` gave `overlapped`, or undefined for a structure it never named. */
export function nameOf(process: WorldProcess, overlapped: WSAOVERLAPPED): string | undefined {
  for (const [name, slot] of slots.get(process) ?? [])
    if (slot.overlapped === overlapped) return name;
  return undefined;
}

/** What an out pointer holds after the call, for expectations; absent for NULL or invalid. */
const value = (pointer: IntArg) => (isIntRef(pointer) ? pointer.value : undefined);

/**
 * The bytes each buffer received, as text: the first `count` bytes of the data spread over the
 * buffers in order, each filled before the next ("" for a buffer the data did not reach).
 */
export function received(buffers: readonly WSABUF[], count: number): string[] {
  let left = Math.max(count, 0);
  return buffers.map((wsabuf) => {
    const take = Math.min(wsabuf.len, left);
    left -= take;
    return new TextDecoder().decode((wsabuf.buf ?? new Uint8Array(0)).subarray(0, take));
  });
}

/**
 * The step's lpOverlapped (a name, null or "invalid") and its hEvent argument, which sets the
 * structure's hEvent when given (a new structure's is 0, a reused one keeps its own).
 */
export function overlappedArg(
  a: Args,
  process: WorldProcess,
): { pointer: WSAOVERLAPPED | null | InvalidPointer; slot: Slot | undefined } {
  const name = a.structName("lpOverlapped");
  const given = a.has("hEvent");
  const hEvent = a.handle("hEvent", 0);
  // C's (HANDLE)((ULONG_PTR)hEvent | 1): the operation completes, but queues no packet on a
  // completion port (PORT-NO-PACKET).
  const lowBit = a.bool("hEventLowBit", false);
  if (a.has("hEventLowBit") && !given)
    throw new ValueError('argument "hEventLowBit": given only with an "hEvent"');
  if (name === null || name === INVALID_POINTER) {
    if (given)
      throw new ValueError(
        'argument "hEvent": an OVERLAPPED\'s event is given only with an "lpOverlapped" name',
      );
    return { pointer: name, slot: undefined };
  }
  const slot = slotOf(process, name);
  if (given) slot.overlapped.hEvent = lowBit ? hEvent | 1 : hEvent;
  return { pointer: slot.overlapped, slot };
}

const count = (buffers: readonly WSABUF[] | null | InvalidPointer) =>
  Array.isArray(buffers) ? buffers.length : 0;

function wsaResult(ret: number | Blocked, outputs: CallResult["outputs"]): CallResult {
  const blocked = ret === BLOCKED;
  return {
    ret: blocked ? undefined : (ret as number),
    blocked,
    ok: (r: number | undefined) => r !== SOCKET_ERROR,
    outputs,
  };
}

export const OVERLAPPED_ADAPTERS: Readonly<Record<string, Adapter>> = {
  WSARecv: (t, a, process) => {
    const s = a.handle("s");
    const buffers = a.wsabufs("lpBuffers", false);
    const dwBufferCount = a.int("dwBufferCount", count(buffers));
    const bytes = a.outPointer("lpNumberOfBytesRecvd");
    const flags = a.outPointer("lpFlags");
    const { pointer, slot } = overlappedArg(a, process);
    const routine = completionArg(a, process);
    const used = Array.isArray(buffers) ? buffers : null;
    if (slot !== undefined) {
      slot.buffers = used;
      slot.from = null;
    }
    const ret = method(t, "WSARecv")(s, buffers, dwBufferCount, bytes, flags, pointer, routine);
    return wsaResult(ret, (r) => {
      // A pending (or failed) receive has written nothing yet: its outputs come from
      // WSAGetOverlappedResult.
      if (r !== 0) return {};
      const got = value(bytes) ?? slot?.overlapped.InternalHigh;
      return {
        ...(used === null || got === undefined ? {} : { lpBuffers: received(used, got) }),
        ...(isIntRef(bytes) ? { lpNumberOfBytesRecvd: bytes.value } : {}),
        ...(isIntRef(flags) ? { lpFlags: flags.value } : {}),
      };
    });
  },
  WSARecvFrom: (t, a, process) => {
    const s = a.handle("s");
    const buffers = a.wsabufs("lpBuffers", false);
    const dwBufferCount = a.int("dwBufferCount", count(buffers));
    const bytes = a.outPointer("lpNumberOfBytesRecvd");
    const flags = a.outPointer("lpFlags");
    // As recvfrom's from: room for any sockaddr unless the step passes null.
    const name = a.has("lpFrom") && a.raw("lpFrom") === null ? null : new Uint8Array(28);
    const from: FromArgs = { name, namelen: a.intRef("lpFromlen", name?.length ?? 0) };
    const { pointer, slot } = overlappedArg(a, process);
    const routine = completionArg(a, process);
    const used = Array.isArray(buffers) ? buffers : null;
    if (slot !== undefined) {
      slot.buffers = used;
      slot.from = from;
    }
    const call = method(t, "WSARecvFrom");
    const ret = call(s, buffers, dwBufferCount, bytes, flags, name, from.namelen, pointer, routine);
    return wsaResult(ret, (r) => {
      // As WSARecv: a pending or failed receive shows its outputs through WSAGetOverlappedResult.
      if (r !== 0) return {};
      const got = value(bytes) ?? slot?.overlapped.InternalHigh;
      return {
        ...(used === null || got === undefined ? {} : { lpBuffers: received(used, got) }),
        ...(isIntRef(bytes) ? { lpNumberOfBytesRecvd: bytes.value } : {}),
        ...(isIntRef(flags) ? { lpFlags: flags.value } : {}),
        ...fromOutputs(from),
      };
    });
  },
  WSASendTo: (t, a, process) => {
    const s = a.handle("s");
    const buffers = a.wsabufs("lpBuffers", true);
    const dwBufferCount = a.int("dwBufferCount", count(buffers));
    const bytes = a.outPointer("lpNumberOfBytesSent");
    const dwFlags = a.int("dwFlags", 0);
    const to = a.address("lpTo");
    const target = to === MISSING ? null : to;
    const iTolen = a.int("iTolen", target?.length ?? 0);
    const { pointer, slot } = overlappedArg(a, process);
    const routine = completionArg(a, process);
    if (slot !== undefined) {
      slot.buffers = null;
      slot.from = null;
    }
    const call = method(t, "WSASendTo");
    const ret = call(s, buffers, dwBufferCount, bytes, dwFlags, target, iTolen, pointer, routine);
    return wsaResult(ret, (r) =>
      r === 0 && isIntRef(bytes) ? { lpNumberOfBytesSent: bytes.value } : {},
    );
  },
  WSASend: (t, a, process) => {
    const s = a.handle("s");
    const buffers = a.wsabufs("lpBuffers", true);
    const dwBufferCount = a.int("dwBufferCount", count(buffers));
    const bytes = a.outPointer("lpNumberOfBytesSent");
    const dwFlags = a.int("dwFlags", 0);
    const { pointer, slot } = overlappedArg(a, process);
    const routine = completionArg(a, process);
    if (slot !== undefined) {
      slot.buffers = null;
      slot.from = null;
    }
    const ret = method(t, "WSASend")(s, buffers, dwBufferCount, bytes, dwFlags, pointer, routine);
    return wsaResult(ret, (r) =>
      r === 0 && isIntRef(bytes) ? { lpNumberOfBytesSent: bytes.value } : {},
    );
  },
  WSAGetOverlappedResult: (t, a, process) => {
    const s = a.handle("s");
    const name = a.structName("lpOverlapped");
    const slot = name === null || name === INVALID_POINTER ? undefined : slotOf(process, name);
    const pointer = slot?.overlapped ?? (name as null | InvalidPointer);
    const transfer = a.outPointer("lpcbTransfer");
    const fWait = a.int("fWait");
    const flags = a.outPointer("lpdwFlags");
    const ret = method(t, "WSAGetOverlappedResult")(s, pointer, transfer, fWait, flags);
    const result = wsaResult(ret, (r) => {
      const got = value(transfer) ?? slot?.overlapped.InternalHigh ?? 0;
      const buffers = r === 1 ? slot?.buffers : null;
      return {
        ...(isIntRef(transfer) ? { lpcbTransfer: transfer.value } : {}),
        ...(isIntRef(flags) ? { lpdwFlags: flags.value } : {}),
        ...(buffers === null || buffers === undefined ? {} : { lpBuffers: received(buffers, got) }),
        ...(r === 1 ? fromOutputs(slot?.from ?? null) : {}),
      };
    });
    return { ...result, ok: (r) => r !== 0 };
  },
};
