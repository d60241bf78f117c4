/**
 * Resource checks: the resources a product's requests address must exist, checked by the gateway around the
 * signature (SLS: the project before it, the logstore after it). The one place they are registered, by product id;
 * products without an entry address no mock-held resources (their behaviours, if any, check their own).
 */
import type { MockState } from "../mock-state.ts";
import { slsProjectAndLogstore } from "../resources/sls-project-logstore.ts";
import type { WireResponse } from "../wire.ts";
import type { Call } from "./call.ts";

/** A product's resource checks; each records what it found in `call.scope` or answers the refusal. */
export interface ResourceCheck {
  /** Before the signature is verified. */
  beforeAuth?(call: Call, state: MockState): WireResponse | undefined;
  /** After it, once the caller is known. */
  afterAuth?(call: Call, state: MockState): WireResponse | undefined;
}

/** product id → its resource checks. */
export const RESOURCE_CHECKS: ReadonlyMap<string, ResourceCheck> = new Map([["sls", slsProjectAndLogstore]]);
