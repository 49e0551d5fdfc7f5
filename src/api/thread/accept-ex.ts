/**
 * The facade's AcceptEx family (mswsock): AcceptEx, GetAcceptExSockaddrs.
 */
import { ThreadPorts } from "./ports.js";

export abstract class ThreadAcceptEx extends ThreadPorts {}
