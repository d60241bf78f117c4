/**
 * The baseline tolerance flags shared by `specgate gate` and `specgate report` (issue "Gate and reports" §3:
 * "configurable tolerances"): parsed the same way, with one help text, so a CI job gates on its own limits.
 */
import { UsageError } from "../core/usage-error.ts";
import { DEFAULT_TOLERANCES } from "../report/compare-baseline.ts";
import type { BaselineTolerances } from "../report/run-summary.ts";

/** parseArgs option definitions of the three flags. */
export const TOLERANCE_OPTIONS = {
  "p95-tolerance": { type: "string" },
  "admitted-tolerance": { type: "string" },
  "eviction-tolerance": { type: "string" },
} as const;

/** Help lines of the three flags, indented like the commands' other options. */
export const TOLERANCE_HELP = `  --p95-tolerance PCT        allowed p95 latency increase, percent (default ${DEFAULT_TOLERANCES.p95LatencyPct})
  --admitted-tolerance PCT   allowed admitted-rate decrease, percent (default ${DEFAULT_TOLERANCES.admittedRatePct})
  --eviction-tolerance PCT   allowed eviction-latency increase, percent (default ${DEFAULT_TOLERANCES.evictionLatencyPct})`;

function parseTolerance(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} must be a percentage ≥ 0 (e.g. ${flag} 15), got '${text}'`);
  return n;
}

/**
 * The tolerances given among parsed `values` (only those given; the rest keep their defaults). Tolerances
 * without `--baseline` are a usage error: there is nothing to compare with.
 */
export function readTolerances(
  values: Readonly<Record<string, unknown>>,
  baseline: string | undefined,
): Partial<BaselineTolerances> {
  const tolerances: Partial<BaselineTolerances> = {};
  const p95 = parseTolerance("--p95-tolerance", values["p95-tolerance"]);
  const admitted = parseTolerance("--admitted-tolerance", values["admitted-tolerance"]);
  const eviction = parseTolerance("--eviction-tolerance", values["eviction-tolerance"]);
  if (p95 !== undefined) tolerances.p95LatencyPct = p95;
  if (admitted !== undefined) tolerances.admittedRatePct = admitted;
  if (eviction !== undefined) tolerances.evictionLatencyPct = eviction;
  if (Object.keys(tolerances).length > 0 && baseline === undefined)
    throw new UsageError("tolerance flags need --baseline FILE to compare with");
  return tolerances;
}
