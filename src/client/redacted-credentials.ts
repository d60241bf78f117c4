/**
 * Credentials that cannot leak by accident: the secret and token live in private fields behind
 * getters, so `JSON.stringify`, `util.inspect`/`console.log`, spreading and `Object.keys` never show
 * them (docs/design.md#secrets-never-appear: secrets never appear in logs, reports or error messages).
 */
import type { Credentials } from "../signing/types.ts";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** `Credentials` whose secret parts never serialise or print. */
export class RedactedCredentials implements Credentials {
  readonly accessKeyId: string;
  readonly #secret: string;
  readonly #token: string | undefined;

  constructor(creds: Credentials) {
    this.accessKeyId = creds.accessKeyId;
    this.#secret = creds.accessKeySecret;
    this.#token = creds.securityToken;
  }

  get accessKeySecret(): string {
    return this.#secret;
  }

  get securityToken(): string | undefined {
    return this.#token;
  }

  /** The serialisable form: the key id, the rest redacted. */
  toJSON(): { accessKeyId: string; accessKeySecret: "<redacted>"; securityToken?: "<redacted>" } {
    return this.#token === undefined
      ? { accessKeyId: this.accessKeyId, accessKeySecret: "<redacted>" }
      : { accessKeyId: this.accessKeyId, accessKeySecret: "<redacted>", securityToken: "<redacted>" };
  }

  toString(): string {
    return `Credentials(${this.accessKeyId})`;
  }

  [INSPECT](): string {
    return `RedactedCredentials ${JSON.stringify(this.toJSON())}`;
  }
}
