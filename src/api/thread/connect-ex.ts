/**
 * The facade's ConnectEx and DisconnectEx (mswsock extension functions).
 */
import { ThreadAcceptEx } from "./accept-ex.js";

export abstract class ThreadConnectEx extends ThreadAcceptEx {}
