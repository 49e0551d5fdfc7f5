/**
 * Winsock error codes with the numeric values of winsock2.h / winerror.h, and the one user32
 * code a simulated call returns (ERROR_INVALID_WINDOW_HANDLE).
 *
 * This is the one table of error codes in the project: the kernel returns these numbers, the
 * facade stores them in WSAGetLastError, and the scenario reader resolves their names here.
 */
export const WSA_ERRORS = {
  WSA_INVALID_HANDLE: 6,
  WSA_NOT_ENOUGH_MEMORY: 8,
  WSA_INVALID_PARAMETER: 87,
  WSA_OPERATION_ABORTED: 995,
  WSA_IO_INCOMPLETE: 996,
  WSA_IO_PENDING: 997,
  // Not a Winsock code: winerror.h's, for an output pointer the kernel cannot write
  // (DuplicateHandle's lpTargetHandle, GetHandleInformation's lpdwFlags; rule HANDLE-INFO).
  ERROR_NOACCESS: 998,
  // Not a Winsock code: user32's, from winerror.h. PeekMessage fails with it for an hWnd that is
  // not a window (rule EVT-MESSAGE-MODE).
  ERROR_INVALID_WINDOW_HANDLE: 1400,
  WSAEINTR: 10004,
  WSAEBADF: 10009,
  WSAEACCES: 10013,
  WSAEFAULT: 10014,
  WSAEINVAL: 10022,
  WSAEMFILE: 10024,
  WSAEWOULDBLOCK: 10035,
  WSAEINPROGRESS: 10036,
  WSAEALREADY: 10037,
  WSAENOTSOCK: 10038,
  WSAEDESTADDRREQ: 10039,
  WSAEMSGSIZE: 10040,
  WSAEPROTOTYPE: 10041,
  WSAENOPROTOOPT: 10042,
  WSAEPROTONOSUPPORT: 10043,
  WSAESOCKTNOSUPPORT: 10044,
  WSAEOPNOTSUPP: 10045,
  WSAEPFNOSUPPORT: 10046,
  WSAEAFNOSUPPORT: 10047,
  WSAEADDRINUSE: 10048,
  WSAEADDRNOTAVAIL: 10049,
  WSAENETDOWN: 10050,
  WSAENETUNREACH: 10051,
  WSAENETRESET: 10052,
  WSAECONNABORTED: 10053,
  WSAECONNRESET: 10054,
  WSAENOBUFS: 10055,
  WSAEISCONN: 10056,
  WSAENOTCONN: 10057,
  WSAESHUTDOWN: 10058,
  WSAETOOMANYREFS: 10059,
  WSAETIMEDOUT: 10060,
  WSAECONNREFUSED: 10061,
  WSAELOOP: 10062,
  WSAENAMETOOLONG: 10063,
  WSAEHOSTDOWN: 10064,
  WSAEHOSTUNREACH: 10065,
  WSAENOTEMPTY: 10066,
  WSAEPROCLIM: 10067,
  WSAEUSERS: 10068,
  WSAEDQUOT: 10069,
  WSAESTALE: 10070,
  WSAEREMOTE: 10071,
  WSASYSNOTREADY: 10091,
  WSAVERNOTSUPPORTED: 10092,
  WSANOTINITIALISED: 10093,
  WSAEDISCON: 10101,
  WSAENOMORE: 10102,
  WSAECANCELLED: 10103,
  WSAEINVALIDPROCTABLE: 10104,
  WSAEINVALIDPROVIDER: 10105,
  WSAEPROVIDERFAILEDINIT: 10106,
  WSASYSCALLFAILURE: 10107,
  WSASERVICE_NOT_FOUND: 10108,
  WSATYPE_NOT_FOUND: 10109,
  WSA_E_NO_MORE: 10110,
  WSA_E_CANCELLED: 10111,
  WSAEREFUSED: 10112,
  WSAHOST_NOT_FOUND: 11001,
  WSATRY_AGAIN: 11002,
  WSANO_RECOVERY: 11003,
  WSANO_DATA: 11004,
} as const;

export type WsaErrorName = keyof typeof WSA_ERRORS;
export type WsaErrorCode = (typeof WSA_ERRORS)[WsaErrorName];

const NAME_BY_CODE = new Map<number, WsaErrorName>(
  (Object.entries(WSA_ERRORS) as [WsaErrorName, number][]).map(([name, code]) => [code, name]),
);

/** The name of an error code ("WSAEINVAL"), "0" for success, or the number for anything else. */
export function errorName(code: number): string {
  if (code === 0) return "0";
  return NAME_BY_CODE.get(code) ?? String(code);
}
