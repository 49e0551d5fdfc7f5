import { Simulation, type WinsockThread, WSADATA } from "../../src/index.js";

/** A simulation with started processes, named A, B, ... */
export function started(...names: string[]): { sim: Simulation; threads: WinsockThread[] } {
  const sim = new Simulation({ record: true });
  const threads = names.map((name) => {
    const t = sim.createProcess(name).main;
    if (t.WSAStartup(0x0202, new WSADATA()) !== 0) throw new Error("WSAStartup failed");
    return t;
  });
  return { sim, threads };
}
