/**
 * The facade's WSAIoctl.
 */
import { ThreadConnectEx } from "./connect-ex.js";

export abstract class ThreadIoctl extends ThreadConnectEx {}
