/**
 * Time placeholders for an operation's `x-time-window`: valid windows for positive cases, and the binding that
 * negative cases move outside the rules. Offsets are seconds from when the case runs (case-model.ts `TimeBinding`).
 */
import fc from "fast-check";
import type { XTimeWindow } from "../openapi/extensions.ts";
import type { TimeBinding } from "./case-model.ts";

/** A time `offsetSeconds` from now, rounded down to the window's granularity when it has one. */
export function timeBinding(offsetSeconds: number, align: number | undefined): TimeBinding {
  return align !== undefined && align > 1 ? { $bind: "time", offsetSeconds, align } : { $bind: "time", offsetSeconds };
}

/**
 * Valid [start, end] offsets (seconds from now) for an `x-time-window`: end within the allowed age,
 * span within the allowed span, start not older than the allowed age (one granule of margin each side).
 */
export function timeWindowArbitrary(w: XTimeWindow): fc.Arbitrary<[TimeBinding, TimeBinding]> {
  const g = w.granularitySeconds ?? 1;
  const maxAge = w.maxAgeSeconds ?? 30 * 86_400;
  const maxSpan = w.maxSpanSeconds ?? maxAge;
  const margin = 2 * g + 60;
  return fc
    .integer({ min: 0, max: Math.max(0, maxAge - 2 * margin) })
    .chain((endBack) =>
      fc
        .integer({ min: 0, max: Math.max(0, Math.min(maxSpan - margin, maxAge - endBack - margin)) })
        .map((span): [TimeBinding, TimeBinding] => [timeBinding(-endBack - span, g), timeBinding(-endBack, g)]),
    );
}

/** The widest valid window: ending now, as long as both the span and the age rules allow (minus margins). */
export function widestWindow(w: XTimeWindow): [TimeBinding, TimeBinding] {
  const g = w.granularitySeconds ?? 1;
  const maxAge = w.maxAgeSeconds ?? 30 * 86_400;
  const span = Math.min(w.maxSpanSeconds ?? maxAge, maxAge) - (2 * g + 60);
  return [timeBinding(-span, g), timeBinding(0, g)];
}
