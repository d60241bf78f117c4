import { isJsonObject } from "../openapi/is-json-object.ts";
import { isContainer } from "./field-type.ts";
import type { DocField } from "./parameter-model.ts";
import type { Problems } from "./problems.ts";

/** An object (or array item) rows can be added to. */
interface Open {
  node: DocField;
  example: unknown;
  /** The row depth of the container (`└` marks); the root is -1. */
  depth: number;
  /** Set on the item of an array whose rows have not been seen yet: it joins the array with its first row. */
  lazyOf?: DocField;
}

/** Options of `buildFieldTree`. */
export interface TreeOptions {
  /** Named rows nest into the open object (responses); false keeps them at the root (request bodies). */
  nestNamed: boolean;
  /**
   * `X | Array of Y` is the XML-born wrapper `{"X": {"Y": [...]}}` even without a `Y` row (RPC APIs:
   * their SDK models read it so).
   */
  arrayOfWraps?: boolean;
}

function objectField(line: number, description = ""): DocField {
  return { name: "", type: { kind: "object" }, typeText: "object", description, line, children: [] };
}

function childExample(example: unknown, key: string): unknown {
  return isJsonObject(example) ? example[key] : undefined;
}

function hasKey(example: unknown, key: string): boolean {
  return isJsonObject(example) && Object.hasOwn(example, key);
}

function firstItem(example: unknown): unknown {
  return Array.isArray(example) ? example[0] : undefined;
}

function isItemRow(f: DocField, array: DocField): boolean {
  const a = array.name.toLowerCase();
  const n = f.name.toLowerCase();
  if (n === "" || n === a || `${n}s` === a) return !f.typeless;
  // `array<object>` (or `Array of X`) announces an object item: an object row right after it is that item.
  const objectItems = array.type.kind === "array" && (array.type.items?.kind === "object" || !!array.type.itemsRef);
  return objectItems && f.type.kind === "object" && !f.typeless && f.name === "";
}

/**
 * Rebuilds the tree of a flattened table. The dumps lose indentation, so nesting comes from what rows
 * say: `└` marks (their depth), an array followed by its item row (unnamed, named like the array, or an
 * object after `array<object>`), `Array of Region` followed by a `Region` row without a type (the XML-born
 * wrapper `{"Regions": {"Region": [...]}}` of the RPC APIs), and otherwise the page's JSON example: a
 * named row belongs to the innermost open object whose part of the example has that key (so fields after
 * a nested block return to their parent); without an example, to the innermost open object.
 */
class TreeBuilder {
  private readonly stack: Open[] = [];
  private lastArray: { field: DocField; example: unknown; depth: number } | undefined;
  private previous: DocField;

  constructor(
    private readonly root: DocField,
    example: unknown,
    private readonly problems: Problems,
    private readonly options: TreeOptions,
    private readonly explicitDepth: boolean,
  ) {
    this.previous = root;
    this.open(root, example, -1);
  }

  private open(f: DocField, ex: unknown, depth: number): void {
    // A map's keys are data, not rows: the rows after it are not its properties.
    if (f.type.kind === "object" && !/^map\b/i.test(f.typeText)) this.stack.push({ node: f, example: ex, depth });
    if (f.type.kind !== "array") return;
    if (this.options.arrayOfWraps === true && f.type.itemsRef !== undefined && !Array.isArray(ex)) {
      this.wrapNow(f, ex, depth);
      return;
    }
    this.lastArray = { field: f, example: ex, depth };
    const item = objectField(f.line);
    if (f.type.items?.kind === "object") {
      f.items = item;
      this.stack.push({ node: item, example: firstItem(ex), depth });
    } else if (f.type.items === undefined) {
      this.stack.push({ node: item, example: firstItem(ex), depth, lazyOf: f });
    }
  }

  private dropItemOf(array: DocField): void {
    const at = this.stack.findIndex((s) => s.lazyOf === array || (s.node === array.items && s.node !== array));
    if (at >= 0) this.stack.splice(at);
  }

  /** `X | Array of Y` (RPC): X is an object holding the array Y of objects; the rows after it fill Y's items. */
  private wrapNow(outer: DocField, ex: unknown, depth: number): void {
    const name = outer.type.kind === "array" ? (outer.type.itemsRef ?? "") : "";
    const inner: DocField = {
      name,
      type: { kind: "array", items: { kind: "object" } },
      typeText: "array",
      description: outer.description,
      line: outer.line,
      children: [],
    };
    outer.type = { kind: "object" };
    outer.children = [inner];
    this.open(inner, isJsonObject(ex) ? ex[name] : undefined, depth);
    this.previous = inner;
  }

  /** `Regions | Array of Region` then `Region`: Regions is an object holding the array Region. */
  private wrap(a: { field: DocField; example: unknown; depth: number }, row: DocField): void {
    const outer = a.field;
    this.dropItemOf(outer);
    const inner: DocField = {
      ...row,
      type: { kind: "array", items: { kind: "object" } },
      typeText: "array",
      description: row.description === "" ? outer.description : row.description,
      children: [],
    };
    delete inner.typeless;
    outer.type = { kind: "object" };
    delete outer.items;
    outer.children = [inner];
    const ex = isJsonObject(a.example) ? a.example[row.name] : a.example;
    this.open(inner, ex, a.depth);
    this.previous = inner;
  }

  private addItem(a: { field: DocField; example: unknown; depth: number }, f: DocField): void {
    const synthetic = a.field.items;
    // `Instance | array<object>` then an unnamed `array<object>` row: the dump repeats the array's type on
    // its item row; the item is the object.
    const repeated = f.typeText.toLowerCase() === a.field.typeText.toLowerCase() && f.type.kind === "array";
    if (synthetic !== undefined && (f.type.kind === "object" || repeated)) {
      synthetic.description = f.description;
    } else {
      this.dropItemOf(a.field);
      a.field.items = f;
      this.open(f, firstItem(a.example), a.depth);
    }
    this.previous = f;
  }

  private parentIndex(f: DocField): number {
    if (this.explicitDepth) {
      const d = f.depth ?? 0;
      let at = this.stack.length - 1;
      while (at > 0 && (this.stack[at]?.depth ?? -1) >= d) at--;
      return at;
    }
    if (!this.options.nestNamed) return 0;
    for (let i = this.stack.length - 1; i >= 0; i--) if (hasKey(this.stack[i]?.example, f.name)) return i;
    return this.stack.length - 1;
  }

  /** A row right after an array: its item, the wrapper's inner name again, or the inner array of a wrapper. */
  private addAfterArray(a: { field: DocField; example: unknown; depth: number }, f: DocField): boolean {
    if (f.typeless && f.name === a.field.name) {
      if (f.description !== "") a.field.description = f.description;
      return true;
    }
    if (f.typeless && this.options.nestNamed) {
      this.wrap(a, f);
      return true;
    }
    if (!isItemRow(f, a.field)) return false;
    this.addItem(a, f);
    return true;
  }

  /** A row that cannot be placed: unnamed and not an item, or under a root that is not an object. */
  private misplaced(f: DocField): boolean {
    if (f.name === "") {
      this.problems.report(
        f.line,
        "unnamed table row that is not the item of an array",
        "give the row its parameter name",
      );
      return true;
    }
    if (this.stack.length > 0) return false;
    this.problems.report(
      f.line,
      `row '${f.name}' has no object to belong to (the table's root is not an object)`,
      "check the table's first row",
    );
    return true;
  }

  add(f: DocField): void {
    const a = this.lastArray !== undefined && this.lastArray.field === this.previous ? this.lastArray : undefined;
    if (a !== undefined && this.addAfterArray(a, f)) return;
    if (this.misplaced(f)) return;
    const at = this.parentIndex(f);
    this.stack.splice(at + 1);
    const parent = this.stack[at] as Open;
    if (parent.lazyOf !== undefined) {
      parent.lazyOf.items = parent.node;
      delete parent.lazyOf;
    }
    parent.node.children.push(f);
    // Before opening: an `Array of Y` wrapper makes its inner array the previous row.
    this.previous = f;
    if (this.options.nestNamed || f.type.kind === "array")
      this.open(f, childExample(parent.example, f.name), f.depth ?? parent.depth + 1);
    if (!this.options.nestNamed) this.stack.splice(1);
  }

  finish(): DocField {
    return this.root;
  }
}

/**
 * Rebuilds the tree of a flattened table (see `TreeBuilder`). The first row, if unnamed and an
 * object/array, is the root. With `nestNamed: false` (request bodies, which have no example) named rows
 * stay at the root.
 */
export function buildFieldTree(
  fields: readonly DocField[],
  example: unknown,
  problems: Problems,
  options: TreeOptions,
): DocField | undefined {
  const [first, ...others] = fields;
  if (first === undefined) return undefined;
  const rootRow = first.name === "" && isContainer(first.type);
  const root = rootRow ? first : objectField(first.line);
  const rest = rootRow ? others : fields;
  const explicitDepth = rest.some((f) => (f.depth ?? 0) > 0);
  const tree = new TreeBuilder(root, example, problems, options, explicitDepth);
  for (const f of rest) tree.add(f);
  return tree.finish();
}
