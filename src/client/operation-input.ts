/**
 * The inputs of one call of a compiled operation, as the generic clients take them: path parameters and query
 * values as wire text, and a JSON body. The clients place them by the operation (path template, fixed query,
 * RPC Action and Version), so any operation of any spec can be called without a method written for it.
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";

/** What a call of an operation sends. */
export interface OperationInput {
  path?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string>>;
  /** A JSON value, serialised by the client; absent = no body. */
  body?: unknown;
}

/**
 * The operation's path with its parameters filled in, each encoded as one segment (`encodeURIComponent`); a
 * parameter without a value stays `{name}`, so the request reaches the server and fails there, visibly.
 */
export function fillPath(op: Pick<CompiledOperation, "pathTemplate">, path: Readonly<Record<string, string>>): string {
  return op.pathTemplate.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = path[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}
