/*
 * callbench: the time of single Winsock calls on real Winsock (under Wine on Linux, natively on
 * Windows), for the simulator's benchmark to print beside its own per-call figures.
 *
 *   callbench.exe [--iterations N] [--live N]
 *
 * --iterations N  operations per timed block, the same for every operation. Left out, each
 *                 operation is calibrated on its own: the block size doubles until one block
 *                 lasts BLOCK_TARGET_MS, so that the five blocks take about 0.4 s per operation.
 * --live N        extra idle TCP sockets (socket() only) created first and held to the end.
 *                 Creation stops at the first failure (or at MAX_LIVE); then RESERVE of them are
 *                 closed again so that the measurements have sockets to work with, and the
 *                 number actually held is reported as "live".
 *
 * Each operation: one warm-up block, then five timed blocks (QueryPerformanceCounter); the
 * figure is the median block's nanoseconds per operation. Every call's return value is checked;
 * a failure prints the call and WSAGetLastError() on stderr and exits with status 1.
 *
 * Output: one line of JSON on stdout,
 *   {"live":L,"liveRequested":R,"iterations":N|null,"blockIterations":{...},"ns":{...}}
 * where "iterations" echoes --iterations (null: calibrated) and "blockIterations" gives the
 * block size each operation was timed with.
 */
#define FD_SETSIZE 64
#define _WIN32_WINNT 0x0600 /* WSAPoll */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCKS 5
#define BLOCK_TARGET_MS 80.0
#define MAX_CALIBRATED 1000000L
#define MAX_LIVE 100000L
#define RESERVE 256L
#define POLL_COUNT 64
#define MESSAGE 64

static void fail(const char *call) {
  fprintf(stderr, "callbench: %s failed: WSAGetLastError %d\n", call, WSAGetLastError());
  exit(1);
}

static SOCKET tcp_socket(void) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (s == INVALID_SOCKET) fail("socket");
  return s;
}

static void close_socket(SOCKET s) {
  if (closesocket(s) != 0) fail("closesocket");
}

/* ---- The state the operations work on ---------------------------------------------------- */

static SOCKET opt_socket;     /* getsockopt, setsockopt, WSADuplicateSocketW */
static SOCKET event_socket;   /* WSAEventSelect + WSAEnumNetworkEvents */
static WSAEVENT event_handle;
static SOCKET sender, receiver; /* the connected loopback pair */
static SOCKET poll_sockets[POLL_COUNT]; /* the pair, then idle sockets */
static fd_set poll_template;
static WSAPOLLFD poll_fds[POLL_COUNT];
static DWORD self_pid;
static char message[MESSAGE];

static void connected_pair(void) {
  SOCKET listener = tcp_socket();
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0) fail("bind");
  if (listen(listener, 1) != 0) fail("listen");
  int len = sizeof addr;
  if (getsockname(listener, (struct sockaddr *)&addr, &len) != 0) fail("getsockname");
  sender = tcp_socket();
  if (connect(sender, (struct sockaddr *)&addr, sizeof addr) != 0) fail("connect");
  receiver = accept(listener, NULL, NULL);
  if (receiver == INVALID_SOCKET) fail("accept");
  close_socket(listener);
  /* One-way small sends: without TCP_NODELAY, Nagle could hold a send for the peer's ACK. */
  BOOL on = TRUE;
  if (setsockopt(sender, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on) != 0)
    fail("setsockopt(TCP_NODELAY)");
}

static void setup(void) {
  self_pid = GetCurrentProcessId();
  memset(message, 'x', sizeof message);
  opt_socket = tcp_socket();
  event_socket = tcp_socket();
  event_handle = WSACreateEvent();
  if (event_handle == WSA_INVALID_EVENT) fail("WSACreateEvent");
  connected_pair();
  poll_sockets[0] = sender;
  poll_sockets[1] = receiver;
  for (int i = 2; i < POLL_COUNT; i++) poll_sockets[i] = tcp_socket();
  FD_ZERO(&poll_template);
  for (int i = 0; i < POLL_COUNT; i++) {
    FD_SET(poll_sockets[i], &poll_template);
    poll_fds[i].fd = poll_sockets[i];
    poll_fds[i].events = POLLRDNORM;
    poll_fds[i].revents = 0;
  }
  if (poll_template.fd_count != POLL_COUNT) fail("FD_SET (fd_set holds fewer than 64)");
}

/* ---- The operations: each runs n times ---------------------------------------------------- */

static void op_getsockopt(long n) {
  for (long i = 0; i < n; i++) {
    int value = 0;
    int len = sizeof value;
    if (getsockopt(opt_socket, SOL_SOCKET, SO_SNDBUF, (char *)&value, &len) != 0)
      fail("getsockopt");
  }
}

static void op_setsockopt(long n) {
  for (long i = 0; i < n; i++) {
    int value = (i & 1) ? 32768 : 65536;
    if (setsockopt(opt_socket, SOL_SOCKET, SO_SNDBUF, (const char *)&value, sizeof value) != 0)
      fail("setsockopt");
  }
}

static void op_socket_close(long n) {
  for (long i = 0; i < n; i++) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) fail("socket");
    if (closesocket(s) != 0) fail("closesocket");
  }
}

/*
 * The target of the duplication is this same process: a second process would have to be
 * started and kept in step, and the cost measured would include talking to it. The simulator's
 * benchmark duplicates to another process; Winsock (and Wine) do the same work for the
 * WSAPROTOCOL_INFO either way, but the handle is made in a different process there.
 */
static void op_duplicate(long n) {
  for (long i = 0; i < n; i++) {
    WSAPROTOCOL_INFOW info;
    if (WSADuplicateSocketW(opt_socket, self_pid, &info) != 0) fail("WSADuplicateSocketW");
    SOCKET copy = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info,
                             0, 0);
    if (copy == INVALID_SOCKET) fail("WSASocketW");
    if (closesocket(copy) != 0) fail("closesocket");
  }
}

static void op_send_recv(long n) {
  char buffer[MESSAGE];
  for (long i = 0; i < n; i++) {
    if (send(sender, message, MESSAGE, 0) != MESSAGE) fail("send");
    int got = 0;
    while (got < MESSAGE) { /* one recv in practice; a short read would be read on */
      int r = recv(receiver, buffer + got, MESSAGE - got, 0);
      if (r <= 0) fail("recv");
      got += r;
    }
  }
}

static void op_event_select(long n) {
  for (long i = 0; i < n; i++) {
    if (WSAEventSelect(event_socket, event_handle, FD_READ | FD_WRITE | FD_CLOSE) != 0)
      fail("WSAEventSelect");
    WSANETWORKEVENTS events;
    if (WSAEnumNetworkEvents(event_socket, event_handle, &events) != 0)
      fail("WSAEnumNetworkEvents");
  }
}

static void op_select(long n) {
  for (long i = 0; i < n; i++) {
    fd_set readfds = poll_template;
    struct timeval zero = {0, 0};
    if (select(0, &readfds, NULL, NULL, &zero) == SOCKET_ERROR) fail("select");
  }
}

static void op_poll(long n) {
  for (long i = 0; i < n; i++) {
    if (WSAPoll(poll_fds, POLL_COUNT, 0) == SOCKET_ERROR) fail("WSAPoll");
  }
}

/* ---- Timing ------------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  void (*run)(long n);
  int calls; /* calls per operation the figure is divided by (send64+recv: per call) */
} Operation;

static const Operation operations[] = {
    {"getsockopt", op_getsockopt, 1},
    {"setsockopt", op_setsockopt, 1},
    {"socket+closesocket", op_socket_close, 1},
    {"WSADuplicateSocketW+WSASocketW+closesocket", op_duplicate, 1},
    {"send64+recv", op_send_recv, 2},
    {"WSAEventSelect+WSAEnumNetworkEvents", op_event_select, 1},
    {"select64", op_select, 1},
    {"WSAPoll64", op_poll, 1},
};
#define OPERATION_COUNT ((int)(sizeof operations / sizeof operations[0]))

static LARGE_INTEGER frequency;

static double elapsed_ns(void (*run)(long), long n) {
  LARGE_INTEGER start, end;
  QueryPerformanceCounter(&start);
  run(n);
  QueryPerformanceCounter(&end);
  return (double)(end.QuadPart - start.QuadPart) * 1e9 / (double)frequency.QuadPart;
}

/* Block size for an operation: doubles until a block lasts BLOCK_TARGET_MS (the runs while
   doubling are the warm-up). */
static long calibrate(void (*run)(long)) {
  long n = 16;
  while (n < MAX_CALIBRATED && elapsed_ns(run, n) < BLOCK_TARGET_MS * 1e6) n *= 2;
  return n;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double measure(const Operation *op, long n) {
  double per_op[BLOCKS];
  for (int b = 0; b < BLOCKS; b++) per_op[b] = elapsed_ns(op->run, n) / (double)n / op->calls;
  qsort(per_op, BLOCKS, sizeof per_op[0], compare_double);
  return per_op[BLOCKS / 2];
}

static long parse_count(const char *flag, const char *text, long min) {
  char *end = NULL;
  long value = strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < min) {
    fprintf(stderr, "callbench: %s wants an integer >= %ld, not \"%s\"\n", flag, min, text);
    exit(2);
  }
  return value;
}

int main(int argc, char **argv) {
  long iterations = 0; /* 0: calibrate each operation */
  long live_requested = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
      iterations = parse_count("--iterations", argv[++i], 1);
    else if (strcmp(argv[i], "--live") == 0 && i + 1 < argc)
      live_requested = parse_count("--live", argv[++i], 0);
    else {
      fprintf(stderr, "usage: callbench [--iterations N] [--live N]\n");
      return 2;
    }
  }

  WSADATA data;
  int started = WSAStartup(MAKEWORD(2, 2), &data);
  if (started != 0) {
    fprintf(stderr, "callbench: WSAStartup failed: %d\n", started);
    return 1;
  }
  QueryPerformanceFrequency(&frequency);

  /* The idle sockets, first, so that every measurement runs with them present. */
  long live_target = live_requested < MAX_LIVE ? live_requested : MAX_LIVE;
  SOCKET *live = NULL;
  long live_count = 0;
  if (live_target > 0) {
    live = malloc(sizeof(SOCKET) * (size_t)live_target);
    if (live == NULL) {
      fprintf(stderr, "callbench: out of memory for %ld sockets\n", live_target);
      return 1;
    }
    while (live_count < live_target) {
      SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      if (s == INVALID_SOCKET) {
        int error = WSAGetLastError();
        long keep = live_count > RESERVE ? live_count - RESERVE : 0;
        fprintf(stderr,
                "callbench: socket failed after %ld live sockets (WSAGetLastError %d); "
                "keeping %ld\n",
                live_count, error, keep);
        while (live_count > keep) close_socket(live[--live_count]);
        break;
      }
      live[live_count++] = s;
    }
    if (live_requested > MAX_LIVE)
      fprintf(stderr, "callbench: --live capped at %ld\n", MAX_LIVE);
  }

  setup();

  double ns[OPERATION_COUNT];
  long block[OPERATION_COUNT];
  for (int k = 0; k < OPERATION_COUNT; k++) {
    if (iterations > 0) {
      block[k] = iterations;
      operations[k].run(iterations); /* warm-up */
    } else {
      block[k] = calibrate(operations[k].run);
    }
    ns[k] = measure(&operations[k], block[k]);
  }

  printf("{\"live\":%ld,\"liveRequested\":%ld,\"iterations\":", live_count, live_requested);
  if (iterations > 0)
    printf("%ld", iterations);
  else
    printf("null");
  printf(",\"blockIterations\":{");
  for (int k = 0; k < OPERATION_COUNT; k++)
    printf("%s\"%s\":%ld", k ? "," : "", operations[k].name, block[k]);
  printf("},\"ns\":{");
  for (int k = 0; k < OPERATION_COUNT; k++)
    printf("%s\"%s\":%.1f", k ? "," : "", operations[k].name, ns[k]);
  printf("}}\n");
  fflush(stdout);

  /* Clean up, checked as well: a failure here is worth knowing about too. */
  for (int i = 2; i < POLL_COUNT; i++) close_socket(poll_sockets[i]);
  close_socket(sender);
  close_socket(receiver);
  close_socket(event_socket);
  close_socket(opt_socket);
  if (!WSACloseEvent(event_handle)) fail("WSACloseEvent");
  while (live_count > 0) close_socket(live[--live_count]);
  free(live);
  if (WSACleanup() != 0) fail("WSACleanup");
  return 0;
}
