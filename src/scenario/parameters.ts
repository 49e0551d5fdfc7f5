/**
 * The parameter names each call takes, so that a step's misspelt argument ("dwProcessID") is
 * reported as unknown, with the nearest name, before the call runs: run first, a misspelt required
 * parameter would be reported as missing instead, which points away from the typo.
 *
 * The names are not listed by hand: each adapter is run once against a probe that records the
 * names it reads and a thread that does nothing, so the list cannot drift from what the adapters
 * read.
 */
import { Args, MISSING } from "./args.js";
import { adapterFor } from "./calls.js";
import { ValueError } from "./values.js";
import type { WinsockApi, WorldProcess } from "./world.js";

/** Args that records every name asked for and answers with a harmless default. */
class ProbeArgs extends Args {
  readonly names = new Set<string>();

  constructor() {
    super(undefined, { saved: new Map(), pidOf: () => 0 });
  }

  #read(name: string): typeof MISSING {
    this.names.add(name);
    return MISSING;
  }

  override has(name: string): boolean {
    this.names.add(name);
    return false;
  }
  override int(name: string, fallback?: number): number {
    this.names.add(name);
    return fallback ?? 0;
  }
  override handle(name: string, fallback?: number): number {
    return this.int(name, fallback);
  }
  override bool(name: string, fallback: boolean): boolean {
    this.names.add(name);
    return fallback;
  }
  override data(name: string): typeof MISSING {
    return this.#read(name);
  }
  override address(name: string): typeof MISSING {
    return this.#read(name);
  }
  override optval(name: string): typeof MISSING {
    return this.#read(name);
  }
  override handles(name: string): typeof MISSING {
    return this.#read(name);
  }
  override raw(name: string): unknown {
    this.names.add(name);
    return undefined;
  }
  override intRef(name: string, fallback: number) {
    this.names.add(name);
    return super.intRef(name, fallback);
  }
  override outPointer(name: string) {
    this.names.add(name);
    return super.outPointer(name);
  }
  override wsabufs(name: string): null {
    this.names.add(name);
    return null;
  }
  override structName(name: string): null {
    this.names.add(name);
    return null;
  }
  override label(name: string): string {
    this.names.add(name);
    return "probe";
  }
}

/** A thread whose every function returns 0 and a process that does nothing. */
const idleThread = new Proxy({} as WinsockApi, { get: () => () => 0 });
const idleProcess = {
  pid: 0,
  alive: true,
  main: idleThread,
  createThread: () => idleThread,
  exit() {},
};

const cache = new Map<string, readonly string[]>();

/** The parameter names of `call` in the order its adapter reads them; undefined for no such call. */
export function parameterNames(call: string): readonly string[] | undefined {
  const known = cache.get(call);
  if (known !== undefined) return known;
  const adapter = adapterFor(call);
  if (adapter === undefined) return undefined;
  const probe = new ProbeArgs();
  // An adapter may refuse the probe's defaults once it has read every parameter (such as
  // GetAcceptExSockaddrs, which needs an AcceptEx's buffer kept under the name it is given).
  try {
    adapter(idleThread, probe, idleProcess as WorldProcess);
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
  }
  const names = [...probe.names];
  cache.set(call, names);
  return names;
}
