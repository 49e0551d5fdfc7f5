/**
 * A Vite plugin that makes the built page work when opened from a folder (file://).
 *
 * Chromium refuses ES module scripts from file:// (the page's origin is opaque, so the module
 * fetch fails its CORS check), and so it does any script or stylesheet marked `crossorigin`. The
 * build therefore bundles everything into one IIFE (see vite.config.ts), and this plugin rewrites
 * the tags Vite writes for it into a classic deferred script and a plain stylesheet link.
 */
import type { Plugin } from "vite";

export function classicScript(): Plugin {
  return {
    name: "winsock-sim:classic-script",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        const rewritten = html
          .replace(/<script type="module" crossorigin src=/g, "<script defer src=")
          .replace(/<link rel="stylesheet" crossorigin href=/g, '<link rel="stylesheet" href=');
        // If Vite ever writes these tags differently, fail here rather than ship a page that
        // works over http and silently not from a folder.
        if (/type="module"|crossorigin/.test(rewritten)) {
          throw new Error(`classic-script: could not rewrite the script tags in\n${rewritten}`);
        }
        return rewritten;
      },
    },
  };
}
