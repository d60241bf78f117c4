/**
 * Builds the signed requests the scenarios send, with the shared signers of src/signing over the
 * port's crypto: SLS consumer-group calls with the `LOG` scheme and HMAC-SHA256 (what the official
 * TypeScript SDK sends, docs/alibaba/sdk-observations.md#sls-sdk-heartbeat-on-the-wire), RPC calls of any product with
 * RPC signature v1 (docs/alibaba/rpc-signature-v1.md) or V3. Wire forms follow docs/alibaba/sls-consumer-groups.md#operations:
 * heartbeat = POST `…/consumergroups/{cg}?type=heartbeat&consumer=…` with a bare JSON array body.
 */

import { signAcs3 } from "../../src/signing/acs3.ts";
import type { CryptoPort } from "../../src/signing/crypto-port.ts";
import { percentEncode } from "../../src/signing/percent-encode.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import type { Credentials } from "../../src/signing/types.ts";
import type { HttpRequestSpec, SampleTags } from "./scenario-port.ts";
import { type ScenarioTarget, targetProduct } from "./scenario-target.ts";

/** What an SLS call needs besides the target. */
export interface SlsCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string>;
  /** JSON body, already serialised. */
  body?: string;
  tags?: SampleTags;
}

/** Where the target's SLS project is reached: connect to `url`, send `Host: host` (`<project>.<endpoint>`). */
export interface SlsTarget {
  url: string;
  host: string;
  project: string;
  logstore: string;
}

/** The target's SLS endpoint and the project and logstore it is set to (docs/alibaba/sls-requests.md). */
export function slsTarget(target: ScenarioTarget): SlsTarget {
  const sls = targetProduct(target, "sls", "an SLS consumer-group call");
  return { url: sls.url, host: sls.host, project: sls.settings.project ?? "", logstore: sls.settings.logstore ?? "" };
}

/** Signs an SLS request at wall time `wallMs`. */
export function buildSlsRequest(
  crypto: CryptoPort,
  target: ScenarioTarget,
  wallMs: number,
  call: SlsCall,
): HttpRequestSpec {
  const sls = slsTarget(target);
  const query = call.query ?? {};
  const headers: Record<string, string> = { host: sls.host };
  if (call.body !== undefined) headers["content-type"] = "application/json";
  const added = signSlsV1(
    crypto,
    { method: call.method, path: call.path, query, headers, ...(call.body === undefined ? {} : { body: call.body }) },
    target.credentials,
    { algorithm: "hmac-sha256", date: new Date(wallMs) },
  );
  const qs = formatQuery(query);
  return {
    method: call.method,
    url: `${sls.url}${call.path}${qs === "" ? "" : `?${qs}`}`,
    headers: { ...headers, ...added },
    ...(call.body === undefined ? {} : { body: call.body }),
    ...(call.tags ? { tags: call.tags } : {}),
  };
}

function groupsPath(target: ScenarioTarget): string {
  return `/logstores/${encodeURIComponent(slsTarget(target).logstore)}/consumergroups`;
}

/** CreateConsumerGroup (docs/alibaba/sls-consumer-groups.md#operations): `{consumerGroup, timeout (s), order}`. */
export function createGroupRequest(
  crypto: CryptoPort,
  target: ScenarioTarget,
  wallMs: number,
  group: string,
  timeoutSec: number,
): HttpRequestSpec {
  return buildSlsRequest(crypto, target, wallMs, {
    method: "POST",
    path: groupsPath(target),
    body: JSON.stringify({ consumerGroup: group, timeout: timeoutSec, order: false }),
    tags: { op: "CreateConsumerGroup" },
  });
}

/** DeleteConsumerGroup (docs/alibaba/sls-consumer-groups.md#operations). */
export function deleteGroupRequest(
  crypto: CryptoPort,
  target: ScenarioTarget,
  wallMs: number,
  group: string,
): HttpRequestSpec {
  return buildSlsRequest(crypto, target, wallMs, {
    method: "DELETE",
    path: `${groupsPath(target)}/${encodeURIComponent(group)}`,
    tags: { op: "DeleteConsumerGroup" },
  });
}

/**
 * ConsumerGroupHeartBeat (docs/alibaba/sls-consumer-groups.md#heartbeat-protocol): reports `held`, answered with the
 * shards now held.
 */
export function heartbeatRequest(
  crypto: CryptoPort,
  target: ScenarioTarget,
  wallMs: number,
  group: string,
  consumer: string,
  held: readonly number[],
): HttpRequestSpec {
  return buildSlsRequest(crypto, target, wallMs, {
    method: "POST",
    path: `${groupsPath(target)}/${encodeURIComponent(group)}`,
    query: { type: "heartbeat", consumer },
    body: JSON.stringify(held),
    tags: { op: "ConsumerGroupHeartBeat" },
  });
}

/** An RPC call: action, API version (from the spec's `x-rpc`), the operation's parameters and signature scheme. */
export interface RpcCall {
  action: string;
  version: string;
  params: Record<string, string>;
  /** Default RPC signature v1. */
  scheme?: "rpc-v1" | "acs3";
  tags?: SampleTags;
}

/** Where an RPC product is reached: connect to `url`, send `Host: host`. */
export interface RpcEndpoint {
  url: string;
  host: string;
}

function queryOf(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join("&");
}

/**
 * Signs an RPC request (GET, parameters in the query): RPC signature v1 (docs/alibaba/rpc-signature-v1.md), or V3
 * (docs/alibaba/acs3-signature.md: Action and Version in `x-acs-*` headers) for operations that accept only V3.
 */
export function buildRpcRequest(
  crypto: CryptoPort,
  endpoint: RpcEndpoint,
  credentials: Credentials,
  wallMs: number,
  call: RpcCall,
): HttpRequestSpec {
  const tags = call.tags ? { tags: call.tags } : {};
  if (call.scheme === "acs3") {
    // V3 requests carry no Format: the answer's format follows Accept, which the official V3 SDKs send as JSON
    // (docs/alibaba/rpc-parameters.md#response-format).
    const headers: Record<string, string> = { host: endpoint.host, accept: "application/json" };
    const added = signAcs3(crypto, { method: "GET", path: "/", query: call.params, headers }, credentials, {
      action: call.action,
      version: call.version,
      date: new Date(wallMs),
      nonce: crypto.randomHex(16),
    });
    const qs = queryOf(call.params);
    return {
      method: "GET",
      url: `${endpoint.url}/${qs === "" ? "" : `?${qs}`}`,
      headers: { ...headers, ...added },
      ...tags,
    };
  }
  const signed = signRpcV1(
    crypto,
    { method: "GET", params: { ...call.params, Action: call.action, Version: call.version, Format: "JSON" } },
    credentials,
    { timestamp: new Date(wallMs), nonce: crypto.randomHex(16) },
  );
  return { method: "GET", url: `${endpoint.url}/?${queryOf(signed)}`, headers: { host: endpoint.host }, ...tags };
}
