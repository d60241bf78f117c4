/**
 * The `x-` extensions specgate writes into its OpenAPI documents, and reads back.
 *
 * They carry what the reference pages state and OpenAPI has no field for (docs/design.md#data-flow).
 * docgen writes them; the mock, the contract suite and the load scenarios read them through
 * `CompiledSpec`, never from a second hard-coded copy. Changing a name here is a breaking change
 * for every committed spec: regenerate `specs/*.openapi.json` in the same commit.
 */

/** Operation level. How the operation is addressed on the wire. */
export type XApiStyle = "ROA" | "RPC";

/**
 * Operation level, `x-rpc`: RPC operations share one path (`/`) and are told apart by `Action`
 * (a query parameter in signature v1, the `x-acs-action` header in V3).
 * The OpenAPI path key is `/?Action=<action>` so that every operation keeps its own path item.
 */
export interface XRpc {
  action: string;
  version: string;
}

/**
 * Operation level, `x-fixed-query`: query parameters whose value is fixed by the request syntax,
 * e.g. `{ "type": "heartbeat" }` for `POST /logstores/{logstore}/consumergroups/{consumerGroup}?type=heartbeat`.
 * The OpenAPI path key carries them too (`…/{consumerGroup}?type=heartbeat`), so that heartbeat and
 * checkpoint keep separate path items although they share method and path.
 */
export type XFixedQuery = Record<string, string>;

/**
 * Operation level, `x-qps-limit`: the documented request-rate limit, in requests per window
 * (`x-qps-limit-window`, a second when absent). Live ListEventSubEvent: "up to 50 times per second per
 * account" → 50; DescribeLiveStreamsOnlineList: "up to 10,000 times per minute per account" → 10000 with
 * window "minute".
 */
export type XQpsLimit = number;

/**
 * Operation level, `x-qps-limit-window`: the window `x-qps-limit` counts requests in. Absent means
 * "second" (documents written before the window was recorded). A per-minute limit is not a per-second
 * one divided by 60: a burst of the whole minute's requests in one second is within it.
 */
export type XQpsLimitWindow = "second" | "minute";

/**
 * Operation level, `x-qps-limit-scope`: who shares the limit. Live: per account (incl. its RAM users;
 * the Chinese pages' 单用户 "per user"); `api`: all callers of the operation together.
 */
export type XQpsLimitScope = "account" | "api" | "ip";

/**
 * Operation level, `x-qps-limit-overflow`: what the page says happens to requests over the limit,
 * verbatim-ish ("dropped"). The wire behaviour (status, code, connection drop) is NOT documented
 * (docs/unconfirmed-behaviour.md#throttling-answer-of-listeventsubevent), so the mock makes it configurable.
 */
export type XQpsLimitOverflow = "dropped" | "rejected" | "unspecified";

/**
 * Operation level, `x-read-only`: whether the operation only reads. Absent, the contract run reads it from the
 * name (Describe…, List…, Get…; src/contract-cases/operation-safety.ts); an overlay states it where the name
 * misleads. A real-account contract run sends a write only when its product declares it safe or the user opts in.
 */
export type XReadOnly = boolean;

/**
 * Parameter level, `x-rpc-style`: how an RPC parameter of array or object type travels as `name=value` pairs
 * (docs/alibaba/rpc-parameters.md#styles), in the official SDKs' own names:
 * - `repeatList`: a list flattened to one pair per item, numbered from 1 (`Users.1=a&Users.2=b`; objects in it
 *   joined with dots, `Tag.1.Key=k`);
 * - `flat`: an object flattened to one pair per member (`SystemDisk.Category=cloud_ssd`);
 * - `json`: one pair holding the JSON text of the value;
 * - `simple`: one pair holding the items joined with commas.
 * OpenAPI's own query styles cannot say the first two; the parameter's `schema` stays the decoded value's.
 */
export type XRpcStyle = "repeatList" | "flat" | "json" | "simple";

/** Operation level, `x-ram-action`: the RAM action named on the page, e.g. `live:ListEventSubEvent`. */
export type XRamAction = string;

/**
 * Document and operation level, `x-signature-schemes`: the request-signing schemes the service accepts,
 * in the order a client should prefer them. Names are specgate's own:
 * - `sls-v1-hmac-sha1`, `sls-v1-hmac-sha256`: `Authorization: LOG id:sig` (docs/alibaba/sls-signature-v1.md)
 * - `sls-v4`: `SLS4-HMAC-SHA256` (docs/alibaba/sls-signature-v4.md)
 * - `rpc-v1`: RPC signature v1, HMAC-SHA1 over the query (docs/alibaba/rpc-signature-v1.md)
 * - `acs3-hmac-sha256`: `ACS3-HMAC-SHA256` (docs/alibaba/acs3-signature.md)
 */
export type SignatureScheme = "sls-v1-hmac-sha1" | "sls-v1-hmac-sha256" | "sls-v4" | "rpc-v1" | "acs3-hmac-sha256";

/**
 * Operation level, `x-time-window`: rules on a pair of epoch-second parameters, from the page's prose.
 * ListEventSubEvent: "The maximum time range to query is seven days." → maxSpanSeconds 604800;
 * "You can query data in the last seven days." → maxAgeSeconds 604800;
 * "The minimum time granularity to query is 1 minute." → granularitySeconds 60.
 */
export interface XTimeWindow {
  /** Name of the parameter holding the start (epoch seconds). */
  start: string;
  /** Name of the parameter holding the end (epoch seconds). */
  end: string;
  maxSpanSeconds?: number;
  maxAgeSeconds?: number;
  granularitySeconds?: number;
  /** The sentences of the page each rule came from, for error messages and reports. */
  source: string[];
}

/**
 * Operation level, `x-error-codes`: the page's error table, as data
 * (the same codes also appear as OpenAPI responses with the product's error body).
 */
export interface XErrorCode {
  status: number;
  code: string;
  message: string;
  description?: string;
  /**
   * True when the status or spelling of this code is not confirmed by an official source
   * (docs/unconfirmed-behaviour.md): the mock makes such behaviour configurable instead of guessing.
   * Written as `x-unconfirmed: true` on the response example of that code.
   */
  unconfirmed?: boolean;
}

/** Document level, `x-product`: which service the document describes. */
export interface XProduct {
  /** Short id, also the spec file name: `sls` → `specs/sls.openapi.json`. */
  id: string;
  style: XApiStyle;
  /** Error-body shape: `sls` = `{errorCode, errorMessage}`; `rpc` = `{RequestId, HostId, Code, Message, Recommend}`. */
  errorBody: "sls" | "rpc";
  /**
   * API version, e.g. `2016-11-01`: RPC `Version`, or the `x-acs-version` an ACS3-signed ROA request carries
   * (SLS has none: its API is not versioned by date).
   */
  version?: string;
}

/** Operation level, `x-source`: where the operation came from (page file name, or `overlay`). */
export interface XSource {
  page: string;
  /** True when part of the schema was inferred from the page's JSON example rather than its tables. */
  inferredFromExample?: boolean;
  /**
   * Set by `specs/overlays/<product>.json`: what the overlay added to this operation and which
   * docs/ sections it follows. Deep-merged beside `page`, so a page-generated operation
   * keeps its page and gains this note.
   */
  overlay?: string;
}

/** Document level, `x-docgen-warnings`: problems `--lenient` let through, one per line, naming page and line. */
export interface XDocgenWarning {
  page: string;
  line: number;
  message: string;
}
