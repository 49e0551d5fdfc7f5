import { WSA_ERRORS } from "./errors.js";
import {
  ADDRESS_FAMILIES,
  COMPLETION_MODES,
  DISCONNECT_FLAGS,
  DUPLICATE_OPTIONS,
  FD_BITS,
  FD_EVENTS,
  HANDLE_FLAGS,
  IOCTL_COMMANDS,
  IP_LEVEL_OPTIONS,
  IPV6_LEVEL_OPTIONS,
  LEVELS,
  MISC_VALUES,
  MSG_FLAGS,
  PFL_FLAGS,
  POLL_FLAGS,
  PROTOCOLS,
  SHUTDOWN_HOW,
  SOCKET_TYPES,
  SOL_SOCKET_OPTIONS,
  TCP_OPTIONS,
  WAIT_VALUES,
  WSA_FLAGS,
  WSAIOCTL_CODES,
  XP1_FLAGS,
} from "./values.js";

export * from "./errors.js";
export * from "./values.js";

/**
 * Every named constant in one flat table, for readers that resolve names given as text
 * (scenario files, the CLI). Names that appear in two groups carry the same value in both.
 */
export const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  ...WSA_ERRORS,
  ...ADDRESS_FAMILIES,
  ...SOCKET_TYPES,
  ...PROTOCOLS,
  ...LEVELS,
  ...SOL_SOCKET_OPTIONS,
  ...TCP_OPTIONS,
  ...IP_LEVEL_OPTIONS,
  ...IPV6_LEVEL_OPTIONS,
  ...FD_BITS,
  ...FD_EVENTS,
  ...WSA_FLAGS,
  ...SHUTDOWN_HOW,
  ...DISCONNECT_FLAGS,
  ...IOCTL_COMMANDS,
  ...WSAIOCTL_CODES,
  ...MSG_FLAGS,
  ...POLL_FLAGS,
  ...WAIT_VALUES,
  ...XP1_FLAGS,
  ...PFL_FLAGS,
  ...MISC_VALUES,
  ...HANDLE_FLAGS,
  ...DUPLICATE_OPTIONS,
  ...COMPLETION_MODES,
});
export * from "./names.js";
