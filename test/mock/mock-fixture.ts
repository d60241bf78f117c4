/** Shared helpers of the mock's tests: a mock on port 0 with signed clients pointed at it. */
import { LiveClient } from "../../src/client/live-client.ts";
import { SlsClient } from "../../src/client/sls-client.ts";
import type { Clock } from "../../src/core/clock.ts";
import { type RunningMock, type StartMockOptions, startMock } from "../../src/mock/create-mock-server.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";
import type { Credentials } from "../../src/signing/types.ts";

export const CREDS: Credentials = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
export const PROJECT = "ali-test-project";
export const LOGSTORE = "ali-test-logstore";
export const APP_ID = "9qb1test";
export const specs = loadSpecs();

/** A running mock and clients for it. */
export interface TestMock {
  mock: RunningMock;
  sls(options?: { credentials?: Credentials; clock?: Clock; host?: string }): SlsClient;
  live(options?: { credentials?: Credentials; clock?: Clock; signature?: "acs3" | "rpc-v1" }): LiveClient;
  close(): Promise<void>;
}

/** Starts a mock on 127.0.0.1:0. */
export async function startTestMock(options: StartMockOptions = {}): Promise<TestMock> {
  const mock = await startMock({ specs, ...options });
  return {
    mock,
    sls: (o = {}) =>
      new SlsClient({
        baseUrl: mock.url,
        host: o.host ?? `${PROJECT}.sls.localtest`,
        credentials: o.credentials ?? CREDS,
        retry: false,
        ...(o.clock !== undefined ? { clock: o.clock } : {}),
      }),
    live: (o = {}) =>
      new LiveClient({
        baseUrl: mock.url,
        host: "live.aliyuncs.com",
        credentials: o.credentials ?? CREDS,
        retry: false,
        signature: o.signature ?? "acs3",
        ...(o.clock !== undefined ? { clock: o.clock } : {}),
      }),
    close: () => mock.close(),
  };
}

/** A clock `offsetMs` away from the system clock (for expired-signature tests). */
export function skewedClock(offsetMs: number): Clock {
  return { monotonicMs: () => performance.now(), wallMs: () => Date.now() + offsetMs };
}

/** The last `days` days as ListEventSubEvent StartTime/EndTime, whole minutes. */
export function recentWindow(days = 1): { StartTime: number; EndTime: number } {
  const end = Math.floor(Date.now() / 60_000) * 60;
  return { StartTime: end - days * 86_400, EndTime: end };
}
