/**
 * fast-check commands whose model is the simulator: for fc.commands and fc.modelRun.
 *
 * Each command is one Winsock call with typed arguments (WinsockCall). Choices of a process,
 * socket, address, event or WSAPROTOCOL_INFO are small numbers, resolved when the command runs
 * among what the simulator says exists then (modulo their count), so that a command fast-check
 * keeps while shrinking still names something real; check() is false when nothing fits. Calls
 * covered: WSAStartup, WSACleanup, socket (TCP and UDP on IPv4), closesocket,
 * WSADuplicateSocket and WSASocket from its WSAPROTOCOL_INFO, setsockopt and getsockopt of
 * SO_SNDBUF, bind (to 127.0.0.1:0, with getsockname to learn the port), listen, connect,
 * accept, send, recv, WSACreateEvent, WSAEventSelect, WSAEnumNetworkEvents and
 * WSAWaitForMultipleEvents. Every new socket is made non-blocking at once (ioctlsocket FIONBIO)
 * and waits use a zero timeout, so no call blocks on the simulator.
 */
import fc from "fast-check";
import type { StepTrace } from "../scenario/run.js";
import type { ScenarioStep } from "../scenario/types.js";
import type { World } from "../scenario/world.js";
import { OracleFailure } from "./check.js";
import { counterexample } from "./compare.js";
import { reportedDifference } from "./minimize.js";
import {
  type ModelOptions,
  type ModelProcess,
  type ModelSocket,
  modelRunSetup,
  type WinsockModel,
  type WinsockReal,
} from "./model.js";

type On<C extends string, T = unknown> = { readonly call: C; readonly process: number } & T;
type OnSocket<C extends string, T = unknown> = On<C, { readonly socket: number } & T>;

/** One command's call and its arguments; numbers pick among what exists when it runs. */
export type WinsockCall =
  | On<"WSAStartup", { readonly version: "0x0202" | "0x0101" | "0x0000" }>
  | On<"WSACleanup">
  | On<"socket", { readonly type: "SOCK_STREAM" | "SOCK_DGRAM" }>
  | OnSocket<"closesocket">
  | OnSocket<"WSADuplicateSocket", { readonly target: number }>
  | { readonly call: "WSASocket"; readonly info: number }
  | OnSocket<"setsockopt", { readonly optval: number }>
  | OnSocket<"getsockopt">
  | OnSocket<"bind">
  | OnSocket<"listen", { readonly backlog: number | "SOMAXCONN" }>
  | OnSocket<"connect", { readonly address: number }>
  | OnSocket<"accept">
  | OnSocket<"send", { readonly data: string }>
  | OnSocket<"recv", { readonly len: number }>
  | On<"WSACreateEvent">
  | OnSocket<"WSAEventSelect", { readonly event: number; readonly mask: string }>
  | OnSocket<"WSAEnumNetworkEvents", { readonly event: number }>
  | On<"WSAWaitForMultipleEvents", { readonly event: number }>;

export type WinsockCallName = WinsockCall["call"];

const pick = fc.nat({ max: 7 });
/** The call's name, its process and socket choices, and its own arguments. */
const on = <C extends string>(call: C) => ({ call: fc.constant(call), process: pick });
const onSocket = <C extends string>(call: C) => ({ ...on(call), socket: pick });

/** The arguments of each call, typed; numbers shrink toward 0, the first choice. */
export const CALL_ARBITRARIES: {
  readonly [K in WinsockCallName]: fc.Arbitrary<Extract<WinsockCall, { call: K }>>;
} = {
  WSAStartup: fc.record({
    ...on("WSAStartup"),
    version: fc.constantFrom("0x0202" as const, "0x0101" as const, "0x0000" as const),
  }),
  WSACleanup: fc.record(on("WSACleanup")),
  socket: fc.record({
    ...on("socket"),
    type: fc.constantFrom("SOCK_STREAM" as const, "SOCK_DGRAM" as const),
  }),
  closesocket: fc.record(onSocket("closesocket")),
  WSADuplicateSocket: fc.record({ ...onSocket("WSADuplicateSocket"), target: pick }),
  WSASocket: fc.record({ call: fc.constant("WSASocket" as const), info: pick }),
  setsockopt: fc.record({ ...onSocket("setsockopt"), optval: fc.constantFrom(4096, 0, 65536) }),
  getsockopt: fc.record(onSocket("getsockopt")),
  bind: fc.record(onSocket("bind")),
  listen: fc.record({
    ...onSocket("listen"),
    backlog: fc.constantFrom<number | "SOMAXCONN">(5, 1, "SOMAXCONN"),
  }),
  connect: fc.record({ ...onSocket("connect"), address: pick }),
  accept: fc.record(onSocket("accept")),
  send: fc.record({ ...onSocket("send"), data: fc.constantFrom("ping", "a", "hello world") }),
  recv: fc.record({ ...onSocket("recv"), len: fc.integer({ min: 1, max: 16 }) }),
  WSACreateEvent: fc.record(on("WSACreateEvent")),
  WSAEventSelect: fc.record({
    ...onSocket("WSAEventSelect"),
    event: pick,
    mask: fc.constantFrom("FD_READ", "FD_WRITE", "FD_READ|FD_WRITE|FD_CLOSE", "FD_ACCEPT", "0"),
  }),
  WSAEnumNetworkEvents: fc.record({ ...onSocket("WSAEnumNetworkEvents"), event: pick }),
  WSAWaitForMultipleEvents: fc.record({ ...on("WSAWaitForMultipleEvents"), event: pick }),
};

export const COMMAND_CALLS = Object.keys(CALL_ARBITRARIES) as readonly WinsockCallName[];

const at = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** The processes a call can be made in now: those that have what it uses. */
function candidates(model: WinsockModel, c: WinsockCall): readonly ModelProcess[] {
  const all = model.processes;
  switch (c.call) {
    case "WSASocket":
      return [];
    case "WSAStartup":
    case "socket":
    case "WSACreateEvent":
      return all;
    case "WSACleanup":
      return all.filter((p) => p.started > 0);
    case "accept":
      return all.filter((p) => p.sockets.some((s) => s.listening));
    case "connect":
      return all.filter((p) => p.sockets.some((s) => addressesFor(model, s).length > 0));
    case "WSAEventSelect":
    case "WSAEnumNetworkEvents":
      return all.filter((p) => p.sockets.length > 0 && p.events.length > 0);
    case "WSAWaitForMultipleEvents":
      return all.filter((p) => p.events.length > 0);
    default:
      return all.filter((p) => p.sockets.length > 0);
  }
}

/** The addresses `s` may connect to: those of its own type (ports are per protocol). */
function addressesFor(model: WinsockModel, s: ModelSocket) {
  return model.addresses.filter((a) => a.type === s.type);
}

function applicable(model: WinsockModel, c: WinsockCall): boolean {
  return c.call === "WSASocket" ? model.infos.length > 0 : candidates(model, c).length > 0;
}

/** Records a new socket and makes it non-blocking, as generated scenarios do. */
function newSocket(
  model: WinsockModel,
  real: WinsockReal,
  p: ModelProcess,
  name: string,
  type: string,
): void {
  p.sockets.push({ name, type, listening: false });
  model.step(real, {
    process: p.name,
    call: "ioctlsocket",
    args: { s: `$${name}`, cmd: "FIONBIO", argp: 1 },
  });
}

/** Forgets a socket and the addresses read from it (its port may be given to another). */
function forget(model: WinsockModel, p: ModelProcess, name: string): void {
  p.sockets = p.sockets.filter((s) => s.name !== name);
  for (let i = model.addresses.length - 1; i >= 0; i--)
    if (model.addresses[i]?.owner === name) model.addresses.splice(i, 1);
}

/** WSAStartup in a process that has not started Winsock, before a call that needs it. */
function ensureStarted(model: WinsockModel, real: WinsockReal, p: ModelProcess): void {
  if (p.started > 0) return;
  const step = { process: p.name, call: "WSAStartup", args: { wVersionRequested: "0x0202" } };
  if (model.step(real, step).ok) p.started += 1;
}

/** Makes the call on both sides (model.step compares them) and updates the model. */
function perform(model: WinsockModel, real: WinsockReal, c: WinsockCall): void {
  if (c.call === "WSASocket") {
    const info = at(model.infos, c.info);
    const into = model.processes.find((p) => p.name === info.target) as ModelProcess;
    const name = model.name("s");
    const trace = model.step(real, {
      process: into.name,
      call: "WSASocket",
      args: {
        af: "FROM_PROTOCOL_INFO",
        type: "FROM_PROTOCOL_INFO",
        protocol: "FROM_PROTOCOL_INFO",
        lpProtocolInfo: `$${info.name}`,
        g: 0,
        dwFlags: "WSA_FLAG_OVERLAPPED",
      },
      save: name,
    });
    if (trace.ok) newSocket(model, real, into, name, info.type);
    return;
  }
  const p = at(candidates(model, c), c.process);
  const step = (
    call: string,
    args?: Record<string, unknown>,
    save?: ScenarioStep["save"],
  ): StepTrace =>
    model.step(real, {
      process: p.name,
      call,
      ...(args === undefined ? {} : { args }),
      ...(save === undefined ? {} : { save }),
    });
  const socketOf = (n: number, sockets: readonly ModelSocket[] = p.sockets): ModelSocket =>
    at(sockets, n);
  switch (c.call) {
    case "WSAStartup":
      if (step("WSAStartup", { wVersionRequested: c.version }).ok) p.started += 1;
      return;
    case "WSACleanup":
      if (step("WSACleanup").ok) p.started -= 1;
      // Its sockets are gone with the last WSACleanup; their handle values may be reused.
      if (p.started === 0) for (const s of [...p.sockets]) forget(model, p, s.name);
      return;
    case "socket": {
      ensureStarted(model, real, p);
      const name = model.name("s");
      const protocol = c.type === "SOCK_STREAM" ? "IPPROTO_TCP" : "IPPROTO_UDP";
      if (step("socket", { af: "AF_INET", type: c.type, protocol }, name).ok)
        newSocket(model, real, p, name, c.type);
      return;
    }
    case "closesocket": {
      const s = socketOf(c.socket);
      if (step("closesocket", { s: `$${s.name}` }).ok) forget(model, p, s.name);
      return;
    }
    case "WSADuplicateSocket": {
      const s = socketOf(c.socket);
      // Any process: sharing starts Winsock in the target first, as an application would.
      const target = at(model.processes, c.target);
      ensureStarted(model, real, target);
      const name = model.name("info");
      const args = { s: `$${s.name}`, dwProcessId: `@${target.name}` };
      if (step("WSADuplicateSocket", args, name).ok)
        model.infos.push({ name, target: target.name, type: s.type });
      return;
    }
    case "setsockopt": {
      const s = `$${socketOf(c.socket).name}`;
      step("setsockopt", { s, level: "SOL_SOCKET", optname: "SO_SNDBUF", optval: c.optval });
      return;
    }
    case "getsockopt":
      step("getsockopt", {
        s: `$${socketOf(c.socket).name}`,
        level: "SOL_SOCKET",
        optname: "SO_SNDBUF",
      });
      return;
    case "bind": {
      const s = socketOf(c.socket);
      if (!step("bind", { s: `$${s.name}`, name: "127.0.0.1:0" }).ok) return;
      const address = model.name("addr");
      if (step("getsockname", { s: `$${s.name}` }, { [address]: "name" }).ok)
        model.addresses.push({ name: address, owner: s.name, type: s.type });
      return;
    }
    case "listen": {
      const s = socketOf(c.socket);
      if (step("listen", { s: `$${s.name}`, backlog: c.backlog }).ok) s.listening = true;
      return;
    }
    case "connect": {
      const s = socketOf(
        c.socket,
        p.sockets.filter((x) => addressesFor(model, x).length > 0),
      );
      const address = at(addressesFor(model, s), c.address);
      step("connect", { s: `$${s.name}`, name: `$${address.name}` });
      return;
    }
    case "accept": {
      const s = socketOf(
        c.socket,
        p.sockets.filter((x) => x.listening),
      );
      const name = model.name("s");
      if (step("accept", { s: `$${s.name}` }, name).ok) newSocket(model, real, p, name, s.type);
      return;
    }
    case "send":
      step("send", { s: `$${socketOf(c.socket).name}`, buf: c.data });
      return;
    case "recv":
      step("recv", { s: `$${socketOf(c.socket).name}`, len: c.len });
      return;
    case "WSACreateEvent": {
      ensureStarted(model, real, p);
      const name = model.name("ev");
      if (step("WSACreateEvent", undefined, name).ok) p.events.push(name);
      return;
    }
    case "WSAEventSelect":
      step("WSAEventSelect", {
        s: `$${socketOf(c.socket).name}`,
        hEventObject: `$${at(p.events, c.event)}`,
        lNetworkEvents: c.mask,
      });
      return;
    case "WSAEnumNetworkEvents":
      step("WSAEnumNetworkEvents", {
        s: `$${socketOf(c.socket).name}`,
        hEventObject: `$${at(p.events, c.event)}`,
      });
      return;
    case "WSAWaitForMultipleEvents":
      step("WSAWaitForMultipleEvents", {
        cEvents: 1,
        lphEvents: [`$${at(p.events, c.event)}`],
        fWaitAll: 0,
        dwTimeout: 0,
        fAlertable: 0,
      });
      return;
  }
}

/** One Winsock call as an fc.Command: the simulator is the model, your World the real system. */
export class WinsockCommand implements fc.Command<WinsockModel, WinsockReal> {
  constructor(readonly call: WinsockCall) {}

  check(model: Readonly<WinsockModel>): boolean {
    return applicable(model as WinsockModel, this.call);
  }

  run(model: WinsockModel, real: WinsockReal): void {
    perform(model, real, this.call);
  }

  /** The call and its choices as generated (the failure's message shows the steps made). */
  toString(): string {
    const { call, ...choices } = this.call;
    return `${call} ${JSON.stringify(choices)}`;
  }
}

/**
 * How often each call is made, relative to the others: calls that make something to act on
 * (sockets, duplicates, addresses) more often than WSACleanup, which takes the sockets away.
 */
export const COMMAND_WEIGHTS: Readonly<Record<WinsockCallName, number>> = {
  WSAStartup: 1,
  WSACleanup: 1,
  socket: 4,
  closesocket: 2,
  WSADuplicateSocket: 4,
  WSASocket: 4,
  setsockopt: 2,
  getsockopt: 2,
  bind: 3,
  listen: 3,
  connect: 3,
  accept: 3,
  send: 3,
  recv: 3,
  WSACreateEvent: 3,
  WSAEventSelect: 6,
  WSAEnumNetworkEvents: 2,
  WSAWaitForMultipleEvents: 4,
};

export interface CommandsOptions {
  /**
   * Weights by call name, replacing COMMAND_WEIGHTS's; 0 leaves the call out. WSAStartup is made
   * anyway before a process's first socket or event.
   */
  readonly calls?: Partial<Record<WinsockCallName, number>>;
}

/**
 * The command arbitraries for fc.commands: `fc.commands(winsockCommands(), ...)`. Each command
 * is one call (with the FIONBIO that follows a new socket, the getsockname that follows bind,
 * and the WSAStartup a process needs first), drawn with COMMAND_WEIGHTS or `calls`.
 */
export function winsockCommands(
  options: CommandsOptions = {},
): fc.Arbitrary<fc.Command<WinsockModel, WinsockReal>>[] {
  for (const name of Object.keys(options.calls ?? {}))
    if (!(name in CALL_ARBITRARIES))
      throw new Error(`winsockCommands: no command makes "${name}" (see COMMAND_CALLS)`);
  const weighted = COMMAND_CALLS.map((name) => ({
    arbitrary: (CALL_ARBITRARIES[name] as fc.Arbitrary<WinsockCall>).map(
      (c) => new WinsockCommand(c),
    ),
    weight: options.calls?.[name] ?? COMMAND_WEIGHTS[name],
  })).filter((w) => w.weight > 0);
  if (weighted.length === 0) throw new Error("winsockCommands: every call has weight 0");
  return [fc.oneof(...weighted)];
}

export interface CheckCommandsOptions extends ModelOptions, CommandsOptions {
  /** Command sequences to run (default 100). */
  readonly numRuns?: number;
  /** Commands per sequence at most (default 50). */
  readonly maxCommands?: number;
  readonly seed?: number;
  readonly path?: string;
  /** fc.commands's own replay path: with seed and path, replays a failure (the message gives it). */
  readonly replayPath?: string;
  /** Remove steps while the difference persists, as checkImplementation does (default true). */
  readonly minimize?: boolean;
}

/**
 * fc.commands over winsockCommands with fc.modelRun: runs `numRuns` command sequences on a fresh
 * World from `implementation` and on the simulator, step by step; throws an OracleFailure with
 * the steps up to the first difference of the shrunk sequence. Returns the number run.
 */
export function checkCommands(
  implementation: () => World,
  options: CheckCommandsOptions = {},
): number {
  const setup = modelRunSetup(implementation, options);
  const property = fc.property(
    fc.commands(winsockCommands(options), {
      maxCommands: options.maxCommands ?? 50,
      size: "max",
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    }),
    (commands) => fc.modelRun(setup, commands),
  );
  const details = fc.check(property, {
    numRuns: options.numRuns ?? 100,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  if (!details.failed) return details.numRuns;
  const error = details.errorInstance;
  if (error instanceof OracleFailure) {
    // fast-check shrinks whole commands; the steps a command made may still be removable.
    const difference = reportedDifference(error.difference, implementation, options);
    const failure = new OracleFailure(difference, counterexample(difference));
    // fc.commands shrinks by the commands that ran, which seed and path alone do not replay.
    const replayPath = /replayPath="([^"]*)"/.exec(String(details.counterexample?.[0]))?.[1];
    const replay = { seed: details.seed, path: details.counterexamplePath, replayPath };
    failure.message += `\nReplay this run with checkCommands(..., ${JSON.stringify(replay)}).`;
    throw failure;
  }
  throw error instanceof Error
    ? error
    : new Error(`checkCommands: ${fc.defaultReportMessage(details) ?? "failed"}`);
}
