/**
 * `compileSpec`: an OpenAPI 3.1 document → a `CompiledSpec` with every validator and route compiled once
 * (docs/design.md#compile-the-spec-once).
 * One Ajv instance per CompiledSpec; the document's `components/schemas` are registered with it as one
 * schema (`$defs`) under a product-specific `$id`, and component `$ref`s are rewritten to point there.
 * Each validator is compiled under its own `$id`, derived from a stable key (`<operationId>/params`,
 * `/body`, `/response/<status>`), so the same validators can also be generated ahead of time as code
 * (precompiled-validators.ts) and looked up by key instead of compiled: same document, same validators.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import { compileOperation, type OperationContext } from "./compile-operation.ts";
import type { CompiledOperation, CompiledSpec } from "./compiled-spec.ts";
import { createAjv, type SpecAjv } from "./create-ajv.ts";
import type { XProduct } from "./extensions.ts";
import { isJsonObject as isObj } from "./is-json-object.ts";
import { componentsSchemaId, prepareSchema } from "./prepare-schema.ts";
import { readXProduct, readXSignatureSchemes } from "./read-extensions.ts";
import { RoaRouter } from "./roa-router.ts";
import { REGENERATE_HINT, SpecError } from "./spec-error.ts";

export type {
  CompiledOperation,
  CompiledParameter,
  CompiledSpec,
  RequestInput,
  RequestValidation,
} from "./compiled-spec.ts";
export { loadSpecs } from "./load-specs.ts";
export { SpecError } from "./spec-error.ts";
export type { Violation } from "./violation.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Options of `compileSpec`. */
export interface CompileSpecOptions {
  /**
   * Validators generated ahead of time from this very document, by key (loadSpecs passes them only when the
   * document's hash matches the one they were generated from). Ajv is then not needed at all; a key that is
   * missing is compiled as usual.
   */
  precompiled?: Readonly<Record<string, ValidateFunction>>;
  /**
   * The document is the caller's own, just parsed and shared with nobody (loadSpecs): it is frozen as it is
   * instead of copied first. The copy (structuredClone) cost more than parsing the text did, at every start.
   */
  adopt?: boolean;
}

/**
 * Compiles an OpenAPI 3.1 document written by specgate's docgen (with `x-product`).
 * Throws SpecError with the document/operation, the problem and the fix when it cannot.
 */
export function compileSpec(doc: unknown, options: CompileSpecOptions = {}): CompiledSpec {
  return compileSpecWith(doc, options).spec;
}

type Obj = Readonly<Record<string, unknown>>;

/** The document, checked to be an OpenAPI 3.1 object with `paths`, deep-frozen, with its `x-product`. */
function readDocument(
  doc: unknown,
  adopt: boolean,
): { document: Record<string, unknown>; product: XProduct; paths: Obj } {
  if (!isObj(doc)) throw new SpecError(`the spec is not a JSON object. ${REGENERATE_HINT}`);
  if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1."))
    throw new SpecError(
      `the spec declares openapi ${JSON.stringify(doc.openapi)}; specgate compiles OpenAPI 3.1.x documents. ${REGENERATE_HINT}`,
    );
  const document = deepFreeze((adopt ? doc : structuredClone(doc)) as Record<string, unknown>);
  const product = readXProduct(document);
  if (!isObj(document.paths)) throw new SpecError(`the '${product.id}' spec has no 'paths' object. ${REGENERATE_HINT}`);
  return { document, product, paths: document.paths };
}

/**
 * The one Ajv instance of a document, created on first need with the components registered, and each
 * validator key's `$id` in it; validators generated ahead of time are looked up by key instead.
 */
class SchemaCompiler {
  ajv: SpecAjv | undefined;
  readonly ids = new Map<string, string>();

  constructor(
    readonly productId: string,
    readonly componentsId: string,
    readonly schemas: Obj,
    readonly options: CompileSpecOptions & { source?: boolean },
  ) {
    if (options.precompiled === undefined) this.ensureAjv(); // a bad components section is reported first, as itself
  }

  ensureAjv(): SpecAjv {
    if (this.ajv !== undefined) return this.ajv;
    const created = createAjv({ source: this.options.source === true });
    try {
      const $defs: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(this.schemas)) $defs[name] = prepareSchema(schema, this.componentsId);
      created.addSchema({ $id: this.componentsId, $defs });
    } catch (err) {
      throw new SpecError(
        `the '${this.productId}' spec's components/schemas are rejected: ${(err as Error).message}. ${REGENERATE_HINT}`,
      );
    }
    this.ajv = created;
    return created;
  }

  compile(key: string, schema: unknown): ValidateFunction {
    const ready = this.options.precompiled?.[key];
    if (ready !== undefined) return ready;
    let withId = schema;
    // (A key seen before means a duplicate operationId, reported once its operation is compiled.)
    if (isObj(schema) && !this.ids.has(key)) {
      const id = typeof schema.$id === "string" ? schema.$id : validatorSchemaId(this.componentsId, key);
      withId = { $id: id, ...schema };
      this.ids.set(key, id);
    }
    return this.ensureAjv().compile(withId as object);
  }
}

/** The compiled operations by operationId, RPC ones by Action, ROA ones in the router. */
class OperationIndex {
  readonly operations = new Map<string, CompiledOperation>();
  readonly byAction = new Map<string, CompiledOperation>();
  readonly router = new RoaRouter<CompiledOperation>();

  add(compiled: CompiledOperation, method: string, pathKey: string): void {
    const previous = this.operations.get(compiled.id);
    if (previous !== undefined)
      throw new SpecError(
        `operationId '${compiled.id}' is used twice (${previous.method.toUpperCase()} ${previous.pathTemplate} and ${method.toUpperCase()} ${pathKey}). ${REGENERATE_HINT}`,
      );
    this.operations.set(compiled.id, compiled);
    if (compiled.style !== "RPC" || compiled.rpc === undefined) {
      this.router.add(method, compiled.pathTemplate, compiled.fixedQuery, compiled);
      return;
    }
    const other = this.byAction.get(compiled.rpc.action);
    if (other !== undefined)
      throw new SpecError(
        `RPC action '${compiled.rpc.action}' is declared by '${other.id}' and '${compiled.id}'. ${REGENERATE_HINT}`,
      );
    this.byAction.set(compiled.rpc.action, compiled);
  }
}

/** Compiles every operation of every path item into `index`. */
function compilePaths(ctx: OperationContext, paths: Obj, index: OperationIndex): void {
  for (const [pathKey, pathItem] of Object.entries(paths)) {
    if (!isObj(pathItem)) throw new SpecError(`path '${pathKey}' is not an object. ${REGENERATE_HINT}`);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (op === undefined) continue;
      if (!isObj(op)) throw new SpecError(`${method.toUpperCase()} ${pathKey} is not an object. ${REGENERATE_HINT}`);
      index.add(compileOperation(ctx, pathKey, method, op, pathItem), method, pathKey);
    }
  }
}

/**
 * `compileSpec`, also returning the Ajv instance (when one was needed) and each validator key's `$id` in
 * it, for `generateValidatorModule`. `source: true` keeps the validators' code (Ajv `code.source`).
 */
export function compileSpecWith(
  doc: unknown,
  options: CompileSpecOptions & { source?: boolean } = {},
): { spec: CompiledSpec; ajv: SpecAjv | undefined; ids: ReadonlyMap<string, string> } {
  const { document, product, paths } = readDocument(doc, options.adopt === true);
  const componentsId = componentsSchemaId(product.id);
  const components = isObj(document.components) ? document.components : {};
  const schemas = isObj(components.schemas) ? components.schemas : {};
  const compiler = new SchemaCompiler(product.id, componentsId, schemas, options);
  const ctx: OperationContext = {
    doc: document,
    compileSchema: (key, schema) => compiler.compile(key, schema),
    componentsId,
    product,
    documentSchemes: readXSignatureSchemes(document, "the document") ?? [],
  };
  const index = new OperationIndex();
  compilePaths(ctx, paths, index);
  index.router.seal();

  const spec = Object.freeze({
    product: Object.freeze(product),
    document,
    operations: index.operations,
    matchRoa: (method, path, query) => index.router.match(method, path, query),
    pathExists: (path) => index.router.pathExists(path),
    matchRpc: (action) => index.byAction.get(action),
  } satisfies CompiledSpec);
  return { spec, ajv: compiler.ajv, ids: compiler.ids };
}

/** The `$id` a validator is compiled under: beside the components document, named by its key. */
function validatorSchemaId(componentsId: string, key: string): string {
  const base = componentsId.slice(0, componentsId.lastIndexOf("/") + 1);
  return `${base}validators/${key.split("/").map(encodeURIComponent).join("/")}`;
}
