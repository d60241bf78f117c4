/**
 * Reading a summary.json back: JSON parse, schema check (summary.schema.json, Ajv, compiled once per
 * process) and the few rules JSON Schema cannot state. Used by `specgate report`, by `--baseline` and
 * by `writeReports` (so nothing malformed, and no URL with credentials, is ever written out).
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { UsageError } from "../core/usage-error.ts";
import { READABLE_SUMMARY_VERSIONS, RUN_SUMMARY_SCHEMA_VERSION, type RunSummary } from "./run-summary.ts";
import schema from "./summary.schema.json" with { type: "json" };

/** The JSON Schema (2020-12) of `RunSummary`, for tools that validate summaries themselves. */
export const runSummarySchema: Readonly<Record<string, unknown>> = schema;

let compiled: ((value: unknown) => boolean) & { errors?: ErrorObject[] | null } = () => false;
let isCompiled = false;

function schemaValidator(): typeof compiled {
  if (!isCompiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv, ["date-time", "uri"]);
    compiled = ajv.compile(schema);
    isCompiled = true;
  }
  return compiled;
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

/** Checks an already-parsed value against the schema (versions 1 and 2) and the semantic rules. Pure. */
export function validateRunSummary(value: unknown): RunSummaryValidation {
  if (typeof value === "object" && value !== null && "schemaVersion" in value) {
    const version = (value as { schemaVersion: unknown }).schemaVersion;
    if (typeof version !== "number" || !READABLE_SUMMARY_VERSIONS.includes(version))
      return {
        ok: false,
        problems: [
          `schemaVersion ${JSON.stringify(version)} is not supported; this specgate reads schemaVersion ${READABLE_SUMMARY_VERSIONS.join(" and ")} (re-render it with the specgate version that wrote it)`,
        ],
      };
  }
  const validate = schemaValidator();
  if (!validate(value)) return { ok: false, problems: (validate.errors ?? []).map(describeAjvError) };
  const summary = value as RunSummary;
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
    `${source} is not a specgate run summary (schemaVersion ${RUN_SUMMARY_SCHEMA_VERSION}, see docs/summary-schema.md): ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
  );
}
