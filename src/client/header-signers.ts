/**
 * The schemes that sign a request by adding headers, by name (`x-signature-schemes`): the ROA client and the
 * RPC client's V3 path pick one by the product's preference or the caller's choice, so a product is a list of
 * scheme names, not a client of its own. RPC signature v1 signs the parameters instead (rpc-client.ts).
 */
import type { SignatureScheme } from "../openapi/extensions.ts";
import { signAcs3 } from "../signing/acs3.ts";
import type { CryptoPort } from "../signing/crypto-port.ts";
import { signSlsV1 } from "../signing/sls-v1.ts";
import { signSlsV4 } from "../signing/sls-v4.ts";
import type { Credentials, SignableRequest } from "../signing/types.ts";

/** The schemes that sign with headers. */
export type HeaderScheme = Exclude<SignatureScheme, "rpc-v1">;

/** What a header signer needs besides the request. */
export interface SigningContext {
  crypto: CryptoPort;
  credentials: Credentials;
  date: Date;
  /** V3: `x-acs-action` (the RPC Action or the ROA operationId) and `x-acs-version`. */
  action: string;
  version: string;
  /** SLS v4's credential scope region. */
  region: string;
}

type HeaderSigner = (req: SignableRequest, ctx: SigningContext) => Record<string, string>;

const SIGNERS: Readonly<Record<HeaderScheme, HeaderSigner>> = {
  "sls-v1-hmac-sha256": (req, c) => signSlsV1(c.crypto, req, c.credentials, { algorithm: "hmac-sha256", date: c.date }),
  "sls-v1-hmac-sha1": (req, c) => signSlsV1(c.crypto, req, c.credentials, { algorithm: "hmac-sha1", date: c.date }),
  "sls-v4": (req, c) => signSlsV4(c.crypto, req, c.credentials, { region: c.region, date: c.date }),
  "acs3-hmac-sha256": (req, c) =>
    signAcs3(c.crypto, req, c.credentials, {
      action: c.action,
      version: c.version,
      date: c.date,
      nonce: c.crypto.randomHex(16),
    }),
};

/** True when `scheme` signs with headers (every scheme but RPC v1). */
export function isHeaderScheme(scheme: SignatureScheme): scheme is HeaderScheme {
  return scheme !== "rpc-v1";
}

/** Signs `req` with `scheme`; returns the headers to add (lowercase names). */
export function signWithHeaders(
  scheme: HeaderScheme,
  req: SignableRequest,
  ctx: SigningContext,
): Record<string, string> {
  return SIGNERS[scheme](req, ctx);
}

/**
 * The scheme a client of a product uses: `requested` when given (it must be one the product accepts), else the
 * product's first (preferred) scheme. Throws an Error naming the accepted ones.
 */
export function pickScheme(
  accepted: readonly SignatureScheme[],
  requested: SignatureScheme | undefined,
  productId: string,
): SignatureScheme {
  const scheme = requested ?? accepted[0];
  if (scheme === undefined || !accepted.includes(scheme))
    throw new Error(
      `product '${productId}' accepts ${accepted.join(", ") || "no signature scheme"}${requested === undefined ? "" : `, not ${requested}`}`,
    );
  return scheme;
}
