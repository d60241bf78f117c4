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
}

/**
 * Compiles an OpenAPI 3.1 document written by specgate's docgen (with `x-product`).
 * Throws SpecError with the document/operation, the problem and the fix when it cannot.
 */
export function compileSpec(doc: unknown, options: CompileSpecOptions = {}): CompiledSpec {
  return compileSpecWith(doc, options).spec;
}

/**
 * `compileSpec`, also returning the Ajv instance (when one was needed) and each validator key's `$id` in
 * it, for `generateValidatorModule`. `source: true` keeps the validators' code (Ajv `code.source`).
 */
export function compileSpecWith(
  doc: unknown,
  options: CompileSpecOptions & { source?: boolean } = {},
): { spec: CompiledSpec; ajv: SpecAjv | undefined; ids: ReadonlyMap<string, string> } {
  if (!isObj(doc)) throw new SpecError(`the spec is not a JSON object. ${REGENERATE_HINT}`);
  if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1."))
    throw new SpecError(
      `the spec declares openapi ${JSON.stringify(doc.openapi)}; specgate compiles OpenAPI 3.1.x documents. ${REGENERATE_HINT}`,
    );
  const document = deepFreeze(structuredClone(doc) as Record<string, unknown>);
  const product = readXProduct(document);
  if (!isObj(document.paths)) throw new SpecError(`the '${product.id}' spec has no 'paths' object. ${REGENERATE_HINT}`);

  const componentsId = componentsSchemaId(product.id);
  const components = isObj(document.components) ? document.components : {};
  const schemas = isObj(components.schemas) ? components.schemas : {};
  let ajv: SpecAjv | undefined;
  const ensureAjv = (): SpecAjv => {
    if (ajv !== undefined) return ajv;
    const created = createAjv({ source: options.source === true });
    try {
      const $defs: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(schemas)) $defs[name] = prepareSchema(schema, componentsId);
      created.addSchema({ $id: componentsId, $defs });
    } catch (err) {
      throw new SpecError(
        `the '${product.id}' spec's components/schemas are rejected: ${(err as Error).message}. ${REGENERATE_HINT}`,
      );
    }
    ajv = created;
    return created;
  };
  const precompiled = options.precompiled;
  if (precompiled === undefined) ensureAjv(); // a bad components section is reported first, as itself
  const ids = new Map<string, string>();
  const compileSchema = (key: string, schema: unknown): ValidateFunction => {
    const ready = precompiled?.[key];
    if (ready !== undefined) return ready;
    let withId = schema;
    // (A key seen before means a duplicate operationId, reported once its operation is compiled.)
    if (isObj(schema) && !ids.has(key)) {
      const id = typeof schema.$id === "string" ? schema.$id : validatorSchemaId(componentsId, key);
      withId = { $id: id, ...schema };
      ids.set(key, id);
    }
    return ensureAjv().compile(withId as object);
  };

  const ctx: OperationContext = {
    doc: document,
    compileSchema,
    componentsId,
    product,
    documentSchemes: readXSignatureSchemes(document, "the document") ?? [],
  };
  const operations = new Map<string, CompiledOperation>();
  const byAction = new Map<string, CompiledOperation>();
  const router = new RoaRouter<CompiledOperation>();
  for (const [pathKey, pathItem] of Object.entries(document.paths)) {
    if (!isObj(pathItem)) throw new SpecError(`path '${pathKey}' is not an object. ${REGENERATE_HINT}`);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (op === undefined) continue;
      if (!isObj(op)) throw new SpecError(`${method.toUpperCase()} ${pathKey} is not an object. ${REGENERATE_HINT}`);
      const compiled = compileOperation(ctx, pathKey, method, op, pathItem);
      const previous = operations.get(compiled.id);
      if (previous !== undefined)
        throw new SpecError(
          `operationId '${compiled.id}' is used twice (${previous.method.toUpperCase()} ${previous.pathTemplate} and ${method.toUpperCase()} ${pathKey}). ${REGENERATE_HINT}`,
        );
      operations.set(compiled.id, compiled);
      if (compiled.style === "RPC" && compiled.rpc !== undefined) {
        const other = byAction.get(compiled.rpc.action);
        if (other !== undefined)
          throw new SpecError(
            `RPC action '${compiled.rpc.action}' is declared by '${other.id}' and '${compiled.id}'. ${REGENERATE_HINT}`,
          );
        byAction.set(compiled.rpc.action, compiled);
      } else {
        router.add(method, compiled.pathTemplate, compiled.fixedQuery, compiled);
      }
    }
  }
  router.seal();

  const spec = Object.freeze({
    product: Object.freeze(product),
    document,
    operations,
    matchRoa: (method, path, query) => router.match(method, path, query),
    pathExists: (path) => router.pathExists(path),
    matchRpc: (action) => byAction.get(action),
  } satisfies CompiledSpec);
  return { spec, ajv, ids };
}

/** The `$id` a validator is compiled under: beside the components document, named by its key. */
function validatorSchemaId(componentsId: string, key: string): string {
  const base = componentsId.slice(0, componentsId.lastIndexOf("/") + 1);
  return `${base}validators/${key.split("/").map(encodeURIComponent).join("/")}`;
}
