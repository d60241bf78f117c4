/**
 * Playwright configuration. Project `report`: the browser test of the HTML report (test/browser/*.e2e.ts),
 * run by `npm run test:browser`. It drives the system's Debian Chromium (`apt-get install chromium`), not a
 * Playwright-downloaded browser, so CI needs no `playwright install`; `CHROMIUM_PATH` overrides the path.
 * Other suites (e.g. the contract suites in contract-suite/) add their own entry to `projects`.
 */
import { defineConfig } from "@playwright/test";

/** The Chromium binary the browser tests launch. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Contract suite (project `contract`): every worker process must generate the same cases, so the seed is
// fixed once here, in the runner process, before workers start (`specgate contract` sets it and prints it).
process.env.SPECGATE_SEED ||= String(Math.floor(Math.random() * 2 ** 31));

export default defineConfig({
  reporter: [["list"]],
  outputDir: "test-results",
  forbidOnly: process.env.CI !== undefined,
  projects: [
    {
      // Generated contract cases and stateful flows against the mock, a URL or a real account
      // (contract-suite/*.suite.ts, run by `specgate contract`). One file per worker: Live calls stay in one
      // process so its pacing under the documented QPS limit holds.
      name: "contract",
      testDir: "contract-suite",
      testMatch: "*.suite.ts",
      fullyParallel: false,
      timeout: 60_000,
    },
    {
      name: "report",
      testDir: "test/browser",
      testMatch: "*.e2e.ts",
      timeout: 60_000,
      use: {
        browserName: "chromium",
        viewport: { width: 1280, height: 900 },
        launchOptions: {
          executablePath: chromiumPath,
          // Quiet, offline, CI-safe Chromium: no sandbox (containers), no GPU, no background traffic.
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
});
