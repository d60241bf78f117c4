/**
 * A signed client for the SLS consumer-group APIs, with the wire format of the official TypeScript
 * SDK (`@alicloud/sls20201230`, docs/alibaba/sdk-observations.md#sls-sdk-heartbeat-on-the-wire,
 * docs/alibaba/sls-consumer-groups.md#operations): `Host: <project>.<endpoint>`,
 * `x-log-apiversion: 0.6.0`, `x-log-bodyrawsize`, uppercase-hex `content-md5`, `content-type:
 * application/json`, RFC 1123 `date`, `x-log-signaturemethod: hmac-sha256`, `Authorization: LOG id:sig`.
 * Every call returns the raw `Exchange`; HTTP errors do not throw.
 */

import { formatQuery } from "../signing/query-string.ts";
import type { SlsV1Algorithm } from "../signing/sls-v1.ts";
import { signSlsV1 } from "../signing/sls-v1.ts";
import type { Credentials } from "../signing/types.ts";
import { type CallOptions, CallRunner, type ClientRuntimeOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { locateSls, type Target } from "./target.ts";

/** Options of `SlsClient`. */
export interface SlsClientOptions extends ClientRuntimeOptions {
  /** Where to connect, e.g. `https://my-project.cn-hangzhou.log.aliyuncs.com` or a mock's `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The Host header: `<project>.<endpoint>` (the mock reads the project from its first label). */
  host: string;
  credentials: Credentials;
  /** Default `hmac-sha256`, as the official TypeScript SDK signs. */
  algorithm?: SlsV1Algorithm;
  userAgent?: string;
}

/** CreateConsumerGroup body (docs/alibaba/sls-consumer-groups.md#operations). */
export interface ConsumerGroupSpec {
  consumerGroup: string;
  /** Seconds without heartbeat after which a consumer is removed. */
  timeout: number;
  order: boolean;
}

/** ConsumerGroupUpdateCheckPoint input. */
export interface CheckpointUpdate {
  /**
   * Omit to update without a consumer (then `forceSuccess` must be true,
   * docs/alibaba/sls-consumer-groups.md#checkpoints).
   */
  consumer?: string;
  shard: number;
  /** Base64 cursor. */
  checkpoint: string;
  /** Default true, as the Go and Python libraries send. */
  forceSuccess?: boolean;
}

const JSON_TYPE = "application/json";

/** Signed SLS consumer-group client. */
export class SlsClient {
  readonly #runner: CallRunner;
  readonly #options: SlsClientOptions;

  constructor(options: SlsClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, "") };
    this.#runner = new CallRunner(options);
  }

  /** A client for a resolved target (connects to the mock's address or `https://<project>.<endpoint>`). */
  static forTarget(
    target: Target,
    options: Partial<Omit<SlsClientOptions, "baseUrl" | "host" | "credentials">> = {},
  ): SlsClient {
    const { url, host } = locateSls(target);
    return new SlsClient({ ...options, baseUrl: url, host, credentials: target.credentials });
  }

  /** `POST /logstores/{logstore}/consumergroups`. */
  createConsumerGroup(logstore: string, group: ConsumerGroupSpec, options?: CallOptions): Promise<Exchange> {
    const body = { consumerGroup: group.consumerGroup, timeout: group.timeout, order: group.order };
    return this.send("POST", groupsPath(logstore), {}, JSON.stringify(body), options);
  }

  /** `PUT /logstores/{logstore}/consumergroups/{group}` with the fields given (at least one). */
  updateConsumerGroup(
    logstore: string,
    consumerGroup: string,
    changes: { order?: boolean; timeout?: number },
    options?: CallOptions,
  ): Promise<Exchange> {
    const body: Record<string, unknown> = {};
    if (changes.order !== undefined) body.order = changes.order;
    if (changes.timeout !== undefined) body.timeout = changes.timeout;
    return this.send("PUT", groupPath(logstore, consumerGroup), {}, JSON.stringify(body), options);
  }

  /** `DELETE /logstores/{logstore}/consumergroups/{group}`. */
  deleteConsumerGroup(logstore: string, consumerGroup: string, options?: CallOptions): Promise<Exchange> {
    return this.send("DELETE", groupPath(logstore, consumerGroup), {}, undefined, options);
  }

  /** `GET /logstores/{logstore}/consumergroups`: a bare JSON array of groups. */
  listConsumerGroup(logstore: string, options?: CallOptions): Promise<Exchange> {
    return this.send("GET", groupsPath(logstore), {}, undefined, options);
  }

  /** `POST …/{group}?consumer=<c>&type=heartbeat` with the held shards as a bare JSON array (`[]` when none). */
  consumerGroupHeartBeat(
    logstore: string,
    consumerGroup: string,
    consumer: string,
    shards: readonly number[],
    options?: CallOptions,
  ): Promise<Exchange> {
    return this.send(
      "POST",
      groupPath(logstore, consumerGroup),
      { consumer, type: "heartbeat" },
      JSON.stringify([...shards]),
      options,
    );
  }

  /** `POST …/{group}?type=checkpoint&consumer=<c>&forceSuccess=<bool>` with `{shard, checkpoint}`. */
  consumerGroupUpdateCheckPoint(
    logstore: string,
    consumerGroup: string,
    update: CheckpointUpdate,
    options?: CallOptions,
  ): Promise<Exchange> {
    const query: Record<string, string> = { type: "checkpoint" };
    if (update.consumer !== undefined) query.consumer = update.consumer;
    query.forceSuccess = String(update.forceSuccess ?? true);
    const body = JSON.stringify({ shard: update.shard, checkpoint: update.checkpoint });
    return this.send("POST", groupPath(logstore, consumerGroup), query, body, options);
  }

  /** `GET …/{group}[?shard=<id>]`: all shards' checkpoints, or one shard's. */
  getCheckPoint(logstore: string, consumerGroup: string, shard?: number, options?: CallOptions): Promise<Exchange> {
    const query: Record<string, string> = shard === undefined ? {} : { shard: String(shard) };
    return this.send("GET", groupPath(logstore, consumerGroup), query, undefined, options);
  }

  /** Any signed SLS request (`path` as sent, already encoded; `query` decoded). */
  send(
    method: string,
    path: string,
    query: Record<string, string>,
    body?: string,
    options?: CallOptions,
  ): Promise<Exchange> {
    const o = this.#options;
    const build = () => {
      const headers: Record<string, string> = { host: o.host };
      if (o.userAgent) headers["user-agent"] = o.userAgent;
      if (body !== undefined) headers["content-type"] = JSON_TYPE;
      const added = signSlsV1(
        this.#runner.crypto,
        { method, path, query, headers, ...(body === undefined ? {} : { body }) },
        o.credentials,
        { algorithm: o.algorithm ?? "hmac-sha256", date: new Date(this.#runner.clock.wallMs()) },
      );
      const qs = formatQuery(query);
      return {
        method,
        url: `${o.baseUrl}${path}${qs ? `?${qs}` : ""}`,
        headers: { ...headers, ...added },
        ...(body === undefined ? {} : { body }),
      };
    };
    return this.#runner.run(build, options);
  }
}

function groupsPath(logstore: string): string {
  return `/logstores/${encodeURIComponent(logstore)}/consumergroups`;
}

function groupPath(logstore: string, consumerGroup: string): string {
  return `${groupsPath(logstore)}/${encodeURIComponent(consumerGroup)}`;
}
