/**
 * A signed client for ROA operations (a method and a resource path per operation): any header signature scheme
 * (SLS `LOG` v1 and v4, ACS3), the Host its product derives (SLS `<project>.<endpoint>`), JSON bodies. The scheme
 * comes from the product's `x-signature-schemes` (preferred first) unless the caller picks another it accepts.
 * Every call returns the raw `Exchange`; HTTP errors do not throw.
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import { formatQuery } from "../signing/query-string.ts";
import type { Credentials } from "../signing/types.ts";
import { type CallOptions, CallRunner, type ClientRuntimeOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { type HeaderScheme, signWithHeaders } from "./header-signers.ts";
import { fillPath, type OperationInput } from "./operation-input.ts";
import type { HttpRequest } from "./transport.ts";

/** Options of `RoaClient`. */
export interface RoaClientOptions extends ClientRuntimeOptions {
  /** Where to connect, e.g. `https://my-project.cn-hangzhou.log.aliyuncs.com` or a mock's `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The Host header (signed), e.g. `<project>.<endpoint>`. */
  host: string;
  credentials: Credentials;
  scheme: HeaderScheme;
  /** The API version ACS3 signs as `x-acs-version`. */
  version: string;
  /** SLS v4's credential scope region. */
  region?: string;
  userAgent?: string;
}

/** Per-call options of ROA calls. */
export interface RoaCallOptions extends CallOptions {
  /** ACS3 `x-acs-action`: the operationId (`call` sets it). */
  action?: string;
}

const JSON_TYPE = "application/json";

/** Signed ROA client. */
export class RoaClient {
  readonly #runner: CallRunner;
  readonly #options: RoaClientOptions;

  constructor(options: RoaClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, "") };
    this.#runner = new CallRunner(options);
  }

  /** Calls `op` with `input`: its path filled in, its fixed query (`?type=heartbeat`) added, the body as JSON. */
  call(op: CompiledOperation, input: OperationInput = {}, options: CallOptions = {}): Promise<Exchange> {
    const query = { ...op.fixedQuery, ...(input.query ?? {}) };
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    return this.send(op.method.toUpperCase(), fillPath(op, input.path ?? {}), query, body, {
      ...options,
      action: op.id,
    });
  }

  /** Any signed request (`path` as sent, already encoded; `query` decoded). */
  send(
    method: string,
    path: string,
    query: Record<string, string>,
    body?: string,
    options: RoaCallOptions = {},
  ): Promise<Exchange> {
    return this.#runner.run(() => this.#build(method, path, query, body, options.action ?? ""), options);
  }

  #build(
    method: string,
    path: string,
    query: Record<string, string>,
    body: string | undefined,
    action: string,
  ): HttpRequest {
    const o = this.#options;
    const headers: Record<string, string> = { host: o.host };
    if (o.userAgent) headers["user-agent"] = o.userAgent;
    if (body !== undefined) headers["content-type"] = JSON_TYPE;
    const added = signWithHeaders(
      o.scheme,
      { method, path, query, headers, ...(body === undefined ? {} : { body }) },
      {
        crypto: this.#runner.crypto,
        credentials: o.credentials,
        date: new Date(this.#runner.clock.wallMs()),
        action,
        version: o.version,
        region: o.region ?? "",
      },
    );
    const qs = formatQuery(query);
    return {
      method,
      url: `${o.baseUrl}${path}${qs ? `?${qs}` : ""}`,
      headers: { ...headers, ...added },
      ...(body === undefined ? {} : { body }),
    };
  }
}
