/**
 * Answers from the spec, for every operation without a behaviour: the documented success example when it validates
 * against the documented response schema (pages' samples sometimes do not), else a schema-valid body generated
 * deterministically from the mock's seed and the operation (schema-instance.ts), in the wire format the spec
 * documents (XML only where it documents no JSON). Each operation's answer is built on its first request and
 * reused: the per-request work is the dialect's (a fresh RequestId, the headers).
 */
import type { CompiledOperation, CompiledSpec } from "../../openapi/compiled-spec.ts";
import { isJsonObject as isObj } from "../../openapi/is-json-object.ts";
import { resolveLocalRef } from "../../openapi/resolve-local-ref.ts";
import { jsonMembersOf } from "../dialects/json-members.ts";
import type { SuccessBody } from "../dialects/wire-dialect.ts";
import { createSeededRandom } from "../domain/seeded-random.ts";
import { successStatus } from "../empty-success.ts";
import { indexOperationDocuments } from "../operation-documents.ts";
import { generateInstance } from "./schema-instance.ts";

type Obj = Readonly<Record<string, unknown>>;

/** The documented success: its status, media type, schema and example values. */
interface DocumentedSuccess {
  status: number;
  xml: boolean;
  schema: unknown;
  examples: unknown[];
}

/** Spec-driven answers of one mock, cached per operation. */
export class SpecAnswers {
  readonly #seed: number;
  readonly #answers = new Map<CompiledOperation, SuccessBody>();
  readonly #documents = new Map<CompiledSpec, ReadonlyMap<string, Obj>>();

  /** `seed` makes generated bodies reproducible (the same seed, the same bodies). */
  constructor(seed: number) {
    this.#seed = seed;
  }

  /** The success answer of `operation` of `spec`. */
  answer(spec: CompiledSpec, operation: CompiledOperation): SuccessBody {
    let answer = this.#answers.get(operation);
    if (answer === undefined) {
      answer = this.#build(spec, operation);
      this.#answers.set(operation, answer);
    }
    return answer;
  }

  #build(spec: CompiledSpec, operation: CompiledOperation): SuccessBody {
    let documents = this.#documents.get(spec);
    if (documents === undefined) {
      documents = indexOperationDocuments(spec);
      this.#documents.set(spec, documents);
    }
    const success = readDocumentedSuccess(spec.document, documents.get(operation.id), operation);
    // No documented body: the documented status still (an operation documenting only 204 answers 204).
    if (success === undefined) return Object.freeze({ ok: true, status: successStatus(operation) });
    const value = chooseValue(spec, operation, success, this.#seed);
    const body: SuccessBody = {
      ok: true,
      status: success.status,
      value,
      schema: success.schema,
      document: spec.document,
    };
    const members = jsonMembersOf(value);
    if (members !== undefined) body.membersJson = members;
    if (success.xml) body.xmlRoot = `${operation.rpc?.action ?? operation.id}Response`;
    return Object.freeze(body);
  }
}

/** The first documented example that validates, else a generated body (which the compiled validator also checks). */
function chooseValue(
  spec: CompiledSpec,
  operation: CompiledOperation,
  success: DocumentedSuccess,
  seed: number,
): unknown {
  const type = success.xml ? "application/xml" : "application/json";
  const valid = (value: unknown) => operation.validateResponse(success.status, value, type).length === 0;
  for (const example of success.examples) if (valid(example)) return example;
  if (success.schema === undefined) return success.examples[0];
  const random = createSeededRandom(seed ^ hashText(`${spec.product.id}/${operation.id}`));
  return generateInstance(success.schema, spec.document, random);
}

/** The lowest documented 2xx response with a body, or `undefined` when the success has none. */
function readDocumentedSuccess(
  document: unknown,
  op: Obj | undefined,
  operation: CompiledOperation,
): DocumentedSuccess | undefined {
  const status = successStatus(operation);
  const responses = isObj(op?.responses) ? op.responses : {};
  const response = resolveLocalRef(document, responses[String(status)]);
  if (!isObj(response) || !isObj(response.content)) return undefined;
  const json = findMedia(response.content, isJsonType);
  const media = json ?? findMedia(response.content, isXmlType);
  if (media === undefined) return undefined;
  return { status, xml: json === undefined, schema: media.schema, examples: exampleValues(document, media) };
}

function findMedia(content: Obj, accept: (type: string) => boolean): Obj | undefined {
  for (const [type, media] of Object.entries(content)) if (accept(type) && isObj(media)) return media;
  return undefined;
}

function exampleValues(document: unknown, media: Obj): unknown[] {
  const values: unknown[] = [];
  if ("example" in media) values.push(media.example);
  if (isObj(media.examples))
    for (const ref of Object.values(media.examples)) {
      const example = resolveLocalRef(document, ref);
      if (isObj(example) && "value" in example) values.push(example.value);
    }
  return values;
}

function isJsonType(type: string): boolean {
  const base = type.split(";")[0]?.trim().toLowerCase() ?? "";
  return base === "application/json" || base.endsWith("+json") || base === "text/json";
}

function isXmlType(type: string): boolean {
  const base = type.split(";")[0]?.trim().toLowerCase() ?? "";
  return base === "application/xml" || base === "text/xml" || base.endsWith("+xml");
}

/** FNV-1a of `text`: each operation's own seed, stable across runs. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
