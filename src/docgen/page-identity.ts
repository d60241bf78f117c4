import type { XApiStyle } from "../openapi/extensions.ts";
import { type OperationNameSource, parseFileName } from "./operation-id.ts";
import {
  actionRowClue,
  endpointLabel,
  type PageClue,
  productNameClues,
  ramActionClues,
  requestClues,
  sentenceClues,
  titleClue,
} from "./page-clues.ts";
import { preambleText, type SplitPage } from "./page-sections.ts";
import type { Problems } from "./problems.ts";
import { findKnownProduct, KNOWN_PRODUCTS, type ProductInfo, productInfo } from "./products.ts";

/** What a page documents: its product, operation and where the operation's name came from. */
export interface PageIdentity {
  product: ProductInfo;
  operation: string;
  operationSource: OperationNameSource;
  /** The page's own RAM action (`live:CreateEventSub`), when it names one. */
  ramAction?: string;
}

/** What the user says on the command line, over anything the page says. */
export interface IdentityOptions {
  /** `--product ID`. */
  product?: string;
  /** `--version YYYY-MM-DD`. */
  version?: string;
}

const NAMES = KNOWN_PRODUCTS.flatMap((p) => p.names);
/** A product id from a clue: the catalog's id for a known name/namespace/label, else the label itself. */
function productIdOf(clue: PageClue): string | undefined {
  if (clue.product === undefined) return undefined;
  const known = findKnownProduct(clue.product)?.id;
  if (known !== undefined) return known;
  return clue.kind === "ram-action" || clue.kind === "endpoint" ? clue.product.toLowerCase() : undefined;
}

function describe(clue: PageClue): string {
  const what = { title: "title", "ram-action": "RAM action", endpoint: "endpoint", request: "request", text: "text" }[
    clue.kind
  ];
  return `${what} '${clue.evidence}' (line ${clue.line})`;
}

interface Clues {
  title?: PageClue;
  actionRow?: PageClue;
  ram: PageClue[];
  request: PageClue[];
  sentences: PageClue[];
  fileName?: { product: string; operation: string };
}

function gatherClues(page: string, split: SplitPage): Clues {
  const preamble = preambleText(split);
  const clues: Clues = {
    ram: ramActionClues(split.lines),
    request: requestClues(split.lines),
    sentences: sentenceClues(preamble),
  };
  const actionRow = actionRowClue(
    split.sections.filter((s) => s.kind === "request-parameters").flatMap((s) => s.lines),
  );
  if (actionRow !== undefined) clues.actionRow = actionRow;
  const title = titleClue(preamble);
  if (title !== undefined) clues.title = title;
  const file = parseFileName(page.split(/[\\/]/).pop() ?? page);
  if (file !== undefined) clues.fileName = file;
  return clues;
}

/** The product clues that name a product outright: title, the page's first RAM action, its endpoint. */
function strongClues(clues: Clues): { id: string; clue: PageClue }[] {
  const candidates = [clues.title, clues.ram[0], clues.request.find((c) => c.kind === "endpoint")];
  const out: { id: string; clue: PageClue }[] = [];
  for (const clue of candidates) {
    const id = clue === undefined ? undefined : productIdOf(clue);
    if (clue !== undefined && id !== undefined) out.push({ id, clue });
  }
  return out;
}

/**
 * The most-named product of the page's own prose (title, summary, description, QPS sections: not the
 * tables, whose descriptions name other products in passing); a tie the file name does not break is
 * ambiguous.
 */
function textProduct(split: SplitPage, fileProduct: string | undefined): { id?: string; found: PageClue[] } {
  const prose = split.sections.filter((s) => s.kind === "description" || s.kind === "qps").flatMap((s) => s.lines);
  const found = productNameClues([...split.preamble, ...prose], NAMES);
  const counts = new Map<string, number>();
  for (const c of found) {
    const id = productIdOf(c);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const fileId = fileProduct === undefined ? undefined : findKnownProduct(fileProduct)?.id;
  if (fileId !== undefined && counts.has(fileId)) return { id: fileId, found };
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length > 1 && ranked[0]?.[1] === ranked[1]?.[1]) return { found };
  const id = ranked[0]?.[0];
  return id === undefined ? { found } : { id, found };
}

type ProductChoice = { id: string } | { error: string; line: number };

function chooseProduct(split: SplitPage, clues: Clues, options: IdentityOptions): ProductChoice {
  if (options.product !== undefined) return { id: findKnownProduct(options.product)?.id ?? options.product };
  const strong = strongClues(clues);
  const ids = [...new Set(strong.map((s) => s.id))];
  if (ids.length > 1) {
    const list = strong.map((s) => `${s.id} from ${describe(s.clue)}`).join(", ");
    return { error: `page names ${ids.length} products: ${list}`, line: strong[0]?.clue.line ?? 1 };
  }
  if (ids[0] !== undefined) return { id: ids[0] };
  const text = textProduct(split, clues.fileName?.product);
  if (text.id !== undefined) return { id: text.id };
  if (text.found.length > 1) {
    const list = text.found.map(describe).join(", ");
    return {
      error: `page names several products and none more than the others: ${list}`,
      line: text.found[0]?.line ?? 1,
    };
  }
  const fileId = clues.fileName === undefined ? undefined : findKnownProduct(clues.fileName.product)?.id;
  if (fileId !== undefined) return { id: fileId };
  return {
    error:
      "cannot tell which product the page documents: it has no 'Product:Operation' title, RAM action (ns:Operation), endpoint host or product name",
    line: clues.title?.line ?? 1,
  };
}

/**
 * The operation's name: the title's, else the request's (`Action` row, `Action=` of a sample request),
 * else the summary's (`调用X…`), else the file name's when it names this product or none; the RAM action
 * last, as its name often differs from the operation's (`log:GetLogStoreLogs` for GetLogsV2,
 * `cs:GetClusters` for DescribeClustersV1); a file name whose prefix is no known product after that.
 * A file name of another known product (a page saved over another's name) says nothing about this page.
 */
function chooseOperation(clues: Clues, productId: string): { id: string; source: OperationNameSource } | undefined {
  if (clues.title?.operation !== undefined) return { id: clues.title.operation, source: "title" };
  const action = clues.actionRow?.operation ?? clues.request.find((c) => c.operation !== undefined)?.operation;
  if (action !== undefined) return { id: action, source: "request" };
  const sentence = clues.sentences[0]?.operation;
  if (sentence !== undefined) return { id: sentence, source: "text" };
  const file = clues.fileName;
  const fileOperation = file === undefined || file.operation === "" ? undefined : file.operation;
  const fileProduct = file === undefined || file.product === "" ? productId : findKnownProduct(file.product)?.id;
  if (fileOperation !== undefined && fileProduct === productId) return { id: fileOperation, source: "file-name" };
  const ram = clues.ram.find((c) => productIdOf(c) === productId);
  if (ram?.operation !== undefined) return { id: withoutAccessLevel(ram.operation), source: "ram-action" };
  return fileOperation !== undefined && fileProduct === undefined
    ? { id: fileOperation, source: "file-name" }
    : undefined;
}

// Access levels of the "Authorization information" table ("The levels are read, write, and list"); the
// flattened dump glues the level to the action (`live:ListEventSubEventlist`).
const ACCESS_LEVELS = ["list", "read", "write", "get", "create", "update", "delete", "none"];

/** A RAM action's operation without the access level the flattened dump glued to it (`ListEventSubEventlist`). */
function withoutAccessLevel(operation: string): string {
  const level = ACCESS_LEVELS.find((l) => operation.endsWith(l) && operation.length > l.length);
  return level === undefined ? operation : operation.slice(0, -level.length);
}

/** The page's RAM action for its operation: the action cell, cut after the operation name it is glued to. */
function ramActionOf(clues: Clues, operation: string): string | undefined {
  for (const c of clues.ram) {
    const op = c.operation ?? "";
    if (op === operation) return c.evidence;
    if (op.startsWith(operation) && ACCESS_LEVELS.includes(op.slice(operation.length).toLowerCase()))
      return `${c.product}:${operation}`;
  }
  const first = clues.ram[0];
  if (first === undefined || clues.title?.operation !== undefined) return undefined;
  return `${first.product}:${withoutAccessLevel(first.operation ?? "")}`;
}

/** The style of a product docgen has no row for: ROA pages state a request line, RPC pages do not. */
function styleOfPage(split: SplitPage): XApiStyle {
  return split.sections.some((s) => s.kind === "request-syntax") ? "ROA" : "RPC";
}

function productFor(
  productId: string,
  split: SplitPage,
  clues: Clues,
  options: IdentityOptions,
  problems: Problems,
): ProductInfo {
  const version = clues.request.find((c) => c.version !== undefined)?.version ?? options.version;
  const host = clues.request.find((c) => c.kind === "endpoint" && endpointLabel(c.evidence) !== undefined);
  const known = findKnownProduct(productId);
  const info = productInfo(productId, {
    ...(version === undefined ? {} : { version }),
    ...(host === undefined || known !== undefined ? {} : { host: host.evidence }),
    ...(known === undefined ? { style: styleOfPage(split) } : {}),
  });
  // Every product of the catalog has a version; one docgen has no row for has only what the page states.
  if (known === undefined && info.version === undefined) {
    problems.warn(
      clues.title?.line ?? 1,
      `product '${productId}' has no known API version and the page states none (no Version= in its sample requests)`,
      "pass --version YYYY-MM-DD",
    );
  }
  return info;
}

/** Why the file name's operation was not taken: it names another known product than the page. */
function fileOfAnotherProduct(clues: Clues, productId: string): string {
  const fileProduct = findKnownProduct(clues.fileName?.product ?? "")?.id;
  if (fileProduct === undefined || fileProduct === productId) return "";
  return ` (the file name is of product '${fileProduct}', the page of '${productId}')`;
}

/**
 * Tells which product and operation a page documents, from the page itself: its title
 * (`ApsaraVideo Live:CreateEventSub`), RAM action (`log:GetCheckPoint`), endpoint host and `Action=` /
 * `Version=` of its sample requests, the product names of its text; the file name is the last hint and
 * `--product` overrides everything. A page that names two products, or none, is one problem listing what
 * was found.
 */
export function identifyPage(
  page: string,
  split: SplitPage,
  problems: Problems,
  options: IdentityOptions = {},
): PageIdentity | undefined {
  const clues = gatherClues(page, split);
  const choice = chooseProduct(split, clues, options);
  if ("error" in choice) {
    problems.report(choice.line, choice.error, "pass --product ID (e.g. --product ecs)");
    return undefined;
  }
  const operation = chooseOperation(clues, choice.id);
  if (operation === undefined) {
    problems.report(
      clues.title?.line ?? 1,
      `cannot tell the operation's name: no 'Product:Operation' title, Action= sample request or RAM action${fileOfAnotherProduct(clues, choice.id)}`,
      `name the file ${choice.id}-<Operation>.txt`,
    );
    return undefined;
  }
  const product = productFor(choice.id, split, clues, options, problems);
  const identity: PageIdentity = { product, operation: operation.id, operationSource: operation.source };
  const ram = ramActionOf(clues, operation.id);
  if (ram !== undefined) identity.ramAction = ram;
  return identity;
}
