/**
 * Reading a summary.json back: JSON parse, schema check (summary.schema.json, Ajv, compiled once per
 * process) and the few rules JSON Schema cannot state. A schemaVersion 1 summary (per-scenario fields
 * `limitRps`, `stages`, `eviction`) is checked against the schema it was written by, summary-v1.schema.json,
 * and read as version 2 (those fields become the scenario's `sections`; docs/summary-schema.md#versions). Used by `specgate report`, by `--baseline` and
 * by `writeReports` (so nothing malformed, and no URL with credentials, is ever written out).
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { UsageError } from "../core/usage-error.ts";
import { RUN_SUMMARY_SCHEMA_VERSION, type RunSummary } from "./run-summary.ts";
import schema from "./summary.schema.json" with { type: "json" };
import schemaV1 from "./summary-v1.schema.json" with { type: "json" };

/** The JSON Schema (2020-12) of `RunSummary`, for tools that validate summaries themselves. */
export const runSummarySchema: Readonly<Record<string, unknown>> = schema;

type SchemaCheck = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };
const compiled = new Map<number, SchemaCheck>();

/** The validator of summary schema `version` (1 or the current one), compiled once per process. */
function schemaValidator(version: number): SchemaCheck {
  let check = compiled.get(version);
  if (check === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv, ["date-time", "uri"]);
    check = ajv.compile(version === 1 ? schemaV1 : schema);
    compiled.set(version, check);
  }
  return check;
}

/** A version 1 scenario's per-scenario fields as the sections version 2 keeps them in. */
function upgradeScenario(s: Record<string, unknown>): Record<string, unknown> {
  const { limitRps, stages, eviction, ...rest } = s;
  const sections: { kind: string; data: unknown }[] = [];
  // Version 1 only ever tested Live ListEventSubEvent's limit.
  if (typeof limitRps === "number")
    sections.push({ kind: "rate-limit", data: { limitRps, operation: "ListEventSubEvent", stages: stages ?? [] } });
  if (eviction !== undefined) sections.push({ kind: "eviction", data: eviction });
  return { ...rest, sections };
}

/** A valid version 1 summary as version 2. */
function upgradeSummary(v1: Record<string, unknown>): Record<string, unknown> {
  const load = v1.load as { scenarios: Record<string, unknown>[] } | undefined;
  return {
    ...v1,
    schemaVersion: RUN_SUMMARY_SCHEMA_VERSION,
    ...(load ? { load: { ...load, scenarios: load.scenarios.map(upgradeScenario) } } : {}),
  };
}

function describeAjvError(e: ErrorObject): string {
  const at = e.instancePath === "" ? "(top level)" : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") return `${at}: unknown field '${String(params.additionalProperty)}'`;
  if (e.keyword === "required") return `${at}: missing required field '${String(params.missingProperty)}'`;
  if (e.keyword === "enum") return `${at}: must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
  if (e.keyword === "pattern" && e.instancePath === "/target/url")
    return `${at}: must be scheme://host[:port]/path without credentials, query or fragment`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Rules the schema cannot express: aligned series and consistent tallies. */
function checkSemantics(summary: RunSummary): string[] {
  const problems: string[] = [];
  summary.load?.scenarios.forEach((scenario, i) => {
    for (const [key, series] of Object.entries(scenario.series)) {
      if (series.t.length !== series.values.length)
        problems.push(
          `/load/scenarios/${i}/series/${key}: t has ${series.t.length} entries but values has ${series.values.length}`,
        );
    }
  });
  summary.contract?.operations.forEach((op, i) => {
    for (const kind of ["positive", "negative"] as const) {
      if (op[kind].passed > op[kind].total)
        problems.push(
          `/contract/operations/${i}/${kind}: passed (${op[kind].passed}) exceeds total (${op[kind].total})`,
        );
    }
  });
  return problems;
}

/** Result of `validateRunSummary`: the typed summary, or every problem found (JSON pointer: message). */
export type RunSummaryValidation = { ok: true; summary: RunSummary } | { ok: false; problems: string[] };

/** Checks an already-parsed value against its schemaVersion (schema + semantic rules); version 1 is upgraded. Pure. */
export function validateRunSummary(value: unknown): RunSummaryValidation {
  let version: unknown = RUN_SUMMARY_SCHEMA_VERSION;
  if (typeof value === "object" && value !== null && "schemaVersion" in value) {
    version = (value as { schemaVersion: unknown }).schemaVersion;
    if (version !== RUN_SUMMARY_SCHEMA_VERSION && version !== 1)
      return {
        ok: false,
        problems: [
          `schemaVersion ${JSON.stringify(version)} is not supported; this specgate reads schemaVersion 1 and ${RUN_SUMMARY_SCHEMA_VERSION} (re-render it with the specgate version that wrote it)`,
        ],
      };
  }
  const validate = schemaValidator(version === 1 ? 1 : RUN_SUMMARY_SCHEMA_VERSION);
  if (!validate(value)) return { ok: false, problems: (validate.errors ?? []).map(describeAjvError) };
  const summary = (version === 1 ? upgradeSummary(value as Record<string, unknown>) : value) as RunSummary;
  const problems = checkSemantics(summary);
  return problems.length === 0 ? { ok: true, summary } : { ok: false, problems };
}

const MAX_PROBLEMS_SHOWN = 5;

/**
 * Parses summary.json text; throws one `UsageError` naming `source` (the file) and the problem(s):
 * invalid JSON with its position, or the schema mismatches (the first few, with a count of the rest).
 */
export function parseRunSummary(text: string, source: string): RunSummary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `${source} is not valid JSON (${(err as Error).message}); pass a summary.json written by specgate gate`,
    );
  }
  const result = validateRunSummary(value);
  if (result.ok) return result.summary;
  const shown = result.problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = result.problems.length - shown.length;
  throw new UsageError(
    `${source} is not a specgate run summary (schemaVersion 1 or ${RUN_SUMMARY_SCHEMA_VERSION}, see docs/summary-schema.md): ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
  );
}
