/**
 * Which account owns which Live AppId. Live authorises on `acs:live::{accountId}:rtc/{AppId}`
 * (docs/alibaba/live-event-subscriptions.md#error-codes), so an AppId of another account answers 403 `NoAuth` and an
 * unknown AppId 404 `ResourceNotExist` (the ListEventSubEvent error table,
 * docs/alibaba/live-event-subscriptions.md#error-codes). The mock identifies an account by its AccessKeyId.
 */
import { type DomainError, failWith } from "./domain-error.ts";

/** AppId → owning account. */
export class AppOwnership {
  readonly #owners = new Map<string, string>();

  /** Records that `ownerAccessKeyId`'s account owns `appId` (replaces an earlier owner). */
  register(appId: string, ownerAccessKeyId: string): void {
    this.#owners.set(appId, ownerAccessKeyId);
  }

  /** Number of AppIds with an owner. */
  get size(): number {
    return this.#owners.size;
  }

  /** The owning account of `appId`, if the AppId exists. */
  ownerOf(appId: string): string | undefined {
    return this.#owners.get(appId);
  }

  /** `undefined` when `accessKeyId`'s account may read `appId`; otherwise the error to answer with. */
  checkAccess(appId: string, accessKeyId: string): DomainError | undefined {
    const owner = this.#owners.get(appId);
    if (owner === undefined) return failWith(404, "ResourceNotExist", `AppId ${appId} does not exist.`).error;
    if (owner !== accessKeyId) {
      return failWith(403, "NoAuth", `The account has no permission on AppId ${appId}.`).error;
    }
    return undefined;
  }
}
