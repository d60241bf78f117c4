/** Where an operation's name came from (docs/spec-contract.md#operationid). */
export type OperationNameSource = "title" | "ram-action" | "file-name";

/** The product and operation a page file name states: `<product>-<OperationName>.txt`. */
export function parseFileName(fileName: string): { product: string; operation: string } | undefined {
  const m = /^([a-z0-9]+)-([A-Za-z][A-Za-z0-9]*)\.txt$/.exec(fileName);
  return m === null ? undefined : { product: m[1] ?? "", operation: m[2] ?? "" };
}

/** The product and operation of a page title line: `ApsaraVideo Live:ListEventSubEvent`. */
export function parseTitle(line: string): { product: string; operation: string } | undefined {
  const m = /^([A-Z][\w .&()-]*?)\s*:\s*([A-Z][A-Za-z0-9]*)$/.exec(line.trim());
  return m === null ? undefined : { product: m[1] ?? "", operation: m[2] ?? "" };
}

/**
 * The stable operationId, by the contract's precedence: the operation name of the page title
 * `Product:OperationName`, else of the RAM action `ns:OperationName`, else of the file name
 * `<product>-<OperationName>.txt`. The id is the bare operation name (`ListEventSubEvent`), which is
 * also the RPC `Action` and the last part of the RAM action.
 */
export function resolveOperationId(input: {
  title?: string;
  ramAction?: string;
  fileName?: string;
}): { id: string; source: OperationNameSource } | undefined {
  if (input.title !== undefined) return { id: input.title, source: "title" };
  const ram = input.ramAction?.split(":")[1];
  if (ram !== undefined && ram !== "") return { id: ram, source: "ram-action" };
  if (input.fileName !== undefined) return { id: input.fileName, source: "file-name" };
  return undefined;
}
