/**
 * Human-readable lines for call records: what a learner reads when stepping through a scenario.
 */
import { errorName } from "../constants/errors.js";
import { INVALID_SOCKET } from "../constants/values.js";
import { INVALID_POINTER } from "./memory.js";
import type { CallRecord } from "./simulation.js";

function formatArg(arg: unknown): string {
  if (arg === null) return "NULL";
  if (arg === INVALID_POINTER) return "<invalid pointer>";
  if (arg === INVALID_SOCKET) return "INVALID_SOCKET";
  if (arg instanceof Uint8Array) return `<${arg.length} bytes>`;
  if (typeof arg === "number")
    return Number.isInteger(arg) && arg > 0xffff ? `0x${arg.toString(16)}` : String(arg);
  return JSON.stringify(arg) ?? String(arg);
}

export function formatReturn(ret: number | undefined): string {
  if (ret === undefined) return "(void)";
  if (ret === INVALID_SOCKET) return "INVALID_SOCKET";
  if (ret === -1) return "SOCKET_ERROR";
  return String(ret);
}

/** `A/1028 closesocket(8) = SOCKET_ERROR, WSAGetLastError() = WSAENOTSOCK  [HANDLE-KIND]` */
export function formatRecord(record: CallRecord): string {
  const call = `${record.call}(${record.args.map(formatArg).join(", ")})`;
  const error = record.ok ? "" : `, WSAGetLastError() = ${errorName(record.lastError)}`;
  const rules = record.rules.length > 0 ? `  [${record.rules.join(", ")}]` : "";
  return `${record.process}/${record.tid} ${call} = ${formatReturn(record.ret)}${error}${rules}`;
}
