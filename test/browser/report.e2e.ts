/**
 * Browser test of index.html (issue "Gate and reports": the report "passes in CI"): render two summaries — the
 * fixture (an eviction run on the node engine, a rate-limit run on k6) and a real `specgate gate` run on k6
 * v0.48.0 against the mock (test/browser/fixtures/k6-v0.48.0-gate-summary.json, its contract section left out:
 * both scenarios on k6, their per-second series read from k6's metric stream; its scenario fields moved into
 * `sections` when the summary took them) — open each offline in Chromium
 * with every non-file request aborted, and check that the verdict shows, every scenario's latency and
 * throughput charts are drawn, and nothing went to the console as an error. Leaves screenshots in
 * reports/report-screenshot.png and reports/report-screenshot-k6.png for people to look at.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { viewSection } from "../../load/scenarios/registry.ts";
import { parseRunSummary } from "../../src/report/parse-run-summary.ts";
import { emptyView, type SectionReader } from "../../src/report/section-view.ts";
import { writeReports } from "../../src/report/write-reports.ts";
import { buildFixtureSummary } from "../report/fixture-summary.ts";

const SCREENSHOT = fileURLToPath(new URL("../../reports/report-screenshot.png", import.meta.url));
const SCREENSHOT_K6 = fileURLToPath(new URL("../../reports/report-screenshot-k6.png", import.meta.url));
const K6_SUMMARY = new URL("fixtures/k6-v0.48.0-gate-summary.json", import.meta.url);

let outDir = "";
let k6Dir = "";
let unknownChartDir = "";

/** The registry's reader, plus a made-up `soak` section whose view asks for a chart the script has no drawing for. */
const soakReader: SectionReader = (section) =>
  section.kind !== "soak"
    ? viewSection(section)
    : {
        ...emptyView(),
        charts: [{ kind: "soak", title: "RSS over the soak", hasData: true, emptyText: "No RSS samples." }],
      };

test.beforeAll(async ({ browserName }, testInfo) => {
  const executable = testInfo.project.use.launchOptions?.executablePath;
  if (browserName === "chromium" && executable !== undefined && !existsSync(executable))
    throw new Error(
      `Chromium not found at ${executable}. Install it with 'apt-get install chromium' (Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium binary.`,
    );
  outDir = await mkdtemp(join(tmpdir(), "specgate-report-e2e-"));
  await writeReports(buildFixtureSummary(), outDir, viewSection);
  k6Dir = await mkdtemp(join(tmpdir(), "specgate-report-e2e-k6-"));
  await writeReports(parseRunSummary(readFileSync(K6_SUMMARY, "utf8"), K6_SUMMARY.pathname), k6Dir, viewSection);
  unknownChartDir = await mkdtemp(join(tmpdir(), "specgate-report-e2e-unknown-"));
  const withSoak = buildFixtureSummary();
  withSoak.load?.scenarios[0]?.sections.push({ kind: "soak", data: { hours: 3 } });
  await writeReports(withSoak, unknownChartDir, soakReader);
});

test.afterAll(async () => {
  if (outDir !== "") await rm(outDir, { recursive: true, force: true });
  if (k6Dir !== "") await rm(k6Dir, { recursive: true, force: true });
  if (unknownChartDir !== "") await rm(unknownChartDir, { recursive: true, force: true });
});

/** Opens `dir`/index.html offline; returns what went wrong on the way (console errors, page errors, requests). */
async function openOffline(page: Page, dir: string): Promise<() => string[]> {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const offFileRequests: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("request", (req) => {
    if (!req.url().startsWith("file:")) offFileRequests.push(req.url());
  });
  await page
    .context()
    .route("**", (route) =>
      route.request().url().startsWith("file:") ? route.continue() : route.abort("blockedbyclient"),
    );

  await page.goto(pathToFileURL(join(dir, "index.html")).href, { waitUntil: "load" });
  return () => [
    ...pageErrors.map((e) => `page error: ${e}`),
    ...consoleErrors.map((e) => `console error: ${e}`),
    ...offFileRequests.map((u) => `request off file: ${u}`),
  ];
}

/** Every chart container holds a uPlot chart whose canvas has something painted; returns how many there are. */
async function expectChartsDrawn(page: Page): Promise<number> {
  // Every chart container with data holds a uPlot chart, and no "JavaScript is off" placeholder remains.
  const containers = page.locator("[data-chart]");
  const count = await containers.count();
  await expect(page.locator(".uplot")).toHaveCount(count);
  await expect(page.getByText("JavaScript is off")).toHaveCount(0);

  // Runs in the page; the project's TypeScript has no DOM lib, so the few DOM shapes used are spelled out.
  interface Canvas {
    width: number;
    height: number;
    getContext(
      kind: "2d",
    ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  }
  const canvases = await page.evaluate(() =>
    Array.from(
      (
        globalThis as unknown as { document: { querySelectorAll(sel: string): ArrayLike<Canvas> } }
      ).document.querySelectorAll(".uplot canvas"),
    ).map((c) => {
      const ctx = c.getContext("2d");
      let painted = 0;
      if (ctx !== null && c.width > 0 && c.height > 0) {
        const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
      }
      return { width: c.width, height: c.height, painted };
    }),
  );
  expect(canvases.length).toBe(count);
  for (const c of canvases) {
    expect(c.width).toBeGreaterThan(0);
    expect(c.height).toBeGreaterThan(0);
    // A drawn chart has lines, bars or points: far more than a handful of painted pixels.
    expect(c.painted).toBeGreaterThan(500);
  }

  return count;
}

/** Each load scenario has its latency and throughput charts (not the "no series" placeholder). */
async function expectSeriesCharts(page: Page, scenarios: number): Promise<void> {
  for (let i = 0; i < scenarios; i++) {
    await expect(page.locator(`#scenario-${i} [data-chart="latency"] .uplot`)).toHaveCount(1);
    await expect(page.locator(`#scenario-${i} [data-chart="other"] .uplot`)).toHaveCount(1);
  }
  await expect(page.getByText("No latency series were recorded.")).toHaveCount(0);
}

async function screenshot(page: Page, path: string): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  expect(existsSync(path)).toBe(true);
}

test("index.html renders offline: verdict, tables, charts drawn, no errors", async ({ page }) => {
  const problems = await openOffline(page, outDir);
  await expect(page.locator("#verdict")).toBeVisible();
  await expect(page.locator("#verdict h1")).toContainText("FAILED");
  await expect(page.locator("details.operation[open]")).toContainText("/TotalCount");
  expect(await expectChartsDrawn(page)).toBeGreaterThanOrEqual(4);
  await expectSeriesCharts(page, 2);
  await screenshot(page, SCREENSHOT);
  expect(problems()).toEqual([]);
});

test("a k6 run's report draws the same charts: latency and throughput over time for both scenarios", async ({
  page,
}) => {
  const problems = await openOffline(page, k6Dir);
  await expect(page.locator("#verdict h1")).toBeVisible();
  await expect(page.locator("#scenario-0 h3")).toContainText("heartbeat-eviction k6 engine");
  await expect(page.locator("#scenario-1 h3")).toContainText("rate-limit k6 engine");
  // eviction timeline, latency, other; rate chart, latency, other
  expect(await expectChartsDrawn(page)).toBe(6);
  await expectSeriesCharts(page, 2);
  await expect(page.locator("#scenario-0 table").nth(1)).toContainText("±");
  await screenshot(page, SCREENSHOT_K6);
  expect(problems()).toEqual([]);
});

test("a section's chart of a kind the script cannot draw says so, and the other charts are still drawn", async ({
  page,
}) => {
  const problems = await openOffline(page, unknownChartDir);
  const soak = page.locator('#scenario-0 [data-chart="soak"]');
  await expect(soak).toHaveText("This report draws no soak chart; the tables carry the numbers.");
  await expect(page.locator("#scenario-0 .uplot")).toHaveCount(3);
  await expect(page.getByText("JavaScript is off")).toHaveCount(0);
  expect(problems()).toEqual([]);
});

test("without JavaScript the tables still carry the numbers", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(outDir, "index.html")).href);
    await expect(page.locator("#verdict h1")).toContainText("FAILED");
    await expect(page.locator("#contract table")).toContainText("ListEventSubEvent");
    await expect(page.locator("#load")).toContainText("Throttling.User");
    await expect(page.getByText("JavaScript is off").first()).toBeVisible();
  } finally {
    await context.close();
  }
});
