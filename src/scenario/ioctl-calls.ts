/**
 * WSAIoctl in a scenario (rules IOCTL-*). Optional in WinsockApi, so the adapter says plainly
 * when the implementation it runs against has none.
 *
 * lpvInBuffer is written as what it holds: a GUID by its mswsock.h name ("WSAID_ACCEPTEX") or as
 * registry text, a tcp_keepalive as {onoff, keepalivetime, keepaliveinterval}, a u_long as a
 * number; null is NULL, "invalid" a pointer the call cannot read. cbInBuffer defaults to the
 * input's size. lpvOutBuffer is left out for cbOutBuffer bytes of writable memory (null and
 * "invalid" as usual). lpcbBytesReturned is an out pointer, shown after every call (a failure
 * may write it). On success the output is shown as "lpvOutBuffer": FIONREAD's and SIOCATMARK's
 * u_long, or the name of the extension function ("AcceptEx"). The OVERLAPPED is named as for
 * WSARecv, with hEvent and hEventLowBit; lpCompletionRoutine is a routine name, as for WSARecv
 * (src/scenario/apc-calls.ts), whose line shows when an alertable wait runs it.
 */
import { FunctionPointerRef, functionAt, GUID, tcp_keepalive } from "../api/ioctl-memory.js";
import { INVALID_POINTER, type InvalidPointer, isIntRef } from "../api/memory.js";
import { IOCTL_COMMANDS, SOCKET_ERROR, WSAIOCTL_CODES } from "../constants/values.js";
import { completionArg } from "./apc-calls.js";
import { INVALID_POINTER_TEXT } from "./args.js";
import type { Adapter } from "./calls.js";
import { method } from "./handle-calls.js";
import { overlappedArg } from "./overlapped-calls.js";
import { toNumber, ValueError } from "./values.js";

/** What the harness shows for a pointer that is none of the extension functions it knows. */
export const UNKNOWN_FUNCTION = "unknown";

/**
 * lpvInBuffer's bytes from the step's value: a GUID (name or text), a tcp_keepalive object, or a
 * u_long; the harness's compiler sends the same bytes.
 */
export function ioctlInput(value: unknown): Uint8Array {
  if (typeof value === "string" && /^(WSAID_|\{?[0-9a-f]{8}-)/i.test(value.trim()))
    return GUID(value.trim());
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const k = value as Record<string, unknown>;
    for (const key of Object.keys(k))
      if (key !== "onoff" && key !== "keepalivetime" && key !== "keepaliveinterval")
        throw new ValueError(
          `a tcp_keepalive has onoff, keepalivetime and keepaliveinterval, not "${key}"`,
        );
    return tcp_keepalive({
      onoff: toNumber(k.onoff ?? 0),
      keepalivetime: toNumber(k.keepalivetime ?? 0),
      keepaliveinterval: toNumber(k.keepaliveinterval ?? 0),
    });
  }
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, toNumber(value) >>> 0, true);
  return bytes;
}

function pointerOr<T>(raw: unknown, present: () => T): T | null | InvalidPointer {
  if (raw === undefined || raw === null) return null;
  if (raw === INVALID_POINTER_TEXT) return INVALID_POINTER;
  return present();
}

const { FIONREAD, SIOCATMARK } = IOCTL_COMMANDS;
const { SIO_GET_EXTENSION_FUNCTION_POINTER } = WSAIOCTL_CODES;

export const IOCTL_ADAPTERS: Readonly<Record<string, Adapter>> = {
  WSAIoctl: (t, a, process) => {
    const s = a.handle("s");
    const code = a.int("dwIoControlCode") >>> 0;
    const rawIn = a.raw("lpvInBuffer");
    const input = pointerOr(rawIn, () => {
      try {
        return ioctlInput(rawIn);
      } catch (error) {
        throw new ValueError(`argument "lpvInBuffer": ${(error as Error).message}`);
      }
    });
    const cbIn = a.int("cbInBuffer", input instanceof Uint8Array ? input.length : 0);
    const cbOut = a.int("cbOutBuffer", 0);
    const rawOut = a.has("lpvOutBuffer") ? a.raw("lpvOutBuffer") : "present";
    if (rawOut !== "present" && rawOut !== null && rawOut !== INVALID_POINTER_TEXT)
      throw new ValueError(
        `argument "lpvOutBuffer": left out (cbOutBuffer bytes of memory), null or "${INVALID_POINTER_TEXT}", got ${JSON.stringify(rawOut)}`,
      );
    const extension = code === SIO_GET_EXTENSION_FUNCTION_POINTER;
    // An extension function goes to a FunctionPointerRef when it is pointer-sized room.
    const output = pointerOr(rawOut === "present" ? 0 : rawOut, () =>
      extension && cbOut <= 8 ? new FunctionPointerRef() : new Uint8Array(Math.max(cbOut, 0)),
    );
    const bytes = a.outPointer("lpcbBytesReturned");
    const { pointer, slot } = overlappedArg(a, process);
    if (slot !== undefined) slot.buffers = null;
    const routine = completionArg(a, process);
    const ret = method(t, "WSAIoctl")(s, code, input, cbIn, output, cbOut, bytes, pointer, routine);
    return {
      ret,
      blocked: false,
      ok: (r: number | undefined) => r !== SOCKET_ERROR,
      outputs: (r) => {
        let shown: number | string | undefined;
        if (r === 0 && (code === FIONREAD || code === SIOCATMARK) && output instanceof Uint8Array)
          shown = new DataView(output.buffer).getUint32(0, true);
        if (r === 0 && extension) {
          const name = output instanceof FunctionPointerRef ? output.value : null;
          shown =
            name ??
            (output instanceof Uint8Array ? functionAt(output) : undefined) ??
            UNKNOWN_FUNCTION;
        }
        return {
          ...(isIntRef(bytes) ? { lpcbBytesReturned: bytes.value } : {}),
          ...(shown === undefined ? {} : { lpvOutBuffer: shown }),
        };
      },
    };
  },
};
