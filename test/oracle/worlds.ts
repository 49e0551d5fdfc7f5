/**
 * Second implementations for the oracle's tests: the simulator's own facade behind a thin
 * proxy World over a second Simulation, and variants of it with deliberate differences.
 */
import {
  AF_INET,
  IPPROTO_TCP,
  Simulation,
  SOCK_STREAM,
  sockaddr,
  type WinsockThread,
  WSADATA,
} from "../../src/index.js";
import type { WinsockApi, World, WorldProcess } from "../../src/oracle/index.js";

/** Methods to put in front of a thread's own, given the real thread and its world. */
export type Override = (real: WinsockThread, world: ProxyWorld) => Partial<WinsockApi>;

export interface ProxyWorld extends World {
  readonly sim: Simulation;
  /** The live process with this pid, by its real thread objects (for adapters' bookkeeping). */
  processByPid(pid: number): { readonly main: WinsockThread } | undefined;
}

/** A thread object that forwards every call to `real`, except those `overrides` replaces. */
function proxyThread(real: WinsockThread, overrides: Partial<WinsockApi>): WinsockApi {
  return new Proxy(real, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return (overrides as Record<PropertyKey, unknown>)[key];
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as unknown as WinsockApi;
}

/** The simulator's facade as a second implementation, optionally with some methods replaced. */
export function proxyWorld(override?: Override): ProxyWorld {
  const sim = new Simulation();
  const world: ProxyWorld = {
    sim,
    processByPid: (pid) => sim.processes.find((p) => p.pid === pid && p.alive),
    createProcess(name): WorldProcess {
      const real = sim.createProcess(name);
      const wrap = (thread: WinsockThread) => proxyThread(thread, override?.(thread, world) ?? {});
      const main = wrap(real.main);
      return {
        get pid() {
          return real.pid;
        },
        get alive() {
          return real.alive;
        },
        main,
        createThread: () => wrap(real.createThread()),
        exit: () => real.exit(),
      };
    },
  };
  return world;
}

/**
 * A correct implementation whose handle values, ports and process ids all differ from the
 * simulator's: a process created first takes a pid and an ephemeral port, and every process
 * starts with two event handles already open (made on a thread of its own).
 */
export function shiftedWorld(): World {
  const sim = new Simulation();
  const other = sim.createProcess("(shift)").main;
  other.WSAStartup(0x0202, new WSADATA());
  const s = other.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  other.bind(s, sockaddr("127.0.0.1:0"), 16);
  other.listen(s, 5);
  return {
    createProcess(name) {
      const process = sim.createProcess(name);
      // Two event handles opened (and Winsock left as it was) on a thread of its own.
      const helper = process.createThread();
      helper.WSAStartup(0x0202, new WSADATA());
      helper.WSACreateEvent();
      helper.WSACreateEvent();
      helper.WSACleanup();
      return process;
    },
  };
}
