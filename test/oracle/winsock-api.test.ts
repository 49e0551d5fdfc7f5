/**
 * WinsockApi is an explicit list of methods: an adapter that writes exactly those methods (and
 * no more) type-checks and runs scenarios, the simulator's own WinsockThread is assignable to
 * it, and docs/oracle.md lists the same methods.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Simulation, type WinsockThread } from "../../src/index.js";
import {
  checkImplementation,
  compareScenario,
  readScenario,
  type WinsockApi,
  type World,
} from "../../src/oracle/index.js";
import { WINSOCK_API_METHODS } from "../../src/scenario/winsock-api.js";

// Type-level: the simulator's thread is a WinsockApi (tsc checks this line).
const asApi = (thread: WinsockThread): WinsockApi => thread;

/** A thread written out method by method, as another implementation's adapter would be. */
function explicitThread(t: WinsockThread): WinsockApi {
  return {
    WSAStartup: (v, data) => t.WSAStartup(v, data),
    WSACleanup: () => t.WSACleanup(),
    WSAGetLastError: () => t.WSAGetLastError(),
    WSASetLastError: (e) => t.WSASetLastError(e),
    socket: (af, type, protocol) => t.socket(af, type, protocol),
    WSASocketW: (af, type, protocol, info, g, flags) =>
      t.WSASocketW(af, type, protocol, info, g, flags),
    WSADuplicateSocketW: (s, pid, info) => t.WSADuplicateSocketW(s, pid, info),
    closesocket: (s) => t.closesocket(s),
    bind: (s, name, len) => t.bind(s, name, len),
    listen: (s, backlog) => t.listen(s, backlog),
    accept: (s, addr, len) => t.accept(s, addr, len),
    connect: (s, name, len) => t.connect(s, name, len),
    getsockname: (s, name, len) => t.getsockname(s, name, len),
    getpeername: (s, name, len) => t.getpeername(s, name, len),
    shutdown: (s, how) => t.shutdown(s, how),
    setsockopt: (s, level, name, value, len) => t.setsockopt(s, level, name, value, len),
    getsockopt: (s, level, name, value, len) => t.getsockopt(s, level, name, value, len),
    ioctlsocket: (s, cmd, argp) => t.ioctlsocket(s, cmd, argp),
    send: (s, buf, len, flags) => t.send(s, buf, len, flags),
    recv: (s, buf, len, flags) => t.recv(s, buf, len, flags),
    sendto: (s, buf, len, flags, to, tolen) => t.sendto(s, buf, len, flags, to, tolen),
    recvfrom: (s, buf, len, flags, from, fromlen) => t.recvfrom(s, buf, len, flags, from, fromlen),
    WSACreateEvent: () => t.WSACreateEvent(),
    WSACloseEvent: (h) => t.WSACloseEvent(h),
    WSASetEvent: (h) => t.WSASetEvent(h),
    WSAResetEvent: (h) => t.WSAResetEvent(h),
    WSAEventSelect: (s, h, mask) => t.WSAEventSelect(s, h, mask),
    WSAAsyncSelect: (s, hWnd, msg, mask) => t.WSAAsyncSelect(s, hWnd, msg, mask),
    WSAEnumNetworkEvents: (s, h, events) => t.WSAEnumNetworkEvents(s, h, events),
    WSAWaitForMultipleEvents: (n, events, all, timeout, alertable) =>
      t.WSAWaitForMultipleEvents(n, events, all, timeout, alertable),
    select: (n, r, w, e, timeout) => t.select(n, r, w, e, timeout),
    WSAPoll: (fds, n, timeout) => t.WSAPoll(fds, n, timeout),
    CreateWindow: () => t.CreateWindow(),
    PeekMessage: (msg, hWnd) => t.PeekMessage(msg, hWnd),
    Sleep: (ms) => t.Sleep(ms),
    ExitThread: () => t.ExitThread(),
    await: () => t.await(),
  };
}

function explicitWorld(): World {
  const sim = new Simulation();
  return {
    createProcess(name) {
      const process = sim.createProcess(name);
      return {
        get pid() {
          return process.pid;
        },
        get alive() {
          return process.alive;
        },
        main: explicitThread(process.main),
        createThread: () => explicitThread(process.createThread()),
        exit: () => process.exit(),
      };
    },
  };
}

describe("WinsockApi", () => {
  it("is what an adapter written method by method provides, and it runs generated scenarios", () => {
    const thread = explicitThread(new Simulation().createProcess("A").main);
    // Every method but the optional ones, which only hand-written scenarios name: the A
    // functions and the kernel32 handle calls.
    const optional = [
      "WSASocketA",
      "WSADuplicateSocketA",
      "CreateProcess",
      "DuplicateHandle",
      "GetHandleInformation",
      "SetHandleInformation",
      "CloseHandle",
      "WSARecv",
      "WSASend",
      "WSAGetOverlappedResult",
      "CreateIoCompletionPort",
      "GetQueuedCompletionStatus",
      "PostQueuedCompletionStatus",
      "CancelIo",
      "CancelIoEx",
      "WSAIoctl",
      "ConnectEx",
      "DisconnectEx",
      "AcceptEx",
      "GetAcceptExSockaddrs",
      "WSARecvFrom",
      "WSASendTo",
      "SetFileCompletionNotificationModes",
      "GetQueuedCompletionStatusEx",
      "SleepEx",
      "QueueUserAPC",
    ];
    expect(Object.keys(thread).sort()).toEqual(
      WINSOCK_API_METHODS.filter((m) => !optional.includes(m)).sort(),
    );
    expect(checkImplementation(explicitWorld, { numRuns: 30, seed: 3 })).toBe(30);
  });

  it("reports a scenario's WSASocketA on an adapter without it as the step that threw", () => {
    const file = "examples/scenarios/option-seen-through-duplicate.json";
    const scenario = readScenario(file, readFileSync(file, "utf8"));
    const steps = scenario.steps.map((s) =>
      s.call === "WSASocket" ? { ...s, call: "WSASocketA" } : s,
    );
    const index = steps.findIndex((s) => s.call === "WSASocketA");
    expect(index).toBeGreaterThan(0);
    const difference = compareScenario({ ...scenario, steps }, explicitWorld);
    expect(difference?.index).toBe(index);
    expect(difference?.reason).toContain("the implementation has no WSASocketA");
  });

  it.each([
    ["DuplicateHandle", "spec/scenarios/handles/duplicatehandle-same-process.json"],
    ["WSARecv", "spec/scenarios/overlapped/pending-recv-completed-by-send.json"],
    ["CreateIoCompletionPort", "spec/scenarios/overlapped/port-post-then-dequeue.json"],
  ])("reports a scenario's %s on an adapter without it as the step that threw", (call, file) => {
    const scenario = readScenario(file, readFileSync(file, "utf8"));
    const index = scenario.steps.findIndex((s) => s.call === call);
    expect(index).toBeGreaterThan(0);
    const difference = compareScenario(scenario, explicitWorld);
    expect(difference?.index).toBe(index);
    expect(difference?.reason).toContain(`the implementation has no ${call}`);
  });

  it("keeps the simulator's WinsockThread assignable to it", () => {
    const thread = new Simulation().createProcess("A").main;
    expect(asApi(thread)).toBe(thread);
  });

  it("is listed in docs/oracle.md, method by method", () => {
    const doc = readFileSync("docs/oracle.md", "utf8");
    const block = /```ts\ninterface WinsockApi \{\n([\s\S]*?)\n\}\n```/.exec(doc);
    expect(block).not.toBeNull();
    const listed = [...(block?.[1] ?? "").matchAll(/^ {2}(\w+)\??\(/gm)].map((m) => m[1]);
    expect(listed).toEqual([...WINSOCK_API_METHODS]);
  });
});
