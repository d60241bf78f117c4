/** Where an operation's name came from (docs/spec-contract.md#operationid). */
export type OperationNameSource = "title" | "request" | "ram-action" | "text" | "file-name";

/**
 * The product and operation a page file name states: `<product>-<OperationName>.txt`, also with a
 * language suffix (`live-CreateEventSub.zh.txt`) or without the product (`GetCheckPoint.txt`, product "").
 */
export function parseFileName(fileName: string): { product: string; operation: string } | undefined {
  const m = /^(?:([a-z0-9]+)-)?([A-Z][A-Za-z0-9]*)(?:\.[a-z]{2}(?:-[A-Za-z]+)?)?\.[A-Za-z]+$/.exec(fileName);
  if (m === null) return undefined;
  return { product: m[1] ?? "", operation: m[2] ?? "" };
}
