/**
 * ConnectEx and DisconnectEx in a scenario (rules CONNECTEX-*, DISCONNECTEX-*). They are
 * optional in WinsockApi, so each adapter says plainly when the implementation has none.
 *
 * The OVERLAPPED is named as for WSARecv ("lpOverlapped": "ov1", with "hEvent" and
 * "hEventLowBit"); its result is read with WSAGetOverlappedResult or a completion port.
 * ConnectEx's lpSendBuffer is data like send's buf ("lpSendBuffer": "abc"), and
 * dwSendDataLength defaults to its length.
 */
import { isIntRef } from "../api/memory.js";
import { BLOCKED } from "../kernel/index.js";
import { MISSING } from "./args.js";
import type { Adapter } from "./calls.js";
import { method } from "./handle-calls.js";
import { overlappedArg } from "./overlapped-calls.js";

const isTrue = (r: number | undefined) => r !== undefined && r !== 0;

export const CONNECT_EX_ADAPTERS: Readonly<Record<string, Adapter>> = {
  ConnectEx: (t, a, process) => {
    const s = a.handle("s");
    const name = a.address("name");
    const bytes = name === MISSING ? null : name;
    const namelen = a.int("namelen", bytes?.length ?? 0);
    const buffer = a.data("lpSendBuffer");
    const send = buffer === MISSING ? null : buffer;
    const length = a.int("dwSendDataLength", send?.length ?? 0);
    const sent = a.outPointer("lpdwBytesSent");
    const { pointer } = overlappedArg(a, process);
    const ret = method(t, "ConnectEx")(s, bytes, namelen, send, length, sent, pointer);
    return {
      ret,
      blocked: false,
      ok: isTrue,
      // lpdwBytesSent is written only when the call returns TRUE (CONNECTEX-PENDING).
      outputs: (r) => (r === 1 && isIntRef(sent) ? { lpdwBytesSent: sent.value } : {}),
    };
  },
  DisconnectEx: (t, a, process) => {
    const s = a.handle("s");
    const { pointer } = overlappedArg(a, process);
    const ret = method(t, "DisconnectEx")(s, pointer, a.int("dwFlags", 0), a.int("dwReserved", 0));
    const blocked = ret === BLOCKED;
    return {
      ret: blocked ? undefined : (ret as number),
      blocked,
      ok: isTrue,
      outputs: () => ({}),
    };
  },
};
