/** The facade's data calls: send, sendto, recv, recvfrom. */
import { SOCKET_ERROR } from "../../constants/values.js";
import type { Blocked, Received } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cHandle, cInt } from "../args.js";
import type { Buffer, IntArg } from "../memory.js";
import { bufferPointer, bufferWithin, intPointer, isIntRef } from "../memory.js";
import { asPassed } from "./arguments.js";
import { ThreadConnections } from "./connections.js";

export abstract class ThreadTransfer extends ThreadConnections {
  // ---- Data ---------------------------------------------------------------------------------

  send(s: number, buf: Buffer, len: number, flags: number): number | Blocked {
    return this.#send("send", s, buf, len, flags, undefined);
  }

  sendto(
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    to: Buffer,
    tolen: number,
  ): number | Blocked {
    return this.#send("sendto", s, buf, len, flags, { to, tolen });
  }

  #send(
    call: string,
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    target: { to: Buffer; tolen: number } | undefined,
  ): number | Blocked {
    this.ready(call);
    const length = cInt(len);
    const outcome = kernel.send(this.sim.state, this.ctx, {
      s: cHandle(s),
      buf: bufferPointer(buf),
      len: length,
      flags: cInt(flags),
      ...(target === undefined
        ? {}
        : {
            to: { name: bufferWithin(target.to, cInt(target.tolen)), namelen: cInt(target.tolen) },
          }),
    });
    const args =
      target === undefined ? [s, buf, len, flags] : [s, buf, len, flags, target.to, target.tolen];
    return this.blocking(call, args, outcome, (ok, value) =>
      ok ? (value as number) : SOCKET_ERROR,
    );
  }

  recv(s: number, buf: Buffer, len: number, flags: number): number | Blocked {
    return this.#recv("recv", s, buf, len, flags, undefined);
  }

  recvfrom(
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    from: Buffer,
    fromlen: IntArg,
  ): number | Blocked {
    return this.#recv("recvfrom", s, buf, len, flags, { from, fromlen });
  }

  #recv(
    call: string,
    s: number,
    buf: Buffer,
    len: number,
    flags: number,
    source: { from: Buffer; fromlen: IntArg } | undefined,
  ): number | Blocked {
    this.ready(call);
    const args =
      source === undefined
        ? [s, buf, len, flags]
        : [s, buf, len, flags, source.from, asPassed(source.fromlen)];
    const outcome = kernel.recv(this.sim.state, this.ctx, {
      s: cHandle(s),
      buf: bufferPointer(buf),
      len: cInt(len),
      flags: cInt(flags),
      ...(source === undefined
        ? {}
        : { from: { name: bufferPointer(source.from), namelen: intPointer(source.fromlen) } }),
    });
    return this.blocking(call, args, outcome, (ok, value, output) => {
      // A datagram cut short (WSAEMSGSIZE) still fills the buffer.
      const received = (ok ? value : output) as Received | undefined;
      if (received !== undefined) {
        if (buf instanceof Uint8Array) buf.set(received.data);
        if (
          received.from !== undefined &&
          source !== undefined &&
          source.from instanceof Uint8Array
        ) {
          source.from.set(received.from);
          if (isIntRef(source.fromlen)) source.fromlen.value = received.from.length;
        }
      }
      return ok ? (received as Received).count : SOCKET_ERROR;
    });
  }
}
