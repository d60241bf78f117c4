/**
 * The log marker of an iteration's report in a k6 run: load/k6/scenario-entry.ts prints one
 * `SPECGATE_REPORT {json}` line per report, src/load-runner/run-scenario-k6.ts reads them back.
 */
export const REPORT_MARKER = "SPECGATE_REPORT ";
