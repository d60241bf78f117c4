/**
 * A terminal progress bar for a load run (cli-progress), driven only by engine events. It stays
 * silent when the stream is not a TTY or `CI=true`, so logs and CI output carry no control codes.
 */
import { Presets, SingleBar } from "cli-progress";
import type { EngineEvent, EngineEventListener } from "./engine-events.ts";

/** Where the bar draws and which environment decides whether it draws. */
export interface ProgressBarOptions {
  /** Default `process.stderr` (stdout may carry a JSON result). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** True when a progress bar should draw on `stream` (a TTY, not CI). */
export function shouldShowProgress(options: ProgressBarOptions = {}): boolean {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  return stream.isTTY === true && env.CI !== "true" && env.CI !== "1";
}

/** An event listener that draws the bar (or does nothing when {@link shouldShowProgress} is false). */
export function createProgressBar(options: ProgressBarOptions = {}): EngineEventListener {
  if (!shouldShowProgress(options)) return () => {};
  const bar = new SingleBar(
    {
      stream: options.stream ?? process.stderr,
      format: "{bar} {percentage}% | {elapsed}s/{planned}s | {rps} it/s | p95 {p95} ms | dropped {dropped} | VUs {vus}",
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let dropped = 0;
  return (event: EngineEvent) => {
    switch (event.type) {
      case "run-started":
        bar.start(Math.max(1, Math.round(event.plannedDurationMs / 1000)), 0, {
          planned: Math.round(event.plannedDurationMs / 1000),
          elapsed: 0,
          rps: 0,
          p95: "-",
          dropped: 0,
          vus: 0,
        });
        break;
      case "tick": {
        dropped += event.metrics.dropped_iterations?.count ?? 0;
        const p95 = event.metrics.http_req_duration?.p95 ?? event.metrics.iteration_duration?.p95;
        bar.update(Math.round(event.elapsedMs / 1000), {
          elapsed: Math.round(event.elapsedMs / 1000),
          rps: event.metrics.iterations?.count ?? 0,
          p95: p95 == null ? "-" : p95.toFixed(1),
          dropped,
          vus: event.vus,
        });
        break;
      }
      case "run-finished":
        bar.update(Math.round(event.result.durationMs / 1000), { elapsed: Math.round(event.result.durationMs / 1000) });
        bar.stop();
        break;
      default:
        break;
    }
  };
}
