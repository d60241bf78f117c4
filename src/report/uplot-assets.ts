/**
 * The uPlot files inlined into index.html (the report is one offline file: no CDN, no request). I/O, read once
 * per process; `renderHtml` itself stays pure and takes them as an argument.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** uPlot's browser build and stylesheet, as text. */
export interface UplotAssets {
  /** `uPlot.iife.min.js`: defines the global `uPlot`. */
  js: string;
  /** `uPlot.min.css`. */
  css: string;
}

let cached: UplotAssets | undefined;

/** Reads uPlot's IIFE build and CSS from node_modules (once; later calls return the same object). */
export function loadUplotAssets(): UplotAssets {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = {
      js: readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
      css: readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
    };
  }
  return cached;
}
