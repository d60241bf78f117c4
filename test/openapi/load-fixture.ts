// Test helper: reads a fixture document (a fresh copy each call, so tests may mutate it).
import { readFileSync } from "node:fs";

/** The hand-written fixtures of test/openapi/fixtures/ (contract-shaped: an SLS-like ROA and a Live-like RPC product). */
export function loadFixture(name: "roa" | "rpc"): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.openapi.json`, import.meta.url), "utf8"));
}
