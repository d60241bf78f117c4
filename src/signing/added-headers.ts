/**
 * The header bookkeeping every signer does: it canonicalises over the request's headers plus the ones
 * it adds (date, digest, token, …), and returns only the added ones for the caller to send.
 */
import { lowercaseHeaders } from "./header-map.ts";

/** The request's headers (lowercased) with a signer's additions, and the additions alone. */
export interface AddedHeaders {
  /** Every header the signature covers: the request's, lowercased, then each `set`. */
  headers: Map<string, string>;
  /** Only the headers `set` added or replaced (lowercase names): what the signer returns. */
  added: Record<string, string>;
  /** Adds or replaces a header (name already lowercase) in both `headers` and `added`. */
  set(name: string, value: string): void;
}

/** Starts a signer's header bookkeeping from the request's own headers. */
export function trackAddedHeaders(requestHeaders: Readonly<Record<string, string>>): AddedHeaders {
  const headers = lowercaseHeaders(requestHeaders);
  const added: Record<string, string> = {};
  return {
    headers,
    added,
    set(name, value) {
      added[name] = value;
      headers.set(name, value);
    },
  };
}
