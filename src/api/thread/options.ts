/** The facade's option calls: getsockopt, setsockopt, and ioctlsocket's socket modes. */
import { SOCKET_ERROR } from "../../constants/values.js";
import type { OptionOutput } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cDword, cHandle, cInt } from "../args.js";
import { type Buffer, bufferWithin, type IntArg, intPointer, isIntRef } from "../memory.js";
import { asPassed } from "./arguments.js";
import { ThreadTransfer } from "./transfer.js";

export abstract class ThreadOptions extends ThreadTransfer {
  // ---- Options --------------------------------------------------------------------------------

  getsockopt(s: number, level: number, optname: number, optval: Buffer, optlen: IntArg): number {
    this.ready("getsockopt");
    const args = [s, level, optname, optval, asPassed(optlen)];
    const length = intPointer(optlen);
    const outcome = kernel.getsockopt(this.sim.state, this.ctx, {
      s: cHandle(s),
      level: cInt(level),
      optname: cInt(optname),
      optval: bufferWithin(optval, length.kind === "int" ? length.value : 0),
      optlen: length,
    });
    const written = (outcome.ok ? outcome.value : outcome.output) as OptionOutput | undefined;
    if (written?.optval !== undefined && optval instanceof Uint8Array) optval.set(written.optval);
    if (written?.optlen !== undefined && isIntRef(optlen)) optlen.value = written.optlen;
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("getsockopt", args, outcome, ret);
    return ret;
  }

  setsockopt(s: number, level: number, optname: number, optval: Buffer, optlen: number): number {
    this.ready("setsockopt");
    const length = cInt(optlen);
    const outcome = kernel.setsockopt(this.sim.state, this.ctx, {
      s: cHandle(s),
      level: cInt(level),
      optname: cInt(optname),
      optval: bufferWithin(optval, length),
      optlen: length,
    });
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("setsockopt", [s, level, optname, optval, optlen], outcome, ret);
    return ret;
  }

  /** ioctlsocket(s, cmd, argp): argp is an IntRef holding the u_long in and out. */
  ioctlsocket(s: number, cmd: number, argp: IntArg): number {
    this.ready("ioctlsocket");
    const args = [s, cmd, asPassed(argp)];
    const outcome = kernel.ioctlsocket(
      this.sim.state,
      this.ctx,
      cHandle(s),
      cDword(cmd),
      intPointer(argp),
    );
    if (outcome.ok && outcome.value.argp !== undefined && isIntRef(argp))
      argp.value = outcome.value.argp;
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("ioctlsocket", args, outcome, ret);
    return ret;
  }
}
