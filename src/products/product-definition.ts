/**
 * A product specgate can sign for, serve from its mock and reach on a real account: one value per product,
 * registered once in registry.ts. Everything that used to name `sls` or `live` reads these fields instead.
 *
 * The entry is node-free (no `node:*`, no file I/O) so that the k6 bundles can carry it.
 */
import type { SignatureScheme, XApiStyle, XProduct } from "../openapi/extensions.ts";
import type { ProductContract } from "./product-contract.ts";

/** A product's resolved settings, by key (`{ endpoint, project, logstore }`). */
export type ProductSettings = Readonly<Record<string, string>>;

/** One setting of a target for this product: where it is read from and what the mock uses. */
export interface TargetSetting {
  /** camelCase key, also the config-file key under the product (`sls.project`, `live.appId`). */
  key: string;
  /** Environment variable, `SPECGATE_<PRODUCT>_<KEY>` (`SPECGATE_LIVE_APP_ID`); see envName(). */
  env: string;
  /** Value for `--target mock` and URL targets (the mock defaults, docs/design.md#mock-defaults). */
  mockDefault: string;
  /** `--target real` refuses to start without it. */
  requiredForReal: boolean;
  description: string;
}

/** Bounds the mock applies before it spends work on a request (issue 16; per product where documented). */
export interface RequestLimits {
  maxQueryBytes: number;
  maxBodyBytes: number;
}

export interface ProductDefinition {
  /** Short id; also the spec file name (`specs/<id>.openapi.json`) and the config/env prefix. */
  readonly id: string;
  readonly title: string;
  readonly style: XApiStyle;
  /** API version (RPC `Version`; SLS `x-log-apiversion` is separate and a header). */
  readonly apiVersion: string;
  /** Signing schemes the service accepts, preferred first. */
  readonly signatureSchemes: readonly SignatureScheme[];
  /** Error-body shape: `sls` = `{errorCode, errorMessage}`; `rpc` = `{RequestId, HostId, Code, Message, Recommend}`. */
  readonly errorBody: XProduct["errorBody"];
  /** Per-product target settings; `endpoint` is always one of them. */
  readonly settings: readonly TargetSetting[];
  /** The Host header a client sends, from resolved settings (SLS: `<project>.<endpoint>`; RPC: the endpoint). */
  host(settings: ProductSettings): string;
  /** The region of signatures whose credential scope names one (SLS v4); absent when no scheme needs it. */
  signingRegion?(settings: ProductSettings): string;
  readonly limits: RequestLimits;
  /** Resources, narrowed inputs and safe writes of the contract run (product-contract.ts). */
  readonly contract: ProductContract;
}

/** `appId` → `APP_ID`; with the product: `SPECGATE_LIVE_APP_ID`. */
export function envName(productId: string, key: string): string {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  return `SPECGATE_${productId.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}_${snake}`;
}

/** A target setting whose env name follows envName(). */
export function setting(
  productId: string,
  key: string,
  mockDefault: string,
  requiredForReal: boolean,
  description: string,
): TargetSetting {
  return { key, env: envName(productId, key), mockDefault, requiredForReal, description };
}
