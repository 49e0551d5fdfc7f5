/**
 * AcceptEx in scenarios (rules ACCEPTEX-*). Optional in WinsockApi, like the other overlapped
 * calls, so the adapter says plainly when the implementation it runs against has none.
 *
 * The step names its OVERLAPPED as WSARecv's does ("lpOverlapped": "ov1", with "hEvent"). The
 * output buffer is the step's own: left out, one of dwReceiveDataLength + dwLocalAddressLength
 * + dwRemoteAddressLength bytes; null, NULL; "invalid", a pointer outside the process. Its data
 * part is kept with the OVERLAPPED's name, so that WSAGetOverlappedResult shows what the
 * operation received ("lpBuffers", one text) as it does for a receive. The address slots hold
 * ephemeral ports and are not shown by AcceptEx itself: the whole buffer, with the three lengths,
 * is kept with the OVERLAPPED too, and a GetAcceptExSockaddrs step names it ("lpOutputBuffer":
 * "ov") to read the addresses out, as a C program passes the buffer it gave AcceptEx.
 */
import { INVALID_POINTER, type IntArg, isIntRef } from "../api/memory.js";
import { formatSockaddr } from "../api/sockaddr.js";
import { WSABUF, type WSAOVERLAPPED } from "../api/structs.js";
import { type SockaddrRef, sockaddrRef } from "../api/thread/accept-ex.js";
import type { Args } from "./args.js";
import { INVALID_POINTER_TEXT } from "./args.js";
import type { Adapter } from "./calls.js";
import { method } from "./handle-calls.js";
import { namedOverlapped, overlappedArg } from "./overlapped-calls.js";
import { ValueError } from "./values.js";

/** sizeof(SOCKADDR_IN) + 16: the address slot the AcceptEx page asks for with IPv4. */
export const DEFAULT_ADDRESS_LENGTH = 32;

/** An AcceptEx's output buffer and the three lengths it was given. */
interface KeptBuffer {
  readonly buffer: Uint8Array;
  readonly receive: number;
  readonly local: number;
  readonly remote: number;
}

/**
 * The buffer of the last AcceptEx made with each OVERLAPPED (keyed by the structure, which a
 * name keeps for its process's life). Another AcceptEx with the same name replaces it, and one
 * without a buffer of its own (NULL, "invalid") removes it, as the harness's entry does.
 */
const kept = new WeakMap<WSAOVERLAPPED, KeptBuffer>();

/** What lpOutputBuffer was given as: left out (a buffer for the three parts), null or "invalid". */
type BufferGiven = "left out" | null | typeof INVALID_POINTER;

/** lpOutputBuffer, read in the page's order (before the lengths that size it). */
function bufferGiven(a: Args): BufferGiven {
  if (!a.has("lpOutputBuffer")) return "left out";
  const value = a.raw("lpOutputBuffer");
  if (value === null) return null;
  if (value === INVALID_POINTER_TEXT) return INVALID_POINTER;
  throw new ValueError(
    `argument "lpOutputBuffer": expected null or "${INVALID_POINTER_TEXT}" (left out, a buffer for the three parts), got ${JSON.stringify(value)}`,
  );
}

export const ACCEPT_EX_ADAPTERS: Readonly<Record<string, Adapter>> = {
  AcceptEx: (t, a, process) => {
    const listen = a.handle("sListenSocket");
    const accept = a.handle("sAcceptSocket");
    const given = bufferGiven(a);
    const receive = a.int("dwReceiveDataLength", 0);
    const local = a.int("dwLocalAddressLength", DEFAULT_ADDRESS_LENGTH);
    const remote = a.int("dwRemoteAddressLength", DEFAULT_ADDRESS_LENGTH);
    const size = Math.max(receive, 0) + Math.max(local, 0) + Math.max(remote, 0);
    const buffer = given === "left out" ? new Uint8Array(size) : given;
    const bytes = a.outPointer("lpdwBytesReceived");
    const { pointer, slot } = overlappedArg(a, process);
    // The data part, shared with the buffer, for WSAGetOverlappedResult's "lpBuffers".
    if (slot !== undefined)
      slot.buffers =
        buffer instanceof Uint8Array && receive > 0
          ? [new WSABUF(receive, buffer.subarray(0, receive))]
          : null;
    if (slot !== undefined) {
      if (buffer instanceof Uint8Array)
        kept.set(slot.overlapped, { buffer, receive, local, remote });
      else kept.delete(slot.overlapped);
    }
    const ret = method(t, "AcceptEx")(
      listen,
      accept,
      buffer,
      receive,
      local,
      remote,
      bytes,
      pointer,
    );
    return {
      ret,
      blocked: false,
      ok: (r) => r !== 0,
      outputs: (r) => (r !== 0 && isIntRef(bytes) ? { lpdwBytesReceived: bytes.value } : {}),
    };
  },
  GetAcceptExSockaddrs: (t, a, process) => {
    // Every parameter is read before any is refused: parameterNames() learns them by a probe.
    const name = a.structName("lpOutputBuffer");
    const given = typeof name === "string" ? kept.get(namedOverlapped(process, name)) : undefined;
    const receive = a.int("dwReceiveDataLength", given?.receive ?? 0);
    const local = a.int("dwLocalAddressLength", given?.local ?? DEFAULT_ADDRESS_LENGTH);
    const remote = a.int("dwRemoteAddressLength", given?.remote ?? DEFAULT_ADDRESS_LENGTH);
    const localAddress = sockaddrArg(a, "LocalSockaddr");
    const localLength = lengthArg(a, "LocalSockaddrLength");
    const remoteAddress = sockaddrArg(a, "RemoteSockaddr");
    const remoteLength = lengthArg(a, "RemoteSockaddrLength");
    if (typeof name !== "string")
      throw new ValueError(
        'argument "lpOutputBuffer": expected the name of the OVERLAPPED an AcceptEx was given (its buffer is read)',
      );
    if (given === undefined)
      throw new ValueError(
        `argument "lpOutputBuffer": no AcceptEx with a buffer was made with OVERLAPPED "${name}"`,
      );
    method(t, "GetAcceptExSockaddrs")(
      given.buffer,
      receive,
      local,
      remote,
      localAddress,
      localLength,
      remoteAddress,
      remoteLength,
    );
    // void: nothing returned and no error set, as WSASetLastError's step shows.
    return {
      ret: undefined,
      blocked: false,
      ok: () => true,
      outputs: () => ({
        ...addressOutputs("LocalSockaddr", localAddress, localLength),
        ...addressOutputs("RemoteSockaddr", remoteAddress, remoteLength),
      }),
    };
  },
};

/**
 * A `sockaddr**` output, only left out (a cell the call points into the buffer): the function
 * writes through it unchecked, so NULL would be an access violation, which the simulator does
 * not model.
 */
function sockaddrArg(a: Args, name: string): SockaddrRef {
  if (a.has(name))
    throw new ValueError(`argument "${name}": left out only (a pointer the call sets)`);
  return sockaddrRef();
}

/** An `INT*` the call writes unchecked: left out or an initial value, not null or "invalid". */
function lengthArg(a: Args, name: string): IntArg {
  const pointer = a.outPointer(name);
  if (!isIntRef(pointer))
    throw new ValueError(
      `argument "${name}": the call writes through it unchecked (no null or "invalid")`,
    );
  return pointer;
}

/** The address (as "127.0.0.1:80") and its length, each shown when the call wrote it. */
function addressOutputs(
  key: string,
  address: SockaddrRef,
  length: IntArg,
): Record<string, unknown> {
  const size = isIntRef(length) ? length.value : undefined;
  const bytes = address.value;
  const text = bytes === null ? undefined : formatSockaddr(bytes, size ?? bytes.length);
  return {
    ...(text === undefined ? {} : { [key]: text }),
    ...(size === undefined ? {} : { [`${key}Length`]: size }),
  };
}
