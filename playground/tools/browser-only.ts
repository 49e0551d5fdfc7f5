/**
 * A Vite plugin that fails the build when any module the playground reaches imports a Node
 * built-in (`node:fs`, `path`, ...). Vite would otherwise replace such an import with an empty
 * stub and only warn, and the page would break at run time in the browser, far from the cause.
 */
import { builtinModules } from "node:module";
import type { Plugin } from "vite";

const BUILTINS = new Set(builtinModules);

/** Whether `id`, as written in an import, names a Node built-in module. */
export function isNodeBuiltin(id: string): boolean {
  return id.startsWith("node:") || BUILTINS.has(id) || BUILTINS.has(id.split("/")[0] ?? "");
}

export function browserOnly(): Plugin {
  return {
    name: "winsock-sim:browser-only",
    enforce: "pre",
    resolveId(id, importer) {
      if (isNodeBuiltin(id)) {
        this.error(
          `${importer ?? "the entry"} imports "${id}", a Node built-in: the playground runs the ` +
            "simulator in a browser, so nothing it imports may need Node",
        );
      }
      return null;
    },
  };
}
