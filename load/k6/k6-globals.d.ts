// Globals k6 0.48 provides that @types/k6 0.48 does not declare, for `tsc -p load/tsconfig.json`.

/** k6's console (https://grafana.com/docs/k6/latest/javascript-api/#console). */
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};

/**
 * Type-checking only: src/core/clock.ts (reached through type imports of the engine's result types)
 * names `performance`. k6 0.48 has no `performance` global, and no bundled code may use it:
 * test/load/k6-bundle-static.test.ts fails a bundle that mentions it.
 */
declare const performance: { now(): number };

/**
 * The validators generated from a spec (specs/<id>.validators.cjs, Ajv standalone code; see
 * src/openapi/precompiled-validators.ts), which esbuild bundles into the scripts.
 */
declare module "*.validators.cjs" {
  import type { GeneratedValidator } from "../scenarios/error-contract.ts";

  const validators: {
    specSha256: string;
    create(formats: Readonly<Record<string, unknown>>): Record<string, GeneratedValidator>;
  };
  export default validators;
}
