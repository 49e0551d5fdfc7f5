/** Where the harness's files live, resolved from this file so that any working directory works. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root: deviation entries name scenarios relative to it. */
export const ROOT = resolve(HERE, "..");
export const BUILD = join(HERE, "build");
export const EXE = join(BUILD, "harness.exe");
export const SOURCE = join(HERE, "harness.c");
export const PREFIX = join(HERE, ".wine-prefix");
export const DEFAULT_DEVIATIONS = join(HERE, "wine-deviations.json");
