/*
 * winsock-sim native harness: plays a compiled scenario (see harness/README.md, "The compact
 * form") on real Winsock, one real child process per scenario process and one real thread per
 * scenario thread, and prints a JSON-lines trace on standard output.
 *
 *   harness.exe FILE.wsh        parent: starts every child first, then runs the steps in order
 *   harness.exe --child         child: executes the steps the parent sends on its stdin
 *   harness.exe --child PIPE    a child that a scenario's CreateProcess started in another
 *                               child: the same, over the named pipes PIPE-in and PIPE-out
 *
 * Every wait is bounded: a call that has not returned within BLOCK_MS is reported as blocked,
 * and so is a timed wait that ended by its own timeout sooner (its answer kept for the await);
 * an await, or a child's answer, that takes longer than AWAIT_MS ends the run with a report.
 * A call that raises an exception nothing handles is answered as crashed (on_crash), and the
 * run ends there with an end line that says so.
 *
 * Build: x86_64-w64-mingw32-gcc -O1 -Wall -Wextra -Werror -o harness.exe harness.c -lmswsock -lws2_32
 */
#define _WIN32_WINNT 0x0600
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_MS 500
/* How long an await waits: AWAIT_MS, or the blocked call's own timeout plus AWAIT_SLACK_MS when
   that is longer, never more than MAX_AWAIT_MS. */
#define AWAIT_MS 5000
#define AWAIT_SLACK_MS 2000
#define MAX_AWAIT_MS 30000
#define REPLY_MS (MAX_AWAIT_MS + 3000)
#define MESSAGE_SETTLE_MS 50
#define WINDOW_CLASS "winsock-sim-harness"
#define MAX_LINE 65536
#define MAX_ARGS 16
#define MAX_LIST 64
#define MAX_NAME 64
#define MAX_PROCS 32
#define MAX_THREADS 16
#define MAX_SAVED 256
#define MAX_ERRORS 256
#define MAX_OUT 32768

/* Written with WriteFile to the standard error handle of the moment, not through the C
   runtime's stderr: a child created by a scenario's CreateProcess has no standard error when it
   starts and is given one by the parent afterwards (SetStdHandle), which the C runtime, set up
   at start-up, would not see. */
static void die(const char *fmt, ...) {
  char text[1024] = "harness: ";
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text + 9, sizeof text - 11, fmt, ap);
  va_end(ap);
  strcat(text, "\n");
  DWORD done;
  WriteFile(GetStdHandle(STD_ERROR_HANDLE), text, (DWORD)strlen(text), &done, NULL);
  ExitProcess(3);
}

/* ---------- line I/O over a pipe or a file handle, with a bound on waiting ---------- */

typedef struct {
  HANDLE h;
  char buf[MAX_LINE];
  DWORD len;
} Reader;

/* Reads one line (without its newline) into out. Returns 1, 0 at end of input, -1 on timeout. */
static int read_line(Reader *r, char *out, size_t size, DWORD timeout_ms) {
  ULONGLONG deadline = GetTickCount64() + timeout_ms;
  for (;;) {
    char *nl = memchr(r->buf, '\n', r->len);
    if (nl != NULL) {
      size_t n = (size_t)(nl - r->buf);
      if (n >= size) die("line too long");
      memcpy(out, r->buf, n);
      out[n] = 0;
      if (n > 0 && out[n - 1] == '\r') out[n - 1] = 0;
      r->len -= (DWORD)(n + 1);
      memmove(r->buf, nl + 1, r->len);
      return 1;
    }
    if (r->len == sizeof r->buf) die("line too long");
    DWORD avail = 0;
    if (GetFileType(r->h) == FILE_TYPE_PIPE) {
      if (!PeekNamedPipe(r->h, NULL, 0, NULL, &avail, NULL)) return 0;
      if (avail == 0) {
        if (timeout_ms != INFINITE && GetTickCount64() >= deadline) return -1;
        Sleep(1);
        continue;
      }
    }
    DWORD got = 0;
    DWORD want = (DWORD)sizeof r->buf - r->len;
    if (avail != 0 && avail < want) want = avail;
    if (!ReadFile(r->h, r->buf + r->len, want, &got, NULL) || got == 0) {
      if (r->len == 0) return 0;
      r->buf[r->len++] = '\n'; /* a last line without newline */
      continue;
    }
    r->len += got;
  }
}

static void write_all(HANDLE h, const char *text) {
  size_t n = strlen(text);
  while (n > 0) {
    DWORD done = 0;
    if (!WriteFile(h, text, (DWORD)n, &done, NULL)) die("write to pipe failed (%lu)", GetLastError());
    text += done;
    n -= done;
  }
}

/* ---------- a growable text buffer ---------- */

typedef struct {
  char *p;
  size_t len, cap;
} Text;

static void tput(Text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->p = realloc(t->p, t->cap);
    if (t->p == NULL) die("out of memory");
  }
  memcpy(t->p + t->len, s, n);
  t->len += n;
  t->p[t->len] = 0;
}

/* Formats into t. Measured first: a step's outputs (a 4096-byte recv, say) are printed through
   here, and no fixed buffer is large enough for every one. */
static void tprintf(Text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) die("formatting failed");
  char *tmp = malloc((size_t)n + 1);
  if (tmp == NULL) die("out of memory");
  va_start(ap, fmt);
  vsnprintf(tmp, (size_t)n + 1, fmt, ap);
  va_end(ap);
  tput(t, tmp, (size_t)n);
  free(tmp);
}

/* A JSON string of n bytes (UTF-8 passes through; control characters are escaped). */
static void tjson_string(Text *t, const unsigned char *s, size_t n) {
  tput(t, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      tput(t, e, 2);
    } else if (c < 0x20) {
      tprintf(t, "\\u%04x", c);
    } else {
      tput(t, (const char *)&c, 1);
    }
  }
  tput(t, "\"", 1);
}

static void hex_encode(Text *t, const unsigned char *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  if (n == 0) tput(t, "-", 1);
  for (size_t i = 0; i < n; i++) {
    char two[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
    tput(t, two, 2);
  }
}

static size_t hex_decode(const char *s, unsigned char *out, size_t cap) {
  if (strcmp(s, "-") == 0) return 0;
  size_t n = strlen(s) / 2;
  if (n > cap) die("data too long");
  for (size_t i = 0; i < n; i++) {
    unsigned v = 0;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) die("bad hex data");
    out[i] = (unsigned char)v;
  }
  return n;
}

/* Microseconds from an arbitrary origin (the performance counter: GetTickCount64 moves in
   15.6 ms steps on Windows, too coarse for one call). */
static long long now_us(void) {
  static LARGE_INTEGER freq;
  LARGE_INTEGER t;
  if (freq.QuadPart == 0) QueryPerformanceFrequency(&freq);
  QueryPerformanceCounter(&t);
  return (long long)(t.QuadPart / freq.QuadPart * 1000000 +
                     t.QuadPart % freq.QuadPart * 1000000 / freq.QuadPart);
}

/* ---------- values of arguments ---------- */

/* Kinds: 'i' integer, 'n' NULL, 'b' a pointer the call cannot write through ((void *)1, the
   simulator's INVALID_POINTER), 'a' address text, 'd' bytes, 'l' list of integers,
   'o' linger (list[0] = l_onoff, list[1] = l_linger), 't' timeval (list[0] = tv_sec,
   list[1] = tv_usec), 'v' the name of an OVERLAPPED the child keeps (text), 'g' WSASend's
   buffers (count of them, list[k] = the k-th buffer's length, data = their bytes one after
   another); in the parent also 's' saved name, 'p' process pid, 'c' the process a
   CreateProcess step creates (its index). */
typedef struct {
  char name[MAX_NAME];
  char kind;
  long long i;
  char text[256];
  unsigned char *data;
  size_t len;
  long long list[MAX_LIST];
  int count;
} Arg;

typedef struct {
  char call[MAX_NAME];
  char thread[MAX_NAME];
  Arg args[MAX_ARGS];
  int nargs;
  int exit; /* set by ExitThread (1) or ExitProcess (2) once the call is answered */
  int timed_out; /* the call ended by its own timeout (> 0 ms): it waited, as the simulator's does */
} Step;

static char *next_token(char **cursor) {
  char *s = *cursor;
  while (*s == ' ') s++;
  if (*s == 0) return NULL;
  char *start = s;
  while (*s != 0 && *s != ' ') s++;
  if (*s == ' ') *s++ = 0;
  *cursor = s;
  return start;
}

static char *need_token(char **cursor) {
  char *t = next_token(cursor);
  if (t == NULL) die("truncated line");
  return t;
}

/* Parses "KIND VALUE..." (the rest of an A line) into arg. */
static void parse_value(Arg *arg, char **cursor) {
  char *kind = need_token(cursor);
  arg->kind = kind[0];
  switch (arg->kind) {
    case 'i': arg->i = strtoll(need_token(cursor), NULL, 10); break;
    case 'n':
    case 'b': break;
    case 's':
    case 'v':
    case 'a': snprintf(arg->text, sizeof arg->text, "%s", need_token(cursor)); break;
    case 'p':
    case 'c': arg->i = strtoll(need_token(cursor), NULL, 10); break;
    case 'd': {
      char *hex = need_token(cursor);
      arg->data = malloc(strlen(hex) / 2 + 1);
      arg->len = hex_decode(hex, arg->data, strlen(hex) / 2 + 1);
      break;
    }
    case 'g': {
      /* "g N HEX HEX ...": N buffers, each as hex ("-" when empty). */
      arg->count = atoi(need_token(cursor));
      if (arg->count < 0 || arg->count > MAX_LIST) die("too many buffers");
      size_t cap = strlen(*cursor) / 2 + 1;
      arg->data = malloc(cap);
      arg->len = 0;
      for (int k = 0; k < arg->count; k++) {
        size_t n = hex_decode(need_token(cursor), arg->data + arg->len, cap - arg->len);
        arg->list[k] = (long long)n;
        arg->len += n;
      }
      break;
    }
    case 't':
    case 'o':
      arg->list[0] = strtoll(need_token(cursor), NULL, 10);
      arg->list[1] = strtoll(need_token(cursor), NULL, 10);
      arg->count = 2;
      break;
    case 'l': {
      arg->count = atoi(need_token(cursor));
      if (arg->count > MAX_LIST) die("list too long");
      for (int k = 0; k < arg->count; k++) {
        /* elements: "i N" (the parent resolves "s NAME" and "p N" before sending) */
        char *ek = need_token(cursor);
        char *ev = need_token(cursor);
        if (ek[0] != 'i') die("unresolved list element %s %s", ek, ev);
        arg->list[k] = strtoll(ev, NULL, 10);
      }
      break;
    }
    default: die("unknown value kind %s", kind);
  }
}

static void free_step(Step *st) {
  for (int k = 0; k < st->nargs; k++) free(st->args[k].data);
  st->nargs = 0;
}

static const Arg *find_arg(const Step *st, const char *name) {
  for (int k = 0; k < st->nargs; k++)
    if (strcmp(st->args[k].name, name) == 0) return &st->args[k];
  return NULL;
}

static long long int_arg(const Step *st, const char *name, long long fallback) {
  const Arg *a = find_arg(st, name);
  if (a == NULL) return fallback;
  if (a->kind == 'i') return a->i;
  if (a->kind == 'n') return 0;
  die("argument %s of %s: expected an integer", name, st->call);
  return 0;
}

static long long required_int(const Step *st, const char *name) {
  if (find_arg(st, name) == NULL) die("argument %s of %s is missing", name, st->call);
  return int_arg(st, name, 0);
}

/* Writes one value in the line form: "i N", "n", "a TEXT", "d HEX", "l N i x ...", "o A B". */
static void put_value(Text *t, const Arg *a) {
  switch (a->kind) {
    case 'i': tprintf(t, "i %lld", a->i); break;
    case 'n': tput(t, "n", 1); break;
    case 'b': tput(t, "b", 1); break;
    case 'a': tprintf(t, "a %s", a->text); break;
    case 'v': tprintf(t, "v %s", a->text); break;
    case 'g': {
      tprintf(t, "g %d", a->count);
      size_t offset = 0;
      for (int k = 0; k < a->count; k++) {
        tput(t, " ", 1);
        hex_encode(t, a->data + offset, (size_t)a->list[k]);
        offset += (size_t)a->list[k];
      }
      break;
    }
    case 'd':
      tput(t, "d ", 2);
      hex_encode(t, a->data, a->len);
      break;
    case 'o':
    case 't': tprintf(t, "%c %lld %lld", a->kind, a->list[0], a->list[1]); break;
    case 'l':
      tprintf(t, "l %d", a->count);
      for (int k = 0; k < a->count; k++) tprintf(t, " i %lld", a->list[k]);
      break;
    default: die("cannot send value kind %c", a->kind);
  }
}

/* ---------- addresses ---------- */

/* "a.b.c.d:port" or "[v6]:port" into a SOCKADDR; returns its size, 0 if unreadable. */
static int parse_address(const char *text, struct sockaddr_storage *out) {
  memset(out, 0, sizeof *out);
  const char *colon = strrchr(text, ':');
  if (colon == NULL) return 0;
  int port = atoi(colon + 1);
  char host[128];
  size_t n = (size_t)(colon - text);
  if (n >= sizeof host) return 0;
  memcpy(host, text, n);
  host[n] = 0;
  if (host[0] == '[') {
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;
    size_t hl = strlen(host);
    if (hl < 2 || host[hl - 1] != ']') return 0;
    host[hl - 1] = 0;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((u_short)port);
    if (InetPtonA(AF_INET6, host + 1, &a6->sin6_addr) != 1) return 0;
    return (int)sizeof *a6;
  }
  struct sockaddr_in *a4 = (struct sockaddr_in *)out;
  a4->sin_family = AF_INET;
  a4->sin_port = htons((u_short)port);
  if (InetPtonA(AF_INET, host, &a4->sin_addr) != 1) return 0;
  return (int)sizeof *a4;
}

/* AF_UNIX's SOCKADDR_UN (afunix.h, not in mingw-w64's headers): a 2-byte family and
   char sun_path[108], 110 bytes in all. */
#define UNIX_FAMILY 1
#define SOCKADDR_UN_SIZE 110

/* Whether a SOCKADDR of len bytes is an AF_UNIX address (as the simulator reads one). */
static int is_unix_address(const unsigned char *p, int len) {
  return len > 2 && (p[0] | (p[1] << 8)) == UNIX_FAMILY;
}

/* The address in a SOCKADDR of len bytes as text, or 0 when it holds none. An AF_UNIX one is
   "unix:" and sun_path up to its first NUL or the length (the simulator's decodeUnixPath). */
static int format_address(const unsigned char *p, int len, char *out, size_t size) {
  if (len < 2) return 0;
  u_short family = (u_short)(p[0] | (p[1] << 8));
  char host[INET6_ADDRSTRLEN];
  if (is_unix_address(p, len)) {
    int end = len < SOCKADDR_UN_SIZE ? len : SOCKADDR_UN_SIZE;
    int n = 0;
    while (2 + n < end && p[2 + n] != 0) n++;
    snprintf(out, size, "unix:%.*s", n, (const char *)p + 2);
    return 1;
  }
  if (family == AF_INET && len >= (int)sizeof(struct sockaddr_in)) {
    const struct sockaddr_in *a = (const void *)p;
    if (InetNtopA(AF_INET, (void *)&a->sin_addr, host, sizeof host) == NULL) return 0;
    snprintf(out, size, "%s:%u", host, ntohs(a->sin_port));
    return 1;
  }
  if (family == AF_INET6 && len >= (int)sizeof(struct sockaddr_in6)) {
    const struct sockaddr_in6 *a = (const void *)p;
    if (InetNtopA(AF_INET6, (void *)&a->sin6_addr, host, sizeof host) == NULL) return 0;
    snprintf(out, size, "[%s]:%u", host, ntohs(a->sin6_port));
    return 1;
  }
  return 0;
}

/* ======================================================================================
 * The child: one scenario process. Each scenario thread is a real thread that runs one
 * call at a time; the child's main thread reads steps from the parent and answers.
 * ====================================================================================== */

typedef struct {
  char name[MAX_NAME];
  HANDLE thread, go, done;
  Step step;
  Text reply; /* the answer lines, built by the worker */
  int pending; /* a call was started and its answer not yet sent */
  DWORD bound; /* how long an await on the pending call may wait */
  DWORD tid; /* the real thread's id, to find the worker whose call crashed */
  long long finished_us; /* when the call returned (now_us), for the await's virtual time */
  int error_before; /* the thread's WSAGetLastError before the call: what a blocked step shows */
  int early; /* a timed wait that timed out within BLOCK_MS: reported blocked, reply kept */
  volatile LONG crashed; /* the call raised an exception nothing handled (see on_crash) */
  int crash_sent; /* the crash was answered to the parent */
  DWORD crash_code;
  ULONG_PTR crash_info[2]; /* an access violation's kind (0 read, 1 write, 8 execute), address */
  DWORD crash_nparams;
  Text apcs; /* what the routines that ran on this thread wrote: JSON strings, comma-separated */
} Worker;

static Worker workers[MAX_THREADS];
static int nworkers;

/* Answer lines, built while executing a call:
     R KIND VALUE ERR OK     ret ("i N", "x" INVALID_SOCKET, "n" none), WSAGetLastError, ok
     M KIND VALUE            the main result for "save": "name" (when it is not ret)
     O NAME KIND VALUE       an output that can be saved by name
     J {JSON}                the decoded outputs */
typedef struct {
  Text *t;
  Text json;
  int first;
} Out;

static void out_key(Out *o, const char *key) {
  tprintf(&o->json, "%s\"%s\":", o->first ? "" : ",", key);
  o->first = 0;
}

static void out_int(Out *o, const char *key, long long v) {
  out_key(o, key);
  tprintf(&o->json, "%lld", v);
}

/* A SOCKADDR as a saved value: "a TEXT" for an IP address; for an AF_UNIX one its bytes
   ("d HEX", at most the 110 of a SOCKADDR_UN), since a path may hold spaces. */
static void put_address_value(Text *t, const unsigned char *p, int len, const char *text) {
  if (is_unix_address(p, len)) {
    tput(t, "d ", 2);
    hex_encode(t, p, (size_t)(len < SOCKADDR_UN_SIZE ? len : SOCKADDR_UN_SIZE));
  } else {
    tprintf(t, "a %s", text);
  }
}

static void out_address(Out *o, const char *key, const unsigned char *p, int len) {
  char text[128];
  if (!format_address(p, len, text, sizeof text)) return; /* absent, as in the simulator */
  out_key(o, key);
  tjson_string(&o->json, (const unsigned char *)text, strlen(text));
  tprintf(o->t, "O %s ", key);
  put_address_value(o->t, p, len, text);
  tput(o->t, "\n", 1);
}

/* The worker whose thread is running, or NULL (the child's main thread). */
static Worker *current_worker(void) {
  DWORD tid = GetCurrentThreadId();
  for (int k = 0; k < nworkers; k++)
    if (workers[k].tid == tid && workers[k].name[0] != 0) return &workers[k];
  return NULL;
}

/* "apcs": the lines the routines wrote while this call waited alertably, in the order they ran
   (the simulator's runner shows the same output, src/scenario/apc-calls.ts); none when none ran. */
static void out_apcs(Out *o) {
  Worker *w = current_worker();
  if (w == NULL || w->apcs.len == 0) return;
  out_key(o, "apcs");
  tput(&o->json, "[", 1);
  tput(&o->json, w->apcs.p, w->apcs.len);
  tput(&o->json, "]", 1);
  free(w->apcs.p);
  memset(&w->apcs, 0, sizeof w->apcs);
}

static void finish(Out *o, const char *ret_kind, long long ret, int err, int ok) {
  out_apcs(o);
  Text head = {0};
  if (ret_kind[0] == 'i') tprintf(&head, "R i %lld %d %d\n", ret, err, ok);
  else tprintf(&head, "R %s 0 %d %d\n", ret_kind, err, ok);
  Text *t = o->t;
  Text body = *t;
  t->p = NULL;
  t->len = t->cap = 0;
  tput(t, head.p, head.len);
  if (body.len) tput(t, body.p, body.len);
  tprintf(t, "J {%s}\n", o->json.p ? o->json.p : "");
  free(head.p);
  free(body.p);
  free(o->json.p);
}

static unsigned char *out_buffer(const Step *st, const char *name, size_t size, size_t *len) {
  const Arg *a = find_arg(st, name);
  if (a != NULL && a->kind == 'n') {
    *len = 0;
    return NULL;
  }
  if (a != NULL && a->kind == 'd') size = a->len;
  unsigned char *p = calloc(size + 1, 1);
  if (a != NULL && a->kind == 'd') memcpy(p, a->data, a->len);
  *len = size;
  return p;
}

/* An int* parameter: NULL when given null, else its initial value (or the fallback). */
static int *int_ref(const Step *st, const char *name, int fallback, int *cell) {
  const Arg *a = find_arg(st, name);
  if (a != NULL && a->kind == 'n') return NULL;
  *cell = a == NULL ? fallback : (int)a->i;
  return cell;
}

static SOCKET sock_arg(const Step *st) { return (SOCKET)(uintptr_t)required_int(st, "s"); }

/* How an int or u_long that the call reads and may write through a pointer is shown: as the
   scenario's own number while the 32 bits it became are unchanged (the simulator keeps the
   number it was given, so FIONBIO's -1 stays -1 and an optlen of 4294967295 stays 4294967295),
   else as the value written. Printing the 32 bits signed or unsigned would invent a difference
   for one of the two spellings. */
static long long as_given(const Step *st, const char *name, long long value) {
  const Arg *a = find_arg(st, name);
  if (a != NULL && a->kind == 'i' && (uint32_t)a->i == (uint32_t)value) return a->i;
  return value;
}

/* The SO_RCVTIMEO or SO_SNDTIMEO in effect on s, in ms (0 for none or unreadable). The probe
   keeps the thread's WSAGetLastError as the call left it. */
static DWORD socket_timeout(SOCKET s, int optname) {
  int err = WSAGetLastError();
  DWORD ms = 0;
  int len = (int)sizeof ms;
  if (getsockopt(s, SOL_SOCKET, optname, (char *)&ms, &len) != 0) ms = 0;
  WSASetLastError(err);
  return ms;
}

/* A send or receive that failed with WSAETIMEDOUT on a socket with a timeout option waited
   for it: the simulator reports such a call blocked and finishes it at the await. */
static void note_socket_timeout(Step *st, int r, int err, int optname) {
  if (r == SOCKET_ERROR && err == WSAETIMEDOUT && socket_timeout(sock_arg(st), optname) > 0)
    st->timed_out = 1;
}

/* select's timeout in ms as the simulator reads it (seconds and microseconds rounded up, both
   at least 0), or -1 for none (NULL). */
static long long select_timeout_ms(const Step *st) {
  const Arg *tv = find_arg(st, "timeout");
  if (tv == NULL || tv->kind != 't') return -1;
  long long sec = tv->list[0] > 0 ? tv->list[0] : 0;
  long long usec = tv->list[1] > 0 ? tv->list[1] : 0;
  return sec * 1000 + (usec + 999) / 1000;
}

static void protocol_info_json(Out *o, const char *key, const unsigned char *p, size_t len,
                               int wide) {
  if (len < (wide ? sizeof(WSAPROTOCOL_INFOW) : sizeof(WSAPROTOCOL_INFOA))) return;
  const WSAPROTOCOL_INFOW *w = (const void *)p;
  const WSAPROTOCOL_INFOA *a = (const void *)p;
  out_key(o, key);
  tprintf(&o->json, "{\"iAddressFamily\":%d,\"iSocketType\":%d,\"iProtocol\":%d,\"bytes\":\"",
          wide ? w->iAddressFamily : a->iAddressFamily, wide ? w->iSocketType : a->iSocketType,
          wide ? w->iProtocol : a->iProtocol);
  hex_encode(&o->json, p, len);
  tput(&o->json, "\"}", 2);
}

/* The data argument `name` (NULL when absent or null) and its length, the default `len`. */
static const char *data_arg(const Step *st, const char *name, int *len) {
  const Arg *a = find_arg(st, name);
  int given = a != NULL && a->kind == 'd';
  *len = given ? (int)a->len : 0;
  return given ? (const char *)a->data : NULL;
}

/* The address argument `name` as a SOCKADDR (NULL when absent or null), and its size. */
static const struct sockaddr *address_arg(const Step *st, const char *name,
                                          struct sockaddr_storage *store, int *size) {
  const Arg *a = find_arg(st, name);
  *size = 0;
  if (a == NULL || a->kind == 'n') return NULL;
  if (a->kind == 'a') {
    *size = parse_address(a->text, store);
    if (*size == 0) die("unreadable address %s", a->text);
    return (const struct sockaddr *)store;
  }
  if (a->kind == 'd') {
    memset(store, 0, sizeof *store);
    size_t n = a->len < sizeof *store ? a->len : sizeof *store;
    memcpy(store, a->data, n);
    *size = (int)a->len;
    return (const struct sockaddr *)store;
  }
  die("argument %s: expected an address", name);
  return NULL;
}

/* A pointer the call cannot write through: the simulator's INVALID_POINTER is (char *)1. */
#define BAD_POINTER ((void *)(uintptr_t)1)

/* A process argument of DuplicateHandle. The parent sends a scenario process ("@B") as its real
   pid; here it becomes a handle opened with PROCESS_DUP_HANDLE, the right DuplicateHandle needs,
   as an application would get one (closed again after the call, in `opened`). -1 is
   GetCurrentProcess() and 0 is NULL, as written. A number that is no process's pid is passed
   as it is: a handle value that names no process here. */
static HANDLE process_arg(const Step *st, const char *name, HANDLE *opened) {
  long long v = required_int(st, name);
  *opened = NULL;
  if (v == -1) return GetCurrentProcess();
  if (v == 0) return NULL;
  DWORD before = GetLastError(); /* the call's own last error is what the step shows */
  HANDLE h = OpenProcess(PROCESS_DUP_HANDLE, FALSE, (DWORD)v);
  SetLastError(before);
  if (h == NULL) return (HANDLE)(intptr_t)v;
  *opened = h;
  return h;
}

#define SOCKET_RET(r) ((r) == INVALID_SOCKET ? "x" : "i"), (long long)(r)

/* ---------- OVERLAPPEDs named by the scenario (WSARecv, WSASend, WSAGetOverlappedResult) ----------
   One structure per name in this process, made zeroed at the name's first use and reused after,
   as a C program reuses a variable. It keeps the buffers of the last operation made with it:
   a pending receive writes them when it completes, long after its step was answered, so they
   stay allocated until the next operation on the same OVERLAPPED (and for good if that one
   comes while the first is still pending). Workers of one process never run two steps at
   once, and the table never moves, so a call blocked on an entry may keep its pointer. */
#define MAX_NAMED 64

typedef struct {
  char name[MAX_NAME];
  WSAOVERLAPPED ov;
  WSABUF bufs[MAX_LIST];
  int nbufs; /* the buffers of the last WSARecv made with it (0 after a WSASend) */
  int receive; /* the last operation was a receive: WSAGetOverlappedResult shows its buffers */
  unsigned char *mem; /* the memory behind bufs */
  /* A WSARecvFrom's lpFrom and *lpFromlen, which it writes when it completes: they live here
     so that they stay valid until then. hasfrom: the last operation was a WSARecvFrom. */
  unsigned char from[28];
  int fromlen;
  int hasfrom, nofrom, nofromlen;
  /* An AcceptEx's whole output buffer is mem; its three lengths are kept so that a
     GetAcceptExSockaddrs step naming this OVERLAPPED reads it as the AcceptEx wrote it.
     acceptex: the last operation with the name was an AcceptEx with a buffer of its own. */
  int acceptex;
  DWORD ax_receive, ax_local, ax_remote;
} Named;

static Named named[MAX_NAMED];
static int nnamed;

/* The step's lpOverlapped: a named structure (its entry in *entry), NULL or BAD_POINTER. A
   given hEvent sets the structure's event (a new one's is 0, a reused one keeps its own). */
static WSAOVERLAPPED *overlapped_arg(const Step *st, Named **entry) {
  const Arg *a = find_arg(st, "lpOverlapped");
  *entry = NULL;
  if (a == NULL || a->kind == 'n') return NULL;
  if (a->kind == 'b') return BAD_POINTER;
  if (a->kind != 'v') die("argument lpOverlapped of %s: expected a name", st->call);
  Named *n = NULL;
  for (int k = 0; k < nnamed && n == NULL; k++)
    if (strcmp(named[k].name, a->text) == 0) n = &named[k];
  if (n == NULL) {
    if (nnamed == MAX_NAMED) die("too many OVERLAPPED names");
    n = &named[nnamed++];
    memset(n, 0, sizeof *n);
    snprintf(n->name, sizeof n->name, "%s", a->text);
  }
  if (find_arg(st, "hEvent") != NULL) {
    uintptr_t h = (uintptr_t)int_arg(st, "hEvent", 0);
    /* hEventLowBit: (HANDLE)((ULONG_PTR)hEvent | 1), which keeps the completion off a port. */
    if (int_arg(st, "hEventLowBit", 0)) h |= 1;
    n->ov.hEvent = (WSAEVENT)h;
  }
  *entry = n;
  return &n->ov;
}

/* The WSABUF array of lpBuffers: WSARecv's lengths ('l', zeroed buffers) or WSASend's data
   ('g'); NULL or BAD_POINTER as given. `*count` is their number (dwBufferCount's default) and
   `*mem` the memory allocated for them. */
static WSABUF *buffers_arg(const Step *st, WSABUF *bufs, int *count, unsigned char **mem) {
  const Arg *a = find_arg(st, "lpBuffers");
  *count = 0;
  *mem = NULL;
  if (a == NULL) die("argument lpBuffers of %s is missing", st->call);
  if (a->kind == 'n') return NULL;
  if (a->kind == 'b') return BAD_POINTER;
  if (a->kind != 'l' && a->kind != 'g') die("argument lpBuffers of %s: expected buffers", st->call);
  size_t total = 0;
  for (int k = 0; k < a->count; k++) total += a->list[k] > 0 ? (size_t)a->list[k] : 0;
  *mem = calloc(total + 1, 1);
  if (a->kind == 'g') memcpy(*mem, a->data, a->len);
  size_t offset = 0;
  for (int k = 0; k < a->count; k++) {
    bufs[k].len = (ULONG)a->list[k];
    bufs[k].buf = (char *)*mem + offset;
    offset += a->list[k] > 0 ? (size_t)a->list[k] : 0;
  }
  *count = a->count;
  return bufs;
}

/* An operation on a named OVERLAPPED takes its buffers into the entry, freeing the previous
   operation's unless that one is still pending (it would write into freed memory). */
static void keep_buffers(Named *n, const WSABUF *bufs, int count, unsigned char *mem, int receive) {
  if (n->ov.Internal != STATUS_PENDING) free(n->mem);
  n->mem = mem;
  n->acceptex = 0;
  n->receive = receive;
  n->nbufs = receive && bufs != NULL && bufs != BAD_POINTER ? count : 0;
  for (int k = 0; k < n->nbufs; k++) n->bufs[k] = bufs[k];
}

/* A DWORD the call writes through: left out a valid one holding 0, a number a valid one holding
   it first, null NULL, "invalid" BAD_POINTER. */
static DWORD *dword_out(const Step *st, const char *name, DWORD *cell) {
  const Arg *p = find_arg(st, name);
  *cell = (DWORD)(p != NULL && p->kind == 'i' ? p->i : 0);
  return p == NULL || p->kind == 'i' ? cell : p->kind == 'n' ? NULL : BAD_POINTER;
}

static void out_dword(Out *o, const Step *st, const char *name, const DWORD *p, const DWORD *cell) {
  if (p == cell) out_int(o, name, as_given(st, name, (long long)*cell));
}

/* "lpBuffers": the first `count` bytes spread over the buffers, one text per buffer. */
static void out_received(Out *o, const WSABUF *bufs, int nbufs, DWORD count) {
  out_key(o, "lpBuffers");
  tput(&o->json, "[", 1);
  for (int k = 0; k < nbufs; k++) {
    DWORD take = bufs[k].len < count ? bufs[k].len : count;
    count -= take;
    if (k) tput(&o->json, ",", 1);
    tjson_string(&o->json, (const unsigned char *)bufs[k].buf, take);
  }
  tput(&o->json, "]", 1);
}

/* lpFrom and *lpFromlen as WSARecvFrom (or its completion) left them. */
static void out_from(Out *o, const Step *st, const unsigned char *from, const int *fromlen) {
  if (fromlen == NULL) return;
  if (from != NULL) out_address(o, "lpFrom", from, *fromlen);
  out_int(o, "lpFromlen", as_given(st, "lpFromlen", *fromlen));
}

/* ---------- Routines named by the scenario (lpCompletionRoutine, QueueUserAPC's pfnAPC) ----------
   A routine is a name of this process; the harness has a fixed pool of functions of each kind and
   gives each name the next free one, so that the same name is the same function. When one runs
   (on the thread whose alertable wait runs it) it writes its line into that thread's log, which
   the call's answer carries as "apcs": "name(dwData)" for a user APC, "name(dwError,
   cbTransferred, OVERLAPPED's name, dwFlags)" for a completion routine. */
#define MAX_ROUTINES 8

static char routine_names[2][MAX_ROUTINES][MAX_NAME]; /* [0] completion routines, [1] user APCs */
static const char *overlapped_name(const OVERLAPPED *ov);

static void log_apc(const char *line) {
  Worker *w = current_worker();
  if (w == NULL) return;
  if (w->apcs.len) tput(&w->apcs, ",", 1);
  tjson_string(&w->apcs, (const unsigned char *)line, strlen(line));
}

static void completion_run(int slot, DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
  char line[256];
  const char *name = ov == NULL ? "null" : overlapped_name(ov);
  snprintf(line, sizeof line, "%s(%lu, %lu, %s, %lu)", routine_names[0][slot], (unsigned long)error,
           (unsigned long)bytes, name != NULL ? name : "unnamed", (unsigned long)flags);
  log_apc(line);
}

static void user_apc_run(int slot, ULONG_PTR data) {
  char line[256];
  snprintf(line, sizeof line, "%s(%llu)", routine_names[1][slot], (unsigned long long)data);
  log_apc(line);
}

#define COMPLETION(k)                                                                         \
  static void CALLBACK completion_##k(DWORD e, DWORD n, LPWSAOVERLAPPED ov, DWORD f) {        \
    completion_run(k, e, n, ov, f);                                                           \
  }
#define USER_APC(k) \
  static void CALLBACK user_apc_##k(ULONG_PTR d) { user_apc_run(k, d); }
COMPLETION(0) COMPLETION(1) COMPLETION(2) COMPLETION(3)
COMPLETION(4) COMPLETION(5) COMPLETION(6) COMPLETION(7)
USER_APC(0) USER_APC(1) USER_APC(2) USER_APC(3) USER_APC(4) USER_APC(5) USER_APC(6) USER_APC(7)

static LPWSAOVERLAPPED_COMPLETION_ROUTINE completions[MAX_ROUTINES] = {
    completion_0, completion_1, completion_2, completion_3,
    completion_4, completion_5, completion_6, completion_7};
static PAPCFUNC user_apcs[MAX_ROUTINES] = {user_apc_0, user_apc_1, user_apc_2, user_apc_3,
                                           user_apc_4, user_apc_5, user_apc_6, user_apc_7};

/* The pool slot of routine `name` of kind 0 (completion) or 1 (user APC), taken at first use. */
static int routine_slot(int kind, const char *name) {
  for (int k = 0; k < MAX_ROUTINES; k++) {
    if (routine_names[kind][k][0] == 0) {
      snprintf(routine_names[kind][k], MAX_NAME, "%s", name);
      return k;
    }
    if (strcmp(routine_names[kind][k], name) == 0) return k;
  }
  die("too many routine names");
  return 0;
}

/* lpCompletionRoutine: a routine name ('v'), or NULL when left out or null. */
static LPWSAOVERLAPPED_COMPLETION_ROUTINE completion_arg(const Step *st) {
  const Arg *a = find_arg(st, "lpCompletionRoutine");
  if (a == NULL || a->kind == 'n') return NULL;
  if (a->kind != 'v') die("argument lpCompletionRoutine of %s: expected a name", st->call);
  return completions[routine_slot(0, a->text)];
}

/* WSARecv, WSARecvFrom, WSASend, WSASendTo, WSAGetOverlappedResult. */
static void execute_overlapped(Step *st, Out *o) {
  const char *c = st->call;
  Named *n;
  WSAOVERLAPPED *ov;
  DWORD cell_bytes, cell_flags;
  if (strcmp(c, "WSAGetOverlappedResult") == 0) {
    ov = overlapped_arg(st, &n);
    DWORD *cb = dword_out(st, "lpcbTransfer", &cell_bytes);
    BOOL wait = (BOOL)required_int(st, "fWait");
    DWORD *flags = dword_out(st, "lpdwFlags", &cell_flags);
    BOOL r = WSAGetOverlappedResult(sock_arg(st), ov, cb, wait, flags);
    int err = WSAGetLastError();
    out_dword(o, st, "lpcbTransfer", cb, &cell_bytes);
    out_dword(o, st, "lpdwFlags", flags, &cell_flags);
    if (r && n != NULL && n->receive)
      out_received(o, n->bufs, n->nbufs, cb == &cell_bytes ? *cb : (DWORD)n->ov.InternalHigh);
    /* The lpFromlen shown is the WSARecvFrom step's (as_given reads this step's, absent here). */
    if (r && n != NULL && n->hasfrom && !n->nofromlen) {
      if (!n->nofrom) out_address(o, "lpFrom", n->from, n->fromlen);
      out_int(o, "lpFromlen", n->fromlen);
    }
    finish(o, "i", r, err, r != 0);
    return;
  }
  int from_call = strcmp(c, "WSARecvFrom") == 0;
  int to_call = strcmp(c, "WSASendTo") == 0;
  int receive = strcmp(c, "WSARecv") == 0 || from_call;
  WSABUF bufs[MAX_LIST];
  int count;
  unsigned char *mem;
  WSABUF *lp = buffers_arg(st, bufs, &count, &mem);
  DWORD nbufs = (DWORD)int_arg(st, "dwBufferCount", count);
  const char *bytes_name = receive ? "lpNumberOfBytesRecvd" : "lpNumberOfBytesSent";
  DWORD *bytes = dword_out(st, bytes_name, &cell_bytes);
  DWORD *flags = receive ? dword_out(st, "lpFlags", &cell_flags) : NULL;
  DWORD send_flags = receive ? 0 : (DWORD)int_arg(st, "dwFlags", 0);
  ov = overlapped_arg(st, &n);
  if (n != NULL) keep_buffers(n, lp, count, mem, receive);
  /* WSARecvFrom's lpFrom (room for any sockaddr unless null) and lpFromlen: in the named
     OVERLAPPED's entry when there is one, since a pending receive writes them later. */
  unsigned char local_from[28];
  int local_fromlen;
  unsigned char *from = NULL;
  int *fromlen = NULL;
  if (from_call) {
    const Arg *f = find_arg(st, "lpFrom");
    int nofrom = f != NULL && f->kind == 'n';
    unsigned char *room = n != NULL ? n->from : local_from;
    memset(room, 0, sizeof local_from);
    from = nofrom ? NULL : room;
    fromlen = int_ref(st, "lpFromlen", nofrom ? 0 : (int)sizeof local_from,
                      n != NULL ? &n->fromlen : &local_fromlen);
    if (n != NULL) {
      n->hasfrom = 1;
      n->nofrom = nofrom;
      n->nofromlen = fromlen == NULL;
    }
  } else if (n != NULL) {
    n->hasfrom = 0;
  }
  /* WSASendTo's lpTo and iTolen, read as sendto's to and tolen. */
  struct sockaddr_storage to_store;
  int to_size = 0;
  const struct sockaddr *to = to_call ? address_arg(st, "lpTo", &to_store, &to_size) : NULL;
  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = completion_arg(st);
  int r;
  if (from_call)
    r = WSARecvFrom(sock_arg(st), lp, nbufs, bytes, flags, (struct sockaddr *)from, fromlen, ov,
                    routine);
  else if (to_call)
    r = WSASendTo(sock_arg(st), lp, nbufs, bytes, send_flags, to,
                  (int)int_arg(st, "iTolen", to_size), ov, routine);
  else if (receive)
    r = WSARecv(sock_arg(st), lp, nbufs, bytes, flags, ov, routine);
  else
    r = WSASend(sock_arg(st), lp, nbufs, bytes, send_flags, ov, routine);
  int err = WSAGetLastError();
  if (r == 0) {
    if (receive && lp == bufs && (bytes == &cell_bytes || n != NULL))
      out_received(o, bufs, count, bytes == &cell_bytes ? *bytes : (DWORD)n->ov.InternalHigh);
    out_dword(o, st, bytes_name, bytes, &cell_bytes);
    if (receive) out_dword(o, st, "lpFlags", flags, &cell_flags);
    if (from_call) out_from(o, st, from, fromlen);
  }
  if (n == NULL) free(mem);
  finish(o, "i", r, err, r != SOCKET_ERROR);
}

/* ---------- ConnectEx and DisconnectEx (mswsock extension functions) ----------
   mingw's import library has no entry for them: a program asks Winsock for their pointers with
   WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER). The step's socket is asked first; when it cannot
   answer (INVALID_SOCKET, a closed handle) a socket made for the purpose is, and closed again.
   The pointers are the provider's, the same for every TCP socket, so they are kept. */

static void *extension_fn(SOCKET s, GUID guid) {
  void *fn = NULL;
  DWORD got = 0;
  int saved = WSAGetLastError();
  if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &fn, sizeof fn, &got,
               NULL, NULL) != 0) {
    SOCKET own = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (own == INVALID_SOCKET) die("no socket to ask for an extension function: %d", WSAGetLastError());
    if (WSAIoctl(own, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &fn, sizeof fn, &got,
                 NULL, NULL) != 0)
      die("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): %d", WSAGetLastError());
    closesocket(own);
  }
  /* The call's own last error is what the step reports: asking must not leave one. */
  WSASetLastError(saved);
  return fn;
}

static LPFN_CONNECTEX connect_ex_fn;
static LPFN_DISCONNECTEX disconnect_ex_fn;

static void execute_connect_ex(Step *st, Out *o) {
  Named *n;
  WSAOVERLAPPED *ov = overlapped_arg(st, &n);
  SOCKET s = sock_arg(st);
  if (strcmp(st->call, "ConnectEx") == 0) {
    if (connect_ex_fn == NULL) connect_ex_fn = (LPFN_CONNECTEX)extension_fn(s, (GUID)WSAID_CONNECTEX);
    struct sockaddr_storage store;
    int size;
    const struct sockaddr *name = address_arg(st, "name", &store, &size);
    int namelen = (int)int_arg(st, "namelen", size);
    int len;
    const char *data = data_arg(st, "lpSendBuffer", &len);
    /* Windows sends the buffer after the connection is made, long after this step: it lives in
       the OVERLAPPED's entry (as a receive's buffers do) until the next operation with it. */
    unsigned char *copy = NULL;
    if (data != NULL) {
      copy = malloc(len > 0 ? (size_t)len : 1);
      if (copy == NULL) die("out of memory");
      memcpy(copy, data, (size_t)len);
    }
    if (n != NULL) keep_buffers(n, NULL, 0, copy, 0);
    DWORD cell;
    DWORD *sent = dword_out(st, "lpdwBytesSent", &cell);
    BOOL r = connect_ex_fn(s, name, namelen, copy, (DWORD)int_arg(st, "dwSendDataLength", len), sent,
                           (LPOVERLAPPED)ov);
    int err = WSAGetLastError();
    /* lpdwBytesSent is an output only when the call returns TRUE. */
    if (r) out_dword(o, st, "lpdwBytesSent", sent, &cell);
    if (n == NULL) free(copy);
    finish(o, "i", r, err, r != 0);
    return;
  }
  if (disconnect_ex_fn == NULL)
    disconnect_ex_fn = (LPFN_DISCONNECTEX)extension_fn(s, (GUID)WSAID_DISCONNECTEX);
  if (n != NULL) keep_buffers(n, NULL, 0, NULL, 0);
  BOOL r = disconnect_ex_fn(s, (LPOVERLAPPED)ov, (DWORD)int_arg(st, "dwFlags", 0),
                            (DWORD)int_arg(st, "dwReserved", 0));
  int err = WSAGetLastError();
  finish(o, "i", r, err, r != 0);
}

/* AcceptEx (mswsock): the operation belongs to the listener, and its OVERLAPPED is named like a
   receive's. The output buffer is allocated here (left out: one for the three parts) and kept
   with the name; its data part serves as the receive buffer WSAGetOverlappedResult shows. */
static void execute_accept_ex(Step *st, Out *o) {
  DWORD receive = (DWORD)int_arg(st, "dwReceiveDataLength", 0);
  DWORD local = (DWORD)int_arg(st, "dwLocalAddressLength", 32);
  DWORD remote = (DWORD)int_arg(st, "dwRemoteAddressLength", 32);
  const Arg *b = find_arg(st, "lpOutputBuffer");
  unsigned char *mem = calloc((size_t)receive + local + remote + 1, 1);
  void *buffer = b == NULL ? (void *)mem : b->kind == 'n' ? NULL : BAD_POINTER;
  DWORD cell_bytes;
  DWORD *bytes = dword_out(st, "lpdwBytesReceived", &cell_bytes);
  Named *n;
  WSAOVERLAPPED *ov = overlapped_arg(st, &n);
  WSABUF data = {receive, (char *)mem};
  if (n != NULL) {
    keep_buffers(n, &data, 1, mem, receive > 0);
    n->acceptex = b == NULL;
    n->ax_receive = receive;
    n->ax_local = local;
    n->ax_remote = remote;
  }
  BOOL r = AcceptEx((SOCKET)required_int(st, "sListenSocket"),
                    (SOCKET)required_int(st, "sAcceptSocket"), buffer, receive, local, remote,
                    bytes, ov);
  int err = WSAGetLastError();
  if (r) out_dword(o, st, "lpdwBytesReceived", bytes, &cell_bytes);
  if (n == NULL) free(mem);
  finish(o, "i", r, err, r != 0);
}

/* GetAcceptExSockaddrs (mswsock) on the buffer kept with the named OVERLAPPED of an AcceptEx;
   the lengths default to that AcceptEx's. The sockaddr pointers are the child's own cells
   (null: NULL), and the addresses are shown as getsockname's are. It returns nothing. */
static void execute_get_accept_ex_sockaddrs(Step *st, Out *o) {
  const Arg *a = find_arg(st, "lpOutputBuffer");
  if (a == NULL || a->kind != 'v')
    die("argument lpOutputBuffer of %s: expected an OVERLAPPED's name", st->call);
  Named *n = NULL;
  for (int k = 0; k < nnamed && n == NULL; k++)
    if (strcmp(named[k].name, a->text) == 0) n = &named[k];
  if (n == NULL || !n->acceptex || n->mem == NULL)
    die("GetAcceptExSockaddrs: no AcceptEx with a buffer was made with OVERLAPPED %s", a->text);
  DWORD receive = (DWORD)int_arg(st, "dwReceiveDataLength", n->ax_receive);
  DWORD local = (DWORD)int_arg(st, "dwLocalAddressLength", n->ax_local);
  DWORD remote = (DWORD)int_arg(st, "dwRemoteAddressLength", n->ax_remote);
  struct sockaddr *local_cell = NULL, *remote_cell = NULL;
  const Arg *la = find_arg(st, "LocalSockaddr"), *ra = find_arg(st, "RemoteSockaddr");
  struct sockaddr **local_addr = la != NULL && la->kind == 'n' ? NULL : &local_cell;
  struct sockaddr **remote_addr = ra != NULL && ra->kind == 'n' ? NULL : &remote_cell;
  int local_len_cell = 0, remote_len_cell = 0;
  const Arg *ll = find_arg(st, "LocalSockaddrLength"), *rl = find_arg(st, "RemoteSockaddrLength");
  if (ll != NULL && ll->kind == 'i') local_len_cell = (int)ll->i;
  if (rl != NULL && rl->kind == 'i') remote_len_cell = (int)rl->i;
  int *local_len = ll != NULL && ll->kind == 'n' ? NULL : &local_len_cell;
  int *remote_len = rl != NULL && rl->kind == 'n' ? NULL : &remote_len_cell;
  GetAcceptExSockaddrs(n->mem, receive, local, remote, local_addr, local_len, remote_addr,
                       remote_len);
  int err = WSAGetLastError();
  if (local_cell != NULL && local_len != NULL)
    out_address(o, "LocalSockaddr", (const unsigned char *)local_cell, *local_len);
  if (local_len != NULL) out_int(o, "LocalSockaddrLength", *local_len);
  if (remote_cell != NULL && remote_len != NULL)
    out_address(o, "RemoteSockaddr", (const unsigned char *)remote_cell, *remote_len);
  if (remote_len != NULL) out_int(o, "RemoteSockaddrLength", *remote_len);
  finish(o, "n", 0, err, 1);
}

/* ---------- I/O completion ports (CreateIoCompletionPort, GetQueuedCompletionStatus,
   PostQueuedCompletionStatus) and cancelling (CancelIo, CancelIoEx) ----------
   A port is a handle like an event's. The OVERLAPPED of a dequeued packet is shown by the name
   this process gave it (the named table above), "unnamed" for another, null for NULL. */

/* The name of the process's OVERLAPPED at `ov`, NULL when none is. */
static const char *overlapped_name(const OVERLAPPED *ov) {
  for (int k = 0; k < nnamed; k++)
    if ((const OVERLAPPED *)&named[k].ov == ov) return named[k].name;
  return NULL;
}

static void execute_port(Step *st, Out *o) {
  const char *c = st->call;
  if (strcmp(c, "SetFileCompletionNotificationModes") == 0) {
    BOOL r = SetFileCompletionNotificationModes((HANDLE)(intptr_t)required_int(st, "FileHandle"),
                                                (UCHAR)required_int(st, "Flags"));
    int err = (int)GetLastError();
    finish(o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "CreateIoCompletionPort") == 0) {
    HANDLE r = CreateIoCompletionPort((HANDLE)(intptr_t)required_int(st, "FileHandle"),
                                      (HANDLE)(intptr_t)int_arg(st, "ExistingCompletionPort", 0),
                                      (ULONG_PTR)int_arg(st, "CompletionKey", 0),
                                      (DWORD)int_arg(st, "NumberOfConcurrentThreads", 0));
    int err = (int)GetLastError();
    finish(o, "i", (long long)(uintptr_t)r, err, r != NULL);
    return;
  }
  if (strcmp(c, "PostQueuedCompletionStatus") == 0) {
    Named *n;
    WSAOVERLAPPED *ov = overlapped_arg(st, &n);
    BOOL r = PostQueuedCompletionStatus((HANDLE)(intptr_t)required_int(st, "CompletionPort"),
                                        (DWORD)int_arg(st, "dwNumberOfBytesTransferred", 0),
                                        (ULONG_PTR)int_arg(st, "dwCompletionKey", 0), ov);
    int err = (int)GetLastError();
    finish(o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "CancelIo") == 0) {
    BOOL r = CancelIo((HANDLE)(intptr_t)required_int(st, "hFile"));
    int err = (int)GetLastError();
    finish(o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "CancelIoEx") == 0) {
    /* lpOverlapped: a named structure of this process, or NULL for all operations. */
    Named *n;
    WSAOVERLAPPED *ov = overlapped_arg(st, &n);
    BOOL r = CancelIoEx((HANDLE)(intptr_t)required_int(st, "hFile"), ov);
    int err = (int)GetLastError();
    finish(o, "i", r, err, r != 0);
    return;
  }
  /* GetQueuedCompletionStatus: left-out pointers are valid ones (a number: holding it first). */
  DWORD cell_bytes;
  DWORD *bytes = dword_out(st, "lpNumberOfBytesTransferred", &cell_bytes);
  const Arg *k = find_arg(st, "lpCompletionKey");
  ULONG_PTR cell_key = (ULONG_PTR)(k != NULL && k->kind == 'i' ? k->i : 0);
  ULONG_PTR *key = k == NULL || k->kind == 'i' ? &cell_key : k->kind == 'n' ? NULL : BAD_POINTER;
  const Arg *v = find_arg(st, "lpOverlapped");
  OVERLAPPED *cell_ov = BAD_POINTER; /* a value the call must overwrite */
  OVERLAPPED **ovp = v == NULL ? &cell_ov : v->kind == 'n' ? NULL : BAD_POINTER;
  DWORD timeout = (DWORD)required_int(st, "dwMilliseconds");
  BOOL r = GetQueuedCompletionStatus((HANDLE)(intptr_t)required_int(st, "CompletionPort"), bytes,
                                     key, ovp, timeout);
  int err = (int)GetLastError();
  if (!r && err == WAIT_TIMEOUT && timeout != 0 && timeout != INFINITE) st->timed_out = 1;
  out_dword(o, st, "lpNumberOfBytesTransferred", bytes, &cell_bytes);
  if (key == &cell_key) out_int(o, "lpCompletionKey", as_given(st, "lpCompletionKey", (long long)cell_key));
  if (ovp == &cell_ov) {
    out_key(o, "lpOverlapped");
    const char *name = cell_ov == NULL ? NULL : overlapped_name(cell_ov);
    if (cell_ov == NULL) tput(&o->json, "null", 4);
    else tjson_string(&o->json, (const unsigned char *)(name ? name : "unnamed"),
                      strlen(name ? name : "unnamed"));
  }
  finish(o, "i", r, err, r != 0);
}

/* ---------- WSAIoctl ----------
   lpvInBuffer comes as bytes (a GUID, a tcp_keepalive or a u_long, encoded by compile.ts), NULL
   or BAD_POINTER; cbInBuffer defaults to their length. lpvOutBuffer left out is cbOutBuffer
   bytes of memory. On success the output is shown: FIONREAD's and SIOCATMARK's u_long, or the
   extension function by name. The names come from a table this process makes at the first
   such step: each GUID asked once on a scratch socket, so a pointer is named by the GUID that
   gives the same function ("unknown" for none). */
static const struct {
  GUID guid;
  const char *name;
} extension_guids[] = {
    {WSAID_ACCEPTEX, "AcceptEx"},
    {WSAID_CONNECTEX, "ConnectEx"},
    {WSAID_DISCONNECTEX, "DisconnectEx"},
    {WSAID_GETACCEPTEXSOCKADDRS, "GetAcceptExSockaddrs"},
    {WSAID_TRANSMITFILE, "TransmitFile"},
    {WSAID_TRANSMITPACKETS, "TransmitPackets"},
    {WSAID_WSARECVMSG, "WSARecvMsg"},
    {WSAID_WSASENDMSG, "WSASendMsg"},
};
#define NEXTENSIONS (sizeof extension_guids / sizeof extension_guids[0])
static void *extension_pointers[NEXTENSIONS];
static int extension_table_made;

static const char *extension_name(void *fn) {
  if (!extension_table_made) {
    int err = WSAGetLastError();
    SOCKET scratch = socket(AF_INET, SOCK_STREAM, 0);
    for (size_t k = 0; k < NEXTENSIONS && scratch != INVALID_SOCKET; k++) {
      DWORD size = 0;
      GUID guid = extension_guids[k].guid;
      if (WSAIoctl(scratch, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid,
                   &extension_pointers[k], sizeof extension_pointers[k], &size, NULL, NULL) != 0)
        extension_pointers[k] = NULL;
    }
    if (scratch != INVALID_SOCKET) closesocket(scratch);
    WSASetLastError(err);
    extension_table_made = 1;
  }
  for (size_t k = 0; k < NEXTENSIONS; k++)
    if (fn != NULL && extension_pointers[k] == fn) return extension_guids[k].name;
  return "unknown";
}

static void execute_ioctl(Step *st, Out *o) {
  const Arg *in = find_arg(st, "lpvInBuffer");
  void *input = in == NULL || in->kind == 'n' ? NULL : in->kind == 'b' ? BAD_POINTER : in->data;
  if (in != NULL && in->kind != 'n' && in->kind != 'b' && in->kind != 'd')
    die("argument lpvInBuffer of WSAIoctl: expected bytes");
  DWORD cb_in = (DWORD)int_arg(st, "cbInBuffer", in != NULL && in->kind == 'd' ? (long long)in->len : 0);
  DWORD cb_out = (DWORD)int_arg(st, "cbOutBuffer", 0);
  const Arg *out = find_arg(st, "lpvOutBuffer");
  unsigned char *mem = calloc((size_t)cb_out + 16, 1);
  void *output = out == NULL ? (void *)mem : out->kind == 'n' ? NULL : BAD_POINTER;
  DWORD cell_bytes;
  DWORD *bytes = dword_out(st, "lpcbBytesReturned", &cell_bytes);
  Named *n;
  WSAOVERLAPPED *ov = overlapped_arg(st, &n);
  if (n != NULL) keep_buffers(n, NULL, 0, NULL, 0);
  DWORD code = (DWORD)required_int(st, "dwIoControlCode");
  int r = WSAIoctl(sock_arg(st), code, input, cb_in, output, cb_out, bytes, ov, completion_arg(st));
  int err = WSAGetLastError();
  out_dword(o, st, "lpcbBytesReturned", bytes, &cell_bytes);
  if (r == 0 && output == mem) {
    if (code == FIONREAD || code == SIOCATMARK) {
      u_long v;
      memcpy(&v, mem, sizeof v);
      out_int(o, "lpvOutBuffer", (long long)v);
    } else if (code == SIO_GET_EXTENSION_FUNCTION_POINTER) {
      void *fn;
      memcpy(&fn, mem, sizeof fn);
      const char *name = extension_name(fn);
      out_key(o, "lpvOutBuffer");
      tjson_string(&o->json, (const unsigned char *)name, strlen(name));
    }
  }
  free(mem);
  finish(o, "i", r, err, r != SOCKET_ERROR);
}

/* ---------- APCs and alertable waits (SleepEx, QueueUserAPC, GetQueuedCompletionStatusEx) ---------- */

static void execute_apc(Step *st, Out *o) {
  const char *c = st->call;
  if (strcmp(c, "SleepEx") == 0) {
    DWORD ms = (DWORD)required_int(st, "dwMilliseconds");
    BOOL alertable = (BOOL)int_arg(st, "bAlertable", 0);
    DWORD r = SleepEx(ms, alertable);
    /* An alertable SleepEx that ran to its time waited, as the simulator's blocks. */
    if (r == 0 && alertable && ms != 0 && ms != INFINITE) st->timed_out = 1;
    finish(o, "i", r, WSAGetLastError(), 1);
    return;
  }
  if (strcmp(c, "QueueUserAPC") == 0) {
    /* hThread: a thread of this process by its scenario name (its worker's real thread). */
    const Arg *h = find_arg(st, "hThread");
    const Arg *f = find_arg(st, "pfnAPC");
    HANDLE thread = NULL;
    for (int k = 0; h != NULL && h->kind == 'v' && k < nworkers; k++)
      if (strcmp(workers[k].name, h->text) == 0) thread = workers[k].thread;
    PAPCFUNC fn = f != NULL && f->kind == 'v' ? user_apcs[routine_slot(1, f->text)] : NULL;
    DWORD r = QueueUserAPC(fn, thread, (ULONG_PTR)int_arg(st, "dwData", 0));
    int err = (int)GetLastError();
    finish(o, "i", r, err, r != 0);
    return;
  }
  /* GetQueuedCompletionStatusEx: lpCompletionPortEntries left out is an array of ulCount. */
  ULONG count = (ULONG)required_int(st, "ulCount");
  OVERLAPPED_ENTRY entries[MAX_LIST];
  if (count > MAX_LIST) die("GetQueuedCompletionStatusEx: ulCount above %d", MAX_LIST);
  const Arg *e = find_arg(st, "lpCompletionPortEntries");
  OVERLAPPED_ENTRY *pe = e != NULL && e->kind == 'n' ? NULL : entries;
  DWORD cell_removed;
  DWORD *removed = dword_out(st, "ulNumEntriesRemoved", &cell_removed);
  DWORD timeout = (DWORD)required_int(st, "dwMilliseconds");
  BOOL r = GetQueuedCompletionStatusEx((HANDLE)(intptr_t)required_int(st, "CompletionPort"), pe,
                                       count, (PULONG)removed, timeout,
                                       (BOOL)int_arg(st, "fAlertable", 0));
  int err = (int)GetLastError();
  if (!r && err == WAIT_TIMEOUT && timeout != 0 && timeout != INFINITE) st->timed_out = 1;
  out_dword(o, st, "ulNumEntriesRemoved", removed, &cell_removed);
  if (r && pe != NULL && removed == &cell_removed) {
    out_key(o, "lpCompletionPortEntries");
    tput(&o->json, "[", 1);
    for (DWORD k = 0; k < cell_removed && k < count; k++) {
      const char *name = entries[k].lpOverlapped == NULL ? NULL : overlapped_name(entries[k].lpOverlapped);
      tprintf(&o->json, "%s{\"lpCompletionKey\":%llu,\"lpOverlapped\":", k ? "," : "",
              (unsigned long long)entries[k].lpCompletionKey);
      if (entries[k].lpOverlapped == NULL) tput(&o->json, "null", 4);
      else tjson_string(&o->json, (const unsigned char *)(name ? name : "unnamed"),
                        strlen(name ? name : "unnamed"));
      tprintf(&o->json, ",\"Internal\":%llu,\"dwNumberOfBytesTransferred\":%lu}",
              (unsigned long long)entries[k].Internal,
              (unsigned long)entries[k].dwNumberOfBytesTransferred);
    }
    tput(&o->json, "]", 1);
  }
  finish(o, "i", r, err, r != 0);
}

static void execute(Step *st, Text *reply) {
  Out o = {reply, {0}, 1};
  const char *c = st->call;
  int err;
#define DONE(kind, value, okcond)                                                                 \
  do {                                                                                            \
    err = WSAGetLastError();                                                                      \
    finish(&o, kind, (long long)(value), err, (okcond));                                          \
    return;                                                                                       \
  } while (0)

  if (strcmp(c, "WSAStartup") == 0) {
    WSADATA data;
    const Arg *a = find_arg(st, "lpWSAData");
    int null = a != NULL && a->kind == 'n';
    memset(&data, 0, sizeof data);
    int r = WSAStartup((WORD)int_arg(st, "wVersionRequested", 0x0202), null ? NULL : &data);
    err = WSAGetLastError();
    if (!null) {
      out_key(&o, "lpWSAData");
      tprintf(&o.json,
              "{\"wVersion\":%u,\"wHighVersion\":%u,\"iMaxSockets\":%u,\"iMaxUdpDg\":%u,"
              "\"lpVendorInfo\":",
              data.wVersion, data.wHighVersion, data.iMaxSockets, data.iMaxUdpDg);
      if (data.lpVendorInfo == NULL) tput(&o.json, "null", 4);
      else tprintf(&o.json, "%llu", (unsigned long long)(uintptr_t)data.lpVendorInfo);
      tput(&o.json, ",\"szDescription\":", 17);
      tjson_string(&o.json, (const unsigned char *)data.szDescription, strlen(data.szDescription));
      tput(&o.json, ",\"szSystemStatus\":", 18);
      tjson_string(&o.json, (const unsigned char *)data.szSystemStatus,
                   strlen(data.szSystemStatus));
      tput(&o.json, "}", 1);
    }
    finish(&o, "i", r, err, r == 0);
    return;
  }
  if (strcmp(c, "WSACleanup") == 0) {
    int r = WSACleanup();
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "WSAGetLastError") == 0) {
    int r = WSAGetLastError();
    DONE("i", r, 1);
  }
  if (strcmp(c, "WSASetLastError") == 0) {
    WSASetLastError((int)required_int(st, "iError"));
    DONE("n", 0, 1);
  }
  if (strcmp(c, "socket") == 0) {
    SOCKET r = socket((int)required_int(st, "af"), (int)required_int(st, "type"),
                      (int)required_int(st, "protocol"));
    err = WSAGetLastError();
    finish(&o, SOCKET_RET(r), err, r != INVALID_SOCKET);
    return;
  }
  if (strcmp(c, "WSASocket") == 0 || strcmp(c, "WSASocketW") == 0 ||
      strcmp(c, "WSASocketA") == 0) {
    int wide = strcmp(c, "WSASocketA") != 0;
    const Arg *info = find_arg(st, "lpProtocolInfo");
    union {
      WSAPROTOCOL_INFOW w;
      WSAPROTOCOL_INFOA a;
      unsigned char bytes[1024];
    } u;
    memset(&u, 0, sizeof u);
    int has = info != NULL && info->kind == 'd';
    if (has) memcpy(u.bytes, info->data, info->len < sizeof u ? info->len : sizeof u);
    int af = (int)int_arg(st, "af", FROM_PROTOCOL_INFO);
    int type = (int)int_arg(st, "type", FROM_PROTOCOL_INFO);
    int protocol = (int)int_arg(st, "protocol", FROM_PROTOCOL_INFO);
    GROUP g = (GROUP)int_arg(st, "g", 0);
    DWORD flags = (DWORD)int_arg(st, "dwFlags", 0);
    SOCKET r = wide ? WSASocketW(af, type, protocol, has ? &u.w : NULL, g, flags)
                    : WSASocketA(af, type, protocol, has ? &u.a : NULL, g, flags);
    err = WSAGetLastError();
    finish(&o, SOCKET_RET(r), err, r != INVALID_SOCKET);
    return;
  }
  if (strcmp(c, "closesocket") == 0) {
    int r = closesocket(sock_arg(st));
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "setsockopt") == 0) {
    const Arg *a = find_arg(st, "optval");
    char buf[1024];
    const char *p = buf;
    int len = 0;
    if (a == NULL || a->kind == 'n') p = NULL;
    else if (a->kind == 'i' && required_int(st, "optname") == SO_UPDATE_ACCEPT_CONTEXT) {
      /* The listening socket's handle: a SOCKET, sizeof(SOCKET) bytes. */
      SOCKET v = (SOCKET)a->i;
      memcpy(buf, &v, sizeof v);
      len = (int)sizeof v;
    } else if (a->kind == 'i') {
      int v = (int)a->i;
      memcpy(buf, &v, 4);
      len = 4;
    } else if (a->kind == 'o') {
      struct linger l = {(u_short)a->list[0], (u_short)a->list[1]};
      memcpy(buf, &l, sizeof l);
      len = (int)sizeof l;
    } else if (a->kind == 'd') {
      len = (int)(a->len < sizeof buf ? a->len : sizeof buf);
      memcpy(buf, a->data, (size_t)len);
    } else die("setsockopt: bad optval");
    int r = setsockopt(sock_arg(st), (int)required_int(st, "level"),
                       (int)required_int(st, "optname"), p, (int)int_arg(st, "optlen", len));
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "getsockopt") == 0) {
    int level = (int)required_int(st, "level");
    int optname = (int)required_int(st, "optname");
    size_t size = 4, blen;
    if (level == SOL_SOCKET && optname == SO_PROTOCOL_INFOA) size = sizeof(WSAPROTOCOL_INFOA);
    if (level == SOL_SOCKET && optname == SO_PROTOCOL_INFOW) size = sizeof(WSAPROTOCOL_INFOW);
    unsigned char *optval = out_buffer(st, "optval", size, &blen);
    int cell;
    int *optlen = int_ref(st, "optlen", (int)blen, &cell);
    int r = getsockopt(sock_arg(st), level, optname, (char *)optval, optlen);
    err = WSAGetLastError();
    if (optval != NULL && optlen != NULL) {
      if (level == SOL_SOCKET && optname == SO_LINGER) {
        struct linger l;
        memcpy(&l, optval, sizeof l);
        out_key(&o, "optval");
        tprintf(&o.json, "{\"l_onoff\":%u,\"l_linger\":%u}", l.l_onoff, l.l_linger);
      } else if (level == SOL_SOCKET &&
                 (optname == SO_PROTOCOL_INFOA || optname == SO_PROTOCOL_INFOW)) {
        protocol_info_json(&o, "optval", optval, blen, optname == SO_PROTOCOL_INFOW);
      } else if (*optlen == 1) {
        out_int(&o, "optval", optval[0]);
      } else if (*optlen == 2) {
        out_int(&o, "optval", optval[0] | (optval[1] << 8));
      } else {
        int v;
        memcpy(&v, optval, 4);
        out_int(&o, "optval", v);
      }
    }
    if (optlen != NULL) out_int(&o, "optlen", as_given(st, "optlen", *optlen));
    free(optval);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strncmp(c, "WSADuplicateSocket", 18) == 0) {
    int wide = strcmp(c, "WSADuplicateSocketA") != 0;
    size_t blen;
    unsigned char *info = out_buffer(
        st, "lpProtocolInfo", wide ? sizeof(WSAPROTOCOL_INFOW) : sizeof(WSAPROTOCOL_INFOA), &blen);
    DWORD pid = (DWORD)required_int(st, "dwProcessId");
    int r = wide ? WSADuplicateSocketW(sock_arg(st), pid, (WSAPROTOCOL_INFOW *)info)
                 : WSADuplicateSocketA(sock_arg(st), pid, (WSAPROTOCOL_INFOA *)info);
    err = WSAGetLastError();
    if (info != NULL) {
      protocol_info_json(&o, "lpProtocolInfo", info, blen, wide);
      tput(o.t, "M d ", 4);
      hex_encode(o.t, info, blen);
      tput(o.t, "\n", 1);
    }
    free(info);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "bind") == 0 || strcmp(c, "connect") == 0) {
    struct sockaddr_storage store;
    int size;
    const struct sockaddr *name = address_arg(st, "name", &store, &size);
    int namelen = (int)int_arg(st, "namelen", size);
    int r = c[0] == 'b' ? bind(sock_arg(st), name, namelen) : connect(sock_arg(st), name, namelen);
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "listen") == 0) {
    int r = listen(sock_arg(st), (int)int_arg(st, "backlog", 0x7fffffff));
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "accept") == 0) {
    size_t blen;
    unsigned char *addr = out_buffer(st, "addr", 28, &blen);
    int cell;
    int *addrlen = int_ref(st, "addrlen", (int)blen, &cell);
    SOCKET r = accept(sock_arg(st), (struct sockaddr *)addr, addrlen);
    err = WSAGetLastError();
    if (addr != NULL && addrlen != NULL) {
      out_address(&o, "addr", addr, *addrlen);
      out_int(&o, "addrlen", as_given(st, "addrlen", *addrlen));
    }
    free(addr);
    finish(&o, SOCKET_RET(r), err, r != INVALID_SOCKET);
    return;
  }
  if (strcmp(c, "getsockname") == 0 || strcmp(c, "getpeername") == 0) {
    size_t blen;
    unsigned char *name = out_buffer(st, "name", 28, &blen);
    int cell;
    int *namelen = int_ref(st, "namelen", (int)blen, &cell);
    int r = c[3] == 's' ? getsockname(sock_arg(st), (struct sockaddr *)name, namelen)
                        : getpeername(sock_arg(st), (struct sockaddr *)name, namelen);
    err = WSAGetLastError();
    char text[128];
    if (name != NULL && namelen != NULL) {
      out_address(&o, "name", name, *namelen);
      if (format_address(name, *namelen, text, sizeof text)) {
        tput(o.t, "M ", 2);
        put_address_value(o.t, name, *namelen, text);
        tput(o.t, "\n", 1);
      }
    }
    if (namelen != NULL) out_int(&o, "namelen", as_given(st, "namelen", *namelen));
    free(name);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "shutdown") == 0) {
    int r = shutdown(sock_arg(st), (int)required_int(st, "how"));
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "ioctlsocket") == 0) {
    const Arg *a = find_arg(st, "argp");
    u_long argp = a == NULL ? 0 : (u_long)a->i;
    int null = a != NULL && a->kind == 'n';
    int r = ioctlsocket(sock_arg(st), (long)required_int(st, "cmd"), null ? NULL : &argp);
    err = WSAGetLastError();
    /* argp is a u_long: FIONREAD's count reads unsigned, an argp the call left alone (FIONBIO)
       reads as the scenario gave it (-1, not 4294967295), as in the simulator. */
    if (!null) out_int(&o, "argp", as_given(st, "argp", (long long)argp));
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "send") == 0) {
    int len;
    const char *buf = data_arg(st, "buf", &len);
    int r = send(sock_arg(st), buf, (int)int_arg(st, "len", len), (int)int_arg(st, "flags", 0));
    err = WSAGetLastError();
    note_socket_timeout(st, r, err, SO_SNDTIMEO);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "recv") == 0) {
    int len = (int)required_int(st, "len");
    size_t blen;
    unsigned char *buf = out_buffer(st, "buf", len < 0 ? 0 : (size_t)len, &blen);
    int r = recv(sock_arg(st), (char *)buf, len, (int)int_arg(st, "flags", 0));
    err = WSAGetLastError();
    note_socket_timeout(st, r, err, SO_RCVTIMEO);
    if (buf != NULL) {
      out_key(&o, "buf");
      tjson_string(&o.json, buf, r > 0 ? (size_t)r : 0);
    }
    free(buf);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "WSACreateEvent") == 0) {
    WSAEVENT r = WSACreateEvent();
    DONE("i", (uintptr_t)r, r != WSA_INVALID_EVENT);
  }
  if (strcmp(c, "WSACloseEvent") == 0 || strcmp(c, "WSASetEvent") == 0 ||
      strcmp(c, "WSAResetEvent") == 0) {
    WSAEVENT h = (WSAEVENT)(uintptr_t)required_int(st, "hEvent");
    BOOL r = c[3] == 'C' ? WSACloseEvent(h) : c[3] == 'S' ? WSASetEvent(h) : WSAResetEvent(h);
    DONE("i", r, r != 0);
  }
  if (strcmp(c, "WSAEventSelect") == 0) {
    int r = WSAEventSelect(sock_arg(st), (WSAEVENT)(uintptr_t)int_arg(st, "hEventObject", 0),
                           (long)required_int(st, "lNetworkEvents"));
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "WSAEnumNetworkEvents") == 0) {
    const Arg *a = find_arg(st, "lpNetworkEvents");
    int null = a != NULL && a->kind == 'n';
    WSANETWORKEVENTS ev;
    memset(&ev, 0, sizeof ev);
    int r = WSAEnumNetworkEvents(sock_arg(st), (WSAEVENT)(uintptr_t)int_arg(st, "hEventObject", 0),
                                 null ? NULL : &ev);
    err = WSAGetLastError();
    if (!null) {
      out_key(&o, "lpNetworkEvents");
      tprintf(&o.json, "{\"lNetworkEvents\":%ld,\"iErrorCode\":[", ev.lNetworkEvents);
      for (int k = 0; k < FD_MAX_EVENTS; k++) tprintf(&o.json, "%s%d", k ? "," : "", ev.iErrorCode[k]);
      tput(&o.json, "]}", 2);
    }
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "WSAWaitForMultipleEvents") == 0) {
    const Arg *a = find_arg(st, "lphEvents");
    WSAEVENT events[MAX_LIST];
    int n = 0;
    if (a != NULL && a->kind == 'l') {
      n = a->count;
      for (int k = 0; k < n; k++) events[k] = (WSAEVENT)(uintptr_t)a->list[k];
    }
    DWORD timeout = (DWORD)int_arg(st, "dwTimeout", WSA_INFINITE);
    DWORD r = WSAWaitForMultipleEvents((DWORD)int_arg(st, "cEvents", n),
                                       (a != NULL && a->kind == 'l') ? events : NULL,
                                       (BOOL)int_arg(st, "fWaitAll", 0), timeout,
                                       (BOOL)int_arg(st, "fAlertable", 0));
    if (r == WSA_WAIT_TIMEOUT && timeout != 0 && timeout != WSA_INFINITE) st->timed_out = 1;
    DONE("i", r, r != WSA_WAIT_FAILED);
  }
  if (strcmp(c, "WSAAsyncSelect") == 0) {
    int r = WSAAsyncSelect(sock_arg(st), (HWND)(uintptr_t)required_int(st, "hWnd"),
                           (u_int)int_arg(st, "wMsg", WM_USER), (long)required_int(st, "lEvent"));
    DONE("i", r, r != SOCKET_ERROR);
  }
  if (strcmp(c, "select") == 0) {
    static const char *const names[3] = {"readfds", "writefds", "exceptfds"};
    fd_set sets[3];
    fd_set *sp[3];
    for (int k = 0; k < 3; k++) {
      const Arg *a = find_arg(st, names[k]);
      sp[k] = NULL;
      if (a == NULL || a->kind != 'l') continue;
      if (a->count > FD_SETSIZE) die("select: more than %d sockets in %s", FD_SETSIZE, names[k]);
      sets[k].fd_count = (u_int)a->count;
      for (int m = 0; m < a->count; m++) sets[k].fd_array[m] = (SOCKET)(uintptr_t)a->list[m];
      sp[k] = &sets[k];
    }
    const Arg *tv = find_arg(st, "timeout");
    struct timeval t = {0, 0};
    int timed = tv != NULL && tv->kind == 't';
    if (timed) {
      t.tv_sec = (long)tv->list[0];
      t.tv_usec = (long)tv->list[1];
    }
    int r = select((int)int_arg(st, "nfds", 0), sp[0], sp[1], sp[2], timed ? &t : NULL);
    err = WSAGetLastError();
    if (r == 0 && select_timeout_ms(st) > 0) st->timed_out = 1;
    for (int k = 0; k < 3; k++) {
      out_key(&o, names[k]);
      if (sp[k] == NULL) {
        tput(&o.json, "null", 4); /* as the simulator: a NULL set reads back null */
        continue;
      }
      tput(&o.json, "[", 1);
      for (u_int m = 0; m < sets[k].fd_count; m++)
        tprintf(&o.json, "%s%lld", m ? "," : "", (long long)sets[k].fd_array[m]); /* -1 as given */
      tput(&o.json, "]", 1);
    }
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "WSAPoll") == 0) {
    /* fdArray arrives as a list of (fd, events) pairs (compile.ts). */
    const Arg *a = find_arg(st, "fdArray");
    WSAPOLLFD fds[MAX_LIST / 2];
    int has = a != NULL && a->kind == 'l';
    int n = has ? a->count / 2 : 0;
    for (int k = 0; k < n; k++) {
      fds[k].fd = (SOCKET)(uintptr_t)a->list[2 * k];
      fds[k].events = (SHORT)a->list[2 * k + 1];
      fds[k].revents = 0;
    }
    INT timeout = (INT)int_arg(st, "timeout", -1);
    int r = WSAPoll(has ? fds : NULL, (ULONG)int_arg(st, "fds", n), timeout);
    err = WSAGetLastError();
    if (r == 0 && timeout > 0) st->timed_out = 1;
    if (has) {
      out_key(&o, "fdArray");
      tput(&o.json, "[", 1);
      for (int k = 0; k < n; k++)
        tprintf(&o.json, "%s{\"fd\":%lld,\"events\":%lld,\"revents\":%d}", k ? "," : "",
                (long long)fds[k].fd,
                (unsigned short)fds[k].events == (unsigned short)a->list[2 * k + 1]
                    ? a->list[2 * k + 1] /* as given, as the simulator shows it */
                    : (long long)(unsigned short)fds[k].events,
                (int)(unsigned short)fds[k].revents);
      tput(&o.json, "]", 1);
    }
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "sendto") == 0) {
    int len;
    const char *buf = data_arg(st, "buf", &len);
    struct sockaddr_storage store;
    int size;
    const struct sockaddr *to = address_arg(st, "to", &store, &size);
    int r = sendto(sock_arg(st), buf, (int)int_arg(st, "len", len), (int)int_arg(st, "flags", 0),
                   to, (int)int_arg(st, "tolen", size));
    err = WSAGetLastError();
    note_socket_timeout(st, r, err, SO_SNDTIMEO);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "recvfrom") == 0) {
    int len = (int)required_int(st, "len");
    size_t blen;
    unsigned char *buf = out_buffer(st, "buf", len < 0 ? 0 : (size_t)len, &blen);
    const Arg *f = find_arg(st, "from");
    int nofrom = f != NULL && f->kind == 'n';
    unsigned char from[28];
    memset(from, 0, sizeof from);
    int cell;
    int *fromlen = int_ref(st, "fromlen", nofrom ? 0 : (int)sizeof from, &cell);
    int r = recvfrom(sock_arg(st), (char *)buf, len, (int)int_arg(st, "flags", 0),
                     nofrom ? NULL : (struct sockaddr *)from, fromlen);
    err = WSAGetLastError();
    note_socket_timeout(st, r, err, SO_RCVTIMEO);
    if (buf != NULL) {
      out_key(&o, "buf");
      tjson_string(&o.json, buf, r > 0 ? (size_t)r : 0);
    }
    if (!nofrom && fromlen != NULL) out_address(&o, "from", from, *fromlen);
    if (fromlen != NULL) out_int(&o, "fromlen", as_given(st, "fromlen", *fromlen));
    free(buf);
    finish(&o, "i", r, err, r != SOCKET_ERROR);
    return;
  }
  if (strcmp(c, "CreateProcess") == 0) {
    /* The parent made two named pipes for the new child and sent their base name (see
       create_process_step): the new child opens them by name. So nothing has to be inherited
       for the harness's own sake, and bInheritHandles is the scenario's, FALSE included: the
       new process gets exactly this process's inheritable handles, or none. No STARTUPINFO
       handles are passed (STARTF_USESTDHANDLES would need bInheritHandles TRUE). */
    const Arg *pipe = find_arg(st, "pipe");
    if (pipe == NULL || pipe->kind != 'a') die("CreateProcess: no pipe name");
    char exe[MAX_PATH], cmd[2 * MAX_PATH + 300];
    GetModuleFileNameA(NULL, exe, sizeof exe);
    snprintf(cmd, sizeof cmd, "\"%s\" --child %s", exe, pipe->text);
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    memset(&pi, 0, sizeof pi);
    BOOL r = CreateProcessA(NULL, cmd, NULL, NULL, (BOOL)required_int(st, "bInheritHandles"), 0,
                            NULL, NULL, &si, &pi);
    err = (int)GetLastError();
    if (r) {
      /* The main result is the pid (the simulator's save of a CreateProcess); the handles to
         the new process and thread are the harness's, not the scenario's: closed at once. */
      tprintf(o.t, "M i %lu\n", pi.dwProcessId);
      CloseHandle(pi.hProcess);
      CloseHandle(pi.hThread);
      SetLastError((DWORD)err);
    }
    finish(&o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "DuplicateHandle") == 0) {
    HANDLE opened[2];
    HANDLE source = process_arg(st, "hSourceProcessHandle", &opened[0]);
    HANDLE target = process_arg(st, "hTargetProcessHandle", &opened[1]);
    const Arg *p = find_arg(st, "lpTargetHandle");
    HANDLE copy = (HANDLE)(intptr_t)(p != NULL && p->kind == 'i' ? p->i : 0);
    HANDLE *where = p == NULL || p->kind == 'i' ? &copy : p->kind == 'n' ? NULL : BAD_POINTER;
    BOOL r = DuplicateHandle(source, (HANDLE)(intptr_t)required_int(st, "hSourceHandle"), target,
                             where, (DWORD)int_arg(st, "dwDesiredAccess", 0),
                             (BOOL)required_int(st, "bInheritHandle"),
                             (DWORD)required_int(st, "dwOptions"));
    err = (int)GetLastError();
    for (int k = 0; k < 2; k++)
      if (opened[k] != NULL) CloseHandle(opened[k]);
    SetLastError((DWORD)err);
    if (where == &copy) {
      /* A handle of the target process: saved by its value, which names the object there. */
      out_int(&o, "lpTargetHandle", (long long)(intptr_t)copy);
      tprintf(o.t, "M i %lld\nO lpTargetHandle i %lld\n", (long long)(intptr_t)copy,
              (long long)(intptr_t)copy);
    }
    finish(&o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "GetHandleInformation") == 0) {
    const Arg *p = find_arg(st, "lpdwFlags");
    DWORD flags = (DWORD)(p != NULL && p->kind == 'i' ? p->i : 0);
    DWORD *where = p == NULL || p->kind == 'i' ? &flags : p->kind == 'n' ? NULL : BAD_POINTER;
    BOOL r = GetHandleInformation((HANDLE)(intptr_t)required_int(st, "hObject"), where);
    err = (int)GetLastError();
    if (where == &flags) {
      long long shown = as_given(st, "lpdwFlags", (long long)flags);
      out_int(&o, "lpdwFlags", shown);
      tprintf(o.t, "O lpdwFlags i %lld\n", shown);
    }
    finish(&o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "SetHandleInformation") == 0) {
    BOOL r = SetHandleInformation((HANDLE)(intptr_t)required_int(st, "hObject"),
                                  (DWORD)required_int(st, "dwMask"),
                                  (DWORD)required_int(st, "dwFlags"));
    err = (int)GetLastError();
    finish(&o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "CloseHandle") == 0) {
    BOOL r = CloseHandle((HANDLE)(intptr_t)required_int(st, "hObject"));
    err = (int)GetLastError();
    finish(&o, "i", r, err, r != 0);
    return;
  }
  if (strcmp(c, "WSARecv") == 0 || strcmp(c, "WSASend") == 0 ||
      strcmp(c, "WSARecvFrom") == 0 || strcmp(c, "WSASendTo") == 0 ||
      strcmp(c, "WSAGetOverlappedResult") == 0) {
    execute_overlapped(st, &o);
    return;
  }
  if (strcmp(c, "AcceptEx") == 0) {
    execute_accept_ex(st, &o);
    return;
  }
  if (strcmp(c, "GetAcceptExSockaddrs") == 0) {
    execute_get_accept_ex_sockaddrs(st, &o);
    return;
  }
  if (strcmp(c, "CreateIoCompletionPort") == 0 || strcmp(c, "GetQueuedCompletionStatus") == 0 ||
      strcmp(c, "PostQueuedCompletionStatus") == 0 || strcmp(c, "CancelIo") == 0 ||
      strcmp(c, "CancelIoEx") == 0 || strcmp(c, "SetFileCompletionNotificationModes") == 0) {
    execute_port(st, &o);
    return;
  }
  if (strcmp(c, "WSAIoctl") == 0) {
    execute_ioctl(st, &o);
    return;
  }
  if (strcmp(c, "ConnectEx") == 0 || strcmp(c, "DisconnectEx") == 0) {
    execute_connect_ex(st, &o);
    return;
  }
  if (strcmp(c, "SleepEx") == 0 || strcmp(c, "QueueUserAPC") == 0 ||
      strcmp(c, "GetQueuedCompletionStatusEx") == 0) {
    execute_apc(st, &o);
    return;
  }
  if (strcmp(c, "CreateWindow") == 0) {
    /* A message-only window owned by this thread, as WSAAsyncSelect's target. */
    HWND h = CreateWindowExA(0, WINDOW_CLASS, "winsock-sim", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                             GetModuleHandleA(NULL), NULL);
    DONE("i", (uintptr_t)h, h != NULL);
  }
  if (strcmp(c, "PeekMessage") == 0) {
    HWND h = (HWND)(uintptr_t)int_arg(st, "hWnd", 0);
    MSG msg;
    BOOL r = PeekMessageA(&msg, h, 0, 0, PM_REMOVE);
    if (!r) {
      /* Socket messages are posted asynchronously: give one a moment to arrive before saying
         that none is waiting (a positive answer never waits). */
      MsgWaitForMultipleObjects(0, NULL, FALSE, MESSAGE_SETTLE_MS, QS_POSTMESSAGE);
      r = PeekMessageA(&msg, h, 0, 0, PM_REMOVE);
    }
    out_key(&o, "lpMsg");
    if (!r) tput(&o.json, "null", 4);
    else
      tprintf(&o.json,
              "{\"hwnd\":%llu,\"message\":%u,\"wParam\":%llu,\"lParam\":%lld,\"event\":%u,"
              "\"error\":%u}",
              (unsigned long long)(uintptr_t)msg.hwnd, msg.message,
              (unsigned long long)msg.wParam, (long long)msg.lParam,
              (unsigned)WSAGETSELECTEVENT(msg.lParam), (unsigned)WSAGETSELECTERROR(msg.lParam));
    DONE("i", r ? 1 : 0, 1);
  }
  if (strcmp(c, "Sleep") == 0) {
    Sleep((DWORD)required_int(st, "dwMilliseconds"));
    DONE("n", 0, 1);
  }
  if (strcmp(c, "ExitThread") == 0 || strcmp(c, "ExitProcess") == 0) {
    /* Answered first; the worker (or the whole child) ends once the answer is sent. */
    st->exit = c[4] == 'T' ? 1 : 2;
    finish(&o, "n", 0, 0, 1);
    return;
  }
  die("call %s is not supported by the harness yet", c);
#undef DONE
}

static DWORD WINAPI worker_main(LPVOID param) {
  Worker *w = param;
  for (;;) {
    WaitForSingleObject(w->go, INFINITE);
    w->error_before = WSAGetLastError();
    execute(&w->step, &w->reply);
    w->finished_us = now_us();
    int leaving = w->step.exit == 1; /* read before the main thread may reuse the step */
    SetEvent(w->done);
    if (leaving) return 0; /* ExitThread: the thread ends, its name may be used again */
  }
}

/* How long an await on this call may wait (see AWAIT_MS). */
static DWORD await_bound(const Step *st) {
  long long own = -1;
  if (strcmp(st->call, "select") == 0)
    own = select_timeout_ms(st);
  else if (strcmp(st->call, "WSAPoll") == 0)
    own = int_arg(st, "timeout", -1);
  else if (strcmp(st->call, "WSAWaitForMultipleEvents") == 0) {
    own = int_arg(st, "dwTimeout", WSA_INFINITE);
    if (own == (long long)WSA_INFINITE) own = -1;
  } else if (strcmp(st->call, "GetQueuedCompletionStatus") == 0 ||
             strcmp(st->call, "GetQueuedCompletionStatusEx") == 0 ||
             strcmp(st->call, "SleepEx") == 0) {
    own = int_arg(st, "dwMilliseconds", INFINITE);
    if (own == (long long)INFINITE) own = -1;
  } else if (strcmp(st->call, "Sleep") == 0)
    own = int_arg(st, "dwMilliseconds", 0);
  long long bound = own < 0 ? AWAIT_MS : own + AWAIT_SLACK_MS;
  if (bound < AWAIT_MS) bound = AWAIT_MS;
  return (DWORD)(bound > MAX_AWAIT_MS ? MAX_AWAIT_MS : bound);
}

static Worker *worker_for(const char *name) {
  Worker *w = NULL;
  for (int k = 0; k < nworkers; k++)
    if (strcmp(workers[k].name, name) == 0) return &workers[k];
  for (int k = 0; k < nworkers && w == NULL; k++)
    if (workers[k].name[0] == 0) w = &workers[k]; /* a slot freed by ExitThread */
  if (w == NULL) {
    if (nworkers == MAX_THREADS) die("too many threads");
    w = &workers[nworkers++];
  }
  snprintf(w->name, sizeof w->name, "%s", name);
  w->go = CreateEventA(NULL, FALSE, FALSE, NULL);
  w->done = CreateEventA(NULL, FALSE, FALSE, NULL);
  w->thread = CreateThread(NULL, 0, worker_main, w, 0, &w->tid);
  if (w->go == NULL || w->done == NULL || w->thread == NULL) die("cannot create a thread");
  return w;
}

/* Forgets a worker whose thread ended (ExitThread), so that its name names a new thread. */
static void forget_worker(Worker *w) {
  WaitForSingleObject(w->thread, AWAIT_MS);
  CloseHandle(w->thread);
  CloseHandle(w->go);
  CloseHandle(w->done);
  free(w->reply.p);
  /* The slot is cleared, not compacted: other workers' threads hold pointers to their slots. */
  memset(w, 0, sizeof *w);
}

/* A call that crashed: the exception nothing handled ends up here, on the worker's thread (the
   thread start routine's handler calls the process's unhandled-exception filter). The worker is
   marked, its step answered as crashed by the main thread, and this thread stays here for good:
   the call cannot go on, and the process is ended when the parent asks the child to quit. An
   exception on any other thread is left to the system (the child dies, the parent says so). */
static LONG WINAPI on_crash(EXCEPTION_POINTERS *e) {
  DWORD tid = GetCurrentThreadId();
  for (int k = 0; k < nworkers; k++) {
    Worker *w = &workers[k];
    if (w->thread == NULL || w->tid != tid) continue;
    const EXCEPTION_RECORD *r = e->ExceptionRecord;
    w->crash_code = r->ExceptionCode;
    w->crash_nparams = r->NumberParameters;
    for (DWORD m = 0; m < 2 && m < r->NumberParameters; m++)
      w->crash_info[m] = r->ExceptionInformation[m];
    InterlockedExchange(&w->crashed, 1);
    SetEvent(w->done);
    for (;;) Sleep(INFINITE);
  }
  return EXCEPTION_CONTINUE_SEARCH;
}

/* The answer for a crashed call: "R c CODE THREAD CALL DESCRIPTION..." (the description is the
   rest of the line). The parent ends the run with it. */
static void send_crash(HANDLE out, Worker *w) {
  char what[160] = "";
  if (w->crash_code == EXCEPTION_ACCESS_VIOLATION && w->crash_nparams >= 2) {
    ULONG_PTR kind = w->crash_info[0];
    snprintf(what, sizeof what, "access violation %s address 0x%llx",
             kind == 0 ? "reading" : kind == 1 ? "writing" : "executing",
             (unsigned long long)w->crash_info[1]);
  } else if (w->crash_code == EXCEPTION_STACK_OVERFLOW) {
    snprintf(what, sizeof what, "stack overflow");
  } else if (w->crash_code == EXCEPTION_ILLEGAL_INSTRUCTION) {
    snprintf(what, sizeof what, "illegal instruction");
  } else if (w->crash_code == EXCEPTION_INT_DIVIDE_BY_ZERO) {
    snprintf(what, sizeof what, "integer division by zero");
  } else {
    snprintf(what, sizeof what, "unhandled exception");
  }
  char line[512];
  snprintf(line, sizeof line, "R c 0x%08lX %s %s %s\n.\n", (unsigned long)w->crash_code, w->name,
           w->step.call, what);
  w->crash_sent = 1;
  write_all(out, line);
}

/* Sends the worker's finished call: its reply, then "W US" (how long ago the call returned, for
   the parent's virtual clock). */
static void send_reply(HANDLE out, Worker *w) {
  char ago[64];
  snprintf(ago, sizeof ago, "W %lld\n.\n", now_us() - w->finished_us);
  w->pending = 0;
  w->early = 0;
  write_all(out, w->reply.p);
  write_all(out, ago);
  int exit = w->step.exit;
  free_step(&w->step);
  if (exit == 2) ExitProcess(0); /* ExitProcess: every thread and handle of the process ends */
  if (exit == 1) forget_worker(w);
}

/* "R b ERR": the call is blocked; ERR is the thread's last error from before it, which a call
   that has not returned has not changed (the simulator shows the same). */
static void send_blocked(HANDLE out, const Worker *w) {
  char line[64];
  snprintf(line, sizeof line, "R b %d\n.\n", w->error_before);
  write_all(out, line);
}

/* Answers a step: the worker's call (awaiting = 0) or an await on it (awaiting = 1). "R b" while
   the call is still running after wait_ms. A timed wait that ended by its own timeout is "R b"
   too, however short the timeout: the simulator reports such a call blocked and finishes it at
   its await, which here sends the answer kept meanwhile. */
static void answer(HANDLE out, Worker *w, DWORD wait_ms, int awaiting) {
  if (w->early) {
    send_reply(out, w);
    return;
  }
  if (WaitForSingleObject(w->done, wait_ms) != WAIT_OBJECT_0) {
    send_blocked(out, w);
    return;
  }
  if (w->crashed) {
    send_crash(out, w);
    return;
  }
  if (!awaiting && w->step.timed_out) {
    w->early = 1;
    send_blocked(out, w);
    return;
  }
  send_reply(out, w);
}

/* A call that crashed on another thread after its step was answered (it was blocked): the next
   step of the process reports it instead of running. */
static Worker *unreported_crash(void) {
  for (int k = 0; k < nworkers; k++)
    if (workers[k].crashed && !workers[k].crash_sent) return &workers[k];
  return NULL;
}

/* One end of the named pipes a child made by a scenario's CreateProcess talks over. */
static HANDLE open_pipe(const char *base, const char *suffix, DWORD access) {
  char name[MAX_PATH];
  snprintf(name, sizeof name, "%s-%s", base, suffix);
  HANDLE h = CreateFileA(name, access, 0, NULL, OPEN_EXISTING, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) ExitProcess(4); /* no standard error yet to say why */
  return h;
}

/* pipe: NULL for a child the parent started (its pipes are its standard input and output), or
   the base name of the named pipes made for a child that a scenario's CreateProcess started. */
static int child_main(const char *pipe) {
  HANDLE in, out;
  if (pipe == NULL) {
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    /* This child's standard handles were inherited, so they are inheritable here too: a
       scenario's CreateProcess with bInheritHandles TRUE would hand them to its child, which
       would then hold this child's pipes to the parent, and handles the simulator's child does
       not have. Only the scenario's own inheritable handles are to pass down. */
    SetHandleInformation(in, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(GetStdHandle(STD_ERROR_HANDLE), HANDLE_FLAG_INHERIT, 0);
  } else {
    /* The standard handle values this process was given are its creator's (no
       STARTF_USESTDHANDLES), which name nothing here or, worse, an inherited socket: forgotten,
       until the parent sends a standard error of its own (ERR). */
    SetStdHandle(STD_INPUT_HANDLE, NULL);
    SetStdHandle(STD_OUTPUT_HANDLE, NULL);
    SetStdHandle(STD_ERROR_HANDLE, NULL);
    /* Opened without inheritance (no SECURITY_ATTRIBUTES): they stay this child's. */
    in = open_pipe(pipe, "in", GENERIC_READ);
    out = open_pipe(pipe, "out", GENERIC_WRITE);
  }
  static Reader r;
  static char line[MAX_LINE];
  r.h = in;
  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = DefWindowProcA;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = WINDOW_CLASS;
  if (!RegisterClassA(&wc)) die("RegisterClass failed (%lu)", GetLastError());
  SetUnhandledExceptionFilter(on_crash);
  write_all(out, "READY\n");
  for (;;) {
    if (read_line(&r, line, sizeof line, INFINITE) != 1) return 0;
    char *cursor = line;
    char *tag = next_token(&cursor);
    if (tag == NULL) continue;
    if (strcmp(tag, "ERR") == 0) {
      /* A child made by CreateProcess: the parent copied its standard error into this process
         and sends the value (see connect_created). */
      SetStdHandle(STD_ERROR_HANDLE, (HANDLE)(intptr_t)strtoll(need_token(&cursor), NULL, 10));
      continue;
    }
    if (strcmp(tag, "Q") == 0) {
      /* After a crash the process may hold locks nobody will release: ended, not exited. */
      for (int k = 0; k < nworkers; k++)
        if (workers[k].crashed) TerminateProcess(GetCurrentProcess(), workers[k].crash_code);
      ExitProcess(0);
    }
    if (strcmp(tag, "S") != 0) die("child: unexpected line %s", tag);
    Step st;
    memset(&st, 0, sizeof st);
    snprintf(st.call, sizeof st.call, "%s", need_token(&cursor));
    snprintf(st.thread, sizeof st.thread, "%s", need_token(&cursor));
    for (;;) {
      if (read_line(&r, line, sizeof line, INFINITE) != 1) return 0;
      if (strcmp(line, ".") == 0) break;
      cursor = line;
      need_token(&cursor); /* "A" */
      if (st.nargs == MAX_ARGS) die("too many arguments");
      Arg *a = &st.args[st.nargs++];
      snprintf(a->name, sizeof a->name, "%s", need_token(&cursor));
      parse_value(a, &cursor);
    }
    Worker *w = worker_for(st.thread);
    Worker *crashed = unreported_crash();
    if (crashed != NULL && crashed != w) {
      free_step(&st);
      send_crash(out, crashed);
      continue;
    }
    if (strcmp(st.call, "await") == 0) {
      if (!w->pending) {
        /* The real call had already returned (the simulator said blocked, Winsock did not):
           say so instead of failing, so the comparison shows the step. */
        write_all(out, "R n 0 0 0\nJ {\"harness\":\"nothing to await: the call was not blocked\"}\n.\n");
        continue;
      }
      answer(out, w, w->bound, 1);
      continue;
    }
    if (w->pending) {
      /* The thread is still in an earlier call that the simulator finished (it blocked here
         only): this step cannot be played on it. Said as an answer, as for an await with
         nothing to await, so that the comparison shows the step and the run goes on; the
         earlier call stays pending for a later await. */
      char line[160];
      snprintf(line, sizeof line,
               "R n 0 %d 0\nJ {\"harness\":\"not played: the thread is still blocked in its "
               "earlier call\"}\n.\n",
               w->error_before); /* the last error the thread holds: the blocked call set none */
      free_step(&st);
      write_all(out, line);
      continue;
    }
    w->step = st;
    free(w->reply.p);
    memset(&w->reply, 0, sizeof w->reply);
    w->pending = 1;
    w->bound = await_bound(&w->step);
    SetEvent(w->go);
    /* Sleep is never "blocked": it moves the simulator's clock, here real time. */
    answer(out, w, strcmp(w->step.call, "Sleep") == 0 ? w->bound : BLOCK_MS, 0);
  }
}

/* ======================================================================================
 * The parent: starts one child per scenario process, then sends each step to its owner,
 * resolving saved names and process ids, and prints the trace.
 * ====================================================================================== */

typedef struct {
  char name[MAX_NAME];
  PROCESS_INFORMATION pi;
  HANDLE to;
  Reader from;
  int exited; /* ExitProcess ran: the next step naming this process starts a new child */
  int unborn; /* a process a CreateProcess step creates, before that step (exited is set too) */
} Child;

typedef struct {
  char name[MAX_NAME];
  Arg value;
} Saved;

static Child children[MAX_PROCS];
static int nchildren;
static Saved saved[MAX_SAVED];
static int nsaved;
static struct {
  int code;
  char name[MAX_NAME];
} errors[MAX_ERRORS];
static int nerrors;

/* Starts the child for scenario process `name` in slot ch. The parent never holds a socket, so
   a child started late (after an ExitProcess) inherits nothing but its own pipe ends. */
static void start_child_in(Child *ch, const char *name) {
  memset(ch, 0, sizeof *ch);
  snprintf(ch->name, sizeof ch->name, "%s", name);
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  HANDLE in_r, in_w, out_r, out_w;
  if (!CreatePipe(&in_r, &in_w, &sa, 0) || !CreatePipe(&out_r, &out_w, &sa, 0))
    die("CreatePipe failed");
  /* The parent's ends stay with the parent: no child inherits another's pipe. */
  SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
  char exe[MAX_PATH], cmd[MAX_PATH + 32];
  GetModuleFileNameA(NULL, exe, sizeof exe);
  snprintf(cmd, sizeof cmd, "\"%s\" --child", exe);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in_r;
  si.hStdOutput = out_w;
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &ch->pi))
    die("CreateProcess failed (%lu)", GetLastError());
  CloseHandle(in_r);
  CloseHandle(out_w);
  ch->to = in_w;
  ch->from.h = out_r;
}

static void start_child(const char *name) {
  if (nchildren == MAX_PROCS) die("too many processes");
  start_child_in(&children[nchildren++], name);
}

/* A process that a CreateProcess step creates: a slot, no child yet. */
static void add_unborn(const char *name) {
  if (nchildren == MAX_PROCS) die("too many processes");
  Child *ch = &children[nchildren++];
  memset(ch, 0, sizeof *ch);
  snprintf(ch->name, sizeof ch->name, "%s", name);
  ch->exited = 1;
  ch->unborn = 1;
}

static void wait_ready(Child *ch) {
  static char reply[MAX_LINE];
  int got = read_line(&ch->from, reply, sizeof reply, REPLY_MS);
  if (got != 1 || strcmp(reply, "READY") != 0) die("child %s did not start", ch->name);
}

/* The child of a process that ran ExitProcess is gone: a later step naming it gets a new one. */
static void restart_if_exited(Child *ch) {
  if (!ch->exited) return;
  if (ch->unborn) die("process %s is named before the CreateProcess step that creates it", ch->name);
  char name[MAX_NAME];
  snprintf(name, sizeof name, "%s", ch->name);
  start_child_in(ch, name);
  wait_ready(ch);
}

/* After ExitProcess: the child ends by itself; its handles are closed once it has. */
static void reap(Child *ch) {
  if (WaitForSingleObject(ch->pi.hProcess, AWAIT_MS) != WAIT_OBJECT_0)
    TerminateProcess(ch->pi.hProcess, 9);
  CloseHandle(ch->pi.hProcess);
  CloseHandle(ch->pi.hThread);
  CloseHandle(ch->to);
  CloseHandle(ch->from.h);
  ch->from.len = 0;
  ch->exited = 1;
}

/* ---------- CreateProcess: a child that a scenario process starts ----------
   The new scenario process must be a real child of the real process that plays the caller,
   started by it with the scenario's bInheritHandles, so that the caller's inheritable handles
   (sockets) are in it at the same values, as on Windows. The parent cannot hand it pipe ends
   through the caller without inheritance (STARTF_USESTDHANDLES passes nothing when
   bInheritHandles is FALSE), so it makes two named pipes and sends their base name with the
   step; the caller runs "harness.exe --child NAME", and the new child opens them by name. */

static int npipes;

/* The pair of named pipes for one new child: in_w (parent to child), out_r (child to parent).
   Made without SECURITY_ATTRIBUTES: no other child can inherit them. */
static void make_pipes(char *base, size_t size, HANDLE *in_w, HANDLE *out_r) {
  snprintf(base, size, "\\\\.\\pipe\\winsock-sim-harness-%lu-%d", GetCurrentProcessId(),
           npipes++);
  char name[MAX_PATH];
  DWORD mode = PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT;
  snprintf(name, sizeof name, "%s-in", base);
  *in_w = CreateNamedPipeA(name, PIPE_ACCESS_OUTBOUND, mode, 1, MAX_LINE, MAX_LINE, 0, NULL);
  snprintf(name, sizeof name, "%s-out", base);
  *out_r = CreateNamedPipeA(name, PIPE_ACCESS_INBOUND, mode, 1, MAX_LINE, MAX_LINE, 0, NULL);
  if (*in_w == INVALID_HANDLE_VALUE || *out_r == INVALID_HANDLE_VALUE)
    die("CreateNamedPipe failed (%lu)", GetLastError());
}

static DWORD WINAPI connect_pipes(LPVOID param) {
  HANDLE *pipes = param;
  for (int k = 0; k < 2; k++)
    if (!ConnectNamedPipe(pipes[k], NULL) && GetLastError() != ERROR_PIPE_CONNECTED) return 1;
  return 0;
}

/* The caller's CreateProcess succeeded and answered the new pid: the new child goes into slot
   ch. ConnectNamedPipe waits for ever for a child that died before opening its pipes, so it runs
   on a thread the parent waits for with a bound (the parent's exit ends that thread). */
static void connect_created(Child *ch, DWORD pid, HANDLE in_w, HANDLE out_r) {
  HANDLE pipes[2] = {in_w, out_r};
  HANDLE t = CreateThread(NULL, 0, connect_pipes, pipes, 0, NULL);
  DWORD code = 1;
  if (t == NULL || WaitForSingleObject(t, REPLY_MS) != WAIT_OBJECT_0 ||
      !GetExitCodeThread(t, &code) || code != 0)
    die("the child %s started by CreateProcess did not open its pipes", ch->name);
  CloseHandle(t);
  char name[MAX_NAME];
  snprintf(name, sizeof name, "%s", ch->name);
  memset(ch, 0, sizeof *ch);
  snprintf(ch->name, sizeof ch->name, "%s", name);
  /* The rights the parent uses: waiting for the end (reap), terminating (stop_children). */
  ch->pi.hProcess = OpenProcess(SYNCHRONIZE | PROCESS_DUP_HANDLE | PROCESS_TERMINATE |
                                    PROCESS_QUERY_LIMITED_INFORMATION,
                                FALSE, pid);
  if (ch->pi.hProcess == NULL) die("OpenProcess(%lu) failed (%lu)", pid, GetLastError());
  ch->pi.dwProcessId = pid;
  ch->to = in_w;
  ch->from.h = out_r;
  wait_ready(ch);
  /* Its standard error is the parent's, copied in (not inherited: nothing of the harness's is). */
  HANDLE err;
  if (DuplicateHandle(GetCurrentProcess(), GetStdHandle(STD_ERROR_HANDLE), ch->pi.hProcess, &err,
                      0, FALSE, DUPLICATE_SAME_ACCESS)) {
    char line[64];
    snprintf(line, sizeof line, "ERR %lld\n", (long long)(intptr_t)err);
    write_all(ch->to, line);
  }
}

static Saved *find_saved(const char *name) {
  for (int k = 0; k < nsaved; k++)
    if (strcmp(saved[k].name, name) == 0) return &saved[k];
  return NULL;
}

static void save(const char *name, const Arg *value) {
  Saved *s = find_saved(name);
  if (s == NULL) {
    if (nsaved == MAX_SAVED) die("too many saved names");
    s = &saved[nsaved++];
    snprintf(s->name, sizeof s->name, "%s", name);
  } else {
    free(s->value.data);
  }
  s->value = *value;
  if (value->kind == 'd') {
    s->value.data = malloc(value->len + 1);
    memcpy(s->value.data, value->data, value->len);
  }
}

/* Replaces "s NAME" and "p INDEX" by the values they stand for. */
static void resolve(Arg *a, int index) {
  if (a->kind == 's') {
    Saved *s = find_saved(a->text);
    if (s == NULL) die("step %d: $%s was never saved", index, a->text);
    char name[MAX_NAME];
    snprintf(name, sizeof name, "%s", a->name);
    *a = s->value;
    snprintf(a->name, sizeof a->name, "%s", name);
    if (a->kind == 'd') {
      a->data = malloc(s->value.len + 1);
      memcpy(a->data, s->value.data, s->value.len);
    }
  } else if (a->kind == 'p') {
    if (a->i < 0 || a->i >= nchildren) die("step %d: bad process index", index);
    restart_if_exited(&children[a->i]);
    a->kind = 'i';
    a->i = children[a->i].pi.dwProcessId;
  }
}

static const char *error_name(int code, char *tmp) {
  if (code == 0) return "0";
  for (int k = 0; k < nerrors; k++)
    if (errors[k].code == code) return errors[k].name;
  sprintf(tmp, "%d", code);
  return tmp;
}

static void stop_children(void) {
  /* Errors are ignored here: a child may already have died. */
  for (int k = 0; k < nchildren; k++) {
    DWORD done;
    if (!children[k].exited) WriteFile(children[k].to, "Q\n", 2, &done, NULL);
  }
  for (int k = 0; k < nchildren; k++) {
    if (children[k].exited) continue;
    if (WaitForSingleObject(children[k].pi.hProcess, 2000) != WAIT_OBJECT_0)
      TerminateProcess(children[k].pi.hProcess, 9);
  }
}

/* When the parent started, and when the first step was sent (0 before): the end line reports
   process start-up and the steps apart. */
static long long started_at, steps_at;
/* A crashed call ends the run: the step it was reported at, and the exception code. */
static int crashed_at = -1;
static char crash_code[32];

static void end_run(const char *status, const char *detail) {
  Text t = {0};
  tprintf(&t, "{\"end\":\"%s\",\"detail\":", status);
  tjson_string(&t, (const unsigned char *)detail, strlen(detail));
  tput(&t, ",\"pids\":{", 9);
  for (int k = 0; k < nchildren; k++)
    tprintf(&t, "%s\"%s\":%lu", k ? "," : "", children[k].name, children[k].pi.dwProcessId);
  long long now = now_us();
  tput(&t, "}", 1);
  if (crashed_at >= 0) tprintf(&t, ",\"step\":%d,\"exception\":\"%s\"", crashed_at, crash_code);
  tprintf(&t, ",\"startMs\":%lld,\"stepsMs\":%lld}\n",
          ((steps_at == 0 ? now : steps_at) - started_at) / 1000,
          steps_at == 0 ? 0 : (now - steps_at) / 1000);
  fputs(t.p, stdout);
  fflush(stdout);
  free(t.p);
  stop_children();
}

static int parent_main(const char *file) {
  started_at = now_us();
  /* The parent's own standard input and output (the scenario and the trace) are not for the
     children; standard error is, and the children make it non-inheritable in turn. */
  SetHandleInformation(GetStdHandle(STD_INPUT_HANDLE), HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(GetStdHandle(STD_OUTPUT_HANDLE), HANDLE_FLAG_INHERIT, 0);
  HANDLE h = CreateFileA(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) die("cannot open %s", file);
  static Reader r;
  static char line[MAX_LINE], reply[MAX_LINE];
  r.h = h;
  int started = 0;
  /* Virtual time: the simulator's clock moves only by Sleep and await. Sleep here sleeps until
     real time since the first step reaches the scenario's virtual time, so that time spent
     detecting a blocked call (BLOCK_MS) is not added on top of the scenario's own waits. */
  long long virtual_ms = 0;

  while (read_line(&r, line, sizeof line, INFINITE) == 1) {
    char *cursor = line;
    char *tag = next_token(&cursor);
    if (tag == NULL || tag[0] == '#') continue;
    if (strcmp(tag, "WSH") == 0) continue;
    if (strcmp(tag, "E") == 0) {
      if (nerrors == MAX_ERRORS) continue;
      errors[nerrors].code = atoi(need_token(&cursor));
      snprintf(errors[nerrors].name, MAX_NAME, "%s", need_token(&cursor));
      nerrors++;
      continue;
    }
    if (strcmp(tag, "P") == 0) {
      if (started) die("process lines must come before the steps");
      need_token(&cursor); /* the index: processes are numbered in order */
      char *name = need_token(&cursor);
      /* "P N NAME c": created by a CreateProcess step, not started here. */
      char *flag = next_token(&cursor);
      if (flag != NULL && strcmp(flag, "c") == 0) add_unborn(name);
      else start_child(name);
      continue;
    }
    if (strcmp(tag, "S") != 0) die("unexpected line %s", tag);
    if (!started) {
      /* Every child says READY before the first step: no socket exists anywhere yet. */
      for (int k = 0; k < nchildren; k++)
        if (!children[k].unborn) wait_ready(&children[k]);
      started = 1;
      steps_at = now_us();
    }
    int index = atoi(need_token(&cursor));
    int proc = atoi(need_token(&cursor));
    char thread[MAX_NAME], call[MAX_NAME];
    snprintf(thread, sizeof thread, "%s", need_token(&cursor));
    snprintf(call, sizeof call, "%s", need_token(&cursor));
    if (proc < 0 || proc >= nchildren) die("step %d: bad process index", index);
    Child *ch = &children[proc];
    restart_if_exited(ch);

    /* The step's arguments and saves, up to ".". */
    Text msg = {0};
    tprintf(&msg, "S %s %s\n", call, thread);
    char saves[MAX_ARGS][2][MAX_NAME];
    int nsaves = 0;
    /* A CreateProcess step: the process it creates, and the named pipes made for it. */
    Child *created = NULL;
    HANDLE created_in = NULL, created_out = NULL;
    for (;;) {
      if (read_line(&r, line, sizeof line, INFINITE) != 1) die("truncated scenario");
      if (strcmp(line, ".") == 0) break;
      cursor = line;
      tag = need_token(&cursor);
      if (strcmp(tag, "A") == 0) {
        Arg a;
        memset(&a, 0, sizeof a);
        snprintf(a.name, sizeof a.name, "%s", need_token(&cursor));
        parse_value(&a, &cursor);
        if (a.kind == 'c') {
          /* CreateProcess's lpApplicationName: the new child's pipes go in its place. */
          if (a.i < 0 || a.i >= nchildren) die("step %d: bad process index", index);
          created = &children[a.i];
          if (!created->exited) die("step %d: process %s is running already", index, created->name);
          a.kind = 'a';
          snprintf(a.name, sizeof a.name, "pipe");
          make_pipes(a.text, sizeof a.text, &created_in, &created_out);
        }
        resolve(&a, index);
        if (strcmp(call, "Sleep") == 0 && strcmp(a.name, "dwMilliseconds") == 0 && a.kind == 'i') {
          virtual_ms += a.i;
          long long behind = virtual_ms - (now_us() - steps_at) / 1000;
          a.i = behind > 0 ? behind : 0;
        }
        tput(&msg, "A ", 2);
        tput(&msg, a.name, strlen(a.name));
        tput(&msg, " ", 1);
        put_value(&msg, &a);
        tput(&msg, "\n", 1);
        free(a.data);
      } else if (strcmp(tag, "L") == 0) {
        /* "L NAME N KIND VALUE ..." : a list whose elements may be saved names or pids */
        Arg a;
        memset(&a, 0, sizeof a);
        snprintf(a.name, sizeof a.name, "%s", need_token(&cursor));
        a.kind = 'l';
        a.count = atoi(need_token(&cursor));
        if (a.count > MAX_LIST) die("list too long");
        for (int k = 0; k < a.count; k++) {
          Arg e;
          memset(&e, 0, sizeof e);
          parse_value(&e, &cursor);
          resolve(&e, index);
          if (e.kind != 'i' && e.kind != 'n') die("step %d: list element is not an integer", index);
          a.list[k] = e.kind == 'n' ? 0 : e.i;
        }
        tput(&msg, "A ", 2);
        tput(&msg, a.name, strlen(a.name));
        tput(&msg, " ", 1);
        put_value(&msg, &a);
        tput(&msg, "\n", 1);
      } else if (strcmp(tag, "V") == 0) {
        if (nsaves == MAX_ARGS) die("too many saves");
        snprintf(saves[nsaves][0], MAX_NAME, "%s", need_token(&cursor));
        snprintf(saves[nsaves][1], MAX_NAME, "%s", need_token(&cursor));
        nsaves++;
      } else {
        die("unexpected line %s in step %d", tag, index);
      }
    }
    tput(&msg, ".\n", 2);
    long long sent_at = now_us();
    write_all(ch->to, msg.p);
    free(msg.p);

    /* The answer. */
    Arg ret;
    memset(&ret, 0, sizeof ret);
    Arg main_value;
    memset(&main_value, 0, sizeof main_value);
    int have_main = 0, err = 0, ok = 0, blocked = 0;
    long long answered_at = 0, finished_ago = 0;
    char crash[512] = "";
    Arg outs[MAX_ARGS];
    int nouts = 0;
    char json[MAX_OUT] = "{}";
    for (;;) {
      int got = read_line(&ch->from, reply, sizeof reply, REPLY_MS);
      if (got != 1) {
        char detail[256];
        snprintf(detail, sizeof detail, "step %d: process %s %s", index, ch->name,
                 got == 0 ? "exited without answering" : "did not answer in time");
        end_run("failed", detail);
        return 1;
      }
      if (strcmp(reply, ".") == 0) break;
      cursor = reply;
      tag = need_token(&cursor);
      if (strcmp(tag, "R") == 0) {
        answered_at = now_us();
        char *kind = need_token(&cursor);
        if (kind[0] == 'b') {
          blocked = 1;
          err = atoi(need_token(&cursor));
          continue;
        }
        if (kind[0] == 'c') {
          /* "R c CODE THREAD CALL DESCRIPTION...": a call crashed (see on_crash). */
          char code[32], cthread[MAX_NAME], ccall[MAX_NAME];
          snprintf(code, sizeof code, "%s", need_token(&cursor));
          snprintf(cthread, sizeof cthread, "%s", need_token(&cursor));
          snprintf(ccall, sizeof ccall, "%s", need_token(&cursor));
          char where[2 * MAX_NAME + 2];
          if (strcmp(thread, "main") == 0) snprintf(where, sizeof where, "%s", ch->name);
          else snprintf(where, sizeof where, "%s/%s", ch->name, thread);
          if (strcmp(call, "await") != 0 && strcmp(cthread, thread) == 0)
            snprintf(crash, sizeof crash, "step %d (%s: %s) crashed: exception %s (%s)", index,
                     where, call, code, cursor);
          else if (strcmp(cthread, thread) == 0)
            snprintf(crash, sizeof crash,
                     "step %d (%s: await): the %s it awaits crashed: exception %s (%s)", index,
                     where, ccall, code, cursor);
          else
            snprintf(crash, sizeof crash,
                     "step %d (%s: %s) not played: the %s blocked on thread %s crashed: "
                     "exception %s (%s)",
                     index, where, call, ccall, cthread, code, cursor);
          snprintf(crash_code, sizeof crash_code, "%s", code);
          continue;
        }
        ret.kind = kind[0];
        ret.i = strtoll(need_token(&cursor), NULL, 10);
        err = atoi(need_token(&cursor));
        ok = atoi(need_token(&cursor));
      } else if (strcmp(tag, "M") == 0) {
        parse_value(&main_value, &cursor);
        have_main = 1;
      } else if (strcmp(tag, "O") == 0 && nouts < MAX_ARGS) {
        Arg *o = &outs[nouts++];
        memset(o, 0, sizeof *o);
        snprintf(o->name, sizeof o->name, "%s", need_token(&cursor));
        parse_value(o, &cursor);
      } else if (strcmp(tag, "J") == 0) {
        snprintf(json, sizeof json, "%s", cursor);
      } else if (strcmp(tag, "W") == 0) {
        finished_ago = strtoll(need_token(&cursor), NULL, 10);
      }
    }
    if (crash[0] != 0) {
      /* No step line: the call has no result to compare. The end line says what happened. */
      crashed_at = index;
      end_run("crashed", crash);
      return 1;
    }

    if (created != NULL) {
      if (!blocked && ok && have_main && main_value.kind == 'i')
        connect_created(created, (DWORD)main_value.i, created_in, created_out);
      else {
        /* Not created: the slot stays as it was (a later step naming it fails the run). */
        CloseHandle(created_in);
        CloseHandle(created_out);
      }
    }

    /* Saves: "V NAME -" is the main result (ret unless the call says otherwise). */
    if (!blocked) {
      for (int k = 0; k < nsaves; k++) {
        if (strcmp(saves[k][1], "-") == 0) {
          if (have_main) save(saves[k][0], &main_value);
          else if (ret.kind == 'x') {
            Arg v = {.kind = 'i', .i = -1};
            save(saves[k][0], &v);
          } else {
            Arg v = {.kind = ret.kind == 'n' ? 'n' : 'i', .i = ret.i};
            save(saves[k][0], &v);
          }
        } else {
          for (int m = 0; m < nouts; m++)
            if (strcmp(outs[m].name, saves[k][1]) == 0) save(saves[k][0], &outs[m]);
        }
      }
    }
    free(main_value.data);
    for (int m = 0; m < nouts; m++) free(outs[m].data);

    /* The trace line. */
    char tmp[32];
    Text t = {0};
    tprintf(&t, "{\"index\":%d,\"process\":\"%s\",\"thread\":\"%s\",\"call\":\"%s\",\"ret\":", index,
            ch->name, thread, call);
    if (blocked || ret.kind == 'n') tput(&t, "null", 4);
    else if (ret.kind == 'x') tput(&t, "\"INVALID_SOCKET\"", 16);
    else tprintf(&t, "%lld", ret.i);
    tprintf(&t, ",\"error\":\"%s\",\"blocked\":%s,\"ok\":%s,\"outputs\":%s,\"us\":%lld}\n",
            error_name(err, tmp), blocked ? "true" : "false",
            (!blocked && ok) ? "true" : "false", blocked ? "{}" : json, answered_at - sent_at);
    fputs(t.p, stdout);
    fflush(stdout);
    free(t.p);
    /* An await still blocked is reported as such (the simulator's answer for a call nothing
       will finish) and the run goes on; the thread stays blocked until the end. */
    if (strcmp(call, "await") == 0 && !blocked) {
      /* When the call returned: a timed wait that timed out early returned before its await. */
      long long real_ms = (now_us() - finished_ago - steps_at) / 1000;
      if (real_ms > virtual_ms) virtual_ms = real_ms;
    }
    if (strcmp(call, "ExitProcess") == 0 && !blocked) reap(ch);
  }
  end_run("complete", "");
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--child") == 0) return child_main(argc >= 3 ? argv[2] : NULL);
  if (argc != 2) {
    fprintf(stderr, "usage: harness.exe SCENARIO.wsh   (see harness/README.md)\n");
    return 2;
  }
  return parent_main(argv[1]);
}
