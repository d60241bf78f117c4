/**
 * What a behaviour is given (`call.valid`, behaviours/behaviour.ts) holds an RPC list as the list, gathered from the
 * `Events.1`, `Events.2` pairs the SDKs send (docs/alibaba/rpc-parameters.md#reading-flattened-parameters), not the
 * pairs themselves: the validation stage replaces the wire parameters with the validated ones.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { MockState } from "../../src/mock/mock-state.ts";
import { newCall } from "../../src/mock/pipeline/routed.ts";
import { serveProducts } from "../../src/mock/pipeline/served-products.ts";
import { createValidateRequest } from "../../src/mock/pipeline/validate-request.ts";
import { buildExtendedSpecs, defaultMockState, type ExtendedSpecs } from "./extended-specs.ts";

let extended: ExtendedSpecs;
let state: MockState;
before(async () => {
  extended = await buildExtendedSpecs(["live-CreateEventSub.txt"]);
  state = defaultMockState(extended.specs);
});
after(() => {
  state.stop();
  extended.cleanup();
});

test("the validation stage hands the behaviours Events as a list, gathered from its pairs", () => {
  const live = serveProducts(state).find((p) => p.definition.id === "live");
  const operation = live?.spec.operations.get("CreateEventSub");
  assert.ok(live !== undefined && operation !== undefined);
  const params = {
    Action: "CreateEventSub",
    Version: "2016-11-01",
    AppId: "9qb1test",
    CallbackUrl: "http://example.com/cb",
    "Events.2": "UserEvent",
    "Events.1": "ChannelEvent",
    "Users.1": "u1",
  };
  const request = { method: "GET", path: "/", rawQuery: "", headers: {}, duplicatedHeaders: [] };
  const call = newCall(request, "GET", live, operation, params, params, {});
  assert.equal(createValidateRequest(state)(call), undefined, "the request is valid");
  assert.deepEqual(call.valid, {
    AppId: "9qb1test",
    CallbackUrl: "http://example.com/cb",
    Events: ["ChannelEvent", "UserEvent"],
    Users: ["u1"],
  });
});
