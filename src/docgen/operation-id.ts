/** Where an operation's name came from (docs/spec-contract.md#operationid). */
export type OperationNameSource = "title" | "request" | "ram-action" | "text" | "file-name";

/**
 * The product and operation a page file name states: `<product>-<OperationName>.txt`, also with a
 * language suffix (`live-CreateEventSub.zh.txt`), without the product (`GetCheckPoint.txt`, product "") or
 * without an operation name (`vpc-regions.txt`, operation ""): a user's own name for the file still tells
 * the product when it starts with one.
 */
export function parseFileName(fileName: string): { product: string; operation: string } | undefined {
  const m = /^(?:([a-z0-9]+)-)?([^.]+)(?:\.[a-z]{2}(?:-[A-Za-z]+)?)?\.[A-Za-z]+$/.exec(fileName);
  if (m === null) return undefined;
  const rest = m[2] ?? "";
  const operation = /^[A-Z][A-Za-z0-9]*$/.test(rest) ? rest : "";
  if (m[1] === undefined && operation === "") return undefined;
  return { product: m[1] ?? "", operation };
}
