/**
 * The facade's WSAIoctl (kernel: src/kernel/calls/wsaioctl.ts; rules IOCTL-*).
 *
 * Buffers: lpvInBuffer is a Uint8Array (GUID("WSAID_ACCEPTEX"), tcp_keepalive({...}), int32(1))
 * or an IntRef standing for a u_long; lpvOutBuffer a Uint8Array, an IntRef (FIONREAD's u_long)
 * or a FunctionPointerRef (SIO_GET_EXTENSION_FUNCTION_POINTER). A buffer shorter than the length
 * passed with it reaches outside the caller's memory, as in C.
 */
import { SOCKET_ERROR } from "../../constants/values.js";
import type { BufferPointer, IoctlOutput, IoctlWritten } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle } from "../args.js";
import { FunctionPointerRef, standInAddress } from "../ioctl-memory.js";
import {
  fieldWritable,
  type IntArg,
  type IntRef,
  type InvalidPointer,
  isIntRef,
  outPointer,
} from "../memory.js";
import { type CompletionRoutine, routineAddress } from "../routines.js";
import { WSAOVERLAPPED } from "../structs.js";
import { asPassed } from "./arguments.js";
import { ThreadConnectEx } from "./connect-ex.js";
import type { OverlappedPtr } from "./overlapped.js";

export type IoctlInBuffer = Uint8Array | IntRef | null | InvalidPointer;
export type IoctlOutBuffer = Uint8Array | IntRef | FunctionPointerRef | null | InvalidPointer;

export abstract class ThreadIoctl extends ThreadConnectEx {
  /**
   * WSAIoctl: 0 or SOCKET_ERROR (WSA_IO_PENDING for an unknown code with an OVERLAPPED, whose
   * operation has completed with STATUS_NOT_SUPPORTED). With lpOverlapped and
   * lpCompletionRoutine, the routine is queued to this thread when the operation completes (at
   * once for every code), runs in its next alertable wait, and replaces the event and the
   * completion packet (rules IOCTL-OVERLAPPED, APC-ROUTINE); without lpOverlapped it is unused.
   */
  WSAIoctl(
    s: number,
    dwIoControlCode: number,
    lpvInBuffer: IoctlInBuffer,
    cbInBuffer: number,
    lpvOutBuffer: IoctlOutBuffer,
    cbOutBuffer: number,
    lpcbBytesReturned: IntArg,
    lpOverlapped: OverlappedPtr = null,
    lpCompletionRoutine: CompletionRoutine | null = null,
  ): number {
    this.ready("WSAIoctl");
    const args = [
      s,
      dwIoControlCode,
      asPassed(lpvInBuffer),
      cbInBuffer,
      lpvOutBuffer,
      cbOutBuffer,
      asPassed(lpcbBytesReturned),
      lpOverlapped,
      lpCompletionRoutine ?? null,
    ];
    const overlapped = this.#overlappedArg(lpOverlapped);
    const outcome = kernel.wsaIoctl(this.sim.state, this.ctx, {
      s: cHandle(s),
      code: cDword(dwIoControlCode),
      input: inputOf(lpvInBuffer, cDword(cbInBuffer)),
      output: outputOf(lpvOutBuffer, cDword(cbOutBuffer)),
      bytesReturned: outPointer(lpcbBytesReturned),
      overlapped,
      routine: routineAddress(this.sim, lpCompletionRoutine),
    });
    const written = (outcome.ok ? outcome.value : outcome.output) as IoctlWritten | undefined;
    if (written !== undefined) {
      if (written.bytesReturned !== undefined && isIntRef(lpcbBytesReturned))
        lpcbBytesReturned.value = written.bytesReturned;
      if (written.value !== undefined) writeUlong(lpvOutBuffer, written.value);
      if (written.extension !== undefined) writeFunction(lpvOutBuffer, written.extension);
      if (written.io !== undefined && lpOverlapped instanceof WSAOVERLAPPED)
        this.sim.memory.issued({
          pid: this.pid,
          overlapped: lpOverlapped,
          seq: written.io,
          buffers: null,
          flags: null,
        });
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("WSAIoctl", args, outcome, ret);
    return ret;
  }

  #overlappedArg(lpOverlapped: OverlappedPtr): kernel.OverlappedArg {
    if (lpOverlapped === null || lpOverlapped === undefined) return { kind: "null" };
    // Windows writes Internal when the operation starts: a read-only OVERLAPPED is WSAEFAULT.
    if (
      !(lpOverlapped instanceof WSAOVERLAPPED) ||
      !fieldWritable(lpOverlapped, "Internal") ||
      !fieldWritable(lpOverlapped, "InternalHigh")
    )
      return { kind: "invalid" };
    return {
      kind: "overlapped",
      address: this.sim.memory.addressOf(lpOverlapped),
      hEvent: cHandle(lpOverlapped.hEvent),
    };
  }
}

/** The cbInBuffer bytes at lpvInBuffer; an IntRef is a u_long followed by zero bytes. */
function inputOf(buffer: IoctlInBuffer, length: number): BufferPointer {
  if (buffer === null || buffer === undefined) return { kind: "null" };
  if (buffer instanceof Uint8Array) {
    if (length > buffer.length) return { kind: "invalid" };
    return { kind: "buffer", bytes: buffer.slice(0, length) };
  }
  if (!isIntRef(buffer)) return { kind: "invalid" };
  const bytes = new Uint8Array(Math.max(length, 4));
  new DataView(bytes.buffer).setUint32(0, buffer.value >>> 0, true);
  return { kind: "buffer", bytes: bytes.subarray(0, length) };
}

/** The room at lpvOutBuffer: a ref is as large as what it stands for (a u_long, a pointer). */
function outputOf(buffer: IoctlOutBuffer, length: number): IoctlOutput {
  if (buffer === null || buffer === undefined) return { kind: "null" };
  if (buffer instanceof Uint8Array)
    return length > buffer.length ? { kind: "invalid" } : { kind: "room", size: length };
  const size = buffer instanceof FunctionPointerRef ? kernel.POINTER_SIZE : 4;
  const ref = buffer instanceof FunctionPointerRef || isIntRef(buffer);
  if (!ref || length > size || !fieldWritable(buffer, "value")) return { kind: "invalid" };
  return { kind: "room", size: length };
}

function writeUlong(buffer: IoctlOutBuffer, value: number): void {
  if (buffer instanceof Uint8Array)
    new DataView(buffer.buffer, buffer.byteOffset).setUint32(0, value, true);
  else if (isIntRef(buffer)) buffer.value = value;
}

function writeFunction(buffer: IoctlOutBuffer, name: kernel.ExtensionFunction): void {
  if (buffer instanceof FunctionPointerRef) buffer.value = name;
  else if (buffer instanceof Uint8Array)
    new DataView(buffer.buffer, buffer.byteOffset).setBigUint64(0, standInAddress(name), true);
}
