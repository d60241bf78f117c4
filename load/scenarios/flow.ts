/**
 * Engine-neutral control flow for scenario code.
 *
 * k6 0.48 makes HTTP calls synchronously (`k6/http`) and has no timers; the built-in Node engine is
 * asynchronous. So that one scenario implementation serves both, scenario steps are generator
 * functions: wherever a port call may be asynchronous, the step writes `yield* settle(port.request(r))`.
 * `runFlowSync` drives a flow in k6 (every yielded value is already a plain value), `runFlowAsync`
 * drives it in Node (yielded promises are awaited and their rejections are thrown back into the flow,
 * so `try`/`finally` in scenario code works the same on both engines). Generators are ES2015, which
 * k6's JavaScript runtime supports natively; no async callbacks end up inside k6's `check`/`group`.
 */

/** A scenario step: yields values that may be promises and finishes with `T`. */
export type Flow<T> = Generator<unknown, T, unknown>;

/** A value a port returns: plain in k6, possibly a promise in Node. */
export type MaybePromise<T> = T | Promise<T>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Hands a possibly-asynchronous value to the driver and returns it settled. */
export function* settle<T>(value: MaybePromise<T>): Generator<unknown, T, unknown> {
  return (yield value) as T;
}

/**
 * Runs a flow to completion synchronously (k6). A promise reaching the driver is a bug in the port
 * (k6 ports are synchronous), reported as such rather than silently treated as a value.
 */
export function runFlowSync<T>(flow: Flow<T>): T {
  let step = flow.next();
  while (!step.done) {
    if (isThenable(step.value)) {
      const error = new TypeError(
        "a scenario step yielded a promise under the synchronous (k6) driver; the k6 port must return plain values",
      );
      step = flow.throw(error);
      continue;
    }
    step = flow.next(step.value);
  }
  return step.value;
}

/** Runs a flow to completion, awaiting yielded promises (the built-in Node engine). */
export async function runFlowAsync<T>(flow: Flow<T>): Promise<T> {
  let step = flow.next();
  while (!step.done) {
    let settled: unknown;
    try {
      settled = await step.value;
    } catch (error) {
      step = flow.throw(error);
      continue;
    }
    step = flow.next(settled);
  }
  return step.value;
}
