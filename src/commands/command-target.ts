/**
 * What `specgate load` and `specgate gate` resolve the same way from their flags: the target (flag, config
 * file, environment, in that order; src/client/target.ts) and the load engine (`auto` = k6 when on PATH).
 */
import { loadTargetConfig, resolveTarget, type Target, type TargetConfig } from "../client/target.ts";
import { UsageError } from "../core/usage-error.ts";
import { findK6 } from "../load-runner/run-scenario-k6.ts";
import { loadSpecs } from "../openapi/load-specs.ts";

/** The `--config` file, read and checked; undefined without the flag. */
export function readConfigFlag(path: string | undefined): TargetConfig | undefined {
  return path === undefined ? undefined : loadTargetConfig(path);
}

/**
 * The target named by `--target` / `--config` (read by `readConfigFlag`, once: the gate also reads its
 * `rateLimit`) / `SPECGATE_TARGET`, for the products of every spec in specs/.
 */
export function resolveCommandTarget(flags: {
  target?: string | undefined;
  config?: TargetConfig | undefined;
}): Target {
  return resolveTarget({
    ...(flags.target === undefined ? {} : { target: flags.target }),
    ...(flags.config === undefined ? {} : { config: flags.config }),
    env: process.env,
    products: [...loadSpecs().products.values()].map((p) => p.definition),
  });
}

/** The k6 binary to run, or undefined for the built-in engine; `--engine k6` without k6 is a usage error. */
export function pickK6(engine: string): string | undefined {
  if (engine !== "auto" && engine !== "node" && engine !== "k6")
    throw new UsageError(`--engine must be auto, node or k6; got "${engine}"`);
  const k6Path = engine === "node" ? undefined : findK6();
  if (engine === "k6" && k6Path === undefined)
    throw new UsageError("--engine k6: no k6 on PATH; install k6 (≥ 0.48) or use --engine node");
  return k6Path;
}
