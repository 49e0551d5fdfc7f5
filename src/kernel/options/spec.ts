/**
 * The shape of one row of the option table, and the vocabulary the rows are written in.
 *
 * Every option is described by data: which level and number it has, whether it can be read and
 * written, what its value looks like, how it reacts to a short or odd optlen, and its default.
 * The interpreters (get.ts, set.ts, lengths.ts) know nothing about individual options; where an
 * option needs behaviour of its own (SO_LINGER's two views, the REUSEADDR/EXCLUSIVEADDRUSE
 * conflict) the row carries a small `load`/`store` function instead of a special case in the
 * interpreter.
 */
import type { Draft } from "immer";
import type { SocketRecord } from "../state.js";
import type { RuleId } from "../transaction.js";

/** Which of getsockopt / setsockopt accept the option (SOLSOCK Get/Set columns, rule C6). */
export type Access = "get-set" | "get" | "set";

/**
 * What the value is:
 * - `bool`: a DWORD BOOL; any non-zero value is stored as 1 (OPT-BOOL).
 * - `byte`: a one-byte BOOLEAN; only the first byte counts, and it is stored as 0 or 1 (OPT-BYTE).
 * - `int`: a DWORD or int kept as its 32-bit pattern (OPT-INT).
 * - `protocol-info-a` / `protocol-info-w`: the WSAPROTOCOL_INFO structure (OPT-PROTOCOL-INFO).
 * - `bsp-state`: a CSADDR_INFO (OPT-BSP-STATE).
 * - `empty`: a variable-length value that the simulator always reports as empty (OPT-EMPTY-VALUE).
 * - `struct`: a set-only structure whose content changes no simulated state (OPT-MEMBERSHIP).
 */
export type Shape =
  | "bool"
  | "byte"
  | "int"
  | "protocol-info-a"
  | "protocol-info-w"
  | "bsp-state"
  | "empty"
  | "struct";

/**
 * How an option treats optlen values other than its natural size. The classes are the rows of
 * the optlen matrix of Wine's test_set_getsockopt (research 4b, observed fact 130):
 * - `sol-bool`: the SOL_SOCKET BOOLs. setsockopt takes 0..3 bytes; getsockopt with 1..3 bytes
 *   writes up to 2 bytes and reports optlen 1.
 * - `byte`: the one-byte options. Any positive optlen works; getsockopt always writes 1 byte.
 * - `byte-int`: IP-level values that fit a byte. setsockopt takes 1..3 bytes; getsockopt with
 *   1..3 bytes writes the low byte and reports optlen 1.
 * - `zero-fault`: short lengths fail with WSAEFAULT, and the failing getsockopt zeroes the bytes
 *   it was given (SO_LINGER, SO_RCVBUF, SO_SNDBUF).
 * - `strict`: short lengths fail with WSAEFAULT and nothing is written (SO_RCVTIMEO, SO_OPENTYPE).
 * - `len-zero`: short lengths fail with WSAEFAULT, and the failing getsockopt sets optlen to 0
 *   (TCP_KEEPALIVE, IP_PKTINFO and the other protocol-driver options).
 */
export type LengthClass = "sol-bool" | "byte" | "byte-int" | "zero-fault" | "strict" | "len-zero";

/**
 * What the option does in the simulator: `simulated` options change later behaviour of other
 * kernel parts (which read them through optionValue), `stored` ones are only kept and read back,
 * `state` ones report socket state and cannot be stored, `ignored` ones are accepted and dropped.
 */
export type Effect = "simulated" | "stored" | "state" | "ignored";

export interface Refusal {
  readonly code: number;
  readonly rule: RuleId;
}

export type Operation = "get" | "set";

export interface OptionSpec {
  /** The header name; also the canonical key under which the value is stored (see value.ts). */
  readonly name: string;
  readonly level: number;
  readonly optname: number;
  readonly access: Access;
  readonly shape: Shape;
  readonly lengths: LengthClass;
  readonly effect: Effect;
  /** The rule that states what the option's value means. */
  readonly rule: RuleId;
  /** Default of a stored option: a number, or one that depends on the socket. */
  readonly defaultValue?: number | ((socket: SocketRecord) => number);
  /** Reads the value when it is not simply the stored number (state, or a view of another). */
  readonly load?: (socket: SocketRecord) => number;
  /** Stores a normalised value when that is more than one assignment; may fail. */
  readonly store?: (socket: Draft<SocketRecord>, value: number) => void;
  /** Values above this fail with WSAEINVAL (OPT-BYTE-RANGE). */
  readonly maximum?: number;
  /** Values this rejects fail with WSAEINVAL, citing `rule`. */
  readonly accepts?: (value: number) => boolean;
  /** An error that the option gives on this socket before anything else is looked at. */
  readonly refuse?: (socket: SocketRecord, operation: Operation) => Refusal | undefined;
  /** Size of the structure a `struct` option takes. */
  readonly structSize?: number;
}
