import type { XErrorCode } from "../openapi/extensions.ts";
import type { Problems } from "./problems.ts";
import { cellOf, type Table } from "./table-model.ts";

/**
 * Turns an "Error codes" table (any dump style) into `x-error-codes` entries: status, code, message and
 * the optional description. A table without status/code columns, or a row whose status is not an HTTP
 * status, is a problem naming its line.
 */
export function readErrorCodes(table: Table, problems: Problems): XErrorCode[] {
  if (!table.columns.includes("status") || !table.columns.includes("code")) {
    problems.report(
      table.line,
      `error table has no ${table.columns.includes("status") ? "Error code" : "HTTP status code"} column (columns: ${table.header.join(", ")})`,
      "restore the table's missing column",
    );
    return [];
  }
  const out: XErrorCode[] = [];
  for (const row of table.rows) {
    const status = (cellOf(table, row, "status") ?? "").trim();
    const code = (cellOf(table, row, "code") ?? "").trim();
    if (!/^[1-5]\d\d$/.test(status) || code === "") {
      problems.report(
        row.line,
        `error row has status '${status}' and code '${code}': expected a 3-digit HTTP status and a code`,
        "fix the row's status and code cells",
      );
      continue;
    }
    const entry: XErrorCode = { status: Number(status), code, message: (cellOf(table, row, "message") ?? "").trim() };
    const description = (cellOf(table, row, "description") ?? "").trim();
    if (description !== "") entry.description = description;
    out.push(entry);
  }
  return out;
}
