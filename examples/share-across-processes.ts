/**
 * One socket, two processes: what is shared, what each close does, and why a duplicated
 * WSAPROTOCOL_INFO works once. Run it with `npm run example`.
 *
 * Each line is one Winsock call: process/thread, the call, its result, and the rules (spec/rules)
 * that decided it. The explanations below the trace quote those rules.
 */
import { fileURLToPath } from "node:url";
import {
  AF_INET,
  FROM_PROTOCOL_INFO,
  formatRecord,
  IPPROTO_TCP,
  int32,
  intRef,
  readInt32,
  Simulation,
  SO_SNDBUF,
  SOCK_STREAM,
  SOL_SOCKET,
  WSA_FLAG_OVERLAPPED,
  WSADATA,
} from "../src/index.js";
import { rule } from "../src/rules/catalogue.js";

export interface ShareResult {
  readonly sim: Simulation;
  /** SO_SNDBUF as B read it through its own descriptor after A's close. */
  readonly sndbuf: number;
}

export function shareAcrossProcesses(): ShareResult {
  const sim = new Simulation({ record: true });
  const a = sim.createProcess("A").main;
  const b = sim.createProcess("B").main;

  a.WSAStartup(0x0202, new WSADATA());
  b.WSAStartup(0x0202, new WSADATA());

  // A creates a socket and hands it to B.
  const s = a.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const info = new Uint8Array(628); // WSAPROTOCOL_INFOW, carried to B by any IPC
  a.WSADuplicateSocketW(s, b.pid, info);
  const FPI = FROM_PROTOCOL_INFO;
  const t = b.WSASocketW(FPI, FPI, FPI, info, 0, WSA_FLAG_OVERLAPPED);

  // An option set through A's descriptor is read through B's: there is one socket.
  a.setsockopt(s, SOL_SOCKET, SO_SNDBUF, int32(4096), 4);
  const value = new Uint8Array(4);
  b.getsockopt(t, SOL_SOCKET, SO_SNDBUF, value, intRef(4));

  // A's close releases A's descriptor only; the socket lives on in B.
  a.closesocket(s);
  a.closesocket(s);
  b.getsockopt(t, SOL_SOCKET, SO_SNDBUF, value, intRef(4));

  // The structure was for one use.
  b.WSASocketW(FPI, FPI, FPI, info, 0, WSA_FLAG_OVERLAPPED);

  // B's close is the last one: now the socket is gone.
  b.closesocket(t);
  return { sim, sndbuf: readInt32(value) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sim, sndbuf } = shareAcrossProcesses();
  for (const record of sim.steps) console.log(formatRecord(record));
  console.log(`\nB read SO_SNDBUF = ${sndbuf} through its own descriptor.`);
  console.log(`Sockets alive at the end: ${sim.state.sockets.size}\n`);

  const cited = [...new Set(sim.steps.flatMap((r) => r.rules))];
  for (const id of cited) console.log(`${id}: ${rule(id)?.statement ?? "(not in the catalogue)"}`);
}
