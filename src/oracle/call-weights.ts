/**
 * Choosing which calls generated scenarios make, and how often (scenarioArbitrary's `calls` and
 * `only` options), for implementations that support only some of Winsock.
 *
 * Generation works by actions, each of which may emit several calls (a connected pair is
 * socket, ioctlsocket, bind, getsockname, listen, connect and accept). A call is excluded by
 * leaving out every action that may emit it, so the table below lists every call an action can
 * make, hostile variants included; test/oracle/call-weights.test.ts checks that no generated
 * step makes an excluded call. A call's weight replaces the weight of the actions it is the
 * point of (PURPOSE), so `{ WSAPoll: 10 }` makes polls frequent without touching the rest.
 */
import type { ActionKind } from "./generate.js";

/** The calls that make up a connected pair, which an action on sockets sets up when it has none. */
const PAIR = ["socket", "ioctlsocket", "bind", "getsockname", "listen", "connect", "accept"];
const SHARE = ["WSADuplicateSocket", "WSASocket", "WSASocketW", "ioctlsocket"];

/** Every call an action may emit besides WSAStartup (which starts every process). */
const OWN_CALLS: Readonly<Record<ActionKind, readonly string[]>> = {
  socket: ["socket", "WSASocket", "ioctlsocket"],
  pair: PAIR,
  datagram: ["socket", "ioctlsocket", "bind", "getsockname"],
  send: ["send"],
  recv: ["recv"],
  sendto: ["sendto"],
  recvfrom: ["recvfrom"],
  setsockopt: ["setsockopt"],
  getsockopt: ["getsockopt"],
  ioctlsocket: ["ioctlsocket"],
  getsockname: ["getsockname"],
  getpeername: ["getpeername"],
  bind: ["bind"],
  listen: ["listen"],
  accept: ["accept", "ioctlsocket"],
  connect: ["connect"],
  shutdown: ["shutdown"],
  share: SHARE,
  handoff: [...SHARE, "closesocket"],
  split: [...SHARE, "WSACreateEvent", "WSAEventSelect", "WSAWaitForMultipleEvents"],
  duplicate: ["WSADuplicateSocket"],
  import: ["WSASocket", "WSASocketW", "ioctlsocket"],
  closesocket: ["closesocket"],
  createEvent: ["WSACreateEvent"],
  eventSelect: ["WSACreateEvent", "WSAEventSelect"],
  enumEvents: ["WSAEnumNetworkEvents"],
  wait: ["WSAWaitForMultipleEvents"],
  eventOp: ["WSASetEvent", "WSAResetEvent", "WSACloseEvent"],
  window: ["CreateWindow"],
  asyncSelect: ["WSAAsyncSelect"],
  peekMessage: ["PeekMessage"],
  select: ["select"],
  poll: ["WSAPoll"],
  lastError: ["WSAGetLastError", "WSASetLastError"],
  startup: ["WSAStartup"],
  cleanup: ["WSACleanup"],
  sleep: ["Sleep"],
  exitThread: ["ExitThread"],
  exitProcess: ["ExitProcess"],
};

/** The calls an action is for: a weight given to one of them becomes the action's weight. */
const PURPOSE: Partial<Record<ActionKind, readonly string[]>> = {
  socket: ["socket", "WSASocket"],
  pair: ["listen", "connect", "accept"],
  datagram: [],
  share: ["WSADuplicateSocket", "WSASocket"],
  handoff: ["WSADuplicateSocket"],
  split: ["WSAEventSelect"],
  import: ["WSASocket", "WSASocketW"],
  eventSelect: ["WSAEventSelect"],
};

/** Options of scenarioArbitrary that choose calls. */
export interface CallChoice {
  /**
   * Weights by call name, as a scenario names calls ("WSASocket", "ExitProcess"): 0 never
   * generates the call; another number replaces the default weight (1 to 5) of the actions
   * that call is the point of.
   */
  readonly calls?: Readonly<Record<string, number>>;
  /** Generate only these calls (WSAStartup is always included: every process starts with it). */
  readonly only?: readonly string[];
}

/** Every call generated scenarios can make. */
export const GENERATED_CALLS: readonly string[] = [
  ...new Set(["WSAStartup", ...Object.values(OWN_CALLS).flat()]),
];

/** The calls an action may emit, WSAStartup included (it may start a process on the way). */
export function callsOf(kind: ActionKind, usesSockets: boolean): readonly string[] {
  return ["WSAStartup", ...OWN_CALLS[kind], ...(usesSockets ? PAIR : [])];
}

function checkNames(names: readonly string[], option: string): void {
  const unknown = names.filter((n) => !GENERATED_CALLS.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `scenarioArbitrary: ${option} names calls generated scenarios never make: ${unknown.join(", ")} (they make ${GENERATED_CALLS.join(", ")})`,
    );
}

/**
 * The actions to generate and their weights, given the defaults and the caller's choice.
 * Throws on an unknown call name (a typo would otherwise exclude nothing), on excluding
 * WSAStartup, and when nothing is left to generate.
 */
export function chooseActions(
  defaults: Readonly<Record<ActionKind, number>>,
  usesSockets: (kind: ActionKind) => boolean,
  choice: CallChoice,
): { readonly kind: ActionKind; readonly weight: number }[] {
  const weights = choice.calls ?? {};
  checkNames(Object.keys(weights), "calls");
  if (choice.only !== undefined) checkNames(choice.only, "only");
  if (weights.WSAStartup === 0)
    throw new Error(
      "scenarioArbitrary: WSAStartup cannot be excluded (every process starts with it)",
    );
  const allowed = (call: string) =>
    weights[call] !== 0 &&
    (choice.only === undefined || call === "WSAStartup" || choice.only.includes(call));
  const chosen = (Object.keys(defaults) as ActionKind[])
    .filter((kind) => callsOf(kind, usesSockets(kind)).every(allowed))
    .map((kind) => {
      const given = (PURPOSE[kind] ?? OWN_CALLS[kind])
        .map((call) => weights[call])
        .filter((w): w is number => w !== undefined);
      return { kind, weight: given.length > 0 ? Math.max(...given) : defaults[kind] };
    })
    .filter((k) => k.weight > 0);
  if (chosen.length === 0)
    throw new Error("scenarioArbitrary: the calls chosen leave no action to generate");
  return chosen;
}
