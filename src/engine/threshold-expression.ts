/**
 * k6 threshold expressions: `<aggregation> <operator> <number>`, e.g. `p(95)<200`, `p(99.9)<=300`,
 * `avg<100`, `med`, `min`, `max`, `rate<0.01`, `count==0`, `value<5` (k6 thresholds docs,
 * docs/peer-conventions.md#thresholds). A tiny hand-written parser: the grammar is three tokens, and its error messages
 * can say exactly which part is wrong.
 */
import type { Aggregation } from "./metric-registry.ts";

/** Comparison operators k6 accepts (`===` is k6's alias of `==`). */
export type ThresholdOperator = "<" | "<=" | ">" | ">=" | "==" | "!=";

/** A parsed expression. */
export interface ThresholdExpression {
  /** The expression as written. */
  readonly source: string;
  readonly aggregation: Aggregation;
  readonly operator: ThresholdOperator;
  readonly value: number;
}

const PATTERN = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(?:\(\s*([^)]*?)\s*\))?\s*(<=|>=|===|==|!=|<|>)\s*(\S.*?)\s*$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const SIMPLE = new Set(["avg", "min", "max", "med", "count", "rate", "value"]);

/**
 * Parses one expression. `metric` only feeds the error message, which names the metric, the
 * expression, what is wrong and an example of a valid one.
 */
export function parseThresholdExpression(source: string, metric: string): ThresholdExpression {
  const fail = (why: string): never => {
    throw new SyntaxError(
      `threshold "${source}" on metric "${metric}": ${why}; expected e.g. "p(95)<200", "avg<100", "rate<0.01" or "count==0"`,
    );
  };
  const m = PATTERN.exec(source);
  if (!m) return fail("it is not of the form <aggregation> <operator> <number>");
  const [, name = "", arg, op = "", num = ""] = m;
  let aggregation: Aggregation;
  if (name === "p") {
    if (arg === undefined) return fail('a percentile needs its argument, as in "p(95)"');
    if (!NUMBER.test(arg)) return fail(`"p(${arg})": the percentile must be a number`);
    const percentile = Number(arg);
    if (percentile < 0 || percentile > 100) return fail(`"p(${arg})": the percentile must be between 0 and 100`);
    aggregation = { kind: "p", percentile };
  } else if (SIMPLE.has(name)) {
    if (arg !== undefined) return fail(`"${name}" takes no argument`);
    aggregation = { kind: name as "avg" };
  } else {
    const hint = /^p\d/.test(name) ? ` (did you mean "p(${name.slice(1)})"?)` : "";
    return fail(`"${name}" is not an aggregation${hint}; use avg, min, max, med, p(N), count, rate or value`);
  }
  if (!NUMBER.test(num)) return fail(`"${num}" is not a number (k6 thresholds take plain numbers; time is in ms)`);
  const operator = (op === "===" ? "==" : op) as ThresholdOperator;
  return { source, aggregation, operator, value: Number(num) };
}

/** Applies the expression's comparison to an observed value. */
export function compareThreshold(expr: ThresholdExpression, observed: number): boolean {
  switch (expr.operator) {
    case "<":
      return observed < expr.value;
    case "<=":
      return observed <= expr.value;
    case ">":
      return observed > expr.value;
    case ">=":
      return observed >= expr.value;
    case "==":
      return observed === expr.value;
    case "!=":
      return observed !== expr.value;
  }
}

/** The aggregation's name as k6 writes it (`p(95)`, `avg`, ...). */
export function describeAggregation(a: Aggregation): string {
  return a.kind === "p" ? `p(${a.percentile})` : a.kind;
}
