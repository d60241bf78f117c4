/**
 * The response format of an RPC request (docs/alibaba/rpc-parameters.md#response-format): the common parameter
 * `Format` (`JSON` or `XML`, any case) when the request sends it, else its `Accept` header (the V3 SDKs send
 * `application/json` and no `Format`), else the configured default (`wire.rpcDefaultFormat`, XML as the gateway's
 * common-parameter page says; docs/unconfirmed-behaviour.md#rpc-response-format). And the rewrite of a JSON answer
 * into the gateway's XML: `<Error>…</Error>` for an error, `<ActionResponse>…</ActionResponse>` for a success.
 */
import type { WireRequest, WireResponse } from "../wire.ts";
import { renderXmlBody } from "./xml-body.ts";

/** A response format of the gateway. */
export type PopFormat = "JSON" | "XML";

/** The XML content type the gateway answers with; the V3 SDK reads an error as XML only under this one. */
export const POP_XML_TYPE = "text/xml;charset=utf-8";

/** `Format` in a raw query (`Format=xml`), without decoding the rest of it. */
const QUERY_FORMAT = /(?:^|&)Format=([A-Za-z]{3,4})(?:&|$)/;

function parseFormat(value: string | readonly string[] | undefined): PopFormat | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.toUpperCase();
  return upper === "JSON" || upper === "XML" ? upper : undefined;
}

/** The first JSON or XML media type an `Accept` header names (`*\/*` and others name neither). */
function acceptedFormat(accept: string | undefined): PopFormat | undefined {
  for (const part of (accept ?? "").split(",")) {
    const type = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (type === "application/json" || type === "text/json" || type.endsWith("+json")) return "JSON";
    if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml")) return "XML";
  }
  return undefined;
}

/**
 * The format `request` asks for. `params`: its parameters when they were decoded (query and form body merged);
 * before that only the query is looked at.
 */
export function requestedFormat(
  request: WireRequest,
  params: Readonly<Record<string, string | readonly string[] | undefined>> | undefined,
  fallback: PopFormat,
): PopFormat {
  const stated = params === undefined ? QUERY_FORMAT.exec(request.rawQuery)?.[1] : params.Format;
  return parseFormat(stated) ?? acceptedFormat(request.headers.accept) ?? fallback;
}

/** What the XML of a success needs: its root element, and the documented schema that names array items. */
export interface XmlShape {
  root: string;
  schema?: unknown;
  document?: unknown;
}

/**
 * `response` (a POP JSON answer) as XML: an error (status 400 and above) under `<Error>`, a success under
 * `shape().root`. Answers without a JSON body (dropped, empty, already XML) are returned as they are.
 */
export function toXmlResponse(response: WireResponse, shape: () => XmlShape): WireResponse {
  if (response.drop === true || response.body === "" || !response.headers["content-type"]?.includes("json"))
    return response;
  let value: unknown;
  try {
    value = JSON.parse(response.body);
  } catch {
    return response;
  }
  const xml = response.status >= 400 ? renderXmlBody("Error", value, {}) : renderSuccess(value, shape());
  return { ...response, headers: { ...response.headers, "content-type": POP_XML_TYPE }, body: xml };
}

function renderSuccess(value: unknown, shape: XmlShape): string {
  const parts: { schema?: unknown; document?: unknown } = {};
  if (shape.schema !== undefined) parts.schema = shape.schema;
  if (shape.document !== undefined) parts.document = shape.document;
  return renderXmlBody(shape.root, value, parts);
}
