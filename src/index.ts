/**
 * winsock-sim: a deterministic simulator of Winsock 2 socket semantics.
 *
 * Start with `new Simulation()`, create processes, and call Winsock functions on a process's
 * threads (`process.main.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)`). Every constant carries its
 * winsock2.h value. The kernel (pure state transitions) is exported as `kernel` for tools that
 * want snapshots and rule citations without the facade.
 */
export * from "./api/index.js";
export * from "./constants/index.js";
export * from "./explore/index.js";
export * as kernel from "./kernel/index.js";
export { SimulationError } from "./kernel/index.js";
export * from "./view/index.js";
