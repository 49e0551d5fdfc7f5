/**
 * The option table: every row of every level, indexed for lookup by (level, optname) and by name.
 */
import { WSA_ERRORS } from "../../constants/errors.js";
import { LEVELS } from "../../constants/values.js";
import { fail } from "../transaction.js";
import { IP_ROWS } from "./ip.js";
import { IPV6_ROWS } from "./ipv6.js";
import { SOL_SOCKET_ROWS } from "./sol-socket.js";
import type { OptionSpec } from "./spec.js";
import { TCP_ROWS } from "./tcp.js";

export const OPTION_TABLE: readonly OptionSpec[] = Object.freeze([
  ...SOL_SOCKET_ROWS,
  ...TCP_ROWS,
  ...IP_ROWS,
  ...IPV6_ROWS,
]);

/**
 * The levels Windows knows. IPPROTO_UDP is a real level (UDP_NOCHECKSUM and friends), but the
 * constants have no UDP option group yet, so every option there answers WSAENOPROTOOPT.
 */
const KNOWN_LEVELS: ReadonlySet<number> = new Set(Object.values(LEVELS));

const BY_LEVEL = new Map<number, Map<number, OptionSpec>>();
const BY_NAME = new Map<string, OptionSpec>();
for (const spec of OPTION_TABLE) {
  const level = BY_LEVEL.get(spec.level) ?? new Map<number, OptionSpec>();
  BY_LEVEL.set(spec.level, level);
  if (level.has(spec.optname)) throw new Error(`option table: ${spec.name} repeats an optname`);
  level.set(spec.optname, spec);
  if (BY_NAME.has(spec.name)) throw new Error(`option table: ${spec.name} appears twice`);
  BY_NAME.set(spec.name, spec);
}

/**
 * Finds the row for (level, optname), or fails the way Windows does: an unknown level is
 * WSAEINVAL, an unknown option at a known level WSAENOPROTOOPT (research 4a; C2, C4, X8).
 * Both arguments are C ints: 0xFFFFFF7F and -129 name the same SO_DONTLINGER.
 */
export function lookupOption(level: number, optname: number): OptionSpec {
  const lvl = level | 0;
  if (!KNOWN_LEVELS.has(lvl)) fail(WSA_ERRORS.WSAEINVAL, "OPT-LEVEL-UNKNOWN");
  const spec = BY_LEVEL.get(lvl)?.get(optname | 0);
  if (spec === undefined) fail(WSA_ERRORS.WSAENOPROTOOPT, "OPT-NAME-UNKNOWN");
  return spec;
}

export function optionByName(name: string): OptionSpec | undefined {
  return BY_NAME.get(name);
}
