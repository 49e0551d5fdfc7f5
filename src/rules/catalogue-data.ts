// Generated from spec/rules/*.json by spec/rules/generate.ts. Do not edit: change the JSON
// and run `npm run rules:generate`.
import type { Rule } from "./catalogue.js";

export const RULES: readonly Rule[] = [
  {
    id: "ACCEPTEX-ARGS",
    statement:
      "AcceptEx checks its arguments before it starts anything, and a failed call changes no state: lpOverlapped NULL is ERROR_INVALID_PARAMETER (87); lpOutputBuffer NULL, dwRemoteAddressLength 0, or the three lengths reaching past the buffer are WSAEFAULT; a listener or accept socket that is not a socket is WSAENOTSOCK; a listener that is not listening, an accept socket that is not a stream socket, is bound, is connected, or is already the target of a pending AcceptEx is WSAEINVAL. connect on a socket a pending AcceptEx accepts into is WSAEINVAL too. Every failure leaves the OVERLAPPED's Internal at STATUS_PENDING (0x103), which AcceptEx writes before its checks.",
    source:
      "Wine 8.0 test_AcceptEx, run on Windows: each misuse with the error above, and Internal == STATUS_PENDING after every failed call (lines 8434-8470, 8506-8556, 8656-8685). AcceptEx page: sAcceptSocket must not be bound or connected; lpOverlapped cannot be NULL.",
    windows:
      "Wine 8.0 differs where test_AcceptEx marks todo_wine: a listener that is not listening, a UDP, bound or connected accept socket start a pending operation there, and a NULL buffer is WSAEINVAL (harness/wine-deviations.json). The order of the checks between the two sockets is the one the tests show; a too short but non-NULL buffer is the simulator's reading of 'the buffer must hold the three parts'.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_AcceptEx (lines 8382-8935)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8382-8935",
      },
      {
        title: "AcceptEx function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nf-mswsock-acceptex",
      },
    ],
  },
  {
    id: "ACCEPTEX-PENDING",
    statement:
      "AcceptEx is an overlapped operation of the listening socket. With no connection queued it returns FALSE with ERROR_IO_PENDING (997) and waits, served in order with the socket's other waiters; its completion sets the event, queues a packet on the listener's completion port (also one associated after the call, fact 84) and writes the OVERLAPPED, like WSARecv's. With a connection already queued (and dwReceiveDataLength 0) it completes at once: TRUE, lpdwBytesReceived written, the completion actions run. The operation is the listener's: CancelIo on the accept socket cancels nothing; the last close of the listener (through any duplicate, facts 10-13) cancels it once with STATUS_CANCELLED (ERROR_OPERATION_ABORTED), and so does the last close of the accept socket.",
    source:
      "Wine 8.0 test_AcceptEx, run on Windows: ERROR_IO_PENDING, completion after connect, CancelIo(acceptor) leaves it pending, closesocket(acceptor) and closesocket(listener) complete it with ERROR_OPERATION_ABORTED (lines 8666-8705, 8885-8935); test_completion_port, AcceptEx on a duplicated listener (observed facts 10-13, 84). AcceptEx page: TRUE when the call completes at once; lpdwBytesReceived is set only then.",
    windows:
      "That a connection already queued completes the call at once (TRUE) rests on the AcceptEx page's return values; no test in the sources calls AcceptEx with a connection waiting. Wine 8.0 always returns ERROR_IO_PENDING (its server queues every accept-into request).",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_AcceptEx (lines 8382-8935)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8382-8935",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_completion_port (lines 10073-10792)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10073-10792",
      },
      {
        title: "AcceptEx function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nf-mswsock-acceptex",
      },
    ],
  },
  {
    id: "ACCEPTEX-ACCEPT",
    statement:
      "AcceptEx takes the oldest queued connection into the accept socket, which becomes the connected socket (its handles, options and completion port stay its own). With dwReceiveDataLength 0 it completes then with 0 bytes; with more, it completes only when the first data arrives (the bytes received, at most dwReceiveDataLength) or the client closes first (0 bytes, success). lpOutputBuffer receives the data at offset 0, the local address at dwReceiveDataLength and the remote address after dwLocalAddressLength; GetAcceptExSockaddrs reads them back.",
    source:
      "Wine 8.0 test_AcceptEx, run on Windows: 'Test short reads' (no completion after connect, completion with 1 byte after send; GetAcceptExSockaddrs gives the listener's and the client's addresses) and 'Disconnect during receive' (success, 0 bytes) (lines 8719-8772, 8858-8883). AcceptEx page: the buffer's layout.",
    windows:
      "The address slots' format is internal to Windows; the simulator writes a 4-byte length and the SOCKADDR, which only GetAcceptExSockaddrs reads.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_AcceptEx (lines 8382-8935)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8382-8935",
      },
      {
        title: "GetAcceptExSockaddrs function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nf-mswsock-getacceptexsockaddrs",
      },
    ],
  },
  {
    id: "ACCEPTEX-SLOTS",
    statement:
      "An address slot smaller than the address plus 16 bytes (dwLocalAddressLength other than 0, or dwRemoteAddressLength) does not fail the call: the operation starts and, when a connection arrives, completes with STATUS_BUFFER_TOO_SMALL, leaving the connection queued for a later accept. dwLocalAddressLength 0 is accepted: the local address is not written, and GetAcceptExSockaddrs then leaves its local outputs alone.",
    source:
      "Wine 8.0 test_AcceptEx, run on Windows: local length 0 completes with success and GetAcceptExSockaddrs leaves the local pointer and length untouched; local lengths 3 and sizeof(sockaddr_in) + 4 complete with STATUS_BUFFER_TOO_SMALL (ERROR_INSUFFICIENT_BUFFER) and accept() then takes the connection (lines 8473-8501, 8559-8622).",
    windows:
      "Wine 8.0 differs where marked todo_wine: it completes sizeof(sockaddr_in) + 4 with success, consumes the connection, and writes the local outputs for a length of 0. Lengths between sizeof(sockaddr_in) + 4 and + 16, and a short remote slot, are not observed; the simulator applies the AcceptEx page's '16 bytes more than the address' to both.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_AcceptEx (lines 8382-8935)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8382-8935",
      },
      {
        title: "AcceptEx function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nf-mswsock-acceptex",
      },
    ],
  },
  {
    id: "ACCEPTEX-FD-ACCEPT",
    statement:
      "A connection that a pending AcceptEx takes records no FD_ACCEPT on the listener; a connection that arrives with no AcceptEx waiting for it records FD_ACCEPT as usual. AcceptEx re-enables FD_ACCEPT like accept.",
    source:
      "Observed facts 44 and 60 (Wine 8.0 test_accept_events, run on Windows: 'Connect while there is a pending AcceptEx()' gives no event, the next connect gives FD_ACCEPT) (lines 6058-6314). WSAEventSelect page: AcceptEx is in the re-enabling table for FD_ACCEPT (X14).",
    windows: "As observed.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_accept_events (lines 6058-6314)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L6058-6314",
      },
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
    ],
  },
  {
    id: "ACCEPTEX-CONTEXT",
    statement:
      "A socket AcceptEx accepted a connection into answers getsockname and getpeername with WSAENOTCONN until setsockopt(SO_UPDATE_ACCEPT_CONTEXT) is set on it with the listening socket's handle (a SOCKET, sizeof(SOCKET) bytes); then they give the connection's addresses. A value that names no socket is WSAENOTSOCK, a shorter length WSAEFAULT; the option on a socket no AcceptEx accepted into stays WSAEINVAL (OPT-CONTEXT-UPDATE).",
    source:
      "AcceptEx page, Remarks: once AcceptEx completes and SO_UPDATE_ACCEPT_CONTEXT is set, getsockname and getpeername give the addresses; the option's description (SOL_SOCKET page): it should be set if getpeername, getsockname, getsockopt or setsockopt are to be used on the accepted socket. Wine 8.0 test_AcceptEx comment: 'On Windows, this requires setting SO_UPDATE_ACCEPT_CONTEXT' before getsockname (lines 8706-8713).",
    windows:
      "The WSAENOTCONN before the option is widely reported, not in a test of the sources; the WSAENOTSOCK for a bad value is the simulator's choice (no source gives it). Wine 8.0 ignores the option and answers the names at once. shutdown, getsockopt and setsockopt before the option are not restricted here.",
    links: [
      {
        title: "AcceptEx function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nf-mswsock-acceptex",
      },
      {
        title: "SOL_SOCKET socket options, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_AcceptEx (lines 8382-8935)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8382-8935",
      },
    ],
  },
  {
    id: "APC-ROUTINE",
    statement:
      "WSARecv, WSASend, WSARecvFrom, WSASendTo or WSAIoctl given an OVERLAPPED and a completion routine queues the routine as an APC to the thread that issued the call when the operation completes, including when it completes at once (the call returns 0) and when it is cancelled (CancelIo, the last closesocket). The routine receives the Winsock error of the operation's status (0 for success), the byte count, the OVERLAPPED and the flags, and runs only when that thread enters an alertable wait. hEvent is then the program's own: it is neither reset nor set, and no completion packet is queued. An operation whose thread has exited runs no routine. WSACleanup's cancellation queues none.",
    source:
      "WSARecv and WSASend pages: with lpCompletionRoutine the hEvent member is ignored and may carry the program's context; the routine is called when the thread is in an alertable wait; an operation that completes immediately has its routine scheduled already. Wine 8.0 test_WSARecv, run on Windows: a pending WSARecv with io_completion completes after a send, SleepEx(1000, TRUE) returns WAIT_IO_COMPLETION with the routine called once, and the OVERLAPPED's event is not signalled afterwards. Wine 8.0 test_fionread_siocatmark, run on Windows: a WSAIoctl with a completion routine that completes at once still runs the routine at the next SleepEx(0, TRUE), with error 0, size 0 and the OVERLAPPED's pointer. Wine 8.0 ws2_32 WS2_recv_base passes no event when a routine is given and its APC wrapper hands the routine NtStatusToWSAError of the status.",
    windows:
      "That a routine's operation cancelled by a thread's exit queues nothing follows from the APC queue going with the thread; it is not observed. The Offset flags are passed as recorded; Wine's wrapper always passes 0.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSARecv, completion routine (lines 7527-7540)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7527-7540",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark, immediate completion with an APC (lines 5266-5287)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5266-5287",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, WS2_recv_base and socket_apc (lines 926-985)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L926-985",
      },
      {
        title: "WSARecv function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecv",
      },
      {
        title: "WSASend function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasend",
      },
    ],
  },
  {
    id: "APC-ROUTINE-PORT",
    statement:
      "WSARecv, WSASend, WSARecvFrom, WSASendTo or WSAIoctl given an OVERLAPPED and a completion routine on a socket associated with an I/O completion port fails with WSAEINVAL: nothing is received or sent (WSAIoctl: after its own user-mode checks, before the code's effect), no operation starts, and the routine never runs. Without an OVERLAPPED the routine is not used.",
    source:
      "Wine 8.0 test_WSARecv, run on Windows ('Using completion function on socket associated with completion port is not allowed'): WSARecv with io_completion after CreateIoCompletionPort on the socket returns SOCKET_ERROR with WSAEINVAL and the routine is not called.",
    windows:
      "Observed for WSARecv; the simulator applies the same to WSASend, which goes through the same check of the I/O manager (an APC routine on a file object with a completion port is refused). WSAIoctl is refused the same way by Wine 8.0's server (create_request_async); Windows is not observed for it.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSARecv, routine on a socket with a port (lines 7542-7552)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7542-7552",
      },
      {
        title:
          "Wine 8.0, server/async.c, create_request_async, an APC with a completion port (lines 291-296)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/server/async.c#L291-296",
      },
    ],
  },
  {
    id: "APC-QUEUE",
    statement:
      "QueueUserAPC(pfnAPC, hThread, dwData) appends a user APC to the thread's queue and returns nonzero; the thread runs it in its next alertable wait, APCs in the order they were queued, and an alertable wait the thread is blocked in ends. A handle that names no thread fails with ERROR_INVALID_HANDLE; a thread that has exited takes no APC (ERROR_GEN_FAILURE). A non-alertable call, even one that waits or completes at once, leaves the queue as it is.",
    source:
      "Asynchronous Procedure Calls page: each thread has its own APC queue; a user-mode APC runs when the thread enters an alertable state, the queue's APCs in FIFO order. QueueUserAPC page. Wine 8.0 test_WSARecv, run on Windows: a user APC queued before a WSARecv that completes at once has not run after it and runs at the next SleepEx(0, TRUE). Wine 8.0 server/thread.c queue_apc: a terminated thread takes no APC (STATUS_UNSUCCESSFUL).",
    windows:
      "The simulator has no thread handles: hThread is the thread object or its thread id. A NULL pfnAPC is refused with ERROR_INVALID_PARAMETER here; Windows accepts it and the thread faults when the APC runs. A blocking recv or WSARecv waits alertably on Windows (Wine's test_WSARecv runs a queued APC inside a blocking WSARecv); the simulator leaves APCs queued during such a wait.",
    links: [
      {
        title: "Asynchronous Procedure Calls, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/sync/asynchronous-procedure-calls",
      },
      {
        title: "QueueUserAPC function (processthreadsapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-queueuserapc",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSARecv, APC and a non-alertable WSARecv (lines 7405-7416)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7405-7416",
      },
      {
        title: "Wine 8.0, server/thread.c, queue_apc (lines 1097-1136)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/server/thread.c#L1097-1136",
      },
    ],
  },
  {
    id: "APC-SLEEPEX",
    statement:
      "SleepEx(dwMilliseconds, TRUE) runs every APC queued to the thread and returns WAIT_IO_COMPLETION (0xC0) at once when there is one; otherwise it waits until an APC is queued (then runs it and returns WAIT_IO_COMPLETION) or until dwMilliseconds of virtual time have passed (then returns 0; 0 ms returns 0 at once, INFINITE never times out). SleepEx(dwMilliseconds, FALSE) is Sleep: it returns 0 after the time and runs no APC.",
    source:
      "SleepEx page: the return value is zero when the interval elapsed, WAIT_IO_COMPLETION when one or more I/O completion callbacks or APCs ran; with bAlertable FALSE the function does not return until the time-out elapses. Wine 8.0 test_WSARecv and test_fionread_siocatmark, run on Windows: SleepEx(0, TRUE) and SleepEx(1000, TRUE) return WAIT_IO_COMPLETION after running the queued routine.",
    windows: "",
    links: [
      {
        title: "SleepEx function (synchapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-sleepex",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark, immediate completion with an APC (lines 5266-5287)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5266-5287",
      },
    ],
  },
  {
    id: "APC-WAITS",
    statement:
      "WSAWaitForMultipleEvents with fAlertable TRUE that finds no event signalled (none, or not all for a wait-all) runs the thread's queued APCs and returns WSA_WAIT_IO_COMPLETION (0xC0), even with a zero timeout; blocked, it ends the same way when an APC is queued to its thread. A signalled event wins: the wait returns its index and the APCs stay queued. With fAlertable FALSE no APC runs.",
    source:
      "WSAWaitForMultipleEvents page: with fAlertable TRUE the thread is in an alertable wait and the function can return WSA_WAIT_IO_COMPLETION when the system runs an I/O completion routine, the events waited for not being signalled; with FALSE no completion routine runs. The order (objects that satisfy the wait before APCs) is the NT wait's, which SleepEx and the observed select share (fact 107).",
    windows:
      "That a signalled event wins over a queued APC is the NT wait's order, not observed with WSAWaitForMultipleEvents itself.",
    links: [
      {
        title: "WSAWaitForMultipleEvents function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsawaitformultipleevents",
      },
    ],
  },
  {
    id: "APC-SELECT",
    statement:
      "select and WSAPoll wait alertably: when nothing is ready at the call they run the thread's queued APCs, even with a zero timeout, and then return 0 (zero timeout) or wait as usual; an APC queued to the thread while it waits runs in the wait too. The APCs do not end the wait. When a socket is ready at once, the call returns it and the APCs stay queued.",
    source:
      "Observed fact 107 (Wine sock.c test_select, run on Windows, present in Wine 8.0): a user APC queued before select with a zero timeout and nothing ready has run when select returns 0; with a socket writable at once, select returns 1 and the APC has not run, and runs at the next SleepEx(0, TRUE). Observed fact 79 (Wine 11.13 test_WSAPoll): an APC queued before a WSAPoll that waits ran during the wait, which a closesocket then ended with POLLNVAL.",
    windows:
      "An APC queued while select or WSAPoll is already blocked runs at once on Windows, inside the wait; the simulator takes it off the queue then, but calls the routine when the call returns (the facade cannot run code on a blocked thread), so a routine that would itself end the wait (by sending the data waited for) does not.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_select, APC (lines 4060-4080)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L4060-4080",
      },
    ],
  },
  {
    id: "APC-GQCS-EX",
    statement:
      "GetQueuedCompletionStatusEx(port, entries, ulCount, ulNumEntriesRemoved, dwMilliseconds, fAlertable) removes up to ulCount packets, oldest first, into OVERLAPPED_ENTRY records (lpCompletionKey, lpOverlapped, Internal: the operation's NTSTATUS, dwNumberOfBytesTransferred), writes their number and returns TRUE; a failed operation's packet does not fail the call. With no packet it waits like GetQueuedCompletionStatus (threads waiting on a port are released last in, first out); it returns FALSE with WAIT_TIMEOUT when the time passes (at once for 0), or, with fAlertable TRUE, FALSE with WAIT_IO_COMPLETION after running the thread's APCs. Either FALSE writes 1 into ulNumEntriesRemoved. A handle that is not a port is ERROR_INVALID_HANDLE.",
    source:
      "GetQueuedCompletionStatusEx page (the entries, ulNumEntriesRemoved, WAIT_IO_COMPLETION when fAlertable and an APC ran). Wine 8.0 kernelbase GetQueuedCompletionStatusEx: STATUS_TIMEOUT becomes WAIT_TIMEOUT and STATUS_USER_APC WAIT_IO_COMPLETION. Wine 8.0 ntdll test_set_io_completion, run on Windows: NtRemoveIoCompletionEx with nothing queued returns STATUS_TIMEOUT with the count written as 1, and with two packets queued and room for two returns both, in the order they were queued, each with its key, value, information and status.",
    windows:
      "The count 1 after a timeout is observed; after WAIT_IO_COMPLETION it is Wine's code path, not observed. ulCount 0 is refused here with ERROR_INVALID_PARAMETER; Windows' answer is not observed.",
    links: [
      {
        title: "GetQueuedCompletionStatusEx function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getqueuedcompletionstatusex",
      },
      {
        title: "Wine 8.0, dlls/kernelbase/sync.c, GetQueuedCompletionStatusEx (lines 1103-1119)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/kernelbase/sync.c#L1103-1119",
      },
      {
        title: "Wine 8.0, dlls/ntdll/tests/file.c, test_set_io_completion (lines 986-1023)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/file.c#L986-1023",
      },
    ],
  },
  {
    id: "CONNECTEX-ARGS",
    statement:
      "ConnectEx with a NULL lpOverlapped fails with ERROR_INVALID_PARAMETER (87) and starts nothing; an lpOverlapped, name or lpSendBuffer outside the caller's memory, or a namelen too small for the socket's family, is WSAEFAULT; a socket that is not a connection-oriented one (UDP) is WSAEINVAL. The NULL OVERLAPPED is checked before the socket, as Wine checks it.",
    source:
      "Wine 8.0 test_connect, run on Windows: ConnectEx(bound socket, ..., NULL) is FALSE with ERROR_INVALID_PARAMETER. ConnectEx page: lpOverlapped must be specified and cannot be NULL; WSAEFAULT for name, lpSendBuffer or lpOverlapped outside the user address space or a namelen too small; ConnectEx is only supported on connection-oriented sockets. dotnet/corefx issue 4968: .NET's ConnectEx on a UDP socket failed with WSAEINVAL (10022).",
    windows:
      "Which of the NULL OVERLAPPED and an invalid socket Windows checks first is not observed; the simulator follows Wine's WS2_ConnectEx. AF_UNIX sockets are not modelled for ConnectEx and answer WSAEINVAL like UDP, a choice.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect (lines 8162-8380)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8162-8380",
      },
      {
        title: "LPFN_CONNECTEX callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_connectex",
      },
      {
        title:
          'dotnet/corefx issue 4968: UDP Socket.ConnectAsync result in "An invalid argument was supplied"',
        url: "https://github.com/dotnet/corefx/issues/4968",
      },
    ],
  },
  {
    id: "CONNECTEX-STATE",
    statement:
      "ConnectEx on an unbound socket, a listening socket or a socket whose connect is still in progress fails with WSAEINVAL; on a connected socket (by connect, accept or an earlier ConnectEx) with WSAEISCONN. No operation starts, but the call has already written STATUS_PENDING into the OVERLAPPED's Internal; InternalHigh is left as it was.",
    source:
      "Wine 8.0 test_connect, run on Windows: ConnectEx on an unbound socket is WSAEINVAL; on a listener WSAEINVAL, and on a connected socket (either end of a connection, and the ConnectEx socket itself) WSAEISCONN, each time with Internal STATUS_PENDING and InternalHigh unchanged (0xdeadbeef). test_connecting_socket (observed fact 100): ConnectEx on a socket still connecting is WSAEINVAL. ConnectEx page: s is an unconnected, previously bound socket; WSAEINVAL for an unbound or listening socket, WSAEISCONN for a connected one.",
    windows: "Wine 8.0 sets InternalHigh to 0 on these failures (todo_wine); Windows leaves it.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect (lines 8162-8380)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8162-8380",
      },
      {
        title: "LPFN_CONNECTEX callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_connectex",
      },
    ],
  },
  {
    id: "CONNECTEX-PENDING",
    statement:
      "A ConnectEx that starts returns FALSE with ERROR_IO_PENDING (997), even when the listener is on the loopback and takes the connection at once. The operation completes when the connection is established, after lpSendBuffer's dwSendDataLength bytes have been sent, with STATUS_SUCCESS and that count (0 without a buffer); or, refused, with STATUS_CONNECTION_REFUSED: WSAGetOverlappedResult says WSAECONNREFUSED, GetQueuedCompletionStatus and GetOverlappedResult ERROR_CONNECTION_REFUSED (1225). Its completion sets the event and queues a packet on the socket's port, unless hEvent's low bit is set; the connection records FD_CONNECT then FD_WRITE as connect does.",
    source:
      "Wine 8.0 test_connect, run on Windows: ConnectEx to a listening loopback address is FALSE/ERROR_IO_PENDING, the event is signalled and GetOverlappedResult gives 0 bytes, or 3 with a 3-byte buffer, which the accepted socket receives; to a closed port the event is signalled and GetOverlappedResult fails with ERROR_CONNECTION_REFUSED. test_connect_completion_port: connect() queues no packet, ConnectEx queues one (key, 0 or 3 bytes, the OVERLAPPED), none with hEvent|1, and a refused one a packet that fails with ERROR_CONNECTION_REFUSED. WSAEventSelect page: FD_WRITE is recorded when a socket is connected by connect or ConnectEx.",
    windows:
      "The simulator completes a loopback ConnectEx during the call (the program finds it complete the first time it looks), and a refused one when the refusal's 2-second timer fires (NET-CONNECT-REFUSED). lpdwBytesSent is written only by a call that returns TRUE, which does not happen here; Wine 8.0 writes it (0) on ERROR_IO_PENDING.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect (lines 8162-8380)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8162-8380",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect_completion_port (lines 10794-11041)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10794-11041",
      },
      {
        title: "LPFN_CONNECTEX callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_connectex",
      },
    ],
  },
  {
    id: "CONNECTEX-CONTEXT",
    statement:
      "A socket connected by ConnectEx sends and receives, but until setsockopt(SO_UPDATE_CONNECT_CONTEXT) Winsock treats it as merely bound: connect fails with WSAEINVAL (not WSAEISCONN), getpeername and shutdown with WSAENOTCONN. setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) succeeds on the connected socket (NULL is accepted since the option reads no value) and after it the socket answers as one connected by connect. ConnectEx itself sees the connection either way (WSAEISCONN).",
    source:
      "Wine 8.0 test_connect, run on Windows: after a completed ConnectEx, connect() on that socket fails with WSAEINVAL (todo_wine: Wine says WSAEISCONN) while ConnectEx fails with WSAEISCONN. ConnectEx page, Remarks: the socket is in the default state for a connected socket and does not enable previously set properties or options until SO_UPDATE_CONNECT_CONTEXT is set, with setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) as the example; SOL_SOCKET options page: set it if getpeername, getsockname, getsockopt, setsockopt or shutdown are to be used. nim-lang/Nim issue 15022: getpeername after an asynchronous (ConnectEx) connect fails on Windows with WSAENOTCONN. Len Holgate's blog (2005, 'Winsock, ConnectEx, shutdown, SO_UPDATE_CONNECT_CONTEXT and WSANOTCONN'): shutdown after ConnectEx fails with WSAENOTCONN until SO_UPDATE_CONNECT_CONTEXT.",
    windows:
      "Wine 8.0 ignores SO_UPDATE_CONNECT_CONTEXT: its sockets answer as connected at once (connect WSAEISCONN, getpeername and shutdown succeed). getsockname is not changed here: the socket was bound before ConnectEx, so it has a name either way; whether Windows names the wildcard or the address used is not observed. Options set before ConnectEx keep working here; the page's 'previously set properties' are not modelled.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect (lines 8162-8380)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L8162-8380",
      },
      {
        title: "LPFN_CONNECTEX callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_connectex",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "nim-lang/Nim issue 15022: AsyncSocket.getPeerAddr appears to not work",
        url: "https://github.com/nim-lang/Nim/issues/15022",
      },
    ],
  },
  {
    id: "DISCONNECTEX-SHUTDOWN",
    statement:
      "DisconnectEx closes the sending side of a connected stream socket as shutdown(SD_SEND) does: a FIN follows the data already sent, later sends fail with WSAESHUTDOWN, receives go on, the peer reads 0 once the data is read, and getpeername and connect (WSAEISCONN) still see the connection. With an OVERLAPPED it returns FALSE with ERROR_IO_PENDING and the operation completes with STATUS_SUCCESS and 0 bytes once the FIN has left, setting the event and queuing a packet on the socket's port (none with hEvent|1); with a NULL lpOverlapped it returns TRUE then, setting the last error to 0, and may be repeated. A socket that is not connected is WSAENOTCONN, an invalid socket WSAENOTSOCK, a non-zero dwReserved or a flag other than TF_REUSE_SOCKET WSAEINVAL, an lpOverlapped outside the caller's memory WSAEFAULT.",
    source:
      "Wine 8.0 test_DisconnectEx, run on Windows: INVALID_SOCKET is WSAENOTSOCK, an unconnected socket WSAENOTCONN; on a connection it is FALSE/ERROR_IO_PENDING, the event is signalled and GetOverlappedResult gives 0 bytes; then connect is WSAEISCONN, send WSAESHUTDOWN, the server's recv 0, the server can still send and the client receive, and both getpeername work; with NULL it is TRUE twice in a row, the last error 0 (0xdeadbeef before Windows 7). test_shutdown_completion_port: DisconnectEx queues a packet (0 bytes, the OVERLAPPED; todo_wine), none with hEvent|1, and none when lpOverlapped is NULL. DisconnectEx page: WSAEINVAL for a non-zero dwReserved; WSAEFAULT for an invalid lpOverlapped; datagram sockets are not supported.",
    windows:
      "The DisconnectEx page says a second DisconnectEx on a socket already closing fails with WSAENOTCONN unless TF_REUSE_SOCKET is given; Windows (test_DisconnectEx) returns TRUE: the simulator follows Windows. A flag other than TF_REUSE_SOCKET being WSAEINVAL, and WSAEOPNOTSUPP for a datagram socket, are the simulator's choices. With FILE_SKIP_COMPLETION_PORT_ON_SUCCESS set, Windows still queues the packet and Wine 8.0 does not (todo_wine); SetFileCompletionNotificationModes is not simulated.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_DisconnectEx (lines 9249-9406)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L9249-9406",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_shutdown_completion_port (lines 11043-11224)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L11043-11224",
      },
      {
        title: "LPFN_DISCONNECTEX callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_disconnectex",
      },
    ],
  },
  {
    id: "DISCONNECTEX-REUSE",
    statement:
      "DisconnectEx with TF_REUSE_SOCKET completes once the FIN has left and the peer's FIN has arrived (or the peer is gone); the socket then has no connection any more: it is open and keeps its local address, so ConnectEx can be called on it again without bind; sends and receives on it are those of an unconnected socket (WSAENOTCONN), and the peer's end no longer has this socket as its peer.",
    source:
      "DisconnectEx page: TF_REUSE_SOCKET prepares the socket handle to be reused; when the request completes the handle can be passed to AcceptEx or ConnectEx; the disconnect is subject to the transport, a TCP socket possibly to TIME_WAIT, which delays it.",
    windows:
      "Documented, not observed: when the disconnect completes (the peer's FIN, TIME_WAIT) and that the socket keeps its address are the simulator's reading of the page; TIME_WAIT is not modelled. Wine 8.0 does not support reuse (a FIXME in WS2_DisconnectEx).",
    links: [
      {
        title: "LPFN_DISCONNECTEX callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_disconnectex",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, WS2_DisconnectEx (lines 1479-1503)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L1479-1503",
      },
    ],
  },
  {
    id: "DGIO-TO",
    statement:
      "WSASendTo on a datagram socket sends the bytes of its buffers, gathered, as one datagram to lpTo, read as sendto reads its address: an lpTo that does not hold a sockaddr of the socket's family within iTolen bytes is WSAEFAULT (another family WSAEAFNOSUPPORT), and an unbound socket is bound implicitly; a NULL lpTo sends to the connected peer, WSAENOTCONN without one. Without an OVERLAPPED, a NULL lpNumberOfBytesSent is WSAEFAULT before anything happens (nothing is bound). A datagram never waits, so an overlapped WSASendTo completes at once.",
    source:
      "WSASendTo page (lpTo, iTolen, WSAEFAULT, WSAENOTCONN; implicit bind of an unbound socket). Wine 8.0 test_WSASendTo, run on Windows: WSASendTo on INVALID_SOCKET is WSAENOTSOCK; with lpNumberOfBytesSent NULL and no OVERLAPPED it is WSAEFAULT and getsockname still fails with WSAEINVAL; with the count it succeeds, sets the last error to 0 and binds the socket to a nonzero port.",
    links: [
      {
        title: "WSASendTo function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasendto",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSASendTo (lines 7267-7310)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7267-7310",
      },
    ],
  },
  {
    id: "DGIO-FROM",
    statement:
      "WSARecvFrom on a datagram socket takes one datagram into its buffers, each filled before the next, and writes the sender's address to lpFrom and its length to *lpFromlen; a NULL lpFrom asks for no address. An lpFrom given with a NULL lpFromlen, an *lpFromlen smaller than the family's sockaddr, or an lpFrom that cannot hold one is WSAEFAULT, and the datagram stays queued. It blocks, fails with WSAEWOULDBLOCK or goes pending as WSARecv does; an operation left pending writes lpFrom and *lpFromlen when it completes, so both must stay valid until then.",
    source:
      "WSARecvFrom page: lpFrom and lpFromlen are written with the source address; WSAEFAULT when the lpFrom buffer is too small for the address; for overlapped sockets the address is written when the operation completes, so the parameters must stay valid (as lpFromlen is). Wine 8.0 test_write_watch, run on Windows: an overlapped WSARecvFrom into two WSABUFs pends, then fills the first buffer before the second.",
    windows:
      "The address written at completion is documented, not observed in a Windows trace the simulator has; the WSAEFAULT checks follow the page and recvfrom's (NET-RECV).",
    links: [
      {
        title: "WSARecvFrom function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecvfrom",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_write_watch (lines 7614-7747)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7614-7747",
      },
    ],
  },
  {
    id: "DGIO-TRUNCATED",
    statement:
      "A datagram larger than the buffers of WSARecv or WSARecvFrom fills them, loses the rest, and fails the receive with WSAEMSGSIZE; MSG_PARTIAL is not set, since the UDP provider lacks XP1_PARTIAL_MESSAGE. lpFrom is written all the same. For an overlapped receive the OVERLAPPED gets STATUS_BUFFER_OVERFLOW and the bytes filled, whether it completed at once (the call returns SOCKET_ERROR with WSAEMSGSIZE) or later; WSAGetOverlappedResult reports FALSE with WSAEMSGSIZE and the count, and a completion port's packet makes GetQueuedCompletionStatus return FALSE with ERROR_MORE_DATA. STATUS_BUFFER_OVERFLOW is a warning, not an error: the completion's event is set and its packet queued as for a success.",
    source:
      "WSARecv and WSARecvFrom pages: for message-oriented sockets a message larger than the buffers fills them; without MSG_PARTIAL support on an unreliable protocol the excess is lost and the call fails with WSAEMSGSIZE. Wine 8.0 afd.c test_recv, run on Windows: a short read of a UDP datagram, pending or at once, ends with STATUS_BUFFER_OVERFLOW and Information the bytes filled, the rest of the datagram gone.",
    links: [
      {
        title: "WSARecvFrom function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecvfrom",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/afd.c, test_recv, a short read of a UDP datagram (lines 1743-1771)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/afd.c#L1743-1771",
      },
    ],
  },
  {
    id: "DGIO-STREAM-ADDRESS",
    statement:
      "On a stream socket WSASendTo ignores lpTo and iTolen and WSARecvFrom ignores lpFrom and lpFromlen, whatever they hold: neither is read nor written, and the calls are WSASend and WSARecv.",
    source:
      "WSASendTo page: for connection-oriented sockets lpTo and iTolen are ignored and WSASendTo is equivalent to WSASend. WSARecvFrom page: for connection-oriented sockets lpFrom and lpFromlen are ignored. Wine 8.0 test_write_watch, run on Windows: an overlapped WSARecvFrom on a TCP socket with an uninitialised addr_len pends and completes with the data.",
    links: [
      {
        title: "WSASendTo function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasendto",
      },
      {
        title: "WSARecvFrom function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecvfrom",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_write_watch (lines 7614-7747)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7614-7747",
      },
    ],
  },
  {
    id: "DGIO-MODES",
    statement:
      "SetFileCompletionNotificationModes(socket, Flags) adds the known modes in Flags (a UCHAR: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 1, FILE_SKIP_SET_EVENT_ON_HANDLE 2) to the socket's modes and returns TRUE; unknown bits are ignored and a mode once set is never removed (Flags 0 leaves them). The modes belong to the underlying socket, as its completion-port association does, so they hold for every descriptor of it. A handle that is not a socket is FALSE with ERROR_INVALID_HANDLE; a socket made without WSA_FLAG_OVERLAPPED is FALSE with ERROR_INVALID_PARAMETER. The last error is left alone on success.",
    source:
      "SetFileCompletionNotificationModes page: 'after a mode has been set for a file handle, it cannot be removed'. Wine 8.0 ntdll file.c test_file_completion_information, run on Windows: on a file opened without FILE_FLAG_OVERLAPPED the call fails with STATUS_INVALID_PARAMETER; Flags 0 and Flags 0xdeadbeef both succeed, the first removing nothing, the second adding only the known modes.",
    windows:
      "Observed on files; the simulator applies it to sockets, which are files of the AFD driver. That the modes are per underlying socket is inferred, not observed on Windows: they are kept in the file object, as the port association is (PORT-ASSOCIATE, fact 10). Wine 8.0 keeps them per socket object too (spec/scenarios/overlapped/skip-on-success-set-through-copy.json agrees under Wine).",
    links: [
      {
        title: "SetFileCompletionNotificationModes function (winbase.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-setfilecompletionnotificationmodes",
      },
      {
        title:
          "Wine 8.0, dlls/ntdll/tests/file.c, test_file_completion_information (lines 3761-3944)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/file.c#L3761-3944",
      },
    ],
  },
  {
    id: "DGIO-SKIP-PORT",
    statement:
      "With FILE_SKIP_COMPLETION_PORT_ON_SUCCESS set, an overlapped operation that completes when it is made with a status that is not an error (success, or a warning such as STATUS_BUFFER_OVERFLOW) queues no packet on the socket's port; it still writes its OVERLAPPED and sets its event. An operation left pending (WSA_IO_PENDING) still queues its packet when it completes, and one that fails when it is made queues none either way.",
    source:
      "SetFileCompletionNotificationModes page: no completion entry is queued when a request returns success immediately without ERROR_PENDING. Wine 8.0 sock.c test_connect_completion_port, 'Skip completion on success', run on Windows: a ConnectEx that returns ERROR_IO_PENDING still queues its packet. Wine 8.0 ntdll pipe.c test_completion, run on Windows: with the mode, an immediate WriteFile queues nothing, a read that returned STATUS_BUFFER_OVERFLOW at once queued nothing, a pending read queues its packet, and the event given with the request is still signalled.",
    links: [
      {
        title: "SetFileCompletionNotificationModes function (winbase.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-setfilecompletionnotificationmodes",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect_completion_port, skip completion on success (lines 10969-11000)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10969-11000",
      },
      {
        title: "Wine 8.0, dlls/ntdll/tests/pipe.c, test_completion (lines 1432-1643)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/pipe.c#L1432-1643",
      },
    ],
  },
  {
    id: "DGIO-SKIP-HANDLE",
    statement:
      "With FILE_SKIP_SET_EVENT_ON_HANDLE set, completing an operation does not signal the socket's handle. The simulator has one wait on a socket's handle: WSAGetOverlappedResult with fWait for a pending operation whose OVERLAPPED has no hEvent, which Windows makes on the handle. With the mode that wait is not ended by the operation's completion (the thread stays blocked); with an hEvent, the event is set as usual and the wait ends.",
    source:
      "SetFileCompletionNotificationModes page: the I/O manager does not set the event for the file object; an explicit event given with the request is still signalled. Wine 8.0 ntdll pipe.c test_completion, run on Windows: after the mode is set the handle is never signalled by completions. WSAGetOverlappedResult page: with fWait and no hEvent the wait is on the socket handle.",
    windows:
      "Without the mode the simulator ends a handle wait when that operation completes; Windows ends it when any operation of the file object completes, which the simulator does not model.",
    links: [
      {
        title: "SetFileCompletionNotificationModes function (winbase.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-setfilecompletionnotificationmodes",
      },
      {
        title: "Wine 8.0, dlls/ntdll/tests/pipe.c, test_completion (lines 1432-1643)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/pipe.c#L1432-1643",
      },
      {
        title: "WSAGetOverlappedResult function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsagetoverlappedresult",
      },
    ],
  },
  {
    id: "EVT-ONE-REGISTRATION",
    statement:
      "A socket has one notification registration: WSAEventSelect or WSAAsyncSelect through any descriptor, in any process, replaces whatever registration the socket had, of either kind; a mask of 0 cancels it. A non-zero WSAEventSelect mask needs an event handle of the calling process (WSAEINVAL otherwise).",
    source:
      "'Shared Sockets' and 'Multiple Handles to a Single Socket' (Microsoft; D1: it is impossible to route FD_READ to process A and FD_WRITE to process B); WSAEventSelect and WSAAsyncSelect pages (D2, D3); a Wine 8.0 probe across two processes (the later WSAEventSelect wins: child FD_ACCEPT then parent FD_READ, and a connection signals neither; parent FD_ACCEPT then child FD_ACCEPT, and only the child's event is signalled), repeated by the conformance run of examples/scenarios/split-read-write.json under Wine 8.0 (docs/conformance.md).",
    windows:
      "Wine's tests never register through two descriptors of one socket (observed fact 74); the documentation and the Wine probe agree, and the simulator follows them.",
    links: [
      {
        title: "Shared Sockets (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/shared-sockets-2",
      },
      {
        title: "Multiple Handles to a Single Socket (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/multiple-handles-to-a-single-socket-2",
      },
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "WSAAsyncSelect function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsaasyncselect",
      },
    ],
  },
  {
    id: "EVT-RECORD",
    statement:
      "Network events are recorded by the socket when they happen, whatever is registered (FD_CONNECT and FD_WRITE at connect, FD_WRITE on the accepted end, FD_ACCEPT when a connection is queued, FD_READ and FD_OOB when data arrives, FD_CLOSE when a FIN or a reset arrives); a level-triggered event (FD_READ, FD_OOB, FD_ACCEPT) leaves the record when its condition ends.",
    source:
      "Wine sock.c and afd.c event tests run on Windows (observed facts 33, 39, 58: afd.c test_get_events, sock.c test_accept_events and test_read_events).",
    windows:
      "The WSAEventSelect page says recording starts with a WSAEventSelect and a new WSAEventSelect clears the record (D2, D3); Windows records always and keeps the record across registrations (facts 33, 48).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/afd.c, test_get_events (line 1897)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/afd.c#L1897",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept_events (line 6446)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6446",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_events (line 6704)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6704",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_read_events (line 6947)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6947",
      },
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
    ],
  },
  {
    id: "EVT-ONCE",
    statement:
      "A recorded event is delivered (its event object set, or one message posted) at most once under a registration until its re-enabling function is called; an event that is not selected is never delivered and stays recorded.",
    source:
      "WSAEventSelect and WSAAsyncSelect pages (D5, D6); Wine sock.c test_*_events (facts 32, 40, 50, 54).",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "WSAAsyncSelect function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsaasyncselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept_events (line 6446)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6446",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_write_events (line 6849)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6849",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_read_events (line 6947)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6947",
      },
    ],
  },
  {
    id: "EVT-REENABLE",
    statement:
      "recv and recvfrom re-enable FD_READ and FD_OOB, send and sendto FD_WRITE, accept FD_ACCEPT, even when they fail; in event mode a call that fails its argument checks (WSAEFAULT, WSAEINVAL, WSAEOPNOTSUPP) re-enables nothing.",
    source:
      "WSAEventSelect page re-enabling table (D6, D7); Wine sock.c test_read_events (fact 57: recv with len -1 fails with WSAEFAULT; message mode posts FD_READ again, event mode does not).",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_read_events (line 6947)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6947",
      },
    ],
  },
  {
    id: "EVT-LEVEL",
    statement:
      "FD_READ, FD_OOB and FD_ACCEPT are level-triggered: when a re-enabling call leaves the condition true (data still unread, another connection queued), the event happens again at once.",
    source:
      "WSAEventSelect page (D8, D9); Wine sock.c test_accept_events and test_read_events (facts 38 and 56: FD_READ after each recv that leaves data, FD_ACCEPT after accept while another connection waits).",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept_events (line 6446)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6446",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_read_events (line 6947)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6947",
      },
    ],
  },
  {
    id: "EVT-WRITE",
    statement:
      "FD_WRITE happens when a stream socket becomes connected (after FD_CONNECT) or accepted, and when a datagram socket becomes bound (by bind, or implicitly by sendto or connect; an unbound one records none), and afterwards only when a send failed with WSAEWOULDBLOCK and space frees; a successful send re-enables it but does not make it happen. Like any event it is delivered at once if the registration selects it, or stays recorded for a later registration that does.",
    source:
      "WSAEventSelect page (D10); Wine sock.c test_write_events (facts 50, 51) and test_connect_events (fact 45: FD_CONNECT then FD_WRITE). Datagram sockets, on Windows: Wine 8.0 sock.c test_WSAEnumNetworkEvents (function at L3693, check at L3731-3734, no todo_wine) binds a SOCK_DGRAM socket to INADDR_ANY:0, calls WSAEventSelect(FD_READ | FD_WRITE) and finds lNetworkEvents == FD_WRITE on the first WSAEnumNetworkEvents only (its comment: UDP sockets can write as soon as they are bound, and only the write event is returned, once); test_connect_events' UDP part (wine-8.0 L6407-6415) registers an unbound UDP socket for FD_WRITE and checks that event mode reports nothing (message mode posts FD_WRITE for the registration, EVT-MESSAGE-MODE).",
    windows:
      "That an implicit bind by sendto or connect records FD_WRITE as an explicit bind does is inferred (the Windows-run test binds explicitly). In message mode the registration has already posted FD_WRITE, and the simulator does not post it again for the bind (no Windows-run test posts a message for a bind).",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_write_events (line 6849)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6849",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_events (line 6704)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6704",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSAEnumNetworkEvents (lines 3731-3734: FD_WRITE once for a bound UDP socket)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L3731-3734",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_connect_events (lines 6407-6415: an unbound UDP socket records nothing)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L6407-6415",
      },
    ],
  },
  {
    id: "EVT-MESSAGE-MODE",
    statement:
      "WSAAsyncSelect posts one message per event to the window, wParam the registering descriptor, lParam WSAMAKESELECTREPLY(event, error); a new WSAAsyncSelect posts at once FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT and FD_CLOSE for the conditions that hold now (never FD_CONNECT), and a datagram connect posts FD_WRITE only, even when FD_WRITE was posted and not re-enabled since; an hWnd that is no window is WSAEINVAL. PeekMessage (PM_REMOVE) takes the next message of the window hWnd; with hWnd NULL, the oldest message of any window of the calling process (the simulator's windows belong to a process, Windows' to a thread), with hWnd -1 only thread messages, of which there are none, so FALSE; finding none leaves the last error; an hWnd that is no window fails with ERROR_INVALID_WINDOW_HANDLE (1400), a window of another process with WSA_INVALID_HANDLE. In event mode a new WSAEventSelect signals only what is recorded.",
    source:
      "WSAAsyncSelect page (D9, D19); Wine sock.c test_*_events message mode (facts 31, 46-50, 54, 61, 62). PeekMessage: the PeekMessageW page (hWnd NULL: messages for any window of the current thread and thread messages; -1: only messages whose hwnd is NULL); on Windows, Wine 8.0 user32 msg.c test_PeekMessage L13447-13450 (PeekMessageA with (HWND)-1 returns TRUE for a posted thread message) and test_invalid_window L19465-19468 (PeekMessageA with (HWND)0xdeadbeef returns FALSE, GetLastError() ERROR_INVALID_WINDOW_HANDLE after a preset 0xdeadbeef).",
    windows:
      "The differences between the modes (what a re-registration delivers) are Windows' behaviour from Wine's tests, several marked todo_wine; the documentation describes both modes alike. PeekMessage on a window of another process is not checked by any Windows-run test here; the simulator keeps WSA_INVALID_HANDLE. The harness's windows belong to the thread that created them, so PeekMessage(NULL) there reads only that thread's windows; the simulator reads every window of the process.",
    links: [
      {
        title: "WSAAsyncSelect function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsaasyncselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_events (line 6704)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6704",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_write_events (line 6849)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6849",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_read_events (line 6947)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6947",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_oob_events (line 7092)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7092",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_close_events (line 7153)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7153",
      },
      {
        title: "PeekMessageW function (winuser.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-peekmessagew",
      },
      {
        title: "Wine 8.0, dlls/user32/tests/msg.c, test_PeekMessage (lines 13447-13450: hWnd -1)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/user32/tests/msg.c#L13447-13450",
      },
      {
        title:
          "Wine 8.0, dlls/user32/tests/msg.c, test_invalid_window (lines 19465-19468: ERROR_INVALID_WINDOW_HANDLE)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/user32/tests/msg.c#L19465-19468",
      },
    ],
  },
  {
    id: "EVT-NONBLOCKING",
    statement:
      "WSAEventSelect and WSAAsyncSelect make the socket non-blocking, whatever the mask; while a registration is in force ioctlsocket(FIONBIO) back to blocking fails with WSAEINVAL.",
    source:
      "WSAEventSelect and WSAAsyncSelect pages (D4, F3); Wine sock.c test_fionbio and event_client (fact 27).",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "WSAAsyncSelect function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsaasyncselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_fionbio (line 5683)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5683",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, event_client (line 863)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L863",
      },
    ],
  },
  {
    id: "EVT-ENUM",
    statement:
      "WSAEnumNetworkEvents reports and clears the recorded events the current WSAEventSelect mask selects, resets the event object given, and writes iErrorCode only for reported events; events outside the mask stay recorded; a NULL lpNetworkEvents is WSAEFAULT and an invalid event handle WSAEINVAL, changing nothing.",
    source:
      "WSAEnumNetworkEvents page (D17); Wine sock.c test_WSAEnumNetworkEvents, test_read_events and test_events (facts 30, 32, 34) and afd.c event tests (test_event_select, test_get_events).",
    links: [
      {
        title: "WSAEnumNetworkEvents function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaenumnetworkevents",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSAEnumNetworkEvents (line 4028)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4028",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_events (line 7296)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7296",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/afd.c, test_event_select (line 1804)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/afd.c#L1804",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/afd.c, test_get_events (line 1897)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/afd.c#L1897",
      },
    ],
  },
  {
    id: "EVT-ACCEPT-INHERITS",
    statement:
      "A socket returned by accept has the listener's registration (the same event and mask, or the same window, message and mask with its own descriptor as wParam), and is non-blocking like it; what it recorded before (FD_WRITE) is delivered at once.",
    source:
      "WSAEventSelect and WSAAsyncSelect pages (D14); Wine sock.c test_accept_events (the accepted socket reports FD_WRITE).",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "WSAAsyncSelect function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsaasyncselect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept_events (line 6446)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6446",
      },
    ],
  },
  {
    id: "EVT-CLOSE",
    statement:
      "FD_CLOSE carries 0 after the peer's FIN and WSAECONNABORTED after a reset; it is recorded when the FIN arrives, even with data still unread; closing one's own descriptor records nothing.",
    source: "Wine sock.c test_close_events (facts 62-64, 66); closesocket page (B9).",
    windows:
      "The WSAEnumNetworkEvents page lists WSAECONNRESET for a reset (D11) and the WSAAsyncSelect page holds FD_CLOSE back until the data is read; Windows reports WSAECONNABORTED and reports FD_CLOSE with data unread (todo_wine), both in Wine sock.c test_close_events.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_close_events (line 7153)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7153",
      },
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "WSAEnumNetworkEvents function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaenumnetworkevents",
      },
      {
        title: "WSAAsyncSelect function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsaasyncselect",
      },
    ],
  },
  {
    id: "EVT-SHARED-CLOSE",
    statement:
      "Closing a descriptor that is not the last one leaves the socket's registration and record as they are, whichever descriptor registered; the last close ends both with the socket.",
    source:
      "Decided from evidence, as the pages leave it open (X6): the registration belongs to the underlying socket (D1), I/O pending on a socket survives the close of another of its descriptors (Wine sock.c test_completion_port, facts 11-13), and in a Wine 8.0 probe across two processes a child's registration survives the parent closing its descriptor.",
    links: [
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
      {
        title: "Multiple Handles to a Single Socket (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/multiple-handles-to-a-single-socket-2",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_completion_port (line 10537)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L10537",
      },
    ],
  },
  {
    id: "EVT-WAIT",
    statement:
      "WSAWaitForMultipleEvents returns WSA_WAIT_EVENT_0 plus the lowest signalled index (wait any) or once all are signalled (wait all), WSA_WAIT_TIMEOUT when its virtual timeout passes, and fails with WSA_INVALID_PARAMETER for a count outside 1..64, no array or a duplicate in a wait-all, WSA_INVALID_HANDLE for a handle that is not an event of the process; waiting resets nothing.",
    source: "WSAWaitForMultipleEvents page (D22); WSACreateEvent page (manual-reset events, D21).",
    windows:
      "WSAWaitForMultipleEvents is WaitForMultipleObjectsEx on Windows and needs no WSAStartup; the simulator does not check it. Waitable handles other than events are not simulated.",
    links: [
      {
        title: "WSAWaitForMultipleEvents function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsawaitformultipleevents",
      },
      {
        title: "WSACreateEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsacreateevent",
      },
    ],
  },
  {
    id: "SEL-SELECT",
    statement:
      "select ignores nfds; every set NULL or empty is WSAEINVAL; an entry that is not a socket is WSAENOTSOCK with the sets unchanged; otherwise each set is rewritten to its ready members (readable: data, a queued connection, a FIN or a reset; writable: a send would not block, a connect completed, or a reset; except: urgent data with SO_OOBINLINE off, or a failed connect) and the count of (socket, set) pairs is returned, 0 at the timeout.",
    source: "select page (E1-E8); Wine sock.c test_select (facts 103-118).",
    links: [
      {
        title: "select function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-select",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
    ],
  },
  {
    id: "SEL-CLOSED",
    statement:
      "A socket whose last descriptor is closed while select waits on it counts as readable in readfds; if it was only in exceptfds, select fails with WSAENOTSOCK and every set comes back empty (a select that fails when called leaves its sets unchanged).",
    source:
      "Wine sock.c test_select (observed facts 75-77; fact 77 asserts the socket is no longer in exceptfds). Wine 8.0 conformance runs: the failed wait empties readfds, writefds and exceptfds, with idle sockets, or the peer the close made readable, beside the closed one.",
    windows:
      "Windows asserts only that the closed socket is not left in exceptfds (fact 77, not todo_wine); that the other sets are emptied too follows Wine 8.0, whose select clears every set before adding what the completed poll reported.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select: select with only the except descriptor, closed by another thread (line 4872)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4872",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, select (line 2752)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L2752",
      },
    ],
  },
  {
    id: "SEL-POLL",
    statement:
      "WSAPoll: (NULL, 0) is WSAEINVAL and (NULL, n) WSAEFAULT; an entry that is no socket gets POLLNVAL and does not count, and if no entry is a socket the call fails with WSAENOTSOCK (every revents POLLNVAL) whatever the flags; otherwise only POLLRDNORM, POLLRDBAND and POLLWRNORM may be requested, on every entry whose fd is not negative (WSAEINVAL, every revents 0); an entry with a negative fd is ignored, its flags unchecked; revents reports POLLRDNORM for data or a queued connection, POLLRDBAND for urgent data, POLLWRNORM when writable, POLLHUP after a FIN, POLLERR with POLLHUP after a reset or a failed connect; a socket closed during the wait gets POLLNVAL and counts.",
    source:
      "WSAPoll and WSAPOLLFD pages (E10-E14); Wine sock.c test_WSAPoll (facts 79, 85, 96, 119). Order of the checks (fact 119, not todo_wine): [-1 POLLERR, listener POLLIN] returns 0, last error 0, POLLNVAL then 0; [-1 POLLERR, 0xabacab POLLERR] fails with WSAENOTSOCK, both POLLNVAL; [listener POLLIN, 0xabacab POLLERR] fails with WSAEINVAL, both revents 0 (the listener's 0 not todo_wine).",
    windows:
      "The current WSAPoll page says a FIN is POLLRDNORM (E13); Windows reports POLLHUP (fact 96, todo_wine). The page's POLLNVAL-versus-zero contradiction for negative fds (X12) is decided by fact 119: POLLNVAL. The page's 'a negative fd is ignored' also holds for the flags: a -1 entry with POLLERR does not fail the call, while a bogus non-negative handle with POLLERR does. Which tells the two apart, the sign or something else about -1, is inferred: Windows asserts -1 and 0xabacab only. Wine 8.0 checks no flags (cause wine-poll-flags-unchecked).",
    links: [
      {
        title: "WSAPoll function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsapoll",
      },
      {
        title: "WSAPOLLFD structure (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/ns-winsock2-wsapollfd",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSAPoll (line 8144)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L8144",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSAPoll: invalid entries with POLLERR (line 8211)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L8211",
      },
    ],
  },
  {
    id: "SEL-AGREE",
    statement:
      "select and WSAPoll read the same conditions: a socket is in readfds exactly when WSAPoll would report POLLRDNORM, POLLHUP or POLLERR, in writefds exactly when POLLWRNORM, in exceptfds exactly when POLLRDBAND, except after a failed connect, which is in exceptfds only while WSAPoll reports POLLWRNORM, POLLHUP and POLLERR; neither changes any state, and neither consumes a recorded event.",
    source:
      "select and WSAPoll pages (E4-E6, E13); Wine sock.c test_select_after_WSAEventSelect (fact 69: a poll does not signal the event again); select page (E9: select is not a re-enabling function). Failed connect: Wine sock.c test_select and test_errors (observed fact 117: exceptfds set, select(writefds) 0) and test_WSAPoll (POLLWRNORM|POLLHUP|POLLERR).",
    windows:
      "The select and WSAPoll pages suggest the two always agree; after a failed connect Windows reports the socket writable to WSAPoll and not to select (fact 117 against test_WSAPoll), and the simulator follows Windows.",
    links: [
      {
        title: "select function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-select",
      },
      {
        title: "WSAPoll function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsapoll",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select_after_WSAEventSelect (line 14189)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14189",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_errors (line 4133)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4133",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSAPoll (line 8144)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L8144",
      },
    ],
  },
  {
    id: "PROC-INHERIT",
    statement:
      "CreateProcess with bInheritHandles TRUE gives the child every handle of the parent whose HANDLE_FLAG_INHERIT is set, at the same value, still inheritable, naming the same object; with FALSE the child inherits nothing. Each inherited handle is one more reference to its socket or event. The child's Winsock knows nothing yet: it must call WSAStartup before a Winsock call on an inherited socket succeeds (START-REQUIRED), and then uses the socket like its own.",
    source:
      "Inheritance (Processes and Threads) page: an inherited handle has the same value and access rights in the child and refers to the same object; CreateProcess page (bInheritHandles); Microsoft Knowledge Base article 150523, 'Socket inheritance on different Windows platforms' (archived at https://ftp.zx.net.nz/pub/archive/ftp.microsoft.com/MISC/KB/en-us/150/523.HTM): socket handles are inheritable by default on Windows NT and later, and its sample child calls WSAStartup and then uses the inherited socket; scrcpy issue 2779 and PR 2783 (a listening socket inherited by an unrelated child kept its port after the parent closed it). A Wine 8.0 probe (docs/handles.md) agrees on the handle table: same values, flags kept, a non-inheritable handle absent, an inherited event shared, the inherited listener still accepting.",
    windows:
      "The values the child's own new handles get are not documented. The simulator hands out the values below the parent's highest that the child did not inherit, lowest first, then new ones. Wine 8.0 lets the child call getsockname on an inherited socket before WSAStartup; Windows' ws2_32 fails every call before WSAStartup (observed fact 144), which the simulator follows.",
    links: [
      {
        title: "Inheritance (Processes and Threads), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/procthread/inheritance",
      },
      {
        title: "CreateProcessA function (processthreadsapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessa",
      },
      {
        title:
          "scrcpy PR 2783: Inherit only specific handles on Windows (the server socket inherited by adb)",
        url: "https://github.com/Genymobile/scrcpy/pull/2783",
      },
    ],
  },
  {
    id: "HANDLE-INHERIT-FLAG",
    statement:
      "A handle's HANDLE_FLAG_INHERIT is per handle, not per object. socket() and WSASocket make inheritable handles unless WSASocket is given WSA_FLAG_NO_HANDLE_INHERIT; accept makes inheritable handles; WSACreateEvent makes handles that are not inheritable; WSASocket from a WSAPROTOCOL_INFO follows its own dwFlags; DuplicateHandle takes the flag from bInheritHandle; an inherited handle keeps it.",
    source:
      "WSASocketW page (dwFlags, WSA_FLAG_NO_HANDLE_INHERIT, Windows 7 SP1 and later; A11) and WSACreateEvent page (the event is not inheritable; A11); Inheritance page; DuplicateHandle page (bInheritHandle); Wine 8.0 afd.c test_open_device, run on Windows, expects a socket() handle's attributes to be OBJ_INHERIT (todo_wine there: Wine differed). The WSASocket page says GetHandleInformation 'will return that HANDLE_FLAG_INHERIT is set' for a socket made with WSA_FLAG_NO_HANDLE_INHERIT, the opposite of the flag's meaning (X2): the simulator follows the meaning, which Python (PEP 446), libuv and Zig's standard library rely on, and which a Wine 8.0 probe shows (flags 0).",
    windows:
      "Whether accept's handle copies the listener's WSA_FLAG_NO_HANDLE_INHERIT is not documented; the simulator makes it inheritable, as socket() does, and Python's socket module clears the flag itself after accept for that reason.",
    links: [
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
      {
        title: "WSACreateEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsacreateevent",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/afd.c, test_open_device (line 130: a socket handle is OBJ_INHERIT on Windows)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/afd.c#L130",
      },
    ],
  },
  {
    id: "HANDLE-INFO",
    statement:
      "GetHandleInformation reports a handle's flags, HANDLE_FLAG_INHERIT (1) and HANDLE_FLAG_PROTECT_FROM_CLOSE (2); SetHandleInformation sets the flags selected by dwMask to their value in dwFlags, leaves the others, and ignores every other bit. Both work on any handle of the calling process, socket or event, whether or not it called WSAStartup, and fail with ERROR_INVALID_HANDLE (6) for a value that is no handle of the process. CloseHandle closes any handle of the process without WSAStartup; on a handle with HANDLE_FLAG_PROTECT_FROM_CLOSE it, and WSACloseEvent, fail with ERROR_INVALID_HANDLE and the handle stays; DuplicateHandle with DUPLICATE_CLOSE_SOURCE leaves such a source open, and its copy starts without the flag. The pseudo handles (HANDLE)-1 and (HANDLE)-2 close nothing and succeed.",
    source:
      "GetHandleInformation and SetHandleInformation pages (the two flags, the mask, 'socket' among the handle types they accept); CloseHandle page; ZwClose page (STATUS_HANDLE_NOT_CLOSABLE for a handle that may not be closed); GetCurrentProcess and GetCurrentThread pages (closing a pseudo handle has no effect). A Wine 8.0 probe (docs/handles.md) agrees on each point: unknown mask bits ignored, a protected handle refused by CloseHandle and WSACloseEvent with error 6 and kept, a protected source kept by DUPLICATE_CLOSE_SOURCE while the copy is made.",
    windows:
      "What closesocket does with a protected handle is not documented and no test run on Windows checks it; the simulator closes it, as the provider's close is not CloseHandle (Wine 8.0 answers 0 with last error 6 and keeps the handle, a path through its own socket list). What GetHandleInformation does with a NULL lpdwFlags is not documented; Wine 8.0's kernelbase returns TRUE and writes nothing, and the simulator does the same; an unwritable lpdwFlags fails with ERROR_NOACCESS (998).",
    links: [
      {
        title: "GetHandleInformation function (handleapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-gethandleinformation",
      },
      {
        title: "SetHandleInformation function (handleapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-sethandleinformation",
      },
      {
        title: "CloseHandle function (handleapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle",
      },
      {
        title: "ZwClose function (wdm.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/wdm/nf-wdm-zwclose",
      },
      {
        title:
          "Wine 8.0, dlls/ntdll/tests/error.c, run_error_tests (line 225: STATUS_HANDLE_NOT_CLOSABLE is ERROR_INVALID_HANDLE)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/error.c#L225",
      },
      {
        title:
          "Wine 8.0, dlls/kernel32/tests/process.c, test_DuplicateHandle (lines 2450-2460: a protected source survives DUPLICATE_CLOSE_SOURCE, the copy is not protected)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/kernel32/tests/process.c#L2450-2460",
      },
    ],
  },
  {
    id: "HANDLE-DUPLICATE",
    statement:
      "DuplicateHandle makes a new handle, in the target process (which may be the caller's own), to the object the source handle names, with HANDLE_FLAG_INHERIT from bInheritHandle, and writes its value to lpTargetHandle (a NULL lpTargetHandle still makes the handle, and its value is lost; an unwritable one fails with ERROR_NOACCESS). DUPLICATE_CLOSE_SOURCE closes the source handle, even when the call fails; with it the target may be NULL, and then nothing is made; a same-process copy that closes its source takes the source's value. A source handle or process that does not exist fails with ERROR_INVALID_HANDLE and lpTargetHandle is set to 0. A copy of a socket handle is a socket to Winsock: send, select and closesocket work on it, closesocket on the copy leaves the original usable, and the socket lives until every handle is closed.",
    source:
      "DuplicateHandle page (parameters; DUPLICATE_CLOSE_SOURCE 'regardless of any error status'; NULL lpTargetHandle; NULL target with DUPLICATE_CLOSE_SOURCE); Wine 8.0 kernel32 process.c test_DuplicateHandle and ntdll om.c test_duplicate_object, run on Windows (same value for a same-process close-source copy; NULL output accepted; a bad output pointer is an access violation; an invalid source leaves 0); Wine 11.13 sock.c test_send and test_select, run on Windows (observed facts 25 and 106: a same-process copy works for send, sendto, WSASend and select; closesocket on the copy returns 0 and the original stays usable; the tests are newer than Wine 8.0); Wine 8.0 sock.c test_WSAGetOverlappedResult (a copy is not a socket to WSAGetOverlappedResult).",
    windows:
      "The Winsock pages warn against it: with a layered (non-IFS) provider the copy may not be usable, and WSADuplicateSocket is the supported way (A12, X21); the simulator models the base provider, where the copy works. Windows rejects a copy in WSAGetOverlappedResult (WSAENOTSOCK), which the simulator does not have yet. Wine 8.0 rejects copies in send, closesocket, getpeername and getsockopt (its ws2_32 checks a per-process list: dlls/ws2_32/socket.c, closesocket and WS2_sendto): a Wine deviation, listed in harness/wine-deviations.json.",
    links: [
      {
        title: "DuplicateHandle function (handleapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle",
      },
      {
        title: "Socket Handles (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/socket-handles-2",
      },
      {
        title:
          "Wine 8.0, dlls/kernel32/tests/process.c, test_DuplicateHandle (lines 2434-2448: a same-process DUPLICATE_CLOSE_SOURCE copy has the source's value)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/kernel32/tests/process.c#L2434-2448",
      },
      {
        title:
          "Wine 8.0, dlls/ntdll/tests/om.c, test_duplicate_object (lines 2197-2209: NULL output, bad output pointer, invalid source)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/om.c#L2197-2209",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSAGetOverlappedResult (lines 12509-12514: WSAGetOverlappedResult on a DuplicateHandle copy fails with WSAENOTSOCK)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L12509-12514",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/socket.c, closesocket (lines 1204-1207: a handle not in Wine's socket list is WSAENOTSOCK)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L1204-1207",
      },
    ],
  },
  {
    id: "HANDLE-SHARED-OBJECT",
    statement:
      "Handles made by inheritance or DuplicateHandle name the same kernel object as the handle they came from: an event set or reset through one is set or reset for all, in every process, and a thread waiting on it through any of them wakes; the object lives until its last handle is closed.",
    source:
      "DuplicateHandle page ('The duplicate handle refers to the same object as the original handle. Therefore, any changes to the object are reflected through both handles'); Inheritance page; CloseHandle page (an object is destroyed when its last handle is closed).",
    links: [
      {
        title: "DuplicateHandle function (handleapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle",
      },
      {
        title: "Inheritance (Processes and Threads), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/procthread/inheritance",
      },
    ],
  },
  {
    id: "LIFE-ANY-ORIGIN",
    statement:
      "A socket lives exactly as long as some handle in some process names it, however that handle was made: socket, accept, WSADuplicateSocket (claimed or not), inheritance or DuplicateHandle. Closing the parent's handle of a listening socket that a child inherited leaves the socket listening and its port bound until the child closes its handle or exits.",
    source:
      "closesocket page (the socket is closed when its last descriptor is; A3); Microsoft KB150523 (inherited socket handles are the same socket); scrcpy issue 2779 (the port stayed in use while the adb child held the inherited listener); Stack Overflow question 12058911 (https://stackoverflow.com/questions/12058911: close the socket in the parent, the child still holds it, the port cannot be bound again); a Wine 8.0 probe (docs/handles.md): with the child alive, bind to the port fails with WSAEADDRINUSE and connect succeeds; after it exits, bind succeeds and connect is refused.",
    links: [
      {
        title: "closesocket function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-closesocket",
      },
      {
        title: "scrcpy issue 2779: server socket inherited by a child process",
        url: "https://github.com/Genymobile/scrcpy/issues/2779",
      },
    ],
  },
  {
    id: "IO-PENDING",
    statement:
      "WSARecv and WSASend given an OVERLAPPED on a socket created for overlapped I/O (socket() always, WSASocket with WSA_FLAG_OVERLAPPED) never block, whatever the socket's blocking mode. When they cannot complete at once they return SOCKET_ERROR with WSA_IO_PENDING (997): the OVERLAPPED's Internal is STATUS_PENDING (0x103), its event is reset, and the operation waits on the underlying socket, served in the order it was issued, together with blocked calls, when data (WSARecv) or room (WSASend) arrives. An overlapped WSASend takes all its bytes: it never fails for lack of buffer space. Without an OVERLAPPED the calls are recv and send over several buffers, blocking or failing with WSAEWOULDBLOCK as the mode says.",
    source:
      "Wine 8.0 test_nonblocking_async_recv, run on Windows: on a non-blocking socket, WSARecv without an OVERLAPPED fails with WSAEWOULDBLOCK; with one it returns -1/ERROR_IO_PENDING, Internal is STATUS_PENDING and InternalHigh untouched, the event (set by the previous completion) is unsignalled, and a later send completes it with the data. WSARecv and WSASend pages (overlapped operations; WSA_IO_PENDING); Socket attribute flags and modes page: the overlapped attribute and the blocking mode are independent (A10).",
    windows:
      "With a socket that is not overlapped (WSASocket without WSA_FLAG_OVERLAPPED) an OVERLAPPED does not make the call return early: see IO-NOT-OVERLAPPED.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_nonblocking_async_recv (lines 12575-12720)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L12575-12720",
      },
      {
        title: "WSARecv function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecv",
      },
      {
        title: "WSASend function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasend",
      },
    ],
  },
  {
    id: "IO-IMMEDIATE",
    statement:
      "An overlapped WSARecv or WSASend that can complete when it is made returns 0 and writes the byte count to lpNumberOfBytesRecvd/lpNumberOfBytesSent; the operation is nevertheless complete in the ordinary way: its OVERLAPPED holds STATUS_SUCCESS and the count, and its event is set. A receive that finds data takes it at once.",
    source:
      "WSARecv page: 'If no error occurs and the receive operation has completed immediately, WSARecv returns zero... the completion routine will have already been scheduled... [and] the event object specified in the overlapped structure is signaled'. Wine 8.0 test_nonblocking_async_recv, run on Windows: with data already waiting, WSARecv usually returns 0, the event is signalled and GetOverlappedResult gives the bytes.",
    windows:
      "The Wine test accepts ERROR_IO_PENDING as well when data is waiting ('usually this does return 0 (but not reliably)'); the simulator always completes at once.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_nonblocking_async_recv, data already waiting (lines 12655-12668)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L12655-12668",
      },
      {
        title: "WSARecv function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecv",
      },
    ],
  },
  {
    id: "IO-NOT-OVERLAPPED",
    statement:
      "WSARecv or WSASend given an OVERLAPPED on a socket created without WSA_FLAG_OVERLAPPED starts an operation like the overlapped form (the OVERLAPPED, the event and the buffers are written when it completes), but the calling thread waits for that operation, whatever the socket's blocking mode, and the call returns 0 once it has completed (or SOCKET_ERROR with its error). An operation that can complete at once returns 0 at once.",
    source:
      "Wine 8.0 test_nonblocking_async_recv, run on Windows: 'With a non-overlapped socket, WSARecv() always blocks when passed an overlapped structure, but returns WSAEWOULDBLOCK otherwise'; on a non-blocking socket made by WSASocket with flags 0, a thread's WSARecv with an OVERLAPPED is still waiting after 200 ms, returns 0 after the peer's send, and GetOverlappedResult then gives the 4 bytes (nonblocking_async_recv_thread).",
    windows: "Observed for WSARecv; the simulator treats WSASend the same way.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, nonblocking_async_recv_thread and the non-overlapped part of test_nonblocking_async_recv (lines 12552-12720)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L12552-12720",
      },
    ],
  },
  {
    id: "IO-RESULT",
    statement:
      "WSAGetOverlappedResult reads the OVERLAPPED: a NULL lpOverlapped is WSA_INVALID_PARAMETER; a handle that is not a socket of this process's Winsock (an unknown value, a DuplicateHandle copy) is WSAENOTSOCK; Internal = STATUS_PENDING is FALSE with WSA_IO_INCOMPLETE when fWait is FALSE, and a wait for the operation when it is TRUE; any other Internal is the answer: TRUE for a success status, FALSE for a warning or error, the byte count (InternalHigh) and flags (Offset) written either way, and the error Windows' status table gives (STATUS_CANCELLED is WSA_OPERATION_ABORTED, STATUS_CONNECTION_RESET WSAECONNRESET, STATUS_BUFFER_OVERFLOW WSAEMSGSIZE, an unlisted failure WSAEINVAL; STATUS_SUCCESS sets 0).",
    source:
      "Wine 8.0 test_WSAGetOverlappedResult (run on Windows): an invalid socket and a DuplicateHandle copy are WSAENOTSOCK; every status of eight ranges is written to Internal and the result and error compared with map_status, Windows' table. WSAGetOverlappedResult page (fWait; WSA_IO_INCOMPLETE).",
    windows:
      "For a success status that is not in the table Windows sets the error RtlNtStatusToDosError gives (Windows 10 1809 and later; 0 before); the simulator sets 0. A wait with fWait on an OVERLAPPED whose Internal the program set to STATUS_PENDING itself, with no operation behind it, would never end on Windows; the simulator answers WSA_IO_INCOMPLETE.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, map_status and test_WSAGetOverlappedResult (lines 12396-12544)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L12396-12544",
      },
      {
        title: "WSAGetOverlappedResult function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsagetoverlappedresult",
      },
    ],
  },
  {
    id: "IO-ARGS",
    statement:
      "WSARecv and WSASend check, after the socket: lpBuffers must be readable (WSAEFAULT), lpOverlapped readable when given (WSAEFAULT), WSARecv's lpFlags readable (WSAEFAULT), and WSASend without an OVERLAPPED needs lpNumberOfBytesSent (WSAEFAULT). An hEvent that names no event object fails the call with WSAENOTSOCK, the error Windows' status table gives for STATUS_INVALID_HANDLE. The two low bits of hEvent are tag bits (hEvent | 1 asks for no completion-port packet) and are ignored when the event is found. A failed call starts nothing and changes nothing.",
    source:
      "WSARecv and WSASend pages (WSAEFAULT: 'The lpBuffers, lpFlags, lpNumberOfBytesRecvd, lpOverlapped, or lpCompletionRoutine parameter is not totally contained in a valid part of the user address space'); Wine 8.0 dlls/ws2_32/socket.c WS2_sendto (lpNumberOfBytesSent NULL without an OVERLAPPED is WSAEFAULT); the status table of Wine's map_status (run on Windows) for STATUS_INVALID_HANDLE; GetQueuedCompletionStatus page on the low-order bit of hEvent.",
    windows:
      "Which error Windows gives for a bad hEvent is inferred from the status table, not observed.",
    links: [
      {
        title: "WSARecv function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsarecv",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, WS2_sendto (lines 988-1055)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L988-1055",
      },
    ],
  },
  {
    id: "IO-LAST-CLOSE",
    statement:
      "An overlapped operation belongs to the underlying socket, not to the descriptor it was issued through: closing a descriptor while another descriptor of the socket stays open (in this or another process) leaves the operation pending, and it can still complete. When the socket's last descriptor closes, every operation pending on it completes exactly once, bytes 0, its event set and its packet queued: a receive or send on a connection with STATUS_CONNECTION_ABORTED (WSAECONNABORTED from WSAGetOverlappedResult, ERROR_CONNECTION_ABORTED from GetQueuedCompletionStatus), any other operation with STATUS_CANCELLED (WSA_OPERATION_ABORTED, 995).",
    source:
      "Observed facts 11-13 (Wine 8.0 test_completion_port, run on Windows; the line numbers of the facts list are another release's): an AcceptEx pending on a WSADuplicateSocket copy gives no completion when either descriptor alone is closed, and exactly one ERROR_OPERATION_ABORTED packet, Internal STATUS_CANCELLED, when the last one closes; fact 84 for a listener's own AcceptEx. closesocket page: pending overlapped operations complete with WSA_OPERATION_ABORTED and their completion actions run (B6). Wine 8.0 iocp_async_read_closesocket, run on Windows: a WSARecv pending on a connected socket when closesocket closes its only descriptor completes on the port with ERROR_CONNECTION_ABORTED, 0 bytes, Internal STATUS_CONNECTION_ABORTED (ERROR_NETNAME_DELETED / STATUS_LOCAL_DISCONNECT on XP; todo_wine: Wine differs), and no FD_CLOSE message is posted (observed fact 71).",
    windows:
      "The closesocket page limits the cancellation to operations 'issued by any thread in this process' and does not speak of shared sockets (X7); Windows' behaviour with duplicated descriptors, which the simulator follows, is the observed one. Facts 11-13 are observed with AcceptEx; the simulator applies the same to WSARecv and WSASend, which AFD queues on the same socket.",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_completion_port, AcceptEx on a duplicated socket (lines 10476-10610)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10476-10610",
      },
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, iocp_async_read_closesocket (lines 11456-11596)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L11456-11596",
      },
    ],
  },
  {
    id: "IO-THREAD-EXIT",
    statement:
      "When a thread exits (ExitThread, or its process ending), the overlapped operations it issued that are still pending complete with STATUS_CANCELLED, their events set, except those a completion port takes over: an operation with no event, no low bit in hEvent and a socket associated with a port outlives its thread. Operations other threads issued on the same socket continue.",
    source:
      "Wine 8.0 afd.c test_async_thread_termination (run on Windows): 'asyncs without completion port are always cancelled on thread exit': for every combination of event and APC, the pending operation's status is STATUS_CANCELLED and its event signalled after the issuing thread exits or is terminated; with a port, the operation is cancelled unless it has an APC context (Winsock's lpOverlapped) and no event.",
    windows:
      "Observed fact 73 (Wine 8.0 test_completion_port family, run on Windows): a WSARecv on a socket associated with a port, issued by a thread that then exits, completes later with the data.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/afd.c, test_async_thread_termination (lines 2473-2600)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/afd.c#L2473-2600",
      },
    ],
  },
  {
    id: "IO-CLEANUP",
    statement:
      "The process's last WSACleanup cancels its pending overlapped operations without completion actions: their status becomes STATUS_CANCELLED but their events are not set; then its sockets are closed as closesocket would.",
    source:
      "WSACleanup page: 'pending overlapped operations (WSASend/WSASendTo/WSARecv/WSARecvFrom with an overlapped socket) issued by any thread in this process are also canceled... without setting the event object or invoking the completion routine, if specified' (G4; X5 notes that the closesocket page now says the opposite for closesocket).",
    windows: "Documented only; no Windows test observes it.",
    links: [
      {
        title: "WSACleanup function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsacleanup",
      },
    ],
  },
  {
    id: "IO-FD-READ",
    statement:
      "Data that arrives while an overlapped receive is pending on the socket goes to that receive and is not reported as FD_READ; data the receive leaves, or data that arrives when no receive is pending, is reported as usual. A WSARecv re-enables FD_READ and FD_OOB like recv (also when it is left pending), a WSASend FD_WRITE like send.",
    source:
      "Observed fact 60 (Wine 8.0 test_read_events, run on Windows): data taken by a pending overlapped WSARecv gives no FD_READ; the next send gives FD_READ. WSAEventSelect page: WSARecv re-enables FD_READ and FD_OOB, WSASend FD_WRITE.",
    windows:
      "That FD_READ is recorded for bytes a completed receive left behind is an inference (AFD reports readable data when no receive is queued).",
    links: [
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_read_events, a pending WSARecv takes the data (lines 6672-6697)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L6672-6697",
      },
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
    ],
  },
  {
    id: "PORT-CREATE",
    statement:
      "CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, ...) makes a new port and returns a handle to it (not inheritable). With a socket and ExistingCompletionPort NULL it makes a new port and associates the socket with it; with a socket and a port handle it associates the socket with that port and returns that same handle. A socket is associated with one port only: a second association fails with ERROR_INVALID_PARAMETER (87), as does INVALID_HANDLE_VALUE with a non-NULL port; a FileHandle that is not a socket, or an ExistingCompletionPort that is not a port, fails with ERROR_INVALID_HANDLE (6). A failure returns NULL and changes nothing. A port is a kernel object: its handles can be inherited and duplicated, and the last CloseHandle destroys it with its packets.",
    source:
      "CreateIoCompletionPort page (the four uses of the function; 'a handle can be associated with only one I/O completion port'); Wine 8.0 test_completion_port, run on Windows, makes its ports both ways (INVALID_HANDLE_VALUE then sockets with key 125, and a socket with NULL).",
    windows:
      "The error for a second association is not documented; 87 is the simulator's choice (the file-system call that associates answers STATUS_INVALID_PARAMETER). NumberOfConcurrentThreads is accepted and not modelled.",
    links: [
      {
        title: "CreateIoCompletionPort function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-createiocompletionport",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_completion_port (lines 10073-10880)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10073-10880",
      },
    ],
  },
  {
    id: "PORT-ASSOCIATE",
    statement:
      "The association with a port, and its completion key, belong to the underlying socket: an operation issued through any descriptor of the socket, in any process, completes on the port the socket was associated with, with that key. The association in force when the operation completes counts, so an operation issued before the association still queues its packet.",
    source:
      "Observed fact 10 (Wine 8.0 test_completion_port, run on Windows): an AcceptEx pending on a WSADuplicateSocket copy completes on the port associated through the original, with the original's key 125. Observed fact 84: the packet comes also when the socket was associated after AcceptEx was issued.",
    windows: "Observed with AcceptEx; the simulator applies the same to WSARecv and WSASend.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_completion_port (lines 10073-10880)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10073-10880",
      },
    ],
  },
  {
    id: "PORT-PACKET",
    statement:
      "Every overlapped operation that completes with its completion actions queues exactly one packet on its socket's port, if the socket has one: the key, the byte count, the OVERLAPPED's pointer and the operation's status. This includes operations that complete at once (WSARecv returning 0) and cancellations by the last close or a thread's exit. An operation that fails when it is made (for example after a reset) queues none, and neither do operations WSACleanup cancels.",
    source:
      "I/O Completion Ports page (a completion packet for each completed I/O on an associated handle); GetQueuedCompletionStatus page; observed facts 11-13 and 84 (one ERROR_OPERATION_ABORTED packet at the last close), 86 (an overlapped WSASend or WSARecv that fails at once after a reset queues no packet) and 88 (an overlapped WSARecv that succeeds at once after a graceful close still queues a packet), all from Wine 8.0 test_completion_port, run on Windows.",
    windows:
      "Without FILE_SKIP_COMPLETION_PORT_ON_SUCCESS a synchronous success queues a packet on Windows too; with it, none (SetFileCompletionNotificationModes, rule DGIO-SKIP-PORT).",
    links: [
      {
        title: "I/O Completion Ports, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/fileio/i-o-completion-ports",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_completion_port (lines 10073-10880)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L10073-10880",
      },
    ],
  },
  {
    id: "PORT-NO-PACKET",
    statement:
      "An OVERLAPPED whose hEvent has its low bit set asks for no completion packet: the operation completes, sets its event (hEvent without that bit) and writes its OVERLAPPED, but queues nothing on the port; and since no port takes it over, its thread's exit cancels it.",
    source:
      "GetQueuedCompletionStatus page: 'a valid event handle whose low-order bit is set keeps I/O completion from being queued to the completion port'; Wine 8.0 dlls/ws2_32/socket.c WS2_recv_base passes no APC context when the bit is set, and afd.c test_async_thread_termination (run on Windows) shows an operation without APC context cancelled at its thread's exit even with a port.",
    links: [
      {
        title: "GetQueuedCompletionStatus function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getqueuedcompletionstatus",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/afd.c, test_async_thread_termination (lines 2473-2600)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/afd.c#L2473-2600",
      },
    ],
  },
  {
    id: "PORT-DEQUEUE",
    statement:
      "GetQueuedCompletionStatus first sets *lpOverlapped to NULL, then takes the oldest packet of the port: TRUE for a packet whose status is a success, FALSE for a failed operation's packet with GetLastError set to the status's Win32 error (STATUS_CANCELLED: ERROR_OPERATION_ABORTED 995; STATUS_CONNECTION_RESET: ERROR_NETNAME_DELETED 64; STATUS_BUFFER_OVERFLOW: ERROR_MORE_DATA 234), the count, key and OVERLAPPED written either way. With no packet it fails with WAIT_TIMEOUT (258) at once for dwMilliseconds 0, and otherwise waits for a packet until the timeout (INFINITE never times out). A wait whose port's last handle is closed ends with ERROR_ABANDONED_WAIT_0 (735). A handle that is not a port is ERROR_INVALID_HANDLE.",
    source:
      "GetQueuedCompletionStatus page (return values, WAIT_TIMEOUT, ERROR_ABANDONED_WAIT_0); RtlNtStatusToDosError's mapping as Wine 8.0's ntdll tests check it on Windows (dlls/ntdll/tests/error.c, run_error_tests: STATUS_CANCELLED line 509, STATUS_CONNECTION_RESET line 734, STATUS_BUFFER_OVERFLOW line 189); observed facts 11 and 86 (ERROR_OPERATION_ABORTED, ERROR_NETNAME_DELETED from GetQueuedCompletionStatus).",
    links: [
      {
        title: "GetQueuedCompletionStatus function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getqueuedcompletionstatus",
      },
      {
        title: "Wine 8.0, dlls/ntdll/tests/error.c, run_error_tests (lines 123-1000)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/tests/error.c#L123-1000",
      },
    ],
  },
  {
    id: "PORT-POST",
    statement:
      "PostQueuedCompletionStatus queues a packet with the caller's count, key and OVERLAPPED pointer and a success status, in order with the other packets; a handle that is not a port fails with ERROR_INVALID_HANDLE.",
    source: "PostQueuedCompletionStatus page.",
    links: [
      {
        title: "PostQueuedCompletionStatus function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-postqueuedcompletionstatus",
      },
    ],
  },
  {
    id: "PORT-LIFO",
    statement:
      "Threads waiting in GetQueuedCompletionStatus on one port are released last in, first out: a packet goes to the thread that started waiting most recently.",
    source:
      "I/O Completion Ports page: 'threads that block on a completion port are released in last-in-first-out (LIFO) order'.",
    windows:
      "Documented; the simulator has one port wait per thread and no concurrency limit, so the order is the whole of it.",
    links: [
      {
        title: "I/O Completion Ports, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/fileio/i-o-completion-ports",
      },
    ],
  },
  {
    id: "IO-CANCEL",
    statement:
      "CancelIo(h) cancels the pending operations the calling thread issued on the socket h names and returns TRUE, even when there are none. CancelIoEx(h, lpOverlapped) cancels the pending operations this process issued on the socket, whichever thread issued them and through whichever descriptor, or only the one issued with lpOverlapped, and returns FALSE with ERROR_NOT_FOUND (1168) when nothing matched. A cancelled operation completes with STATUS_CANCELLED (WSA_OPERATION_ABORTED) like any other: its OVERLAPPED written, its event set, its packet queued. Other processes' operations on the socket are untouched. A handle that is not a socket is ERROR_INVALID_HANDLE.",
    source:
      "CancelIo page ('cancels all pending input and output (I/O) operations that are issued by the calling thread for the specified file'); CancelIoEx page ('only cancels I/O operations in the current process, regardless of which thread created the I/O operation'; ERROR_NOT_FOUND when no operation is found; completion with ERROR_OPERATION_ABORTED, and the completion notification still happens).",
    windows:
      "Documented; which descriptor of a shared socket the operation came through does not matter here because operations belong to the socket (IO-LAST-CLOSE), an inference for CancelIoEx from the pages' 'file handle' wording.",
    links: [
      {
        title: "CancelIo function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-cancelio",
      },
      {
        title: "CancelIoEx function (ioapiset.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func",
      },
    ],
  },
  {
    id: "IOCTL-ARGS",
    statement:
      "WSAIoctl checks its pointers before it does anything: a lpcbBytesReturned that is NULL (with or without an OVERLAPPED, for every code) or an unwritable lpOverlapped fails with WSAEFAULT; FIONBIO with a NULL input buffer fails with WSAEFAULT; FIONREAD and SIOCATMARK with a NULL output buffer or one shorter than a u_long fail with WSAEFAULT; SIO_GET_EXTENSION_FUNCTION_POINTER with an input shorter than a GUID or an output shorter than a pointer fails with WSAEFAULT. These checks write nothing: neither *lpcbBytesReturned nor the OVERLAPPED, and no packet is queued. FIONBIO with an input shorter than a u_long fails with WSAEFAULT too, but as the driver's check: without an OVERLAPPED it writes 0 to *lpcbBytesReturned. A descriptor that is not a socket is WSAENOTSOCK.",
    source:
      "Wine 8.0 test_fionbio, test_fionread_siocatmark, test_keepalive_vals, test_get_extension_func and test_unsupported_ioctls, run on Windows: NULL lpcbBytesReturned is WSAEFAULT for every code tried, with and without an OVERLAPPED; FIONREAD and SIOCATMARK with sizeof(value) - 1 fail with WSAEFAULT and leave the size at 0xdeadbeef; FIONBIO with sizeof(one) - 1 is WSAEFAULT. WSAIoctl page: WSAEFAULT when a buffer is not in the user address space 'or the cbInBuffer or cbOutBuffer parameter is too small'.",
    windows:
      "The order of these checks against the descriptor check is not observed: the simulator looks up the socket first (WSAENOTSOCK), as ws2_32 must find the provider before the provider can look at the buffers. Whether FIONBIO's short input writes 0 to *lpcbBytesReturned without an OVERLAPPED is not observed; the simulator treats it as the driver's check (IOCTL-KEEPALIVE's pattern) and writes 0.",
    links: [
      {
        title: "WSAIoctl function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaioctl",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark (lines 5071-5293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5071-5293",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionbio (lines 5295-5393)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5295-5393",
      },
    ],
  },
  {
    id: "IOCTL-SOCKET-MODES",
    statement:
      "WSAIoctl takes ioctlsocket's FIONBIO, FIONREAD and SIOCATMARK with the same effects on the socket (NET-IOCTL, EVT-NONBLOCKING) and its own buffer conventions. FIONBIO reads a u_long from lpvInBuffer (a longer cbInBuffer is accepted), ignores the output buffer entirely, and writes 0 to *lpcbBytesReturned, also when it refuses to go back to blocking under WSAEventSelect (WSAEINVAL). FIONREAD and SIOCATMARK write their u_long to lpvOutBuffer and 4 to *lpcbBytesReturned. A success sets the last error to 0.",
    source:
      "Wine 8.0 test_fionbio, run on Windows: success with size 0, with sizeof(one) + 1, and with an output buffer of PAGE_NOACCESS memory; after WSAEventSelect, FIONBIO 0 fails with WSAEINVAL and size 0 (todo_wine: Wine leaves the size). test_fionread_siocatmark: size == sizeof(value) and WSAGetLastError() == 0 after success; the values follow ioctlsocket's.",
    windows:
      "Observed through Wine's tests on Windows; under Wine a refused FIONBIO leaves *lpcbBytesReturned unwritten (harness/wine-deviations.json).",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionbio (lines 5295-5393)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5295-5393",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark (lines 5071-5293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5071-5293",
      },
      {
        title: "Winsock IOCTLs, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/winsock-ioctls",
      },
    ],
  },
  {
    id: "IOCTL-EXTENSION",
    statement:
      "SIO_GET_EXTENSION_FUNCTION_POINTER takes a GUID in lpvInBuffer and writes the function's pointer to lpvOutBuffer and sizeof(void *) (8 on x64) to *lpcbBytesReturned, for the mswsock.h GUIDs WSAID_ACCEPTEX, WSAID_CONNECTEX, WSAID_DISCONNECTEX, WSAID_GETACCEPTEXSOCKADDRS, WSAID_TRANSMITFILE, WSAID_TRANSMITPACKETS, WSAID_WSARECVMSG and WSAID_WSASENDMSG. Any other GUID fails with WSAEINVAL and writes nothing: not *lpcbBytesReturned, not the OVERLAPPED's Internal or InternalHigh, and no completion packet is queued. The simulator writes a stable name for the function (\"AcceptEx\", ...) where Windows writes an address.",
    source:
      "Wine 8.0 test_get_extension_func, run on Windows: WSAID_ACCEPTEX succeeds with size == sizeof(func) (also with an OVERLAPPED); the GUID {0xdeadbeef} fails with WSAEINVAL, leaves size, Internal and InternalHigh at 0xdeadbeef, and GetQueuedCompletionStatus then times out. WSAIoctl page (SIO_GET_EXTENSION_FUNCTION_POINTER); the AcceptEx, ConnectEx, DisconnectEx, GetAcceptExSockaddrs, TransmitFile, TransmitPackets, WSARecvMsg and WSASendMsg pages name their GUIDs.",
    windows:
      "Wine 8.0 has no TransmitPackets and answers WSAID_TRANSMITPACKETS with WSAEINVAL; Windows returns the pointer (TransmitPackets page: 'The function pointer for the TransmitPackets function must be obtained at run time by making a call to the WSAIoctl function with the SIO_GET_EXTENSION_FUNCTION_POINTER opcode specified').",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_get_extension_func (lines 5588-5675)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5588-5675",
      },
      {
        title: "WSAIoctl function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaioctl",
      },
      {
        title: "LPFN_TRANSMITPACKETS callback function (mswsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/mswsock/nc-mswsock-lpfn_transmitpackets",
      },
    ],
  },
  {
    id: "IOCTL-KEEPALIVE",
    statement:
      "SIO_KEEPALIVE_VALS takes a struct tcp_keepalive (onoff, keepalivetime and keepaliveinterval in milliseconds, 12 bytes) in lpvInBuffer and succeeds for any values, off or on. A NULL input or one shorter than 12 bytes fails with WSAEFAULT. Without an OVERLAPPED the call writes 0 to *lpcbBytesReturned whether it succeeds or fails; with one, it leaves *lpcbBytesReturned as it was. The simulator does not change SO_KEEPALIVE, TCP_KEEPALIVE or TCP_KEEPINTVL as getsockopt reports them.",
    source:
      "Wine 8.0 test_keepalive_vals, run on Windows: cbInBuffer 0 and a NULL input fail with WSAEFAULT and size 0; {0, 0, 0}, {1, 0, 0}, {1, 1000, 1000}, {1, 10000, 10000}, {1, 100, 100} and {0, 100, 100} succeed; with an OVERLAPPED, success leaves size at 0xdeadbeef (todo_wine: Wine writes 0) and sizeof(kalive) - 1 fails with WSAEFAULT and size left. SIO_KEEPALIVE_VALS page (the structure, milliseconds).",
    windows:
      "With an OVERLAPPED and a short input, Windows sets Internal to STATUS_PENDING and completes nothing (test_keepalive_vals, todo_wine); the simulator leaves the OVERLAPPED unwritten, as Wine does. Whether getsockopt's SO_KEEPALIVE, TCP_KEEPALIVE and TCP_KEEPINTVL reflect SIO_KEEPALIVE_VALS afterwards is neither documented nor observed; the simulator leaves them as they were.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_keepalive_vals (lines 5395-5509)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5395-5509",
      },
      {
        title: "SIO_KEEPALIVE_VALS control code, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sio-keepalive-vals",
      },
    ],
  },
  {
    id: "IOCTL-UNSUPPORTED",
    statement:
      "A control code the socket does not support (0xdeadbeef, FIOASYNC, 0x667e, SIO_FLUSH, and every code the simulator does not model) fails without an OVERLAPPED with WSAEOPNOTSUPP and writes 0 to *lpcbBytesReturned. With an OVERLAPPED it returns SOCKET_ERROR with WSA_IO_PENDING and leaves *lpcbBytesReturned, but the operation has already completed: Internal is STATUS_NOT_SUPPORTED, InternalHigh 0, the event set, and the socket's port gets a packet that GetQueuedCompletionStatus reports as FALSE with ERROR_NOT_SUPPORTED (50), the key and the OVERLAPPED.",
    source:
      "Wine 8.0 test_unsupported_ioctls, run on Windows, for the codes 0xdeadbeef, FIOASYNC, 0x667e and SIO_FLUSH.",
    windows:
      "Codes Windows supports that the simulator does not model yet (SIO_BASE_HANDLE, SIO_ADDRESS_LIST_QUERY, SIO_GET_INTERFACE_LIST, SIO_ROUTING_INTERFACE_QUERY, SIO_UDP_CONNRESET, ...) answer as unsupported here, where Windows carries them out.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_unsupported_ioctls (lines 5511-5586)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5511-5586",
      },
    ],
  },
  {
    id: "IOCTL-OVERLAPPED",
    statement:
      "With an OVERLAPPED, FIONBIO, FIONREAD, SIOCATMARK, SIO_GET_EXTENSION_FUNCTION_POINTER and SIO_KEEPALIVE_VALS complete during the call: it returns 0 with the last error 0, and the operation is complete in the ordinary way, Internal STATUS_SUCCESS and InternalHigh 0 whatever *lpcbBytesReturned says, its event set, and a packet with 0 bytes, the socket's key and the OVERLAPPED queued on the socket's port (none with hEvent's low bit set). *lpcbBytesReturned is written as without an OVERLAPPED (0, 4, 8), except for SIO_KEEPALIVE_VALS, which leaves it. With a completion routine as well (APC-ROUTINE) the operation completes during the call just the same, but the routine is queued to the calling thread in place of the event and the packet: it runs once in the thread's next alertable wait with error 0, 0 bytes and the OVERLAPPED (WSAEOPNOTSUPP for an unknown code, whose call still returns WSA_IO_PENDING), hEvent is neither set nor reset, and SIO_KEEPALIVE_VALS then writes 0 to *lpcbBytesReturned. A socket associated with a completion port refuses a routine with WSAEINVAL once the checks made before the request reaches the driver have passed (APC-ROUTINE-PORT). Without an OVERLAPPED the routine is not used.",
    source:
      "Wine 8.0 test_fionbio, test_fionread_siocatmark, test_keepalive_vals and test_get_extension_func, run on Windows: each overlapped success returns 0, then GetQueuedCompletionStatus(port, 0) returns TRUE with size 0, key 123 and the OVERLAPPED, Internal 0 and InternalHigh 0. The same tests' 'test with APCs' parts, run on Windows: on a socket without a port, WSAIoctl with the OVERLAPPED and socket_apc returns 0 (*lpcbBytesReturned 0, 4, 8; 0 for SIO_KEEPALIVE_VALS) or WSA_IO_PENDING for 0xdeadbeef, FIOASYNC, 0x667e and SIO_FLUSH (size left), then SleepEx(0, TRUE) returns WAIT_IO_COMPLETION with the routine called once, error 0 (WSAEOPNOTSUPP for the unknown codes), size 0 and the OVERLAPPED; test_fionread_siocatmark's OVERLAPPED holds an event handle already closed, and the call succeeds. Wine 8.0 ws2_32 server_ioctl_sock passes no event when a routine is given; WSAIoctl's SIO_KEEPALIVE_VALS case writes 0 to the size when there is no OVERLAPPED or a routine.",
    windows:
      "Observed for a socket associated with a port; that the event is set follows from the operation's completion as for IO-IMMEDIATE (documented for overlapped operations, not checked by these tests). That the event is left alone with a routine is the WSAIoctl page's (hEvent is ignored when lpCompletionRoutine is not NULL), not checked by these tests. The refusal on a socket with a port is observed for WSARecv only (APC-ROUTINE-PORT); Wine 8.0's server refuses the same way. A routine without an OVERLAPPED is not tried on Windows; Wine 8.0 queues it all the same.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark (lines 5071-5293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5071-5293",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_get_extension_func (lines 5588-5675)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5588-5675",
      },
      {
        title: "WSAIoctl function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaioctl",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_keepalive_vals, with an APC (lines 5489-5506)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5489-5506",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_unsupported_ioctls, with an APC (lines 5563-5581)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L5563-5581",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, server_ioctl_sock (lines 2233-2281)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L2233-2281",
      },
    ],
  },
  {
    id: "DESC-SHARED-STATE",
    statement:
      "A descriptor names an underlying socket; every piece of socket state (options, blocking mode, creation triple) lives once in that socket and is seen identically through every descriptor in every process.",
    source:
      "WSADuplicateSocket page (Remarks), 'Shared Sockets' and 'Multiple Handles to a Single Socket' (Microsoft Winsock documentation; A1, C1); confirmed on Wine 8.0 across processes: a probe (SO_RCVBUF 12345 set in one process reads back through the duplicate in another) and the conformance run of examples/scenarios/option-seen-through-duplicate.json (SO_SNDBUF; docs/conformance.md).",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "Shared Sockets (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/shared-sockets-2",
      },
      {
        title: "Multiple Handles to a Single Socket (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/multiple-handles-to-a-single-socket-2",
      },
    ],
  },
  {
    id: "DESC-NO-ACCESS-CONTROL",
    statement:
      "Winsock enforces no access control among the descriptors of a shared socket: any descriptor may change any state, and the last change wins for all of them.",
    source: "WSADuplicateSocket page and 'Shared Sockets' (Microsoft; A13).",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "Shared Sockets (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/shared-sockets-2",
      },
    ],
  },
  {
    id: "THREAD-SHARE",
    statement:
      "A descriptor is valid in every thread of the process that holds it; threads need no duplication, and a thread's exit closes nothing.",
    source:
      "WSADuplicateSocket page and 'Shared Sockets' (Microsoft; A2); Wine sock.c iocp_async_read_thread (fact 73) shows a socket outliving the thread that used it.",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "Shared Sockets (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/shared-sockets-2",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, iocp_async_read_thread (line 12301)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L12301",
      },
    ],
  },
  {
    id: "HANDLE-KIND",
    statement:
      "A value that is not a socket descriptor of the calling process (never allocated, already closed, an event handle, a handle from another process's table, or a handle WSADuplicateSocket placed but WSASocket has not claimed) fails with WSAENOTSOCK, and the call changes nothing.",
    source:
      "closesocket and getsockopt pages (WSAENOTSOCK); Wine sock.c test_valid_handle (fact 83: closesocket on an event handle fails and the handle stays valid) and test_set_getsockopt (fact 81).",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title:
          "Wine 11.13, dlls/ws2_32/tests/sock.c, test_valid_handle (added after Wine 10.0; no line: the function is in no copy that could be read)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-11.13/dlls/ws2_32/tests/sock.c",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "HANDLE-REUSE",
    statement:
      "Descriptor values are per-process handle values: non-zero multiples of 4, with sockets and events in one space; a closed value may be handed out again at once (the simulator reuses the most recently freed first).",
    source:
      "closesocket page, Remarks (a descriptor may be reused as soon as closesocket is issued; A15); Wine sock.c comment before test_iocp (fact 148: handle values are reused).",
    windows:
      "Windows does not document its reuse order, and no Wine test checks that values are multiples of 4; both are simulator choices shaped like NT handle tables. Programs must not depend on either.",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/tests/sock.c, START_TEST: the comment before test_iocp() on reused handle values (line 14461)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14461",
      },
    ],
  },
  {
    id: "LIFE-REFCOUNT",
    statement:
      "An underlying socket's reference count equals the number of handle-table entries, across all processes, that name it (including a handle WSADuplicateSocket placed in a target that has not yet called WSASocket).",
    source:
      "'Closing Sockets' (SPI: a reference count should be employed for shared sockets), WSADuplicateSocket page (B1).",
    links: [
      {
        title: "Closing Sockets (Winsock SPI), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/closing-sockets-2",
      },
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
    ],
  },
  {
    id: "LIFE-SHARED-CLOSE",
    statement:
      "closesocket on a descriptor that is not the last one frees only that descriptor: the socket, its state and every other descriptor are unchanged.",
    source:
      "WSADuplicateSocket page and 'Shared Sockets' (Microsoft; B1); Wine sock.c test_completion_port facts 11-13 (I/O pending on a duplicate survives closing the other descriptor).",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "Shared Sockets (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/shared-sockets-2",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_completion_port (line 10537)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L10537",
      },
    ],
  },
  {
    id: "LIFE-LAST-CLOSE",
    statement:
      "The underlying socket lives exactly until its last descriptor is closed, in any order and from any process, whether by closesocket, the final WSACleanup or process exit.",
    source:
      "WSADuplicateSocket page ('the underlying socket remains open until closesocket is called by the last remaining descriptor'; B1); Wine sock.c test_completion_port (facts 11-13); a Wine 8.0 probe across two processes (the listener works for the child after the parent closes, and is refused after the child closes).",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_completion_port (line 10537)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L10537",
      },
    ],
  },
  {
    id: "LIFE-EXIT",
    statement:
      "Process exit closes every handle the process holds, as if closed one by one; sockets other processes still hold survive.",
    source:
      "Windows closes all handles of an exiting process (ExitProcess page, Microsoft); combined with the WSADuplicateSocket page (B1: the last descriptor ends the socket).",
    links: [
      {
        title: "ExitProcess function (processthreadsapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-exitprocess",
      },
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
    ],
  },
  {
    id: "LIFE-CLEANUP",
    statement:
      "The final WSACleanup of a process closes every socket descriptor that process's Winsock made or claimed (socket, WSASocket, accept, WSASocket from a duplicate); a socket another process still holds survives through that process's descriptor. Handles Winsock did not make in this process (a WSADuplicateSocket handle not yet claimed, an inherited handle, a DuplicateHandle copy) stay until they are closed or the process exits.",
    source:
      "WSACleanup page (G4); Wine sock.c test_WithWSAStartup (fact 146: after the last WSACleanup and a new WSAStartup every old handle, duplicates included, gives WSAENOTSOCK).",
    windows:
      "The WSACleanup page says open sockets are 'reset' (X26); for a socket shared with another process the simulator releases only this process's descriptors, because the socket is not closed while another descriptor names it (B1). A handle that WSADuplicateSocket placed and WSASocket has not claimed is not in Winsock's list of the process's sockets, so it stays until process exit (inference from Wine fact 25: ws2_32 keeps a per-process socket list, test_WSAGetOverlappedResult). Inherited handles and DuplicateHandle copies are kernel handles that never went through this process's Winsock, so they stay in the same way (the same inference; a Wine 8.0 probe, docs/handles.md, keeps both after the child's WSACleanup, but Wine's list is not Windows' evidence).",
    links: [
      {
        title: "WSACleanup function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsacleanup",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WithWSAStartup (line 997)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L997",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSAGetOverlappedResult (line 12959)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L12959",
      },
    ],
  },
  {
    id: "START-VERSION",
    statement:
      "WSAStartup returns its error directly: a major version of 0 is refused with WSAVERNOTSUPPORTED (WSADATA still filled, wVersion 2.2); 1.x is answered with at most 1.1, 2.x with at most 2.2, 3.0 and above with 2.2; wHighVersion is 2.2; a NULL lpWSAData is WSAEFAULT; a failed call does not initialise the process.",
    source:
      "WSAStartup page (G2); ReactOS modules/rostests/apitests/ws2_32/WSAStartup.c, written against Windows.",
    links: [
      {
        title: "WSAStartup function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsastartup",
      },
      {
        title:
          "ReactOS, modules/rostests/apitests/ws2_32/WSAStartup.c (a test written against Windows)",
        url: "https://github.com/reactos/reactos/blob/36b140accf383188b454a6dc0c3f216608ceefb7/modules/rostests/apitests/ws2_32/WSAStartup.c",
      },
    ],
  },
  {
    id: "START-COUNT",
    statement:
      "WSAStartup is counted per process: every successful call needs its WSACleanup, only the last WSACleanup cleans up, and a WSACleanup with no outstanding startup fails with WSANOTINITIALISED.",
    source:
      "WSAStartup and WSACleanup pages (G3); Wine sock.c test_WithWSAStartup (an extra WSACleanup returns SOCKET_ERROR with WSANOTINITIALISED).",
    links: [
      {
        title: "WSAStartup function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsastartup",
      },
      {
        title: "WSACleanup function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsacleanup",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WithWSAStartup (line 997)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L997",
      },
    ],
  },
  {
    id: "START-REQUIRED",
    statement:
      "Every Winsock call of a process without an outstanding WSAStartup fails with WSANOTINITIALISED, checked before anything else; WSAGetLastError and WSASetLastError work regardless.",
    source:
      "WSAStartup and WSAGetLastError pages (G1); Wine sock.c test_WithoutWSAStartup (fact 144).",
    links: [
      {
        title: "WSAStartup function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsastartup",
      },
      {
        title: "WSAGetLastError function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsagetlasterror",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WithoutWSAStartup (line 982)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L982",
      },
    ],
  },
  {
    id: "ERR-THREAD",
    statement:
      "WSAGetLastError is per thread: a call sets the error of the thread that made it, and no other thread's value changes.",
    source: "WSAGetLastError and WSASetLastError pages (G5).",
    windows:
      "No Wine test checks isolation between threads (dlls/ws2_32/tests has no multi-thread test of the last error); the pages state it.",
    links: [
      {
        title: "WSAGetLastError function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsagetlasterror",
      },
      {
        title: "WSASetLastError function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsasetlasterror",
      },
    ],
  },
  {
    id: "ERR-SUCCESS-CLEARS",
    statement:
      "A successful call that reaches the socket provider sets the thread's last error to 0: WSAStartup, socket, WSASocket, setsockopt, getsockopt, bind, connect, listen, accept, closesocket, send, sendto, recv, recvfrom, shutdown, getsockname, getpeername, ioctlsocket, select, WSAPoll, WSAEventSelect, WSAAsyncSelect, WSAEnumNetworkEvents and WSADuplicateSocket; so does WSACreateEvent, which is CreateEvent. The other event-object calls (WSASetEvent, WSAResetEvent, WSACloseEvent, WSAWaitForMultipleEvents), WSACleanup and WSAGetLastError leave it as it was.",
    source:
      "Observed on Windows through Wine's tests (SetLastError(0xdeadbeef) before a successful call, no todo_wine): fact 149 (send, WSARecv, setsockopt, getsockopt, bind, WSASocket, shutdown, getsockname); Wine 8.0 sock.c test_WSAPoll L7816-7838 (WSAPoll), test_ip_pktinfo L2488-2552 (sendto), test_WSASendMsg L7191-7225 (recvfrom), Wine 10.0 test_send_buffering L14326-14341 (recv); ReactOS WSAStartup apitest (ok_dec(WSAGetLastError(), 0) after a process's first successful WSAStartup). WSACreateEvent: Wine's is CreateEventW (ws2_32 socket.c, wine-8.0 L3776), and kernelbase's CreateEventExW ends with SetLastError(0) on success (sync.c L452-482, wine-8.0); on Windows, kernel32's test_event (wine-8.0 sync.c L553-556, no todo_wine) sets 0xdeadbeef, creates a named event with CreateEventA and checks GetLastError() == 0 (an unnamed event is inferred to do the same). The rest of the list follows the pattern (every provider call observed resets it since Windows 7; several were broken(0xdeadbeef) before). Wine 8 resets it for most of them too (the conformance run under Wine), but not after a successful closesocket, WSADuplicateSocket, WSAStartup, connect, or WSASocket on a duplicated WSAPROTOCOL_INFO: those are Wine deviations, and the simulator keeps resetting there. The other event calls are kernel32 wrappers (SetEvent, ResetEvent, CloseHandle, WaitForMultipleObjectsEx) in Windows and Wine alike; Wine's WSACleanup does not touch it.",
    windows:
      "Not observed on Windows for select, accept, connect, listen, closesocket, ioctlsocket, getpeername, WSAEventSelect, WSAAsyncSelect, WSAEnumNetworkEvents, WSADuplicateSocket, a WSAStartup after the process's first, or WSASocket on a duplicated WSAPROTOCOL_INFO (no Windows-run test checks the value after their success; research notes in docs/conformance.md); where Wine 8 leaves the value (closesocket, WSADuplicateSocket, WSAStartup, connect, WSASocket from WSAPROTOCOL_INFO) Windows' answer is therefore unverified. WSACreateEvent's reset is observed for a named event only. inet_addr and inet_pton leave it unchanged on Windows (protocol.c), but they never reach a provider and are not simulated.",
    links: [
      {
        title: "WSAGetLastError function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsagetlasterror",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSAPoll (lines 7816-7838: WSAPoll)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7816-7838",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_ip_pktinfo (lines 2488-2552: sendto)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L2488-2552",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSASendMsg (lines 7191-7225: recvfrom)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7191-7225",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_send_buffering (lines 14326-14341: recv)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14326-14341",
      },
      {
        title:
          "Wine 8.0, dlls/kernel32/tests/sync.c, test_event (lines 553-556: CreateEventA clears the last error)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/kernel32/tests/sync.c#L553-556",
      },
      {
        title: "Wine 8.0, dlls/kernelbase/sync.c, CreateEventExW (lines 452-482)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/kernelbase/sync.c#L452-482",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, WSACreateEvent (line 3776)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L3776",
      },
      {
        title:
          "ReactOS, modules/rostests/apitests/ws2_32/WSAStartup.c (a test written against Windows)",
        url: "https://github.com/reactos/reactos/blob/36b140accf383188b454a6dc0c3f216608ceefb7/modules/rostests/apitests/ws2_32/WSAStartup.c",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/protocol.c, test_inet_addr (line 681)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/protocol.c#L681",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/protocol.c, test_inet_pton (line 773)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/protocol.c#L773",
      },
    ],
  },
  {
    id: "ERR-FAILED-UNCHANGED",
    statement:
      "A failed call changes no kernel state; only the calling thread's last error (and output parameters Windows writes even on failure) change. The exceptions are the failures whose rule says the work goes on: a non-blocking connect's WSAEWOULDBLOCK, a blocking connect's refusal (the implicit bind stays), a truncated datagram's WSAEMSGSIZE (the datagram is consumed), a datagram's one-time WSAECONNRESET (the report is consumed), a non-blocking send's WSAEWOULDBLOCK (remembered for FD_WRITE).",
    source:
      "WSAEnumNetworkEvents page ('if the call fails, neither the record is cleared nor the event reset', D17); Wine sock.c test_set_getsockopt, test_select and test_valid_handle (facts 81-83: a failing call leaves the socket, the handle and the fd_sets as they were).",
    windows:
      "Held for every call by construction: a call runs on an immer draft that is discarded when the call fails, unless the call returns a KeptFailure, which only the calls named above do (NET-CONNECT, NET-CONNECT-REFUSED, NET-DATAGRAM, NET-DATAGRAM-UNREACHABLE, EVT-WRITE).",
    links: [
      {
        title: "WSAEnumNetworkEvents function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaenumnetworkevents",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
      {
        title:
          "Wine 11.13, dlls/ws2_32/tests/sock.c, test_valid_handle (added after Wine 10.0; no line: the function is in no copy that could be read)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-11.13/dlls/ws2_32/tests/sock.c",
      },
    ],
  },
  {
    id: "SOCK-ARGS",
    statement:
      "socket/WSASocket choose the first catalog entry matching (af, type, protocol), with 0 as a wildcard for type and protocol and AF_UNSPEC for af; errors in Windows' order: AF_UNSPEC with protocol 0 is WSAEINVAL, then an unknown type WSAESOCKTNOSUPPORT, then an unknown family WSAEAFNOSUPPORT, then a protocol no entry accepts WSAEPROTONOSUPPORT.",
    source:
      "WSASocket and socket pages (A8); Wine sock.c test_WSASocket table of 29 rows run on Windows.",
    windows:
      "A known type that the family has no entry for (SOCK_SEQPACKET on AF_INET) is not in Wine's table; the simulator answers WSAESOCKTNOSUPPORT, the WSASocket page's error for a type the family does not support. Windows 11 may pick AF_INET6 for AF_UNSPEC with TCP or UDP; the simulator picks AF_INET, as Windows 10 does.",
    links: [
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
      {
        title: "socket function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-socket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSASocket (line 3324)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3324",
      },
    ],
  },
  {
    id: "SOCK-RAW",
    statement:
      "Creating a SOCK_RAW socket fails with WSAEACCES: the simulated user is not an administrator.",
    source:
      "socket page (SOCK_RAW requires administrative privileges); Wine sock.c test_WSASocket accepts WSAEACCES for raw sockets on Vista and later.",
    links: [
      {
        title: "socket function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-socket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSASocket (line 3324)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3324",
      },
    ],
  },
  {
    id: "SOCK-GROUP",
    statement: "WSASocket with a group parameter g other than 0 fails with WSAEINVAL.",
    source:
      "WSASocket page: WSAEINVAL 'the parameter g specified is not valid'; socket groups are reserved.",
    windows:
      "Not observed: no Wine test passes a group. The check is made after the provider is chosen.",
    links: [
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
    ],
  },
  {
    id: "SOCK-OVERLAPPED",
    statement:
      "socket() creates an overlapped socket unless the calling thread set SO_OPENTYPE; WSASocket creates one only with WSA_FLAG_OVERLAPPED; WSA_FLAG_NO_HANDLE_INHERIT makes the descriptor non-inheritable.",
    source:
      "socket and WSASocket pages, 'Default State for a Socket's Overlapped Attribute' (A9, A11); SO_OPENTYPE per thread (Wine fact 140: sock.c check_so_opentype).",
    links: [
      {
        title: "socket function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-socket",
      },
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
      {
        title: "Default State for a Socket's Overlapped Attribute (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/default-state-for-a-socket-s-overlapped-attribute-2",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, check_so_opentype (line 348)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L348",
      },
    ],
  },
  {
    id: "SOCK-FROM-INFO",
    statement:
      "WSASocket with a WSAPROTOCOL_INFO not from WSADuplicateSocket first finds the catalog entry its dwCatalogEntryId names: a structure naming none (all zero bytes, as a failed WSADuplicateSocket leaves the caller's buffer) fails with WSAEINVAL whatever af, type and protocol say; with a catalog entry, each of af, type and protocol given as 0 or FROM_PROTOCOL_INFO is taken from the structure and any other value overrides it, and a family of 0 or -1 taken from it gives WSAEAFNOSUPPORT; an invalid lpProtocolInfo pointer is WSAEFAULT.",
    source:
      "WSASocket page Remarks (A7) and error table (WSAEINVAL: 'The WSAPROTOCOL_INFO structure that lpProtocolInfo points to is incomplete, the contents are invalid or the WSAPROTOCOL_INFO structure has already been used in an earlier duplicate socket operation'); ReactOS ws2_32 WSASocketW, modelled on Windows, finds the provider by dwCatalogEntryId before it looks at the triple (socklife.c); Wine sock.c test_WSASocket, run on Windows (facts 18-20: explicit arguments override the structure; a structure from WSAEnumProtocols, a real catalog entry, with its triple set to 0 or -1 and arguments (0, 0, IPPROTO_UDP) gives WSAEAFNOSUPPORT).",
    windows:
      "No test run on Windows passes a structure that names no catalog entry: the error is the documented one and the order (the entry before the triple) is ReactOS's; ReactOS's own lookup (dcatalog.c WsTcGetEntryFromCatalogEntryId) returns success even when no entry matches, so it gives no error code to compare. Wine 8.0 copies the triple out of the structure first and answers WSAEINVAL only when af and protocol are then both 0 (socket.c line 3871), so it agrees for an all-zero structure with arguments 0 or FROM_PROTOCOL_INFO, but makes a socket when explicit arguments are given. The provider GUID of a catalog structure is not compared (ReactOS looks up dwCatalogEntryId only).",
    links: [
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSASocket (line 3324)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3324",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_WSASocket: a WSAEnumProtocols structure with af -1 or 0 gives WSAEAFNOSUPPORT (line 3104-3124)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L3104-3124",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/socket.c, WSASocketW: WSAEINVAL when af and protocol are both 0 (line 3871)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L3871",
      },
      {
        title:
          "ReactOS, dll/win32/ws2_32/src/socklife.c, WSASocketW: the catalog entry by dwCatalogEntryId",
        url: "https://github.com/reactos/reactos/blob/master/dll/win32/ws2_32/src/socklife.c",
      },
    ],
  },
  {
    id: "DUP-CHECK-ORDER",
    statement:
      "WSADuplicateSocket checks, in order: WSANOTINITIALISED, the socket (WSAENOTSOCK), the target process id (0 or no such live process: WSAEINVAL), then lpProtocolInfo (NULL or invalid: WSAEFAULT); the caller's own process id is a valid target.",
    source:
      "WSADuplicateSocket page (A5); Wine sock.c test_WSADuplicateSocket; Wine's WS_DuplicateSocket (dlls/ws2_32/socket.c) and a Wine 8.0 probe (pid 0 or an unknown pid gives WSAEINVAL, an invalid socket WSAENOTSOCK, a NULL info pointer WSAEFAULT).",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSADuplicateSocket (line 3717)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3717",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/socket.c, WS_DuplicateSocket (line 667)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/socket.c#L667",
      },
    ],
  },
  {
    id: "DUP-INFO",
    statement:
      "The WSAPROTOCOL_INFOA (372 bytes) or WSAPROTOCOL_INFOW (628 bytes) that WSADuplicateSocket fills describes the socket: its catalog entry's provider id, flags and sizes, with iAddressFamily, iSocketType and iProtocol of the socket; dwProviderReserved carries what the target needs to find it.",
    source:
      "WSAPROTOCOL_INFOA/W pages and header offsets (H1); Wine sock.c test_WSADuplicateSocket and test_set_getsockopt, protocol.c test_WSAEnumProtocolsA (facts 6, 16, 23) for the field values; the SPI WSPDuplicateSocket page for dwProviderReserved (A17).",
    links: [
      {
        title: "WSAPROTOCOL_INFOW structure (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/ns-winsock2-wsaprotocol_infow",
      },
      {
        title: "WSAPROTOCOL_INFOA structure (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/ns-winsock2-wsaprotocol_infoa",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSADuplicateSocket (line 3717)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3717",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/protocol.c, test_WSAEnumProtocolsA (line 81)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/protocol.c#L81",
      },
      {
        title: "LPWSPDUPLICATESOCKET callback function (ws2spi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ws2spi/nc-ws2spi-lpwspduplicatesocket",
      },
    ],
  },
  {
    id: "DUP-PENDING-REF",
    statement:
      "WSADuplicateSocket places a handle for the socket in the target process at once; it holds a reference (the socket survives the source's close) but is not a Winsock socket of the target until the target's WSASocket claims it, which returns that same handle value.",
    source:
      "Shared sockets in the SPI and WSPDuplicateSocket pages (dwProviderReserved may carry 'a duplicated handle', A17); Wine's WSADuplicateSocket copies the handle into the target with DuplicateHandle (dlls/ws2_32/socket.c, WS_DuplicateSocket).",
    windows:
      "Inference from the provider design: Microsoft does not document what happens when the source closes before the target imports; a duplicated kernel handle keeps the object alive on Windows, and Wine behaves that way.",
    links: [
      {
        title: "Shared Sockets in the SPI (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/shared-sockets-in-the-spi-2",
      },
      {
        title: "LPWSPDUPLICATESOCKET callback function (ws2spi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/ws2spi/nc-ws2spi-lpwspduplicatesocket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/socket.c, WS_DuplicateSocket (line 667)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/socket.c#L667",
      },
    ],
  },
  {
    id: "DUP-SINGLE-USE",
    statement:
      "A WSAPROTOCOL_INFO from WSADuplicateSocket can be used by one WSASocket only; a second use fails with INVALID_SOCKET and WSAEINVAL.",
    source: "WSADuplicateSocket page Remarks and WSASocket error table (A4).",
    windows:
      "Wine deviates: its second use succeeds and returns the same descriptor (its WSASocketW returns the handle recorded in the structure without a check, dlls/ws2_32/socket.c; the conformance run lists it as wine-duplicate-socket in harness/wine-deviations.json). Microsoft's documentation is followed; no Windows trace contradicts it.",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/socket.c, WSASocketW: the 'hack for WSADuplicateSocket' (line 3913)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/socket.c#L3913",
      },
    ],
  },
  {
    id: "DUP-TARGET-ONLY",
    statement:
      "Only the target process named in WSADuplicateSocket can use the structure; WSASocket with it in any other process fails with WSAEINVAL and changes nothing.",
    source: "WSADuplicateSocket page (the structure is for the target process, A3, A4).",
    windows:
      "Wine deviates: another process gets back a value naming nothing in its table (its WSASocketW returns the handle value that WSADuplicateSocket placed in the target, dlls/ws2_32/socket.c).",
    links: [
      {
        title: "WSADuplicateSocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaduplicatesocketw",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/socket.c, WSASocketW: the 'hack for WSADuplicateSocket' (line 3913)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/socket.c#L3913",
      },
    ],
  },
  {
    id: "DUP-INFO-CHECK",
    statement:
      "A duplicated WSAPROTOCOL_INFO that is truncated or altered (provider id, catalog entry, family, type or protocol no longer those of the socket, or an unknown record) makes WSASocket fail with WSAEINVAL.",
    source:
      "WSASocket error table: WSAEINVAL when 'the WSAPROTOCOL_INFO structure is incomplete, the contents are invalid or the WSAPROTOCOL_INFO structure has already been used in an earlier duplicate socket operation' (A8).",
    links: [
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
    ],
  },
  {
    id: "EVENT-OBJECT",
    statement:
      "WSACreateEvent makes a manual-reset, non-signalled event whose handle lives in the creating process's handle table beside its sockets; WSASetEvent, WSAResetEvent and WSACloseEvent on a value that is not such a handle return FALSE with WSA_INVALID_HANDLE, except WSACloseEvent of a pseudo handle, (HANDLE)-1 (GetCurrentProcess, the value of INVALID_SOCKET) or (HANDLE)-2 (GetCurrentThread), which returns TRUE, changes nothing and leaves the last error.",
    source:
      "WSACreateEvent, WSASetEvent, WSAResetEvent and WSACloseEvent pages (D21); WSACloseEvent is CloseHandle (Wine 8.0 socket.c); GetCurrentProcess page: 'A pseudo handle is a special constant, currently (HANDLE)-1 ... Calling the CloseHandle function with a pseudo handle has no effect', and the same of (HANDLE)-2 on the GetCurrentThread page.",
    windows:
      "WSACreateEvent is documented to need WSAStartup (WSANOTINITIALISED); no Wine test calls it before WSAStartup, so the documented check is kept. A pseudo handle names a real process or thread object, which is not an event: SetEvent and ResetEvent on it fail with ERROR_INVALID_HANDLE (6, WSA_INVALID_HANDLE), so WSASetEvent and WSAResetEvent keep that answer; no test run on Windows checks either, nor WSAWaitForMultipleEvents on a pseudo handle (the simulator answers WSA_INVALID_HANDLE).",
    links: [
      {
        title: "WSACreateEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsacreateevent",
      },
      {
        title: "WSASetEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasetevent",
      },
      {
        title: "WSAResetEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaresetevent",
      },
      {
        title: "WSACloseEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsacloseevent",
      },
      {
        title: "Wine 8.0, dlls/ws2_32/socket.c, WSACloseEvent is CloseHandle (line 3783)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/socket.c#L3783",
      },
      {
        title: "GetCurrentProcess function (processthreadsapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocess",
      },
      {
        title: "GetCurrentThread function (processthreadsapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentthread",
      },
    ],
  },
  {
    id: "EVENT-CLOSE-HANDLE",
    statement:
      "WSACloseEvent is CloseHandle: given a socket descriptor it closes that handle like any other, releasing the descriptor's reference on the socket.",
    source:
      "WSACloseEvent page (it maps onto CloseHandle, D21); Wine sock.c iocp_async_read_closesocket and the comment before test_iocp (facts 71 and 148): CloseHandle on a socket handle succeeds on Windows and ws2_32's own socket list is not consulted.",
    windows:
      "Windows also keeps ws2_32's per-process socket list unchanged by CloseHandle (fact 148); the simulator has no separate list, so later Winsock calls on the value fail with WSAENOTSOCK, as they do on Windows once the handle is gone.",
    links: [
      {
        title: "WSACloseEvent function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsacloseevent",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, iocp_async_read_closesocket (line 11920)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L11920",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/tests/sock.c, START_TEST: the comment before test_iocp() on reused handle values (line 14461)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14461",
      },
    ],
  },
  {
    id: "NET-SOCKADDR",
    statement:
      "A SOCKADDR argument that is NULL, unreadable or shorter than the socket family's SOCKADDR (16 bytes for AF_INET, 28 for AF_INET6) is WSAEFAULT; one of another family is WSAEAFNOSUPPORT.",
    source:
      "Wine sock.c test_bind (NULL, length 0 and 15 give WSAEFAULT; family 0xdead with length 16 gives WSAEAFNOSUPPORT); bind and connect pages.",
    windows:
      "An AF_INET6 address passed to an AF_INET socket is not tested anywhere; the simulator answers WSAEAFNOSUPPORT (the family check), as for any other family.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_bind (line 12604)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L12604",
      },
      {
        title: "bind function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-bind",
      },
      {
        title: "connect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-connect",
      },
    ],
  },
  {
    id: "NET-BIND",
    statement:
      "bind checks the SOCKADDR, then that the socket is not bound yet (WSAEINVAL), then that the address belongs to this machine (loopback or wildcard; otherwise WSAEADDRNOTAVAIL), then conflicts with other bindings; a successful bind resets the last error to 0.",
    source: "Wine sock.c test_bind and afd.c test_bind; bind page.",
    windows:
      "Which of 'already bound' and 'address not local' Windows checks first is not observed; the simulator checks 'already bound' first.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_bind (line 12604)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L12604",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/afd.c, test_bind (line 2105)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/afd.c#L2105",
      },
      {
        title: "bind function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-bind",
      },
    ],
  },
  {
    id: "NET-BIND-CONFLICT",
    statement:
      "Binding an address and port already bound follows Windows' SO_REUSEADDR / SO_EXCLUSIVEADDRUSE matrix: the same address twice is WSAEADDRINUSE unless both set SO_REUSEADDR (a reusing newcomer against a plain socket is WSAEACCES); an exclusive wildcard denies covered addresses with WSAEACCES; a specific address denies a later exclusive wildcard with WSAEADDRINUSE.",
    source:
      "Wine sock.c test_reuseaddr run on Windows (observed facts 133-136); 'Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE' (Microsoft).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_reuseaddr (line 2110)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L2110",
      },
      {
        title: "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/using-so-reuseaddr-and-so-exclusiveaddruse",
      },
    ],
  },
  {
    id: "NET-EPHEMERAL",
    statement:
      "Port 0 in bind, and the implicit bind of connect and sendto on an unbound socket (to the wildcard address), take the next free port of the dynamic range 49152-65535 in order; no free port is WSAENOBUFS.",
    source:
      "Wine sock.c test_WSASendMsg (the implicit bind is to 0.0.0.0 with a non-zero port); Windows' default dynamic port range 49152-65535 (netsh int ipv4 show dynamicport; Microsoft's article on the default dynamic port range).",
    windows:
      "Windows picks ephemeral ports in its own order (no test checks it); the simulator's sequential order is a deterministic stand-in, and programs must not depend on port numbers.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSASendMsg (line 7470)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7470",
      },
      {
        title:
          "The default dynamic port range for TCP/IP (Windows Server networking troubleshooting), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/default-dynamic-port-range-tcpip-chang",
      },
    ],
  },
  {
    id: "NET-NAMES",
    statement:
      "getsockname answers WSAEINVAL for an unbound socket; getpeername answers WSAENOTCONN for a socket with no peer (checked before its pointers) and succeeds while a connect is in progress; a NULL pointer or a namelen smaller than the address is WSAEFAULT with namelen unchanged.",
    source:
      "Wine sock.c test_getsockname and test_getpeername, test_connecting_socket; getsockname and getpeername pages.",
    links: [
      {
        title: "getsockname function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockname",
      },
      {
        title: "getpeername function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getpeername",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_getsockname (line 5335)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5335",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_getpeername (line 10074)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L10074",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connecting_socket (line 12760)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L12760",
      },
    ],
  },
  {
    id: "NET-DUAL-STACK-NAMES",
    statement:
      "Every address a socket reports (getsockname, getpeername, accept's addr) is of the socket's own family: a dual-stack AF_INET6 socket (IPV6_V6ONLY 0) names an IPv4 end by its IPv4-mapped address ::ffff:a.b.c.d in a 28-byte SOCKADDR_IN6, so the socket a dual-stack listener accepts from an IPv4 client has ::ffff:127.0.0.1 as both its local and its peer address, and a dual-stack client connected to an IPv4 address speaks from ::ffff:127.0.0.1; an AF_INET socket reached from a dual-stack one names it by the plain IPv4 address in a 16-byte SOCKADDR_IN.",
    source:
      "Microsoft, Dual-Stack Sockets for IPv6 Winsock Applications ('IP Addresses with a Dual-Stack Socket': dual-stack sockets always require IPv6 addresses; when the underlying protocol is IPv4 the address is mapped to the IPv4-mapped IPv6 format, so a dual-stack listener returns IPv4-mapped addresses for accepted IPv4 connections, and an address passed to a regular IPv4 socket must be a regular IPv4 address). Wine's test_ipv6only and test_reuseaddr bind and connect dual-stack sockets on Windows but never read these names.",
    windows:
      "No Windows run of these names is recorded here (no Wine test reads them); the accepted socket's own name (::ffff: followed by the IPv4 address the client connected to) and the client's source (::ffff:127.0.0.1 from a wildcard) follow the page's rule for every IPv4 address a dual-stack socket reports.",
    links: [
      {
        title: "Dual-Stack Sockets for IPv6 Winsock Applications, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/dual-stack-sockets",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_ipv6only (line 7325)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7325",
      },
    ],
  },
  {
    id: "NET-LISTEN",
    statement:
      "listen needs a bound stream socket (datagram: WSAEOPNOTSUPP; unbound: WSAEINVAL; connected: WSAEISCONN); SOMAXCONN means a queue of 200, SOMAXCONN_HINT(N) (a negative backlog) N clamped to [200, 65535], other values are clamped to [1, 200]; listening again succeeds and keeps the first backlog.",
    source: "listen page (Microsoft); Wine sock.c test_listen.",
    windows:
      "Windows does not expose the real queue length for small backlogs (no test fills one); the clamp to [1, 200] follows the listen page's 'reasonable value'.",
    links: [
      {
        title: "listen function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-listen",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_listen (line 4170)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4170",
      },
    ],
  },
  {
    id: "NET-ACCEPT",
    statement:
      "accept takes the oldest completed connection: not listening is WSAEINVAL; an addrlen of 0 or too small is WSAEFAULT (addrlen unchanged), a NULL addrlen leaves addr alone; with nothing queued a blocking socket waits and a non-blocking one fails with WSAEWOULDBLOCK.",
    source: "accept page; Wine sock.c test_accept (observed fact 152).",
    links: [
      {
        title: "accept function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-accept",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept (line 4994)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4994",
      },
    ],
  },
  {
    id: "NET-ACCEPT-INHERITS",
    statement:
      "A connection accepted from a listener starts with the listener's option values and blocking mode.",
    source:
      "Wine sock.c test_accept_inheritance (SO_REUSEADDR, SO_KEEPALIVE, SO_OOBINLINE, SO_SNDBUF, SO_RCVBUF, SO_SNDTIMEO, SO_RCVTIMEO, TCP_NODELAY and SO_LINGER read back on the accepted socket); WSAEventSelect page (the accepted socket has the listener's properties).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept_inheritance (line 5153)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5153",
      },
      {
        title: "WSAEventSelect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaeventselect",
      },
    ],
  },
  {
    id: "NET-CONNECT",
    statement:
      "connect on a listening socket is WSAEINVAL, on a connected one WSAEISCONN, while one is in progress WSAEALREADY; a zero address or port is WSAEADDRNOTAVAIL; a listener with room takes the connection at once (blocking: 0; non-blocking: WSAEWOULDBLOCK, connected when next looked at); an address not on this machine stays in progress until the SYN retries give up after 21 s with WSAETIMEDOUT; a failed socket may connect again.",
    source:
      "connect page; Wine sock.c test_connect, test_connecting_socket and test_select (observed facts 100, 116).",
    windows:
      "A non-blocking connect to a loopback listener never returns 0 on Windows; the simulator completes the connection inside the call and still reports WSAEWOULDBLOCK, the earliest moment Windows could.",
    links: [
      {
        title: "connect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-connect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect (line 8561)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L8561",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connecting_socket (line 12760)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L12760",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
    ],
  },
  {
    id: "NET-CONNECT-REFUSED",
    statement:
      "A connect to an address of this machine with no listener, or a full backlog, is refused after the SYN retries, about 2 seconds of virtual time even on loopback: a blocking connect then fails with WSAECONNREFUSED and leaves SO_ERROR 0; a non-blocking one reports WSAEWOULDBLOCK, and afterwards SO_ERROR reads WSAECONNREFUSED until a later connect succeeds. The implicit bind stays.",
    source:
      "Wine sock.c test_errors, test_select, test_WSAPoll (comments: 'w10pro64 ... takes over 2 seconds for an error to be reported'); libuv PR #2896 ('On Windows when connecting to an unavailable port, the connect() will retry for 2s, even on loopback'); listen page (full queue: WSAECONNREFUSED).",
    windows:
      "Windows' exact delay depends on its SYN retry settings; 2,000 ms is the simulator's fixed value.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_errors (line 4133)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4133",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSAPoll (line 8144)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L8144",
      },
      {
        title: "libuv/libuv pull request #2896: tcp: fail instantly if local port is unbound",
        url: "https://github.com/libuv/libuv/pull/2896",
      },
      {
        title: "listen function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-listen",
      },
    ],
  },
  {
    id: "NET-DATAGRAM-CONNECT",
    statement:
      "connect on a datagram socket only sets the default peer (replacing an earlier one and discarding datagrams queued from it); AF_UNSPEC or the all-zero address dissolves it; the wildcard address with a port is WSAEADDRNOTAVAIL, but port 0 at a real address is a peer like any other; from then on only the peer's datagrams are received.",
    source:
      "connect page; Wine sock.c test_UDP, test_getpeername, test_connect_udp and test_connect_events (observed fact 49: a UDP socket connects to 127.0.0.1 port 0, not todo_wine).",
    windows:
      "connect to 255.255.255.255 without SO_BROADCAST succeeds on Windows (Wine test_broadcast) although the page says WSAEACCES; the simulator follows Windows. A stream connect to port 0 fails (NET-CONNECT), a datagram connect to 127.0.0.1:0 succeeds (fact 49). What a send to that peer does is not observed on Windows: the simulator treats it as a sendto to port 0, which succeeds and draws no port-unreachable error (inferred; Wine 8.0 answers the same).",
    links: [
      {
        title: "connect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-connect",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_UDP (line 3180)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3180",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_getpeername (line 10074)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L10074",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_udp (line 14070)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14070",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_broadcast (line 14218)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14218",
      },
      {
        title:
          "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_events: UDP connect to 127.0.0.1 port 0 (line 6810)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6810",
      },
    ],
  },
  {
    id: "NET-SEND",
    statement:
      "send checks its flags (unknown: WSAEOPNOTSUPP; MSG_OOB on a datagram socket: WSAEOPNOTSUPP), then the buffer (WSAEFAULT), then the socket: a stream socket must be connected (WSAENOTCONN), and a successful send resets the last error to 0.",
    source:
      "send and sendto pages; Wine sock.c test_send, test_UDP and test_connect_udp (fact 149).",
    windows:
      "The page lists WSAEDESTADDRREQ for send on an unconnected datagram socket; Windows answers WSAENOTCONN (Wine test_connect_udp).",
    links: [
      {
        title: "send function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-send",
      },
      {
        title: "sendto function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-sendto",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_send (line 6245)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6245",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_UDP (line 3180)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3180",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_udp (line 14070)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14070",
      },
    ],
  },
  {
    id: "NET-RECV",
    statement:
      "recv checks its flags (unknown: WSAEINVAL; MSG_OOB or MSG_WAITALL on a datagram socket, MSG_WAITALL with MSG_PEEK or MSG_OOB or on a non-blocking socket: WSAEOPNOTSUPP), then the buffer (negative len: WSAEFAULT), then the socket (stream: WSAENOTCONN unless connected; datagram: WSAEINVAL unless bound); len 0 returns 0 and consumes nothing; recvfrom on a stream socket leaves from and fromlen untouched, whatever they hold.",
    source:
      "recv page; Wine sock.c test_empty_recv and test_read_events (fact 57); Wine sock.c test_tcp_sendto_recvfrom and simple_mixed_client (garbage fromlen accepted and left as it was).",
    windows:
      "The recv page says len 0 on a stream socket is WSAEINVAL; Windows returns 0 (Wine test_empty_recv).",
    links: [
      {
        title: "recv function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-recv",
      },
      {
        title: "recvfrom function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-recvfrom",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_empty_recv (line 13287)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13287",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_read_events (line 6947)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6947",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_tcp_sendto_recvfrom (line 14155)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14155",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, simple_mixed_client (line 803)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L803",
      },
    ],
  },
  {
    id: "NET-BUFFERS",
    statement:
      "A stream receiver takes data until its unread bytes reach max(SO_RCVBUF, 65536): a smaller SO_RCVBUF is read back as set but holds nothing back. A stream send is taken whole or not at all: whole when less than SO_SNDBUF is waiting to leave, or when the receiver's window (max(SO_RCVBUF, 65536) less its unread bytes) takes it at once; otherwise a non-blocking send fails with WSAEWOULDBLOCK and a blocking one waits, and once nothing else waits to leave it is handed over whole and returns when all of it has left (so SO_SNDBUF 0 sends of any size complete as the peer reads). Space frees as the receiver reads.",
    source:
      "Wine 10.0 sock.c test_set_getsockopt, checks without todo_wine, so Windows' behaviour (observed fact 122): with SO_SNDBUF 0 on the sender and SO_RCVBUF 1024 on the receiver (read back as 1024), three non-blocking 4096-byte sends all succeed and each of three recv calls returns 4096 bytes; Wine 10.0 server/sock.c (MIN_RCVBUF 65536: Wine gives its host socket a receive buffer of max(SO_RCVBUF, 65536) to behave like Windows, and getsockopt returns the value as set); 65536 is the default SO_RCVBUF of current Windows (OPT-DEFAULTS); Wine sock.c test_write_events ('Windows will never send less than buffer_size bytes here') and test_send (a blocking 1 MiB send with SO_SNDBUF 0 returns the full length while the peer drains).",
    windows:
      "Windows' receive window also grows with TCP window autotuning, beyond SO_RCVBUF; the simulator's window is max(SO_RCVBUF, 65536) less unread data, and its send side is SO_SNDBUF alone, so that the moment a sender blocks is predictable. That a SO_RCVBUF below 65536 holds nothing back up to 64 KiB of unread data is Wine's reading of Windows (MIN_RCVBUF); the Windows-run check only shows 12,288 bytes delivered at once against SO_RCVBUF 1024.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 10.0, server/sock.c, MIN_RCVBUF (line 218)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/server/sock.c#L218",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_write_events (line 6849)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6849",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_send (line 6245)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L6245",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
    ],
  },
  {
    id: "NET-STREAM-ORDER",
    statement:
      "On a stream connection every byte sent arrives exactly once and in order, through any descriptor and whichever process reads; MSG_PEEK returns what a read would without consuming it.",
    source:
      "TCP's reliable ordered delivery (RFC 793), which the Microsoft provider advertises with XP1_GUARANTEED_DELIVERY and XP1_GUARANTEED_ORDER (observed fact 23); Wine sock.c test_send_buffering (fact 87: every byte delivered).",
    links: [
      {
        title: "RFC 793, Transmission Control Protocol",
        url: "https://www.rfc-editor.org/rfc/rfc793",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/protocol.c, test_WSAEnumProtocolsA (line 81)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/protocol.c#L81",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_send_buffering (line 14297)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14297",
      },
    ],
  },
  {
    id: "NET-FIN",
    statement:
      "shutdown(SD_SEND) or a graceful close sends a FIN behind the data already queued; once the receiver has read everything before it, recv returns 0, again and again.",
    source:
      "shutdown and closesocket pages; Wine sock.c test_shutdown (facts 88, 90, 114; test_select for 88 and 114).",
    links: [
      {
        title: "shutdown function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-shutdown",
      },
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_shutdown (line 9381)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L9381",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
    ],
  },
  {
    id: "NET-RESET",
    statement:
      "An abortive close resets the connection: the peer's unread data is discarded and its recv and send fail with WSAECONNRESET from then on, with SO_ERROR still 0.",
    source:
      "closesocket page (SO_LINGER {1,0}: hard close); Wine sock.c test_tcp_reset (observed fact 85).",
    windows:
      "That the peer's unread data is discarded by the reset is not asserted by a Wine test; it is what TCP prescribes for a received RST (RFC 793) and what the simulator does.",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_tcp_reset (line 13775)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13775",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, close_with_rst (line 213)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L213",
      },
      {
        title: "RFC 793, Transmission Control Protocol",
        url: "https://www.rfc-editor.org/rfc/rfc793",
      },
    ],
  },
  {
    id: "NET-PEER-GONE",
    statement:
      "Sending on a connection whose peer socket no longer exists succeeds once; the peer's stack answers with a reset, and this end's later calls fail with WSAECONNABORTED.",
    source:
      "Wine sock.c test_shutdown 'send data to a peer which is closed' (observed fact 93; todo_wine, i.e. Windows behaviour).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_shutdown (line 9381)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L9381",
      },
    ],
  },
  {
    id: "NET-OOB",
    statement:
      "send(MSG_OOB) makes the last byte urgent; it travels behind the bytes sent before it: with the receiver's SO_OOBINLINE off it waits apart for recv(MSG_OOB), each urgent byte separately, is not counted by FIONREAD, and a normal recv stops at its mark; SIOCATMARK is TRUE unless an urgent byte waits; with SO_OOBINLINE on the byte is normal data and recv(MSG_OOB) is WSAEINVAL.",
    source:
      "Wine sock.c test_fionread_siocatmark, test_select and test_oob_events, afd.c test_recv (observed fact 113).",
    windows:
      "Several of these values are todo_wine in Wine (Wine differs); they are Windows' answers. A multi-byte MSG_OOB send is not tested beyond its last byte. Turning SO_OOBINLINE on while an urgent byte waits makes Windows count it in FIONREAD and return it to a normal recv (Wine test_fionread_siocatmark); the simulator keeps such a byte apart, where it can no longer be read (not settled: see the report).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark (line 5459)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5459",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_oob_events (line 7092)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7092",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/afd.c, test_recv (line 1430)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/afd.c#L1430",
      },
      {
        title: "recv function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-recv",
      },
    ],
  },
  {
    id: "NET-DATAGRAM",
    statement:
      "A datagram socket sends whole datagrams (over 65,507 bytes for IPv4 or 65,527 for IPv6: WSAEMSGSIZE, nothing sent; sendto 255.255.255.255 without SO_BROADCAST: WSAEACCES, while send() after a connect there works; unconnected send: WSAENOTCONN; sendto's address overrides a connected peer); a receive returns one datagram, and a datagram larger than the buffer fills it, loses the rest and fails with WSAEMSGSIZE.",
    source:
      "sendto and recv pages; Wine afd.c test_recv, sock.c test_UDP and test_broadcast (fact 138: connect(255.255.255.255) with SO_BROADCAST 0, then send() returns 4).",
    links: [
      {
        title: "sendto function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-sendto",
      },
      {
        title: "recv function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-recv",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/afd.c, test_recv (line 1430)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/afd.c#L1430",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_UDP (line 3180)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3180",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_broadcast (line 14218)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14218",
      },
    ],
  },
  {
    id: "NET-DATAGRAM-DROP",
    statement:
      "A datagram arriving at a socket whose unread data would exceed SO_RCVBUF is dropped silently (the first one is always kept).",
    source:
      "UDP's unreliable delivery (RFC 768); SO_RCVBUF bounds a socket's buffered receive data (getsockopt page).",
    windows:
      "Windows' exact admission rule for a full UDP receive buffer is not observed; the simulator drops what would not fit. Unlike a stream receiver's window (NET-BUFFERS), SO_RCVBUF is used as set here: no Windows test shows whether a small SO_RCVBUF on a datagram socket is raised.",
    links: [
      {
        title: "RFC 768, User Datagram Protocol",
        url: "https://www.rfc-editor.org/rfc/rfc768",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
    ],
  },
  {
    id: "NET-DATAGRAM-UNREACHABLE",
    statement:
      "A datagram sent to a port of this machine that no socket is bound to makes the sender's next receive fail once with WSAECONNRESET; sends keep succeeding.",
    source:
      "recv page (WSAECONNRESET on a UDP socket: a previous send drew an ICMP port unreachable); SIO_UDP_CONNRESET is on by default (KB Q263823; the Winsock IOCTLs page); Wine sock.c test_UDP (sends to an unbound port keep succeeding).",
    links: [
      {
        title: "recv function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-recv",
      },
      {
        title: "Winsock IOCTLs, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/winsock-ioctls",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_UDP (line 3180)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3180",
      },
    ],
  },
  {
    id: "NET-SHUTDOWN",
    statement:
      "shutdown checks how (WSAEINVAL for anything but SD_RECEIVE, SD_SEND, SD_BOTH), then that a stream socket is connected (WSAENOTCONN, also for a listener); afterwards new sends fail with WSAESHUTDOWN after SD_SEND and new receives after SD_RECEIVE; a call already waiting in recv on a stream socket is not woken by shutdown and gets the data that arrives later, while one waiting in recvfrom on a datagram socket is interrupted (WSAESHUTDOWN). shutdown can be repeated and not undone.",
    source:
      "shutdown page; Wine sock.c test_shutdown (observed facts 89-95); EPICS blockingSockTest on WIN32 (epics-base PR #30: shutdown does not wake a thread blocked in recv); fact 94 (a pending receive survives SD_RECEIVE); EPICS PR #30 results ('WIN32: shutdown() interrupts recvfrom()' on UDP).",
    windows:
      "The error an interrupted datagram recvfrom returns is not reported by the EPICS results; the simulator answers WSAESHUTDOWN, as for a new call.",
    links: [
      {
        title: "shutdown function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-shutdown",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_shutdown (line 9381)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L9381",
      },
      {
        title:
          "epics-base/epics-base pull request #30: redo blockingSockTest to check recv()/accept()/recvfrom() (results per target)",
        url: "https://github.com/epics-base/epics-base/pull/30",
      },
    ],
  },
  {
    id: "NET-IOCTL",
    statement:
      "ioctlsocket supports FIONBIO (the socket's blocking mode, shared by every descriptor), FIONREAD (normal bytes waiting; for a datagram socket the size of the first datagram) and SIOCATMARK; another command is WSAEOPNOTSUPP and a bad argp WSAEFAULT.",
    source:
      "ioctlsocket page and 'Winsock IOCTLs'; Wine sock.c test_fionbio, test_fionread_siocatmark, test_unsupported_ioctls.",
    windows:
      "FIONREAD on a datagram socket: the current IOCTL page says the total queued, the Winsock specifications say the first datagram (X10); no Windows test decides it, and the simulator follows the specifications.",
    links: [
      {
        title: "ioctlsocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-ioctlsocket",
      },
      {
        title: "Winsock IOCTLs, Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/winsock-ioctls",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_fionbio (line 5683)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5683",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_fionread_siocatmark (line 5459)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5459",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_unsupported_ioctls (line 5899)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5899",
      },
    ],
  },
  {
    id: "NET-LAST-CLOSE",
    statement:
      "The last close of a connected stream socket starts the close of the connection: abortive (the peer is reset) with SO_LINGER {1, 0} or with unread data in its own receive queue, graceful otherwise; closing any other descriptor sends nothing to the peer.",
    source:
      "closesocket page and 'Graceful Shutdown, Linger Options, and Socket Closure' (B1, B2); RFC 1122 4.2.2.13 (a close with unread data sends RST).",
    windows:
      "That Windows resets a connection closed with unread data is not asserted by a Wine test; it is RFC 1122's rule, which Windows' stack implements.",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "Graceful Shutdown, Linger Options, and Socket Closure (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/graceful-shutdown-linger-options-and-socket-closure-2",
      },
      {
        title: "RFC 1122, Requirements for Internet Hosts, section 4.2.2.13 (closing a connection)",
        url: "https://www.rfc-editor.org/rfc/rfc1122#section-4.2.2.13",
      },
    ],
  },
  {
    id: "NET-GRACEFUL",
    statement:
      "A graceful last close delivers every byte already accepted by send, then the FIN, even when the receiver's window makes the socket outlive its last descriptor.",
    source:
      "closesocket page (default graceful close in the background); Wine sock.c test_send_buffering (observed fact 87: 50 MB still delivered after closesocket).",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_send_buffering (line 14297)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L14297",
      },
    ],
  },
  {
    id: "NET-ABORTIVE-CLOSE",
    statement:
      "An abortive close (SO_LINGER {1, 0}, a linger timeout, or unread data) resets the peer at once; data not yet delivered is lost.",
    source: "closesocket page linger table (B2); Wine sock.c close_with_rst (observed fact 85).",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, close_with_rst (line 213)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L213",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_tcp_reset (line 13775)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13775",
      },
    ],
  },
  {
    id: "NET-LINGER",
    statement:
      "With SO_LINGER {1, N>0} and sent data not yet delivered, the last close of a non-blocking socket fails with WSAEWOULDBLOCK and leaves the descriptor valid; a blocking one waits until the data is delivered or N seconds pass, then resets, and returns 0 either way. The waiting close keeps its descriptor; if another thread closes that descriptor meanwhile (a close that is not the last once the socket has been duplicated, LIFE-SHARED-CLOSE), the waiting close ends at delivery or at the time-out with WSAENOTSOCK (HANDLE-KIND) and changes nothing: no reset, and the socket lives on through its other descriptors; a socket that has since reused the descriptor value is left alone too.",
    source: "closesocket page (B2, B4).",
    windows:
      "Not observed in Wine's tests; the documented behaviour is followed. What Windows answers a lingering close whose descriptor another thread closed is unverified (no test or documentation found): the simulator's WSAENOTSOCK follows HANDLE-KIND for a descriptor that no longer exists when the close ends.",
    links: [
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
      {
        title: "LINGER structure (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/ns-winsock-linger",
      },
    ],
  },
  {
    id: "NET-BLOCKING",
    statement:
      "A call on a blocking socket that cannot complete blocks its thread until it can, its timeout (SO_RCVTIMEO for receives, SO_SNDTIMEO for sends) expires with WSAETIMEDOUT, or the socket goes away; on a non-blocking socket it fails with WSAEWOULDBLOCK at once.",
    source:
      "recv, send, accept, connect pages; 'Windows Sockets 1.1 Blocking Routines'; Wine sock.c test_timeout (WSAETIMEDOUT, the connection stays usable).",
    windows:
      "Older Windows adds about 500 ms to SO_RCVTIMEO (dlang/phobos PR #99); the simulator uses the value as set, as current Windows is believed to.",
    links: [
      {
        title: "recv function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-recv",
      },
      {
        title: "send function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-send",
      },
      {
        title: "accept function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-accept",
      },
      {
        title: "connect function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-connect",
      },
      {
        title: "Windows Sockets 1.1 Blocking Routines and EINPROGRESS (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/windows-sockets-1-1-blocking-routines-and-einprogress-2",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_timeout (line 13342)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13342",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "dlang/phobos pull request #99: std.socket additions (receive and send timeouts)",
        url: "https://github.com/dlang/phobos/pull/99",
      },
    ],
  },
  {
    id: "NET-CLOSE-WAKES",
    statement:
      "A thread blocked on a socket whose last descriptor another thread closes wakes with WSAEINTR, also when a graceful close keeps the socket alive to deliver its data; closing a descriptor that is not the last leaves the wait alone.",
    source:
      "Issue threads reporting Windows' error for a blocking receive interrupted by closesocket: SignalR #1609, HttpToSocks5Proxy #7, sharpsnmplib #404 ('A blocking operation was interrupted by a call to WSACancelBlockingCall', WSAEINTR); Wine sock.c test_accept (fact 78: a blocked accept is woken); test_completion_port (facts 11-13: I/O pending on a duplicate survives closing another descriptor).",
    windows:
      "No Wine test asserts the error code; for a blocked connect or send no evidence was found and WSAEINTR is used as for recv.",
    links: [
      {
        title:
          "SignalR/SignalR issue #1609: SocketException 'A blocking operation was interrupted by a call to WSACancelBlockingCall'",
        url: "https://github.com/SignalR/SignalR/issues/1609",
      },
      {
        title:
          "MihaZupan/HttpToSocks5Proxy issue #7: 'A blocking operation was interrupted by a call to WSACancelBlockingCall'",
        url: "https://github.com/MihaZupan/HttpToSocks5Proxy/issues/7",
      },
      {
        title:
          "lextudio/sharpsnmplib issue #404: WSACancelBlockingCall error when the trap listener closes",
        url: "https://github.com/lextudio/sharpsnmplib/issues/404",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_accept (line 4994)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4994",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_completion_port (line 10537)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L10537",
      },
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
    ],
  },
  {
    id: "NET-TIMEOUT",
    statement:
      "A blocked call whose timeout expires fails with WSAETIMEDOUT and the socket stays usable.",
    source:
      "SOL_SOCKET options page (SO_RCVTIMEO, SO_SNDTIMEO); Wine sock.c test_timeout (observed fact 121).",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_timeout (line 13342)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13342",
      },
    ],
  },
  {
    id: "NET-WAKE-ORDER",
    statement:
      "When a change lets blocked calls finish, they are retried first blocked, first served, and each finishes as soon as it can; a retried call that still cannot finish stays blocked, unchanged.",
    source: "Wine sock.c test_simultaneous_async_recv (two pending receives are served in order).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_simultaneous_async_recv (line 13236)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13236",
      },
    ],
  },
  {
    id: "NET-CLOCK",
    statement:
      "Virtual time moves only when the simulation says so: Sleep, or an await whose call can only finish by a timeout, moves it to the next timer, and timers fire in deadline order; with the same inputs two runs are identical step for step.",
    source:
      "Project design (docs/network.md: nothing uses the wall clock); the timeouts it drives are those of rules NET-BLOCKING, NET-CONNECT, NET-CONNECT-REFUSED and NET-LINGER (SO_RCVTIMEO and SO_SNDTIMEO on the SOL_SOCKET options page, l_linger on the closesocket page); the simulated Sleep is kernel32's Sleep (Sleep page).",
    links: [
      {
        title: "Sleep function (synchapi.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-sleep",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "closesocket function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-closesocket",
      },
    ],
  },
  {
    id: "NET-UNIX-SOCKET",
    statement:
      'socket(AF_UNIX, SOCK_STREAM, 0) creates an AF_UNIX stream socket from the catalog entry "AF_UNIX" (protocol 0, SOCKADDR_UN of 110 bytes); SOCK_DGRAM or any other type on AF_UNIX is WSAESOCKTNOSUPPORT and a protocol other than 0 is WSAEPROTONOSUPPORT.',
    source:
      '"AF_UNIX comes to Windows" (Microsoft command-line blog, devblogs.microsoft.com/commandline/af_unix-comes-to-windows, December 2017: Windows 10 build 17063, released in 1803) (stream sockets only; SOCK_DGRAM may come later); the WSASocketW page (WSAESOCKTNOSUPPORT: the type is not supported in this address family); the provider {A00943D9-9C2E-4633-9B59-0057A3160994} of wshunix.dll as the Winsock helper list of Windows 10 shows it.',
    windows:
      "The error for SOCK_DGRAM is inferred from the WSASocketW page; no test found observes it. The catalog id (1007), service flags and iMinSockAddr are the simulator's choice. Wine 8.0 has no AF_UNIX: ws2_32 finds no catalog entry and wineserver's get_unix_family answers -1, so socket(AF_UNIX, SOCK_STREAM, 0) fails there with WSAEAFNOSUPPORT, and the conformance run cannot check these rules.",
    links: [
      {
        title: "WSASocketW function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsasocketw",
      },
      {
        title: "Wine 8.0, server/sock.c, get_unix_family (line 1758: default: return -1)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/server/sock.c#L1758",
      },
      {
        title:
          "Wine 8.0, server/sock.c, init_socket (lines 1840-1847: an unknown family is WSAEAFNOSUPPORT)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/server/sock.c#L1840-1847",
      },
      {
        title:
          "MicrosoftDocs/WSL, wsl-samples/afunix-wsl-interop/windows_server/af_unix_win_server.cpp",
        url: "https://github.com/MicrosoftDocs/WSL/blob/master/wsl-samples/afunix-wsl-interop/windows_server/af_unix_win_server.cpp",
      },
    ],
  },
  {
    id: "NET-UNIX-ADDRESS",
    statement:
      "An AF_UNIX bind or connect reads a SOCKADDR_UN: the path is sun_path up to its first NUL or up to namelen (so offsetof(sun_path) + strlen + 1 and the full 110 bytes both work); NULL, unreadable or a namelen below 2 is WSAEFAULT, another family WSAEAFNOSUPPORT, and an empty path (sun_path[0] = 0) WSAEINVAL.",
    source:
      "afunix.h (SOCKADDR_UN: ADDRESS_FAMILY sun_family; char sun_path[UNIX_PATH_MAX = 108]); \"AF_UNIX comes to Windows\" (Microsoft command-line blog, devblogs.microsoft.com/commandline/af_unix-comes-to-windows, December 2017: Windows 10 build 17063, released in 1803) (the structure and its semantics are Linux's: a NUL-terminated UTF-8 path); Microsoft's af_unix_win_server.cpp sample binds with sizeof(SOCKADDR_UN).",
    windows:
      "Windows' errors for malformed SOCKADDR_UN values are not observed in any source found; they follow NET-SOCKADDR. Windows accepts abstract names (sun_path[0] = 0, per the blog); the simulator does not model them and answers WSAEINVAL.",
    links: [
      {
        title:
          "MicrosoftDocs/WSL, wsl-samples/afunix-wsl-interop/windows_server/af_unix_win_server.cpp",
        url: "https://github.com/MicrosoftDocs/WSL/blob/master/wsl-samples/afunix-wsl-interop/windows_server/af_unix_win_server.cpp",
      },
      {
        title: "dotnet/runtime, System.Net.Sockets FunctionalTests, UnixDomainSocketTest.cs",
        url: "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Net.Sockets/tests/FunctionalTests/UnixDomainSocketTest.cs",
      },
      {
        title: "bind function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-bind",
      },
    ],
  },
  {
    id: "NET-UNIX-BIND",
    statement:
      "bind on an AF_UNIX socket checks the address, then that the socket is not bound yet (WSAEINVAL), then that no bind ever claimed the path (WSAEADDRINUSE); a successful bind claims the path, and getsockname returns it.",
    source:
      '"AF_UNIX comes to Windows" (Microsoft command-line blog, devblogs.microsoft.com/commandline/af_unix-comes-to-windows, December 2017: Windows 10 build 17063, released in 1803) (bind creates the socket file; binding needs the path not to exist); .NET\'s UnixDomainSocketTest (bind, listen, connect, accept and names, run on Windows).',
    links: [
      {
        title: "dotnet/runtime, System.Net.Sockets FunctionalTests, UnixDomainSocketTest.cs",
        url: "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Net.Sockets/tests/FunctionalTests/UnixDomainSocketTest.cs",
      },
      {
        title:
          "garrytan/gbrain issue 4333: a socket file left on disk makes every later bind fail with WSAEADDRINUSE (10048) on Windows",
        url: "https://github.com/garrytan/gbrain/issues/4333",
      },
    ],
  },
  {
    id: "NET-UNIX-PATH-STAYS",
    statement:
      "Closing an AF_UNIX socket does not remove the path its bind claimed: a later bind there fails with WSAEADDRINUSE, and a connect there is refused, for the rest of the simulation (there is no DeleteFile call).",
    source:
      "Microsoft's af_unix_win_server.cpp sample deletes the socket file after closing (DeleteFileA, 'analogous to unlink'); gbrain issue 4333 (a leftover socket file makes every later bind fail with WSAEADDRINUSE, 10048, even after a reboot); \"AF_UNIX comes to Windows\" (Microsoft command-line blog, devblogs.microsoft.com/commandline/af_unix-comes-to-windows, December 2017: Windows 10 build 17063, released in 1803).",
    windows:
      "Windows keeps the file until a program deletes it; the simulator has no file system and no DeleteFile yet, so a path stays taken until the simulation ends (a choice).",
    links: [
      {
        title:
          "MicrosoftDocs/WSL, wsl-samples/afunix-wsl-interop/windows_server/af_unix_win_server.cpp",
        url: "https://github.com/MicrosoftDocs/WSL/blob/master/wsl-samples/afunix-wsl-interop/windows_server/af_unix_win_server.cpp",
      },
      {
        title:
          "garrytan/gbrain issue 4333: a socket file left on disk makes every later bind fail with WSAEADDRINUSE (10048) on Windows",
        url: "https://github.com/garrytan/gbrain/issues/4333",
      },
    ],
  },
  {
    id: "NET-UNIX-CONNECT",
    statement:
      "connect on an AF_UNIX stream socket to a path where a socket listens (with room in its backlog) connects at once, as a loopback connect does; a path with no listener, bound or not, fails at once with WSAECONNREFUSED, and the failed connect leaves the socket unbound.",
    source:
      ".NET's UnixDomainSocketTest Socket_ConnectAsyncUnixDomainSocketEndPoint_NotServer (a connect to a path nobody bound fails with ConnectionRefused on Windows, AddressNotAvailable elsewhere) and Socket_SendReceive_Success.",
    windows:
      "Windows' answer for a bound socket that does not listen, and for a full backlog, is not observed; the simulator refuses both at once. That the refusal comes without TCP's 2-second SYN retries is inferred (there is no SYN).",
    links: [
      {
        title: "dotnet/runtime, System.Net.Sockets FunctionalTests, UnixDomainSocketTest.cs",
        url: "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Net.Sockets/tests/FunctionalTests/UnixDomainSocketTest.cs",
      },
    ],
  },
  {
    id: "NET-UNIX-NAMES",
    statement:
      "AF_UNIX names are whole SOCKADDR_UN structures (110 bytes, the path NUL-terminated): getsockname of a bound socket gives its path, an unbound socket that connected is unnamed (an empty path), an accepted socket is named by its listener's path, and its peer is the client's name (its path if it bound one).",
    source:
      ".NET's UnixDomainSocketTest: RemoteEndPointEqualsBindAddress (the accepted socket's peer is the path the client bound) and Socket_SendReceive_Clone_Success (LocalEndPoint and RemoteEndPoint of an unbound client and of an accepted socket exist on Windows).",
    windows:
      "The namelen Windows returns (110, or offsetof(sun_path) plus the path) is not observed; the simulator returns 110.",
    links: [
      {
        title: "dotnet/runtime, System.Net.Sockets FunctionalTests, UnixDomainSocketTest.cs",
        url: "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Net.Sockets/tests/FunctionalTests/UnixDomainSocketTest.cs",
      },
      {
        title: "getsockname function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockname",
      },
    ],
  },
  {
    id: "NET-UNIX-OPTIONS",
    statement:
      "On an AF_UNIX socket only SOL_SOCKET options apply; an IPPROTO_TCP, IPPROTO_IP or IPPROTO_IPV6 option fails with WSAENOPROTOOPT in getsockopt and setsockopt.",
    source:
      'getsockopt and setsockopt pages (WSAENOPROTOOPT: the option is unknown or unsupported by the indicated protocol family); "AF_UNIX comes to Windows" (Microsoft command-line blog, devblogs.microsoft.com/commandline/af_unix-comes-to-windows, December 2017: Windows 10 build 17063, released in 1803) (AF_UNIX is local IPC with no IP layer).',
    windows: "Inferred: no test of TCP or IP options on an AF_UNIX socket was found.",
    links: [
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
    ],
  },
  {
    id: "NET-UNIX-NO-OOB",
    statement:
      "An AF_UNIX stream has no urgent data: send or recv with MSG_OOB fails with WSAEOPNOTSUPP; everything else about sending and receiving is the stream of NET-STREAM-ORDER, NET-BUFFERS and NET-FIN.",
    source:
      'send page (WSAEOPNOTSUPP: MSG_OOB on a socket that does not support it); AF_UNIX on Linux (unix(7)) has no out-of-band data, and the Windows implementation keeps Linux\'s semantics per "AF_UNIX comes to Windows" (Microsoft command-line blog, devblogs.microsoft.com/commandline/af_unix-comes-to-windows, December 2017: Windows 10 build 17063, released in 1803).',
    windows: "Inferred; no test of MSG_OOB on an AF_UNIX socket was found.",
    links: [
      {
        title: "send function (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-send",
      },
    ],
  },
  {
    id: "NET-UNIX-SHARING",
    statement:
      "An AF_UNIX socket is shared like a TCP socket: WSADuplicateSocket fills a WSAPROTOCOL_INFO with iAddressFamily 1, iProtocol 0 and the AF_UNIX catalog entry, and WSASocket(FROM_PROTOCOL_INFO) in the target gives a descriptor of the same socket, connection and path.",
    source:
      ".NET's SocketDuplicationTests SocketCtr_SocketInformation_NonIpSocket_ThrowsNotSupportedException (DuplicateAndClose, that is WSADuplicateSocket, of an AF_UNIX socket succeeds on Windows; only .NET's own constructor then refuses the non-IP family); .NET's Socket_SendReceive_Clone_Success (two handles of one AF_UNIX socket carry one connection).",
    windows:
      "WSASocket with the structure of an AF_UNIX socket is not observed in any test found; it is inferred from the provider's IFS handles.",
    links: [
      {
        title:
          "dotnet/runtime, System.Net.Sockets FunctionalTests, SocketDuplicationTests.cs (SocketCtr_SocketInformation_NonIpSocket_ThrowsNotSupportedException)",
        url: "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Net.Sockets/tests/FunctionalTests/SocketDuplicationTests.cs",
      },
      {
        title: "dotnet/runtime, System.Net.Sockets FunctionalTests, UnixDomainSocketTest.cs",
        url: "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Net.Sockets/tests/FunctionalTests/UnixDomainSocketTest.cs",
      },
    ],
  },
  {
    id: "OPT-POINTER",
    statement:
      "A NULL or invalid optval or optlen, a setsockopt buffer shorter than a positive optlen, or a getsockopt buffer too small for what is written fails with WSAEFAULT; setsockopt(SO_LINGER or SO_DONTLINGER, NULL, 0 or 4) is WSAEFAULT too, while SO_UPDATE_CONNECT_CONTEXT, which reads no value, takes a NULL optval (rule CONNECTEX-CONTEXT). Pointers are checked after WSAENOTSOCK and before the level and option.",
    source:
      "getsockopt/setsockopt pages (C2, C3); Wine sock.c test_set_getsockopt (observed facts 17, 99, 125)",
    windows:
      "Choice: no observation orders a bad pointer against a bad level or option; pointers are checked first because argument probing does not depend on the option. WSAENOTSOCK comes before pointers (fact 140), which the caller checks.",
    links: [
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-LEVEL-UNKNOWN",
    statement:
      "An unknown level (anything but SOL_SOCKET, IPPROTO_IP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IPV6, compared as a full int) fails with WSAEINVAL.",
    source:
      "getsockopt/setsockopt pages (C2, C3); Wine sock.c test_set_getsockopt (levels 0xffffffff, 0x1234ffff, 0x8000ffff, 0x8000, 0x800)",
    windows:
      "The error-codes page describes WSAENOPROTOOPT for an unknown level (X8); Windows answers WSAEINVAL, which we follow.",
    links: [
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Windows Sockets Error Codes (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/windows-sockets-error-codes-2",
      },
    ],
  },
  {
    id: "OPT-NAME-UNKNOWN",
    statement:
      "An option number that the level does not know fails with WSAENOPROTOOPT (including options of the headers that no reference shows Windows answering, and every IPPROTO_UDP option).",
    source:
      "getsockopt/setsockopt pages (C2, C4); Wine sock.c test_sockopt_validity (option -1 at every level)",
    windows:
      "IPPROTO_UDP options (UDP_NOCHECKSUM, UDP_SEND_MSG_SIZE) exist on Windows but have no constants here yet; they answer WSAENOPROTOOPT until added.",
    links: [
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
    ],
  },
  {
    id: "OPT-READ-ONLY",
    statement:
      "setsockopt of a get-only option fails with WSAENOPROTOOPT, except SO_TYPE on a non-stream socket, which fails with WSAEINVAL.",
    source:
      "SOL_SOCKET options page Get/Set columns (C6); Wine sock.c test_WSASocket (observed fact 21), test_listen (SO_ACCEPTCONN)",
    windows:
      "No page names the error; Windows gives WSAENOPROTOOPT, and WSAEINVAL for SO_TYPE on UDP (todo_wine, so Windows behaviour). SO_ERROR is documented get-only but Windows accepts it (OPT-SO-ERROR).",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_WSASocket (line 3324)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L3324",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_listen (line 4170)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4170",
      },
    ],
  },
  {
    id: "OPT-WRITE-ONLY",
    statement:
      "getsockopt of a set-only option (IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP and IPv6 equivalents, SO_UPDATE_ACCEPT_CONTEXT, SO_UPDATE_CONNECT_CONTEXT) fails with WSAENOPROTOOPT on every socket type.",
    source: "SOL_SOCKET options page (C6); Wine sock.c test_sockopt_validity (observed fact 141)",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
    ],
  },
  {
    id: "OPT-UNSUPPORTED-EINVAL",
    statement:
      "SO_RCVLOWAT, SO_SNDLOWAT, SO_USELOOPBACK, IP_GET_IFLIST and IPV6_GET_IFLIST fail with WSAEINVAL for getsockopt and setsockopt.",
    source: "SOL_SOCKET options page, getsockopt page (C7); Wine sock.c test_sockopt_validity",
    windows: "Before Vista the BSD options gave WSAENOPROTOOPT; we follow Vista and later.",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
    ],
  },
  {
    id: "OPT-NOT-SUPPORTED",
    statement:
      "Options the TCP/IP provider does not implement fail with WSAENOPROTOOPT in both directions: SO_GROUP_PRIORITY (no socket is in a group), PVD_CONFIG, SO_CONNDATA, SO_CONNOPT, SO_DISCDATA, SO_DISCOPT and their *LEN forms.",
    source:
      "SOL_SOCKET options page and socket options defaults table (C7, C8: SO_GROUP_PRIORITY WSAENOPROTOOPT on non-group sockets; legacy options not TCP/IP)",
    windows:
      "Choice for PVD_CONFIG and the legacy options: the references only say they are not TCP/IP options.",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Socket Options and IOCTLs (Winsock, defaults table), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/socket-options-and-ioctls-2",
      },
    ],
  },
  {
    id: "OPT-STREAM-ONLY",
    statement:
      "SO_LINGER and SO_DONTLINGER on a non-stream socket fail with WSAENOPROTOOPT for getsockopt and setsockopt.",
    source: "Wine sock.c test_extendedSocketOptions (getsockopt(UDP, SO_LINGER))",
    windows:
      "Observed for getsockopt(SO_LINGER); SO_DONTLINGER and setsockopt are taken to behave the same.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_extendedSocketOptions (line 5234)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5234",
      },
    ],
  },
  {
    id: "OPT-DATAGRAM-ONLY",
    statement:
      "Datagram-only IP and IPv6 options (multicast interface/TTL/hops/loop, packet info, IP_RECVTTL, IP_RECVTOS, IPV6_HOPLIMIT, IPV6_RECVTCLASS, the other receive-ancillary options, and setsockopt of the membership options) fail with WSAEINVAL on a TCP socket; IP_HDRINCL and IPV6_HDRINCL fail with WSAEINVAL on any non-raw socket.",
    source:
      "Wine sock.c test_sockopt_validity (observed fact 141), test_set_getsockopt (IP_HDRINCL)",
    windows:
      "Rows marked todo_wine in Wine's table are still Windows behaviour and are followed. setsockopt of IP_ADD_MEMBERSHIP on TCP is not observed; it follows the pattern.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-TCP-ONLY",
    statement: "IPPROTO_TCP options on a socket that is not a TCP socket fail with WSAENOPROTOOPT.",
    source: "IPPROTO_TCP socket options page (C9: the options apply to TCP sockets)",
    windows:
      "Choice: no reference gives the error; WSAENOPROTOOPT is the generic 'option unsupported by this socket' code of C3.",
    links: [
      {
        title: "IPPROTO_TCP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-tcp-socket-options",
      },
    ],
  },
  {
    id: "OPT-DONTROUTE-IPV6",
    statement:
      "setsockopt(SO_DONTROUTE) fails with WSAENOPROTOOPT on an AF_INET6 socket; on AF_INET it is accepted and has no effect.",
    source: "SOL_SOCKET options page (C7)",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
    ],
  },
  {
    id: "OPT-V6ONLY-BOUND-IPV4",
    statement:
      "setsockopt(IPPROTO_IPV6, IPV6_V6ONLY) on an AF_INET socket works while the socket is unbound (the value is kept and read back) and fails with WSAEINVAL, changing nothing, once it is bound (by bind, or implicitly by connect or sendto), whatever the value; getsockopt(IPV6_V6ONLY) keeps working on AF_INET sockets, bound or not.",
    source:
      'Wine sock.c test_ipv6only, run on Windows: on an unbound AF_INET socket setsockopt(IPV6_V6ONLY) to 0 and then to 1 succeeds (ok(!ret)); after bind(v4) setting it to 0 and to 1 both fail (ok(ret, "setsockopt(IPV6_V6ONLY) succeeded"), not todo_wine); getsockopt succeeds before and after (todo_wine, so what Windows does). Wine\'s IOCTL_AFD_WINE_SET_IPV6_V6ONLY fakes success only for an unbound IPv4 socket.',
    windows:
      "The test does not check Windows' error code: WSAEINVAL is what Wine 8.0 gives (Linux's ENOPROTOOPT becomes STATUS_INVALID_PARAMETER, then WSAEINVAL) and is unverified on Windows. Only an explicit bind is tested; the implicit binds of connect and sendto are taken to count the same (listen needs a bound socket anyway). As in Wine, a zero optlen fails with WSAEFAULT before the socket's state is looked at.",
    links: [
      {
        title: "Wine 8.0, dlls/ws2_32/tests/sock.c, test_ipv6only (line 6937)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L6937",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_ipv6only: setsockopt(IPV6_V6ONLY) on the unbound AF_INET socket succeeds (line 6980)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L6980",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_ipv6only: after bind, setting it to 0 fails (line 7008)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7008",
      },
      {
        title:
          "Wine 8.0, dlls/ws2_32/tests/sock.c, test_ipv6only: after bind, setting it to 1 fails (line 7020)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ws2_32/tests/sock.c#L7020",
      },
      {
        title:
          "Wine 8.0, dlls/ntdll/unix/socket.c, IOCTL_AFD_WINE_SET_IPV6_V6ONLY (line 2371-2390)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-8.0/dlls/ntdll/unix/socket.c#L2371-2390",
      },
    ],
  },
  {
    id: "OPT-NOT-CONNECTED",
    statement:
      "getsockopt of IP_MTU, IPV6_MTU and TCP_MAXSEG on an unconnected socket fails with WSAENOTCONN; TCP_MAXSEG may be set and is ignored.",
    source:
      "Wine sock.c test_sockopt_validity (IP_MTU/IPV6_MTU unconnected, todo_wine so Windows behaviour); IPPROTO_TCP options page (C9)",
    windows:
      "TCP_MAXSEG is a choice by analogy with IP_MTU (the MSS exists once connected). The kernel has no connections yet, so these reads always fail.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
      {
        title: "IPPROTO_TCP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-tcp-socket-options",
      },
    ],
  },
  {
    id: "OPT-SET-LENGTH-NEGATIVE",
    statement:
      "setsockopt with a negative optlen succeeds for the 4-byte SOL_SOCKET options (reading 4 bytes) and fails with WSAENOBUFS for the one-byte options and every option of another level.",
    source:
      "Wine sock.c test_set_getsockopt optlen matrix (observed fact 130b; fact 123 for TCP_NODELAY)",
    windows:
      "Windows 7 to Windows 10 21H1 answered WSAEFAULT instead of WSAENOBUFS (broken() in the test); we follow current Windows.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
    ],
  },
  {
    id: "OPT-SET-LENGTH-ZERO",
    statement:
      "setsockopt with optlen 0 and a valid pointer succeeds for the SOL_SOCKET BOOLs (SO_BROADCAST, SO_DONTLINGER, SO_OOBINLINE, SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, and SO_DEBUG) and fails with WSAEFAULT for every other option.",
    source: "Wine sock.c test_set_getsockopt optlen matrix (observed fact 130d)",
    windows:
      "The value taken at optlen 0 is not observed. Since setsockopt(SO_DONTLINGER, NULL, 0) still faults (fact 99), the option reads its first byte, and so do we. SO_DEBUG joins the class by choice (it normalises like them, fact 129).",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
    ],
  },
  {
    id: "OPT-SET-LENGTH-SHORT",
    statement:
      "setsockopt with 0 < optlen < 4 reads optlen little-endian bytes for the SOL_SOCKET BOOLs and the byte-sized IP options (IP_TOS, IP_TTL, IP_MULTICAST_TTL/LOOP, IP_DONTFRAGMENT, IPV6_DONTFRAG, IPV6_*_HOPS, IPV6_MULTICAST_LOOP), and one byte for the one-byte options; every other option fails with WSAEFAULT. Set-only structures shorter than the structure fail with WSAEFAULT.",
    source:
      "Wine sock.c test_set_getsockopt optlen matrix and IP_MULTICAST_TTL test (observed facts 123, 130f, 130g, 131)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-SET-LENGTH-LONG",
    statement:
      "setsockopt with optlen at least the option's size reads only that size and ignores the rest (optlen 8 succeeds for every option; TCP_NODELAY accepts 42).",
    source: "Wine sock.c test_set_getsockopt (observed facts 123, 130a)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-GET-LENGTH-NONPOSITIVE",
    statement:
      "getsockopt with optlen 0 or negative fails with WSAEFAULT and leaves optval and optlen alone, for every option except SO_OPENTYPE (see OPT-OPENTYPE).",
    source: "Wine sock.c test_set_getsockopt optlen matrix (observed facts 130c, 130d)",
    windows:
      "For SO_PROTOCOL_INFOA/W with optlen 0 the short-buffer answer of OPT-PROTOCOL-INFO applies (optlen set to the structure size); a choice, as 0 is below the size.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
    ],
  },
  {
    id: "OPT-GET-LENGTH-SHORT",
    statement:
      "getsockopt with 0 < optlen < 4: SOL_SOCKET BOOLs write min(optlen, 2) bytes and report optlen 1; byte-sized IP options write one byte and report 1; SO_LINGER, SO_RCVBUF, SO_SNDBUF fail with WSAEFAULT after zeroing the optlen bytes; SO_RCVTIMEO, SO_SNDTIMEO, SO_OPENTYPE and the other SOL_SOCKET ints fail with WSAEFAULT writing nothing; TCP and IP driver options fail with WSAEFAULT and set optlen to 0.",
    source: "Wine sock.c test_set_getsockopt optlen matrix (observed facts 127, 130f, 130g)",
    windows:
      "optlen 3 is not observed: SOL_SOCKET BOOLs are taken to write 2 bytes as for optlen 2. SOL_SOCKET ints outside the matrix (SO_ERROR, SO_TYPE, ...) take the no-write class; TCP/IP options outside the matrix take the optlen-0 class, the pattern of every driver option in the matrix.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
    ],
  },
  {
    id: "OPT-GET-LENGTH-LONG",
    statement:
      "getsockopt with optlen at least the option's size writes the natural size and sets optlen to it: 1 for SO_KEEPALIVE, SO_DONTROUTE, TCP_NODELAY and IPV6_V6ONLY (even for optlen 4 or 8), 4 for the others.",
    source: "Wine sock.c test_set_getsockopt (observed fact 130a)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-BOOL",
    statement:
      "A BOOL option stores any non-zero value as 1 and reads back 0 or 1 (SO_DEBUG set 2 reads 1; 0x100 reads 1; IP_DONTFRAGMENT 0xdead reads 1).",
    source: "Wine sock.c test_set_getsockopt and test_so_debug (observed facts 129, 130e, 131)",
    windows:
      "The DWORD BOOLs outside the matrix (SO_CONDITIONAL_ACCEPT, SO_PAUSE_ACCEPT, TCP_TIMESTAMPS, ...) are taken to normalise the same way and to take only 4-byte values.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_so_debug (line 13416)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13416",
      },
    ],
  },
  {
    id: "OPT-BYTE",
    statement:
      "The one-byte options SO_KEEPALIVE, SO_DONTROUTE, TCP_NODELAY and IPV6_V6ONLY use only the first byte of the value (0x100 reads back 0) and report it as one byte.",
    source: "Wine sock.c test_set_getsockopt (observed facts 123, 130a, 130e)",
    windows: "A first byte other than 0 or 1 is not observed; it is stored as 1.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-INT",
    statement:
      "Integer options keep the 32-bit value as given and read it back unchanged (SO_RCVBUF 0 and 4096, SO_RCVTIMEO 63000, 0x100 for SO_RCVBUF/SO_SNDBUF/SO_RCVTIMEO/SO_SNDTIMEO/TCP_KEEPALIVE/TCP_KEEPINTVL).",
    source: "Wine sock.c test_set_getsockopt (observed facts 121, 122, 124, 130e)",
    windows:
      "The SO_SNDBUF/SO_RCVBUF documentation says Windows may grant less than asked (C14); the tests show every value read back as set, which we follow.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
    ],
  },
  {
    id: "OPT-BYTE-RANGE",
    statement:
      "IP_TOS, IP_TTL, IP_MULTICAST_TTL, IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS and TCP_KEEPCNT reject values above 255 with WSAEINVAL.",
    source:
      "Wine sock.c test_set_getsockopt (observed fact 130e); IPPROTO_TCP options page (C9: TCP_KEEPCNT > 255 illegal, X19)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "IPPROTO_TCP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-tcp-socket-options",
      },
    ],
  },
  {
    id: "OPT-MTU-DISCOVER",
    statement:
      "IP_MTU_DISCOVER and IPV6_MTU_DISCOVER read IP_PMTUDISC_NOT_SET (0) by default and accept only IP_PMTUDISC_DO, DONT and PROBE (1 to 3); other values fail with WSAEINVAL.",
    source:
      "Wine sock.c test_sockopt_validity (setting the value read back fails with WSAEINVAL, todo_wine so Windows behaviour)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
    ],
  },
  {
    id: "OPT-LINGER",
    statement:
      "SO_LINGER stores l_onoff and l_linger (two u_short) as given and reads them back unchanged (l_onoff 0x100 reads 0x100).",
    source:
      "linger structure page (C12); Wine sock.c test_set_getsockopt (observed facts 97, 130e)",
    links: [
      {
        title: "LINGER structure (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/ns-winsock-linger",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
  {
    id: "OPT-DONTLINGER",
    statement:
      "SO_DONTLINGER is a view of SO_LINGER: it reads !l_onoff; TRUE clears l_onoff and FALSE sets l_onoff to 1, both keeping l_linger, so a timeout set before with SO_LINGER is restored.",
    source:
      "setsockopt/getsockopt pages and defaults table (C11); Wine sock.c test_extendedSocketOptions",
    windows:
      "The LINGER page and the SOL_SOCKET page describe the inverted polarity (X3); the setsockopt/getsockopt pages and Windows agree on !l_onoff. Keeping l_linger settles X25's unspecified timeout.",
    links: [
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "Socket Options and IOCTLs (Winsock, defaults table), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/socket-options-and-ioctls-2",
      },
      {
        title: "LINGER structure (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/ns-winsock-linger",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_extendedSocketOptions (line 5234)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5234",
      },
    ],
  },
  {
    id: "OPT-REUSE-EXCLUSIVE",
    statement:
      "Setting SO_REUSEADDR or SO_EXCLUSIVEADDRUSE to a non-zero value while the other is set fails with WSAEINVAL, in either order; setting either to 0 always succeeds.",
    source: "Wine sock.c test_reuseaddr and test_ipv6only",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_reuseaddr (line 2110)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L2110",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_ipv6only (line 7325)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7325",
      },
      {
        title: "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/using-so-reuseaddr-and-so-exclusiveaddruse",
      },
    ],
  },
  {
    id: "OPT-SO-ERROR",
    statement:
      "setsockopt(SO_ERROR, v) succeeds and getsockopt(SO_ERROR) then returns v; reading SO_ERROR does not clear it.",
    source:
      "Wine sock.c test_set_getsockopt (observed fact 127, todo_wine so Windows behaviour); Wine sock.c test_select interactive block (two successive getsockopt(SO_ERROR) both return WSAECONNREFUSED; fact 116)",
    windows:
      "getsockopt's page says SO_ERROR is reset on read and WSAGetLastError's page says the thread's error is (C10, X9). Windows keeps the value across reads, which we follow.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_select (line 4293)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4293",
      },
      {
        title: "getsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-getsockopt",
      },
      {
        title: "WSAGetLastError function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-wsagetlasterror",
      },
    ],
  },
  {
    id: "OPT-OPENTYPE",
    statement:
      "SO_OPENTYPE is per-thread state: it works with any socket argument including INVALID_SOCKET, reads 0 in a new thread, keeps its value as given, and getsockopt with a negative optlen succeeds writing 4 bytes and setting optlen to 4.",
    source:
      "Wine sock.c test_set_getsockopt, test_sockopt_validity and the thread helpers set_so_opentype and check_so_opentype (observed facts 120, 130c, 130e, 140)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, check_so_opentype (line 348)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L348",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
    ],
  },
  {
    id: "OPT-PROTOCOL-INFO",
    statement:
      "SO_PROTOCOL_INFOA/W write the socket's WSAPROTOCOL_INFOA (372 bytes) or WSAPROTOCOL_INFOW (628 bytes) and leave optlen as passed even when larger; a smaller optlen fails with WSAEFAULT and sets optlen to the structure size.",
    source: "Wine sock.c test_set_getsockopt (observed facts 16, 17)",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "WSAPROTOCOL_INFOW structure (winsock2.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock2/ns-winsock2-wsaprotocol_infow",
      },
    ],
  },
  {
    id: "OPT-BSP-STATE",
    statement:
      "SO_BSP_STATE needs optlen of at least sizeof(CSADDR_INFO) plus two sockaddrs (else WSAEFAULT, optlen unchanged), writes a CSADDR_INFO with empty local and remote addresses on an unbound socket and the socket's type and protocol, and leaves optlen as passed.",
    source: "Wine sock.c test_set_getsockopt (observed fact 142)",
    windows:
      "x64 layout (40-byte CSADDR_INFO). Bound and connected sockets do not exist in the kernel yet. Filling iSocketType/iProtocol on an unbound socket is a choice.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
    ],
  },
  {
    id: "OPT-STATE",
    statement:
      "Read-only state options: SO_TYPE is the socket type; SO_ACCEPTCONN 1 while listening else 0; SO_CONNECT_TIME 0xFFFFFFFF unless a stream socket is connected; SO_MAX_MSG_SIZE, SO_MAXDG and SO_MAXPATHDG the provider's dwMessageSize (65527 for UDP, 0 for TCP); SO_GROUP_ID 0.",
    source:
      "SOL_SOCKET options page (C8); Wine sock.c test_listen, test_connect_time, test_extendedSocketOptions (observed fact 120)",
    windows:
      "SO_MAX_MSG_SIZE on TCP is not observed and 'has no meaning for stream-oriented sockets'; we report dwMessageSize (0), matching SO_PROTOCOL_INFO. SO_MAXDG/SO_MAXPATHDG are taken equal to SO_MAX_MSG_SIZE.",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_listen (line 4170)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L4170",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_time (line 13999)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13999",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_extendedSocketOptions (line 5234)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L5234",
      },
    ],
  },
  {
    id: "OPT-DEFAULTS",
    statement:
      "An option never set reads its default: SO_RCVBUF and SO_SNDBUF 65536; SO_RCVTIMEO, SO_SNDTIMEO, SO_DEBUG, SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, SO_KEEPALIVE, SO_OOBINLINE, SO_BROADCAST, TCP_NODELAY, SO_ERROR 0; SO_LINGER {0, 0} so SO_DONTLINGER 1; IP_DONTFRAGMENT and IPV6_DONTFRAG 1 on TCP and 0 otherwise; IPV6_V6ONLY 1; IP_TTL and IPV6_UNICAST_HOPS 128; IP_MULTICAST_TTL/LOOP and IPV6_MULTICAST_HOPS/LOOP 1; TCP_KEEPALIVE 7200, TCP_KEEPINTVL 1, TCP_KEEPCNT 10, TCP_BSDURGENT 1.",
    source:
      "socket options defaults table (C8, C9, C11); Wine sock.c (observed fact 120; test_so_debug, test_connect_time, test_ipv6only); ws2ipdef.h IP_DEFAULT_MULTICAST_TTL/LOOP = 1 (IPPROTO_IP options page); dotnet/dotnet-api-docs#9493 and PR #9497, ela-compil/BACnet#195 (64 KiB buffers on current Windows)",
    windows:
      "8192 was the SO_RCVBUF/SO_SNDBUF default of older Windows and is still in old documentation. IP_TTL 128 (Windows DefaultTTL), TCP_KEEPCNT 10, IP_RECEIVE_BROADCAST 1, TCP_MAXRT 0, IPV6_PROTECTION_LEVEL 0xFFFFFFFF and IP_USER_MTU 0xFFFFFFFF are not in the references: choices.",
    links: [
      {
        title: "Socket Options and IOCTLs (Winsock, defaults table), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/socket-options-and-ioctls-2",
      },
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "IPPROTO_TCP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-tcp-socket-options",
      },
      {
        title: "IPPROTO_IP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-ip-socket-options",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_so_debug (line 13416)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13416",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_connect_time (line 13999)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13999",
      },
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_ipv6only (line 7325)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L7325",
      },
      {
        title:
          "dotnet/dotnet-api-docs issue #9493: Socket.ReceiveBufferSize default value incorrect",
        url: "https://github.com/dotnet/dotnet-api-docs/issues/9493",
      },
      {
        title:
          "dotnet/dotnet-api-docs pull request #9497: remove the explicit default of the socket send/receive buffers",
        url: "https://github.com/dotnet/dotnet-api-docs/pull/9497",
      },
      {
        title:
          "ela-compil/BACnet pull request #195: configurable UDP receive buffer (64 KB default on Windows)",
        url: "https://github.com/ela-compil/BACnet/pull/195",
      },
    ],
  },
  {
    id: "OPT-EMPTY-VALUE",
    statement:
      "Variable-length values the simulator does not keep (IP_OPTIONS, IP_RTHDR, IPV6_HOPOPTS, IPV6_RTHDR, TCP_ICMP_ERROR_INFO) read as empty: getsockopt succeeds with optlen 0. setsockopt of the header options accepts any non-negative optlen and changes nothing.",
    source:
      "Wine sock.c test_sockopt_validity (get then set with the returned count succeeds); IPPROTO_TCP options page (C9: TCP_ICMP_ERROR_INFO optlen 0 means no ICMP error)",
    windows:
      "Not simulated: Windows keeps IP options set by the caller and reads them back; here they are dropped.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
      {
        title: "IPPROTO_TCP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-tcp-socket-options",
      },
    ],
  },
  {
    id: "OPT-MEMBERSHIP",
    statement:
      "IP_ADD_MEMBERSHIP/IP_DROP_MEMBERSHIP (ip_mreq, 8 bytes) and IPV6_ADD_MEMBERSHIP/IPV6_DROP_MEMBERSHIP (ipv6_mreq, 20 bytes) are set-only; on a datagram socket a complete structure is accepted and changes no simulated state.",
    source:
      "Wine sock.c test_sockopt_validity; the multicast options of the IPPROTO_IP options page (not simulated)",
    windows:
      "Not simulated: Windows validates the group address and tracks memberships (a drop without an add fails); the kernel has no multicast yet.",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_sockopt_validity (line 13501)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L13501",
      },
      {
        title: "IPPROTO_IP Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/ipproto-ip-socket-options",
      },
    ],
  },
  {
    id: "OPT-CONTEXT-UPDATE",
    statement:
      "setsockopt(SO_UPDATE_ACCEPT_CONTEXT) fails with WSAEINVAL on a socket no AcceptEx accepted a connection into (on one that AcceptEx did, see ACCEPTEX-CONTEXT); setsockopt(SO_UPDATE_CONNECT_CONTEXT) fails with WSAENOTCONN on a socket that is not a connected stream socket and succeeds on one that is, however it was connected.",
    source:
      "SOL_SOCKET and setsockopt pages (C8, X18); WSAConnectByName page, Remarks (https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-wsaconnectbynamea: a socket connected by WSAConnectByName, not ConnectEx, takes SO_UPDATE_CONNECT_CONTEXT to enable its previously set options)",
    windows:
      "WSAEINVAL for a socket AcceptEx did not accept into is a choice; the error codes are not in the references. That a socket connected by connect() also takes SO_UPDATE_CONNECT_CONTEXT is inferred from the WSAConnectByName page, not checked on Windows.",
    links: [
      {
        title: "SOL_SOCKET Socket Options (Winsock), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/winsock/sol-socket-socket-options",
      },
      {
        title: "setsockopt function (winsock.h), Microsoft Learn",
        url: "https://learn.microsoft.com/en-us/windows/win32/api/winsock/nf-winsock-setsockopt",
      },
    ],
  },
  {
    id: "OPT-FAILED-UNCHANGED",
    statement:
      "A getsockopt or setsockopt that fails changes no option of the socket or thread; only the output Windows writes on failure (OPT-GET-LENGTH-SHORT, OPT-PROTOCOL-INFO) reaches the caller.",
    source:
      "Wine sock.c test_set_getsockopt (after failing sets the value reads back unchanged: TCP_NODELAY with optlen 0 and -1); transaction rule of the kernel",
    links: [
      {
        title: "Wine 10.0, dlls/ws2_32/tests/sock.c, test_set_getsockopt (line 1183)",
        url: "https://gitlab.winehq.org/wine/wine/-/blob/wine-10.0/dlls/ws2_32/tests/sock.c#L1183",
      },
    ],
  },
];
