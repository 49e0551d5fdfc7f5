/** WSADATA as an output object that WSAStartup fills. */
export class WSADATA {
  wVersion = 0;
  wHighVersion = 0;
  iMaxSockets = 0;
  iMaxUdpDg = 0;
  /** Never written by Windows for Winsock 2 (research notes 1a); stays as the caller left it. */
  lpVendorInfo: number | null = null;
  szDescription = "";
  szSystemStatus = "";
}
