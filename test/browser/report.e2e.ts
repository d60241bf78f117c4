/**
 * Browser test of index.html (issue "Gate and reports": the report "passes in CI"): render the fixture summary,
 * open the file offline in Chromium with every non-file request aborted, and check that the verdict shows, the
 * uPlot charts drew something, and nothing went to the console as an error. Leaves a screenshot in
 * reports/report-screenshot.png for people to look at.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, test } from "@playwright/test";
import { writeReports } from "../../src/report/write-reports.ts";
import { buildFixtureSummary } from "../report/fixture-summary.ts";

const SCREENSHOT = fileURLToPath(new URL("../../reports/report-screenshot.png", import.meta.url));

let outDir = "";

test.beforeAll(async ({ browserName }, testInfo) => {
  const executable = testInfo.project.use.launchOptions?.executablePath;
  if (browserName === "chromium" && executable !== undefined && !existsSync(executable))
    throw new Error(
      `Chromium not found at ${executable}. Install it with 'apt-get install chromium' (Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium binary.`,
    );
  outDir = await mkdtemp(join(tmpdir(), "specgate-report-e2e-"));
  await writeReports(buildFixtureSummary(), outDir);
});

test.afterAll(async () => {
  if (outDir !== "") await rm(outDir, { recursive: true, force: true });
});

test("index.html renders offline: verdict, tables, charts drawn, no errors", async ({ page }) => {
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

  await page.goto(pathToFileURL(join(outDir, "index.html")).href, { waitUntil: "load" });

  await expect(page.locator("#verdict")).toBeVisible();
  await expect(page.locator("#verdict h1")).toContainText("FAILED");
  await expect(page.locator("details.operation[open]")).toContainText("/TotalCount");

  // Every chart container with data holds a uPlot chart, and no "JavaScript is off" placeholder remains.
  const containers = page.locator("[data-chart]");
  const count = await containers.count();
  expect(count).toBeGreaterThanOrEqual(4);
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

  await mkdir(join(SCREENSHOT, ".."), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  expect(existsSync(SCREENSHOT)).toBe(true);

  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(offFileRequests).toEqual([]);
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
