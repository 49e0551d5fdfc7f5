/**
 * The facade's alertable waits and APCs: SleepEx, QueueUserAPC.
 */
import { ThreadIoctl } from "./ioctl.js";

export abstract class ThreadAlertable extends ThreadIoctl {}
