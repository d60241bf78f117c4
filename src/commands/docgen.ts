/**
 * `specgate docgen PAGE... [--out DIR] [--lenient]` (docs/design.md#command-line): reference pages →
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

const HELP = `Usage: specgate docgen PAGE... [--out DIR] [--lenient]

Turns Alibaba Cloud API reference pages (text dumps) into OpenAPI 3.1 JSON, one document per product,
merged with specs/overlays/<product>.json (beside the pages' folder) when present.

  PAGE          a page file named <product>-<Operation>.txt, e.g. specs/sources/live-ListEventSubEvent.txt
  --out DIR     write DIR/<product>.openapi.json per product (required for several pages)
  --lenient     emit what could be read; list each problem on stderr and in x-docgen-warnings
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

/** Runs `specgate docgen`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError("no PAGE given. Usage: specgate docgen PAGE... [--out DIR] [--lenient]");
  if (values.out === undefined && positionals.length > 1) {
    throw new UsageError(
      `${positionals.length} pages given without --out: pass --out DIR to write one file per product`,
    );
  }
  try {
    const docs = await generateFromFiles(positionals, { lenient: values.lenient === true });
    for (const d of docs)
      for (const w of d.warnings) console.error(`specgate docgen: warning: ${w.page}:${w.line}: ${w.message}`);
    if (values.out === undefined) {
      const [doc] = docs;
      if (doc !== undefined) process.stdout.write(renderDocument(doc.document));
      return 0;
    }
    await mkdir(values.out, { recursive: true });
    for (const d of docs) {
      const path = join(values.out, `${d.product}.openapi.json`);
      await writeAtomically(path, renderDocument(d.document));
      console.error(`specgate docgen: wrote ${path}`);
    }
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
  return parseCommandArgs("docgen", {
    args,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      lenient: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
