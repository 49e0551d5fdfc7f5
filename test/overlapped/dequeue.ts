/** A completion-port test helper the overlapped tests share. */
import { intRef, overlappedRef, type WinsockThread } from "../../src/index.js";

/** One GetQueuedCompletionStatus without waiting: what it returned and wrote, and the error. */
export function dequeue(t: WinsockThread, port: number) {
  const bytes = intRef(-1);
  const key = intRef(-1);
  const o = overlappedRef();
  const ret = t.GetQueuedCompletionStatus(port, bytes, key, o, 0);
  return {
    ret,
    error: ret === 1 ? 0 : t.WSAGetLastError(),
    bytes: bytes.value,
    key: key.value,
    o: o.value,
  };
}
