/**
 * Errors are data (docs/design.md#errors-are-data): a domain class never throws for a client mistake,
 * it returns `{ ok: false, error }` and the route renders `error` in the product's error body
 * (SLS `{errorCode, errorMessage}`, RPC `{Code, Message, …}`; docs/alibaba/sls-errors.md#error-body and
 * docs/alibaba/pop-errors.md#error-body).
 */
export interface DomainError {
  /** HTTP status the route answers with. */
  status: number;
  /** The product's error code, e.g. `ConsumerGroupNotExist`. */
  code: string;
  /** Human-readable message; never contains secrets. */
  message: string;
}

/** Either a success carrying the fields of `T`, or a `DomainError`. */
export type Outcome<T extends object = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: DomainError };

/** Builds the failure branch of an `Outcome`. */
export function failWith(status: number, code: string, message: string): { ok: false; error: DomainError } {
  return { ok: false, error: { status, code, message } };
}
