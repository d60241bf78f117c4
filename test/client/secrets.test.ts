// Credentials never printed: Target serialisation and inspection, error messages (UsageError,
// NetworkError, describeError), and describeError's explanations, clock skew first.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import { describeError } from "../../src/client/describe-error.ts";
import { NetworkError } from "../../src/client/exchange.ts";
import { LiveClient } from "../../src/client/live-client.ts";
import { RedactedCredentials } from "../../src/client/redacted-credentials.ts";
import { resolveTarget } from "../../src/client/target.ts";
import { buildExchange } from "./exchange-fixture.ts";

const SECRET = "very-secret-value-42";
const TOKEN = "sts-token-value-43";
const env = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIexample",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
  ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
  SPECGATE_SLS_ENDPOINT: "cn-shanghai.log.aliyuncs.com",
  SPECGATE_SLS_PROJECT: "p",
  SPECGATE_SLS_LOGSTORE: "l",
  SPECGATE_LIVE_APP_ID: "a",
};

function assertAbsent(text: string): void {
  assert.ok(!text.includes(SECRET), `secret leaked in: ${text}`);
  assert.ok(!text.includes(TOKEN), `token leaked in: ${text}`);
}

describe("secrets never printed", () => {
  const target = resolveTarget({ target: "real", env });

  it("JSON.stringify, util.inspect, String and spreading of a Target or its credentials", () => {
    const json = JSON.stringify(target);
    assertAbsent(json);
    assert.deepEqual(JSON.parse(json).credentials, {
      accessKeyId: "LTAIexample",
      accessKeySecret: "<redacted>",
      securityToken: "<redacted>",
    });
    assertAbsent(inspect(target, { depth: 10, showHidden: true }));
    assertAbsent(inspect(target.credentials, { depth: 10, showHidden: true }));
    assertAbsent(String(target.credentials));
    assertAbsent(JSON.stringify({ ...target.credentials }));
    assertAbsent(Object.keys(target.credentials).join());
    // …while the signers can still read them.
    assert.equal(target.credentials.accessKeySecret, SECRET);
    assert.equal(
      new RedactedCredentials({ accessKeyId: "i", accessKeySecret: SECRET }).toJSON().accessKeySecret,
      "<redacted>",
    );
  });

  it("the UsageError for a half-configured real target names variables, not values", () => {
    try {
      resolveTarget({
        target: "real",
        env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN },
      });
      assert.fail("expected a UsageError");
    } catch (e) {
      assertAbsent(String(e));
      assert.match(String(e), /ALIBABA_CLOUD_ACCESS_KEY_ID/);
    }
  });

  it("a network error of an RPC v1 call (signature and token in the query) names origin and path only", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const c = new LiveClient({
      baseUrl: `http://127.0.0.1:${port}`,
      host: "live.aliyuncs.com",
      credentials: target.credentials,
      signature: "rpc-v1",
      retry: false,
      timeoutMs: 2000,
    });
    await assert.rejects(
      c.listEventSubEvent({ AppId: "a", StartTime: 1, EndTime: 2, PageSize: 1, PageNo: 1 }),
      (e: unknown) => {
        assert.ok(e instanceof NetworkError);
        assert.equal(e.code, "ECONNREFUSED");
        assert.match(
          e.message,
          new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/ failed without an HTTP response: ECONNREFUSED`),
        );
        assert.doesNotMatch(e.message, /Signature|SecurityToken|\?/);
        assertAbsent(e.message);
        assertAbsent(inspect(e, { depth: 2 }).split("[cause]")[0] ?? "");
        return true;
      },
    );
  });
});

describe("describeError", () => {
  it("RequestTimeExpired → 'clock skew: …' with both clocks and the fix", () => {
    const e = buildExchange(
      400,
      {
        errorCode: "RequestTimeExpired",
        errorMessage:
          "Request time Mon, 05 Jan 2026 09:40:00 GMT has been expired while server time is Mon, 05 Jan 2026 10:00:00 GMT.",
      },
      { date: "Mon, 05 Jan 2026 10:00:00 GMT" },
    );
    const text = describeError(e, Date.UTC(2026, 0, 5, 9, 40, 0)) ?? "";
    assert.match(text, /^clock skew: the service rejected the request time \(400 RequestTimeExpired: Request time/);
    assert.match(
      text,
      /Local clock 2026-01-05T09:40:00\.000Z, server clock 2026-01-05T10:00:00\.000Z \(-1200 s apart\)/,
    );
    assert.match(text, /synchronise this machine's clock \(NTP\)/);
  });
  it("InvalidTimeStamp.Expired is clock skew too", () => {
    assert.match(
      describeError(
        buildExchange(400, {
          Code: "InvalidTimeStamp.Expired",
          Message: "Specified time stamp or date value is expired.",
        }),
      ) ?? "",
      /^clock skew:/,
    );
  });
  it("SignatureDoesNotMatch: points at the secret, omits the server string-to-sign", () => {
    const text =
      describeError(
        buildExchange(400, {
          Code: "SignatureDoesNotMatch",
          Message: `Specified signature is not matched with our calculation. server string to sign is:GET&%2F&SecurityToken%3D${TOKEN}`,
        }),
      ) ?? "";
    assert.match(
      text,
      /^signature rejected \(400 SignatureDoesNotMatch: Specified signature is not matched with our calculation\. \(server string-to-sign omitted\)\)\. Check ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    );
    assertAbsent(text);
  });
  it("unknown key, throttling, others; undefined for success", () => {
    assert.match(
      describeError(buildExchange(401, { errorCode: "Unauthorized", errorMessage: "AccessKeyId not found: x" })) ?? "",
      /^credentials rejected/,
    );
    assert.match(
      describeError({ ...buildExchange(400, { Code: "Throttling.User", Message: "m" }), attempts: 4 }) ?? "",
      /^throttled \(400 Throttling\.User: m\) after 4 attempts/,
    );
    assert.equal(
      describeError(
        buildExchange(404, { errorCode: "ConsumerGroupNotExist", errorMessage: "Consumer group not exist." }),
      ),
      "404 ConsumerGroupNotExist: Consumer group not exist.",
    );
    assert.equal(describeError(buildExchange(502, "Bad Gateway")), "502 (no error code): Bad Gateway");
    assert.equal(describeError(buildExchange(200, [])), undefined);
  });
});
