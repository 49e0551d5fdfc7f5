/**
 * The socket-option engine behind getsockopt and setsockopt.
 *
 * One table (table.ts, built from sol-socket.ts, tcp.ts, ip.ts, ipv6.ts) describes every option;
 * the rest interprets it. Rule ids cited here are in spec/rules/options.json.
 */
export { getOption } from "./get.js";
export { setOption } from "./set.js";
export type { OptionSpec } from "./spec.js";
export { OPTION_TABLE } from "./table.js";
export { isThreadOption } from "./thread.js";
export { optionValue } from "./value.js";
