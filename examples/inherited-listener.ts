/**
 * The classic handle-inheritance leak, and its fix. Run it with `npm run example:inherit`.
 *
 * A server listens on 127.0.0.1:8080 and starts a helper process with bInheritHandles TRUE (the
 * usual reason: to hand it the ends of a pipe). socket() handles are inheritable, so the helper
 * gets a handle to the listener too, without knowing it. When the server closes its listener to
 * restart, the socket does not go: the helper's handle keeps it listening, the port stays bound,
 * and clients connect to a listener nobody accepts on. Made with WSA_FLAG_NO_HANDLE_INHERIT, the
 * listener stays with the server, and the restart works at once.
 */
import { fileURLToPath } from "node:url";
import {
  AF_INET,
  BLOCKED,
  formatRecord,
  IPPROTO_TCP,
  type SimProcess,
  Simulation,
  SOCK_STREAM,
  SOCKET_ERROR,
  sockaddr,
  WSA_FLAG_NO_HANDLE_INHERIT,
  WSA_FLAG_OVERLAPPED,
  WSADATA,
} from "../src/index.js";
import { rule } from "../src/rules/catalogue.js";

const ADDRESS = sockaddr("127.0.0.1:8080");

export interface RestartResult {
  readonly sim: Simulation;
  /** The restarted server's bind while the helper runs: 0, or the error it failed with. */
  readonly rebindWhileHelperRuns: number;
  /** A client's connect while the helper runs, after the server closed its listener: 0 or its error. */
  readonly connectWhileHelperRuns: number;
  /** The bind once the helper has exited (0 for success). */
  readonly rebindAfterHelperExits: number;
  /** How many steps were recorded when the helper exited (process exit is not a recorded call). */
  readonly helperExitedAt: number;
}

/** The server's life: listen, start a helper, close, try to listen again. */
export function restart(noInherit: boolean): RestartResult {
  const sim = new Simulation({ record: true });
  const server = sim.createProcess("server").main;
  const client = sim.createProcess("client").main;
  server.WSAStartup(0x0202, new WSADATA());
  client.WSAStartup(0x0202, new WSADATA());

  const flags = WSA_FLAG_OVERLAPPED | (noInherit ? WSA_FLAG_NO_HANDLE_INHERIT : 0);
  const listener = server.WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, null, 0, flags);
  server.bind(listener, ADDRESS, ADDRESS.length);
  server.listen(listener, 5);

  // The helper is started with inheritance on; it never touches sockets.
  const helper: SimProcess = server.CreateProcess("helper", true);

  // The server shuts its service down and starts it again.
  server.closesocket(listener);
  const fresh = server.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const rebind = server.bind(fresh, ADDRESS, ADDRESS.length);
  const rebindWhileHelperRuns = rebind === SOCKET_ERROR ? server.WSAGetLastError() : 0;

  const probe = client.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  // With nobody listening the connect waits for its retries to be refused: await finishes it.
  let connected = client.connect(probe, ADDRESS, ADDRESS.length);
  if (connected === BLOCKED) connected = client.await();
  const connectWhileHelperRuns = connected === SOCKET_ERROR ? client.WSAGetLastError() : 0;
  client.closesocket(probe);

  const helperExitedAt = sim.steps.length;
  helper.exit();
  const rebindAfterHelperExits =
    rebind === 0
      ? 0
      : server.bind(fresh, ADDRESS, ADDRESS.length) === 0
        ? 0
        : server.WSAGetLastError();
  return {
    sim,
    rebindWhileHelperRuns,
    connectWhileHelperRuns,
    rebindAfterHelperExits,
    helperExitedAt,
  };
}

function show(title: string, result: RestartResult): void {
  console.log(`\n${title}`);
  for (const [index, record] of result.sim.steps.entries()) {
    if (index === result.helperExitedAt) console.log("  helper exits: its handles close");
    console.log(`  ${formatRecord(record)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const leak = restart(false);
  show("socket() listener, helper started with bInheritHandles TRUE:", leak);
  const fixed = restart(true);
  show("The same with WSA_FLAG_NO_HANDLE_INHERIT:", fixed);
  console.log(
    `\nWhile the helper ran, the restarted bind got ${leak.rebindWhileHelperRuns} (10048 is WSAEADDRINUSE)` +
      ` and a client's connect got ${leak.connectWhileHelperRuns} (0: it reached the helper's copy).`,
  );
  console.log(`With the flag, the bind got ${fixed.rebindWhileHelperRuns} at once.\n`);
  for (const id of ["PROC-INHERIT", "HANDLE-INHERIT-FLAG", "LIFE-ANY-ORIGIN"]) {
    console.log(`${id}: ${rule(id)?.statement ?? "(not in the catalogue)"}`);
  }
}
