/**
 * Where a scenario sends its requests, as plain data both engines can build: the Node runner from
 * src/client/target.ts (`locateSls`/`locateLive`), a k6 script from `__ENV` (target-env.ts).
 */
import type { Credentials } from "../../src/signing/types.ts";

/** A resolved target for scenario code. */
export interface ScenarioTarget {
  kind: "mock" | "real" | "url";
  credentials: Credentials;
  /** SLS: connect to `url`, send `Host: host` (`<project>.<endpoint>`, docs/alibaba/sls-requests.md#addressing). */
  sls: { url: string; host: string; project: string; logstore: string };
  /** Live: connect to `url`, send `Host: host` (the Live endpoint). */
  live: { url: string; host: string; appId: string };
}
