/** The meaning of a table column, whatever the page calls it. */
export type ColumnKey =
  | "name"
  | "type"
  | "location"
  | "required"
  | "description"
  | "example"
  | "status"
  | "code"
  | "message"
  | "action"
  | "access-level"
  | "resource-type"
  | "condition-key"
  | "dependent-action"
  | "resource"
  | "change-time"
  | "change-summary";

// Column headers used by the reference pages (English documentation set). Longest first, so that a
// glued header ("HTTP status codeError code…") is split on the longest word that fits.
const COLUMN_WORDS: ReadonlyArray<readonly [string, ColumnKey]> = (
  [
    ["Resource in an authorization policy", "resource"],
    ["Associated operation", "dependent-action"],
    ["Summary of changes", "change-summary"],
    ["HTTP status code", "status"],
    ["Dependent action", "dependent-action"],
    ["Resource type", "resource-type"],
    ["Error message", "message"],
    ["Condition key", "condition-key"],
    ["Example value", "example"],
    ["Access level", "access-level"],
    ["Status code", "status"],
    ["Change time", "change-time"],
    ["Error code", "code"],
    ["Description", "description"],
    ["Parameter", "name"],
    ["Operation", "action"],
    ["Location", "location"],
    ["Position", "location"],
    ["Required", "required"],
    ["Element", "name"],
    ["Example", "example"],
    ["Action", "action"],
    ["Field", "name"],
    ["Name", "name"],
    ["Type", "type"],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/** Maps one header cell to its column key, or undefined for an unknown header. Case-insensitive. */
export function classifyColumn(cell: string): ColumnKey | undefined {
  const t = cell.trim().toLowerCase();
  for (const [word, key] of COLUMN_WORDS) if (word.toLowerCase() === t) return key;
  return undefined;
}

/**
 * Splits a glued header line (`ParameterTypeRequiredDescriptionExample`) into its column words, or
 * returns undefined when the line is not made only of known column words (at least two of them).
 * Depth-first with longest words first, so `Error codeError message` splits correctly.
 */
export function splitGluedHeader(line: string): string[] | undefined {
  const text = line.trim();
  if (text === "" || text.includes("|")) return undefined;
  const walk = (at: number): string[] | undefined => {
    if (at === text.length) return [];
    for (const [word] of COLUMN_WORDS) {
      if (text.startsWith(word, at)) {
        const rest = walk(at + word.length);
        if (rest !== undefined) return [word, ...rest];
      }
    }
    return undefined;
  };
  const words = walk(0);
  return words !== undefined && words.length >= 2 ? words : undefined;
}
