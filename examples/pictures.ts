// docs/pictures.md's example state: one socket shared by two processes.
import {
  AF_INET,
  FD_CLOSE,
  FD_READ,
  FROM_PROTOCOL_INFO,
  int32,
  Simulation,
  SO_SNDBUF,
  SOCK_STREAM,
  SOL_SOCKET,
  type StateView,
  WSA_FLAG_OVERLAPPED,
  WSADATA,
} from "../src/index.js";

export function sharedSocket(): StateView {
  const sim = new Simulation();
  const a = sim.createProcess("A").main;
  const b = sim.createProcess("B").main;
  a.WSAStartup(0x0202, new WSADATA());
  b.WSAStartup(0x0202, new WSADATA());

  // A's socket, duplicated into B and claimed there: two descriptors, one socket.
  const s = a.socket(AF_INET, SOCK_STREAM, 0);
  const info = new Uint8Array(628);
  a.WSADuplicateSocketW(s, b.pid, info);
  const fpi = FROM_PROTOCOL_INFO;
  b.WSASocketW(fpi, fpi, fpi, info, 0, WSA_FLAG_OVERLAPPED);

  // State set through one descriptor belongs to the socket, so B's descriptor sees it too.
  a.setsockopt(s, SOL_SOCKET, SO_SNDBUF, int32(4096), 4);
  const event = a.WSACreateEvent();
  a.WSAEventSelect(s, event, FD_READ | FD_CLOSE);
  return sim.view();
}
