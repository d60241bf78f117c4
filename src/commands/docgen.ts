/**
 * `specgate docgen PAGE... [--out DIR] [--lenient] [--product ID] [--version V]` (docs/design.md#command-line): reference pages →
 * OpenAPI 3.1 JSON. One page without `--out` prints that product's document; `--out DIR` writes
 * `DIR/<product>.openapi.json` per product, atomically. Exit 0 on success, 1 for an unreadable page
 * (DocgenError: page, line, fix), 2 for usage mistakes.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../core/usage-error.ts";
import { writeFileAtomicSync } from "../core/write-file-atomic.ts";
import { DocgenError } from "../docgen/docgen-error.ts";
import { renderDocument } from "../docgen/document-order.ts";
import { generateFromFiles } from "../docgen/generate-files.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const HELP = `Usage: specgate docgen PAGE... [--out DIR] [--lenient] [--product ID] [--version YYYY-MM-DD]

Turns Alibaba Cloud API reference pages (text copied from the browser, English or Chinese) into OpenAPI 3.1
JSON, one document per product, merged with specs/overlays/<product>.json (beside the pages' folder) when
present. The product and operation come from the page itself (title, RAM action, sample requests, product
names); the file name is only a last hint.

  PAGE          a reference page saved as text, e.g. specs/sources/live-ListEventSubEvent.txt
  --out DIR     write DIR/<product>.openapi.json per product (required for several pages)
  --lenient     emit what could be read; list each problem on stderr and in x-docgen-warnings
  --product ID  the product of every page, whatever the pages say (e.g. ecs, live, sls)
  --version V   the API version (YYYY-MM-DD) of a product docgen does not know and the page does not state
  -h, --help    show this help

Without --out, one page prints its product's document to stdout.`;

async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    writeFileAtomicSync(path, text);
  } catch (err) {
    // A failed write or rename (full disk, a directory in the way) leaves no half-written temp file behind,
    // and is the user's to fix: one line naming the file, no stack trace.
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot write ${path} (${code}); pass an --out directory specgate can write to`);
  }
}

/** The documents to stdout (one page, no `--out`) or one file per product in `out`. */
async function writeDocuments(
  docs: Awaited<ReturnType<typeof generateFromFiles>>,
  out: string | undefined,
): Promise<void> {
  if (out === undefined) {
    const [doc] = docs;
    if (doc !== undefined) process.stdout.write(renderDocument(doc.document));
    return;
  }
  await mkdir(out, { recursive: true });
  for (const d of docs) {
    const path = join(out, `${d.product}.openapi.json`);
    await writeAtomically(path, renderDocument(d.document));
    console.error(`specgate docgen: wrote ${path}`);
  }
}

/** Runs `specgate docgen`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError("no PAGE given. Usage: specgate docgen PAGE... [--out DIR] [--lenient] [--product ID]");
  if (values.out === undefined && positionals.length > 1) {
    throw new UsageError(
      `${positionals.length} pages given without --out: pass --out DIR to write one file per product`,
    );
  }
  try {
    const docs = await generateFromFiles(positionals, {
      lenient: values.lenient === true,
      onSkippedPage: (error) => console.error(`specgate docgen: warning: ${error.format()}; the page is left out`),
      ...(values.product === undefined ? {} : { product: values.product }),
      ...(values.version === undefined ? {} : { version: values.version }),
    });
    for (const d of docs)
      for (const w of d.warnings) console.error(`specgate docgen: warning: ${w.page}:${w.line}: ${w.message}`);
    await writeDocuments(docs, values.out);
    return 0;
  } catch (err) {
    if (err instanceof DocgenError) {
      console.error(`specgate docgen: ${err.format()}`);
      return 1;
    }
    throw err;
  }
}

function parse(args: string[]) {
  const parsed = parseCommandArgs("docgen", {
    args,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      lenient: { type: "boolean" },
      product: { type: "string" },
      version: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const { product, version } = parsed.values;
  if (product !== undefined && !/^[a-z][a-z0-9-]*$/.test(product))
    throw new UsageError(`--product '${product}' is not a product id: pass the lower-case id, e.g. --product ecs`);
  if (version !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(version))
    throw new UsageError(
      `--version '${version}' is not an API version: pass it as YYYY-MM-DD, e.g. --version 2014-05-26`,
    );
  return parsed;
}
