/* probe15: Windows handle semantics for sockets (GetHandleInformation, SetHandleInformation,
 * DuplicateHandle, inheritance), measured under Wine.  One line per fact: "name: value".
 * Modes: (none) parent; "child L N E P outfile"; "child2 L N E P outfile"; "nullflags". */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <winternl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WSA_FLAG_NO_HANDLE_INHERIT
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#endif

static FILE *out;
#define P(...) do { fprintf(out, __VA_ARGS__); fputc('\n', out); fflush(out); } while (0)
#define HV(h) ((unsigned long long)(ULONG_PTR)(h))
#define H(s) ((HANDLE)(ULONG_PTR)(s))

static void ghi(const char *name, HANDLE h) {
  DWORD f = 0xdeadbeef;
  SetLastError(0);
  BOOL r = GetHandleInformation(h, &f);
  DWORD e = GetLastError();
  if (r) P("%s: GetHandleInformation(%#llx) ret=1 flags=0x%lx", name, HV(h), f);
  else P("%s: GetHandleInformation(%#llx) ret=0 err=%lu", name, HV(h), e);
}

static int readable(SOCKET s, int ms);
typedef LONG (WINAPI *NtQueryObject_t)(HANDLE, int, void *, ULONG, ULONG *);
static void htype(const char *name, HANDLE h) {
  static NtQueryObject_t q;
  unsigned char buf[1024];
  ULONG len = 0;
  if (!q) q = (NtQueryObject_t)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryObject");
  LONG st = q(h, 2 /* ObjectTypeInformation */, buf, sizeof buf, &len);
  if (st) { P("%s: NtQueryObject(%#llx, type) status=%#lx", name, HV(h), (unsigned long)st); return; }
  UNICODE_STRING *u = (UNICODE_STRING *)buf;
  P("%s: object type of %#llx = %.*ls", name, HV(h), (int)(u->Length / 2), u->Buffer);
}

/* which ws2_32 calls work on a handle value that Wine's ws2_32 did not create itself */
static void ops(const char *pfx, SOCKET s) {
  struct sockaddr_in a; int len; int r; u_long n = 0; int v = -1, olen = sizeof v;
  len = sizeof a; WSASetLastError(0); r = getsockname(s, (struct sockaddr *)&a, &len);
  P("%s.getsockname: ret=%d wsaerr=%d", pfx, r, WSAGetLastError());
  len = sizeof a; WSASetLastError(0); r = getpeername(s, (struct sockaddr *)&a, &len);
  P("%s.getpeername: ret=%d wsaerr=%d", pfx, r, WSAGetLastError());
  WSASetLastError(0); r = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &olen);
  P("%s.getsockopt_SO_TYPE: ret=%d wsaerr=%d value=%d", pfx, r, WSAGetLastError(), v);
  WSASetLastError(0); r = ioctlsocket(s, FIONREAD, &n);
  P("%s.ioctlsocket_FIONREAD: ret=%d wsaerr=%d value=%lu", pfx, r, WSAGetLastError(), n);
  WSASetLastError(0); r = readable(s, 0);
  P("%s.select_read_0ms: ret=%d wsaerr=%d", pfx, r, WSAGetLastError());
}

static void shi(const char *name, HANDLE h, DWORD mask, DWORD flags) {
  SetLastError(0);
  BOOL r = SetHandleInformation(h, mask, flags);
  DWORD e = GetLastError();
  P("%s: SetHandleInformation(%#llx, mask=%#lx, flags=%#lx) ret=%d err=%lu", name, HV(h), mask, flags, r, e);
}

static void wsa_close(const char *name, SOCKET s) {
  WSASetLastError(0);
  int r = closesocket(s);
  int e = WSAGetLastError();
  P("%s: closesocket(%#llx) ret=%d wsaerr=%d", name, HV(s), r, e);
}

static void close_h(const char *name, HANDLE h) {
  SetLastError(0);
  BOOL r = CloseHandle(h);
  DWORD e = GetLastError();
  P("%s: CloseHandle(%#llx) ret=%d err=%lu", name, HV(h), r, e);
}

static SOCKET mk(int inherit_flag_off) {
  if (!inherit_flag_off) return socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  return WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
                    WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
}

static unsigned short local_port(SOCKET s) {
  struct sockaddr_in a = {0};
  int len = sizeof a;
  if (getsockname(s, (struct sockaddr *)&a, &len)) return 0;
  return ntohs(a.sin_port);
}

static int bind_lo(SOCKET s, unsigned short port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return bind(s, (struct sockaddr *)&a, sizeof a);
}

static SOCKET listener(int noinherit, unsigned short *port) {
  SOCKET s = mk(noinherit);
  if (bind_lo(s, 0) || listen(s, 5)) { P("error.listener: wsaerr=%d", WSAGetLastError()); }
  *port = local_port(s);
  return s;
}

static int connect_lo(SOCKET s, unsigned short port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return connect(s, (struct sockaddr *)&a, sizeof a);
}

static int readable(SOCKET s, int ms) {
  fd_set fds;
  FD_ZERO(&fds);
  FD_SET(s, &fds);
  struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
  return select(0, &fds, NULL, NULL, &tv);
}

static SOCKET accept_to(SOCKET l, int ms) {
  if (readable(l, ms) != 1) { P("error.accept: not readable"); return INVALID_SOCKET; }
  return accept(l, NULL, NULL);
}

/* a connected pair: *c client, *a accepted; listener closed */
static void pair(SOCKET *c, SOCKET *a) {
  unsigned short port;
  SOCKET l = listener(1, &port);
  *c = mk(1);
  if (connect_lo(*c, port)) P("error.pair.connect: wsaerr=%d", WSAGetLastError());
  *a = accept_to(l, 3000);
  closesocket(l);
}

static void do_send(const char *name, SOCKET s) {
  WSASetLastError(0);
  int r = send(s, "abc", 3, 0);
  P("%s: send(%#llx) ret=%d wsaerr=%d", name, HV(s), r, WSAGetLastError());
}

static void do_recv(const char *name, SOCKET s) {
  char buf[64];
  int rd = readable(s, 2000);
  if (rd != 1) { P("%s: select ret=%d (not readable within 2 s) wsaerr=%d", name, rd, WSAGetLastError()); return; }
  WSASetLastError(0);
  int r = recv(s, buf, sizeof buf, 0);
  P("%s: recv(%#llx) ret=%d wsaerr=%d", name, HV(s), r, WSAGetLastError());
}

static BOOL dup(HANDLE src, HANDLE *dst, BOOL inherit, DWORD opts, DWORD *err) {
  SetLastError(0);
  BOOL r = DuplicateHandle(GetCurrentProcess(), src, GetCurrentProcess(), dst, 0, inherit, opts);
  *err = GetLastError();
  return r;
}

static char exe[MAX_PATH];

static DWORD run_child(const char *args, BOOL inherit, PROCESS_INFORMATION *pi) {
  static char cmd[2048];
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  snprintf(cmd, sizeof cmd, "\"%s\" %s", exe, args);
  SetLastError(0);
  BOOL r = CreateProcessA(exe, cmd, NULL, NULL, inherit, 0, NULL, NULL, &si, pi);
  return r ? 0 : GetLastError() ? GetLastError() : 1;
}

static void dump_file(const char *path) {
  FILE *f = fopen(path, "r");
  char line[512];
  if (!f) { P("error.dump: cannot open %s", path); return; }
  while (fgets(line, sizeof line, f)) { fputs(line, out); }
  fflush(out);
  fclose(f);
}

/* ---------------- child modes ---------------- */

static int child_main(int argc, char **argv, BOOL inherited) {
  const char *pfx = inherited ? "4.child" : "4.child_noinherit";
  char name[128];
  if (argc < 7) return 90;
  out = fopen(argv[6], "w");
  if (!out) return 91;
  SOCKET L = (SOCKET)strtoull(argv[2], NULL, 0);
  SOCKET N = (SOCKET)strtoull(argv[3], NULL, 0);
  HANDLE E = (HANDLE)(ULONG_PTR)strtoull(argv[4], NULL, 0);
  unsigned short port = (unsigned short)atoi(argv[5]);
  P("%s.std_handles: in=%#llx out=%#llx err=%#llx", pfx, HV(GetStdHandle(STD_INPUT_HANDLE)), HV(GetStdHandle(STD_OUTPUT_HANDLE)), HV(GetStdHandle(STD_ERROR_HANDLE)));
  P("%s.args: L=%#llx N=%#llx E=%#llx P=%u", pfx, HV(L), HV(N), HV(E), port);

  if (inherited) {
    /* before WSAStartup */
    ghi("4.child.pre_startup.L", H(L));
    struct sockaddr_in a = {0};
    int len = sizeof a;
    WSASetLastError(0);
    int r = getsockname(L, (struct sockaddr *)&a, &len);
    P("4.child.pre_startup.getsockname_L: ret=%d wsaerr=%d port=%u", r, WSAGetLastError(), ntohs(a.sin_port));
    WSASetLastError(0);
    SOCKET s0 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    P("4.child.pre_startup.socket: value=%#llx wsaerr=%d", HV(s0), WSAGetLastError());
  }

  WSADATA wd;
  int sr = WSAStartup(MAKEWORD(2, 2), &wd);
  P("%s.WSAStartup: ret=%d", pfx, sr);
  snprintf(name, sizeof name, "%s.L", pfx); ghi(name, H(L));
  snprintf(name, sizeof name, "%s.N_noinherit", pfx); ghi(name, H(N));
  snprintf(name, sizeof name, "%s.E", pfx); ghi(name, E);
  snprintf(name, sizeof name, "%s.L_type", pfx); htype(name, H(L));
  snprintf(name, sizeof name, "%s.N_type", pfx); htype(name, H(N));
  snprintf(name, sizeof name, "%s.E_type", pfx); htype(name, E);

  if (inherited) {
    struct sockaddr_in a = {0};
    int len = sizeof a;
    WSASetLastError(0);
    int r = getsockname(L, (struct sockaddr *)&a, &len);
    P("4.child.getsockname_L: ret=%d wsaerr=%d port=%u (parent P=%u)", r, WSAGetLastError(), ntohs(a.sin_port), port);
    int acc = -1, olen = sizeof acc;
    WSASetLastError(0);
    r = getsockopt(L, SOL_SOCKET, SO_ACCEPTCONN, (char *)&acc, &olen);
    P("4.child.SO_ACCEPTCONN_L: ret=%d wsaerr=%d value=%d", r, WSAGetLastError(), acc);
    WSASetLastError(0);
    r = getsockname(N, (struct sockaddr *)&a, &len);
    P("4.child.getsockname_N_noinherit: ret=%d wsaerr=%d", r, WSAGetLastError());
  }

  SOCKET s1 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  SOCKET s2 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  P("%s.new_sockets: s1=%#llx s2=%#llx (s1==N:%d s2==N:%d s1==L:%d)", pfx, HV(s1), HV(s2), s1 == N, s2 == N, s1 == L);
  HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
  P("%s.new_event: value=%#llx", pfx, HV(ev));

  if (!inherited) return 0;

  WSASetLastError(0);
  int rd = readable(L, 0);
  P("4.child.select_L_before_connect(timeout 0): ret=%d wsaerr=%d", rd, WSAGetLastError());
  SetLastError(0);
  BOOL se = SetEvent(E);
  P("4.child.SetEvent_E: ret=%d err=%lu", se, GetLastError());
  Sleep(2000);
  WSASetLastError(0);
  rd = readable(L, 3000);
  P("4.child.select_L_after_parent_connect(timeout 3000): ret=%d wsaerr=%d", rd, WSAGetLastError());
  if (rd == 1) {
    WSASetLastError(0);
    SOCKET ac = accept(L, NULL, NULL);
    P("4.child.accept_on_inherited_L: value=%#llx wsaerr=%d", HV(ac), WSAGetLastError());
    if (ac != INVALID_SOCKET) { ghi("4.child.accepted", H(ac)); wsa_close("4.child.accepted.closesocket", ac); }
  }

  int cr = WSACleanup();
  P("4.child.WSACleanup: ret=%d", cr);
  ghi("4.child.after_cleanup.L_inherited", H(L));
  ghi("4.child.after_cleanup.s1_own", H(s1));
  {
    int acc = -1, olen = sizeof acc;
    WSASetLastError(0);
    int r = getsockopt(L, SOL_SOCKET, SO_ACCEPTCONN, (char *)&acc, &olen);
    P("4.child.after_cleanup.SO_ACCEPTCONN_L: ret=%d wsaerr=%d value=%d", r, WSAGetLastError(), acc);
  }
  fclose(out);
  return 0;
}

/* ---------------- parent ---------------- */

static void section1(void) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ghi("1.socket", H(s));
  SOCKET w = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  ghi("1.WSASocket_NO_HANDLE_INHERIT", H(w));
  SOCKET w0 = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
  ghi("1.WSASocket_flags0", H(w0));
  SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  ghi("1.socket_udp", H(u));
  closesocket(s); closesocket(w); closesocket(w0); closesocket(u);

  unsigned short port;
  SOCKET l = listener(0, &port);
  SOCKET c = mk(1);
  connect_lo(c, port);
  SOCKET a = accept_to(l, 3000);
  ghi("1.accept_from_inheritable_listener", H(a));
  closesocket(a); closesocket(c); closesocket(l);

  l = listener(1, &port);
  c = mk(0);
  connect_lo(c, port);
  ghi("1.connected_client_socket()", H(c));
  a = accept_to(l, 3000);
  ghi("1.accept_from_NO_HANDLE_INHERIT_listener", H(a));
  closesocket(a); closesocket(c); closesocket(l);

  /* listener created inheritable then made non-inheritable via SetHandleInformation */
  l = listener(0, &port);
  SetHandleInformation(H(l), HANDLE_FLAG_INHERIT, 0);
  c = mk(1);
  connect_lo(c, port);
  a = accept_to(l, 3000);
  ghi("1.accept_from_listener_inherit_cleared_by_SetHandleInformation", H(a));
  closesocket(a); closesocket(c); closesocket(l);

  /* listener with NO_HANDLE_INHERIT then made inheritable via SetHandleInformation */
  l = listener(1, &port);
  SetHandleInformation(H(l), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  c = mk(1);
  connect_lo(c, port);
  a = accept_to(l, 3000);
  ghi("1.accept_from_NO_INHERIT_listener_made_inheritable_by_SetHandleInformation", H(a));
  closesocket(a); closesocket(c); closesocket(l);

  WSAEVENT we = WSACreateEvent();
  ghi("1.WSACreateEvent", we);
  HANDLE ce = CreateEventW(NULL, TRUE, FALSE, NULL);
  ghi("1.CreateEvent(NULL,TRUE,FALSE,NULL)", ce);
  SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
  HANDLE ie = CreateEventW(&sa, TRUE, FALSE, NULL);
  ghi("1.CreateEvent(sa.bInheritHandle=TRUE)", ie);
  WSACloseEvent(we); CloseHandle(ce); CloseHandle(ie);
}

static void section2(void) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  P("2.sock: value=%#llx", HV(s));
  shi("2.sock.set_inherit_off", H(s), HANDLE_FLAG_INHERIT, 0);
  ghi("2.sock.after_inherit_off", H(s));
  shi("2.sock.set_protect", H(s), HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
  ghi("2.sock.after_protect", H(s));
  wsa_close("2.sock.protected.closesocket", s);
  ghi("2.sock.protected.after_closesocket", H(s));
  close_h("2.sock.protected.CloseHandle", H(s));
  ghi("2.sock.protected.after_CloseHandle", H(s));
  {
    int t = -1, len = sizeof t;
    WSASetLastError(0);
    int r = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&t, &len);
    P("2.sock.protected.getsockopt_SO_TYPE_after_close_attempts: ret=%d wsaerr=%d type=%d", r, WSAGetLastError(), t);
  }
  shi("2.sock.clear_protect", H(s), HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
  wsa_close("2.sock.unprotected.closesocket", s);
  ghi("2.sock.unprotected.after_closesocket", H(s));
  close_h("2.sock.unprotected.CloseHandle_after_closesocket", H(s));

  WSAEVENT ev = WSACreateEvent();
  P("2.wsaevent: value=%#llx", HV(ev));
  shi("2.wsaevent.set_protect", ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
  ghi("2.wsaevent.after_protect", ev);
  WSASetLastError(0); SetLastError(0);
  BOOL r = WSACloseEvent(ev);
  P("2.wsaevent.protected.WSACloseEvent: ret=%d wsaerr=%d", r, WSAGetLastError());
  ghi("2.wsaevent.protected.after_WSACloseEvent", ev);
  close_h("2.wsaevent.protected.CloseHandle", ev);
  ghi("2.wsaevent.protected.after_CloseHandle", ev);
  shi("2.wsaevent.clear_protect", ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
  WSASetLastError(0);
  r = WSACloseEvent(ev);
  P("2.wsaevent.unprotected.WSACloseEvent: ret=%d wsaerr=%d", r, WSAGetLastError());
  ghi("2.wsaevent.unprotected.after_WSACloseEvent", ev);
  WSASetLastError(0);
  r = WSACloseEvent(ev);
  P("2.wsaevent.WSACloseEvent_again: ret=%d wsaerr=%d", r, WSAGetLastError());

  shi("2.invalid_0x1234.set", (HANDLE)0x1234, HANDLE_FLAG_INHERIT, 0);
  ghi("2.invalid_0x1234.get", (HANDLE)0x1234);
  shi("2.NULL.set", NULL, HANDLE_FLAG_INHERIT, 0);
  ghi("2.NULL.get", NULL);
  shi("2.INVALID_HANDLE_VALUE.set", INVALID_HANDLE_VALUE, HANDLE_FLAG_INHERIT, 0);
  ghi("2.GetCurrentProcess_pseudo.get", GetCurrentProcess());
  ghi("2.GetCurrentThread_pseudo.get", GetCurrentThread());
  ghi("2.STD_OUTPUT_HANDLE.get", GetStdHandle(STD_OUTPUT_HANDLE));

  s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ghi("2.mask.initial", H(s));
  shi("2.mask.0x4", H(s), 0x4, 0x4);
  ghi("2.mask.after_0x4", H(s));
  shi("2.mask.0xffffffff_flags0", H(s), 0xffffffff, 0);
  ghi("2.mask.after_0xffffffff_flags0", H(s));
  shi("2.mask.0xffffffff_flags0xffffffff", H(s), 0xffffffff, 0xffffffff);
  ghi("2.mask.after_0xffffffff_flags0xffffffff", H(s));
  shi("2.mask.0_flags0xffffffff", H(s), 0, 0xffffffff);
  ghi("2.mask.after_0_flags0xffffffff", H(s));
  shi("2.mask.1_flags0xffffffff", H(s), 1, 0xffffffff);
  ghi("2.mask.after_1_flags0xffffffff", H(s));
  shi("2.mask.clear_3", H(s), 3, 0);
  ghi("2.mask.after_clear_3", H(s));
  wsa_close("2.mask.closesocket", s);
}

static void section3(void) {
  SOCKET c, a;
  DWORD e;
  HANDLE copy = (HANDLE)0xbad, copy2 = (HANDLE)0xbad, copy3 = (HANDLE)0xbad;
  pair(&c, &a);
  P("3.pair: c=%#llx a=%#llx", HV(c), HV(a));
  BOOL r = dup(H(c), &copy, FALSE, DUPLICATE_SAME_ACCESS, &e);
  P("3.dup_inherit_FALSE: ret=%d err=%lu copy=%#llx src=%#llx equal=%d", r, e, HV(copy), HV(c), copy == H(c));
  ghi("3.dup_inherit_FALSE.copy", copy);
  r = dup(H(c), &copy2, TRUE, DUPLICATE_SAME_ACCESS, &e);
  P("3.dup_inherit_TRUE: ret=%d err=%lu copy=%#llx", r, e, HV(copy2));
  ghi("3.dup_inherit_TRUE.copy", copy2);
  ghi("3.src_after_dups", H(c));
  do_send("3.send_on_copy", (SOCKET)copy);
  do_recv("3.recv_on_peer", a);
  P("3.getsockname: copy_port=%u src_port=%u", local_port((SOCKET)copy), local_port(c));
  {
    int t = -1, len = sizeof t;
    WSASetLastError(0);
    int rr = getsockopt((SOCKET)copy, SOL_SOCKET, SO_TYPE, (char *)&t, &len);
    P("3.getsockopt_SO_TYPE_copy: ret=%d wsaerr=%d type=%d", rr, WSAGetLastError(), t);
  }
  ops("3.ops_on_dup_copy", (SOCKET)copy);
  ops("3.ops_on_original", c);
  {
    char buf[8];
    do_send("3.send_on_original_for_recv_test", c);
    HANDLE ac = (HANDLE)0xbad; DWORD e2;
    dup(H(a), &ac, FALSE, DUPLICATE_SAME_ACCESS, &e2);
    readable(a, 2000);
    WSASetLastError(0);
    int rr = recv((SOCKET)ac, buf, sizeof buf, 0);
    P("3.recv_on_dup_of_peer: ret=%d wsaerr=%d", rr, WSAGetLastError());
    if (rr < 0) { rr = recv(a, buf, sizeof buf, 0); P("3.recv_on_peer_original_instead: ret=%d", rr); }
    CloseHandle(ac);
  }
  wsa_close("3.closesocket_copy", (SOCKET)copy);
  ghi("3.copy_after_closesocket", copy);
  close_h("3.CloseHandle_copy_after_closesocket", copy);
  do_send("3.send_on_src_after_copy_closed", c);
  do_recv("3.recv_on_peer_2", a);
  close_h("3.CloseHandle_copy2", copy2);
  do_send("3.send_on_src_after_copy2_CloseHandle", c);
  do_recv("3.recv_on_peer_3", a);

  r = dup(H(c), &copy3, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE, &e);
  P("3.dup_CLOSE_SOURCE: ret=%d err=%lu copy=%#llx src=%#llx", r, e, HV(copy3), HV(c));
  ghi("3.dup_CLOSE_SOURCE.src_after", H(c));
  ghi("3.dup_CLOSE_SOURCE.copy", copy3);
  wsa_close("3.dup_CLOSE_SOURCE.closesocket_src", c);
  do_send("3.dup_CLOSE_SOURCE.send_on_copy", (SOCKET)copy3);
  do_recv("3.dup_CLOSE_SOURCE.recv_on_peer", a);
  wsa_close("3.dup_CLOSE_SOURCE.closesocket_copy", (SOCKET)copy3);
  ghi("3.dup_CLOSE_SOURCE.copy_after_closesocket", copy3);
  /* if Wine's closesocket refused the copy, close its handle */
  { DWORD f; if (GetHandleInformation(copy3, &f)) CloseHandle(copy3); }
  closesocket(a);

  /* peer sees close after last handle? (a already closed; nothing more) */

  /* WSACleanup with duplicated handles */
  SOCKET w, a2;
  HANDLE wc = (HANDLE)0xbad, a2c = (HANDLE)0xbad;
  pair(&w, &a2);
  dup(H(w), &wc, FALSE, DUPLICATE_SAME_ACCESS, &e);
  dup(H(a2), &a2c, FALSE, DUPLICATE_SAME_ACCESS, &e);
  P("3.cleanup.values: w=%#llx wc=%#llx a2=%#llx a2c=%#llx", HV(w), HV(wc), HV(a2), HV(a2c));
  int cr = WSACleanup();
  P("3.cleanup.WSACleanup: ret=%d", cr);
  ghi("3.cleanup.after_cleanup.w", H(w));
  ghi("3.cleanup.after_cleanup.wc", wc);
  ghi("3.cleanup.after_cleanup.a2", H(a2));
  ghi("3.cleanup.after_cleanup.a2c", a2c);
  WSADATA wd;
  int sr = WSAStartup(MAKEWORD(2, 2), &wd);
  P("3.cleanup.WSAStartup_again: ret=%d", sr);
  ghi("3.cleanup.after_restart.w", H(w));
  ghi("3.cleanup.after_restart.wc", wc);
  do_send("3.cleanup.after_restart.send_on_wc", (SOCKET)wc);
  do_recv("3.cleanup.after_restart.recv_on_a2c", (SOCKET)a2c);
  do_send("3.cleanup.after_restart.send_on_w", w);
  SOCKET nw = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  P("3.cleanup.after_restart.new_socket: value=%#llx (==w:%d)", HV(nw), nw == w);
  closesocket(nw);
  { DWORD f; if (GetHandleInformation(wc, &f)) CloseHandle(wc); if (GetHandleInformation(a2c, &f)) CloseHandle(a2c); }

  ops("3.cleanup.after_restart.ops_on_wc", (SOCKET)wc);
  ops("3.cleanup.after_restart.ops_on_a2c", (SOCKET)a2c);

  /* same-process DUPLICATE_CLOSE_SOURCE: value reuse and attribute change */
  {
    HANDLE e1 = CreateEventW(NULL, TRUE, FALSE, NULL), d1 = (HANDLE)0xbad;
    HANDLE spacer = CreateEventW(NULL, TRUE, FALSE, NULL);
    BOOL rr = dup(e1, &d1, TRUE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE, &e);
    P("3.dup_CLOSE_SOURCE_event_inheritTRUE: ret=%d err=%lu src=%#llx copy=%#llx same=%d", rr, e, HV(e1), HV(d1), d1 == e1);
    ghi("3.dup_CLOSE_SOURCE_event_inheritTRUE.copy", d1);
    HANDLE d2 = (HANDLE)0xbad;
    rr = DuplicateHandle(GetCurrentProcess(), d1, GetCurrentProcess(), &d2, EVENT_MODIFY_STATE, FALSE, DUPLICATE_CLOSE_SOURCE);
    P("3.dup_CLOSE_SOURCE_event_other_access: ret=%d src=%#llx copy=%#llx same=%d", rr, HV(d1), HV(d2), d2 == d1);
    CloseHandle(d2); CloseHandle(spacer);
  }

  /* invalid DuplicateHandle uses */
  HANDLE x = (HANDLE)0xbad;
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), (HANDLE)0x1234, GetCurrentProcess(), &x, 0, FALSE, DUPLICATE_SAME_ACCESS);
  P("3.dup_invalid_source_0x1234: ret=%d err=%lu target=%#llx", r, GetLastError(), HV(x));
  x = (HANDLE)0xbad;
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), NULL, GetCurrentProcess(), &x, 0, FALSE, DUPLICATE_SAME_ACCESS);
  P("3.dup_invalid_source_NULL: ret=%d err=%lu target=%#llx", r, GetLastError(), HV(x));

  SOCKET t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  x = (HANDLE)0xbad;
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), H(t), (HANDLE)0x1234, &x, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
  P("3.dup_bad_target_process_CLOSE_SOURCE(socket): ret=%d err=%lu target=%#llx", r, GetLastError(), HV(x));
  ghi("3.dup_bad_target_process_CLOSE_SOURCE(socket).src_after", H(t));
  wsa_close("3.dup_bad_target_process_CLOSE_SOURCE(socket).closesocket_src", t);

  HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
  x = (HANDLE)0xbad;
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), ev, (HANDLE)0x1234, &x, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
  P("3.dup_bad_target_process_CLOSE_SOURCE(event): ret=%d err=%lu target=%#llx", r, GetLastError(), HV(x));
  ghi("3.dup_bad_target_process_CLOSE_SOURCE(event).src_after", ev);

  ev = CreateEventW(NULL, TRUE, FALSE, NULL);
  x = (HANDLE)0xbad;
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), ev, (HANDLE)0x1234, &x, 0, FALSE, DUPLICATE_SAME_ACCESS);
  P("3.dup_bad_target_process_no_close(event): ret=%d err=%lu target=%#llx", r, GetLastError(), HV(x));
  ghi("3.dup_bad_target_process_no_close(event).src_after", ev);
  CloseHandle(ev);

  t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), H(t), GetCurrentProcess(), NULL, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
  P("3.dup_NULL_target_CLOSE_SOURCE(socket): ret=%d err=%lu", r, GetLastError());
  ghi("3.dup_NULL_target_CLOSE_SOURCE(socket).src_after", H(t));
  wsa_close("3.dup_NULL_target_CLOSE_SOURCE(socket).closesocket_src", t);

  t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  SetLastError(0);
  r = DuplicateHandle(GetCurrentProcess(), H(t), GetCurrentProcess(), NULL, 0, FALSE, DUPLICATE_SAME_ACCESS);
  P("3.dup_NULL_target_no_close(socket): ret=%d err=%lu", r, GetLastError());
  ghi("3.dup_NULL_target_no_close(socket).src_after", H(t));
  wsa_close("3.dup_NULL_target_no_close(socket).closesocket_src", t);

  /* protected source + CLOSE_SOURCE */
  ev = CreateEventW(NULL, TRUE, FALSE, NULL);
  SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
  x = (HANDLE)0xbad;
  r = dup(ev, &x, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE, &e);
  P("3.dup_protected_src_CLOSE_SOURCE(event): ret=%d err=%lu target=%#llx", r, e, HV(x));
  ghi("3.dup_protected_src_CLOSE_SOURCE(event).src_after", ev);
  ghi("3.dup_protected_src_CLOSE_SOURCE(event).copy", x);
  /* does the PROTECT flag travel with DUPLICATE_SAME_ACCESS? */
  if (r) { SetHandleInformation(x, 3, 0); CloseHandle(x); }
  SetHandleInformation(ev, 3, 0); CloseHandle(ev);
}

static void section4(void) {
  char args[512], outfile[MAX_PATH + 32];
  unsigned short port, nport;
  PROCESS_INFORMATION pi;
  DWORD rc, code;

  SOCKET L = listener(0, &port);
  SOCKET N = listener(1, &nport);
  HANDLE E = CreateEventW(NULL, TRUE, FALSE, NULL);
  shi("4.parent.make_E_inheritable", E, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  P("4.parent.values: L=%#llx N=%#llx E=%#llx P=%u", HV(L), HV(N), HV(E), port);
  ghi("4.parent.L", H(L));
  ghi("4.parent.N", H(N));
  ghi("4.parent.E", E);

  /* child with bInheritHandles=FALSE */
  snprintf(outfile, sizeof outfile, "%s.child2.txt", exe);
  snprintf(args, sizeof args, "child2 %#llx %#llx %#llx %u \"%s\"", HV(L), HV(N), HV(E), port, outfile);
  rc = run_child(args, FALSE, &pi);
  if (rc) { P("4.child_noinherit.CreateProcess: failed err=%lu", rc); }
  else {
    DWORD w = WaitForSingleObject(pi.hProcess, 10000);
    GetExitCodeProcess(pi.hProcess, &code);
    P("4.child_noinherit.wait: ret=%lu exit=%lu", w, code);
    CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
    dump_file(outfile);
  }

  /* child with bInheritHandles=TRUE */
  snprintf(outfile, sizeof outfile, "%s.child.txt", exe);
  snprintf(args, sizeof args, "child %#llx %#llx %#llx %u \"%s\"", HV(L), HV(N), HV(E), port, outfile);
  rc = run_child(args, TRUE, &pi);
  if (rc) { P("4.child.CreateProcess: failed err=%lu", rc); return; }
  DWORD w = WaitForSingleObject(E, 10000);
  P("4.parent.WaitForSingleObject(E,10000)_after_child_SetEvent: ret=%lu", w);
  P("4.parent.WaitForSingleObject(E,0): ret=%lu", WaitForSingleObject(E, 0));
  wsa_close("4.parent.closesocket_L", L);
  SOCKET B = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  WSASetLastError(0);
  int br = bind_lo(B, port);
  P("4.parent.bind_new_socket_to_P_while_child_alive: ret=%d wsaerr=%d", br, WSAGetLastError());
  closesocket(B);
  SOCKET C = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  WSASetLastError(0);
  int cr = connect_lo(C, port);
  P("4.parent.connect_to_P_while_child_alive: ret=%d wsaerr=%d", cr, WSAGetLastError());
  closesocket(C);
  w = WaitForSingleObject(pi.hProcess, 10000);
  GetExitCodeProcess(pi.hProcess, &code);
  P("4.child.wait: ret=%lu exit=%lu", w, code);
  CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
  B = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  WSASetLastError(0);
  br = bind_lo(B, port);
  P("4.parent.bind_new_socket_to_P_after_child_exit: ret=%d wsaerr=%d", br, WSAGetLastError());
  closesocket(B);
  C = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  WSASetLastError(0);
  cr = connect_lo(C, port);
  P("4.parent.connect_to_P_after_child_exit: ret=%d wsaerr=%d", cr, WSAGetLastError());
  closesocket(C);
  dump_file(outfile);
  closesocket(N);
  CloseHandle(E);
}

static void null_flags_child(void) {
  PROCESS_INFORMATION pi;
  DWORD code = 0;
  DWORD rc = run_child("nullflags", FALSE, &pi);
  if (rc) { P("2.GetHandleInformation_NULL_flags: CreateProcess failed err=%lu", rc); return; }
  DWORD w = WaitForSingleObject(pi.hProcess, 10000);
  GetExitCodeProcess(pi.hProcess, &code);
  P("2.GetHandleInformation_NULL_flags(child): wait=%lu exit=%#lx (1000=ret TRUE, 2000+err=ret FALSE, 0xc0000005=crash)", w, code);
  CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
}

int main(int argc, char **argv) {
  out = stdout;
  GetModuleFileNameA(NULL, exe, sizeof exe);
  if (argc >= 2 && !strcmp(argv[1], "child")) return child_main(argc, argv, TRUE);
  if (argc >= 2 && !strcmp(argv[1], "child2")) return child_main(argc, argv, FALSE);
  if (argc >= 2 && !strcmp(argv[1], "nullflags")) {
    HANDLE h = CreateEventW(NULL, TRUE, FALSE, NULL);
    SetLastError(0);
    BOOL r = GetHandleInformation(h, NULL);
    ExitProcess(r ? 1000 : 2000 + GetLastError());
  }
  WSADATA wd;
  P("0.WSAStartup: ret=%d", WSAStartup(MAKEWORD(2, 2), &wd));
  section1();
  section2();
  section3();
  section4();
  null_flags_child();
  P("0.done: 1");
  return 0;
}
