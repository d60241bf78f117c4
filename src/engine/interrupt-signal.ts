/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an AbortSignal for `runLoad`, so an interrupted run still
 * runs teardown and returns its partial result (`aborted: true`). A second Ctrl-C is left to
 * Node's default handling once this listener is disposed; the CLI decides what to do then.
 */

/** A signal aborted on the first SIGINT/SIGTERM, and `dispose` to remove the handlers. */
export interface InterruptSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** The process-like object the listener attaches to (injectable for tests). */
export interface SignalSource {
  once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/** Listens for SIGINT/SIGTERM on `source` (default `process`). */
export function listenForInterrupt(source: SignalSource = process): InterruptSignal {
  const ctl = new AbortController();
  const onSignal = (): void => ctl.abort(new Error("interrupted"));
  source.once("SIGINT", onSignal);
  source.once("SIGTERM", onSignal);
  return {
    signal: ctl.signal,
    dispose: () => {
      source.off("SIGINT", onSignal);
      source.off("SIGTERM", onSignal);
    },
  };
}
