/**
 * The settings a contract run passes from `specgate contract` to the Playwright processes, through the
 * environment (Playwright workers are separate processes). Every worker reads the same values, so every
 * worker generates the same cases.
 */
import { UsageError } from "../core/usage-error.ts";

/** Environment variable names of the contract run. */
export const CONTRACT_ENV = {
  /** The seed of the case generators; printed by the command, set it to replay a run. */
  seed: "SPECGATE_SEED",
  /** Minimum cases per operation (default 20). Tests of the command may lower it; the default run never does. */
  casesPerOperation: "SPECGATE_CONTRACT_CASES",
  /** Directory of contract-results.json (default `reports`). */
  out: "SPECGATE_OUT",
  /** Prefix of the resources the run creates (default `specgate-<random>-`). */
  resourcePrefix: "SPECGATE_RESOURCE_PREFIX",
  /** Directory of the specs the run covers (default `specs`). */
  specs: "SPECGATE_SPECS",
  /** `1`: send write operations no product declares safe to a real account too (`--allow-writes`). */
  allowWrites: "SPECGATE_ALLOW_WRITES",
} as const;

/** The run's settings. */
export interface RunSettings {
  seed: number;
  casesPerOperation: number;
  out: string;
  resourcePrefix: string;
  /** True when the run's target is a real account (`SPECGATE_TARGET=real`): writes are then guarded. */
  realTarget: boolean;
  allowWrites: boolean;
  /** The specs directory (`--specs`). */
  specsDir: string;
}

/** Parses a seed (a 32-bit integer, as fast-check takes). */
export function parseSeed(text: string, source: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < -(2 ** 31) || n > 2 ** 31 - 1)
    throw new UsageError(`${source} must be an integer between -2147483648 and 2147483647; got "${text}"`);
  return n;
}

/** A fresh random seed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** Reads the settings from `env`, filling the seed and prefix in when absent. */
export function readRunSettings(env: Readonly<Record<string, string | undefined>> = process.env): RunSettings {
  const seedText = env[CONTRACT_ENV.seed];
  const casesText = env[CONTRACT_ENV.casesPerOperation];
  let casesPerOperation = 20;
  if (casesText !== undefined && casesText !== "") {
    casesPerOperation = Number(casesText);
    if (!Number.isInteger(casesPerOperation) || casesPerOperation < 1)
      throw new UsageError(`${CONTRACT_ENV.casesPerOperation} must be a positive integer; got "${casesText}"`);
  }
  return {
    seed: seedText === undefined || seedText === "" ? randomSeed() : parseSeed(seedText, CONTRACT_ENV.seed),
    casesPerOperation,
    out: env[CONTRACT_ENV.out] || "reports",
    resourcePrefix: env[CONTRACT_ENV.resourcePrefix] || `specgate-${Math.random().toString(36).slice(2, 10)}-`,
    realTarget: env.SPECGATE_TARGET === "real",
    allowWrites: env[CONTRACT_ENV.allowWrites] === "1",
    specsDir: env[CONTRACT_ENV.specs] || "specs",
  };
}
