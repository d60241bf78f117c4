/**
 * SLS's resources: the project named by the first label of `Host` (docs/alibaba/sls-requests.md: `Host:
 * <project>.<endpoint>`) must exist before anything else is looked at (400 MissingHost/InvalidHost, 404
 * ProjectNotExist), and, once the caller is known, the logstore a `{logstore}` path names (404 LogStoreNotExist).
 * Behaviours of SLS operations find the logstore's coordinator in `call.scope`.
 */
import { readHostProject } from "../host-project.ts";
import type { MockState } from "../mock-state.ts";
import type { Call } from "../pipeline/call.ts";
import type { ResourceCheck } from "../pipeline/resource-checks.ts";
import type { WireResponse } from "../wire.ts";

export const slsProjectAndLogstore: ResourceCheck = {
  beforeAuth(call: Call, state: MockState): WireResponse | undefined {
    const dialect = call.product.dialect;
    const host = readHostProject(call.request.headers.host);
    if (!host.ok) return dialect.domainError(host.error);
    if (!state.projects.has(host.project))
      return dialect.error(404, "ProjectNotExist", `The Project does not exist : ${host.project}`);
    call.scope = { project: host.project };
    return undefined;
  },
  afterAuth(call: Call, state: MockState): WireResponse | undefined {
    const name = call.pathParams.logstore;
    if (name === undefined) return undefined;
    const logstore = state.projects.get(call.scope.project ?? "")?.get(name);
    if (logstore === undefined)
      return call.product.dialect.error(404, "LogStoreNotExist", `logstore ${name} does not exist`);
    call.scope = { project: call.scope.project, logstore };
    return undefined;
  },
};
