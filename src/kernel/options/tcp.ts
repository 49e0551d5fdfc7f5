/**
 * The IPPROTO_TCP rows of the option table (C9). Options of the header that C9 does not list
 * (TCP_STDURG, TCP_NOURG, TCP_ATMARK, TCP_NOSYNRETRIES, TCP_OFFLOAD_PREFERENCE,
 * TCP_CONGESTION_ALGORITHM, TCP_DELAY_FIN_ACK) have no row and answer WSAENOPROTOOPT.
 */
import { LEVELS, TCP_OPTIONS as TCP } from "../../constants/values.js";
import { connectedOnly, tcpOnly } from "./refusals.js";
import type { OptionSpec } from "./spec.js";

type Row = Omit<OptionSpec, "name" | "level" | "optname" | "refuse">;

function tcp(name: keyof typeof TCP, row: Row, refuse = tcpOnly): OptionSpec {
  return { name, level: LEVELS.IPPROTO_TCP, optname: TCP[name], refuse, ...row };
}

function tcpBool(name: keyof typeof TCP, defaultValue: number): OptionSpec {
  return tcp(name, {
    access: "get-set",
    shape: "bool",
    lengths: "len-zero",
    effect: "stored",
    rule: "OPT-BOOL",
    defaultValue,
  });
}

function tcpInt(name: keyof typeof TCP, defaultValue: number, maximum?: number): OptionSpec {
  const row: Row = {
    access: "get-set",
    shape: "int",
    lengths: "len-zero",
    effect: "stored",
    rule: maximum === undefined ? "OPT-INT" : "OPT-BYTE-RANGE",
    defaultValue,
  };
  return tcp(name, maximum === undefined ? row : { ...row, maximum });
}

export const TCP_ROWS: readonly OptionSpec[] = [
  tcp("TCP_NODELAY", {
    access: "get-set",
    shape: "byte",
    lengths: "byte",
    effect: "simulated",
    rule: "OPT-BYTE",
    // TCPOPT: FALSE, Nagle on (X19 notes that OPTDEF leaves it to the implementation).
    defaultValue: 0,
  }),
  tcpBool("TCP_EXPEDITED_1122", 0),
  // Keep-alive timing defaults: 2 hours idle, then probes every second (C8, SO_KEEPALIVE row);
  // ten probes is the Windows Vista and later count (not in the references, see OPT-DEFAULTS).
  tcpInt("TCP_KEEPALIVE", 7200),
  tcp(
    "TCP_MAXSEG",
    {
      access: "get-set",
      shape: "int",
      lengths: "len-zero",
      effect: "ignored",
      rule: "OPT-NOT-CONNECTED",
      defaultValue: 0,
    },
    (socket, operation) => tcpOnly(socket, operation) ?? connectedOnly(socket, operation),
  ),
  tcpInt("TCP_MAXRT", 0),
  tcpBool("TCP_TIMESTAMPS", 0),
  tcpInt("TCP_MAXRTMS", 0),
  tcpBool("TCP_FASTOPEN", 0),
  // "> 255 is illegal" (C9); the matrix shows 0x100 failing with WSAEINVAL (fact 130e).
  tcpInt("TCP_KEEPCNT", 10, 255),
  tcpInt("TCP_KEEPINTVL", 1),
  tcpBool("TCP_FAIL_CONNECT_ON_ICMP_ERROR", 0),
  tcp("TCP_ICMP_ERROR_INFO", {
    access: "get",
    shape: "empty",
    lengths: "len-zero",
    effect: "state",
    rule: "OPT-EMPTY-VALUE",
  }),
  tcpBool("TCP_BSDURGENT", 1),
];
