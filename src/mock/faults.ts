/**
 * Injected faults (docs/design.md#command-line: `--fault NAME[=VALUE]`), parsed strictly: an unknown name or
 * a bad value is a `UsageError` that names the valid faults and their value forms. The same parser serves
 * the command line and `POST /_specgate/faults`.
 */
import { UsageError } from "../core/usage-error.ts";

/** The active faults; absent = off. */
export interface Faults {
  /** Extra delay before every product answer, ms. */
  latencyMs?: number;
  /** Probability (0…1) of answering 500 InternalServerError (SLS) / ServerError (Live) instead. */
  errorRate?: number;
  /** Probability (0…1) of destroying the connection without an answer. */
  dropRate?: number;
  /** Overrides every operation's `x-qps-limit`, requests per second per account. */
  qpsLimit?: number;
  /** Answers that violate the spec, so contract checks can be seen to fail. */
  contractDrift?: boolean;
}

interface FaultDefinition {
  name: string;
  /** The field of `Faults` it sets. */
  key: keyof Faults;
  form: string;
  /** The field's value for `NAME[=VALUE]`; `spec` is the whole text, for errors. */
  read(value: string | undefined, spec: string): number | true;
}

// One table for parsing and formatting, so a fault's name, field and value form are written once.
const DEFINITIONS: readonly FaultDefinition[] = [
  {
    name: "latency",
    key: "latencyMs",
    form: "latency=MS (integer 0…60000)",
    read: (value, spec) => readInteger(value, spec, 0, 60_000),
  },
  { name: "error-rate", key: "errorRate", form: "error-rate=R (0…1)", read: readRate },
  { name: "drop-rate", key: "dropRate", form: "drop-rate=R (0…1)", read: readRate },
  {
    name: "qps-limit",
    key: "qpsLimit",
    form: "qps-limit=N (integer ≥ 1)",
    read: (value, spec) => readInteger(value, spec, 1, 1_000_000),
  },
  {
    name: "contract-drift",
    key: "contractDrift",
    form: "contract-drift (no value)",
    read(value, spec) {
      if (value !== undefined) throw usage(spec, "contract-drift takes no value");
      return true;
    },
  },
];

/** Valid fault forms, for help texts and errors. */
export const FAULT_FORMS: readonly string[] = DEFINITIONS.map((d) => d.form);

/** Parses `--fault` values (`NAME` or `NAME=VALUE`); each fault at most once. */
export function parseFaults(specs: readonly string[]): Faults {
  const faults: Faults = {};
  const seen = new Set<string>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    const value = eq < 0 ? undefined : spec.slice(eq + 1).trim();
    const definition = DEFINITIONS.find((d) => d.name === name);
    if (definition === undefined) throw usage(spec, `unknown fault '${name}'`);
    if (seen.has(name)) throw usage(spec, `fault '${name}' is given twice; give it once`);
    seen.add(name);
    (faults as Record<keyof Faults, number | boolean>)[definition.key] = definition.read(value, spec);
  }
  return faults;
}

/** The faults as `NAME[=VALUE]` strings (the inverse of `parseFaults`). */
export function formatFaults(faults: Faults): string[] {
  const out: string[] = [];
  for (const { name, key } of DEFINITIONS) {
    const value = faults[key];
    if (value === true) out.push(name);
    else if (typeof value === "number") out.push(`${name}=${value}`);
  }
  return out;
}

function usage(spec: string, problem: string): UsageError {
  return new UsageError(`--fault ${JSON.stringify(spec)}: ${problem}. Valid faults: ${FAULT_FORMS.join(", ")}.`);
}

function readInteger(value: string | undefined, spec: string, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value)) throw usage(spec, `expected an integer ${min}…${max}`);
  const n = Number(value);
  if (n < min || n > max) throw usage(spec, `${n} is outside ${min}…${max}`);
  return n;
}

function readRate(value: string | undefined, spec: string): number {
  if (value === undefined || !/^(?:0|1|0?\.\d+|1\.0*)$/.test(value))
    throw usage(spec, "expected a probability from 0 to 1, e.g. 0.1");
  return Number(value);
}
