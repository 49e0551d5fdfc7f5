/**
 * The playground's build: `npm run playground` serves it (vite dev), `npm run playground:build`
 * writes a static site to playground/dist that also works opened from a folder (file://).
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { browserOnly } from "./tools/browser-only.js";
import { classicScript } from "./tools/classic-script.js";

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  // Relative URLs, so the site works from any folder or path, including file://.
  base: "./",
  plugins: [browserOnly(), classicScript()],
  // The page imports the simulator from ../src and the lessons from ../docs.
  server: { fs: { allow: [resolve(here, "..")] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // One classic script and one stylesheet: no module preloads, no chunks to fetch.
    modulePreload: false,
    cssCodeSplit: false,
    // One file by design, and most of it is Graphviz's WebAssembly (about 1.3 MB): no warning.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      onLog(level, log, handler) {
        // Graphviz's Emscripten loader reads import.meta.url to find its .wasm file; the bundle
        // embeds the WebAssembly, so the empty import.meta an IIFE gives it is never used.
        if (log.code === "EMPTY_IMPORT_META" && log.id?.includes("@viz-js/viz")) return;
        handler(level, log);
      },
      output: {
        format: "iife",
        codeSplitting: false,
        // Stable names, so that docs and benchmarks can name the files.
        entryFileNames: "assets/playground.js",
        assetFileNames: "assets/playground[extname]",
      },
    },
  },
});
