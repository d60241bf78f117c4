/**
 * Invariants of the stateful flows, as violations:
 * - consumer-group shard assignment (docs/alibaba/sls-consumer-groups.md#shard-assignment): no shard held by two
 *   consumers, every consumer's count within 1 of every other's, every shard assigned;
 * - paging (ListEventSubEvent, docs/alibaba/live-event-subscriptions.md#paging): walking every page gives each record once (no duplicate) and the
 *   same records as a walk with another page size (no gap); `HasMore` is false exactly on the last page.
 */
import { createViolation, renderActual, type Violation } from "../openapi/violation.ts";

/** Shards held by two consumers; fills `owner` (shard → its first holder). */
function checkOwnership(
  operationId: string,
  held: Readonly<Record<string, readonly number[]>>,
  owner: Map<number, string>,
): Violation[] {
  const out: Violation[] = [];
  for (const [consumer, shards] of Object.entries(held))
    for (const s of shards) {
      const other = owner.get(s);
      if (other === undefined) {
        owner.set(s, consumer);
        continue;
      }
      out.push(
        createViolation(
          operationId,
          "flow.shard-ownership",
          `/${s}`,
          "each shard held by at most one consumer (docs/alibaba/sls-consumer-groups.md#heartbeat-answer-contents)",
          renderActual(`shard ${s} held by ${other} and ${consumer}`),
        ),
      );
    }
  return out;
}

function checkBalance(operationId: string, counts: readonly (readonly [string, number])[]): Violation[] {
  const min = Math.min(...counts.map(([, n]) => n));
  const max = Math.max(...counts.map(([, n]) => n));
  if (max - min <= 1) return [];
  return [
    createViolation(
      operationId,
      "flow.shard-balance",
      "",
      "shard counts of any two consumers differ by at most 1 (docs/alibaba/sls-consumer-groups.md#balance-and-stickiness)",
      renderActual(Object.fromEntries(counts)),
    ),
  ];
}

function checkCoverage(operationId: string, owner: ReadonlyMap<number, string>, shardCount: number): Violation[] {
  const missing: number[] = [];
  for (let s = 0; s < shardCount; s++) if (!owner.has(s)) missing.push(s);
  if (missing.length === 0) return [];
  return [
    createViolation(
      operationId,
      "flow.shard-coverage",
      "",
      `all ${shardCount} shards assigned to live consumers (docs/alibaba/sls-consumer-groups.md#shard-assignment)`,
      renderActual(`unassigned: ${missing.join(", ")}`),
    ),
  ];
}

/** Checks one snapshot of heartbeat answers: consumer → shards it was told it holds. */
export function checkShardAssignment(
  operationId: string,
  held: Readonly<Record<string, readonly number[]>>,
  shardCount: number,
): Violation[] {
  const owner = new Map<number, string>();
  const out = checkOwnership(operationId, held, owner);
  const counts = Object.entries(held).map(([c, s]) => [c, s.length] as const);
  if (counts.length === 0) return out;
  return [...out, ...checkBalance(operationId, counts), ...checkCoverage(operationId, owner, shardCount)];
}

/** One page of a paged listing: the record IDs in order and the page's `HasMore`. */
export interface PageView {
  pageNo: number;
  ids: readonly string[];
  hasMore: boolean;
}

/** Checks a complete walk (pages 1..n in order) with page size `pageSize`. */
export function checkPageWalk(operationId: string, pages: readonly PageView[], pageSize: number): Violation[] {
  const out: Violation[] = [];
  const seen = new Map<string, number>();
  pages.forEach((page, i) => {
    const last = i === pages.length - 1;
    if (page.hasMore === last)
      out.push(
        createViolation(
          operationId,
          "flow.paging.has-more",
          `/pages/${page.pageNo}/HasMore`,
          last ? "false on the last page" : "true on every page but the last",
          String(page.hasMore),
        ),
      );
    if (!last && page.ids.length !== pageSize)
      out.push(
        createViolation(
          operationId,
          "flow.paging.gap",
          `/pages/${page.pageNo}/Logs`,
          `${pageSize} records on every page but the last`,
          `${page.ids.length} records`,
        ),
      );
    for (const id of page.ids) {
      const first = seen.get(id);
      if (first !== undefined)
        out.push(
          createViolation(
            operationId,
            "flow.paging.duplicate",
            `/pages/${page.pageNo}/Logs`,
            "each record on exactly one page",
            renderActual(`${id} on pages ${first} and ${page.pageNo}`),
          ),
        );
      else seen.set(id, page.pageNo);
    }
  });
  return out;
}

/** Compares two complete walks of the same query: both must list the same records (a gap shows as a difference). */
export function compareWalks(
  operationId: string,
  a: { pageSize: number; ids: readonly string[] },
  b: { pageSize: number; ids: readonly string[] },
): Violation[] {
  const setB = new Set(b.ids);
  const setA = new Set(a.ids);
  const onlyA = a.ids.filter((id) => !setB.has(id));
  const onlyB = b.ids.filter((id) => !setA.has(id));
  if (onlyA.length === 0 && onlyB.length === 0) return [];
  return [
    createViolation(
      operationId,
      "flow.paging.gap",
      "/Logs",
      `the same records with PageSize ${a.pageSize} (${a.ids.length}) and PageSize ${b.pageSize} (${b.ids.length})`,
      renderActual({ [`only with PageSize ${a.pageSize}`]: onlyA, [`only with PageSize ${b.pageSize}`]: onlyB }),
    ),
  ];
}
