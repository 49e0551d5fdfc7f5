/**
 * Test harness for the option engine: plain SocketRecord/ThreadRecord objects (the engine
 * mutates them, as it would an immer draft) and wrappers that turn a WinsockFailure into data.
 */
import type { Draft } from "immer";
import { ADDRESS_FAMILIES, SOCKET_TYPES } from "../../../src/constants/values.js";
import { CATALOG } from "../../../src/kernel/catalog.js";
import type { BufferPointer, IntPointer, OptionOutput } from "../../../src/kernel/memory.js";
import { getOption, setOption } from "../../../src/kernel/options/index.js";
import { findProcess } from "../../../src/kernel/processes.js";
import {
  FRESH_NET,
  type KernelState,
  type SocketRecord,
  type ThreadRecord,
} from "../../../src/kernel/state.js";
import { Citations, WinsockFailure } from "../../../src/kernel/transaction.js";
import { trieFrom, trieGet } from "../../../src/kernel/trie.js";
import { Edit } from "../../../src/kernel/writer.js";

/** The process the harness's thread belongs to. */
const PID = 0x400;

export type TestSocket = Draft<SocketRecord>;
export type TestThread = Draft<ThreadRecord>;

export function makeSocket(
  af: number = ADDRESS_FAMILIES.AF_INET,
  type: number = SOCKET_TYPES.SOCK_STREAM,
): TestSocket {
  const entry = CATALOG.find((e) => e.af === af && e.type === type);
  if (entry === undefined) throw new Error(`no catalog entry for ${af}/${type}`);
  return {
    id: 1,
    af,
    type,
    protocol: entry.protocol,
    catalogEntryId: entry.catalogEntryId,
    creationFlags: 1,
    nonBlocking: false,
    options: {},
    refCount: 1,
    net: FRESH_NET,
  } as TestSocket;
}

export const tcp4 = () => makeSocket(ADDRESS_FAMILIES.AF_INET, SOCKET_TYPES.SOCK_STREAM);
export const udp4 = () => makeSocket(ADDRESS_FAMILIES.AF_INET, SOCKET_TYPES.SOCK_DGRAM);
export const tcp6 = () => makeSocket(ADDRESS_FAMILIES.AF_INET6, SOCKET_TYPES.SOCK_STREAM);
export const udp6 = () => makeSocket(ADDRESS_FAMILIES.AF_INET6, SOCKET_TYPES.SOCK_DGRAM);

export function makeThread(): TestThread {
  return { tid: 0x404, lastError: 0, openType: 0, pending: null, completion: null } as TestThread;
}

/** A buffer holding `value` as `size` little-endian bytes (size 8 puts a high dword after it). */
export function intBuffer(value: number, size = 4, high = 0): BufferPointer {
  const bytes = new Uint8Array(Math.max(size, 0));
  for (let i = 0; i < Math.min(size, 4); i++) bytes[i] = (value >>> (8 * i)) & 0xff;
  for (let i = 4; i < Math.min(size, 8); i++) bytes[i] = (high >>> (8 * (i - 4))) & 0xff;
  return { kind: "buffer", bytes };
}

export const NULL_BUFFER: BufferPointer = { kind: "null" };
export const INVALID_BUFFER: BufferPointer = { kind: "invalid" };
export const NULL_INT: IntPointer = { kind: "null" };

export type Result =
  | { ok: true; output: OptionOutput; rules: string[] }
  | { ok: false; code: number; rule: string; output: OptionOutput | undefined; rules: string[] };

function run(body: (why: Citations) => OptionOutput): Result {
  const why = new Citations();
  try {
    return { ok: true, output: body(why), rules: why.rules };
  } catch (error) {
    if (error instanceof WinsockFailure) {
      return {
        ok: false,
        code: error.code,
        rule: error.rule,
        output: error.output as OptionOutput | undefined,
        rules: why.rules,
      };
    }
    throw error;
  }
}

export function set(
  socket: TestSocket | null,
  level: number,
  optname: number,
  optval: BufferPointer | number,
  optlen = 4,
  thread: TestThread = makeThread(),
): Result {
  const pointer = typeof optval === "number" ? intBuffer(optval, Math.max(optlen, 4)) : optval;
  return run((why) => {
    // The engine writes through a Writer: it copies what it changes. The harness runs it on a
    // state holding just this socket and thread, then copies the result back into them, so a
    // test reads its objects afterwards as it would have read a draft.
    const state = {
      sockets: trieFrom(socket === null ? [] : [[socket.id, socket as SocketRecord]]),
      processes: trieFrom([[PID / 4, { pid: PID, threads: { [thread.tid]: thread } }]]),
    } as unknown as KernelState;
    const edit = new Edit(state);
    setOption(edit, { pid: PID, tid: thread.tid }, socket, level, optname, pointer, optlen, why);
    const next = edit.finish(false);
    if (socket !== null) Object.assign(socket, trieGet(next.sockets, socket.id));
    Object.assign(thread, findProcess(next, PID)?.threads[thread.tid]);
    return {};
  });
}

export function get(
  socket: TestSocket | null,
  level: number,
  optname: number,
  optlen = 4,
  options: { buffer?: BufferPointer; optlenPointer?: IntPointer; thread?: TestThread } = {},
): Result {
  const buffer = options.buffer ?? intBuffer(0xdeadbeef, Math.max(optlen, 4));
  const pointer = options.optlenPointer ?? { kind: "int", value: optlen };
  return run((why) =>
    getOption(socket, options.thread ?? makeThread(), level, optname, buffer, pointer, why),
  );
}

/** The little-endian number in the bytes a successful get wrote. */
export function readBack(result: Result): number {
  if (!result.ok) throw new Error(`get failed with ${result.code} (${result.rule})`);
  const bytes = result.output.optval ?? new Uint8Array();
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + (bytes[i] ?? 0);
  return value;
}

/** Gets with optlen 4 and returns the value, failing the test if the get fails. */
export function value(socket: TestSocket, level: number, optname: number): number {
  return readBack(get(socket, level, optname, 4));
}
