/**
 * SLS consumer-group routes (docs/alibaba/sls-consumer-groups.md#operations): HTTP → `ConsumerGroupCoordinator` calls,
 * with the SLS wire format — bare JSON arrays, empty 200 bodies where the docs show them, `{errorCode, errorMessage}`
 * errors (docs/alibaba/sls-errors.md#error-body) and the headers real responses carry (`x-log-requestid`, `Server:
 * AliyunSLS`, `x-log-time`, docs/alibaba/sls-requests.md#common-response-headers).
 *
 * Order of checks: route (404 / 405) → Host project (400 MissingHost/InvalidHost, 404 ProjectNotExist) →
 * signature and time (docs/alibaba/sls-errors.md#request-checks-legacy-list, docs/alibaba/sls-errors.md#common-codes) →
 * logstore (404 LogStoreNotExist) → body decoding → the compiled spec's request validation → the coordinator.
 * Unknown paths answer 404 `ParameterInvalid` (SLS documents no "unknown API" code; ParameterInvalid is its
 * documented code for a request it cannot accept, docs/alibaba/sls-errors.md#common-codes), wrong methods 405
 * `MethodNotAllowed`.
 */

import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import { nodeCrypto } from "../signing/node-crypto.ts";
import { parseQuery } from "../signing/query-string.ts";
import { mapSlsAuthError } from "../signing/verify-errors.ts";
import { verifySls } from "../signing/verify-sls.ts";
import { driftErrorBody, driftSuccessBody } from "./contract-drift.ts";
import type { ConsumerGroupCoordinator } from "./domain/consumer-group-coordinator.ts";
import { type DomainError, failWith } from "./domain/domain-error.ts";
import { findEmptySuccessOperations } from "./empty-success.ts";
import { buildSlsError } from "./error-body.ts";
import { readHostProject } from "./host-project.ts";
import type { MockState } from "./mock-state.ts";
import { createSlsRequestId } from "./request-id.ts";
import { clip, findUnsafeInteger, type WireRequest, type WireResponse } from "./wire.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Builds an SLS answer with the common response headers (docs/alibaba/sls-requests.md#common-response-headers). */
export function slsResponse(status: number, body: unknown, nowMs: number): WireResponse {
  const headers: Record<string, string> = {
    "x-log-requestid": createSlsRequestId(),
    server: "AliyunSLS",
    "x-log-time": String(Math.floor(nowMs / 1000)),
    "access-control-allow-origin": "*",
  };
  if (body === undefined) return { status, headers, body: "" };
  headers["content-type"] = "application/json";
  return { status, headers, body: JSON.stringify(body) };
}

/** An SLS error answer; under `contract-drift` the body loses `errorMessage`. */
export function slsErrorResponse(
  status: number,
  code: string,
  message: string,
  nowMs: number,
  drift = false,
): WireResponse {
  const body = buildSlsError(code, message);
  return slsResponse(status, drift ? driftErrorBody({ ...body }) : body, nowMs);
}

/** The SLS request handler over `state`. */
export function createSlsHandler(state: MockState): (req: WireRequest) => WireResponse {
  const spec = state.specs.sls;
  const emptySuccess = findEmptySuccessOperations(spec);
  const fixedQueries = collectFixedQueries(spec.operations.values());

  return (req) => {
    const now = state.clock.wallMs();
    const drift = state.faults.contractDrift === true;
    // Plain calls rather than per-request closures: tsx wraps every closure it creates in a naming helper.

    if (req.duplicatedHeaders.length > 0)
      return slsErrorResponse(
        400,
        "ParameterInvalid",
        `Header ${req.duplicatedHeaders.join(", ")} appears more than once; send it once.`,
        now,
        drift,
      );
    const query = parseQuery(req.rawQuery) as Record<string, string | string[]>;
    const method = req.method.toUpperCase();
    const route = spec.matchRoa(method, req.path, query);
    if (route === undefined) return routeMiss(spec, fixedQueries, method, req.path, query, now, drift);
    const { operation, pathParams } = route;

    const host = readHostProject(req.headers.host);
    if (!host.ok) return slsDomainError(host.error, now, drift);
    const logstores = state.projects.get(host.project);
    if (logstores === undefined)
      return slsErrorResponse(404, "ProjectNotExist", `The Project does not exist : ${host.project}`, now, drift);

    const verified = verifySls(
      nodeCrypto,
      { method, path: req.path, query, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) },
      state.lookupSecret,
      { now, maxSkewMs: state.wire.slsMaxSkewMs, verifyBodyDigest: state.wire.verifyContentMd5 },
    );
    if (!verified.ok) return slsDomainError(mapSlsAuthError(verified), now, drift);

    const logstoreName = pathParams.logstore ?? "";
    const coordinator = logstores.get(logstoreName);
    if (coordinator === undefined)
      return slsErrorResponse(404, "LogStoreNotExist", `logstore ${logstoreName} does not exist`, now, drift);

    let body: unknown;
    if (operation.requestBody !== undefined && req.body !== undefined && req.body.length > 0) {
      const type = req.headers["content-type"];
      if (type === undefined || type === "")
        return slsErrorResponse(
          400,
          "MissingContentType",
          "The request has a body but no Content-Type; send application/json.",
          now,
          drift,
        );
      if (!JSON_TYPE.test(type))
        return slsErrorResponse(
          400,
          "InvalidContentType",
          `Content-Type ${clip(type)} is not supported; send application/json.`,
          now,
          drift,
        );
      let text: string;
      try {
        text = utf8.decode(req.body);
      } catch {
        return slsErrorResponse(400, "PostBodyInvalid", "The body is not valid UTF-8.", now, drift);
      }
      try {
        body = JSON.parse(text);
      } catch (e) {
        return slsErrorResponse(
          400,
          "PostBodyInvalid",
          `The body is not valid JSON: ${(e as Error).message}`,
          now,
          drift,
        );
      }
    }

    const checked = operation.validateRequest({ path: pathParams, query, headers: req.headers, body });
    if (!checked.ok) {
      const first = checked.violations[0];
      const inBody = first?.check === "request.body";
      const code = inBody
        ? operation.errorCodes.some((c) => c.code === "JsonInfoInvalid")
          ? "JsonInfoInvalid"
          : "PostBodyInvalid"
        : "ParameterInvalid";
      return slsErrorResponse(400, code, checked.violations.map((v) => v.message).join("; "), now, drift);
    }
    const params = checked.params;
    const unsafe = findUnsafeInteger(params);
    if (unsafe !== undefined)
      return slsErrorResponse(400, "ParameterInvalid", `${unsafe} is out of range: not a 64-bit integer.`, now, drift);
    const group = pathParams.consumerGroup ?? "";
    const result = dispatch(operation.id, coordinator, group, params, body);
    if (!result.ok) return slsDomainError(result.error, now, drift);
    state.rearmDeadlines();
    if (emptySuccess.has(operation.id) && result.value === undefined) return slsResponse(200, undefined, now);
    const value = result.value ?? {};
    return slsResponse(200, drift ? driftSuccessBody(operation.id, value) : value, now);
  };
}

type Dispatched = { ok: true; value?: unknown } | { ok: false; error: DomainError };

function dispatch(
  operationId: string,
  coordinator: ConsumerGroupCoordinator,
  group: string,
  params: Record<string, unknown>,
  body: unknown,
): Dispatched {
  const b = (body ?? {}) as Record<string, unknown>;
  switch (operationId) {
    case "ListConsumerGroup":
      return { ok: true, value: coordinator.listGroups() };
    case "CreateConsumerGroup":
      return unit(
        coordinator.createGroup(b.consumerGroup as string, b.timeout as number, b.order as boolean | undefined),
      );
    case "UpdateConsumerGroup": {
      const changes: { order?: boolean; timeoutSec?: number } = {};
      if (typeof b.order === "boolean") changes.order = b.order;
      if (typeof b.timeout === "number") changes.timeoutSec = b.timeout;
      return unit(coordinator.updateGroup(group, changes));
    }
    case "DeleteConsumerGroup":
      return unit(coordinator.deleteGroup(group));
    case "ConsumerGroupHeartBeat": {
      const outcome = coordinator.heartbeat(group, params.consumer as string, (body ?? []) as number[]);
      return outcome.ok ? { ok: true, value: outcome.shards } : outcome;
    }
    case "ConsumerGroupUpdateCheckPoint":
      return unit(
        coordinator.updateCheckpoint(
          group,
          params.consumer as string | undefined,
          b.shard as number,
          b.checkpoint as string,
          params.forceSuccess === true,
        ),
      );
    case "GetCheckPoint": {
      const outcome = coordinator.getCheckpoints(group, params.shard as number | undefined);
      return outcome.ok ? { ok: true, value: outcome.checkpoints } : outcome;
    }
    default:
      return failWith(404, "ParameterInvalid", `${operationId} is documented but not emulated by the mock.`);
  }
}

/** Success without a body: `{}` where the page shows it, empty where the spec declares no content. */
function unit(outcome: { ok: true } | { ok: false; error: DomainError }): Dispatched {
  return outcome.ok ? { ok: true } : outcome;
}

function collectFixedQueries(operations: Iterable<CompiledOperation>): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const op of operations) {
    for (const [name, value] of Object.entries(op.fixedQuery)) {
      const values = byName.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      byName.set(name, values);
    }
  }
  return byName;
}

/** 404 for unknown paths; 400 when only a fixed query (`type=`) is missing or wrong; else 405. */
function routeMiss(
  spec: MockState["specs"]["sls"],
  fixedQueries: Map<string, string[]>,
  method: string,
  path: string,
  query: Record<string, string | string[]>,
  now: number,
  drift: boolean,
): WireResponse {
  if (!spec.pathExists(path))
    return slsErrorResponse(
      404,
      "ParameterInvalid",
      `No API is served at ${clip(path)}; check the request path.`,
      now,
      drift,
    );
  for (const [name, values] of fixedQueries) {
    for (const value of values) {
      if (spec.matchRoa(method, path, { ...query, [name]: value }) !== undefined) {
        return slsErrorResponse(
          400,
          "ParameterInvalid",
          `Query parameter ${name} must be one of ${values.join(", ")} for ${method} ${clip(path)}; got ${clip(String(query[name] ?? "(missing)"))}.`,
          now,
          drift,
        );
      }
    }
  }
  return slsErrorResponse(
    405,
    "MethodNotAllowed",
    `Method ${clip(method)} is not allowed on ${clip(path)}.`,
    now,
    drift,
  );
}

function slsDomainError(e: DomainError, now: number, drift: boolean): WireResponse {
  return slsErrorResponse(e.status, e.code, e.message, now, drift);
}
