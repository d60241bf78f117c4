/**
 * The `contract-drift` fault (docs/design.md#command-line): answers that violate the spec in ways a careless
 * server change would, so the contract checks can be seen to fail, naming the operation and JSON pointer.
 * Each rule breaks the documented schema whatever the data (an empty list becomes a wrong type too).
 */

/** A success body of `operationId`, drifted from its documented schema. */
export function driftSuccessBody(operationId: string, body: unknown): unknown {
  switch (operationId) {
    case "ListEventSubEvent": {
      const page = body as { Count?: unknown; Logs?: Record<string, unknown>[] };
      const logs = (page.Logs ?? []).map((log) => ({ ...log }));
      const first = logs[0];
      if (first === undefined) logs.push({ AppId: 1, Cost: "fast" });
      else {
        delete first.MessageId;
        first.Cost = String(first.Cost);
        first.Code = first.Code === undefined ? "200" : String(first.Code);
      }
      // Count as a string: the classic "number became a string" drift.
      return { ...page, Count: String(page.Count ?? 0), Logs: logs };
    }
    case "ConsumerGroupHeartBeat": {
      const shards = body as number[];
      // Objects instead of the documented bare array of shard IDs; an empty answer becomes an object.
      return shards.length === 0 ? { shards: [] } : shards.map((shard) => ({ shard }));
    }
    case "ListConsumerGroup": {
      const groups = body as Record<string, unknown>[];
      // `timeout` as a string; an empty list becomes the legacy `{count, consumerGroups}` wrapper (a conflict,
      // docs/alibaba/sls-consumer-groups.md#operations).
      return groups.length === 0
        ? { count: 0, consumerGroups: [] }
        : groups.map((g) => ({ ...g, timeout: String(g.timeout) }));
    }
    case "GetCheckPoint": {
      const entries = body as Record<string, unknown>[];
      return entries.length === 0 ? { checkpoints: [] } : entries.map((e) => ({ ...e, shard: String(e.shard) }));
    }
    default:
      // Objects (documented `{}` bodies, spec-driven answers) become arrays, arrays (ListShards) objects.
      if (Array.isArray(body)) return { items: body };
      return typeof body === "object" && body !== null ? [] : body;
  }
}

/** An error body with its required message field removed (SLS `errorMessage`, RPC `RequestId`). */
export function driftErrorBody(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  if ("errorMessage" in copy) delete copy.errorMessage;
  else delete copy.RequestId;
  return copy;
}
