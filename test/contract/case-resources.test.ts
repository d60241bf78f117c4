// The contract run's resources, driven by the SLS entry's contract data against the mock: a case's group and
// consumer are created by calling the spec's own operations under the run's prefix, the shard count is probed
// once and its probe group deleted, and cleanup deletes what was created — also after a failed setup.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CaseResources, type ResourceHost, SetupError } from "../../contract-suite/case-resources.ts";
import { clientForProduct } from "../../src/client/product-client.ts";
import { SlsClient } from "../../src/client/sls-client.ts";
import { productTarget, resolveTarget, type Target, withBaseUrl } from "../../src/client/target.ts";
import { type RunningMock, startMock } from "../../src/mock/create-mock-server.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const specs = loadSpecs();
const PREFIX = "specgate-test-";

describe("case resources (SLS contract data against the mock)", () => {
  let mock: RunningMock;
  let target: Target;
  let counter = 0;
  const calls: string[] = [];

  const host = (settings?: Record<string, string>): ResourceHost => {
    const client = clientForProduct(target, "sls");
    return {
      product: specs.definition("sls"),
      spec: specs.spec("sls"),
      settings: settings ?? productTarget(target, "sls").settings,
      client: {
        call: (op, input, options) => {
          calls.push(op.id);
          return client.call(op, input, options);
        },
      },
      uniqueName: (kind) => `${PREFIX}${kind}-${++counter}`,
      counts: new Map(),
      pace: async () => {},
    };
  };
  const groups = async (): Promise<string[]> => {
    const ex = await SlsClient.forTarget(target).listConsumerGroup("ali-test-logstore");
    return (ex.body as { name: string }[]).map((g) => g.name).filter((n) => n.startsWith(PREFIX));
  };

  before(async () => {
    mock = await startMock({ port: 0, specs });
    const products = [...specs.products.values()].map((p) => p.definition);
    target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products }), mock.url);
  });
  after(async () => {
    await mock?.close();
  });

  it("creates a group and a consumer in it once per scope, and deletes the group on cleanup", async () => {
    const scope = new CaseResources(host());
    const consumer = await scope.value("consumer");
    const group = await scope.value("group");
    assert.match(group, /^specgate-test-group-\d+$/);
    assert.match(consumer, /^specgate-test-consumer-\d+$/);
    assert.equal(await scope.value("group"), group, "one group per scope");
    assert.equal(await scope.value("logstore"), "ali-test-logstore", "a setting is a resource too");
    assert.deepEqual(await groups(), [group]);
    assert.equal(scope.pending, 1);
    await scope.cleanup();
    assert.deepEqual(await groups(), []);
  });

  it("counts the shards once per worker through a probe group it deletes", async () => {
    const h = host();
    const scope = new CaseResources(h);
    calls.length = 0;
    const count = await scope.count("shard");
    assert.ok(count >= 1);
    assert.equal(await new CaseResources(h).count("shard"), count);
    assert.deepEqual(calls, ["CreateConsumerGroup", "ConsumerGroupHeartBeat", "DeleteConsumerGroup"]);
    assert.deepEqual(await groups(), []);
  });

  it("a refused create is a SetupError naming the answer; what it registered is still deleted", async () => {
    const scope = new CaseResources(host({ ...productTarget(target, "sls").settings, logstore: "no-such-logstore" }));
    await assert.rejects(
      scope.value("group"),
      (e: Error) =>
        e instanceof SetupError &&
        /CreateConsumerGroup specgate-test-group-\d+ answered 404 LogStoreNotExist, expected 2xx/.test(e.message),
    );
    assert.equal(scope.pending, 1);
    await scope.cleanup();
    assert.equal(scope.pending, 0);
    await assert.rejects(scope.value("nothing"), /product 'sls' has no resource 'nothing'/);
  });
});
