/**
 * Generated contract cases of every Live operation in specs/live.openapi.json, and the paging flow of
 * ListEventSubEvent: walk every page with two page sizes; no duplicate, no gap. All Live tests are in this
 * one file, so one worker sends them, paced under the operation's documented `x-qps-limit`.
 */
import type { CaseIdentity } from "../src/contract-cases/contract-reporter-keys.ts";
import type { CaseRecord } from "../src/contract-cases/contract-results.ts";
import { checkPageWalk, compareWalks, type PageView } from "../src/contract-cases/flow-checks.ts";
import { generateCases } from "../src/contract-cases/generate-cases.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { createViolation, type Violation } from "../src/openapi/violation.ts";
import { casesAnnotation, registerCaseTests, settings, test } from "./fixtures.ts";

const spec = loadSpecs().live;
const cases = generateCases(spec, { seed: settings.seed, perOperation: settings.casesPerOperation });

registerCaseTests(cases);

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

test(flow.title, { annotation: casesAnnotation([flow]) }, async ({ run, recordFlow }) => {
  const op = spec.operations.get(OPERATION);
  test.skip(op === undefined, `${OPERATION} is not in the spec`);
  if (op === undefined) return;
  const violations: Violation[] = [];
  // The last 24 hours up to 5 minutes ago: records arriving during the walk cannot shift the pages.
  const g = op.timeWindow?.granularitySeconds ?? 60;
  const end = Math.floor((Date.now() / 1000 - 300) / g) * g;
  const start = end - 86_400;
  const walk = async (pageSize: number): Promise<string[]> => {
    const pages: PageView[] = [];
    for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
      await run.pace(op);
      const ex = await run.live.listEventSubEvent({
        AppId: run.target.live.appId,
        StartTime: start,
        EndTime: end,
        PageSize: pageSize,
        PageNo: pageNo,
      });
      const pageViolations = op.validateResponse(ex.status, ex.body, ex.headers["content-type"]);
      violations.push(...pageViolations.map((v) => ({ ...v, jsonPointer: `/pages/${pageNo}${v.jsonPointer}` })));
      if (ex.status !== 200) {
        violations.push(createViolation(OPERATION, "response.status", `/pages/${pageNo}`, "200", String(ex.status)));
        break;
      }
      const body = ex.body as { Logs?: { MessageId?: unknown }[]; HasMore?: unknown };
      const ids = (body.Logs ?? []).map((l) => String(l.MessageId));
      pages.push({ pageNo, ids, hasMore: body.HasMore === true });
      if (body.HasMore !== true) break;
    }
    violations.push(...checkPageWalk(OPERATION, pages, pageSize));
    return pages.flatMap((p) => p.ids);
  };
  const full = await walk(100);
  const small = await walk(37);
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
