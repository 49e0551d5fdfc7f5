/** The facade's address and connection calls: bind, listen, accept, connect, names, shutdown. */
import { INVALID_SOCKET, SOCKET_ERROR } from "../../constants/values.js";
import type { AcceptResult, Blocked } from "../../kernel/index.js";
import * as kernel from "../../kernel/index.js";
import { cHandle, cInt } from "../args.js";
import type { Buffer, IntArg } from "../memory.js";
import { bufferPointer, bufferWithin, intPointer, isIntRef } from "../memory.js";
import { asPassed } from "./arguments.js";
import { ThreadSockets } from "./sockets.js";

export abstract class ThreadConnections extends ThreadSockets {
  // ---- Addresses and connections ------------------------------------------------------------

  bind(s: number, name: Buffer, namelen: number): number {
    this.ready("bind");
    const length = cInt(namelen);
    const outcome = kernel.bind(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferWithin(name, length),
      namelen: length,
    });
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("bind", [s, name, namelen], outcome, ret);
    return ret;
  }

  listen(s: number, backlog: number): number {
    this.ready("listen");
    const outcome = kernel.listen(this.sim.state, this.ctx, cHandle(s), cInt(backlog));
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("listen", [s, backlog], outcome, ret);
    return ret;
  }

  /** Returns the new SOCKET, INVALID_SOCKET, or BLOCKED. */
  accept(s: number, addr: Buffer = null, addrlen: IntArg = null): number | Blocked {
    this.ready("accept");
    const args = [s, addr, asPassed(addrlen)];
    const outcome = kernel.accept(this.sim.state, this.ctx, {
      s: cHandle(s),
      addr: bufferPointer(addr),
      addrlen: intPointer(addrlen),
    });
    return this.blocking("accept", args, outcome, (ok, value) => {
      if (!ok) return INVALID_SOCKET;
      const result = value as AcceptResult;
      if (result.addr !== undefined && addr instanceof Uint8Array) addr.set(result.addr);
      if (result.addrlen !== undefined && isIntRef(addrlen)) addrlen.value = result.addrlen;
      return result.socket;
    });
  }

  connect(s: number, name: Buffer, namelen: number): number | Blocked {
    this.ready("connect");
    const length = cInt(namelen);
    const outcome = kernel.connect(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferWithin(name, length),
      namelen: length,
    });
    return this.blocking("connect", [s, name, namelen], outcome, (ok) => (ok ? 0 : SOCKET_ERROR));
  }

  getsockname(s: number, name: Buffer, namelen: IntArg): number {
    return this.#name("getsockname", kernel.getsockname, s, name, namelen);
  }

  getpeername(s: number, name: Buffer, namelen: IntArg): number {
    return this.#name("getpeername", kernel.getpeername, s, name, namelen);
  }

  #name(
    call: string,
    query: typeof kernel.getsockname,
    s: number,
    name: Buffer,
    namelen: IntArg,
  ): number {
    this.ready(call);
    const args = [s, name, asPassed(namelen)];
    const outcome = query(this.sim.state, this.ctx, {
      s: cHandle(s),
      name: bufferPointer(name),
      namelen: intPointer(namelen),
    });
    if (outcome.ok && name instanceof Uint8Array && isIntRef(namelen)) {
      name.set(outcome.value.name);
      namelen.value = outcome.value.namelen;
    }
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit(call, args, outcome, ret);
    return ret;
  }

  shutdown(s: number, how: number): number {
    this.ready("shutdown");
    const outcome = kernel.shutdown(this.sim.state, this.ctx, cHandle(s), cInt(how));
    const ret = outcome.ok ? 0 : SOCKET_ERROR;
    this.commit("shutdown", [s, how], outcome, ret);
    return ret;
  }
}
