import type { PageLine } from "./page-sections.ts";

/** An ROA request line: `POST /logstores/{logstore}/consumergroups/{consumerGroup}?type=heartbeat HTTP/1.1`. */
export interface RequestSyntax {
  method: string;
  /** Path template without the query. */
  path: string;
  /** Query parameters whose value the syntax fixes (`type=heartbeat`). */
  fixedQuery: Record<string, string>;
  /** Query parameters the syntax names with a template value (`consumer={consumer}`). */
  templateQuery: string[];
  /** `{name}` parameters of the path, in order. */
  pathParameters: string[];
  /**
   * `qualifier` of `{serviceName.qualifier}`: an optional suffix of a path variable, which the APIs take
   * as a query parameter (Function Compute's `GET /services/{serviceName.qualifier}/…`).
   */
  qualifiers: string[];
  line: number;
}

/** Reads the first request line of a "Request syntax" section, or undefined when it has none. */
export function parseRequestSyntax(lines: readonly PageLine[]): RequestSyntax | undefined {
  for (const line of lines) {
    // Older pages write path variables as `<logstorename>`.
    const text = line.text.trim().replace(/<([A-Za-z_][\w.]*)>/g, "{$1}");
    const m = /^(GET|POST|PUT|DELETE|PATCH|HEAD)\s+(\/\S*)(?:\s+HTTP\/[\d.]+)?$/.exec(text);
    if (m === null) continue;
    const [path = "", query = ""] = (m[2] ?? "").split("?", 2);
    const fixedQuery: Record<string, string> = {};
    const templateQuery: string[] = [];
    for (const pair of query.split("&").filter((p) => p !== "")) {
      const [k = "", v = ""] = pair.split("=", 2);
      if (/^\{.*\}$/.test(v) || v === "") templateQuery.push(decodeURIComponent(k));
      else fixedQuery[decodeURIComponent(k)] = decodeURIComponent(v);
    }
    const qualifiers = [...path.matchAll(/\{[^}.]+\.([^}]+)\}/g)].map((x) => x[1] ?? "");
    const bare = path.replace(/\{([^}.]+)\.[^}]+\}/g, "{$1}");
    const pathParameters = [...bare.matchAll(/\{([^}]+)\}/g)].map((x) => x[1] ?? "");
    return {
      method: (m[1] ?? "").toLowerCase(),
      path: bare,
      fixedQuery,
      templateQuery,
      pathParameters,
      qualifiers,
      line: line.n,
    };
  }
  return undefined;
}
