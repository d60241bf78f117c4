/**
 * The paging flow of Live ListEventSubEvent: walk every page with two page sizes; no duplicate, no gap. A flow
 * is about one operation's behaviour, so it names it; it is skipped when the specs have no such operation. Its
 * calls are paced under the operation's documented `x-qps-limit` with the generated cases (contract-run.ts).
 */

import type { Exchange } from "../src/client/exchange.ts";
import { LiveClient } from "../src/client/live-client.ts";
import { targetSetting } from "../src/client/target.ts";
import type { CaseIdentity } from "../src/contract-cases/contract-reporter-keys.ts";
import type { CaseRecord } from "../src/contract-cases/contract-results.ts";
import { checkPageWalk, compareWalks, type PageView } from "../src/contract-cases/flow-checks.ts";
import type { CompiledOperation } from "../src/openapi/compiled-spec.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { createViolation, type Violation } from "../src/openapi/violation.ts";
import type { ContractRun } from "./contract-run.ts";
import { casesAnnotation, settings, test } from "./fixtures.ts";

const spec = loadSpecs(settings.specsDir).products.get("live")?.spec;
const OPERATION = "ListEventSubEvent";
/** Upper bound of pages per walk, so a busy real account cannot make the flow unbounded. */
const MAX_PAGES = 60;

const flow: CaseIdentity = {
  caseId: `${OPERATION}/stateful/paging`,
  title: `${OPERATION} stateful: paging walks every page with no duplicate and no gap`,
  operationId: OPERATION,
  product: "live",
  kind: "stateful",
};

/** Where one walk reads: the client, the operation, the AppId and a fixed time window. */
interface Walk {
  run: ContractRun;
  live: LiveClient;
  op: CompiledOperation;
  appId: string;
  start: number;
  end: number;
}

/** One page's answer as a PageView, its violations pushed; undefined when the walk must stop (not a 200). */
function readPage(op: CompiledOperation, ex: Exchange, pageNo: number, violations: Violation[]): PageView | undefined {
  const pageViolations = op.validateResponse(ex.status, ex.body, ex.headers["content-type"]);
  violations.push(...pageViolations.map((v) => ({ ...v, jsonPointer: `/pages/${pageNo}${v.jsonPointer}` })));
  if (ex.status !== 200) {
    violations.push(createViolation(OPERATION, "response.status", `/pages/${pageNo}`, "200", String(ex.status)));
    return undefined;
  }
  const body = ex.body as { Logs?: { MessageId?: unknown }[]; HasMore?: unknown };
  const ids = (body.Logs ?? []).map((l) => String(l.MessageId));
  return { pageNo, ids, hasMore: body.HasMore === true };
}

/** Walks every page at `pageSize` (at most MAX_PAGES); returns the record IDs in page order. */
async function walkPages(w: Walk, pageSize: number, violations: Violation[]): Promise<string[]> {
  const pages: PageView[] = [];
  for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
    await w.run.pace(w.op);
    const ex = await w.live.listEventSubEvent({
      AppId: w.appId,
      StartTime: w.start,
      EndTime: w.end,
      PageSize: pageSize,
      PageNo: pageNo,
    });
    const page = readPage(w.op, ex, pageNo, violations);
    if (page === undefined) break;
    pages.push(page);
    if (!page.hasMore) break;
  }
  violations.push(...checkPageWalk(OPERATION, pages, pageSize));
  return pages.flatMap((p) => p.ids);
}

test(flow.title, { annotation: casesAnnotation([flow]) }, async ({ run, recordFlow }) => {
  const op = spec?.operations.get(OPERATION);
  test.skip(op === undefined, `${OPERATION} is not in specs/live.openapi.json`);
  if (op === undefined) return;
  // The last 24 hours up to 5 minutes ago: records arriving during the walk cannot shift the pages.
  const g = op.timeWindow?.granularitySeconds ?? 60;
  const end = Math.floor((Date.now() / 1000 - 300) / g) * g;
  const walk: Walk = {
    run,
    live: LiveClient.forTarget(run.target),
    op,
    appId: targetSetting(run.target, "live", "appId"),
    start: end - 86_400,
    end,
  };
  const violations: Violation[] = [];
  const full = await walkPages(walk, 100, violations);
  const small = await walkPages(walk, 37, violations);
  violations.push(...compareWalks(OPERATION, { pageSize: 100, ids: full }, { pageSize: 37, ids: small }));
  const record: CaseRecord = {
    caseId: flow.caseId,
    title: `${OPERATION} stateful: paging (${full.length} records, PageSize 100 and 37)`,
    operationId: OPERATION,
    product: "live",
    kind: "stateful",
    violations,
  };
  await recordFlow(record);
});
