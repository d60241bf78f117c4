// Reads every source file under the given roots and lists the modules each one imports, with TypeScript's own
// parser (already a dev dependency): static imports and re-exports, `import()` and `require()` calls, and whether
// an import is erased at compile time (`import type`, or only type specifiers). It also lists calls of global
// functions by name (`setTimeout(…)`), for layers that must take time from an injected clock.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** One import of one file. `target` is a repository-relative path for a relative specifier, else the specifier. */
export interface ImportEdge {
  from: string;
  target: string;
  /** True for a relative specifier (a file of the repository), false for a package or `node:` module. */
  local: boolean;
  /** True when the import is erased at compile time: it brings types only. */
  typeOnly: boolean;
  line: number;
}

/** A call of a function by its bare name, e.g. `setTimeout(…)`. */
export interface NamedCall {
  name: string;
  line: number;
}

/** What one file imports and calls. */
export interface FileImports {
  path: string;
  imports: ImportEdge[];
  calls: NamedCall[];
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "golden", "fixtures", ".git"]);

/** Every source file under `roots` (files or folders, relative to `repoRoot`), repository-relative, sorted. */
export function listSourceFiles(repoRoot: string, roots: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(child);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        found.push(toRepoPath(repoRoot, child));
      }
    }
  };
  for (const root of roots) {
    const full = join(repoRoot, root);
    if (SOURCE.test(root)) found.push(toRepoPath(repoRoot, full));
    else walk(full);
  }
  return [...new Set(found)].sort();
}

function toRepoPath(repoRoot: string, path: string): string {
  return relative(repoRoot, path).split(sep).join("/");
}

/** The imports and calls of every source file under `roots`, read from disk. */
export function readRepository(repoRoot: string, roots: readonly string[]): FileImports[] {
  return listSourceFiles(repoRoot, roots).map((path) =>
    parseSource(path, readFileSync(join(repoRoot, path), "utf8"), repoRoot),
  );
}

/** The imports and named calls in `text`, the contents of the repository file `file`. */
export function parseSource(file: string, text: string, repoRoot: string): FileImports {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const calls: NamedCall[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (specifier: string, node: ts.Node, typeOnly: boolean): void => {
    const local = specifier.startsWith(".");
    const target = local ? toRepoPath(repoRoot, resolve(repoRoot, dirname(file), specifier)) : specifier;
    edges.push({ from: file, target, local, typeOnly, line: lineOf(node) });
  };
  const visit = (node: ts.Node): void => {
    const imported = importOf(node);
    if (imported !== undefined) add(imported.specifier, node, imported.typeOnly);
    else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression))
      calls.push({ name: node.expression.text, line: lineOf(node) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { path: file, imports: edges, calls };
}

/** The module `node` imports, if it is an import, a re-export, an `import()`, a `require()` or an import type. */
function importOf(node: ts.Node): { specifier: string; typeOnly: boolean } | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
    return { specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) };
  if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
    return { specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyExport(node) };
  if (ts.isCallExpression(node)) {
    const specifier = calledModule(node);
    return specifier === undefined ? undefined : { specifier, typeOnly: false };
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal))
    return { specifier: node.argument.literal.text, typeOnly: true };
  return undefined;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // `import "x"`: run for its effects
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  if (bindings === undefined || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  if (clause === undefined || !ts.isNamedExports(clause)) return false;
  return clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** The module named by `import("x")` or `require("x")` (also `createRequire(…)`'s `require`), when it is a literal. */
function calledModule(node: ts.CallExpression): string | undefined {
  const [first] = node.arguments;
  if (first === undefined || !ts.isStringLiteralLike(first)) return undefined;
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return first.text;
  if (ts.isIdentifier(node.expression) && node.expression.text === "require") return first.text;
  return undefined;
}
