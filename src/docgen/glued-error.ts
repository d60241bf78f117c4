/**
 * Splits the glued cells of an error row after its status: `InputInvalid%s.Illegal input parameters`
 * → code `InputInvalid`, message `%s.`, description `Illegal input parameters`. The code is the
 * identifier prefix (dotted segments allowed) that ends where a capitalised word followed by a space or
 * punctuation begins, or where a non-identifier character begins; the message ends at the first sentence
 * end glued to a capital letter.
 */
export function splitGluedError(rest: string): { code: string; message: string; description: string } {
  const m = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(rest);
  const max = m?.[0].length ?? 0;
  let cut = max;
  for (let p = 1; p < max; p++) {
    if (!/[A-Z]/.test(rest[p] ?? "") || !/[A-Za-z0-9]/.test(rest[p - 1] ?? "")) continue;
    if (/^[A-Z][a-z]*(?=[\s,:;!?'"(]|\.(?![A-Za-z0-9])|$)/.test(rest.slice(p))) {
      cut = p;
      break;
    }
  }
  const code = rest.slice(0, cut);
  const tail = rest.slice(cut);
  const end = /[.!?](?=[A-Z])/.exec(tail);
  if (end === null) return { code, message: tail.trim(), description: "" };
  return { code, message: tail.slice(0, end.index + 1).trim(), description: tail.slice(end.index + 1).trim() };
}
