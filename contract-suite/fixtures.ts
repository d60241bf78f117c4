/**
 * Playwright fixtures of the contract suite.
 * - `run` (worker-scoped): the target — a mock started on port 0 for this worker when `SPECGATE_TARGET`
 *   is `mock` (closed afterwards), a running mock at a URL, or a real account from the environment
 *   (src/client/target.ts) — with its clients and resources. Its teardown deletes every resource the
 *   worker created, also after failures and on interruption.
 * - `runCases` (per test): runs a group of generated cases and records each one for the contract reporter.
 */
import { test as base, expect, type TestInfo } from "@playwright/test";
import { resolveTarget, type Target } from "../src/client/target.ts";
import type { CaseSpec } from "../src/contract-cases/case-model.ts";
import { formatViolations } from "../src/contract-cases/check-exchange.ts";
import { CASES_ANNOTATION, CASES_ATTACHMENT, type CaseIdentity } from "../src/contract-cases/contract-reporter-keys.ts";
import { type CaseRecord, recordFailed } from "../src/contract-cases/contract-results.ts";
import { readRunSettings } from "../src/contract-cases/run-settings.ts";
import { startMock } from "../src/mock/create-mock-server.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { ContractRun } from "./contract-run.ts";

const settings = readRunSettings();

/** Worker fixtures. */
export interface ContractWorkerFixtures {
  run: ContractRun;
}

/** Test fixtures. */
export interface ContractTestFixtures {
  /**
   * Runs a group of cases, each in its own `test.step`, attaches one record per case, and fails the test
   * (after running every case) with the "Received … / Documented …" lines of each failed case.
   */
  runCases: (cases: readonly CaseSpec[]) => Promise<CaseRecord[]>;
  /** Records a stateful flow's result and fails the test if it has violations. */
  recordFlow: (record: CaseRecord) => Promise<void>;
}

/** The annotation naming a test's cases for the contract reporter (present even if the test crashes). */
export function casesAnnotation(cases: readonly CaseIdentity[]): { type: string; description: string } {
  return {
    type: CASES_ANNOTATION,
    description: JSON.stringify(
      cases.map((c) => ({
        caseId: c.caseId,
        title: c.title,
        operationId: c.operationId,
        product: c.product,
        kind: c.kind,
      })),
    ),
  };
}

/** The identity of a generated case. */
function identityOf(c: CaseSpec): CaseIdentity {
  return { caseId: c.id, title: c.title, operationId: c.operationId, product: c.product, kind: c.kind };
}

/** Cases grouped by operation and kind, in generation order: one Playwright test per group. */
function groupCases(cases: readonly CaseSpec[]): CaseSpec[][] {
  const groups = new Map<string, CaseSpec[]>();
  for (const c of cases) {
    const key = `${c.operationId}/${c.kind}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups.values()];
}

async function attachAndJudge(testInfo: TestInfo, records: CaseRecord[]): Promise<void> {
  await testInfo.attach(CASES_ATTACHMENT, { body: JSON.stringify(records), contentType: "application/json" });
  const failed = records.filter(recordFailed);
  if (failed.length === 0) return;
  const lines = failed.map(
    (r) =>
      `${r.title}${r.reason === undefined ? "" : `\n    ${r.reason}`}${r.violations.length === 0 ? "" : `\n${formatViolations(r.violations)}`}`,
  );
  // An expect failure, so that JUnit reports a <failure> (an assertion), not an <error> (a crash).
  expect(failed.length, `${failed.length} of ${records.length} contract cases failed:\n${lines.join("\n")}`).toBe(0);
}

export const test = base.extend<ContractTestFixtures, ContractWorkerFixtures>({
  run: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires an object pattern for fixtures without dependencies.
    async ({}, use, workerInfo) => {
      const specs = loadSpecs(settings.specsDir);
      const products = [...specs.products.values()].map((p) => p.definition);
      const kind = process.env.SPECGATE_TARGET || "mock";
      let target: Target;
      let close: (() => Promise<void>) | undefined;
      if (kind === "mock") {
        const mock = await startMock({ port: 0, specs });
        close = mock.close;
        // Only SPECGATE_TARGET is read: the worker's own mock takes its default test credentials, never a
        // real account's from the environment.
        target = resolveTarget({ target: "mock", env: {}, mockBaseUrl: mock.url, products });
      } else {
        target = resolveTarget({ target: kind, env: process.env, products });
      }
      const run = new ContractRun(target, specs, `${settings.resourcePrefix}w${workerInfo.workerIndex}-`, {
        workers: workerInfo.config.workers,
      });
      try {
        await use(run);
      } finally {
        await run.cleanup();
        await close?.();
      }
    },
    { scope: "worker", timeout: 60_000 },
  ],
  runCases: async ({ run }, use, testInfo) => {
    await use(async (cases) => {
      const records: CaseRecord[] = [];
      for (const c of cases) {
        const started = performance.now();
        const record = await test.step(c.title, async () => {
          try {
            return await run.execute(c);
          } catch (err) {
            // A setup or network failure fails this case only; the group goes on.
            const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
            return { ...identityOf(c), violations: [], reason } satisfies CaseRecord;
          }
        });
        record.durationMs = Math.round(performance.now() - started);
        records.push(record);
      }
      await attachAndJudge(testInfo, records);
      return records;
    });
  },
  recordFlow: async ({ run: _run }, use, testInfo) => {
    await use((record) => attachAndJudge(testInfo, [record]));
  },
});

/**
 * Registers one Playwright test per group of generated cases (operation × kind), named for the reporter. A
 * group `skipReason` names a reason for is registered skipped, with the reason as its `skip` annotation (the
 * contract reporter lists its cases as skipped, with that reason).
 */
export function registerCaseTests(
  cases: readonly CaseSpec[],
  skipReason: (operationId: string) => string | undefined = () => undefined,
): void {
  for (const group of groupCases(cases)) {
    const first = group[0] as CaseSpec;
    const title = `${first.product} ${first.operationId}: ${group.length} ${first.kind} cases`;
    const reason = skipReason(first.operationId);
    const annotation = [casesAnnotation(group.map(identityOf))];
    if (reason !== undefined) {
      test.skip(title, { annotation: [...annotation, { type: "skip", description: reason }] }, () => {});
      continue;
    }
    test(title, { annotation }, async ({ runCases }) => {
      await runCases(group);
    });
  }
}

export { expect, settings };
