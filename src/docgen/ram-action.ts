import type { PageLine } from "./page-sections.ts";

// Access levels of the "Authorization information" table ("The levels are read, write, and list"); the
// flattened dump glues the level to the action (`live:ListEventSubEventlist`).
const ACCESS_LEVELS = ["list", "read", "write", "get", "create", "update", "delete", "none"];

/**
 * Finds the RAM action (`log:ConsumerGroupHeartBeat`, `live:ListEventSubEvent`) in the authorization
 * sections: the first cell that starts with `namespace:Operation`. When the operation name is known the
 * action is cut right after it; otherwise a glued access-level word is removed from its end.
 */
export function findRamAction(
  lines: readonly PageLine[],
  operationName?: string,
): { action: string; line: number } | undefined {
  for (const line of lines) {
    const t = line.text
      .trim()
      .replace(/^\|\s*/, "")
      .replace(/\s*\|$/, "");
    const m = /^([a-z][a-z0-9-]*):([A-Za-z][A-Za-z0-9]*)$/.exec(t);
    if (m === null) continue;
    const ns = m[1] ?? "";
    let op = m[2] ?? "";
    if (operationName !== undefined && op.startsWith(operationName)) {
      const rest = op.slice(operationName.length);
      if (rest === "" || ACCESS_LEVELS.includes(rest.toLowerCase())) op = operationName;
    } else {
      const level = ACCESS_LEVELS.find((l) => op.endsWith(l) && op.length > l.length);
      if (level !== undefined) op = op.slice(0, -level.length);
    }
    return { action: `${ns}:${op}`, line: line.n };
  }
  return undefined;
}
