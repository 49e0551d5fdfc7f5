/**
 * AcceptEx in scenarios (rules ACCEPTEX-*). Optional in WinsockApi, like the other overlapped
 * calls, so the adapter says plainly when the implementation it runs against has none.
 *
 * The step names its OVERLAPPED as WSARecv's does ("lpOverlapped": "ov1", with "hEvent"). The
 * output buffer is the step's own: left out, one of dwReceiveDataLength + dwLocalAddressLength
 * + dwRemoteAddressLength bytes; null, NULL; "invalid", a pointer outside the process. Its data
 * part is kept with the OVERLAPPED's name, so that WSAGetOverlappedResult shows what the
 * operation received ("lpBuffers", one text) as it does for a receive. The address slots hold
 * ephemeral ports and are not shown; GetAcceptExSockaddrs, a pure function of the buffer, is
 * the facade's (src/api/thread/accept-ex.ts).
 */
import { INVALID_POINTER, isIntRef } from "../api/memory.js";
import { WSABUF } from "../api/structs.js";
import type { Args } from "./args.js";
import { INVALID_POINTER_TEXT } from "./args.js";
import type { Adapter } from "./calls.js";
import { method } from "./handle-calls.js";
import { overlappedArg } from "./overlapped-calls.js";
import { ValueError } from "./values.js";

/** sizeof(SOCKADDR_IN) + 16: the address slot the AcceptEx page asks for with IPv4. */
export const DEFAULT_ADDRESS_LENGTH = 32;

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
};
