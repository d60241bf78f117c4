/**
 * k6 sub-metric selectors: `http_req_duration{stage:2x}` or `http_reqs{status:429,scenario:burst}`
 * select the samples of a metric whose tags match every listed pair (k6 thresholds docs,
 * "thresholds on tags"). Parsing is strict so a typo does not silently select nothing.
 */

/** A parsed selector. `key` is the canonical spelling used as the sub-metric's name in results. */
export interface MetricSelector {
  readonly metric: string;
  /** Required tag values; empty for the whole metric. */
  readonly tags: Readonly<Record<string, string>>;
  /** `metric` or `metric{k:v,k2:v2}` with the pairs as written, whitespace removed. */
  readonly key: string;
}

const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** True when `name` is a valid k6 metric name (letters, digits, underscore; ≤ 128 characters). */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** Parses `name` or `name{tag:value,...}`; throws naming the selector and the fix. */
export function parseMetricSelector(text: string): MetricSelector {
  const trimmed = text.trim();
  const brace = trimmed.indexOf("{");
  const metric = (brace === -1 ? trimmed : trimmed.slice(0, brace)).trim();
  if (!isValidMetricName(metric)) {
    throw new SyntaxError(
      `metric "${text}": "${metric}" is not a valid metric name (letters, digits and "_", not starting with a digit)`,
    );
  }
  if (brace === -1) return { metric, tags: {}, key: metric };
  if (!trimmed.endsWith("}")) {
    throw new SyntaxError(`metric "${text}": a tag filter must end with "}", e.g. http_req_duration{status:200}`);
  }
  const body = trimmed.slice(brace + 1, -1);
  const tags: Record<string, string> = {};
  const parts: string[] = [];
  for (const raw of body.split(",")) {
    const colon = raw.indexOf(":");
    const k = (colon === -1 ? "" : raw.slice(0, colon)).trim();
    const v = (colon === -1 ? "" : raw.slice(colon + 1)).trim();
    if (k === "" || v === "") {
      throw new SyntaxError(`metric "${text}": each tag filter is "name:value", e.g. http_req_duration{stage:2x}`);
    }
    tags[k] = v;
    parts.push(`${k}:${v}`);
  }
  return { metric, tags, key: `${metric}{${parts.join(",")}}` };
}

/**
 * True when every tag the selector requires is present with the same value, looking in `extra`
 * first and then in `tags` (a sample's own tags override its view's).
 */
export function matchesTags(
  required: Readonly<Record<string, string>>,
  tags: Readonly<Record<string, string>>,
  extra?: Readonly<Record<string, string>>,
): boolean {
  for (const k in required) {
    const v = extra !== undefined && k in extra ? extra[k] : tags[k];
    if (v !== required[k]) return false;
  }
  return true;
}
