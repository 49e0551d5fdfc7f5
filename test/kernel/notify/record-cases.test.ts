/**
 * Recording and delivering network events (src/kernel/notify/record.ts, types.ts), written to kill
 * the mutants that survived the mutation run of src/kernel/notify/ (docs/mutation/notify.md).
 * Each test states what a Winsock program observes (messages posted, event objects signalled,
 * WSAEnumNetworkEvents' answer, the rules a call cites) or a kernel function's contract. The file
 * sits under test/kernel/ so that phase 2 of mutation testing (the static mutants of the
 * FRESH_NOTIFY record) runs it too.
 */
import { describe, expect, it } from "vitest";
import {
  FD_ACCEPT,
  FD_CLOSE,
  FD_CONNECT,
  FD_OOB,
  FD_READ,
  FD_WRITE,
  kernel,
  SD_SEND,
  sockaddr,
  type WinsockThread,
  WSA_ERRORS,
} from "../../../src/index.js";
import { lookupHandle } from "../../../src/kernel/handles.js";
import { holds } from "../../../src/kernel/notify/record.js";
import {
  duplicate,
  enumerate,
  messages,
  nameOf,
  pair,
  recvText,
  sendText,
  setLinger,
  signalled,
  socketOf,
  tcp,
  text,
  udp,
  Watch,
  WM_SOCKET,
  world,
} from "../../events/helpers.js";
import { RULE_IDS } from "../options/rule-ids.js";

const { WSAECONNABORTED } = WSA_ERRORS;
const FD_CLOSE_BIT = 5;

/** The rules the last call cited: every one a catalogue rule, and `expected` among them. */
function expectCited(t: WinsockThread, expected: readonly string[]): void {
  const rules = t.last?.rules ?? [];
  expect(rules.filter((id) => !RULE_IDS.has(id))).toEqual([]);
  for (const id of expected) expect(rules).toContain(id);
}

/** A UDP socket bound to 127.0.0.1 and its address. */
function boundUdp(t: WinsockThread): { s: number; addr: Uint8Array } {
  const s = udp(t);
  expect(t.bind(s, sockaddr("127.0.0.1:0"), 16)).toBe(0);
  return { s, addr: sockaddr(nameOf(t, s)) };
}

function sendDatagram(t: WinsockThread, s: number, to: Uint8Array, data: string): void {
  const bytes = text(data);
  expect(t.sendto(s, bytes, bytes.length, 0, to, 16)).toBe(bytes.length);
}

describe("the rules notification cites", () => {
  it("WSAEventSelect delivering a recorded event: EVT-ONE-REGISTRATION and EVT-ONCE", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    expect(a.WSAEventSelect(server, a.WSACreateEvent(), FD_WRITE)).toBe(0);
    expectCited(a, ["EVT-ONE-REGISTRATION", "EVT-ONCE"]);
  });

  it("recv leaving data unread: EVT-REENABLE, EVT-LEVEL, EVT-RECORD, EVT-ONCE", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const w = new Watch(a, server, "message");
    w.select(FD_READ);
    sendText(a, client, "abcd");
    w.expect([FD_READ]);
    expect(recvText(a, server, 1)).toBe("a");
    expectCited(a, ["EVT-REENABLE", "EVT-LEVEL", "EVT-RECORD", "EVT-ONCE"]);
    w.expect([FD_READ]);
  });

  it("WSAAsyncSelect: EVT-ONE-REGISTRATION and EVT-MESSAGE-MODE", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    expect(a.WSAAsyncSelect(server, a.CreateWindow(), WM_SOCKET, FD_WRITE)).toBe(0);
    expectCited(a, ["EVT-ONE-REGISTRATION", "EVT-MESSAGE-MODE"]);
  });

  it("a datagram connect in message mode: EVT-RECORD and EVT-MESSAGE-MODE", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const peer = boundUdp(a);
    expect(a.WSAAsyncSelect(u, a.CreateWindow(), WM_SOCKET, FD_READ)).toBe(0);
    expect(a.connect(u, peer.addr, 16)).toBe(0);
    expectCited(a, ["EVT-RECORD", "EVT-MESSAGE-MODE"]);
  });

  it("accept from a registered listener: EVT-ACCEPT-INHERITS", () => {
    const { t } = world("A");
    const a = t.A!;
    const l = tcp(a);
    expect(a.bind(l, sockaddr("127.0.0.1:0"), 16)).toBe(0);
    expect(a.listen(l, 5)).toBe(0);
    expect(a.WSAEventSelect(l, a.WSACreateEvent(), FD_ACCEPT)).toBe(0);
    const c = tcp(a);
    expect(a.connect(c, sockaddr(nameOf(a, l)), 16)).toBe(0);
    const s = a.accept(l, null, null);
    expect(typeof s).toBe("number");
    expectCited(a, ["EVT-ACCEPT-INHERITS"]);
  });
});

describe("FD_CLOSE after a reset (EVT-CLOSE, EVT-MESSAGE-MODE)", () => {
  it("a new WSAAsyncSelect posts FD_CLOSE at once with WSAECONNABORTED", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    setLinger(a, client, 1, 0);
    expect(a.closesocket(client)).toBe(0);
    const hwnd = a.CreateWindow();
    expect(a.WSAAsyncSelect(server, hwnd, WM_SOCKET, FD_CLOSE)).toBe(0);
    expect(messages(a, hwnd)).toEqual([
      { message: WM_SOCKET, wParam: server, event: FD_CLOSE, error: WSAECONNABORTED },
    ]);
  });

  it("after a FIN, a new WSAAsyncSelect posts FD_CLOSE with 0", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.shutdown(client, SD_SEND)).toBe(0);
    const hwnd = a.CreateWindow();
    expect(a.WSAAsyncSelect(server, hwnd, WM_SOCKET, FD_CLOSE)).toBe(0);
    expect(messages(a, hwnd)).toEqual([
      { message: WM_SOCKET, wParam: server, event: FD_CLOSE, error: 0 },
    ]);
  });

  it("a reset after a FIN leaves FD_CLOSE recorded with the reset's WSAECONNABORTED", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    expect(a.shutdown(client, SD_SEND)).toBe(0); // FD_CLOSE recorded at the server, error 0
    setLinger(a, client, 1, 0);
    expect(a.closesocket(client)).toBe(0); // the reset: FD_CLOSE again, WSAECONNABORTED
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, ev, FD_CLOSE)).toBe(0);
    expect(signalled(a, ev)).toBe(true);
    const ne = enumerate(a, server, ev);
    expect(ne.lNetworkEvents).toBe(FD_CLOSE);
    expect(ne.iErrorCode[FD_CLOSE_BIT]).toBe(WSAECONNABORTED);
  });
});

describe("a datagram socket connected in message mode (EVT-MESSAGE-MODE, fact 49)", () => {
  it("posts nothing when the mask lacks FD_WRITE", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const peer = boundUdp(a);
    const hwnd = a.CreateWindow();
    expect(a.WSAAsyncSelect(u, hwnd, WM_SOCKET, FD_READ)).toBe(0);
    expect(messages(a, hwnd)).toEqual([]);
    expect(a.connect(u, peer.addr, 16)).toBe(0);
    expect(messages(a, hwnd)).toEqual([]);
  });

  it("posts FD_WRITE and leaves an FD_READ already posted un-re-enabled (EVT-ONCE)", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = boundUdp(a);
    const peer = boundUdp(a);
    const hwnd = a.CreateWindow();
    const post = (event: number) => ({ message: WM_SOCKET, wParam: u.s, event, error: 0 });
    expect(a.WSAAsyncSelect(u.s, hwnd, WM_SOCKET, FD_READ | FD_WRITE)).toBe(0);
    expect(messages(a, hwnd)).toEqual([post(FD_WRITE)]);
    sendDatagram(a, peer.s, u.addr, "one");
    expect(messages(a, hwnd)).toEqual([post(FD_READ)]);
    expect(a.connect(u.s, peer.addr, 16)).toBe(0);
    expect(messages(a, hwnd)).toEqual([post(FD_WRITE)]);
    // No recv since the FD_READ: a second datagram posts nothing.
    sendDatagram(a, peer.s, u.addr, "two");
    expect(messages(a, hwnd)).toEqual([]);
  });

  it("records FD_CONNECT, which a later WSAEventSelect selecting it is signalled for (EVT-RECORD)", () => {
    const { t } = world("A");
    const a = t.A!;
    const u = udp(a);
    const peer = boundUdp(a);
    expect(a.WSAAsyncSelect(u, a.CreateWindow(), WM_SOCKET, FD_WRITE)).toBe(0);
    expect(a.connect(u, peer.addr, 16)).toBe(0);
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(u, ev, FD_CONNECT)).toBe(0);
    expect(signalled(a, ev)).toBe(true);
    expect(enumerate(a, u, ev).lNetworkEvents).toBe(FD_CONNECT);
  });
});

describe("delivery to a registration whose event object or window is gone", () => {
  it("an event object closed while registered: the event is still recorded, and its handle value stays free", () => {
    const { sim, t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, ev, FD_READ)).toBe(0);
    expect(a.WSACloseEvent(ev)).toBe(1);
    sendText(a, client, "abc");
    const process = kernel.findProcess(sim.state, a.pid);
    expect(process).toBeDefined();
    expect(lookupHandle(process!, ev)).toBeUndefined();
    expect(enumerate(a, server, 0).lNetworkEvents).toBe(FD_READ);
  });

  it("the registering process exited (event mode): data still arrives and is recorded", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(b);
    const d = duplicate(b, server, a);
    expect(a.WSAEventSelect(d, a.WSACreateEvent(), FD_READ)).toBe(0);
    a.sim.process("A").exit();
    sendText(b, client, "abc");
    expect(enumerate(b, server, 0).lNetworkEvents).toBe(FD_READ);
    expect(recvText(b, server)).toBe("abc");
  });

  it("the registering process exited (message mode): its window is gone, data still arrives", () => {
    const { t } = world("A", "B");
    const [a, b] = [t.A!, t.B!];
    const { client, server } = pair(b);
    const d = duplicate(b, server, a);
    expect(a.WSAAsyncSelect(d, a.CreateWindow(), WM_SOCKET, FD_READ)).toBe(0);
    a.sim.process("A").exit();
    sendText(b, client, "abc");
    expect(recvText(b, server)).toBe("abc");
  });
});

describe("the record and re-enabling (EVT-RECORD, EVT-LEVEL, EVT-WRITE)", () => {
  it("send re-enables FD_WRITE only: an FD_READ recorded with data unread stays recorded", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, ev, FD_READ)).toBe(0);
    sendText(a, client, "abc");
    sendText(a, server, "x");
    expect(signalled(a, ev)).toBe(true);
    expect(enumerate(a, server, ev).lNetworkEvents).toBe(FD_READ);
  });

  it("recv with data left makes FD_READ happen again, and no other event", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(server, ev, FD_READ | FD_OOB | FD_ACCEPT)).toBe(0);
    sendText(a, client, "abcd");
    expect(enumerate(a, server, ev).lNetworkEvents).toBe(FD_READ);
    expect(recvText(a, server, 1)).toBe("a");
    expect(signalled(a, ev)).toBe(true);
    expect(enumerate(a, server, ev).lNetworkEvents).toBe(FD_READ);
  });

  it("a successful send re-enables FD_WRITE but does not make it happen", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client } = pair(a);
    const ev = a.WSACreateEvent();
    expect(a.WSAEventSelect(client, ev, FD_WRITE)).toBe(0);
    expect(enumerate(a, client, ev).lNetworkEvents).toBe(FD_WRITE);
    sendText(a, client, "x");
    expect(signalled(a, ev)).toBe(false);
    expect(enumerate(a, client, ev).lNetworkEvents).toBe(0);
  });
});

describe("the kernel's state", () => {
  it("recording an event already recorded with the same error copies nothing of the record", () => {
    const { t } = world("A");
    const a = t.A!;
    const { client, server } = pair(a);
    sendText(a, client, "a");
    const before = socketOf(a, server).notify;
    expect(before).toBeDefined();
    sendText(a, client, "b");
    expect(socketOf(a, server).net.receiveQueue.bytes).toBe(2);
    expect(socketOf(a, server).notify).toBe(before);
  });

  it("a registration that writes no error shares the error codes with the state before", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const before = socketOf(a, server).notify;
    expect(before).toBeDefined();
    expect(a.WSAEventSelect(server, a.WSACreateEvent(), FD_READ)).toBe(0);
    const after = socketOf(a, server).notify;
    expect(after).not.toBe(before);
    expect(after?.errors).toBe(before?.errors);
  });

  it("a socket's first notification record adds the notify field and nothing else", () => {
    const { t } = world("A");
    const a = t.A!;
    const s = tcp(a);
    const before = Object.keys(socketOf(a, s));
    expect(before).not.toContain("notify");
    expect(a.WSAEventSelect(s, a.WSACreateEvent(), FD_READ)).toBe(0);
    const added = Object.keys(socketOf(a, s)).filter((key) => !before.includes(key));
    expect(added).toEqual(["notify"]);
  });

  it("holds: FD_CONNECT is no condition that holds (only FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT, FD_CLOSE are)", () => {
    const { t } = world("A");
    const a = t.A!;
    const { server } = pair(a);
    const socket = socketOf(a, server);
    expect(holds(socket, FD_WRITE)).toBe(true);
    expect(holds(socket, FD_CONNECT)).toBe(false);
  });
});
