/** The facade's socket calls: creating a socket, duplicating it for another process, closing it. */
import { INVALID_SOCKET, SOCKET_ERROR } from "../../constants/values.js";
import type { Blocked, CharSet, ProtocolInfoArg } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import { type Buffer, bufferPointer, outBuffer } from "../memory.js";
import { ThreadStartup } from "./startup.js";

export abstract class ThreadSockets extends ThreadStartup {
  // ---- Sockets --------------------------------------------------------------------------------

  socket(af: number, type: number, protocol: number): number {
    this.ready("socket");
    const outcome = kernel.socket(this.sim.state, this.ctx, {
      af: cInt(af),
      type: cInt(type),
      protocol: cInt(protocol),
    });
    const ret = outcome.ok ? outcome.value : INVALID_SOCKET;
    this.commit("socket", [af, type, protocol], outcome, ret);
    return ret;
  }

  WSASocketA(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    return this.#wsaSocket("A", af, type, protocol, lpProtocolInfo, g, dwFlags);
  }

  WSASocketW(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    return this.#wsaSocket("W", af, type, protocol, lpProtocolInfo, g, dwFlags);
  }

  /** WSASocket is WSASocketW, as in a UNICODE build. */
  WSASocket(
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    return this.#wsaSocket("W", af, type, protocol, lpProtocolInfo, g, dwFlags);
  }

  #wsaSocket(
    charSet: CharSet,
    af: number,
    type: number,
    protocol: number,
    lpProtocolInfo: Buffer,
    g: number,
    dwFlags: number,
  ): number {
    this.ready(`WSASocket${charSet}`);
    const outcome = kernel.wsaSocket(this.sim.state, this.ctx, {
      af: cInt(af),
      type: cInt(type),
      protocol: cInt(protocol),
      lpProtocolInfo: protocolInfoArg(lpProtocolInfo, charSet),
      g: cDword(g),
      dwFlags: cDword(dwFlags),
    });
    const ret = outcome.ok ? outcome.value : INVALID_SOCKET;
    this.commit(
      `WSASocket${charSet}`,
      [af, type, protocol, lpProtocolInfo, g, dwFlags],
      outcome,
      ret,
    );
    return ret;
  }

  /** Returns 0 or SOCKET_ERROR; a lingering close of a blocking socket may block (NET-LINGER). */
  closesocket(s: number): number | Blocked {
    this.ready("closesocket");
    const outcome = kernel.closesocket(this.sim.state, this.ctx, cHandle(s));
    return this.blocking("closesocket", [s], outcome, (ok) => (ok ? 0 : SOCKET_ERROR));
  }

  // ---- Duplication ----------------------------------------------------------------------------

  WSADuplicateSocketA(s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    return this.#duplicate("A", s, dwProcessId, lpProtocolInfo);
  }

  WSADuplicateSocketW(s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    return this.#duplicate("W", s, dwProcessId, lpProtocolInfo);
  }

  /** WSADuplicateSocket is WSADuplicateSocketW, as in a UNICODE build. */
  WSADuplicateSocket(s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    return this.#duplicate("W", s, dwProcessId, lpProtocolInfo);
  }

  #duplicate(charSet: CharSet, s: number, dwProcessId: number, lpProtocolInfo: Buffer): number {
    this.ready(`WSADuplicateSocket${charSet}`);
    const outcome = kernel.duplicateSocket(this.sim.state, this.ctx, {
      s: cHandle(s),
      dwProcessId: cDword(dwProcessId),
      lpProtocolInfo: outBuffer(lpProtocolInfo, kernel.protocolInfoSize(charSet)),
    });
    if (outcome.ok && lpProtocolInfo instanceof Uint8Array) {
      lpProtocolInfo.set(kernel.encodeProtocolInfo(outcome.value, charSet));
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit(`WSADuplicateSocket${charSet}`, [s, dwProcessId, lpProtocolInfo], outcome, ret);
    return ret;
  }
}

function protocolInfoArg(buffer: Buffer, charSet: CharSet): ProtocolInfoArg {
  const pointer = bufferPointer(buffer);
  if (pointer.kind !== "buffer") return pointer;
  const info = kernel.decodeProtocolInfo(pointer.bytes, charSet);
  return info === undefined ? { kind: "truncated" } : { kind: "info", info };
}
