/**
 * The kernel32 calls a scenario can make on handles of any kind: CreateProcess (which hands
 * inheritable handles to a child), DuplicateHandle, GetHandleInformation, SetHandleInformation
 * and CloseHandle. They are optional in WinsockApi, so each adapter says plainly when the
 * implementation it runs against has none.
 */
import { type IntArg, isIntRef } from "../api/memory.js";
import type { Adapter, CallResult } from "./calls.js";
import { ValueError } from "./values.js";
import type { WinsockApi } from "./world.js";

const isTrue = (ret: number | undefined) => ret !== 0;

/** What an out pointer holds after the call, for expectations; absent for NULL or invalid. */
const written = (pointer: IntArg) => (isIntRef(pointer) ? pointer.value : undefined);

/** The method `call` of `t`, bound, or a TypeError naming it when the implementation lacks it. */
export function method<K extends keyof WinsockApi>(
  t: WinsockApi,
  call: K,
): NonNullable<WinsockApi[K]> {
  const fn = t[call];
  if (typeof fn !== "function") throw new TypeError(`the implementation has no ${call}`);
  return (fn as (...args: unknown[]) => unknown).bind(t) as NonNullable<WinsockApi[K]>;
}

function bool(ret: number, outputs: () => Record<string, unknown> = () => ({})): CallResult {
  return { ret, blocked: false, ok: isTrue, outputs };
}

export const HANDLE_ADAPTERS: Readonly<Record<string, Adapter>> = {
  CreateProcess: (t, a, _process, processes) => {
    const name = a.label("lpApplicationName");
    const inherit = a.int("bInheritHandles");
    // A second live process of one name would leave later steps naming it ambiguous.
    if (processes?.isLive(name) === true)
      throw new ValueError(
        `argument "lpApplicationName": "${name}" is a live process of this scenario already (expected a new name, or that of a process that has exited)`,
      );
    const child = method(t, "CreateProcess")(name, inherit);
    return {
      ...bool(1),
      main: () => child.pid,
      spawned: { name, process: child },
    };
  },
  DuplicateHandle: (t, a) => {
    // Read in C order, so the probe lists the parameters as the prototype does.
    const source = a.int("hSourceProcessHandle");
    const handle = a.handle("hSourceHandle");
    const target = a.int("hTargetProcessHandle");
    const pointer = a.outPointer("lpTargetHandle");
    const access = a.int("dwDesiredAccess", 0);
    const inherit = a.int("bInheritHandle");
    const options = a.int("dwOptions");
    const ret = method(t, "DuplicateHandle")(
      source,
      handle,
      target,
      pointer,
      access,
      inherit,
      options,
    );
    return {
      ...bool(ret, () => (isIntRef(pointer) ? { lpTargetHandle: pointer.value } : {})),
      main: () => written(pointer),
    };
  },
  GetHandleInformation: (t, a) => {
    const hObject = a.handle("hObject");
    const pointer = a.outPointer("lpdwFlags");
    const ret = method(t, "GetHandleInformation")(hObject, pointer);
    return bool(ret, () => (isIntRef(pointer) ? { lpdwFlags: pointer.value } : {}));
  },
  SetHandleInformation: (t, a) =>
    bool(method(t, "SetHandleInformation")(a.handle("hObject"), a.int("dwMask"), a.int("dwFlags"))),
  CloseHandle: (t, a) => bool(method(t, "CloseHandle")(a.handle("hObject"))),
};
